"""Import and export (django-import-export) of States and treaty events, xlsx and csv.

Rules every import here keeps:

- Natural keys: a State by ``iso3``; a treaty event by ``convention`` code + ``iso3`` + ``kind``.
- Atomic: the whole file is one transaction, rolled back if any row fails (validation errors
  included), so a file with one bad row writes nothing.
- Each row is written by the service that owns the record (``state_create``, ``treaty_event_update``
  ...): the same validation as the admin forms, one audit entry per created or changed record.
  ``use_bulk`` stays off: it would skip the services, the audit and the history.
- Errors name the spreadsheet row (the header is row 1, so the first record is row 2) and the
  column: "Row 3, iso3: unknown ISO code ZZZ.".
- Upload size and row count are capped before any row is processed (settings.IMPORT_MAX_BYTES,
  settings.IMPORT_MAX_ROWS); an xlsx file is checked for its unpacked size too, as it is a zip.
- Export escapes formula-like cells (see ``escape_formula``); import undoes that escaping, so an
  exported file imports back unchanged.
"""

from __future__ import annotations

import codecs
import datetime
import io
import re

import tablib
from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, FieldDoesNotExist, ValidationError
from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, resources, widgets
from import_export.formats import base_formats
from import_export.results import RowResult

from secretariat import services
from secretariat.models import Convention, State, TreatyEvent
from secretariat.uploads import check_xlsx_archive

# Characters that make a spreadsheet treat a cell as a formula (or that Excel strips before one).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def escape_formula(value):
    """Prefix an apostrophe to a text cell a spreadsheet would read as a formula (CSV injection)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def unescape_formula(value):
    if isinstance(value, str) and value.startswith("'") and value[1:].startswith(FORMULA_PREFIXES):
        return value[1:]
    return value


class ImportRejected(ValueError):
    """The file is refused before any row is processed (too large, too many rows, unreadable)."""


def _too_many_rows() -> ImportRejected:
    return ImportRejected(
        _("The file has more than %(max)s rows; split it into smaller files.")
        % {"max": settings.IMPORT_MAX_ROWS}
    )


# Four letters or more in a row from the upper half of a single-byte code page: Arabic words in
# Windows-1256 look like that; French, Spanish or German text in Windows-1252 never does.
_ARABIC_WINDOWS_RUN = re.compile(rb"[\xc0-\xff]{4,}")


def decode_csv(data: bytes) -> str:
    """The text of a CSV file: UTF-8 (with or without BOM), UTF-16 (with BOM) or Windows-1252,
    which Excel writes as "CSV UTF-8", "Unicode text" and "CSV" on a western Windows. Any other
    encoding is refused with its name when it can be recognised, never read as garbled text."""
    if data.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise ImportRejected(_("The file is in UTF-32; save it as “CSV UTF-8” and upload it again."))
    for bom, encoding, name in (
        (codecs.BOM_UTF8, "utf-8-sig", "UTF-8"),
        (codecs.BOM_UTF16_LE, "utf-16", "UTF-16"),
        (codecs.BOM_UTF16_BE, "utf-16", "UTF-16"),
    ):
        if data.startswith(bom):
            try:
                return data.decode(encoding)
            except UnicodeDecodeError as error:
                raise ImportRejected(
                    _("The file is marked as %(encoding)s but is not valid %(encoding)s (byte %(position)s); save it as “CSV UTF-8” and upload it again.")
                    % {"encoding": name, "position": error.start + len(bom) + 1}
                ) from None  # fmt: skip
    if b"\x00" in data[:4096]:
        raise ImportRejected(
            _(
                "The file looks like UTF-16 without a byte order mark; save it as “CSV UTF-8” and upload it again."
            )
        )
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _ARABIC_WINDOWS_RUN.search(data):
        raise ImportRejected(
            _(
                "The file seems to be in the Arabic Windows encoding (Windows-1256); save it as “CSV UTF-8” and upload it again."
            )
        )
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as error:
        raise ImportRejected(
            _("The file is neither UTF-8, UTF-16 nor Windows-1252 (byte %(position)s cannot be read); save it as “CSV UTF-8” and upload it again.")
            % {"position": error.start + 1}
        ) from None  # fmt: skip


class CappedCSV(base_formats.CSV):
    def create_dataset(self, in_stream):
        if isinstance(in_stream, bytes):
            in_stream = decode_csv(in_stream)
        if "\x00" in in_stream:
            raise ImportRejected(_("The file contains NUL characters; it is not a text (CSV) file."))
        # Lines, not records: a quoted newline counts twice, which only errs on the safe side.
        if in_stream.count("\n") > settings.IMPORT_MAX_ROWS + 1:
            raise _too_many_rows()
        return super().create_dataset(in_stream)


class CappedXLSX(base_formats.XLSX):
    def create_dataset(self, in_stream):
        import openpyxl

        # The real size first (unpacked bytes, cells in the sheets' XML): a small file can hold millions
        # of cells, and openpyxl would build them all.
        try:
            check_xlsx_archive(
                in_stream,
                max_unpacked_bytes=settings.IMPORT_MAX_UNPACKED_BYTES,
                max_cells=settings.IMPORT_MAX_CELLS,
            )
        except ValidationError as error:
            raise ImportRejected(" ".join(error.messages)) from None
        try:
            book = openpyxl.load_workbook(io.BytesIO(in_stream), read_only=True, data_only=True)
        except Exception:  # openpyxl raises many types for a damaged workbook
            raise ImportRejected(_("The file is not a valid xlsx workbook.")) from None
        sheet = book.active
        # The declared dimensions (<dimension ref="A1:XFD5001"/>) are not trusted: read-only openpyxl
        # would pad every row to 16,384 cells. Without them each row is as long as its last cell.
        sheet.reset_dimensions()
        dataset = tablib.Dataset()
        rows = sheet.iter_rows(values_only=True)
        header = list(next(rows, None) or ())
        while header and header[-1] in (None, ""):
            header.pop()
        if not header:
            return dataset
        width = len(header)
        dataset.headers = header
        for count, row in enumerate(rows, 2):
            if count > settings.IMPORT_MAX_ROWS + 1:
                raise _too_many_rows()
            if any(value not in (None, "") for value in row[width:]):
                raise ImportRejected(
                    _("Row %(row)s has values to the right of the last column with a header.")
                    % {"row": count}
                )
            row = tuple(row[:width]) + (None,) * (width - len(row))
            if all(value is None for value in row):
                continue  # blank lines at the end of a sheet
            dataset.append(row)
        return dataset


IMPORT_FORMATS = [CappedXLSX, CappedCSV]


class ServiceResource(resources.ModelResource):
    """A resource whose rows are written by the services, all or nothing."""

    #: columns a file must have (by column name)
    required_columns: list[str] = []
    #: columns whose text is normalised to capitals
    code_columns: list[str] = []

    class Meta:
        skip_unchanged = True
        report_skipped = False
        clean_model_instances = True
        use_bulk = False

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self._refused = False
        self._user = None
        #: True from before_import on: get_queryset then serves the import's instance loader
        self.importing = False

    # --- whole file ---------------------------------------------------------------------------
    def import_data(self, dataset, dry_run=False, raise_errors=False, use_transactions=None, **kwargs):
        # One transaction, rolled back on any row error, validation errors included.
        kwargs["rollback_on_validation_errors"] = True
        return super().import_data(
            dataset, dry_run=dry_run, raise_errors=raise_errors, use_transactions=True, **kwargs
        )

    def before_import(self, dataset, **kwargs):
        self._refused = False
        self._seen_keys = {}
        self._user = kwargs.get("user")
        self.importing = True
        if len(dataset) > settings.IMPORT_MAX_ROWS:
            self._refused = True
            raise _too_many_rows()
        headers = [str(h).strip() if h is not None else "" for h in (dataset.headers or [])]
        dataset.headers = headers
        known = {field.column_name for field in self.get_import_fields()}
        problems = [
            _("Row 1, %(column)s: the column is missing.") % {"column": column}
            for column in self.required_columns
            if column not in headers
        ]
        problems += [
            _("Row 1, %(column)s: unknown column.") % {"column": column or "?"}
            for column in headers
            if column not in known
        ]
        if problems:
            self._refused = True
            raise ImportRejected(" ".join(problems))

    def import_row(self, row, instance_loader, **kwargs):
        if self._refused:  # the file itself was refused: report that once, not once per row
            result = self.get_row_result_class()()
            result.import_type = RowResult.IMPORT_TYPE_SKIP
            return result
        return super().import_row(row, instance_loader, **kwargs)

    # --- one row ------------------------------------------------------------------------------
    def before_import_row(self, row, **kwargs):
        model_fields = self._model_fields_by_column()
        for column, value in list(row.items()):
            if isinstance(value, str) and "\x00" in value:
                # PostgreSQL text cannot hold NUL; the database would answer with an error, not a message.
                raise ValidationError({column: _("the cell contains a NUL character.")})
            if isinstance(value, str):
                value = unescape_formula(value.strip())
                if column in self.code_columns:
                    value = value.upper()
            model_field = model_fields.get(column)
            if value in (None, "") and model_field is not None:
                # An empty cell is an empty text or the field's default, as in the admin form.
                if isinstance(model_field, models.CharField | models.TextField):
                    value = ""
                elif isinstance(model_field, models.BooleanField):
                    value = model_field.default
            row[column] = value

    def _model_fields_by_column(self) -> dict:
        found = {}
        for field in self.get_import_fields():
            try:
                found[field.column_name] = self._meta.model._meta.get_field(field.attribute)
            except (FieldDoesNotExist, TypeError):
                continue
        return found

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        """A cell its widget cannot read becomes a message naming the value, never Python's own
        ("[<class 'decimal.ConversionSyntax'>]", "matching query does not exist")."""
        try:
            super().import_field(field, instance, row, is_m2m, **kwargs)
        except Exception as error:
            raise ValueError(unreadable_cell_message(field.widget, row.get(field.column_name))) from error

    def save_instance(self, instance, is_create, row, **kwargs):
        self.before_save_instance(instance, row, **kwargs)
        saved = self.service_save(instance, is_create, actor=kwargs.get("user"))
        instance.pk = saved.pk
        instance._state.adding = False
        self.after_save_instance(instance, row, **kwargs)

    def service_save(self, instance, is_create: bool, *, actor):
        raise NotImplementedError

    # --- export -------------------------------------------------------------------------------
    def export_field(self, field, instance, **kwargs):
        return escape_formula(super().export_field(field, instance, **kwargs))

    # --- messages -----------------------------------------------------------------------------
    def column_for(self, attribute: str) -> str:
        for field in self.get_import_fields():
            if field.attribute == attribute or field.column_name == attribute:
                return field.column_name
        return attribute


class StateResource(ServiceResource):
    required_columns = ["iso3"]
    code_columns = ["iso3", "iso2"]

    class Meta(ServiceResource.Meta):
        model = State
        name = gettext_lazy("States")
        fields = services.STATE_FIELDS
        import_id_fields = ["iso3"]
        export_order = services.STATE_FIELDS

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        m49 = row.get("m49")
        if isinstance(m49, int | float):  # a spreadsheet turns "004" into 4
            row["m49"] = f"{int(m49):03d}"
        key = row.get("iso3")
        if key:
            first = self._seen_keys.setdefault(key, kwargs.get("row_number"))
            if first != kwargs.get("row_number"):
                raise ValidationError(
                    _("%(iso3)s appears twice in the file (row %(first)s).")
                    % {"iso3": key, "first": first + 1}
                )

    def service_save(self, instance, is_create, *, actor):
        data = {name: getattr(instance, name) for name in services.STATE_FIELDS}
        if is_create:
            return services.state_create(actor=actor, **data)
        return services.state_update(actor=actor, state=State.objects.get(pk=instance.pk), **data)


class TreatyEventResource(ServiceResource):
    convention = fields.Field(
        attribute="convention", column_name="convention", widget=widgets.ForeignKeyWidget(Convention, "code")
    )
    iso3 = fields.Field(attribute="state", column_name="iso3", widget=widgets.ForeignKeyWidget(State, "iso3"))
    date = fields.Field(attribute="date", column_name="date", widget=widgets.DateWidget(format="%Y-%m-%d"))
    effective_date = fields.Field(
        attribute="effective_date", column_name="effective_date", widget=widgets.DateWidget(format="%Y-%m-%d")
    )
    required_columns = ["convention", "iso3", "kind", "date"]
    code_columns = ["convention", "iso3"]

    class Meta(ServiceResource.Meta):
        model = TreatyEvent
        name = gettext_lazy("Treaty events")
        fields = [
            "convention",
            "iso3",
            "kind",
            "date",
            "effective_date",
            "effect_deferred",
            "source",
            "notes",
        ]
        import_id_fields = ["convention", "iso3", "kind"]
        export_order = fields

    def get_queryset(self):
        return super().get_queryset().select_related("state", "convention")

    def before_import_row(self, row, **kwargs):
        super().before_import_row(row, **kwargs)
        if isinstance(row.get("kind"), str):
            row["kind"] = row["kind"].lower()
        code, iso3, kind = row.get("convention"), row.get("iso3"), row.get("kind")
        errors = {}
        convention = Convention.objects.filter(code=code).first() if code else None
        if convention is None:
            errors["convention"] = _("unknown convention %(code)s.") % {"code": code or "''"}
        if not iso3 or not State.objects.filter(iso3=iso3).exists():
            errors["state"] = _("unknown ISO code %(iso3)s.") % {"iso3": iso3 or "''"}
        user = kwargs.get("user")
        if convention is not None and not (
            user and user.has_perm("secretariat.add_treatyevent", TreatyEvent(convention=convention))
        ):
            errors["convention"] = _("you may not record treaty events under the %(convention)s.") % {
                "convention": convention.short_name
            }
        if errors:
            raise ValidationError(errors)
        key = (code, iso3, kind)
        first = self._seen_keys.setdefault(key, kwargs.get("row_number"))
        if first != kwargs.get("row_number"):
            raise ValidationError(
                _("duplicate %(kind)s for %(iso3)s under %(convention)s (see row %(first)s).")
                % {"kind": kind, "iso3": iso3, "convention": code, "first": first + 1}
            )

    def service_save(self, instance, is_create, *, actor):
        data = {name: getattr(instance, name) for name in services.EVENT_FIELDS}
        if is_create:
            return services.treaty_event_create(
                actor=actor, state=instance.state, convention=instance.convention, **data
            )
        return services.treaty_event_update(
            actor=actor, event=TreatyEvent.objects.get(pk=instance.pk), **data
        )


def _cell_text(value) -> str:
    if isinstance(value, datetime.datetime | datetime.date):
        return value.isoformat()
    text = str(value)
    return text if len(text) <= 60 else text[:59] + "…"


def unreadable_cell_message(widget, value) -> str:
    """Why a cell could not be read, naming its value: '"12a" is not a whole number.'"""
    params = {"value": _cell_text(value)}
    if isinstance(widget, widgets.IntegerWidget):
        return _("“%(value)s” is not a whole number.") % params
    if isinstance(widget, widgets.NumberWidget):
        return _("“%(value)s” is not a number.") % params
    if isinstance(widget, widgets.DateWidget | widgets.DateTimeWidget):
        return _("“%(value)s” is not a date (write it as 2011-09-13).") % params
    if isinstance(widget, widgets.BooleanWidget):
        return _("“%(value)s” is not yes or no (write TRUE or FALSE).") % params
    if isinstance(widget, widgets.ForeignKeyWidget):
        return _("“%(value)s” was not found.") % params
    return _("“%(value)s” cannot be read.") % params


def _row_line(row: int, column: str | None, value, message: str) -> str:
    if column is None:
        return _("Row %(row)s: %(error)s") % {"row": row, "error": message}
    if value in (None, "", "---"):
        return _("Row %(row)s, column “%(column)s” (empty): %(error)s") % {
            "row": row, "column": column, "error": message,
        }  # fmt: skip
    text = _cell_text(value)
    if text in message:  # the message names the value already
        return _("Row %(row)s, column “%(column)s”: %(error)s") % {
            "row": row,
            "column": column,
            "error": message,
        }
    return _("Row %(row)s, column “%(column)s” (“%(value)s”): %(error)s") % {
        "row": row, "column": column, "value": text, "error": message,
    }  # fmt: skip


def import_error_messages(result, resource: ServiceResource) -> list[str]:
    """Every problem of an import, one line each, in the order of the rows, naming the spreadsheet
    row (the header is row 1), the column and the cell's value."""
    lines = [str(error.error) for error in result.base_errors]
    by_row: list[tuple[int, str]] = []
    for number, errors in result.row_errors():
        for error in errors:
            by_row.append((number, _row_line(number + 1, None, None, str(error.error))))
    for invalid in result.invalid_rows:
        values = dict(zip(result.diff_headers, invalid.values, strict=False))
        for name, messages in invalid.error_dict.items():
            column = None if name == NON_FIELD_ERRORS else resource.column_for(name)
            for message in messages:
                by_row.append(
                    (invalid.number, _row_line(invalid.number + 1, column, values.get(column), message))
                )
    by_row.sort(key=lambda item: item[0])  # stable: a row's messages stay in the order they were found
    return lines + [line for _number, line in by_row]
