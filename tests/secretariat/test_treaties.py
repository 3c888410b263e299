"""The treaty status engine on real cases (pure functions; no database)."""

import datetime
from dataclasses import dataclass

import pytest
from hypothesis import given
from hypothesis import strategies as st

from secretariat.treaties import (
    Category,
    ObligationKind,
    Status,
    entry_into_force,
    max_extension_deadline,
    meeting_category,
    obligation_deadlines,
    state_entry_into_force,
    status_on,
)

D = datetime.date


@dataclass(frozen=True)
class Conv:
    code: str
    entry_into_force: datetime.date
    stockpile_article: str
    stockpile_period_years: int
    stockpile_max_extension_years: int | None
    clearance_article: str
    clearance_period_years: int
    clearance_max_extension_years: int
    initial_report_days: int = 180
    withdrawal_notice_months: int = 6


CCM = Conv("CCM", D(2010, 8, 1), "3", 8, 4, "4", 10, 5)
APMBC = Conv("APMBC", D(1999, 3, 1), "4", 4, None, "5", 10, 10)


@dataclass(frozen=True)
class Event:
    kind: str
    date: datetime.date
    convention: Conv
    effective_date: datetime.date | None = None
    effect_deferred: bool = False


@dataclass(frozen=True)
class Meeting:
    convention: Conv
    start_date: datetime.date


@dataclass(frozen=True)
class Extension:
    kind: str
    granted_deadline: datetime.date


def test_lebanon_ccm_enters_into_force_first_day_of_sixth_month_after_deposit():
    assert entry_into_force(D(2010, 11, 5), CCM) == D(2011, 5, 1)


def test_state_that_deposited_before_the_convention_entered_into_force_gets_the_conventions_date():
    # Norway deposited its CCM ratification on 3 December 2008, the day the Convention opened.
    assert entry_into_force(D(2008, 12, 3), CCM) == D(2010, 8, 1)
    # Burkina Faso's was the 30th instrument (16 February 2010): six months later is the Convention's date.
    assert entry_into_force(D(2010, 2, 16), CCM) == D(2010, 8, 1)


def test_deposit_in_december_rolls_into_the_next_year():
    assert entry_into_force(D(2011, 12, 31), CCM) == D(2012, 6, 1)


def test_status_moves_from_signatory_through_ratified_to_state_party():
    events = [Event("signature", D(2008, 12, 3), CCM), Event("ratification", D(2010, 11, 5), CCM)]
    assert status_on(events, D(2008, 12, 2)) is Status.NON_SIGNATORY
    assert status_on(events, D(2009, 1, 1)) is Status.SIGNATORY
    assert status_on(events, D(2011, 4, 30)) is Status.RATIFIED_NOT_IN_FORCE
    assert status_on(events, D(2011, 5, 1)) is Status.STATE_PARTY


def test_no_events_is_non_signatory():
    assert status_on([], D(2020, 1, 1)) is Status.NON_SIGNATORY


def test_withdrawal_takes_effect_six_months_after_notification_by_default():
    events = [Event("accession", D(2003, 5, 12), APMBC), Event("withdrawal", D(2025, 6, 27), APMBC)]
    assert status_on(events, D(2025, 12, 26)) is Status.STATE_PARTY
    assert status_on(events, D(2025, 12, 27)) is Status.WITHDRAWN


def test_withdrawal_uses_its_recorded_effective_date():
    # Lithuania's withdrawal from the CCM took effect on 6 March 2025.
    events = [
        Event("ratification", D(2011, 3, 24), CCM),
        Event("withdrawal", D(2024, 9, 6), CCM, effective_date=D(2025, 3, 6)),
    ]
    assert status_on(events, D(2025, 3, 5)) is Status.STATE_PARTY
    assert status_on(events, D(2025, 3, 6)) is Status.WITHDRAWN


def test_deferred_withdrawal_does_not_take_effect():
    events = [
        Event("ratification", D(2005, 12, 27), APMBC),
        Event("withdrawal", D(2025, 7, 16), APMBC, effect_deferred=True),
    ]
    assert status_on(events, D(2026, 11, 26)) is Status.STATE_PARTY


def test_deadlines_count_from_the_states_entry_into_force():
    events = [Event("ratification", D(2010, 11, 5), CCM)]
    deadlines = {d.kind: d for d in obligation_deadlines(None, CCM, events=events)}
    assert deadlines[ObligationKind.INITIAL_REPORT].current == D(2011, 5, 1) + datetime.timedelta(days=180)
    assert deadlines[ObligationKind.STOCKPILE_DESTRUCTION].current == D(2019, 5, 1)
    assert deadlines[ObligationKind.CLEARANCE].current == D(2021, 5, 1)
    assert deadlines[ObligationKind.CLEARANCE].applies is None


def test_granted_extension_moves_the_deadline_and_the_latest_wins():
    events = [Event("ratification", D(2010, 11, 5), CCM)]
    extensions = [Extension("clearance", D(2026, 5, 1)), Extension("clearance", D(2031, 5, 1))]
    deadlines = {d.kind: d for d in obligation_deadlines(None, CCM, events=events, holds={"clearance"}, extensions=extensions)}
    clearance = deadlines[ObligationKind.CLEARANCE]
    assert (clearance.original, clearance.current, clearance.extended, clearance.applies) == (
        D(2021, 5, 1), D(2031, 5, 1), True, True,
    )  # fmt: skip
    assert deadlines[ObligationKind.STOCKPILE_DESTRUCTION].applies is False


def test_a_state_not_bound_has_no_deadlines():
    assert obligation_deadlines(None, CCM, events=[Event("signature", D(2008, 12, 3), CCM)]) == []


def test_apmbc_allows_no_stockpile_extension_and_ten_years_for_clearance():
    assert max_extension_deadline(APMBC, ObligationKind.STOCKPILE_DESTRUCTION, D(2003, 3, 1)) is None
    assert max_extension_deadline(APMBC, ObligationKind.CLEARANCE, D(2009, 3, 1)) == D(2019, 3, 1)
    assert max_extension_deadline(CCM, ObligationKind.CLEARANCE, D(2021, 5, 1)) == D(2026, 5, 1)
    assert max_extension_deadline(CCM, ObligationKind.STOCKPILE_DESTRUCTION, D(2019, 5, 1)) == D(2023, 5, 1)


@pytest.mark.parametrize(
    ("events", "expected"),
    [
        ([Event("ratification", D(2010, 11, 5), CCM)], Category.STATE_PARTY),
        ([Event("accession", D(2011, 8, 31), CCM)], Category.RATIFIED_NOT_IN_FORCE),
        ([Event("signature", D(2008, 12, 3), CCM)], Category.SIGNATORY),
        ([], Category.OBSERVER_STATE),
    ],
)
def test_meeting_category_comes_from_status_on_the_first_day(events, expected):
    beirut = Meeting(CCM, D(2011, 9, 12))
    assert meeting_category(object(), beirut, events=events) is expected


def test_withdrawn_state_attends_as_an_observer():
    events = [
        Event("ratification", D(2011, 3, 24), CCM),
        Event("withdrawal", D(2024, 9, 6), CCM, effective_date=D(2025, 3, 6)),
    ]
    assert meeting_category(object(), Meeting(CCM, D(2025, 9, 15)), events=events) is Category.OBSERVER_STATE


def test_organisations_fall_under_their_rule():
    @dataclass
    class Org:
        rule: str

    meeting = Meeting(CCM, D(2011, 9, 12))
    assert meeting_category(Org("1(2)"), meeting) is Category.ORGANISATION_RULE_1_2
    assert meeting_category(Org("1(3)"), meeting) is Category.ORGANISATION_RULE_1_3


def test_state_entry_into_force_uses_the_earliest_instrument():
    events = [Event("signature", D(1997, 12, 3), APMBC), Event("ratification", D(1998, 9, 16), APMBC)]
    assert state_entry_into_force(events) == D(1999, 3, 1)


@given(st.dates(min_value=D(1997, 12, 3), max_value=D(2040, 12, 31)))
def test_entry_into_force_is_a_first_of_month_within_seven_months_and_never_before_the_convention(deposit):
    result = entry_into_force(deposit, APMBC)
    assert result >= APMBC.entry_into_force
    if result != APMBC.entry_into_force:
        assert result.day == 1
        months = (result.year - deposit.year) * 12 + result.month - deposit.month
        assert months == 6


@given(st.dates(min_value=D(2008, 12, 3), max_value=D(2040, 1, 1)), st.integers(min_value=0, max_value=4000))
def test_status_never_goes_back_from_state_party_without_a_withdrawal(deposit, days):
    events = [Event("ratification", deposit, CCM)]
    in_force = entry_into_force(deposit, CCM)
    later = in_force + datetime.timedelta(days=days)
    assert status_on(events, later) is Status.STATE_PARTY
