"""Checking and normalising the content of one Article 7 form against its field definitions.

Input comes from the web forms, the xlsx import and the API alike: ``{"fields": {key: raw},
"tables": {key: [{column: raw}, …]}}`` where a raw value is a string (as typed) or already a Python
value. The output is the stored JSON: integers as int, decimals as strings ("12.5", exact), dates as
ISO strings, booleans as bool, choices by value, text stripped; empty values and blank table rows
are left out, so "not given" has one representation and two versions compare key by key.

Errors name the field, and for tables the row (counted from 1, as the user sees it) and the column.
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext as _

from reporting.models import FieldKind

MAX_TEXT_LENGTH = 20_000
MAX_ROWS = 2_000
# The default bound of a number field whose definition names none: below 10^15, so that every value is
# exact as a spreadsheet number (a double holds integers exactly to 2^53, about 9.007e15), fits
# openpyxl (which cannot write integers beyond a double's range) and PostgreSQL's JSON, and needs far
# fewer digits than int() refuses (4300). No Article 7 quantity comes near it (the largest, square
# metres of a State's contaminated area, stays below 10^12).
MAX_NUMBER = 10**15 - 1
# Longer than any number within the bounds, however typed (thousands separators, decimals): a longer
# input is refused before it is parsed.
MAX_NUMBER_INPUT = 60
# C0 control characters other than tab, line feed and carriage return: PostgreSQL text cannot hold NUL,
# spreadsheets refuse the others, and no keyboard types them.
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
ARABIC_INDIC = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
SPACES = re.compile(
    r"[\s\u00a0\u202f\u2009']"
)  # thousands separators: space, no-break, narrow, thin, apostrophe


@dataclass(frozen=True)
class FieldError:
    field: str  # the field key
    row: int | None  # 1-based table row, None for a scalar field or a whole table
    column: str | None  # the column key within a table
    message: str  # the short message, shown beside the input
    label: str = ""  # "Form C, Mined areas, row 2, Quantity": where, for the error summary

    @property
    def key(self) -> str:
        """``quantity``, ``areas.2.size``: the key of this error in the ValidationError's dict."""
        if self.row is None:
            return self.field if self.column is None else f"{self.field}.{self.column}"
        return f"{self.field}.{self.row}.{self.column}" if self.column else f"{self.field}.{self.row}"

    @property
    def full_message(self) -> str:
        return f"{self.label}: {self.message}" if self.label else self.message


class FormErrors(ValidationError):
    """A form's content was refused. ``field_errors`` lists each error with its field, row and column."""

    def __init__(self, field_errors: list[FieldError]):
        self.field_errors = field_errors
        grouped: dict[str, list[str]] = {}
        for error in field_errors:
            grouped.setdefault(error.key, []).append(error.full_message)
        super().__init__(grouped)


def _is_empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip()) or value == []


def _number_text(value) -> str:
    text = SPACES.sub("", str(value).translate(ARABIC_INDIC)).replace("٫", ".").replace("٬", "")
    language = (translation.get_language() or "en").split("-")[0]
    if "," in text and "." not in text and language in ("ar", "fr", "es"):
        text = text.replace(",", ".")  # UN style in these languages: decimal comma, space for thousands
    else:
        text = text.replace(",", "")  # English style: comma for thousands
    return text


def check_text(value: str) -> str:
    """``value`` unchanged, or ValueError if it holds a control character (NUL and the like)."""
    if CONTROL_CHARACTERS.search(value):
        raise ValueError(_("Remove the control character (such as NUL) from this text; it cannot be saved."))
    return value


def bounds(definition) -> tuple[Decimal, Decimal]:
    """(lowest, highest) value a number field accepts: its definition's, within the defaults."""
    low = definition.min_value if getattr(definition, "min_value", None) is not None else Decimal(0)
    high = definition.max_value if getattr(definition, "max_value", None) is not None else MAX_NUMBER
    return max(Decimal(low), Decimal(-MAX_NUMBER)), min(Decimal(high), Decimal(MAX_NUMBER))


def _check_bounds(definition, number) -> None:
    low, high = bounds(definition)
    if number < low:
        if low == 0:
            raise ValueError(_("A quantity cannot be negative."))
        raise ValueError(_("Enter a number of at least %(min)s.") % {"min": format(low.normalize(), "f")})
    if number > high:
        raise ValueError(_("Enter a number of at most %(max)s.") % {"max": format(high.normalize(), "f")})


def _number_input(value) -> str:
    text = str(value)
    if len(text) > MAX_NUMBER_INPUT:
        raise ValueError(_("This number has too many digits."))
    return _number_text(text)


def clean_value(definition, value):
    """The stored form of one value, or raise ValueError with the message for the user."""
    kind = definition.kind
    if isinstance(value, str):
        check_text(value)
    if kind == FieldKind.TEXT:
        text = str(value).strip()
        if len(text) > MAX_TEXT_LENGTH:
            raise ValueError(_("Keep this to %(max)s characters or fewer.") % {"max": MAX_TEXT_LENGTH})
        return text
    if kind == FieldKind.INTEGER:
        if isinstance(value, bool):
            raise ValueError(_("Enter a whole number."))
        if isinstance(value, int):
            number = value
        else:
            text = _number_input(value)
            if not re.fullmatch(r"[+-]?\d+", text):
                raise ValueError(_("Enter a whole number, such as 1250."))
            number = int(text)
        _check_bounds(definition, number)
        return number
    if kind == FieldKind.DECIMAL:
        if isinstance(value, bool):
            raise ValueError(_("Enter a number."))
        try:
            number = value if isinstance(value, Decimal) else Decimal(_number_input(value))
        except InvalidOperation:
            raise ValueError(_("Enter a number, such as 1250.5.")) from None
        if not number.is_finite():
            raise ValueError(_("Enter a number, such as 1250.5."))
        if number.as_tuple().exponent < -6:
            raise ValueError(_("This number has too many digits."))
        _check_bounds(definition, number)
        return format(number.normalize(), "f") if number == number.to_integral() else format(number, "f")
    if kind == FieldKind.DATE:
        if isinstance(value, datetime.datetime):
            value = value.date()
        if isinstance(value, datetime.date):
            return value.isoformat()
        text = str(value).strip().translate(ARABIC_INDIC)
        try:
            return datetime.date.fromisoformat(text).isoformat()
        except ValueError:
            raise ValueError(_("Enter a valid date as YYYY-MM-DD, such as 2024-04-30.")) from None
    if kind == FieldKind.BOOLEAN:
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("true", "yes", "on", "1", "نعم"):
            return True
        if text in ("false", "no", "off", "0", "لا"):
            return False
        raise ValueError(_("Answer yes or no."))
    if kind == FieldKind.CHOICE:
        text = str(value).strip()
        if text not in definition.choice_values():
            raise ValueError(_("Choose one of the options offered."))
        return text
    raise ValueError(_("This field cannot hold a value."))


def _where(form, field, row: int | None = None, column=None) -> str:
    parts = [_("Form %(letter)s") % {"letter": form.letter}, str(field.label)]
    if row is not None:
        parts.append(_("row %(row)s") % {"row": row})
    if column is not None:
        parts.append(str(column.label))
    return ", ".join(parts)


def clean_form_data(form, raw: dict, *, require: bool = False) -> dict:
    """Validate a form's content against its template (``form`` with ``fields`` and their ``columns``).

    Returns the stored JSON. Raises FormErrors listing every problem at once (not just the first).
    ``require`` also refuses missing required values (the submission checklist uses the same rule).
    """
    if not isinstance(raw, dict):
        raise FormErrors(
            [FieldError("__all__", None, None, _("The form content is not in the expected shape."))]
        )
    definitions = {field.key: field for field in form.fields.all()}
    errors: list[FieldError] = []
    raw_fields = raw.get("fields") or {}
    raw_tables = raw.get("tables") or {}
    if not isinstance(raw_fields, dict) or not isinstance(raw_tables, dict):
        raise FormErrors(
            [FieldError("__all__", None, None, _("The form content is not in the expected shape."))]
        )
    for key in sorted(set(raw_fields) | set(raw_tables)):
        definition = definitions.get(key)
        expected_table = key in raw_tables
        if definition is None or (definition.kind == FieldKind.TABLE) != expected_table:
            errors.append(
                FieldError(
                    key,
                    None,
                    None,
                    _("Form %(letter)s has no field “%(key)s”.") % {"letter": form.letter, "key": key},
                )
            )

    fields: dict = {}
    tables: dict = {}
    for definition in definitions.values():
        if definition.kind == FieldKind.TABLE:
            rows = raw_tables.get(definition.key) or []
            if not isinstance(rows, list):
                errors.append(
                    FieldError(
                        definition.key, None, None, _("A table is a list of rows."), _where(form, definition)
                    )
                )
                continue
            if len(rows) > MAX_ROWS:
                errors.append(
                    FieldError(
                        definition.key,
                        None,
                        None,
                        _("A table holds at most %(max)s rows.") % {"max": MAX_ROWS},
                        _where(form, definition),
                    )
                )
                continue
            columns = {column.key: column for column in definition.columns.all()}
            cleaned_rows = []
            row_number = 0
            for raw_row in rows:
                if not isinstance(raw_row, dict):
                    raw_row = {}
                if all(_is_empty(value) for value in raw_row.values()):
                    continue  # a blank row (an unused line of the web form) is not a row
                row_number += 1
                cleaned_row = {}
                for unknown in sorted(set(raw_row) - set(columns)):
                    errors.append(
                        FieldError(
                            definition.key,
                            row_number,
                            unknown,
                            _("This table has no column “%(key)s”.") % {"key": unknown},
                            _where(form, definition, row_number),
                        )
                    )
                for column in columns.values():
                    value = raw_row.get(column.key)
                    if _is_empty(value):
                        if require and column.required:
                            errors.append(
                                FieldError(
                                    definition.key,
                                    row_number,
                                    column.key,
                                    _("This value is required."),
                                    _where(form, definition, row_number, column),
                                )
                            )
                        continue
                    try:
                        cleaned_row[column.key] = clean_value(column, value)
                    except ValueError as error:
                        errors.append(
                            FieldError(
                                definition.key,
                                row_number,
                                column.key,
                                str(error),
                                _where(form, definition, row_number, column),
                            )
                        )
                cleaned_rows.append(cleaned_row)
            if cleaned_rows:
                tables[definition.key] = cleaned_rows
            elif require and definition.required:
                errors.append(
                    FieldError(
                        definition.key, None, None, _("Add at least one row."), _where(form, definition)
                    )
                )
        else:
            value = raw_fields.get(definition.key)
            if _is_empty(value):
                if require and definition.required:
                    errors.append(
                        FieldError(
                            definition.key, None, None, _("This value is required."), _where(form, definition)
                        )
                    )
                continue
            try:
                fields[definition.key] = clean_value(definition, value)
            except ValueError as error:
                errors.append(FieldError(definition.key, None, None, str(error), _where(form, definition)))
    if errors:
        raise FormErrors(errors)
    return {"fields": fields, "tables": tables}


def form_post_inputs(form) -> int:
    """The most inputs a form's page posts that the save reads: MAX_ROWS + 1 rows of every table
    (one row too many is refused with a message), a row count per table, the scalar fields.
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS must allow it, with the page's own few inputs."""
    total = 0
    for definition in form.fields.all():
        if definition.kind == FieldKind.TABLE:
            total += (MAX_ROWS + 1) * len(definition.columns.all()) + 1
        else:
            total += 1
    return total


def column_totals(field, rows: list[dict]) -> dict[str, str]:
    """Totals of the columns marked ``total`` (computed, never typed), as exact decimal strings."""
    totals = {}
    for column in field.columns.all():
        if column.total:
            total = sum(
                (Decimal(str(row[column.key])) for row in rows if row.get(column.key) is not None), Decimal(0)
            )
            totals[column.key] = format(total, "f")
    return totals
