"""A report's content as an xlsx workbook: download, fill offline, upload back into the draft.

Layout of the workbook (openpyxl):
- one sheet per table field of each form, named ``<letter> <field key>`` ("F areas"): row 1 the column
  labels in English, row 2 in Arabic, row 3 the column keys (hidden; what the import reads), data from
  row 4 on;
- a sheet "Fields" for the scalar fields: one row per field (form letter, hidden key, English and
  Arabic labels, unit, value);
- a hidden sheet "_about" naming the report, the number of its latest submitted version, each form's
  revision and a fingerprint of its content at export (``revision:<letter>`` rows), and which sheet
  holds which field.

Export writes the working copy. Only when the delegate asks for it (``prefill=True``, the download
link "start from the last report") does a form whose working copy is empty start from the State's
last submitted report before this one. Cells that a spreadsheet would run as a formula (starting
with =, +, -, @, tab or CR) are written with a leading apostrophe; the import removes it again.
Numbers a spreadsheet cannot hold exactly (stored before the bounds existed) are written as text.

Import checks, in this order and before anything is parsed: the report is editable (not a submitted
version), the upload's size, that it is an xlsx (a zip holding an Office workbook, sniffed, not the
name), the archive (``secretariat.uploads.check_xlsx_archive``: members, unpacked size, compression
ratio, and the real number of cells, streamed), that it was downloaded for this report, then the row
count. Then every form is validated with reporting.validation (the rules of ``services.form_save``);
one bad cell refuses the whole workbook with every error named by sheet, spreadsheet row and column
label, and nothing is written.

Then, form by form, under the report's lock: a form whose uploaded content is what it was at export
(not edited offline) or what it is now is left alone; a form edited offline whose revision moved
since the export (someone saved it online) is refused, named with who changed it and when, and left
as it is online; every other form is saved through ``services.form_save`` at the revision of the
export. The forms saved are written in one transaction (all of them or none); refusing a stale form
does not refuse the others, which were checked against their own revisions.
"""

from __future__ import annotations

import datetime
import hashlib
import io
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook, load_workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from reporting import selectors, services
from reporting.models import FieldKind, Report, ReportVersion
from reporting.validation import MAX_NUMBER, MAX_ROWS, FormErrors, clean_form_data
from secretariat.permissions import check_can
from secretariat.uploads import check_xlsx_archive

XLSX_MIMETYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
MAX_UPLOAD_BYTES = 5 * 1024 * 1024  # compressed, as uploaded
MAX_UNCOMPRESSED_BYTES = 50 * 1024 * 1024  # the sum of the zip's entries
MAX_ZIP_ENTRIES = 500
MAX_SHEETS = 60
MAX_TOTAL_ROWS = 20_000
MAX_COLUMNS = 40  # columns read; beyond the hidden keys row, cells are ignored
HEADER_ROWS = 3  # English labels, Arabic labels, hidden keys
FIRST_DATA_ROW = HEADER_ROWS + 1
# Cells and rows of all worksheets, counted before parsing: MAX_TOTAL_ROWS rows of the widest table
# (6 columns) are 140 000 cells and rows; the rest is room for what spreadsheet programs add.
MAX_CELLS = 300_000
LAST_ROW = HEADER_ROWS + MAX_TOTAL_ROWS  # the last spreadsheet row read; data below it is refused
REVISION_PREFIX = "revision:"
SCALAR_SHEET = "Fields"
ABOUT_SHEET = "_about"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
SCALAR_COLUMNS = ("form", "key", "label_en", "label_ar", "unit", "value")
SCALAR_HEADERS = (
    ("Form", "الاستمارة"),
    ("Key", "المفتاح"),
    ("Field", "الحقل"),
    ("Field (Arabic)", "الحقل (بالعربية)"),
    ("Unit", "الوحدة"),
    ("Value", "القيمة"),
)


@dataclass(frozen=True)
class WorkbookError:
    sheet: str
    row: int | None  # as the spreadsheet shows it
    column: str  # the column's label (English), or the field's label on the Fields sheet
    message: str

    def __str__(self) -> str:
        where = [_("Sheet “%(sheet)s”") % {"sheet": self.sheet}] if self.sheet else []
        if self.row is not None:
            where.append(_("row %(row)s") % {"row": self.row})
        if self.column:
            where.append(self.column)
        return f"{', '.join(where)}: {self.message}" if where else self.message


class WorkbookRefused(ValidationError):
    """The whole upload was refused; ``errors`` lists each problem (sheet, row, column, message)."""

    def __init__(self, errors: list[WorkbookError]):
        self.errors = errors
        super().__init__({"file": [str(error) for error in errors]})


@dataclass
class ImportResult:
    saved: list[str] = field(default_factory=list)  # letters of the forms written
    unchanged: list[str] = field(default_factory=list)  # not edited offline, or already the same online
    stale: list[str] = field(default_factory=list)  # letters refused: changed online since the export
    messages: list[str] = field(default_factory=list)  # why each stale form was refused, for the delegate
    rows: int = 0  # table rows read


def _refuse(message: str, sheet: str = "", row: int | None = None, column: str = ""):
    raise WorkbookRefused([WorkbookError(sheet, row, column, message)])


# ---------------------------------------------------------------------------------------------
# Export
# ---------------------------------------------------------------------------------------------


def escape_cell(value):
    """A string a spreadsheet would evaluate is written as text: a leading apostrophe (OWASP)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _unescape(value):
    if isinstance(value, str) and value[:1] == "'" and value[1:2] and value[1:2] in "".join(FORMULA_PREFIXES):
        return value[1:]
    return value


def sheet_title(letter: str, key: str) -> str:
    return f"{letter} {key}"[:31]


def _text_cell(value) -> str:
    # Control characters cannot be written to a workbook; saves refuse them, older content may hold them.
    return escape_cell(ILLEGAL_CHARACTERS_RE.sub("\ufffd", str(value)))


def _cell_value(definition, value):
    """The stored value as a typed spreadsheet cell (numbers as numbers, dates as dates). A number
    that a spreadsheet would not hold exactly (beyond the bounds, or a decimal a double rounds) is
    written as text: the import reads it back exactly, or names it as out of bounds."""
    if value is None:
        return None
    kind = definition.kind
    if kind in (FieldKind.INTEGER, FieldKind.DECIMAL) and not isinstance(value, bool):
        try:
            number = Decimal(str(value))
        except ArithmeticError:
            return _text_cell(value)
        if not number.is_finite() or abs(number) > MAX_NUMBER:
            return _text_cell(value)
        if number == number.to_integral_value():
            return int(number)
        if Decimal(repr(float(number))) != number:
            return _text_cell(format(number, "f"))
        return float(number)
    if kind == FieldKind.DATE:
        try:
            return datetime.date.fromisoformat(str(value))
        except ValueError:
            return _text_cell(value)
    if kind == FieldKind.BOOLEAN:
        return bool(value)
    return _text_cell(value)


def fingerprint(data: dict | None) -> str:
    """A short digest of a form's content, recorded at export to tell, on upload, whether the
    delegate edited the form offline."""
    data = data or {}
    canonical = {"fields": data.get("fields") or {}, "tables": data.get("tables") or {}}
    text = json.dumps(canonical, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


def _previous_forms(report: Report) -> dict:
    """The forms of the State's last submitted report before this one (one query), by letter."""
    version = (
        ReportVersion.objects.filter(
            report__state_id=report.state_id, report__convention_id=report.convention_id
        )
        .exclude(report=report)
        .filter(report__year__lte=report.year)
        .order_by("-report__year", "report__kind", "-number")
        .only("snapshot")
        .first()
    )
    return (version.snapshot.get("forms") or {}) if version else {}


def _content_for_export(report: Report, forms, *, prefill: bool) -> dict[str, dict]:
    previous = None
    content = {}
    for form in forms:
        data = form.data or {}
        if prefill and not (data.get("fields") or data.get("tables")):
            if previous is None:
                previous = _previous_forms(report)
            data = (previous.get(form.template.letter) or {}).get("data") or {}
        content[form.template.letter] = data
    return content


def _label(definition, language: str) -> str:
    label = getattr(definition, f"label_{language}") or definition.label_en
    return f"{label} ({definition.unit})" if definition.unit else label


HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")


def _latest_version(report: Report) -> int:
    return report.versions.order_by("-number").values_list("number", flat=True).first() or 0


def export_report_workbook(report: Report, *, prefill: bool = False) -> bytes:
    """The workbook of a report (see the module docstring). Queries: the forms (3), the latest
    version number (1) and, with ``prefill`` and an empty form, the last submitted version (1)."""
    forms = selectors.report_forms(report)
    content = _content_for_export(report, forms, prefill=prefill)
    book = Workbook()
    scalars = book.active
    scalars.title = SCALAR_SHEET
    about = book.create_sheet(ABOUT_SHEET)
    about.append(["report", report.pk])
    about.append(["state", report.state.iso3])
    about.append(["convention", report.convention.code])
    about.append(["kind", report.kind])
    about.append(["year", report.year])
    about.append(["form_set", report.form_set_id])
    about.append(["version", _latest_version(report)])
    for form in forms:  # what the upload is checked against: the revision and content at export
        about.append([REVISION_PREFIX + form.template.letter, form.revision, fingerprint(form.data)])
    about.append(["sheet", "form", "field"])
    about.sheet_state = "hidden"

    for column, (english, arabic) in enumerate(SCALAR_HEADERS, start=1):
        scalars.cell(1, column, english).font = HEADER_FONT
        scalars.cell(2, column, arabic).font = HEADER_FONT
        scalars.cell(3, column, SCALAR_COLUMNS[column - 1])
    scalars.row_dimensions[3].hidden = True
    scalars.column_dimensions["B"].hidden = True
    for letter_column, width in zip("ACDEF", (8, 40, 40, 10, 50), strict=True):
        scalars.column_dimensions[letter_column].width = width
    scalars.freeze_panes = f"A{FIRST_DATA_ROW}"

    for form in forms:
        template = form.template
        data = content[template.letter]
        values, tables = data.get("fields") or {}, data.get("tables") or {}
        for definition in template.fields.all():
            if definition.kind != FieldKind.TABLE:
                scalars.append(
                    [
                        template.letter,
                        definition.key,
                        _text_cell(definition.label_en),
                        _text_cell(definition.label_ar),
                        definition.unit,
                        _cell_value(definition, values.get(definition.key)),
                    ]
                )
                continue
            title = sheet_title(template.letter, definition.key)
            sheet = book.create_sheet(title)
            about.append([title, template.letter, definition.key])
            columns = list(definition.columns.all())
            for index, column in enumerate(columns, start=1):
                for row, language in ((1, "en"), (2, "ar")):
                    cell = sheet.cell(row, index, escape_cell(_label(column, language)))
                    cell.font, cell.fill = HEADER_FONT, HEADER_FILL
                sheet.cell(3, index, column.key)
                sheet.column_dimensions[get_column_letter(index)].width = 24
                if column.kind == FieldKind.CHOICE and column.choice_values():
                    listed = ",".join(column.choice_values())
                    if len(listed) < 250:  # Excel's limit for an inline list
                        check = DataValidation(type="list", formula1=f'"{listed}"', allow_blank=True)
                        check.add(
                            f"{get_column_letter(index)}{FIRST_DATA_ROW}:{get_column_letter(index)}{MAX_ROWS + HEADER_ROWS}"
                        )
                        sheet.add_data_validation(check)
            sheet.row_dimensions[3].hidden = True
            sheet.freeze_panes = f"A{FIRST_DATA_ROW}"
            for row in tables.get(definition.key) or []:
                sheet.append([_cell_value(column, row.get(column.key)) for column in columns])
    book.move_sheet(ABOUT_SHEET, offset=len(book.sheetnames))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# ---------------------------------------------------------------------------------------------
# Import
# ---------------------------------------------------------------------------------------------


def _read_upload(file) -> bytes:
    size = getattr(file, "size", None)
    if size is not None and size > MAX_UPLOAD_BYTES:
        _refuse(_("The file is larger than %(max)s MB.") % {"max": MAX_UPLOAD_BYTES // (1024 * 1024)})
    if hasattr(file, "seek"):
        file.seek(0)
    content = file.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        _refuse(_("The file is larger than %(max)s MB.") % {"max": MAX_UPLOAD_BYTES // (1024 * 1024)})
    return content


def _check_zip(content: bytes) -> None:
    """An xlsx by its content (an OOXML zip with a workbook part), within the archive's limits and
    the cell cap (counted in the XML, not read from the sheets' declared dimensions)."""
    not_xlsx = _("This file is not an Excel workbook (.xlsx). Download the template and fill that in.")
    if not content.startswith(b"PK\x03\x04"):
        _refuse(not_xlsx)
    try:
        check_xlsx_archive(
            content,
            max_unpacked_bytes=MAX_UNCOMPRESSED_BYTES,
            max_cells=MAX_CELLS,
            max_members=MAX_ZIP_ENTRIES,
        )
    except ValidationError as refused:
        if getattr(refused, "code", None) == "invalid":
            _refuse(not_xlsx)  # a zip that is not a workbook: the delegate's wording, with what to do
        raise WorkbookRefused(
            [WorkbookError("", None, "", message) for message in refused.messages]
        ) from None


def _plain(value):
    """A cell value as clean_value accepts it: integral floats as int, text unescaped."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, str):
        return _unescape(value)
    return value


def _rows(sheet, errors: list[WorkbookError], budget: list[int]) -> list[tuple[int, tuple]]:
    """(spreadsheet row number, values) of the data rows; counts against the workbook's row budget."""
    found = []
    # Bounded by row number and column, never by the sheet's declared dimensions: openpyxl fills the
    # gaps before a row far down (and the cells left of a far column) with empty ones.
    rows = sheet.iter_rows(
        min_row=FIRST_DATA_ROW, max_row=LAST_ROW + 1, max_col=MAX_COLUMNS, values_only=True
    )
    for number, values in enumerate(rows, start=FIRST_DATA_ROW):
        if number > LAST_ROW:
            _refuse(_("This sheet has rows beyond row %(max)s.") % {"max": LAST_ROW}, sheet.title)
        if all(value is None or (isinstance(value, str) and not value.strip()) for value in values):
            continue
        budget[0] -= 1
        if budget[0] < 0:
            _refuse(_("The workbook has more than %(max)s rows.") % {"max": MAX_TOTAL_ROWS})
        found.append((number, values))
    return found


@dataclass
class _Parsed:
    raw: dict  # letter -> {"fields": {}, "tables": {}}
    where: dict  # (letter, field key, index of the row as validated, 1-based) -> (sheet, spreadsheet row)
    sheets: dict  # (letter, field key) -> sheet title
    rows: int
    exported: dict  # letter -> (revision, fingerprint of the content) at export


def _parse(book, report: Report, templates: dict) -> _Parsed:
    errors: list[WorkbookError] = []
    if ABOUT_SHEET not in book.sheetnames:
        _refuse(
            _(
                "This workbook was not downloaded from the portal for this report. Download the template and fill that in."
            )
        )
    about = {
        row[0]: row[1:]
        for row in book[ABOUT_SHEET].iter_rows(max_row=200, max_col=4, values_only=True)
        if row and row[0]
    }
    identity = (
        (about.get("state") or [None])[0],
        (about.get("convention") or [None])[0],
        (about.get("form_set") or [None])[0],
    )
    if identity != (report.state.iso3, report.convention.code, report.form_set_id):
        _refuse(
            _(
                "This workbook belongs to another State, convention or set of forms: download the template of this report."
            )
        )
    if len(book.sheetnames) > MAX_SHEETS:
        _refuse(_("The workbook has too many sheets."))
    exported = _exported_revisions(about, report, templates)

    raw = {letter: {"fields": {}, "tables": {}} for letter in templates}
    where: dict = {}
    sheets: dict = {}
    budget = [MAX_TOTAL_ROWS]
    total = 0
    mapping = {
        title: values
        for title, values in about.items()
        if title in book.sheetnames and title not in (SCALAR_SHEET, ABOUT_SHEET)
    }
    for title, (letter, key, *_rest) in mapping.items():
        template = templates.get(letter)
        definition = next((f for f in template.fields.all() if f.key == key), None) if template else None
        if definition is None or definition.kind != FieldKind.TABLE:
            errors.append(
                WorkbookError(title, None, "", _("This sheet does not belong to the forms of this report."))
            )
            continue
        sheet = book[title]
        keys = list(next(sheet.iter_rows(min_row=3, max_row=3, max_col=MAX_COLUMNS, values_only=True), ()))
        known = {column.key for column in definition.columns.all()}
        if not keys or not set(filter(None, keys)) <= known:
            errors.append(
                WorkbookError(
                    title, 3, "", _("The hidden row of column keys was changed; download the template again.")
                )
            )
            continue
        rows = []
        for number, values in _rows(sheet, errors, budget):
            row = {}
            for key_, value in zip(keys, values, strict=False):
                if key_:
                    row[key_] = _plain(value)
            rows.append(row)
            where[(letter, key, len(rows))] = (title, number)
        if len(rows) > MAX_ROWS:
            errors.append(
                WorkbookError(title, None, "", _("A table holds at most %(max)s rows.") % {"max": MAX_ROWS})
            )
            continue
        total += len(rows)
        raw[letter]["tables"][key] = rows
        sheets[(letter, key)] = title

    if SCALAR_SHEET in book.sheetnames:
        for number, values in _rows(book[SCALAR_SHEET], errors, budget):
            values = dict(zip(SCALAR_COLUMNS, values, strict=False))
            letter, key = values.get("form"), values.get("key")
            template = templates.get(letter)
            definition = next((f for f in template.fields.all() if f.key == key), None) if template else None
            if definition is None or definition.kind == FieldKind.TABLE:
                errors.append(
                    WorkbookError(
                        SCALAR_SHEET, number, "", _("This row does not name a field of this report.")
                    )
                )
                continue
            raw[letter]["fields"][key] = _plain(values.get("value"))
            where[(letter, key, None)] = (SCALAR_SHEET, number)
    if errors:
        raise WorkbookRefused(errors)
    return _Parsed(raw, where, sheets, total, exported)


def _exported_revisions(about: dict, report: Report, templates: dict) -> dict:
    """Each form's (revision, fingerprint) at export, after checking the workbook is this report's
    and no version was submitted since."""
    if (about.get("report") or [None])[0] != report.pk:
        _refuse(
            _(
                "This workbook was downloaded for another report of %(state)s. Download the workbook of this report."
            )
            % {"state": report.state}
        )
    exported = {}
    for letter in templates:
        revision, digest = (list(about.get(REVISION_PREFIX + letter) or ()) + [None, None])[:2]
        if not isinstance(revision, int) or not isinstance(digest, str):
            _refuse(
                _(
                    "This workbook does not say when its forms were downloaded (it comes from an earlier version "
                    "of the portal). Download the workbook again and copy your rows into it."
                )
            )
        exported[letter] = (revision, digest)
    version = (about.get("version") or [None])[0]
    latest = _latest_version(report)
    if version != latest:
        _refuse(
            _(
                "Version %(number)s of this report was submitted after this workbook was downloaded. "
                "Download the workbook again and copy your rows into it."
            )
            % {"number": latest}
        )
    return exported


def _locate(parsed: _Parsed, letter: str, template, error) -> WorkbookError:
    definition = next((f for f in template.fields.all() if f.key == error.field), None)
    if error.row is not None:
        sheet, row = parsed.where.get(
            (letter, error.field, error.row), (parsed.sheets.get((letter, error.field), ""), None)
        )
        column = (
            next((c for c in definition.columns.all() if c.key == error.column), None) if definition else None
        )
        return WorkbookError(
            sheet, row, _label(column, "en") if column else (error.column or ""), error.message
        )
    if definition is not None and definition.kind != FieldKind.TABLE:
        sheet, row = parsed.where.get((letter, error.field, None), (SCALAR_SHEET, None))
        return WorkbookError(
            sheet, row, _("Form %(letter)s") % {"letter": letter} + f", {definition.label_en}", error.message
        )
    return WorkbookError(
        parsed.sheets.get((letter, error.field), ""),
        None,
        definition.label_en if definition else "",
        error.message,
    )


def import_report_workbook(*, actor, report: Report, file) -> ImportResult:
    """Validate a filled-in workbook as a whole and write it into the report's working copy.

    Raises WorkbookRefused (a ValidationError) naming each problem, with nothing written; a
    permission refusal is PermissionDenied (views fetch the report through the selectors first).
    """
    check_can(actor, "reporting.change_report", report)
    if not report.is_editable:
        _refuse(
            _(
                "This report has been submitted: a submitted version is never changed. Open a correction first."
            )
        )
    content = _read_upload(file)
    _check_zip(content)
    unreadable = _("This workbook cannot be read. Save it again as .xlsx from your spreadsheet program.")
    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=False)
    except Exception:  # openpyxl raises many types on a damaged file; all mean the same to the user
        _refuse(unreadable)
    try:
        forms = selectors.report_forms(report)
        templates = {form.template.letter: form.template for form in forms}
        parsed = _parse(book, report, templates)
    except WorkbookRefused:
        raise
    except Exception:  # a damaged part met while reading cells (bad XML, a number int() refuses, ...)
        _refuse(unreadable)
    finally:
        book.close()

    errors: list[WorkbookError] = []
    cleaned: dict[str, dict] = {}
    for form in forms:
        letter = form.template.letter
        try:
            cleaned[letter] = clean_form_data(form.template, parsed.raw[letter])
        except FormErrors as refused:
            errors.extend(_locate(parsed, letter, form.template, error) for error in refused.field_errors)
    if errors:
        raise WorkbookRefused(errors)

    result = ImportResult(rows=parsed.rows)
    with transaction.atomic():
        # Lock the report first (as form_save does): no online save of its forms lands until this
        # transaction ends, so the revisions read below are those the writes are checked against.
        locked = Report.objects.select_for_update().get(pk=report.pk)
        if not locked.is_editable:
            _refuse(
                _(
                    "This report has been submitted: a submitted version is never changed. Open a correction first."
                )
            )
        for form in selectors.report_forms(locked):
            letter = form.template.letter
            new = fingerprint(cleaned[letter])
            revision, at_export = parsed.exported[letter]
            if new == at_export or new == fingerprint(form.data):
                result.unchanged.append(letter)  # not edited offline, or already so online
                continue
            if form.revision != revision:
                result.stale.append(letter)
                result.messages.append(_stale_message(form))
                continue
            services.form_save(
                actor=actor, report_form=form, data=cleaned[letter], expected_revision=revision
            )
            result.saved.append(letter)
    return result


def _stale_message(form) -> str:
    who = form.updated_by.get_username() if form.updated_by_id else _("someone")
    when = timezone.localtime(form.updated_at).strftime("%Y-%m-%d %H:%M")
    return _(
        "Form %(letter)s was not imported: %(who)s changed it online at %(when)s, after this workbook was "
        "downloaded, and the workbook would overwrite that. Download the workbook again, or make your "
        "changes in the form."
    ) % {"letter": form.template.letter, "who": who, "when": when}
