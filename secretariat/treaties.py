"""The treaty status engine: pure functions over TreatyEvent rows.

Nothing here touches the database. Callers pass the rows (model instances or any object with the
same attributes: ``kind``, ``date``, ``effective_date``, ``effect_deferred`` and a ``convention`` with
``entry_into_force``, the article periods and ``withdrawal_notice_months``), so a list page can
prefetch every State's events once and classify 200 States without a query each.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from secretariat.house_style import add_months

CONSENT_KINDS = frozenset({"ratification", "acceptance", "approval", "accession", "succession"})
SIGNATURE = "signature"
WITHDRAWAL = "withdrawal"


class Status(StrEnum):
    NON_SIGNATORY = "non_signatory"
    SIGNATORY = "signatory"
    RATIFIED_NOT_IN_FORCE = "ratified_not_in_force"
    STATE_PARTY = "state_party"
    WITHDRAWN = "withdrawn"


class Category(StrEnum):
    """Participation categories of a meeting, in the order a final report lists them."""

    STATE_PARTY = "state_party"
    RATIFIED_NOT_IN_FORCE = "ratified_not_in_force"
    SIGNATORY = "signatory"
    OBSERVER_STATE = "observer_state"
    ORGANISATION_RULE_1_2 = "organisation_1_2"
    ORGANISATION_RULE_1_3 = "organisation_1_3"


class ObligationKind(StrEnum):
    INITIAL_REPORT = "initial_report"
    STOCKPILE_DESTRUCTION = "stockpile_destruction"
    CLEARANCE = "clearance"


@dataclass(frozen=True)
class Deadline:
    kind: ObligationKind
    article: str
    original: datetime.date
    current: datetime.date
    extended: bool
    applies: bool | None  # None: the portal does not know whether the State holds this obligation


def entry_into_force(deposit_date: datetime.date, convention) -> datetime.date:
    """First day of the sixth month after the month of deposit, never before the convention's own date.

    A State that deposited before the convention entered into force (or so shortly after the
    triggering instrument that six months land earlier) is bound from the convention's date.
    """
    own = add_months(deposit_date.replace(day=1), 6)
    return max(own, convention.entry_into_force)


def consent_event(events: Iterable):
    """The instrument by which the State consented to be bound (the earliest, if several)."""
    consents = sorted((e for e in events if e.kind in CONSENT_KINDS), key=lambda e: e.date)
    return consents[0] if consents else None


def withdrawal_effective(event, convention) -> datetime.date | None:
    """When a withdrawal takes effect: the recorded date; six months after notice unless deferred."""
    if event.effective_date:
        return event.effective_date
    if getattr(event, "effect_deferred", False):
        return None
    return add_months(event.date, convention.withdrawal_notice_months)


def status_on(events: Iterable, on_date: datetime.date) -> Status:
    """A State's status under one convention on a date, from its events under that convention."""
    events = list(events)
    if not events:
        return Status.NON_SIGNATORY
    convention = events[0].convention
    for event in events:
        if event.kind == WITHDRAWAL and event.date <= on_date:
            effective = withdrawal_effective(event, convention)
            if effective is not None and effective <= on_date:
                return Status.WITHDRAWN
    consent = consent_event(e for e in events if e.date <= on_date)
    if consent is not None:
        if entry_into_force(consent.date, convention) <= on_date:
            return Status.STATE_PARTY
        return Status.RATIFIED_NOT_IN_FORCE
    if any(e.kind == SIGNATURE and e.date <= on_date for e in events):
        return Status.SIGNATORY
    return Status.NON_SIGNATORY


def state_entry_into_force(events: Iterable) -> datetime.date | None:
    """The date the convention entered into force for the State, or None if it has not consented."""
    events = list(events)
    consent = consent_event(events)
    if consent is None:
        return None
    return entry_into_force(consent.date, consent.convention)


def obligation_deadlines(
    state,
    convention,
    *,
    events: Iterable | None = None,
    holds: Iterable[str] | None = None,
    extensions: Iterable = (),
) -> list[Deadline]:
    """Deadlines under Art. 4/5 (APMBC), Art. 3/4 (CCM) and for the initial Article 7 report.

    ``events`` default to ``state.events_for(convention)``. ``holds`` names the obligation kinds the
    State is known to hold (stockpiles to destroy, areas to clear); None means unknown. Each item of
    ``extensions`` has ``kind`` (an ObligationKind value) and ``granted_deadline``: the latest granted
    extension of a kind becomes the current deadline.
    """
    if events is None:
        events = state.events_for(convention)
    in_force = state_entry_into_force(events)
    if in_force is None:
        return []
    held = None if holds is None else {str(kind) for kind in holds}
    latest: dict[str, datetime.date] = {}
    for extension in extensions:
        kind = str(extension.kind)
        if kind not in latest or extension.granted_deadline > latest[kind]:
            latest[kind] = extension.granted_deadline

    def deadline(kind: ObligationKind, article: str, original: datetime.date) -> Deadline:
        current = latest.get(kind, original)
        applies = True if kind == ObligationKind.INITIAL_REPORT else (None if held is None else kind in held)
        return Deadline(kind, article, original, max(current, original), current > original, applies)

    return [
        deadline(ObligationKind.INITIAL_REPORT, "7", in_force + datetime.timedelta(days=convention.initial_report_days)),
        deadline(
            ObligationKind.STOCKPILE_DESTRUCTION,
            convention.stockpile_article,
            add_months(in_force, 12 * convention.stockpile_period_years),
        ),
        deadline(
            ObligationKind.CLEARANCE,
            convention.clearance_article,
            add_months(in_force, 12 * convention.clearance_period_years),
        ),
    ]


def max_extension_deadline(convention, kind: ObligationKind, current_deadline: datetime.date) -> datetime.date | None:
    """The latest date one extension may grant, or None where the article allows no extension."""
    years = (
        convention.stockpile_max_extension_years
        if kind == ObligationKind.STOCKPILE_DESTRUCTION
        else convention.clearance_max_extension_years
    )
    if not years:
        return None
    return add_months(current_deadline, 12 * years)


def category_for_status(status: Status) -> Category:
    return {
        Status.STATE_PARTY: Category.STATE_PARTY,
        Status.RATIFIED_NOT_IN_FORCE: Category.RATIFIED_NOT_IN_FORCE,
        Status.SIGNATORY: Category.SIGNATORY,
    }.get(status, Category.OBSERVER_STATE)


def meeting_category(state, meeting, *, events: Iterable | None = None) -> Category:
    """The participation category of a State (or organisation) at a meeting, from status on its first day."""
    rule = getattr(state, "rule", None)
    if rule is not None:  # an Organisation
        return Category.ORGANISATION_RULE_1_2 if rule == "1(2)" else Category.ORGANISATION_RULE_1_3
    if events is None:
        events = state.events_for(meeting.convention)
    return category_for_status(status_on(events, meeting.start_date))
