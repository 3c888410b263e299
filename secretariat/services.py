"""Every write to the core records goes through here: validate, write atomically, audit."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secretariat.audit import audit, diff, snapshot
from secretariat.models import (
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
from secretariat.permissions import check_can
from secretariat.service_tools import assign_fields, audited_delete
from secretariat.treaties import CONSENT_KINDS, SIGNATURE, WITHDRAWAL

STATE_FIELDS = [
    "iso3", "iso2", "m49", "un_member",
    "short_name_en", "short_name_ar", "short_name_fr", "short_name_es",
    "formal_name_en", "formal_name_ar", "formal_name_fr", "formal_name_es",
]  # fmt: skip
EVENT_FIELDS = ["kind", "date", "effective_date", "effect_deferred", "source", "notes"]




def _normalise_state(data: dict) -> dict:
    data = dict(data)
    for code in ("iso3", "iso2"):
        if isinstance(data.get(code), str):
            data[code] = data[code].strip().upper()
    return data


@transaction.atomic
def state_create(*, actor, **data) -> State:
    check_can(actor, "secretariat.add_state")
    state = State()
    assign_fields(state, _normalise_state(data), STATE_FIELDS)
    state.full_clean(validate_constraints=False)
    state.save()
    audit(actor, "secretariat.state.created", state, snapshot(state, STATE_FIELDS))
    return state


@transaction.atomic
def state_update(*, actor, state: State, **data) -> State:
    check_can(actor, "secretariat.change_state", state)
    before = snapshot(state, STATE_FIELDS)
    assign_fields(state, _normalise_state(data), STATE_FIELDS)
    state.full_clean(validate_constraints=False)
    state.save()
    changes = diff(before, snapshot(state, STATE_FIELDS))
    if changes:
        audit(actor, "secretariat.state.updated", state, changes)
    return state


NAME_FIELDS = [
    "valid_from", "valid_to",
    "short_name_en", "short_name_ar", "short_name_fr", "short_name_es",
    "formal_name_en", "formal_name_ar", "formal_name_fr", "formal_name_es", "source",
]  # fmt: skip


@transaction.atomic
def state_name_save(*, actor, state: State, name: StateName | None = None, **data) -> StateName:
    """Record (or correct) a former name of a State. Periods of one State's former names may not overlap."""
    check_can(actor, "secretariat.change_state", state)
    creating = name is None
    name = name or StateName(state=state)
    before = {} if creating else snapshot(name, NAME_FIELDS)
    assign_fields(name, data, NAME_FIELDS)
    name.full_clean(validate_constraints=False)
    if name.valid_from and name.valid_to and name.valid_from > name.valid_to:
        raise ValidationError({"valid_to": _("A name cannot stop being used before it started.")})
    today = timezone.localdate()
    if name.valid_to and name.valid_to > today:
        raise ValidationError({"valid_to": _("A former name cannot end in the future.")})
    for other in state.former_names.exclude(pk=name.pk):
        starts_before_other_ends = name.valid_from is None or name.valid_from <= other.valid_to
        ends_after_other_starts = other.valid_from is None or name.valid_to >= other.valid_from
        if starts_before_other_ends and ends_after_other_starts:
            raise ValidationError(
                {"valid_from": _("This period overlaps the former name “%(name)s”.") % {"name": other.short_name_en}}
            )
    name.save()
    audit(actor, "secretariat.statename." + ("created" if creating else "updated"), name, diff(before, snapshot(name, NAME_FIELDS)))
    return name


def validate_treaty_event(event: TreatyEvent, *, today: datetime.date | None = None) -> None:
    """The rules a treaty event must meet against the State's other events under the same convention."""
    # Our own checks below name the field; the database constraints stay as the backstop.
    event.full_clean(validate_unique=False, validate_constraints=False)
    today = today or timezone.localdate()
    errors: dict[str, str] = {}
    if event.date > today:
        errors["date"] = _("The date %(date)s is in the future.") % {"date": event.date.isoformat()}
    if event.effective_date and event.effective_date > today:
        errors["effective_date"] = _("The effective date %(date)s is in the future.") % {
            "date": event.effective_date.isoformat()
        }
    if event.kind != WITHDRAWAL and (event.effective_date or event.effect_deferred):
        errors["effective_date"] = _("Only a withdrawal has an effective date or a deferred effect.")
    if event.kind == WITHDRAWAL and event.effective_date and event.effect_deferred:
        errors["effect_deferred"] = _("A withdrawal that has taken effect cannot also be deferred.")
    convention = event.convention
    if event.kind == SIGNATURE and event.date < convention.opened_for_signature_on:
        errors["date"] = _("The convention was opened for signature on %(date)s.") % {
            "date": convention.opened_for_signature_on.isoformat()
        }
    others = [
        e for e in TreatyEvent.objects.filter(state_id=event.state_id, convention_id=event.convention_id) if e.pk != event.pk
    ]
    if any(e.kind == event.kind for e in others):
        errors["kind"] = _("%(state)s already has a %(kind)s under the %(convention)s.") % {
            "state": event.state, "kind": event.get_kind_display().lower(), "convention": convention,
        }  # fmt: skip
    consents = [e for e in others if e.kind in CONSENT_KINDS]
    signature = next((e for e in others if e.kind == SIGNATURE), None)
    if event.kind in CONSENT_KINDS:
        if consents:
            errors["kind"] = _("%(state)s is already bound by the %(convention)s (%(kind)s of %(date)s).") % {
                "state": event.state, "convention": convention,
                "kind": consents[0].get_kind_display().lower(), "date": consents[0].date.isoformat(),
            }  # fmt: skip
        if signature and event.date < signature.date:
            errors["date"] = _("The instrument cannot be deposited before the signature (%(date)s).") % {
                "date": signature.date.isoformat()
            }
    if event.kind == SIGNATURE and consents and consents[0].date < event.date:
        errors["date"] = _("The signature cannot come after the deposit of the instrument (%(date)s).") % {
            "date": consents[0].date.isoformat()
        }
    if event.kind == WITHDRAWAL:
        if not consents:
            errors["kind"] = _("Only a State bound by the convention can withdraw from it.")
        elif event.date < consents[0].date:
            errors["date"] = _("A withdrawal cannot precede the instrument of consent (%(date)s).") % {
                "date": consents[0].date.isoformat()
            }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def treaty_event_create(*, actor, state: State, convention: Convention, **data) -> TreatyEvent:
    event = TreatyEvent(state=state, convention=convention)
    check_can(actor, "secretariat.add_treatyevent", event)
    assign_fields(event, data, EVENT_FIELDS)
    validate_treaty_event(event)
    event.save()
    audit(actor, "secretariat.treatyevent.created", event, snapshot(event, EVENT_FIELDS))
    return event


@transaction.atomic
def treaty_event_update(*, actor, event: TreatyEvent, **data) -> TreatyEvent:
    check_can(actor, "secretariat.change_treatyevent", event)
    before = snapshot(event, EVENT_FIELDS)
    assign_fields(event, data, EVENT_FIELDS)
    validate_treaty_event(event)
    event.save()
    changes = diff(before, snapshot(event, EVENT_FIELDS))
    if changes:
        audit(actor, "secretariat.treatyevent.updated", event, changes)
    return event


@transaction.atomic
def treaty_event_delete(*, actor, event: TreatyEvent) -> None:
    check_can(actor, "secretariat.delete_treatyevent", event)
    audit(actor, "secretariat.treatyevent.deleted", event, snapshot(event, EVENT_FIELDS))
    event.delete()


ORGANISATION_FIELDS = ["acronym", "name_en", "name_ar", "name_fr", "name_es", "kind", "rule"]


@transaction.atomic
def organisation_save(*, actor, organisation: Organisation | None = None, **data) -> Organisation:
    creating = organisation is None
    check_can(actor, "secretariat.add_organisation" if creating else "secretariat.change_organisation", organisation)
    organisation = organisation or Organisation()
    before = {} if creating else snapshot(organisation, ORGANISATION_FIELDS)
    assign_fields(organisation, data, ORGANISATION_FIELDS)
    organisation.full_clean()
    organisation.save()
    changes = diff(before, snapshot(organisation, ORGANISATION_FIELDS))
    audit(actor, "secretariat.organisation." + ("created" if creating else "updated"), organisation, changes)
    return organisation


PERSON_FIELDS = [
    "honorific", "given_name", "family_name", "name_ar",
    "title_en", "title_ar", "title_fr", "title_es", "state", "organisation", "email",
]  # fmt: skip


@transaction.atomic
def person_save(*, actor, person: Person | None = None, **data) -> Person:
    creating = person is None
    check_can(actor, "secretariat.add_person" if creating else "secretariat.change_person", person)
    person = person or Person()
    before = {} if creating else snapshot(person)
    assign_fields(person, data, PERSON_FIELDS)
    person.full_clean()
    if person.state_id and person.organisation_id:
        raise ValidationError({"organisation": _("A person represents either a State or an organisation, not both.")})
    person.save()
    audit(actor, "secretariat.person." + ("created" if creating else "updated"), person, diff(before, snapshot(person)))
    return person


@transaction.atomic
def obligation_save(*, actor, obligation: Obligation | None = None, state=None, convention=None, **data) -> Obligation:
    creating = obligation is None
    obligation = obligation or Obligation(state=state, convention=convention)
    check_can(actor, "secretariat.add_obligation" if creating else "secretariat.change_obligation", obligation)
    before = {} if creating else snapshot(obligation)
    assign_fields(obligation, data, ["kind", "completed_on", "source"])
    obligation.full_clean()
    if obligation.completed_on and obligation.completed_on > timezone.localdate():
        raise ValidationError({"completed_on": _("The completion date cannot be in the future.")})
    obligation.save()
    audit(actor, "secretariat.obligation." + ("created" if creating else "updated"), obligation, diff(before, snapshot(obligation)))
    return obligation


# --- Admin writes (deletions, conventions, roles) -------------------------------------------------

CONVENTION_FIELDS = [
    "short_name_en", "short_name_ar", "short_name_fr", "short_name_es",
    "name_en", "name_ar", "name_fr", "name_es", "symbol_prefix",
    "adopted_on", "opened_for_signature_on", "entry_into_force",
    "stockpile_article", "stockpile_period_years", "stockpile_max_extension_years",
    "clearance_article", "clearance_period_years", "clearance_max_extension_years",
    "initial_report_days", "annual_report_month", "annual_report_day", "withdrawal_notice_months",
]  # fmt: skip


@transaction.atomic
def convention_update(*, actor, convention: Convention, **data) -> Convention:
    """Correct a convention's names or article rules. The code is its identity and never changes."""
    check_can(actor, "secretariat.change_convention", convention)
    before = snapshot(convention, CONVENTION_FIELDS)
    assign_fields(convention, data, CONVENTION_FIELDS)
    convention.full_clean()
    convention.save()
    changes = diff(before, snapshot(convention, CONVENTION_FIELDS))
    if changes:
        audit(actor, "secretariat.convention.updated", convention, changes)
    return convention




@transaction.atomic
def state_delete(*, actor, state: State) -> None:
    audited_delete(actor, "secretariat.delete_state", "secretariat.state.deleted", state)


@transaction.atomic
def state_name_delete(*, actor, name: StateName) -> None:
    audited_delete(actor, "secretariat.delete_statename", "secretariat.statename.deleted", name)


@transaction.atomic
def obligation_delete(*, actor, obligation: Obligation) -> None:
    audited_delete(actor, "secretariat.delete_obligation", "secretariat.obligation.deleted", obligation)


@transaction.atomic
def organisation_delete(*, actor, organisation: Organisation) -> None:
    audited_delete(actor, "secretariat.delete_organisation", "secretariat.organisation.deleted", organisation)


@transaction.atomic
def person_delete(*, actor, person: Person) -> None:
    audited_delete(actor, "secretariat.delete_person", "secretariat.person.deleted", person)


@transaction.atomic
def isu_membership_save(*, actor, membership: IsuMembership | None = None, **data) -> IsuMembership:
    """Who works in which ISU. Only a superuser grants or changes it (it decides what staff may edit)."""
    creating = membership is None
    permission = "secretariat.add_isumembership" if creating else "secretariat.change_isumembership"
    check_can(actor, permission, membership)
    membership = membership or IsuMembership()
    before = {} if creating else snapshot(membership)
    assign_fields(membership, data, ["user", "convention", "is_director"])
    membership.full_clean()
    membership.save()
    action = "secretariat.isumembership." + ("created" if creating else "updated")
    audit(actor, action, membership, diff(before, snapshot(membership)))
    return membership


@transaction.atomic
def isu_membership_delete(*, actor, membership: IsuMembership) -> None:
    audited_delete(actor, "secretariat.delete_isumembership", "secretariat.isumembership.deleted", membership)


@transaction.atomic
def delegate_assignment_save(
    *, actor, assignment: DelegateAssignment | None = None, **data
) -> DelegateAssignment:
    creating = assignment is None
    permission = "secretariat.add_delegateassignment" if creating else "secretariat.change_delegateassignment"
    check_can(actor, permission, assignment)
    assignment = assignment or DelegateAssignment()
    before = {} if creating else snapshot(assignment)
    assign_fields(assignment, data, ["user", "state", "convention"])
    assignment.full_clean()
    assignment.save()
    action = "secretariat.delegateassignment." + ("created" if creating else "updated")
    audit(actor, action, assignment, diff(before, snapshot(assignment)))
    return assignment


@transaction.atomic
def delegate_assignment_delete(*, actor, assignment: DelegateAssignment) -> None:
    action = "secretariat.delegateassignment.deleted"
    audited_delete(actor, "secretariat.delete_delegateassignment", action, assignment)
