"""What each State Party owes under Article 7, and whether it delivered: pure functions, no queries.

Rules (DOMAIN.md, Article 7 of both conventions):
- initial report: ``convention.initial_report_days`` (180) days after entry into force for the State;
- annual report: covers a calendar year and is due on ``annual_report_month``/``annual_report_day``
  (30 April) of the following year, from the first full calendar year as a State Party (a State bound
  from 1 January reports on that year; one bound from 1 August 2010 first reports on 2011);
- nothing falls due on or after the date a withdrawal takes effect (a deferred withdrawal has no date
  yet, so the State still owes its reports).

A report's state on a date: pending (not yet due and not submitted), on time (first submitted on or
before the due date), late (first submitted after it), missing (not submitted and the due date passed).
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from secretariat.treaties import WITHDRAWAL, state_entry_into_force, withdrawal_effective

INITIAL = "initial"
ANNUAL = "annual"


class ReportState(StrEnum):
    PENDING = "pending"
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"


@dataclass(frozen=True)
class Due:
    kind: str  # INITIAL or ANNUAL (the values of Report.Kind)
    year: int  # annual: the calendar year covered; initial: the year of entry into force
    due_date: datetime.date


def annual_due_date(convention, year: int) -> datetime.date:
    """The due date of the annual report covering ``year`` (30 April of the following year)."""
    month = convention.annual_report_month
    day = min(convention.annual_report_day, calendar.monthrange(year + 1, month)[1])
    return datetime.date(year + 1, month, day)


def initial_due_date(convention, in_force: datetime.date) -> datetime.date:
    return in_force + datetime.timedelta(days=convention.initial_report_days)


def first_annual_year(in_force: datetime.date) -> int:
    """The first calendar year the State is a State Party for the whole of."""
    return in_force.year if (in_force.month, in_force.day) == (1, 1) else in_force.year + 1


def withdrawal_date(events: Iterable, convention) -> datetime.date | None:
    for event in events:
        if event.kind == WITHDRAWAL:
            return withdrawal_effective(event, convention)
    return None


def reports_due(events: Iterable, convention, *, through_year: int) -> list[Due]:
    """Every report the State owes under the convention, annual ones up to the report covering ``through_year``.

    ``events`` are the State's treaty events under this convention (each with its ``convention``).
    """
    events = list(events)
    in_force = state_entry_into_force(events)
    if in_force is None:
        return []
    withdrawn = withdrawal_date(events, convention)
    owed: list[Due] = []
    initial = initial_due_date(convention, in_force)
    if withdrawn is None or initial < withdrawn:
        owed.append(Due(INITIAL, in_force.year, initial))
    for year in range(first_annual_year(in_force), through_year + 1):
        due = annual_due_date(convention, year)
        if withdrawn is not None and due >= withdrawn:
            break
        owed.append(Due(ANNUAL, year, due))
    return owed


def classify(due_date: datetime.date, submitted_on: datetime.date | None, on: datetime.date) -> ReportState:
    """The state of one owed report on the date ``on``. ``submitted_on``: date of first submission."""
    if submitted_on is not None and submitted_on <= on:
        return ReportState.ON_TIME if submitted_on <= due_date else ReportState.LATE
    return ReportState.PENDING if on <= due_date else ReportState.MISSING


@dataclass(frozen=True)
class Rate:
    """Reporting figures of one convention for the annual reports covering one year."""

    year: int
    due_date: datetime.date
    due: int  # reports whose due date has passed (pending ones are not counted)
    on_time: int
    late: int
    missing: int
    pending: int

    @property
    def submitted(self) -> int:
        return self.on_time + self.late

    @property
    def on_time_rate(self) -> float | None:
        return self.on_time / self.due if self.due else None

    @property
    def at_all_rate(self) -> float | None:
        return self.submitted / self.due if self.due else None


def rate(convention, year: int, states: Iterable[ReportState]) -> Rate:
    counts = dict.fromkeys(ReportState, 0)
    for state in states:
        counts[state] += 1
    due = counts[ReportState.ON_TIME] + counts[ReportState.LATE] + counts[ReportState.MISSING]
    return Rate(
        year, annual_due_date(convention, year), due,
        counts[ReportState.ON_TIME], counts[ReportState.LATE], counts[ReportState.MISSING], counts[ReportState.PENDING],
    )  # fmt: skip


def consecutive_missing(annual: list[tuple[int, ReportState]], count: int = 2) -> list[int]:
    """The years of the latest ``count`` annual reports whose due date has passed, if all are missing.

    ``annual``: (year, state) of the annual reports owed, any order. Pending reports are not yet
    owed, so they neither count against the State nor break the run.
    """
    owed = sorted(((year, state) for year, state in annual if state != ReportState.PENDING), reverse=True)[
        :count
    ]
    if len(owed) == count and all(state == ReportState.MISSING for _year, state in owed):
        return sorted(year for year, _state in owed)
    return []
