"""The web forms of the delegate's pages.

An Article 7 form is data (reporting.models.templates), so its web form is built from the field
definitions rather than declared: ``parse_post`` turns the posted inputs into the raw content that
``services.form_save`` validates, and ``build_editor`` turns content (saved or as typed) and the
FieldErrors of a refused save into what the template renders: every input with its name, id, value,
label, unit, help and error, tables as numbered rows with their computed totals.

Input names: ``f.<field>`` for a scalar field; ``t.<table>.<row>.<column>`` for a table cell (row
counted from 0 in names, from 1 on screen and in errors) and ``t.<table>.rows`` for the row count.
Blank rows are dropped before validation, so the row numbers of the errors are the rows shown.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.utils.translation import gettext_lazy as _

from reporting.models import FieldKind, Report
from reporting.validation import MAX_ROWS, FieldError, check_text, clean_value
from secretariat import house_style


def _empty(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def parse_post(template, post) -> dict:
    """The raw content of a form from a POST: ``{"fields": {...}, "tables": {key: [row, …]}}``.

    Values stay as typed (validation converts them); blank rows are left out."""
    fields: dict = {}
    tables: dict = {}
    for definition in template.fields.all():
        if definition.kind == FieldKind.TABLE:
            try:
                count = int(post.get(f"t.{definition.key}.rows", "0"))
            except ValueError:
                count = 0
            count = max(0, min(count, MAX_ROWS + 1))
            columns = list(definition.columns.all())
            rows = []
            for index in range(count):
                row = {
                    column.key: post.get(f"t.{definition.key}.{index}.{column.key}", "") for column in columns
                }
                if not all(_empty(value) for value in row.values()):
                    rows.append(row)
            tables[definition.key] = rows
        else:
            fields[definition.key] = post.get(f"f.{definition.key}", "")
    return {"fields": fields, "tables": tables}


# ---------------------------------------------------------------------------------------------
# What the form template renders
# ---------------------------------------------------------------------------------------------


@dataclass
class Input:
    definition: object  # FieldDefinition or ColumnDefinition
    name: str
    id: str
    value: str
    label: str  # the accessible name ("Quantity, row 2" for a cell)
    error: str = ""
    choices: list[tuple[str, str]] = field(default_factory=list)

    @property
    def kind(self) -> str:
        return self.definition.kind

    @property
    def inputmode(self) -> str:
        return {"integer": "numeric", "decimal": "decimal"}.get(self.kind, "")


@dataclass
class Row:
    number: int
    cells: list[Input]
    remove_action: str


@dataclass
class Table:
    definition: object
    id: str
    columns: list
    rows: list[Row]
    totals: list[tuple[object, str]]  # (column, formatted total) for every column; "" where none
    has_totals: bool
    error: str = ""


@dataclass
class Block:
    """One field of the form: a scalar ``input`` or a ``table``."""

    definition: object
    input: Input | None = None
    table: Table | None = None


@dataclass
class SummaryItem:
    target: str  # the id of the input the error is about
    message: str


@dataclass
class Editor:
    blocks: list[Block]
    summary: list[SummaryItem]


def _choices(definition, language: str) -> list[tuple[str, str]]:
    if definition.kind == FieldKind.BOOLEAN:
        return [("", "—"), ("true", str(_("Yes"))), ("false", str(_("No")))]
    if definition.kind == FieldKind.CHOICE:
        return [("", "—")] + [
            (value, definition.choice_label(value, language)) for value in definition.choice_values()
        ]
    return []


def _total(column, rows: list[dict], language: str) -> str:
    """The computed total of a column over the values that are valid numbers (as typed or saved)."""
    total = Decimal(0)
    for row in rows:
        value = row.get(column.key)
        if _empty(value):
            continue
        try:
            total += Decimal(str(clean_value(column, value)))
        except (ValueError, ArithmeticError):
            continue
    return house_style.format_number(total, language)


def build_editor(
    template, content: dict, errors: list[FieldError], *, extra_rows: dict[str, int], language: str
) -> Editor:
    """The render structure of a form from its content (saved or as typed) and a save's errors."""
    by_key = {(e.field, e.row, e.column): e for e in errors}
    summary: list[SummaryItem] = []
    blocks: list[Block] = []
    fields_content = content.get("fields") or {}
    tables_content = content.get("tables") or {}
    for definition in template.fields.all():
        if definition.kind != FieldKind.TABLE:
            error = by_key.get((definition.key, None, None))
            item = Input(
                definition, f"f.{definition.key}", f"f-{definition.key}", _text(fields_content.get(definition.key)),
                str(definition.label), error.message if error else "", _choices(definition, language),
            )  # fmt: skip
            if error:
                summary.append(SummaryItem(item.id, error.full_message))
            blocks.append(Block(definition, input=item))
            continue
        columns = list(definition.columns.all())
        saved_rows = [row for row in tables_content.get(definition.key) or [] if isinstance(row, dict)]
        shown_rows = saved_rows + [{}] * extra_rows.get(definition.key, 0)
        if not shown_rows:
            shown_rows = [{}]  # an empty table offers one blank row to type into
        table_id = f"t-{definition.key}"
        rows = []
        for index, row in enumerate(shown_rows):
            number = index + 1
            cells = []
            for column in columns:
                error = by_key.get((definition.key, number, column.key))
                cell = Input(
                    column, f"t.{definition.key}.{index}.{column.key}", f"t-{definition.key}-{index}-{column.key}",
                    _text(row.get(column.key)),
                    str(_("%(column)s, row %(row)s") % {"column": column.label, "row": number}),
                    error.message if error else "", _choices(column, language),
                )  # fmt: skip
                if error:
                    summary.append(SummaryItem(cell.id, error.full_message))
                cells.append(cell)
            rows.append(Row(number, cells, f"remove:{definition.key}:{index}"))
        for error in errors:  # a row-level error on a column the table does not have
            if (
                error.field == definition.key
                and error.row is not None
                and error.column not in {c.key for c in columns}
            ):
                summary.append(SummaryItem(table_id, error.full_message))
        table_error = by_key.get((definition.key, None, None))
        if table_error:
            summary.append(SummaryItem(table_id, table_error.full_message))
        totals = [
            (column, _total(column, saved_rows, language) if column.total else "") for column in columns
        ]
        blocks.append(
            Block(
                definition,
                table=Table(
                    definition,
                    table_id,
                    columns,
                    rows,
                    totals,
                    any(c.total for c in columns),
                    table_error.message if table_error else "",
                ),
            )  # fmt: skip
        )
    known = {(b.definition.key) for b in blocks}
    for error in errors:  # errors about the form as a whole or unknown fields
        if error.field not in known:
            summary.append(SummaryItem("form-fields", error.full_message))
    return Editor(blocks, summary)


def remove_row(content: dict, table: str, index: int) -> dict:
    rows = list((content.get("tables") or {}).get(table) or [])
    if 0 <= index < len(rows):
        rows.pop(index)
    return {**content, "tables": {**(content.get("tables") or {}), table: rows}}


# ---------------------------------------------------------------------------------------------
# Plain Django forms: attachments and submission
# ---------------------------------------------------------------------------------------------


def no_control_characters(value: str) -> None:
    """Django refuses NUL in a CharField; the other control characters are refused here as well."""
    try:
        check_text(value)
    except ValueError as error:
        raise forms.ValidationError(str(error), code="control_character") from None


class AttachmentForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, PNG or JPEG: a law, a map, a decree."),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".pdf,.png,.jpg,.jpeg,application/pdf,image/png,image/jpeg"}
        ),
    )
    form = forms.ChoiceField(label=_("Form it belongs to"), required=False)
    description = forms.CharField(
        label=_("Description"), required=False, max_length=300, validators=[no_control_characters]
    )

    def __init__(self, *args, letters: list[tuple[str, str]], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["form"].choices = [("", _("The whole report"))] + letters


class WorkbookForm(forms.Form):
    file = forms.FileField(
        label=_("Filled-in workbook (.xlsx)"),
        widget=forms.ClearableFileInput(
            attrs={"accept": ".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}
        ),
    )


class SubmitForm(forms.Form):
    comment = forms.CharField(
        label=_("Comment"),
        required=False,
        max_length=5000,
        validators=[no_control_characters],
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Optional for a first submission; for a correction, say what was corrected."),
    )
    # The State's wish, recorded with the version; the ISU decides and publishes (services.report_publish).
    visibility = forms.ChoiceField(
        label=_("Publication requested by the State"),
        choices=[
            (Report.Visibility.PUBLIC, _("Public: anyone may read the report once the ISU publishes it")),
            (Report.Visibility.RESTRICTED, _("Restricted: States Parties and the ISU only")),
        ],
        widget=forms.RadioSelect,
        help_text=_(
            "The ISU decides on publication. Until it publishes this version, others read the version it "
            "published last, if any."
        ),
    )

    def __init__(self, *args, correction: bool, **kwargs):
        super().__init__(*args, **kwargs)
        self.correction = correction
        if correction:
            self.fields["comment"].help_text = _("Required: say what this correction changes.")

    def clean_comment(self):
        comment = self.cleaned_data["comment"].strip()
        if self.correction and not comment:
            raise forms.ValidationError(_("A correction needs a comment saying what was corrected."))
        return comment
