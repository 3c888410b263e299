"""Who publishes an Article 7 report, what others read of it, and the ISU's admin of reports.

Publication and visibility are the ISU's act (issue 9, defect 2); a restricted report is read by the
ISU and the delegates of the convention's States Parties (defect 18); the admin change form and its
history "Revert" work through a service (defect 11); staff never see a draft (defect 17).
"""
# ruff: noqa: F811 - fixtures imported from reporting_helpers are redefined as test arguments

import datetime
import re

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from reporting import rules, selectors, services
from reporting.models import Report
from secretariat.models import AuditEntry
from tests.factories import DelegateFactory, StateFactory, TreatyEventFactory
from tests.reporting.reporting_helpers import (  # noqa: F401 - fixtures
    PDF,
    draft,
    form_of,
    forms_loaded,
    lebanon_party,
    mark_all_not_applicable,
    norway_party,
    submit_simple,
)

OLD_TEXT, NEW_TEXT = "M26 rockets", "Unreviewed M77 text"
API = "/api/v1/reporting/reports/"


def stockpile(actor, report, munition_type):
    form = form_of(report, "B")
    services.form_save(
        actor=actor, report_form=form, expected_revision=form.revision,
        data={"fields": {}, "tables": {"stockpile": [{"munition_type": munition_type, "quantity": "12"}]}},
    )  # fmt: skip


@pytest.fixture
def restricted(draft, lebanon_delegate, ccm_staff):
    """Lebanon's 2023 report with form B filled, submitted asking restricted, published restricted."""
    mark_all_not_applicable(lebanon_delegate, draft)
    stockpile(lebanon_delegate, draft, OLD_TEXT)
    services.report_submit(actor=lebanon_delegate, report=draft, requested_visibility="restricted")
    services.report_publish(actor=ccm_staff, report=draft, visibility=Report.Visibility.RESTRICTED)
    draft.refresh_from_db()
    return draft


@pytest.fixture
def apmbc_delegate(apmbc):
    """A delegate of a State Party of the other convention (Afghanistan, APMBC)."""
    afghanistan = StateFactory(iso3="AFG", iso2="AF", short_name_en="Afghanistan")
    TreatyEventFactory(state=afghanistan, convention=apmbc, kind="accession", date=datetime.date(2002, 9, 11))
    return DelegateFactory(username="afghanistan-delegate", assignment=(afghanistan, apmbc))


def admin_post(client, url: str, **values) -> int:
    """POST an admin form as the browser would: its hidden inputs (inline management forms) and ``values``."""
    page = client.get(url)
    assert page.status_code == 200, url
    hidden = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', page.content.decode())
    return client.post(url, {**dict(hidden), **values, "_save": "Save"}).status_code


def reads(client, report) -> dict:
    """What a client reads of a published report: status codes of the page, the API detail and list."""
    page = client.get(reverse("reporting:published_report", args=[report.pk]))
    detail = client.get(f"{API}{report.pk}/")
    listed = [row["id"] for row in client.get(API).json()["results"]]
    return {
        "page": page.status_code,
        "page_text": page.content.decode() if page.status_code == 200 else "",
        "detail": detail.status_code,
        "detail_json": detail.json() if detail.status_code == 200 else {},
        "listed": report.pk in listed,
    }


# --- Defect 2: a delegate does not publish ------------------------------------------------------


def test_a_correction_stays_unpublished_and_restricted_until_the_isu_publishes_it(
    restricted, lebanon_delegate, norway_delegate, norway_party, ccm_staff, client_for
):
    """The reproduction of issue 9: staff publish restricted; the delegate corrects and submits asking
    for public: still restricted, and the old text everywhere, until staff publish."""
    report = restricted
    delegate = client_for(lebanon_delegate)
    assert delegate.post(reverse("reporting:report_correct", args=[report.pk])).status_code == 302
    stockpile(lebanon_delegate, report, NEW_TEXT)
    response = delegate.post(
        reverse("reporting:report_submit", args=[report.pk]),
        {"visibility": "public", "comment": "New rockets."},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.versions.count() == 2 and report.requested_visibility == "public"
    assert report.visibility == "restricted" and report.published_version.number == 1
    assert report.versions.get(number=2).snapshot["report"]["visibility"] == "public"  # the wish, recorded

    anonymous = reads(client_for(None), report)
    assert (anonymous["page"], anonymous["detail"], anonymous["listed"]) == (404, 404, False)
    other_state = reads(client_for(norway_delegate), report)
    assert (other_state["page"], other_state["detail"], other_state["listed"]) == (200, 200, True)
    assert OLD_TEXT in other_state["page_text"] and NEW_TEXT not in other_state["page_text"]
    assert other_state["detail_json"]["published_version"]["number"] == 1
    assert NEW_TEXT not in str(other_state["detail_json"]) and OLD_TEXT in str(other_state["detail_json"])
    assert other_state["detail_json"]["versions"] == 1
    with pytest.raises(Exception):  # noqa: B017, PT011 - Report.DoesNotExist or ReportVersion.DoesNotExist
        selectors.version_get(viewer=norway_delegate, report_id=report.pk, number=2)

    services.report_publish(actor=ccm_staff, report=report)  # the ISU publishes, as the State asked
    report.refresh_from_db()
    assert (report.visibility, report.published_version.number) == ("public", 2)
    public = reads(client_for(None), report)
    assert (public["page"], public["detail"], public["listed"]) == (200, 200, True)
    assert NEW_TEXT in public["page_text"] and OLD_TEXT not in public["page_text"]
    assert public["detail_json"]["published_version"]["number"] == 2
    published = AuditEntry.objects.filter(action="reporting.report.published", object_id=str(report.pk))
    assert published.count() == 2 and published.latest("at").actor == ccm_staff


def test_a_delegate_cannot_publish_through_any_door(draft, lebanon_delegate, client_for):
    client = client_for(lebanon_delegate)
    mark_all_not_applicable(lebanon_delegate, draft)
    # The submission form: a wish, recorded, publishing nothing.
    response = client.post(reverse("reporting:report_submit", args=[draft.pk]), {"visibility": "public"})
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.status == Report.Status.SUBMITTED and draft.published_version is None
    assert draft.requested_visibility == "public"
    # The service, the admin action, the API, the published page.
    with pytest.raises(PermissionDenied):
        services.report_publish(actor=lebanon_delegate, report=draft, visibility="public")
    action = {"action": "publish_public", "_selected_action": [draft.pk]}
    assert client.post("/admin/reporting/report/", action).status_code in (302, 403, 404)
    for method in (client.post, client.put, client.patch):
        assert method(f"{API}{draft.pk}/", {"visibility": "public"}).status_code in (403, 404, 405)
    assert client.post(reverse("reporting:published_report", args=[draft.pk])).status_code == 405
    draft.refresh_from_db()
    assert draft.status == Report.Status.SUBMITTED and draft.published_version is None
    assert client_for(None).get(API).json()["count"] == 0
    assert not AuditEntry.objects.filter(action="reporting.report.published").exists()


def test_staff_of_the_other_convention_cannot_publish(draft, lebanon_delegate, apmbc_staff, client_for):
    submit_simple(lebanon_delegate, draft)
    client = client_for(apmbc_staff)
    with pytest.raises(PermissionDenied):
        services.report_publish(actor=apmbc_staff, report=draft, visibility="public")
    client.post("/admin/reporting/report/", {"action": "publish_public", "_selected_action": [draft.pk]})
    assert client.get(f"/admin/reporting/report/{draft.pk}/change/").status_code in (302, 404)
    assert client.get(reverse("reporting:published_report", args=[draft.pk])).status_code == 404
    assert client.get(f"{API}{draft.pk}/").status_code == 404
    draft.refresh_from_db()
    assert draft.status == Report.Status.SUBMITTED and draft.published_version is None


def test_staff_publish_and_set_the_visibility_from_the_admin(draft, lebanon_delegate, ccm_staff, client_for):
    submit_simple(lebanon_delegate, draft)
    client = client_for(ccm_staff)
    client.post("/admin/reporting/report/", {"action": "publish_restricted", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert (draft.status, draft.visibility, draft.published_version.number) == ("published", "restricted", 1)
    client.post("/admin/reporting/report/", {"action": "publish_public", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.visibility == "public" and draft.pk in [
        r["id"] for r in client_for(None).get(API).json()["results"]
    ]


# --- Defect 18: restricted means the ISU and the States Parties ------------------------------------


@pytest.mark.parametrize(
    ("persona", "readable"),
    [
        ("anonymous", False),
        ("ccm_staff", True),
        ("apmbc_staff", False),
        ("lebanon_delegate", True),  # its own State
        ("norway_delegate", True),  # another State Party of the convention
        ("apmbc_delegate", False),  # a State Party of the other convention
    ],
)
def test_a_restricted_report_is_read_by_the_isu_and_the_states_parties(
    restricted, personas, norway_party, apmbc_delegate, client_for, persona, readable
):
    user = apmbc_delegate if persona == "apmbc_delegate" else personas[persona]
    seen = reads(client_for(user), restricted)
    expected = (200, 200, True) if readable else (404, 404, False)
    assert (seen["page"], seen["detail"], seen["listed"]) == expected
    assert rules.can_read_published_report(user, restricted) is readable
    assert selectors.published_reports(viewer=user).filter(pk=restricted.pk).exists() is readable
    assert (user.has_perm("reporting.view_report", restricted) if user else False) is readable


def test_a_delegate_of_a_state_not_party_does_not_read_restricted_reports(
    restricted, norway, ccm, client_for
):
    """Norway has only signed here: a signatory is not a State Party."""
    TreatyEventFactory(state=norway, convention=ccm, kind="signature", date=datetime.date(2008, 12, 3))
    signatory = DelegateFactory(username="norway-signatory", assignment=(norway, ccm))
    seen = reads(client_for(signatory), restricted)
    assert (seen["page"], seen["detail"], seen["listed"]) == (404, 404, False)


def test_the_published_rule_and_its_scope_agree_for_every_persona(
    restricted, personas, norway_party, lebanon_party, apmbc_delegate, lebanon_delegate, ccm_staff, ccm
):
    unpublished = services.report_open(actor=lebanon_delegate, state=lebanon_party, convention=ccm, year=2022)
    submit_simple(lebanon_delegate, unpublished)
    public = services.report_open(actor=ccm_staff, state=norway_party, convention=ccm, year=2023)
    submit_simple(ccm_staff, public)
    services.report_publish(actor=ccm_staff, report=public, visibility="public")
    reports = list(Report.objects.filter(pk__in=[restricted.pk, unpublished.pk, public.pk]))
    for user in [*personas.values(), apmbc_delegate]:
        scoped = set(selectors.published_reports(viewer=user).values_list("pk", flat=True))
        for report in reports:
            assert rules.can_read_published_report(user, report) is (report.pk in scoped), (user, report)
    assert {r.pk for r in selectors.published_reports(viewer=None)} == {public.pk}


# --- Defects 11 and 17: the report admin ----------------------------------------------------------


def test_staff_save_and_revert_a_report_in_the_admin_through_the_service(
    draft, lebanon_delegate, ccm_staff, client_for
):
    submit_simple(lebanon_delegate, draft)
    client = client_for(ccm_staff)
    change = f"/admin/reporting/report/{draft.pk}/change/"
    assert admin_post(client, change, staff_note="Asked for the map.") == 302
    assert admin_post(client, change, staff_note="Map received.") == 302
    draft.refresh_from_db()
    assert draft.staff_note == "Map received." and draft.status == Report.Status.SUBMITTED
    updates = AuditEntry.objects.filter(action="reporting.report.updated", object_id=str(draft.pk))
    assert updates.count() == 2 and updates.latest("at").actor == ccm_staff

    earlier = draft.history.filter(staff_note="Asked for the map.").latest("history_date")
    revert = f"/admin/reporting/report/{draft.pk}/history/{earlier.history_id}/"
    assert admin_post(client, revert, staff_note="Asked for the map.") == 302
    draft.refresh_from_db()
    assert draft.staff_note == "Asked for the map." and draft.status == Report.Status.SUBMITTED
    assert updates.count() == 3


def test_a_delegate_cannot_write_the_isu_note(draft, lebanon_delegate):
    submit_simple(lebanon_delegate, draft)
    with pytest.raises(PermissionDenied):
        services.report_staff_update(actor=lebanon_delegate, report=draft, staff_note="x")


def test_the_report_admin_shows_nothing_of_a_draft(draft, lebanon_delegate, ccm_staff, client_for):
    services.attachment_add(
        actor=lebanon_delegate, report=draft, file=SimpleUploadedFile("law.pdf", PDF, "application/pdf")
    )
    client = client_for(ccm_staff)
    draft_history = list(draft.history.values_list("history_id", flat=True))
    # A report still in draft: not listed, no page, no history.
    assert "Lebanon" not in client.get("/admin/reporting/report/").content.decode()
    assert client.get(f"/admin/reporting/report/{draft.pk}/change/").status_code in (302, 404)
    assert client.get(f"/admin/reporting/report/{draft.pk}/history/").status_code == 404

    submit_simple(lebanon_delegate, draft)  # law.pdf is now part of version 1
    services.report_correct(actor=lebanon_delegate, report=draft)
    secret = b"%PDF-1.4\n% a draft of the correction\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
    added = services.attachment_add(
        actor=lebanon_delegate,
        report=draft,
        file=SimpleUploadedFile("draft-map.pdf", secret, "application/pdf"),
    )
    frozen = draft.attachments.get(original_name="law.pdf")
    page = client.get(f"/admin/reporting/report/{draft.pk}/change/").content.decode()
    assert "law.pdf" in page and frozen.sha256 in page
    assert "draft-map.pdf" not in page and added.sha256 not in page
    history = client.get(f"/admin/reporting/report/{draft.pk}/history/")
    assert history.status_code == 200
    for history_id in draft_history:  # the rows from before the first submission
        assert f"/history/{history_id}/" not in history.content.decode()
        assert client.get(f"/admin/reporting/report/{draft.pk}/history/{history_id}/").status_code == 404
