"""Reads of the core records for pages and the API.

Everything read here is public (conventions, States, their names and treaty events are published
by the depositary), so ``viewer`` does not narrow the results yet; it is taken anyway so that every
read goes through one place when unpublished records (draft obligations, extension requests) join.

Query counts do not grow with the number of States: treaty events are prefetched once and the
status engine (``secretariat.treaties``) classifies them in Python.
"""

from __future__ import annotations

import datetime
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils import timezone

from secretariat.house_style import sort_key
from secretariat.models import Convention, Obligation, State, TreatyEvent
from secretariat.translation import localized
from secretariat.treaties import (
    CONSENT_KINDS,
    SIGNATURE,
    WITHDRAWAL,
    Deadline,
    ObligationKind,
    Status,
    consent_event,
    obligation_deadlines,
    state_entry_into_force,
    status_on,
    withdrawal_effective,
)

# Statuses in the order a reader expects them (filters, counts).
STATUS_ORDER: tuple[Status, ...] = (
    Status.STATE_PARTY,
    Status.RATIFIED_NOT_IN_FORCE,
    Status.SIGNATORY,
    Status.WITHDRAWN,
    Status.NON_SIGNATORY,
)


def today() -> datetime.date:
    return timezone.localdate()


# ---------------------------------------------------------------------------------------------
# Conventions
# ---------------------------------------------------------------------------------------------


def convention_list(*, viewer=None) -> QuerySet[Convention]:
    return Convention.objects.order_by("code")


def convention_get(*, viewer=None, code: str) -> Convention:
    """The convention with this code, in any case ("ccm" or "CCM"). Raises Convention.DoesNotExist."""
    return convention_list(viewer=viewer).get(code=code.upper())


def _statuses(events: Iterable[TreatyEvent], on_date: datetime.date) -> dict[tuple[int, int], Status]:
    """(state_id, convention_id) -> status, from rows whose ``convention`` is loaded."""
    grouped: dict[tuple[int, int], list[TreatyEvent]] = defaultdict(list)
    for event in events:
        grouped[(event.state_id, event.convention_id)].append(event)
    return {key: status_on(rows, on_date) for key, rows in grouped.items()}


def status_counts(*, viewer=None, on_date: datetime.date | None = None) -> dict[int, Counter]:
    """convention_id -> Counter of statuses of the States with at least one event (one query)."""
    on_date = on_date or today()
    counts: dict[int, Counter] = defaultdict(Counter)
    for (_state_id, convention_id), status in _statuses(
        TreatyEvent.objects.select_related("convention"), on_date
    ).items():
        counts[convention_id][status] += 1
    return counts


@dataclass(frozen=True)
class ConventionSummary:
    convention: Convention
    counts: Counter

    @property
    def states_parties(self) -> int:
        return self.counts[Status.STATE_PARTY]

    @property
    def signatories(self) -> int:
        return self.counts[Status.SIGNATORY]

    @property
    def ratified_not_in_force(self) -> int:
        return self.counts[Status.RATIFIED_NOT_IN_FORCE]


def convention_summaries(*, viewer=None, on_date: datetime.date | None = None) -> list[ConventionSummary]:
    counts = status_counts(viewer=viewer, on_date=on_date)
    return [ConventionSummary(c, counts.get(c.pk, Counter())) for c in convention_list(viewer=viewer)]


# ---------------------------------------------------------------------------------------------
# States: lists
# ---------------------------------------------------------------------------------------------


def state_queryset(*, viewer=None) -> QuerySet[State]:
    """States with their treaty events (and each event's convention) prefetched: three queries in all."""
    events = TreatyEvent.objects.select_related("convention").order_by("date", "pk")
    return State.objects.prefetch_related(Prefetch("treaty_events", queryset=events))


def search_states(queryset: QuerySet[State], text: str) -> QuerySet[State]:
    """Match a part of the short or formal name in any of the four languages, or the ISO code."""
    text = text.strip()
    if not text:
        return queryset
    condition = Q(iso3__iexact=text) | Q(iso2__iexact=text)
    for language in ("en", "ar", "fr", "es"):
        condition |= Q(**{f"short_name_{language}__icontains": text})
        condition |= Q(**{f"formal_name_{language}__icontains": text})
    return queryset.filter(condition)


def filter_states_by_status(
    queryset: QuerySet[State],
    *,
    convention_code: str,
    statuses: Iterable[Status],
    on_date: datetime.date | None = None,
) -> QuerySet[State]:
    """States whose status under one convention is one of ``statuses`` (one query, over that convention's events).

    The status is computed, not stored (it changes with the calendar: entry into force six months
    after deposit, withdrawals taking effect), so the matching ids are worked out in Python.
    """
    on_date = on_date or today()
    wanted = set(statuses)
    events = TreatyEvent.objects.filter(convention__code=convention_code).select_related("convention")
    known = {state_id: status for (state_id, _), status in _statuses(events, on_date).items()}
    if Status.NON_SIGNATORY in wanted:
        # States with no event at all are non-signatories too, so exclude rather than include.
        return queryset.exclude(pk__in=[pk for pk, status in known.items() if status not in wanted])
    return queryset.filter(pk__in=[pk for pk, status in known.items() if status in wanted])


@dataclass(frozen=True)
class StateRow:
    state: State
    name: str
    statuses: dict[str, Status]  # convention code -> status

    def status_in(self, code: str) -> Status:
        return self.statuses.get(code, Status.NON_SIGNATORY)


def state_statuses(
    state: State, conventions: Iterable[Convention], on_date: datetime.date
) -> dict[str, Status]:
    """Convention code -> status, from the prefetched events (no query)."""
    return {c.code: status_on(state.events_for(c), on_date) for c in conventions}


def state_rows(
    *,
    viewer=None,
    language: str,
    on_date: datetime.date | None = None,
    search: str = "",
    convention_code: str = "",
    status: Status | str = "",
    conventions: list[Convention] | None = None,
) -> list[StateRow]:
    """The States list: names in the active language in UN alphabetical order, status in each convention.

    ``status`` without ``convention_code`` matches a State with that status in any convention;
    ``convention_code`` alone matches the States that have signed or joined that convention.
    Three queries whatever the number of States (conventions unless given, States, events with their convention).
    """
    on_date = on_date or today()
    if conventions is None:
        conventions = list(convention_list(viewer=viewer))
    codes = [c.code for c in conventions if not convention_code or c.code == convention_code]
    rows = []
    for state in search_states(state_queryset(viewer=viewer), search):
        statuses = state_statuses(state, conventions, on_date)
        considered = [statuses[code] for code in codes]
        if status and status not in considered:
            continue
        if convention_code and not status and considered == [Status.NON_SIGNATORY]:
            continue
        rows.append(StateRow(state, localized(state, "short_name", language), statuses))
    rows.sort(key=lambda row: sort_key(row.name, language))
    return rows


# ---------------------------------------------------------------------------------------------
# States: one State
# ---------------------------------------------------------------------------------------------


def state_get(*, viewer=None, iso3: str) -> State:
    """One State with events, former names and obligations prefetched. Raises State.DoesNotExist."""
    return (
        state_queryset(viewer=viewer)
        .prefetch_related(
            "former_names", Prefetch("obligations", queryset=Obligation.objects.order_by("kind"))
        )
        .get(iso3=iso3.strip().upper())
    )


@dataclass(frozen=True)
class ConventionRecord:
    """A State's record under one convention, as the State page and the API show it."""

    convention: Convention
    status: Status
    signature: TreatyEvent | None
    consent: TreatyEvent | None  # ratification, acceptance, approval, accession or succession
    entry_into_force: datetime.date | None
    withdrawal: TreatyEvent | None
    withdrawal_effective: datetime.date | None
    deadlines: list[Deadline] = field(default_factory=list)
    completed: dict[str, datetime.date] = field(default_factory=dict)  # obligation kind -> completed on


def state_records(
    state: State, conventions: Iterable[Convention], on_date: datetime.date | None = None
) -> list[ConventionRecord]:
    """Status, key dates and deadlines per convention, from prefetched rows (no query).

    Deadlines: the initial Article 7 report always; stockpile destruction and clearance only where
    an Obligation record says the State holds that obligation. Extensions will move them once the
    extensions app grants any (none are recorded yet, so ``extensions`` is empty). A State that has
    withdrawn has no current deadline.
    """
    on_date = on_date or today()
    records = []
    for convention in conventions:
        events = state.events_for(convention)
        status = status_on(events, on_date)
        obligations = [o for o in state.obligations.all() if o.convention_id == convention.pk]
        withdrawal = next((e for e in events if e.kind == WITHDRAWAL), None)
        deadlines = []
        if status != Status.WITHDRAWN:
            deadlines = [
                d
                for d in obligation_deadlines(
                    state, convention, events=events, holds=[o.kind for o in obligations], extensions=()
                )
                if d.applies
            ]
        records.append(
            ConventionRecord(
                convention=convention,
                status=status,
                signature=next((e for e in events if e.kind == SIGNATURE), None),
                consent=consent_event(e for e in events if e.kind in CONSENT_KINDS),
                entry_into_force=state_entry_into_force(events),
                withdrawal=withdrawal,
                withdrawal_effective=withdrawal_effective(withdrawal, convention) if withdrawal else None,
                deadlines=deadlines,
                completed={o.kind: o.completed_on for o in obligations if o.completed_on},
            )
        )
    return records


def former_names(state: State):
    """Former names, most recent first (prefetched by state_get)."""
    return sorted(state.former_names.all(), key=lambda name: name.valid_to, reverse=True)


def treaty_event_list(*, viewer=None) -> QuerySet[TreatyEvent]:
    return TreatyEvent.objects.select_related("state", "convention").order_by(
        "convention__code", "state__iso3", "date", "pk"
    )


__all__ = [
    "STATUS_ORDER",
    "ConventionRecord",
    "ConventionSummary",
    "ObligationKind",
    "StateRow",
    "convention_get",
    "convention_list",
    "convention_summaries",
    "filter_states_by_status",
    "former_names",
    "search_states",
    "state_get",
    "state_queryset",
    "state_records",
    "state_rows",
    "state_statuses",
    "status_counts",
    "today",
]
