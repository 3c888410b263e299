"""Defect 3 of issue 9: the audit trail and the change history leak nothing across the ISUs, nor drafts.

Each ISU reads the trail of its own convention's records and of the shared ones (States, organisations,
people); nobody on the staff side reads the trail or history of a State's Article 7 drafts.
"""

import pytest
from django.urls import reverse

from secretariat.models import AuditEntry
from tests.world import world_fixture  # noqa: F401 - the "world" fixture

pytestmark = pytest.mark.django_db


def entries_of(client, **params) -> list[AuditEntry]:
    response = client.get(reverse("admin:secretariat_auditentry_changelist"), {"all": "", **params})
    assert response.status_code == 200
    return list(response.context["cl"].queryset)


def about(obj) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(model=obj._meta.label_lower, object_id=str(obj.pk)))


def test_the_other_isu_reads_nothing_of_a_conventions_records_in_the_trail(
    world, client_for, ccm_staff, apmbc_staff
):
    apmbc, ccm = client_for(apmbc_staff), client_for(ccm_staff)
    apmbc_list, ccm_list = entries_of(apmbc), entries_of(ccm)
    ccm_records = [
        world.c.restricted, world.c.planned, world.c.planned_doc, world.c.file, world.c.decision,
        world.c.participation, world.c.mandate, world.ccm_event, world.norway_report, world.follow_up,
    ]  # fmt: skip
    for record in ccm_records:
        entries = about(record)
        assert entries, record
        assert not set(entries) & set(apmbc_list), record
        assert set(entries) <= set(ccm_list), record
        for entry in entries:  # a direct URL is a 404, as for an entry that does not exist
            url = reverse("admin:secretariat_auditentry_change", args=[entry.pk])
            assert apmbc.get(url).status_code == 404
            assert ccm.get(url).status_code == 200
    for record in [world.a.restricted, world.a.planned_doc, world.apmbc_event]:
        assert not set(about(record)) & set(ccm_list), record
    # The restricted documents never show on the other ISU's pages, whatever the filter or search.
    page = apmbc.get(reverse("admin:secretariat_auditentry_changelist"), {"q": "MISC.1"}).content.decode()
    assert "CCM/MSP/2011/MISC.1" not in page and "APLC/MSP/2011/MISC.1" in page
    only_documents = entries_of(apmbc, model="meetings.document")
    assert only_documents and {e.object_id for e in only_documents} <= {
        str(d.pk) for d in (world.a.general, world.a.restricted, world.a.planned_doc)
    }
    choices = apmbc.get(reverse("admin:secretariat_auditentry_changelist")).content.decode()
    assert "reporting.attachment" not in choices and "reporting.reportform" not in choices


def test_shared_records_are_in_both_isus_trail(world, client_for, ccm_staff, apmbc_staff):
    entries = about(world.organisation)
    assert entries
    for user in (ccm_staff, apmbc_staff):
        assert set(entries) <= set(entries_of(client_for(user)))


def test_no_staff_reads_the_trail_of_a_states_draft(world, client_for, ccm_staff, apmbc_staff):
    draft_entries = [
        *about(world.norway_draft), *about(world.norway_attachment),
        *about(world.lebanon_draft), *about(world.lebanon_attachment),
    ]  # fmt: skip
    assert len(draft_entries) == 4
    for user in (ccm_staff, apmbc_staff, world.superuser):
        client = client_for(user)
        visible = entries_of(client)
        assert not set(draft_entries) & set(visible), user
        page = client.get(
            reverse("admin:secretariat_auditentry_changelist"), {"q": "plan.pdf"}
        ).content.decode()
        assert "norway-secret-plan" not in page and "lebanon-plan" not in page
        for entry in draft_entries:
            assert (
                client.get(reverse("admin:secretariat_auditentry_change", args=[entry.pk])).status_code == 404
            )
    # The submitted report is the ISU's: its trail (submission, publication) is in the CCM's list.
    assert set(about(world.norway_report)) <= set(entries_of(client_for(ccm_staff)))


def test_a_deleted_records_trail_stays_with_its_isu(world, client_for, ccm_staff, apmbc_staff):
    from secretariat import services

    event_id = world.ccm_event.pk
    services.treaty_event_delete(actor=ccm_staff, event=world.ccm_event)
    entries = list(AuditEntry.objects.filter(model="secretariat.treatyevent", object_id=str(event_id)))
    assert len(entries) == 2
    assert set(entries) <= set(entries_of(client_for(ccm_staff)))
    assert not set(entries) & set(entries_of(client_for(apmbc_staff)))


def history_urls(obj) -> list[str]:
    opts = obj._meta
    # The latest version: a report's rows from before its first submission are a draft's, which no
    # staff member reads (test_nobody_reads_a_drafts_history_in_the_admin).
    record = obj.history.order_by("-history_id").first()
    return [
        reverse(f"admin:{opts.app_label}_{opts.model_name}_history", args=[obj.pk]),
        reverse(f"admin:{opts.app_label}_{opts.model_name}_simple_history", args=[obj.pk, record.history_id]),
    ]


def test_history_pages_are_404_for_the_other_isu(world, client_for, ccm_staff, apmbc_staff):
    ccm, apmbc = client_for(ccm_staff), client_for(apmbc_staff)
    for record in [
        world.c.planned, world.c.restricted, world.c.decision, world.c.participation, world.c.mandate,
        world.ccm_event, world.norway_report, world.follow_up,
    ]:  # fmt: skip
        for url in history_urls(record):
            assert ccm.get(url).status_code == 200, url
            assert apmbc.get(url).status_code == 404, url
    for url in history_urls(world.a.restricted):
        assert ccm.get(url).status_code == 404, url
    for url in history_urls(world.organisation):  # shared
        assert ccm.get(url).status_code == apmbc.get(url).status_code == 200


def test_nobody_reads_a_drafts_history_in_the_admin(world, client_for, ccm_staff, apmbc_staff):
    for user in (ccm_staff, apmbc_staff, world.superuser):
        client = client_for(user)
        for draft in (world.norway_draft, world.lebanon_draft):
            for url in history_urls(draft):
                assert client.get(url).status_code == 404, (user, url)


def test_a_malformed_key_in_an_admin_url_is_a_404(world, client_for, ccm_staff):
    client = client_for(ccm_staff)
    assert client.get(reverse("admin:secretariat_auditentry_change", args=["x1"])).status_code == 404
    assert client.get(reverse("admin:meetings_meeting_history", args=["x1"])).status_code == 404


def test_a_history_version_that_is_not_a_number_is_a_404(world, client_for, ccm_staff):
    url = reverse("admin:meetings_meeting_simple_history", args=[world.c.planned.pk, "None"])
    assert client_for(ccm_staff).get(url).status_code == 404
