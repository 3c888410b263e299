"""Article 7 services: opening, saving forms, attachments, submission, corrections, the ISU's acts."""

import datetime
import io
import unicodedata

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django.utils import translation

from reporting import selectors, services
from reporting.models import Attachment, Report, ReportForm, ReportVersion
from reporting.services import ChecklistError, RevisionConflict
from reporting.validation import FormErrors
from reporting.versions import version_diff
from tests.reporting.reporting_helpers import PDF, form_of, mark_all_not_applicable, png_bytes, submit_simple


def test_opening_a_report_creates_a_draft_with_forms_a_to_j_due_on_30_april(
    draft, lebanon_delegate, lebanon_party, ccm
):
    assert draft.status == Report.Status.DRAFT
    assert draft.due_date == datetime.date(2024, 4, 30)
    assert [f.template.letter for f in selectors.report_forms(draft)] == list("ABCDEFGHIJ")
    again = services.report_open(actor=lebanon_delegate, state=lebanon_party, convention=ccm, year=2023)
    assert again.pk == draft.pk and Report.objects.count() == 1


def test_initial_report_is_due_180_days_after_entry_into_force(
    forms_loaded, lebanon_party, ccm, lebanon_delegate
):
    report = services.report_open(
        actor=lebanon_delegate, state=lebanon_party, convention=ccm, kind=Report.Kind.INITIAL
    )
    assert (report.year, report.due_date) == (2011, datetime.date(2011, 10, 28))


def test_no_annual_report_before_the_first_full_year(forms_loaded, lebanon_party, ccm, lebanon_delegate):
    with pytest.raises(ValidationError) as refused:
        services.report_open(actor=lebanon_delegate, state=lebanon_party, convention=ccm, year=2011)
    assert "2012" in str(refused.value.message_dict["year"])


def test_delegate_cannot_open_another_states_report(forms_loaded, norway_party, ccm, lebanon_delegate):
    with pytest.raises(PermissionDenied):
        services.report_open(actor=lebanon_delegate, state=norway_party, convention=ccm, year=2023)


def test_delegate_of_another_state_gets_nothing_from_the_selectors(
    draft, norway_delegate, lebanon_delegate, ccm_staff
):
    version = submit_simple(lebanon_delegate, draft)
    attachment_count = Attachment.objects.count()
    for getter in (
        lambda: selectors.report_for_edit(viewer=norway_delegate, pk=draft.pk),
        lambda: selectors.report_get(viewer=norway_delegate, pk=draft.pk),
        lambda: selectors.version_get(viewer=norway_delegate, report_id=draft.pk, number=version.number),
        lambda: selectors.report_form_get(viewer=norway_delegate, report_id=draft.pk, letter="B"),
    ):
        with pytest.raises(Report.DoesNotExist):
            getter()
    assert not selectors.report_working_queryset(viewer=norway_delegate).filter(pk=draft.pk).exists()
    assert attachment_count == 0
    assert selectors.report_for_edit(viewer=ccm_staff, pk=draft.pk) == draft
    assert selectors.report_get(viewer=lebanon_delegate, pk=draft.pk) == draft


def test_the_public_sees_only_published_public_reports(draft, lebanon_delegate, ccm_staff):
    assert not selectors.report_queryset(viewer=None).exists()
    submit_simple(lebanon_delegate, draft)
    assert not selectors.report_queryset(viewer=None).exists()
    services.report_publish(actor=ccm_staff, report=draft, visibility=Report.Visibility.RESTRICTED)
    assert not selectors.report_queryset(viewer=None).exists()
    services.report_publish(actor=ccm_staff, report=draft, visibility=Report.Visibility.PUBLIC)
    assert list(selectors.report_queryset(viewer=None)) == [draft]


def test_staff_of_the_other_convention_cannot_change_this_ones_reports(draft, apmbc_staff, lebanon_delegate):
    form = form_of(draft, "A")
    with pytest.raises(PermissionDenied):
        services.form_mark_not_applicable(
            actor=apmbc_staff, report_form=form, expected_revision=form.revision
        )
    submit_simple(lebanon_delegate, draft)
    for act in (services.report_acknowledge, services.report_publish, services.report_correct):
        with pytest.raises(PermissionDenied):
            act(actor=apmbc_staff, report=draft)
    with pytest.raises(Report.DoesNotExist):
        selectors.report_for_edit(viewer=apmbc_staff, pk=draft.pk)


def test_saving_a_table_normalises_values_and_raises_the_revision(draft, lebanon_delegate):
    form = form_of(draft, "B")
    data = {
        "tables": {"stockpile": [{"munition_type": "M26", "quantity": "1 250", "submunitions": 644}, {}]},
        "fields": {"programme": "  Destroyed at site X  ", "discovered_after_completion": "no"},
    }
    saved = services.form_save(actor=lebanon_delegate, report_form=form, data=data, expected_revision=0)
    saved.refresh_from_db()
    assert saved.revision == 1 and saved.choice == ReportForm.Choice.CHANGED
    assert saved.data == {
        "fields": {"programme": "Destroyed at site X", "discovered_after_completion": False},
        "tables": {"stockpile": [{"munition_type": "M26", "quantity": 1250, "submunitions": 644}]},
    }


def test_bad_input_names_field_and_row_and_changes_nothing(draft, lebanon_delegate):
    form = form_of(draft, "F")
    services.form_save(
        actor=lebanon_delegate, report_form=form, data={"fields": {"programme": "ok"}}, expected_revision=0
    )
    form.refresh_from_db()
    before = (form.data, form.revision)
    bad = {
        "fields": {"programme": "changed"},
        "tables": {
            "areas": [
                {"location": "Nabatieh", "size": "1200.5", "remnant_quantity": "12"},
                {"location": "Tyre", "size": "-5", "remnant_quantity": "twelve"},
            ],
            "land_released": [{"location": "Bint Jbeil", "cleared": "abc"}],
        },
    }
    with pytest.raises(FormErrors) as refused:
        services.form_save(
            actor=lebanon_delegate, report_form=form, data=bad, expected_revision=form.revision
        )
    errors = refused.value.message_dict
    assert set(errors) == {"areas.2.size", "areas.2.remnant_quantity", "land_released.1.cleared"}
    assert "row 2" in errors["areas.2.size"][0] and "Size" in errors["areas.2.size"][0]
    assert "negative" in errors["areas.2.size"][0]
    assert "whole number" in errors["areas.2.remnant_quantity"][0]
    form.refresh_from_db()
    assert (form.data, form.revision) == before


def test_error_messages_come_in_the_active_language(draft, lebanon_delegate):
    form = form_of(draft, "B")
    with translation.override("ar"), pytest.raises(FormErrors) as refused:
        services.form_save(
            actor=lebanon_delegate, report_form=form, data={"tables": {"stockpile": [{"munition_type": "x", "quantity": "-1"}]}},
            expected_revision=0,
        )  # fmt: skip
    message = refused.value.field_errors[0].full_message
    assert "الكمية" in message  # the column's Arabic label from the form template


def test_invalid_date_and_unknown_choice_are_refused(draft, lebanon_delegate):
    form = form_of(draft, "A")
    data = {
        "tables": {"measures": [{"measure": "Law 2020", "date_adopted": "2020-02-30", "status": "maybe"}]}
    }
    with pytest.raises(FormErrors) as refused:
        services.form_save(actor=lebanon_delegate, report_form=form, data=data, expected_revision=0)
    assert set(refused.value.message_dict) == {"measures.1.date_adopted", "measures.1.status"}


def test_a_save_over_a_stale_revision_is_a_conflict_not_an_overwrite(draft, lebanon_delegate, ccm_staff):
    form = form_of(draft, "J")
    services.form_save(
        actor=lebanon_delegate, report_form=form, data={"fields": {"other": "first"}}, expected_revision=0
    )
    stale = form_of(draft, "J")
    stale.revision = 0  # a second delegate opened the form before the first save
    with pytest.raises(RevisionConflict) as conflict:
        services.form_save(
            actor=ccm_staff, report_form=stale, data={"fields": {"other": "second"}}, expected_revision=0
        )
    assert "lebanon-delegate" in conflict.value.messages[0]
    assert form_of(draft, "J").data["fields"]["other"] == "first"


def test_submission_is_refused_with_the_checklist(draft, lebanon_delegate):
    form = form_of(draft, "H")
    services.form_save(
        actor=lebanon_delegate,
        report_form=form,
        data={"fields": {"new_casualties": "3"}},
        expected_revision=0,
    )
    with pytest.raises(ChecklistError) as refused:
        services.report_submit(actor=lebanon_delegate, report=draft)
    keys = set(refused.value.message_dict)
    assert "A:choice" in keys and "H:progress" in keys and "J:choice" not in keys  # J is voluntary
    draft.refresh_from_db()
    assert draft.status == Report.Status.DRAFT and not ReportVersion.objects.exists()


def test_submission_freezes_version_1_and_sends_a_receipt(
    draft, lebanon_delegate, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        version = submit_simple(lebanon_delegate, draft)
    draft.refresh_from_db()
    assert (
        version.number == 1
        and draft.status == Report.Status.SUBMITTED
        and draft.submitted_at == version.submitted_at
    )
    assert version.snapshot["forms"]["B"]["choice"] == "not_applicable"
    assert len(mail.outbox) == 1 and "lebanon-delegate@example.org" in mail.outbox[0].to
    assert "version 1" in mail.outbox[0].body


def test_a_submitted_version_is_never_changed(draft, lebanon_delegate):
    version = submit_simple(lebanon_delegate, draft)
    form = form_of(draft, "B")
    with pytest.raises(ValidationError) as refused:
        services.form_save(actor=lebanon_delegate, report_form=form, data={}, expected_revision=form.revision)
    assert "status" in refused.value.message_dict
    with pytest.raises(ValidationError):
        services.attachment_add(actor=lebanon_delegate, report=draft, file=SimpleUploadedFile("law.pdf", PDF))
    # The database refuses too, whatever the path (admin, shell, a bug).
    with pytest.raises(DatabaseError), transaction.atomic():
        ReportVersion.objects.filter(pk=version.pk).update(comment="rewritten")
    version.refresh_from_db()
    assert version.comment == ""


def test_a_correction_makes_version_2_and_leaves_version_1(draft, lebanon_delegate):
    v1 = submit_simple(lebanon_delegate, draft)
    frozen = dict(v1.snapshot)
    services.report_correct(actor=lebanon_delegate, report=draft)
    form = form_of(draft, "B")
    services.form_save(
        actor=lebanon_delegate, report_form=form, expected_revision=form.revision,
        data={"tables": {"stockpile": [{"munition_type": "M77", "quantity": "10"}]}},
    )  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        services.report_submit(actor=lebanon_delegate, report=draft)
    assert "comment" in refused.value.message_dict
    v2 = services.report_submit(actor=lebanon_delegate, report=draft, comment="Stockpile found in depot 4")
    v1.refresh_from_db()
    assert v2.number == 2 and v1.snapshot == frozen
    changes = version_diff(v1, v2)
    assert ("B", "choice", None, None, "not_applicable", "changed") in changes
    assert ("B", "stockpile", 1, "quantity", None, 10) in changes


def test_unchanged_carries_the_last_submitted_content_with_its_year(
    forms_loaded, lebanon_party, ccm, lebanon_delegate
):
    r2022 = services.report_open(actor=lebanon_delegate, state=lebanon_party, convention=ccm, year=2022)
    mark_all_not_applicable(lebanon_delegate, r2022)
    form = form_of(r2022, "F")
    services.form_save(
        actor=lebanon_delegate, report_form=form, expected_revision=form.revision,
        data={"tables": {"areas": [{"location": "Nabatieh", "size": "1000"}]}},
    )  # fmt: skip
    services.report_submit(actor=lebanon_delegate, report=r2022)
    r2023 = services.report_open(actor=lebanon_delegate, state=lebanon_party, convention=ccm, year=2023)
    mark_all_not_applicable(lebanon_delegate, r2023)
    form = form_of(r2023, "F")
    services.form_mark_unchanged(actor=lebanon_delegate, report_form=form, expected_revision=form.revision)
    services.report_submit(actor=lebanon_delegate, report=r2023)
    # 2024: still unchanged since the report of 2022 (followed back through 2023).
    r2024 = services.report_open(actor=lebanon_delegate, state=lebanon_party, convention=ccm, year=2024)
    form = form_of(r2024, "F")
    services.form_mark_unchanged(actor=lebanon_delegate, report_form=form, expected_revision=form.revision)
    form.refresh_from_db()
    assert form.unchanged_since_year == 2022
    assert form.data["tables"]["areas"] == [{"location": "Nabatieh", "size": "1000"}]


def test_unchanged_needs_an_earlier_report(draft, lebanon_delegate):
    form = form_of(draft, "A")
    with pytest.raises(ValidationError) as refused:
        services.form_mark_unchanged(actor=lebanon_delegate, report_form=form, expected_revision=0)
    assert "choice" in refused.value.message_dict


def test_attachments_are_checked_by_content(draft, lebanon_delegate, settings):
    pdf = services.attachment_add(
        actor=lebanon_delegate, report=draft, file=SimpleUploadedFile("law.pdf", PDF)
    )
    assert pdf.content_type == "application/pdf" and len(pdf.sha256) == 64
    image = services.attachment_add(
        actor=lebanon_delegate, report=draft, file=SimpleUploadedFile("map.png", png_bytes())
    )
    assert image.content_type == "image/png"
    for upload, words in (
        (SimpleUploadedFile("map.pdf", png_bytes()), "claims to be PDF"),
        (SimpleUploadedFile("notes.pdf", b"MZ\x90\x00 not a pdf"), "not a PDF, PNG or JPEG"),
        (SimpleUploadedFile("broken.png", b"\x89PNG\r\n\x1a\n" + b"\x00" * 20), "not a valid image"),
    ):
        with pytest.raises(ValidationError) as refused:
            services.attachment_add(actor=lebanon_delegate, report=draft, file=upload)
        assert words in refused.value.message_dict["file"][0]
    settings.REPORTING_ATTACHMENT_MAX_BYTES = 10
    with pytest.raises(ValidationError) as refused:
        services.attachment_add(actor=lebanon_delegate, report=draft, file=SimpleUploadedFile("law.pdf", PDF))
    assert "limit" in refused.value.message_dict["file"][0]
    assert Attachment.objects.count() == 2


def test_staff_record_a_report_received_by_email_then_acknowledge_and_publish(
    forms_loaded, norway_party, ccm, ccm_staff, lebanon_delegate
):
    version = services.report_record_received(
        actor=ccm_staff, state=norway_party, convention=ccm, year=2023, submitted_on=datetime.date(2024, 5, 2),
        file=SimpleUploadedFile("norway-2023.pdf", PDF), requested_visibility=Report.Visibility.PUBLIC,
    )  # fmt: skip
    report = version.report
    report.refresh_from_db()
    assert report.received_via == Report.ReceivedVia.EMAIL and report.status == Report.Status.SUBMITTED
    assert report.submitted_at.date() == datetime.date(2024, 5, 2)
    assert version.snapshot["attachments"][0]["name"] == "norway-2023.pdf"
    with pytest.raises(PermissionDenied):
        services.report_record_received(
            actor=lebanon_delegate, state=norway_party, convention=ccm, year=2022, submitted_on=datetime.date(2023, 4, 1),
            file=SimpleUploadedFile("x.pdf", PDF),
        )  # fmt: skip
    services.report_acknowledge(actor=ccm_staff, report=report)
    services.report_publish(actor=ccm_staff, report=report)
    report.refresh_from_db()
    assert report.status == Report.Status.PUBLISHED and report.published_at is not None


def test_the_receipt_email_carries_the_arabic_and_english_pdf_receipts(
    draft, lebanon_delegate, django_capture_on_commit_callbacks
):
    from pypdf import PdfReader

    with django_capture_on_commit_callbacks(execute=True):
        submit_simple(lebanon_delegate, draft)
    (message,) = mail.outbox
    files = {name: (content, mimetype) for name, content, mimetype in message.attachments}
    assert sorted(files) == [
        "ccm-article7-lbn-2023-v1-receipt-ar.pdf",
        "ccm-article7-lbn-2023-v1-receipt-en.pdf",
    ]
    for content, mimetype in files.values():
        assert mimetype == "application/pdf" and content.startswith(b"%PDF")
    english = (
        PdfReader(io.BytesIO(files["ccm-article7-lbn-2023-v1-receipt-en.pdf"][0])).pages[0].extract_text()
    )
    assert "Lebanon" in english
    arabic = (
        PdfReader(io.BytesIO(files["ccm-article7-lbn-2023-v1-receipt-ar.pdf"][0])).pages[0].extract_text()
    )
    assert "لبنان" in unicodedata.normalize("NFKC", arabic)
