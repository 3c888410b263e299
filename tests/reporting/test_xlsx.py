"""xlsx round trip of a report's content: export, fill offline, import back into the draft."""

import io
import zipfile

import openpyxl
import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from reporting import services, xlsx
from reporting.models import ReportForm
from reporting.xlsx import WorkbookRefused, export_report_workbook, import_report_workbook
from secretariat.models import AuditEntry
from tests.reporting.reporting_helpers import form_of, mark_all_not_applicable

F_AREAS = [
    {
        "location": "South Lebanon, Nabatieh",
        "size": "1250000",
        "status": "confirmed",
        "remnant_quantity": 340,
    },
    {"location": "Bekaa valley", "size": "480000.5", "status": "suspected"},
]


def upload(content: bytes, name: str = "report.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type=xlsx.XLSX_MIMETYPE)


def book_of(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def save(book) -> bytes:
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def revisions(report) -> dict:
    return dict(ReportForm.objects.filter(report=report).values_list("template__letter", "revision"))


def contents(report) -> dict:
    return dict(ReportForm.objects.filter(report=report).values_list("template__letter", "data"))


@pytest.fixture
def filled(draft, lebanon_delegate):
    form = form_of(draft, "F")
    services.form_save(
        actor=lebanon_delegate, report_form=form, data={"tables": {"areas": F_AREAS}, "fields": {"programme": "=HYPERLINK(\"http://x\")"}},
        expected_revision=form.revision,
    )  # fmt: skip
    return draft


# ---- Export -----------------------------------------------------------------------------------


def test_export_has_a_sheet_per_table_with_bilingual_headers_hidden_keys_and_data(filled):
    book = book_of(export_report_workbook(filled))
    assert (
        "F areas" in book.sheetnames and "F land_released" in book.sheetnames and "Fields" in book.sheetnames
    )
    assert book["_about"].sheet_state == "hidden"
    sheet = book["F areas"]
    assert sheet["A1"].value == "Location" and sheet["B1"].value == "Size (m²)"
    assert sheet["A2"].value and any("\u0600" <= ch <= "\u06ff" for ch in sheet["A2"].value)  # Arabic labels
    assert sheet["A3"].value == "location" and sheet.row_dimensions[3].hidden
    assert sheet["A4"].value == "South Lebanon, Nabatieh" and sheet["B4"].value == 1250000
    assert sheet["B5"].value == 480000.5 and sheet["E4"].value == 340


def test_export_prefills_from_last_years_submitted_version_when_the_delegate_asks(
    forms_loaded, lebanon_party, ccm, lebanon_delegate
):
    earlier = services.report_open(actor=lebanon_delegate, state=lebanon_party, convention=ccm, year=2022)
    mark_all_not_applicable(lebanon_delegate, earlier)
    form = form_of(earlier, "F")
    services.form_save(
        actor=lebanon_delegate,
        report_form=form,
        data={"tables": {"areas": F_AREAS}},
        expected_revision=form.revision,
    )
    services.report_submit(actor=lebanon_delegate, report=earlier)
    this_year = services.report_open(actor=lebanon_delegate, state=lebanon_party, convention=ccm, year=2023)
    assert book_of(export_report_workbook(this_year))["F areas"]["A4"].value is None  # not unasked
    sheet = book_of(export_report_workbook(this_year, prefill=True))["F areas"]
    assert sheet["A4"].value == "South Lebanon, Nabatieh"


@pytest.mark.parametrize("dangerous", ["=1+2", "+1", "-1", "@SUM(A1)", "\tx", "\rx"])
def test_escape_cell_prefixes_an_apostrophe_to_all_six(dangerous):
    assert xlsx.escape_cell(dangerous) == "'" + dangerous
    assert xlsx.escape_cell("safe " + dangerous) == "safe " + dangerous


@pytest.mark.parametrize(
    "dangerous", ["=1+2", "+1", "-1", "@SUM(A1)"]
)  # tab and CR do not survive the save's strip
def test_export_escapes_formula_like_text_and_import_restores_it(draft, lebanon_delegate, dangerous):
    form = form_of(draft, "F")
    services.form_save(
        actor=lebanon_delegate, report_form=form,
        data={"tables": {"areas": [{"location": dangerous + " area", "size": "1"}]}}, expected_revision=form.revision,
    )  # fmt: skip
    content = export_report_workbook(draft)
    cell = book_of(content)["F areas"]["A4"]
    assert cell.data_type == "s" and cell.value == "'" + dangerous + " area"
    result = import_report_workbook(actor=lebanon_delegate, report=draft, file=upload(content))
    # The escaped text round-trips to what was saved (text is stripped on save, as in the web form).
    assert contents(draft)["F"]["tables"]["areas"][0]["location"] == (dangerous + " area").strip()
    assert "F" in result.unchanged


# ---- Successful round trip --------------------------------------------------------------------


def test_round_trip_writes_through_form_save_bumping_revisions_and_auditing(filled, lebanon_delegate):
    content = export_report_workbook(filled)
    book = book_of(content)
    sheet = book["F areas"]
    sheet["B5"] = 500000
    sheet.append(["Tyre district", 1200.25, "suspected", "BLU-63", 4])
    book["G activities"].append(["Village sessions", "Nabatieh", 1520, None])
    scalars = book["Fields"]
    for row in scalars.iter_rows(min_row=4):
        if row[0].value == "H" and row[1].value == "new_casualties":
            row[5].value = 3
    before = revisions(filled)
    audits = AuditEntry.objects.count()
    result = import_report_workbook(actor=lebanon_delegate, report=filled, file=upload(save(book)))
    assert sorted(result.saved) == ["F", "G", "H"]
    after = revisions(filled)
    assert after["F"] == before["F"] + 1 and after["G"] == before["G"] + 1 and after["A"] == before["A"]
    data = contents(filled)
    assert data["F"]["tables"]["areas"][1]["size"] == "500000"
    assert data["F"]["tables"]["areas"][2] == {
        "location": "Tyre district",
        "size": "1200.25",
        "status": "suspected",
        "remnant_type": "BLU-63",
        "remnant_quantity": 4,
    }
    assert data["G"]["tables"]["activities"] == [
        {"activity": "Village sessions", "area": "Nabatieh", "people_reached": 1520}
    ]
    assert data["H"]["fields"]["new_casualties"] == 3
    assert data["F"]["fields"]["programme"] == '=HYPERLINK("http://x")'  # unescaped back, stored as text
    assert AuditEntry.objects.count() == audits + 3


# ---- Refusals: nothing written ----------------------------------------------------------------


def assert_refused(report, actor, content, *expected):
    before = (revisions(report), contents(report))
    with pytest.raises(WorkbookRefused) as refused:
        import_report_workbook(actor=actor, report=report, file=upload(content))
    messages = [str(error) for error in refused.value.errors]
    for text in expected:
        assert any(text in message for message in messages), (text, messages)
    assert (revisions(report), contents(report)) == before
    return refused.value.errors


def test_one_bad_row_refuses_the_whole_workbook_naming_sheet_row_and_column(filled, lebanon_delegate):
    book = book_of(export_report_workbook(filled))
    book["F areas"]["B5"] = -5  # a negative size
    book["F areas"]["E4"] = "many"  # text in a number column
    book["G activities"].append(["Sessions", "North", 10, None])  # a good row elsewhere: not written either
    errors = assert_refused(
        filled,
        lebanon_delegate,
        save(book),
        "Sheet “F areas”, row 5, Size (m²)",
        "row 4, Quantity of remnants",
    )
    assert {(e.sheet, e.row) for e in errors} == {("F areas", 5), ("F areas", 4)}


def test_blank_rows_are_skipped_and_row_numbers_are_the_spreadsheets(filled, lebanon_delegate):
    book = book_of(export_report_workbook(filled))
    sheet = book["F areas"]
    sheet["A8"], sheet["B8"] = "After blanks", "abc"
    errors = assert_refused(filled, lebanon_delegate, save(book), "row 8")
    assert errors[0].column == "Size (m²)"


def test_bad_scalar_names_the_fields_sheet_and_row(filled, lebanon_delegate):
    book = book_of(export_report_workbook(filled))
    for row in book["Fields"].iter_rows(min_row=4):
        if row[0].value == "H" and row[1].value == "new_casualties":
            row[5].value = -2
            number = row[0].row
    assert_refused(filled, lebanon_delegate, save(book), f"Sheet “Fields”, row {number}")


def test_upload_into_a_submitted_version_is_refused(draft, lebanon_delegate):
    content = export_report_workbook(draft)
    mark_all_not_applicable(lebanon_delegate, draft)
    services.report_submit(actor=lebanon_delegate, report=draft)
    draft.refresh_from_db()
    assert_refused(draft, lebanon_delegate, content, "submitted")


def test_a_file_that_is_not_xlsx_is_refused_by_content_not_name(filled, lebanon_delegate):
    assert_refused(filled, lebanon_delegate, b"%PDF-1.4 not a workbook", "not an Excel workbook")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:  # a zip, but not an Office workbook
        archive.writestr("hello.txt", "hi")
    assert_refused(filled, lebanon_delegate, buffer.getvalue(), "not an Excel workbook")


def test_a_zip_bomb_is_refused_by_uncompressed_size(filled, lebanon_delegate, monkeypatch):
    content = export_report_workbook(filled)
    buffer = io.BytesIO()
    with (
        zipfile.ZipFile(io.BytesIO(content)) as source,
        zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb,
    ):
        for item in source.infolist():
            bomb.writestr(item, source.read(item))
        bomb.writestr("xl/media/padding.bin", b"\0" * (xlsx.MAX_UNCOMPRESSED_BYTES + 1))
    assert len(buffer.getvalue()) < xlsx.MAX_UPLOAD_BYTES  # small on the wire
    assert_refused(filled, lebanon_delegate, buffer.getvalue(), "unpacks to")


def test_a_file_over_the_size_cap_is_refused_before_reading(filled, lebanon_delegate, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_UPLOAD_BYTES", 1000)
    assert_refused(filled, lebanon_delegate, export_report_workbook(filled), "larger than")


def test_too_many_rows_are_refused(filled, lebanon_delegate, monkeypatch):
    monkeypatch.setattr(xlsx, "MAX_TOTAL_ROWS", 5)
    book = book_of(export_report_workbook(filled))
    for number in range(6):
        book["F areas"].append([f"Area {number}", 1])
    assert_refused(filled, lebanon_delegate, save(book), "more than 5 rows")


def test_a_workbook_of_another_state_is_refused(filled, lebanon_delegate, norway_party, norway_delegate, ccm):
    other = services.report_open(actor=norway_delegate, state=norway_party, convention=ccm, year=2023)
    content = export_report_workbook(other)
    assert_refused(filled, lebanon_delegate, content, "another State")


def test_a_changed_key_row_is_refused(filled, lebanon_delegate):
    book = book_of(export_report_workbook(filled))
    book["F areas"]["A3"] = "nonsense"
    assert_refused(filled, lebanon_delegate, save(book), "hidden row of column keys")


def test_delegate_of_another_state_cannot_import(filled, norway_delegate):
    with pytest.raises(PermissionDenied):
        import_report_workbook(
            actor=norway_delegate, report=filled, file=upload(export_report_workbook(filled))
        )
