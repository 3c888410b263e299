"""Writes through the core services: rules, permissions, audit, and nothing half-written."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from secretariat import services
from secretariat.models import AuditEntry, TreatyEvent
from tests.factories import TreatyEventFactory

D = datetime.date


def test_staff_records_a_ratification_with_an_audit_entry(ccm_staff, ccm, lebanon):
    event = services.treaty_event_create(actor=ccm_staff, state=lebanon, convention=ccm, kind="ratification", date=D(2010, 11, 5))
    entry = AuditEntry.objects.get(action="secretariat.treatyevent.created")
    assert entry.actor == ccm_staff and entry.object_id == str(event.pk)
    assert entry.changes["date"] == "2010-11-05"


def test_staff_of_the_other_convention_cannot_record_an_event(apmbc_staff, ccm, lebanon):
    with pytest.raises(PermissionDenied):
        services.treaty_event_create(actor=apmbc_staff, state=lebanon, convention=ccm, kind="signature", date=D(2008, 12, 3))
    assert not TreatyEvent.objects.exists()


@pytest.mark.parametrize("persona", ["lebanon_delegate", "norway_delegate"])
def test_delegates_cannot_record_treaty_events(persona, request, ccm, lebanon):
    with pytest.raises(PermissionDenied):
        services.treaty_event_create(
            actor=request.getfixturevalue(persona), state=lebanon, convention=ccm, kind="signature", date=D(2008, 12, 3)
        )


def test_anonymous_cannot_record_treaty_events(ccm, lebanon):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(PermissionDenied):
        services.treaty_event_create(actor=AnonymousUser(), state=lebanon, convention=ccm, kind="signature", date=D(2008, 12, 3))


def test_a_date_in_the_future_is_refused_naming_the_field(ccm_staff, ccm, lebanon):
    with pytest.raises(ValidationError) as error:
        services.treaty_event_create(actor=ccm_staff, state=lebanon, convention=ccm, kind="signature", date=D(2999, 1, 1))
    assert "date" in error.value.message_dict
    assert "future" in error.value.message_dict["date"][0]
    assert not TreatyEvent.objects.exists() and not AuditEntry.objects.exists()


def test_a_duplicate_event_is_refused(ccm_staff, ccm, lebanon):
    TreatyEventFactory(state=lebanon, convention=ccm, kind="signature", date=D(2008, 12, 3))
    with pytest.raises(ValidationError) as error:
        services.treaty_event_create(actor=ccm_staff, state=lebanon, convention=ccm, kind="signature", date=D(2008, 12, 4))
    assert "kind" in error.value.message_dict
    assert TreatyEvent.objects.count() == 1


def test_a_second_instrument_of_consent_is_refused(ccm_staff, ccm, lebanon):
    TreatyEventFactory(state=lebanon, convention=ccm, kind="ratification", date=D(2010, 11, 5))
    with pytest.raises(ValidationError) as error:
        services.treaty_event_create(actor=ccm_staff, state=lebanon, convention=ccm, kind="accession", date=D(2011, 1, 5))
    assert "already bound" in error.value.message_dict["kind"][0]


def test_an_instrument_before_the_signature_is_refused(ccm_staff, ccm, lebanon):
    TreatyEventFactory(state=lebanon, convention=ccm, kind="signature", date=D(2009, 6, 1))
    with pytest.raises(ValidationError) as error:
        services.treaty_event_create(actor=ccm_staff, state=lebanon, convention=ccm, kind="ratification", date=D(2009, 1, 5))
    assert "date" in error.value.message_dict


def test_a_signature_before_the_convention_opened_is_refused(ccm_staff, ccm, lebanon):
    with pytest.raises(ValidationError) as error:
        services.treaty_event_create(actor=ccm_staff, state=lebanon, convention=ccm, kind="signature", date=D(2008, 1, 5))
    assert "opened for signature" in error.value.message_dict["date"][0]


def test_a_state_not_bound_cannot_withdraw(ccm_staff, ccm, lebanon):
    with pytest.raises(ValidationError) as error:
        services.treaty_event_create(actor=ccm_staff, state=lebanon, convention=ccm, kind="withdrawal", date=D(2020, 1, 5))
    assert "kind" in error.value.message_dict


def test_only_a_withdrawal_has_an_effective_date(ccm_staff, ccm, lebanon):
    with pytest.raises(ValidationError) as error:
        services.treaty_event_create(
            actor=ccm_staff, state=lebanon, convention=ccm, kind="ratification", date=D(2010, 11, 5), effective_date=D(2011, 5, 1)
        )
    assert "effective_date" in error.value.message_dict


def test_update_records_only_what_changed(ccm_staff, ccm, lebanon):
    event = TreatyEventFactory(state=lebanon, convention=ccm, kind="ratification", date=D(2010, 11, 4))
    services.treaty_event_update(actor=ccm_staff, event=event, date=D(2010, 11, 5))
    entry = AuditEntry.objects.get(action="secretariat.treatyevent.updated")
    assert entry.changes == {"date": ["2010-11-04", "2010-11-05"]}


def test_a_failed_update_leaves_the_record_as_it_was(ccm_staff, ccm, lebanon):
    event = TreatyEventFactory(state=lebanon, convention=ccm, kind="ratification", date=D(2010, 11, 5))
    with pytest.raises(ValidationError):
        services.treaty_event_update(actor=ccm_staff, event=event, date=D(2999, 1, 1))
    event.refresh_from_db()
    assert event.date == D(2010, 11, 5)


def test_an_unknown_field_is_refused_by_name(ccm_staff, lebanon):
    with pytest.raises(ValidationError) as error:
        services.state_update(actor=ccm_staff, state=lebanon, capital="Beirut")
    assert "capital" in error.value.message_dict


def test_state_codes_are_normalised_and_checked(ccm_staff):
    state = services.state_create(actor=ccm_staff, iso3=" gha ", iso2="gh", short_name_en="Ghana", short_name_ar="غانا")
    assert (state.iso3, state.iso2) == ("GHA", "GH")
    with pytest.raises(ValidationError) as error:
        services.state_create(actor=ccm_staff, iso3="G1", iso2="GX", short_name_en="Nowhere", short_name_ar="لا مكان")
    assert "iso3" in error.value.message_dict


def test_former_names_may_not_overlap(ccm_staff, lebanon):
    services.state_name_save(actor=ccm_staff, state=lebanon, valid_from=D(2000, 1, 1), valid_to=D(2010, 1, 1), short_name_en="Old")
    with pytest.raises(ValidationError) as error:
        services.state_name_save(actor=ccm_staff, state=lebanon, valid_from=D(2009, 1, 1), valid_to=D(2012, 1, 1), short_name_en="Older")
    assert "valid_from" in error.value.message_dict
