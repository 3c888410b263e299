"""The ISU staff admin: who sees and changes what, writes through the services, errors on the field."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from secretariat.models import (
    AuditEntry,
    Convention,
    DelegateAssignment,
    IsuMembership,
    Obligation,
    Organisation,
    Person,
    State,
    StateName,
    TreatyEvent,
)
from tests.factories import OrganisationFactory, StateFactory, TreatyEventFactory, UserFactory
from tests.secretariat.admin_helpers import add_inline_row, admin_url, form_post_data, page_errors

D = datetime.date


def counts() -> dict:
    """Rows of every core table: an error must leave all of them unchanged."""
    models = [AuditEntry, State, StateName, TreatyEvent, Obligation, Organisation, Person, Convention]
    return {m.__name__: m.objects.count() for m in models}


@pytest.fixture
def records(ccm, apmbc, lebanon, norway):
    """One record of each kind, in each convention where that applies."""
    return {
        "ccm_event": TreatyEventFactory(
            state=lebanon, convention=ccm, kind="ratification", date=D(2010, 11, 5)
        ),
        "apmbc_event": TreatyEventFactory(
            state=norway, convention=apmbc, kind="ratification", date=D(1998, 7, 9)
        ),
        "ccm_obligation": Obligation.objects.create(state=lebanon, convention=ccm, kind="clearance"),
        "apmbc_obligation": Obligation.objects.create(state=norway, convention=apmbc, kind="clearance"),
        "organisation": OrganisationFactory(name_en="Geneva International Centre for Humanitarian Demining"),
        "person": Person.objects.create(family_name="Ghandour", state=lebanon),
        "audit": AuditEntry.objects.create(
            action="test.seed", model="secretariat.state", object_id=str(lebanon.pk), object_repr="Lebanon"
        ),
    }


@pytest.fixture
def superuser(db):
    return UserFactory(username="root", is_staff=True, is_superuser=True)


# --- who reaches which page ----------------------------------------------------------------------

STAFF_PAGES = ["state", "treatyevent", "obligation", "convention", "organisation", "person", "auditentry"]
SUPERUSER_PAGES = ["isumembership", "delegateassignment"]


@pytest.mark.parametrize("model", STAFF_PAGES + SUPERUSER_PAGES)
@pytest.mark.parametrize(
    "persona, expected",
    [
        ("ccm_staff", "staff"),
        ("apmbc_staff", "staff"),
        ("lebanon_delegate", "login"),
        ("norway_delegate", "login"),
        ("anonymous", "login"),
    ],
)
def test_changelist_by_persona(personas, client_for, records, model, persona, expected):
    response = client_for(personas[persona]).get(admin_url(model))
    if expected == "login":
        assert response.status_code == 302
        assert "/login/" in response["Location"]
    elif model in SUPERUSER_PAGES:
        assert response.status_code == 403
    else:
        assert response.status_code == 200


@pytest.mark.parametrize("model", SUPERUSER_PAGES)
def test_superuser_manages_roles(superuser, client_for, records, model):
    assert client_for(superuser).get(admin_url(model)).status_code == 200


@pytest.mark.parametrize(
    "key, model",
    [
        ("ccm_event", "treatyevent"),
        ("ccm_obligation", "obligation"),
        ("organisation", "organisation"),
        ("person", "person"),
        ("audit", "auditentry"),
    ],
)
@pytest.mark.parametrize(
    "persona", ["ccm_staff", "apmbc_staff", "lebanon_delegate", "norway_delegate", "anonymous"]
)
def test_change_view_by_persona(personas, client_for, records, key, model, persona):
    obj = records[key]
    response = client_for(personas[persona]).get(admin_url(model, "change", obj.pk))
    if persona in {"lebanon_delegate", "norway_delegate", "anonymous"}:
        assert response.status_code == 302 and "/login/" in response["Location"]
    elif persona == "apmbc_staff" and key in {"ccm_event", "ccm_obligation"}:
        # The other convention's record does not exist for this user: Django's "doesn't exist" redirect.
        assert response.status_code == 302 and response["Location"] == "/admin/"
    else:
        assert response.status_code == 200


def test_staff_sees_only_their_conventions_events(client_for, ccm_staff, apmbc_staff, records):
    ccm_page = client_for(ccm_staff).get(admin_url("treatyevent"))
    assert list(ccm_page.context["cl"].result_list) == [records["ccm_event"]]
    apmbc_page = client_for(apmbc_staff).get(admin_url("treatyevent"))
    assert list(apmbc_page.context["cl"].result_list) == [records["apmbc_event"]]


def test_other_conventions_event_does_not_exist_for_apmbc_staff(client_for, apmbc_staff, records):
    client = client_for(apmbc_staff)
    event = records["ccm_event"]
    response = client.get(admin_url("treatyevent", "change", event.pk), follow=True)
    assert "doesn’t exist" in response.content.decode()
    assert client.get(admin_url("treatyevent", "history", event.pk)).status_code == 404
    before = counts()
    response = client.post(admin_url("treatyevent", "delete", event.pk), {"post": "yes"})
    assert response.status_code == 302 and response["Location"] == "/admin/"
    assert counts() == before


def test_other_conventions_events_are_not_in_the_state_inline(client_for, apmbc_staff, records, lebanon):
    response = client_for(apmbc_staff).get(admin_url("state", "change", lebanon.pk))
    events = next(i for i in response.context["inline_admin_formsets"] if i.formset.prefix == "treaty_events")
    assert list(events.formset.queryset) == []


def test_other_convention_cannot_be_chosen_for_a_new_event(client_for, apmbc_staff, ccm, records):
    response = client_for(apmbc_staff).get(admin_url("treatyevent", "add"))
    choices = [
        str(label) for _value, label in response.context["adminform"].form.fields["convention"].choices
    ]
    assert "APMBC" in choices and "CCM" not in choices


# --- writes go through the services ----------------------------------------------------------------


def test_staff_records_an_event_with_an_audit_entry(client_for, ccm_staff, ccm, norway):
    data = {
        "state": norway.pk,
        "convention": ccm.pk,
        "kind": "ratification",
        "date": "2009-12-03",
        "source": "UNTC",
    }
    response = client_for(ccm_staff).post(admin_url("treatyevent", "add"), data)
    assert response.status_code == 302, page_errors(response)
    event = TreatyEvent.objects.get(state=norway, convention=ccm)
    entry = AuditEntry.objects.get(action="secretariat.treatyevent.created")
    assert entry.actor == ccm_staff and entry.object_id == str(event.pk)
    assert event.history.count() == 1


def test_a_date_in_the_future_is_an_error_on_the_date_field(client_for, ccm_staff, ccm, norway):
    future = timezone.localdate() + datetime.timedelta(days=30)
    data = {"state": norway.pk, "convention": ccm.pk, "kind": "ratification", "date": future.isoformat()}
    before = counts()
    response = client_for(ccm_staff).post(admin_url("treatyevent", "add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["date"] == [
        f"The date {future.isoformat()} is in the future."
    ]
    assert counts() == before


def test_a_second_instrument_of_consent_is_an_error_on_kind(client_for, ccm_staff, ccm, records, lebanon):
    data = {"state": lebanon.pk, "convention": ccm.pk, "kind": "accession", "date": "2011-01-01"}
    before = counts()
    response = client_for(ccm_staff).post(admin_url("treatyevent", "add"), data)
    assert response.status_code == 200
    assert "is already bound by the CCM" in response.context["adminform"].form.errors["kind"][0]
    assert counts() == before


def test_a_duplicate_event_is_refused(client_for, ccm_staff, ccm, records, lebanon):
    data = {"state": lebanon.pk, "convention": ccm.pk, "kind": "ratification", "date": "2010-11-05"}
    before = counts()
    response = client_for(ccm_staff).post(admin_url("treatyevent", "add"), data)
    assert response.status_code == 200
    assert page_errors(response)
    assert counts() == before


def test_editing_an_event_audits_the_change(client_for, ccm_staff, records):
    event = records["ccm_event"]
    client = client_for(ccm_staff)
    data = form_post_data(client.get(admin_url("treatyevent", "change", event.pk)))
    data["source"] = "C.N.123.2010.TREATIES"
    response = client.post(admin_url("treatyevent", "change", event.pk), data)
    assert response.status_code == 302, page_errors(response)
    entry = AuditEntry.objects.get(action="secretariat.treatyevent.updated")
    assert entry.changes == {"source": ["", "C.N.123.2010.TREATIES"]}


def test_editing_an_event_into_the_future_changes_nothing(client_for, ccm_staff, records):
    event = records["ccm_event"]
    client = client_for(ccm_staff)
    data = form_post_data(client.get(admin_url("treatyevent", "change", event.pk)))
    data["date"] = "2031-01-01"
    before = counts()
    response = client.post(admin_url("treatyevent", "change", event.pk), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["date"] == ["The date 2031-01-01 is in the future."]
    event.refresh_from_db()
    assert event.date == D(2010, 11, 5) and counts() == before


def test_state_inline_with_one_bad_row_writes_nothing(client_for, ccm_staff, ccm, norway):
    client = client_for(ccm_staff)
    data = form_post_data(client.get(admin_url("state", "change", norway.pk)))
    data["short_name_en"] = "Kingdom of Norway (changed)"
    add_inline_row(data, "treaty_events", {"convention": ccm.pk, "kind": "signature", "date": "2008-12-03"})
    add_inline_row(
        data, "treaty_events", {"convention": ccm.pk, "kind": "ratification", "date": "2031-01-01"}
    )
    before = counts()
    response = client.post(admin_url("state", "change", norway.pk), data)
    assert response.status_code == 200
    assert "treaty_events.date: The date 2031-01-01 is in the future." in page_errors(response)
    assert counts() == before
    norway.refresh_from_db()
    assert norway.short_name_en == "Norway"


def test_two_new_ratifications_in_one_inline_are_refused(client_for, ccm_staff, ccm, norway):
    client = client_for(ccm_staff)
    data = form_post_data(client.get(admin_url("state", "change", norway.pk)))
    add_inline_row(
        data, "treaty_events", {"convention": ccm.pk, "kind": "ratification", "date": "2009-01-05"}
    )
    add_inline_row(data, "treaty_events", {"convention": ccm.pk, "kind": "accession", "date": "2009-02-05"})
    before = counts()
    response = client.post(admin_url("state", "change", norway.pk), data)
    assert response.status_code == 200
    assert any(
        e.startswith("treaty_events.kind: Norway is already bound by the CCM") for e in page_errors(response)
    )
    assert counts() == before


def test_state_inline_records_events_and_former_names(client_for, ccm_staff, ccm, norway):
    client = client_for(ccm_staff)
    data = form_post_data(client.get(admin_url("state", "change", norway.pk)))
    add_inline_row(data, "treaty_events", {"convention": ccm.pk, "kind": "signature", "date": "2008-12-03"})
    add_inline_row(data, "former_names", {"valid_to": "1905-06-07", "short_name_en": "Norway (union)"})
    response = client.post(admin_url("state", "change", norway.pk), data)
    assert response.status_code == 302, page_errors(response)
    assert TreatyEvent.objects.filter(state=norway, convention=ccm, kind="signature").exists()
    assert set(AuditEntry.objects.values_list("action", flat=True)) == {
        "secretariat.treatyevent.created",
        "secretariat.statename.created",
    }


def test_a_state_inline_event_cannot_move_to_the_other_convention(
    client_for, superuser, apmbc, records, lebanon
):
    client = client_for(superuser)
    data = form_post_data(client.get(admin_url("state", "change", lebanon.pk)))
    data["treaty_events-0-convention"] = apmbc.pk
    before = counts()
    response = client.post(admin_url("state", "change", lebanon.pk), data)
    assert response.status_code == 200
    assert any(e.startswith("treaty_events.convention: A record cannot move") for e in page_errors(response))
    assert counts() == before


def test_unknown_iso_code_format_is_an_error_on_iso3(client_for, ccm_staff):
    data = {
        "iso3": "zz1",
        "iso2": "ZZ",
        "short_name_en": "Nowhere",
        "short_name_ar": "لا مكان",
        "un_member": "on",
    }
    before = counts()
    response = client_for(ccm_staff).post(admin_url("state", "add"), data)
    assert response.status_code == 200
    assert "iso3" in response.context["adminform"].form.errors
    assert counts() == before


def test_staff_deletes_an_event_through_the_service(client_for, ccm_staff, records):
    event = records["ccm_event"]
    response = client_for(ccm_staff).post(admin_url("treatyevent", "delete", event.pk), {"post": "yes"})
    assert response.status_code == 302
    assert not TreatyEvent.objects.filter(pk=event.pk).exists()
    assert AuditEntry.objects.filter(
        action="secretariat.treatyevent.deleted", object_id=str(event.pk)
    ).exists()


def test_bulk_delete_goes_through_the_service(client_for, ccm_staff, records):
    event = records["ccm_event"]
    data = {"action": "delete_selected", "_selected_action": [event.pk], "post": "yes"}
    client_for(ccm_staff).post(admin_url("treatyevent"), data)
    assert not TreatyEvent.objects.filter(pk=event.pk).exists()
    assert AuditEntry.objects.filter(action="secretariat.treatyevent.deleted").count() == 1


def test_staff_cannot_delete_a_state(client_for, ccm_staff, lebanon):
    response = client_for(ccm_staff).post(admin_url("state", "delete", lebanon.pk), {"post": "yes"})
    assert response.status_code == 403
    assert State.objects.filter(pk=lebanon.pk).exists()


def test_person_for_a_state_and_an_organisation_is_an_error_on_organisation(
    client_for, ccm_staff, lebanon, records
):
    data = {"family_name": "Doe", "state": lebanon.pk, "organisation": records["organisation"].pk}
    before = counts()
    response = client_for(ccm_staff).post(admin_url("person", "add"), data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["organisation"]
    assert counts() == before


def test_staff_adds_an_organisation(client_for, apmbc_staff):
    data = {"name_en": "Mines Advisory Group", "acronym": "MAG", "kind": "ngo", "rule": "1(3)"}
    response = client_for(apmbc_staff).post(admin_url("organisation", "add"), data)
    assert response.status_code == 302, page_errors(response)
    assert AuditEntry.objects.filter(action="secretariat.organisation.created").count() == 1


# --- conventions ----------------------------------------------------------------------------------


def test_staff_change_their_own_conventions_rules(client_for, ccm_staff, ccm):
    client = client_for(ccm_staff)
    page = client.get(admin_url("convention", "change", ccm.pk))
    assert b"stockpile_period_years" in page.content
    data = form_post_data(page)
    data["initial_report_days"] = "181"
    response = client.post(admin_url("convention", "change", ccm.pk), data)
    assert response.status_code == 302, page_errors(response)
    ccm.refresh_from_db()
    assert ccm.initial_report_days == 181
    assert AuditEntry.objects.get(action="secretariat.convention.updated").changes == {
        "initial_report_days": [180, 181]
    }


def test_staff_only_read_the_other_conventions_rules(client_for, apmbc_staff, ccm, apmbc):
    client = client_for(apmbc_staff)
    page = client.get(admin_url("convention", "change", ccm.pk))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    response = client.post(admin_url("convention", "change", ccm.pk), {"initial_report_days": "1"})
    assert response.status_code == 403
    ccm.refresh_from_db()
    assert ccm.initial_report_days == 180


# --- the State changelist -------------------------------------------------------------------------


def test_state_list_shows_status_in_each_convention(client_for, ccm_staff, records, lebanon):
    response = client_for(ccm_staff).get(admin_url("state"), {"q": "LBN"})
    content = response.content.decode()
    assert "State Party" in content and "Non-signatory" in content


def test_state_list_runs_a_constant_number_of_queries(client_for, ccm_staff, ccm, apmbc):
    client = client_for(ccm_staff)

    def make(n, offset):
        for i in range(offset, offset + n):
            state = StateFactory(
                iso3=f"X{chr(65 + i // 26 % 26)}{chr(65 + i % 26)}",
                iso2=f"{chr(65 + i // 26 % 26)}{chr(65 + i % 26)}",
            )
            TreatyEventFactory(state=state, convention=ccm, kind="signature", date=D(2008, 12, 3))
            TreatyEventFactory(state=state, convention=apmbc, kind="accession", date=D(2001, 1, 1))

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(admin_url("state")).status_code == 200
        return len(captured)

    make(10, 0)
    small = queries()
    make(190, 10)
    assert State.objects.count() >= 200
    assert queries() == small


@pytest.mark.parametrize("term", ["LBN", "LB", "لبنان", "Liban", "Líbano", "leban"])
def test_state_search_by_names_and_codes(client_for, ccm_staff, lebanon, norway, term):
    response = client_for(ccm_staff).get(admin_url("state"), {"q": term})
    assert list(response.context["cl"].result_list) == [lebanon]


# --- roles and audit ------------------------------------------------------------------------------


def test_superuser_assigns_a_delegate_through_the_service(client_for, superuser, ccm, norway):
    user = UserFactory(username="new-delegate")
    response = client_for(superuser).post(
        admin_url("delegateassignment", "add"), {"user": user.pk, "state": norway.pk, "convention": ccm.pk}
    )
    assert response.status_code == 302, page_errors(response)
    assert DelegateAssignment.objects.filter(user=user, state=norway).exists()
    assert AuditEntry.objects.filter(action="secretariat.delegateassignment.created").count() == 1


def test_staff_cannot_grant_isu_membership(client_for, ccm_staff, apmbc):
    response = client_for(ccm_staff).post(
        admin_url("isumembership", "add"), {"user": ccm_staff.pk, "convention": apmbc.pk}
    )
    assert response.status_code == 403
    assert not IsuMembership.objects.filter(user=ccm_staff, convention=apmbc).exists()


def test_audit_entries_are_read_only(client_for, ccm_staff, records):
    entry = records["audit"]
    client = client_for(ccm_staff)
    assert client.get(admin_url("auditentry", "add")).status_code == 403
    assert client.post(admin_url("auditentry", "delete", entry.pk), {"post": "yes"}).status_code == 403
    page = client.get(admin_url("auditentry", "change", entry.pk))
    assert page.status_code == 200 and not page.context["has_change_permission"]


def test_audit_entries_of_the_other_conventions_events_are_invisible(
    client_for, ccm_staff, apmbc_staff, ccm, norway
):
    client_for(ccm_staff).post(
        admin_url("treatyevent", "add"),
        {"state": norway.pk, "convention": ccm.pk, "kind": "signature", "date": "2008-12-03"},
    )
    entry = AuditEntry.objects.get(action="secretariat.treatyevent.created")
    assert entry in client_for(ccm_staff).get(admin_url("auditentry")).context["cl"].result_list
    assert entry not in client_for(apmbc_staff).get(admin_url("auditentry")).context["cl"].result_list


def test_change_history_is_shown_for_every_record(client_for, ccm_staff, records, lebanon, ccm):
    client = client_for(ccm_staff)
    for model, pk in [
        ("treatyevent", records["ccm_event"].pk),
        ("state", lebanon.pk),
        ("convention", ccm.pk),
        ("organisation", records["organisation"].pk),
        ("person", records["person"].pk),
        ("obligation", records["ccm_obligation"].pk),
    ]:
        assert client.get(admin_url(model, "history", pk)).status_code == 200, model


# --- languages ------------------------------------------------------------------------------------


def test_admin_in_arabic_is_right_to_left(client_for, ccm_staff):
    response = client_for(ccm_staff).get("/admin/", HTTP_ACCEPT_LANGUAGE="ar")
    content = response.content.decode()
    assert 'dir="rtl"' in content and 'lang="ar"' in content
    assert "وحدتا دعم التنفيذ" in content  # the site header, translated (locale/ar)


def test_admin_in_english_is_left_to_right(client_for, ccm_staff):
    content = client_for(ccm_staff).get("/admin/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'dir="ltr"' in content and "Implementation Support Units" in content
