"""The delegate's pages: who sees what, bad input through the views, conflicts, submission and versions."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reporting import selectors, services
from reporting.models import Attachment, Report, ReportForm, ReportVersion
from tests.factories import DelegateFactory
from tests.reporting.reporting_helpers import PDF, form_of, mark_all_not_applicable, png_bytes, submit_simple

PERSONAS = ["ccm_staff", "apmbc_staff", "lebanon_delegate", "norway_delegate", "anonymous"]


def url(name, *args):
    return reverse(f"reporting:{name}", args=args)


def stockpile_post(revision, rows, **extra):
    """The POST of form B's stockpile table as the browser sends it."""
    data = {"revision": str(revision), "action": "save", "t.stockpile.rows": str(len(rows))}
    for index, row in enumerate(rows):
        for column, value in row.items():
            data[f"t.stockpile.{index}.{column}"] = value
    data.update(extra)
    return data


@pytest.fixture
def submitted(draft, lebanon_delegate):
    """Lebanon's 2023 report, submitted (version 1) with a PDF attached."""
    services.attachment_add(
        actor=lebanon_delegate, report=draft, file=SimpleUploadedFile("law.pdf", PDF, "application/pdf")
    )
    submit_simple(lebanon_delegate, draft)
    draft.refresh_from_db()
    return draft


@pytest.fixture
def corrected(submitted, lebanon_delegate):
    """Version 2: form B changed by a correction."""
    services.report_correct(actor=lebanon_delegate, report=submitted)
    form = form_of(submitted, "B")
    services.form_save(
        actor=lebanon_delegate, report_form=form, expected_revision=form.revision,
        data={"fields": {}, "tables": {"stockpile": [{"munition_type": "M26", "quantity": "12"}]}},
    )  # fmt: skip
    services.report_submit(actor=lebanon_delegate, report=submitted, comment="Stockpile found in 2023.")
    return submitted


# ---------------------------------------------------------------------------------------------
# Personas
# ---------------------------------------------------------------------------------------------

# The working copy: only the State's delegates. Staff see submitted versions, never drafts.
DRAFT_PAGES = [
    ("report_detail", ()),
    ("form_edit", ("B",)),
    ("report_submit", ()),
    ("version_list", ()),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "extra"), DRAFT_PAGES)
def test_draft_pages_are_the_states_alone(personas, client_for, draft, persona, name, extra):
    response = client_for(personas[persona]).get(url(name, draft.pk, *extra))
    expected = {"lebanon_delegate": 200, "anonymous": 302}.get(persona, 404)
    assert response.status_code == expected
    if persona == "anonymous":
        assert response["Location"].startswith(reverse("two_factor:login"))


SUBMITTED_PAGES = [
    ("version_list", ()),
    ("version_detail", (1,)),
    ("version_receipt", (1,)),
    ("version_compare", ()),
]


@pytest.mark.parametrize("persona", PERSONAS)
@pytest.mark.parametrize(("name", "extra"), SUBMITTED_PAGES)
def test_submitted_versions_are_read_by_the_state_and_its_isu(
    personas, client_for, corrected, persona, name, extra
):
    response = client_for(personas[persona]).get(url(name, corrected.pk, *extra))
    expected = {"lebanon_delegate": 200, "ccm_staff": 200, "anonymous": 302}.get(persona, 404)
    assert response.status_code == expected


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_working_copy_of_a_submitted_report_stays_with_the_state(
    personas, client_for, submitted, persona
):
    response = client_for(personas[persona]).get(url("report_detail", submitted.pk))
    assert response.status_code == {"lebanon_delegate": 200, "anonymous": 302}.get(persona, 404)


@pytest.mark.parametrize("persona", PERSONAS)
def test_attachments_of_a_submitted_version_reach_the_isu_not_others(
    personas, client_for, submitted, persona
):
    attachment = submitted.attachments.get()
    response = client_for(personas[persona]).get(url("attachment_download", submitted.pk, attachment.pk))
    assert response.status_code == {"lebanon_delegate": 200, "ccm_staff": 200, "anonymous": 302}.get(
        persona, 404
    )
    if response.status_code == 200:
        assert b"".join(response.streaming_content) == PDF


@pytest.mark.parametrize("persona", PERSONAS)
def test_draft_attachments_are_the_states_alone(personas, client_for, draft, lebanon_delegate, persona):
    attachment = services.attachment_add(
        actor=lebanon_delegate, report=draft, file=SimpleUploadedFile("map.png", png_bytes(), "image/png")
    )
    response = client_for(personas[persona]).get(url("attachment_download", draft.pk, attachment.pk))
    assert response.status_code == {"lebanon_delegate": 200, "anonymous": 302}.get(persona, 404)


@pytest.mark.parametrize("persona", ["ccm_staff", "apmbc_staff", "norway_delegate", "anonymous"])
def test_nobody_else_can_write_to_the_draft(personas, client_for, draft, persona):
    client = client_for(personas[persona])
    form = form_of(draft, "B")
    expected = 302 if persona == "anonymous" else 404
    posts = [
        (
            url("form_edit", draft.pk, "B"),
            stockpile_post(form.revision, [{"munition_type": "X", "quantity": "1"}]),
        ),
        (url("form_edit", draft.pk, "B"), {"revision": form.revision, "action": "not_applicable"}),
        (url("report_mark_unchanged", draft.pk), {}),
        (url("attachment_upload", draft.pk), {"file": SimpleUploadedFile("a.pdf", PDF, "application/pdf")}),
        (url("report_submit", draft.pk), {"visibility": "public"}),
        (url("report_correct", draft.pk), {}),
    ]
    for path, data in posts:
        assert client.post(path, data).status_code == expected, path
    form.refresh_from_db()
    assert (form.choice, form.revision, draft.attachments.count()) == ("", 0, 0)
    assert not ReportVersion.objects.exists()


def test_a_delegate_cannot_start_another_states_report(
    client_for, forms_loaded, norway_party, lebanon_delegate
):
    response = client_for(lebanon_delegate).post(
        url("report_start"), {"state": "NOR", "convention": "CCM", "kind": "annual", "year": "2023"}
    )
    assert response.status_code == 404
    assert not Report.objects.exists()


def test_my_reports_offers_this_years_report_and_starting_it_opens_a_draft(
    client_for, forms_loaded, lebanon_party, lebanon_delegate
):
    client = client_for(lebanon_delegate)
    year = selectors.today().year - 1
    page = client.get(url("delegate_home")).content.decode()
    assert f"Start the report for {year}" in page and "Due by 30 April" in page
    response = client.post(
        url("report_start"), {"state": "LBN", "convention": "CCM", "kind": "annual", "year": str(year)}
    )
    report = Report.objects.get()
    assert (report.year, report.status) == (year, Report.Status.DRAFT)
    assert response["Location"] == url("report_detail", report.pk)
    assert "Continue the report" in client.get(url("delegate_home")).content.decode()


def test_staff_see_submitted_reports_on_their_page_not_drafts(
    client_for, submitted, ccm_staff, apmbc_staff, norway_party, norway_delegate
):
    services.report_open(
        actor=norway_delegate, state=norway_party, convention=submitted.convention, year=2023
    )
    page = client_for(ccm_staff).get(url("delegate_home")).content.decode()
    assert url("version_list", submitted.pk) in page
    assert "Norway" not in page  # its report is a draft
    assert (
        url("version_list", submitted.pk)
        not in client_for(apmbc_staff).get(url("delegate_home")).content.decode()
    )


# ---------------------------------------------------------------------------------------------
# The form page: saving, rows, errors, conflicts
# ---------------------------------------------------------------------------------------------


def test_form_page_shows_labels_units_and_required_marks_in_the_active_language(
    client_for, draft, lebanon_delegate
):
    client = client_for(lebanon_delegate)
    page = client.get(url("form_edit", draft.pk, "F")).content.decode()
    assert '<label class="visually-hidden" for="t-areas-0-size">' in page and "row 1</label>" in page
    assert "(m²)" in page and 'name="t.areas.0.size"' in page and 'name="revision" value="0"' in page
    template = form_of(draft, "F").template
    arabic_label = template.fields.get(key="areas").label_ar
    page_ar = client.get(url("form_edit", draft.pk, "F"), HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in page_ar and arabic_label in page_ar


def test_saving_a_table_keeps_the_rows_and_shows_the_computed_total(client_for, draft, lebanon_delegate):
    client = client_for(lebanon_delegate)
    rows = [{"munition_type": "M26", "quantity": "1 200"}, {"munition_type": "BL755", "quantity": "34"}]
    response = client.post(url("form_edit", draft.pk, "B"), stockpile_post(0, rows))
    assert response.status_code == 302
    form = form_of(draft, "B")
    assert form.data["tables"]["stockpile"] == [
        {"munition_type": "M26", "quantity": 1200},
        {"munition_type": "BL755", "quantity": 34},
    ]
    assert (form.choice, form.revision) == (ReportForm.Choice.CHANGED, 1)
    page = client.get(url("form_edit", draft.pk, "B")).content.decode()
    assert 'value="BL755"' in page and "1,234" in page  # the computed total, English style


def test_add_row_and_remove_row_work_without_javascript(client_for, draft, lebanon_delegate):
    client = client_for(lebanon_delegate)
    rows = [{"munition_type": "M26", "quantity": "5"}]
    page = client.post(url("form_edit", draft.pk, "B"), stockpile_post(0, rows, action="add:stockpile"))
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="t.stockpile.1.quantity"' in html and 'name="t.stockpile.2.quantity"' not in html
    assert 'name="revision" value="1"' in html  # the typed row was saved on the way
    rows.append({"munition_type": "BL755", "quantity": "7"})
    client.post(url("form_edit", draft.pk, "B"), stockpile_post(1, rows))
    client.post(url("form_edit", draft.pk, "B"), stockpile_post(2, rows, action="remove:stockpile:0"))
    assert form_of(draft, "B").data["tables"]["stockpile"] == [{"munition_type": "BL755", "quantity": 7}]


@pytest.mark.parametrize(
    ("value", "message"),
    [("-5", "A quantity cannot be negative."), ("twelve", "Enter a whole number, such as 1250.")],
)
def test_bad_number_is_refused_naming_field_and_row_and_nothing_changes(
    client_for, draft, lebanon_delegate, value, message
):
    client = client_for(lebanon_delegate)
    client.post(
        url("form_edit", draft.pk, "B"), stockpile_post(0, [{"munition_type": "M26", "quantity": "3"}])
    )
    rows = [{"munition_type": "M26", "quantity": "4"}, {"munition_type": "BL755", "quantity": value}]
    response = client.post(url("form_edit", draft.pk, "B"), stockpile_post(1, rows))
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html
    summary_link = html.split('href="#t-stockpile-1-quantity">', 1)[1].split("</a>", 1)[0]
    assert summary_link.startswith("Form B, ") and f"row 2, Quantity (munitions): {message}" in summary_link
    assert 'id="t-stockpile-1-quantity-error"' in html and 'aria-invalid="true"' in html
    assert f'value="{value}"' in html  # what was typed is still there
    form = form_of(draft, "B")
    assert form.revision == 1 and form.data["tables"]["stockpile"] == [
        {"munition_type": "M26", "quantity": 3}
    ]


def test_errors_in_arabic_name_the_row(client_for, draft, lebanon_delegate):
    rows = [{"munition_type": "M26", "quantity": "-1"}]
    response = client_for(lebanon_delegate).post(
        url("form_edit", draft.pk, "B"), stockpile_post(0, rows), HTTP_ACCEPT_LANGUAGE="ar"
    )
    html = response.content.decode()
    assert response.status_code == 400 and 'dir="rtl"' in html and 'href="#t-stockpile-0-quantity"' in html
    assert "A quantity cannot be negative." not in html  # translated


def test_a_stale_revision_is_a_conflict_and_the_input_is_kept(
    client_for, draft, lebanon_delegate, lebanon, ccm
):
    colleague = DelegateFactory(username="lebanon-colleague", assignment=(lebanon, ccm))
    form = form_of(draft, "B")
    services.form_save(
        actor=colleague, report_form=form, expected_revision=0,
        data={"fields": {}, "tables": {"stockpile": [{"munition_type": "Theirs", "quantity": "1"}]}},
    )  # fmt: skip
    rows = [{"munition_type": "Mine", "quantity": "99"}]
    response = client_for(lebanon_delegate).post(url("form_edit", draft.pk, "B"), stockpile_post(0, rows))
    assert response.status_code == 409
    html = response.content.decode()
    assert "Another delegate saved this form" in html and "lebanon-colleague" in html
    assert 'value="Mine"' in html and 'value="99"' in html  # nothing typed is lost
    assert "Theirs" in html  # their version, to compare
    assert 'name="revision" value="1"' in html  # saving again replaces theirs deliberately
    assert form_of(draft, "B").data["tables"]["stockpile"][0]["munition_type"] == "Theirs"


def test_autosave_answers_json_with_the_new_revision_errors_or_conflict(client_for, draft, lebanon_delegate):
    client = client_for(lebanon_delegate)
    path = url("form_edit", draft.pk, "B")
    rows = [{"munition_type": "M26", "quantity": "3"}]
    answer = client.post(path, stockpile_post(0, rows), HTTP_X_REQUESTED_WITH="fetch")
    assert answer.status_code == 200 and answer.json()["ok"] and answer.json()["revision"] == 1
    bad = client.post(
        path, stockpile_post(1, [{"munition_type": "M26", "quantity": "-3"}]), HTTP_X_REQUESTED_WITH="fetch"
    )
    assert bad.status_code == 400 and bad.json()["errors"][0]["key"] == "stockpile.1.quantity"
    assert "row 1" in bad.json()["errors"][0]["message"]
    stale = client.post(path, stockpile_post(0, rows), HTTP_X_REQUESTED_WITH="fetch")
    assert stale.status_code == 409 and "after you opened it" in stale.json()["conflict"]
    assert form_of(draft, "B").revision == 1


def test_choice_buttons_mark_not_applicable_and_unchanged(
    client_for, submitted, lebanon_delegate, lebanon_party, ccm
):
    report = services.report_open(actor=lebanon_delegate, state=lebanon_party, convention=ccm, year=2024)
    client = client_for(lebanon_delegate)
    page = client.get(url("form_edit", report.pk, "C")).content.decode()
    assert "Unchanged since the report of 2023" in page
    client.post(url("form_edit", report.pk, "C"), {"revision": "0", "action": "unchanged"})
    client.post(url("form_edit", report.pk, "D"), {"revision": "0", "action": "not_applicable"})
    c, d = form_of(report, "C"), form_of(report, "D")
    assert (c.choice, c.unchanged_since_year, d.choice) == ("unchanged", 2023, "not_applicable")
    page = client.get(url("form_edit", report.pk, "C")).content.decode()
    assert "Content carried forward from the report of 2023" in page and "data-autosave" not in page


# ---------------------------------------------------------------------------------------------
# Attachments
# ---------------------------------------------------------------------------------------------


def test_a_file_that_is_not_what_it_claims_is_refused_and_nothing_is_stored(
    client_for, draft, lebanon_delegate
):
    fake = SimpleUploadedFile("law.pdf", png_bytes(), "application/pdf")
    response = client_for(lebanon_delegate).post(url("attachment_upload", draft.pk), {"file": fake})
    assert response.status_code == 400
    html = response.content.decode()
    assert 'role="alert"' in html and "“law.pdf” claims to be PDF but its content is PNG." in html
    assert not Attachment.objects.exists()


def test_an_upload_into_a_submitted_version_is_refused(client_for, submitted, lebanon_delegate):
    upload = SimpleUploadedFile("late.pdf", PDF, "application/pdf")
    response = client_for(lebanon_delegate).post(url("attachment_upload", submitted.pk), {"file": upload})
    assert response.status_code == 400
    assert "This version has been submitted: nothing can be attached to it." in response.content.decode()
    assert [a.original_name for a in submitted.attachments.all()] == ["law.pdf"]


def test_upload_list_and_remove_an_attachment(client_for, draft, lebanon_delegate):
    client = client_for(lebanon_delegate)
    upload = SimpleUploadedFile("map.png", png_bytes(), "image/png")
    response = client.post(
        url("attachment_upload", draft.pk), {"file": upload, "form": "F", "description": "Map"}
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.form.template.letter == "F"
    assert "map.png" in client.get(url("report_detail", draft.pk)).content.decode()
    client.post(url("attachment_remove", draft.pk, attachment.pk))
    assert not Attachment.objects.exists()


# ---------------------------------------------------------------------------------------------
# Submission, receipt, correction, versions
# ---------------------------------------------------------------------------------------------


def test_submission_is_refused_with_the_checklist_then_accepted_with_a_receipt(
    client_for, draft, lebanon_delegate
):
    client = client_for(lebanon_delegate)
    response = client.post(url("report_submit", draft.pk), {"visibility": "public"})
    assert response.status_code == 400
    assert "Form A: Say whether the form changed" in response.content.decode()
    assert not ReportVersion.objects.exists()
    mark_all_not_applicable(lebanon_delegate, draft)
    response = client.post(url("report_submit", draft.pk), {"visibility": "restricted"})
    assert response["Location"] == url("version_receipt", draft.pk, 1)
    receipt = client.get(response["Location"]).content.decode()
    version = ReportVersion.objects.get()
    assert "Version 1 of the report has been received." in receipt
    assert version.submitted_at.astimezone().strftime("%H:%M")[:2] in receipt
    draft.refresh_from_db()
    assert (draft.status, draft.requested_visibility) == (Report.Status.SUBMITTED, "restricted")


def test_a_correction_needs_a_comment_and_makes_version_2(client_for, submitted, lebanon_delegate):
    client = client_for(lebanon_delegate)
    client.post(url("report_correct", submitted.pk))
    submitted.refresh_from_db()
    assert submitted.correction_open
    response = client.post(url("report_submit", submitted.pk), {"visibility": "public", "comment": " "})
    assert response.status_code == 400 and "A correction needs a comment" in response.content.decode()
    response = client.post(url("report_submit", submitted.pk), {"visibility": "public", "comment": "Typo."})
    assert response["Location"] == url("version_receipt", submitted.pk, 2)
    assert list(submitted.versions.values_list("number", "comment")) == [(1, ""), (2, "Typo.")]


def test_versions_page_and_field_by_field_comparison(client_for, corrected, ccm_staff):
    client = client_for(ccm_staff)
    versions = client.get(url("version_list", corrected.pk)).content.decode()
    assert "Version 1" in versions and "Version 2" in versions and "Stockpile found in 2023." in versions
    html = client.get(url("version_compare", corrected.pk) + "?a=1&b=2").content.decode()
    assert "Changes from version 1 to version 2" in html
    assert "Not applicable" in html and "Changed (new information)" in html
    assert "M26" in html and "Quantity" in html
    version_1 = client.get(url("version_detail", corrected.pk, 1)).content.decode()
    assert "M26" not in version_1


def test_mark_every_form_unchanged_fills_the_report_in_one_step(
    client_for, submitted, lebanon_delegate, lebanon_party, ccm
):
    report = services.report_open(actor=lebanon_delegate, state=lebanon_party, convention=ccm, year=2024)
    client = client_for(lebanon_delegate)
    assert (
        "Mark every form not yet filled unchanged"
        in client.get(url("report_detail", report.pk)).content.decode()
    )
    client.post(url("report_mark_unchanged", report.pk))
    assert {(f.choice, f.unchanged_since_year) for f in selectors.report_forms(report)} == {
        ("unchanged", 2023)
    }
    assert client.post(url("report_submit", report.pk), {"visibility": "public"}).status_code == 302


# ---------------------------------------------------------------------------------------------
# Query counts
# ---------------------------------------------------------------------------------------------

# Pinned: session, user, roles, report, forms (3), earlier version, attachments, versions.
REPORT_PAGE_QUERIES = 11


def test_report_page_runs_a_constant_number_of_queries(
    client_for, submitted, lebanon_delegate, django_assert_max_num_queries
):
    client = client_for(lebanon_delegate)
    client.post(url("report_correct", submitted.pk))
    with django_assert_max_num_queries(REPORT_PAGE_QUERIES):
        assert client.get(url("report_detail", submitted.pk)).status_code == 200
    for index in range(5):
        services.attachment_add(
            actor=lebanon_delegate, report=submitted,
            file=SimpleUploadedFile(f"law{index}.pdf", PDF + bytes([index]) + b"\n%%EOF\n", "application/pdf"),
        )  # fmt: skip
    for letter in "BCF":
        form = form_of(submitted, letter)
        services.form_save(actor=lebanon_delegate, report_form=form, expected_revision=form.revision, data={})
    with django_assert_max_num_queries(REPORT_PAGE_QUERIES):
        assert client.get(url("report_detail", submitted.pk)).status_code == 200


def test_the_receipt_pdf_downloads_for_the_state_and_its_isu_only(
    client_for, submitted, lebanon_delegate, ccm_staff, norway_delegate
):
    path = url("version_receipt_pdf", submitted.pk, 1, "ar")
    response = client_for(lebanon_delegate).get(path)
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert client_for(ccm_staff).get(path).status_code == 200
    assert client_for(norway_delegate).get(path).status_code == 404
