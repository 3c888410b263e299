"""The autosave path (queries pinned, definitions cache kept honest) and the workbook on the report page."""
# ruff: noqa: F811 - fixtures imported from reporting_helpers are redefined as test arguments

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reporting import selectors, services, xlsx
from reporting.models import ColumnDefinition, ReportForm
from secretariat.models import AuditEntry
from tests.reporting.reporting_helpers import (  # noqa: F401 - fixtures
    draft,
    form_of,
    forms_loaded,
    lebanon_party,
    mark_all_not_applicable,
)

# The same on SQLite and PostgreSQL: session, user; the user's delegate pairs and the form with what
# the save needs (selectors.delegate_form_for_save); services.form_save's savepoint (a transaction
# outside tests: BEGIN and COMMIT are not counted), the report row locked, the compare-and-swap
# UPDATE, the audit INSERT, and the savepoint's release. In production the session comes from the
# shared cache: six statements reach the database, with BEGIN and COMMIT.
AUTOSAVE_QUERIES = 9


def url(name, *args):
    return reverse(f"reporting:{name}", args=args)


def autosave(client, report, letter, revision, value):
    return client.post(
        url("form_edit", report.pk, letter),
        {"revision": str(revision), "action": "save", "f.other": value},
        HTTP_X_REQUESTED_WITH="fetch",
    )


def test_one_autosave_runs_a_fixed_small_number_of_queries(
    client_for, draft, lebanon_delegate, django_assert_max_num_queries
):
    client = client_for(lebanon_delegate)
    assert autosave(client, draft, "J", 0, "first").json()["revision"] == 1  # warms the definitions cache
    audits = AuditEntry.objects.filter(action="reporting.form.saved").count()
    with django_assert_max_num_queries(AUTOSAVE_QUERIES):
        answer = autosave(client, draft, "J", 1, "second")
    assert answer.status_code == 200 and answer.json()["revision"] == 2
    assert form_of(draft, "J").data["fields"]["other"] == "second"
    assert AuditEntry.objects.filter(action="reporting.form.saved").count() == audits + 1


def test_a_stale_revision_is_still_a_conflict_and_nothing_is_written(client_for, draft, lebanon_delegate):
    client = client_for(lebanon_delegate)
    autosave(client, draft, "J", 0, "mine")
    stale = autosave(client, draft, "J", 0, "theirs")
    assert stale.status_code == 409 and "after you opened it" in stale.json()["conflict"]
    assert form_of(draft, "J").data["fields"]["other"] == "mine"


def test_a_changed_form_definition_reaches_the_next_save(client_for, draft, lebanon_delegate):
    """Another app server changed the set: the raised definitions_revision makes this one read it afresh."""
    client = client_for(lebanon_delegate)
    b = url("form_edit", draft.pk, "B")
    post = {"revision": "0", "action": "save", "t.stockpile.rows": "1", "t.stockpile.0.munition_type": "M26",
            "t.stockpile.0.quantity": "12"}  # fmt: skip
    assert client.post(b, post, HTTP_X_REQUESTED_WITH="fetch").status_code == 200
    # As another process would: no ORM signal reaches this process's cache, only the database changes.
    ColumnDefinition.objects.filter(field__form__form_set=draft.form_set, key="munition_type").update(
        kind="date"
    )
    services.form_set_definitions_changed(draft.form_set_id)
    answer = client.post(b, {**post, "revision": "1"}, HTTP_X_REQUESTED_WITH="fetch")
    assert answer.status_code == 400 and "YYYY-MM-DD" in answer.json()["errors"][0]["message"]


def test_the_cached_definitions_serve_the_form_page_with_its_fields(client_for, draft, lebanon_delegate):
    selectors.form_set_definitions_clear()
    page = client_for(lebanon_delegate).get(url("form_edit", draft.pk, "B"))
    assert page.status_code == 200 and "t.stockpile.rows" in page.content.decode()


# ---- The workbook on the report page --------------------------------------------------------------


def book_of(content: bytes) -> openpyxl.Workbook:
    return openpyxl.load_workbook(io.BytesIO(content))


def upload_of(book) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("report.xlsx", buffer.getvalue(), content_type=xlsx.XLSX_MIMETYPE)


def contents(report) -> dict:
    return dict(ReportForm.objects.filter(report=report).values_list("template__letter", "data"))


def test_report_page_offers_the_workbook_download_and_upload(client_for, draft, lebanon_delegate):
    page = client_for(lebanon_delegate).get(url("report_detail", draft.pk)).content.decode()
    assert url("report_workbook", draft.pk) in page and url("report_workbook_upload", draft.pk) in page


def test_workbook_round_trip_through_the_report_page(client_for, draft, lebanon_delegate):
    client = client_for(lebanon_delegate)
    download = client.get(url("report_workbook", draft.pk))
    assert download.status_code == 200 and download["Content-Type"] == xlsx.XLSX_MIMETYPE
    assert "attachment" in download["Content-Disposition"] and ".xlsx" in download["Content-Disposition"]
    book = book_of(download.content)
    book["G activities"].append(["Village sessions", "Nabatieh", 1520, None])
    answer = client.post(url("report_workbook_upload", draft.pk), {"file": upload_of(book)})
    assert answer.status_code == 302 and answer.url.endswith("#workbook")
    assert contents(draft)["G"]["tables"]["activities"] == [
        {"activity": "Village sessions", "area": "Nabatieh", "people_reached": 1520}
    ]
    page = client.get(answer.url).content.decode()
    assert "forms G saved" in page


def test_a_bad_workbook_is_refused_with_row_level_messages_and_nothing_changes(
    client_for, draft, lebanon_delegate
):
    client = client_for(lebanon_delegate)
    book = book_of(client.get(url("report_workbook", draft.pk)).content)
    book["G activities"].append(["Sessions", "North", 10, None])  # a good row: not written either
    book["G activities"].append(["Sessions", "South", "many", None])  # row 5: text in a number column
    before = contents(draft)
    answer = client.post(url("report_workbook_upload", draft.pk), {"file": upload_of(book)})
    assert answer.status_code == 400
    page = answer.content.decode()
    assert "The workbook was not imported: nothing was changed" in page
    assert "Sheet “G activities”, row 5" in page
    assert contents(draft) == before


def test_a_file_that_is_not_a_workbook_is_refused(client_for, draft, lebanon_delegate):
    answer = client_for(lebanon_delegate).post(
        url("report_workbook_upload", draft.pk),
        {"file": SimpleUploadedFile("report.xlsx", b"%PDF-1.4 not a workbook", xlsx.XLSX_MIMETYPE)},
    )
    assert answer.status_code == 400 and "not an Excel workbook" in answer.content.decode()


def test_an_upload_into_a_submitted_report_is_refused(client_for, draft, lebanon_delegate):
    client = client_for(lebanon_delegate)
    book = book_of(client.get(url("report_workbook", draft.pk)).content)
    book["G activities"].append(["Village sessions", "Nabatieh", 1520, None])
    mark_all_not_applicable(lebanon_delegate, draft)
    services.report_submit(actor=lebanon_delegate, report=draft)
    before = contents(draft)
    answer = client.post(url("report_workbook_upload", draft.pk), {"file": upload_of(book)})
    assert answer.status_code == 400 and "submitted" in answer.content.decode()
    assert contents(draft) == before


def test_another_states_delegate_gets_404_on_the_workbook(
    client_for, draft, lebanon_delegate, norway_delegate
):
    book = book_of(client_for(lebanon_delegate).get(url("report_workbook", draft.pk)).content)
    book["G activities"].append(["Village sessions", "Nabatieh", 1520, None])
    other = client_for(norway_delegate)
    before = contents(draft)
    assert other.get(url("report_workbook", draft.pk)).status_code == 404
    assert other.post(url("report_workbook_upload", draft.pk), {"file": upload_of(book)}).status_code == 404
    assert contents(draft) == before
