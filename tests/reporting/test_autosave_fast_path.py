"""The autosave (selectors.delegate_form_for_save, then services.form_save, the one save of a form): the
same rules, answers and audit as the form page's save, whoever asks and whatever the report's state."""
# ruff: noqa: F811 - fixtures imported from reporting_helpers are redefined as test arguments

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection, connections, transaction
from django.urls import reverse

from reporting import selectors, services
from reporting.models import Report, ReportForm
from secretariat.models import AuditEntry
from tests.reporting.reporting_helpers import (  # noqa: F401 - fixtures
    draft,
    form_of,
    forms_loaded,
    lebanon_party,
    norway_party,
    submit_simple,
)


def autosave(client, report, letter, revision, value):
    return client.post(
        reverse("reporting:form_edit", args=[report.pk, letter]),
        {"revision": str(revision), "action": "save", "f.other": value},
        HTTP_X_REQUESTED_WITH="fetch",
    )


def test_the_save_read_gives_the_same_form_as_the_full_read(draft, lebanon_delegate):
    full = selectors.report_form_get(viewer=lebanon_delegate, report_id=draft.pk, letter="J")
    fast = selectors.delegate_form_for_save(viewer=lebanon_delegate, report_id=draft.pk, letter="j")
    assert (fast.pk, fast.revision, fast.data, fast.choice, fast.template_id) == (
        full.pk, full.revision, full.data, full.choice, full.template_id,
    )  # fmt: skip
    assert str(fast) == str(full)  # the audit line names the form the same way
    assert fast.template.letter == "J" and [f.key for f in fast.template.fields.all()]


def test_a_field_the_save_read_did_not_fetch_is_read_not_made_up(
    draft, lebanon_delegate, django_assert_num_queries
):
    fast = selectors.delegate_form_for_save(viewer=lebanon_delegate, report_id=draft.pk, letter="J")
    stored = Report.objects.get(pk=draft.pk).due_date
    with django_assert_num_queries(1):  # deferred: one query, and the stored value
        assert fast.report.due_date == stored


def test_the_save_read_holds_all_a_save_uses(draft, lebanon_delegate, django_assert_num_queries):
    """Two queries (the delegate's pairs, the form with its report), then nothing deferred is fetched
    again by what the save does with it: the audit line's name, the rules, the definitions."""
    selectors.form_set_definitions(draft.form_set)  # warm, as on every save but a process's first
    lebanon_delegate.__dict__.pop("_delegate_pairs", None)
    with django_assert_num_queries(2):
        form = selectors.delegate_form_for_save(viewer=lebanon_delegate, report_id=draft.pk, letter="J")
    with django_assert_num_queries(0):
        assert str(form).endswith("· J") and form.report.is_editable
        assert lebanon_delegate.has_perm("reporting.change_report", form.report)
        assert (form.data, form.revision, form.choice, form.unchanged_since_year) == ({}, 0, "", None)


def test_the_autosave_and_the_form_pages_save_leave_the_same_record(client_for, draft, lebanon_delegate):
    client = client_for(lebanon_delegate)
    assert autosave(client, draft, "J", 0, "by script").status_code == 200
    page = client.post(
        reverse("reporting:form_edit", args=[draft.pk, "J"]),
        {"revision": "1", "action": "save", "f.other": "by hand"},
    )
    assert page.status_code == 302
    entries = AuditEntry.objects.filter(action="reporting.form.saved").order_by("id")
    assert [(e.actor_id, e.object_repr, e.changes) for e in entries] == [
        (lebanon_delegate.pk, str(form_of(draft, "J")), {"revision": 1, "changed": True}),
        (lebanon_delegate.pk, str(form_of(draft, "J")), {"revision": 2, "changed": True}),
    ]
    form = form_of(draft, "J")
    assert (form.data["fields"]["other"], form.choice, form.updated_by) == (
        "by hand",
        "changed",
        lebanon_delegate,
    )


@pytest.mark.parametrize("persona", ["norway_delegate", "ccm_staff", "apmbc_staff", "anonymous"])
def test_only_a_delegate_of_the_state_reaches_the_autosave(request, client_for, draft, persona):
    user = None if persona == "anonymous" else request.getfixturevalue(persona)
    answer = autosave(client_for(user), draft, "J", 0, "not theirs")
    assert answer.status_code == (302 if user is None else 404)  # anonymous: to the login page
    assert form_of(draft, "J").revision == 0 and not form_of(draft, "J").data
    assert not AuditEntry.objects.filter(action="reporting.form.saved").exists()


def test_no_such_form_or_report_is_a_404(client_for, draft, lebanon_delegate):
    client = client_for(lebanon_delegate)
    assert autosave(client, draft, "Z", 0, "x").status_code == 404
    missing = Report(pk=draft.pk + 1000)
    assert autosave(client, missing, "J", 0, "x").status_code == 404


def test_the_autosave_writes_the_audit_line_of_a_save(client_for, draft, lebanon_delegate):
    client = client_for(lebanon_delegate)
    assert autosave(client, draft, "J", 0, "first").json()["revision"] == 1
    assert autosave(client, draft, "J", 1, "first").json()["revision"] == 2  # same content again
    entries = list(AuditEntry.objects.filter(action="reporting.form.saved").order_by("id"))
    form = form_of(draft, "J")
    assert [(e.actor, e.model, e.object_id, e.object_repr) for e in entries] == [
        (lebanon_delegate, "reporting.reportform", str(form.pk), str(form))
    ] * 2
    assert [e.changes for e in entries] == [
        {"revision": 1, "changed": True},
        {"revision": 2, "changed": False},
    ]
    assert form.data["fields"]["other"] == "first" and form.choice == "changed"
    assert form.updated_by == lebanon_delegate


def test_bad_input_is_refused_with_the_field_named_and_nothing_written(client_for, draft, lebanon_delegate):
    client = client_for(lebanon_delegate)
    post = {"revision": "0", "action": "save", "t.stockpile.rows": "1", "t.stockpile.0.munition_type": "M26",
            "t.stockpile.0.quantity": "-3"}  # fmt: skip
    answer = client.post(
        reverse("reporting:form_edit", args=[draft.pk, "B"]), post, HTTP_X_REQUESTED_WITH="fetch"
    )
    assert answer.status_code == 400
    assert any("row 1" in e["message"].lower() for e in answer.json()["errors"])
    assert form_of(draft, "B").revision == 0 and not AuditEntry.objects.filter(action="reporting.form.saved")


def test_a_submitted_report_refuses_the_autosave(client_for, draft, lebanon_delegate):
    client = client_for(lebanon_delegate)
    stale = form_of(draft, "J")
    submit_simple(lebanon_delegate, draft)
    before = form_of(draft, "J")
    answer = autosave(client, draft, "J", before.revision, "too late")
    assert answer.status_code == 400 and "submitted" in answer.json()["errors"][0]["message"]
    with pytest.raises(ValidationError):
        services.form_save(
            actor=lebanon_delegate,
            report_form=stale,
            data={"fields": {"other": "x"}},
            expected_revision=stale.revision,
        )
    after = form_of(draft, "J")
    assert (after.revision, after.data) == (before.revision, before.data)


def test_the_service_itself_refuses_an_actor_who_may_not_change_the_report(
    draft, lebanon_delegate, norway_delegate
):
    form = selectors.delegate_form_for_save(viewer=lebanon_delegate, report_id=draft.pk, letter="J")
    with pytest.raises(PermissionDenied):
        services.form_save(actor=norway_delegate, report_form=form, data={"fields": {}}, expected_revision=0)
    assert form_of(draft, "J").revision == 0


def test_staff_of_the_convention_may_save_through_the_service(draft, ccm_staff, lebanon_delegate):
    form = selectors.delegate_form_for_save(viewer=lebanon_delegate, report_id=draft.pk, letter="J")
    saved = services.form_save(
        actor=ccm_staff, report_form=form, data={"fields": {"other": "x"}}, expected_revision=0
    )
    assert saved.revision == 1 and form_of(draft, "J").updated_by == ccm_staff


@pytest.mark.django_db(transaction=True)
def test_a_save_waits_for_a_submission_in_progress_and_is_then_refused(
    forms_loaded, lebanon_party, ccm, lebanon_delegate
):
    """The submission holds the report row (FOR UPDATE) while it snapshots the forms: a save arriving
    meanwhile waits, then finds the report submitted; it never lands after the snapshot unseen."""
    if connection.vendor != "postgresql":
        pytest.skip("row locks: PostgreSQL")
    report = services.report_open(actor=lebanon_delegate, state=lebanon_party, convention=ccm, year=2023)
    for form in selectors.report_forms(report):
        services.form_mark_not_applicable(
            actor=lebanon_delegate, report_form=form, expected_revision=form.revision
        )
    form = selectors.delegate_form_for_save(viewer=lebanon_delegate, report_id=report.pk, letter="J")
    locked, outcome = threading.Event(), {}

    def submit():
        try:
            with transaction.atomic():
                Report.objects.select_for_update().get(pk=report.pk)  # as report_submit does first
                locked.set()
                threading.Event().wait(0.5)  # the snapshot being taken
                services.report_submit(actor=lebanon_delegate, report=Report.objects.get(pk=report.pk))
        finally:
            connections.close_all()

    thread = threading.Thread(target=submit)
    thread.start()
    assert locked.wait(10)
    try:
        services.form_save(
            actor=lebanon_delegate, report_form=form, data={"fields": {"other": "late"}},
            expected_revision=form.revision,
        )  # fmt: skip
    except ValidationError as error:
        outcome["refused"] = error.messages
    thread.join(10)
    assert outcome.get("refused"), "the save landed on a report being submitted"
    stored = ReportForm.objects.get(pk=form.pk)
    assert stored.data.get("fields", {}).get("other") != "late"
    assert Report.objects.get(pk=report.pk).status != Report.Status.DRAFT
