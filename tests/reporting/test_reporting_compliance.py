"""Compliance, against hand-computed cases, and the dashboard's constant query count."""

import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from reporting import compliance, selectors
from reporting.compliance import ReportState
from reporting.models import Report
from secretariat.models import Obligation, State, TreatyEvent
from tests.factories import ObligationFactory, StateFactory, TreatyEventFactory
from tests.reporting.factories import FormSetFactory, ReportFactory

CCM = SimpleNamespace(
    entry_into_force=datetime.date(2010, 8, 1), initial_report_days=180, annual_report_month=4, annual_report_day=30,
    withdrawal_notice_months=6,
)  # fmt: skip


def event(kind, date, **extra):
    return SimpleNamespace(
        kind=kind,
        date=date,
        convention=CCM,
        effective_date=extra.get("effective_date"),
        effect_deferred=False,
    )


def test_initial_report_due_180_days_after_entry_into_force_and_pending_until_then():
    owed = compliance.reports_due([event("ratification", datetime.date(2010, 11, 5))], CCM, through_year=2012)
    initial = owed[0]
    assert (initial.kind, initial.due_date) == (
        "initial",
        datetime.date(2011, 10, 28),
    )  # in force 1 May 2011 + 180 days
    assert compliance.classify(initial.due_date, None, datetime.date(2011, 5, 1)) is ReportState.PENDING
    assert compliance.classify(initial.due_date, None, initial.due_date) is ReportState.PENDING
    assert (
        compliance.classify(initial.due_date, None, initial.due_date + datetime.timedelta(days=1))
        is ReportState.MISSING
    )


def test_first_annual_report_covers_the_first_full_year():
    owed = compliance.reports_due([event("ratification", datetime.date(2010, 11, 5))], CCM, through_year=2013)
    assert [(d.year, d.due_date) for d in owed if d.kind == "annual"] == [
        (2012, datetime.date(2013, 4, 30)), (2013, datetime.date(2014, 4, 30)),
    ]  # fmt: skip
    # Bound from the convention's own entry into force (1 August 2010): first full year 2011.
    early = compliance.reports_due(
        [event("ratification", datetime.date(2008, 12, 3))], CCM, through_year=2011
    )
    assert [d.year for d in early if d.kind == "annual"] == [2011]
    assert compliance.first_annual_year(datetime.date(2015, 1, 1)) == 2015


def test_on_time_on_the_due_date_late_by_one_day():
    due = datetime.date(2024, 4, 30)
    on = datetime.date(2024, 6, 1)
    assert compliance.classify(due, due, on) is ReportState.ON_TIME
    assert compliance.classify(due, datetime.date(2024, 5, 1), on) is ReportState.LATE


def test_a_withdrawn_state_owes_nothing_due_after_the_withdrawal_takes_effect():
    # Lithuania: withdrawal notified 5 September 2024, effective 6 March 2025.
    events = [
        event("ratification", datetime.date(2011, 3, 24)),
        event("withdrawal", datetime.date(2024, 9, 5), effective_date=datetime.date(2025, 3, 6)),
    ]
    owed = compliance.reports_due(events, CCM, through_year=2025)
    assert (
        max(d.year for d in owed if d.kind == "annual") == 2023
    )  # due 30 April 2024; 2024's would be due after


def test_missing_two_years_in_a_row():
    rows = [
        (2021, ReportState.ON_TIME),
        (2022, ReportState.MISSING),
        (2023, ReportState.MISSING),
        (2024, ReportState.PENDING),
    ]
    assert compliance.consecutive_missing(rows) == [2022, 2023]
    assert compliance.consecutive_missing([(2022, ReportState.MISSING), (2023, ReportState.LATE)]) == []


@pytest.fixture
def ccm_set(ccm):
    return FormSetFactory(convention=ccm)


def submitted(state, convention, form_set, year, on, kind="annual"):
    return ReportFactory(
        state=state, convention=convention, kind=kind, year=year, due_date=on, form_set=form_set, submitted_on=on
    )


def test_dashboard_rates_initial_reports_and_follow_up_list(ccm, ccm_set, lebanon, norway):
    TreatyEventFactory(state=lebanon, convention=ccm, kind="ratification", date=datetime.date(2010, 11, 5))
    TreatyEventFactory(state=norway, convention=ccm, kind="ratification", date=datetime.date(2008, 12, 3))
    newcomer = StateFactory(iso3="QNW", iso2="QW")
    TreatyEventFactory(
        state=newcomer, convention=ccm, kind="accession", date=datetime.date(2023, 3, 10)
    )  # in force 1 Sep 2023
    ObligationFactory(state=lebanon, convention=ccm, kind=Obligation.Kind.CLEARANCE)
    submitted(norway, ccm, ccm_set, 2022, datetime.date(2023, 4, 30))
    submitted(norway, ccm, ccm_set, 2023, datetime.date(2024, 5, 1))
    submitted(lebanon, ccm, ccm_set, 2021, datetime.date(2022, 4, 1))
    dashboard = selectors.compliance_dashboard(
        convention=ccm, years=[2022, 2023], on=datetime.date(2024, 6, 1)
    )
    block = dashboard.conventions[0]
    rates = {rate.year: rate for rate in block.rates}
    assert (rates[2022].due, rates[2022].on_time, rates[2022].missing) == (2, 1, 1)
    assert (rates[2023].due, rates[2023].late, rates[2023].missing) == (
        2,
        1,
        1,
    )  # the newcomer reports from 2024
    assert rates[2023].on_time_rate == 0 and rates[2023].at_all_rate == 0.5
    # Initial report of the newcomer: due 28 February 2024, never sent. Norway's and Lebanon's: never sent either.
    assert {e.state.iso3 for e in block.never_initial} == {"QNW", "NOR", "LBN"}
    assert [(row.state.iso3, row.missing_years) for row in block.follow_up] == [("LBN", [2022, 2023])]


def _volume(conventions, form_sets, states: int, years: range):
    created = State.objects.bulk_create(
        [
            State(
                iso3=f"Z{i // 26 % 26 + 65:c}{i % 26 + 65:c}",
                iso2=f"{i // 26 % 26 + 65:c}{i % 26 + 65:c}",
                short_name_en=f"S{i}",
                short_name_ar=f"د{i}",
            )
            for i in range(states)
        ]
    )
    TreatyEvent.objects.bulk_create(
        [
            TreatyEvent(state=s, convention=c, kind="ratification", date=datetime.date(2005, 1, 1))
            for s in created
            for c in conventions
        ]
    )
    at = timezone.make_aware(datetime.datetime(2000, 1, 1))
    Report.objects.bulk_create(
        [
            Report(state=s, convention=c, kind="annual", year=y, due_date=datetime.date(y + 1, 4, 30), form_set=form_sets[c.pk],
                   status="submitted", submitted_at=at.replace(year=y + 1, month=4 + (n % 2), day=30))
            for n, s in enumerate(created) for c in conventions for y in years if (n + y) % 4
        ]
    )  # fmt: skip


@pytest.mark.parametrize("states", [3, 200])
def test_dashboard_runs_a_constant_number_of_queries(
    ccm, apmbc, ccm_set, states, django_assert_max_num_queries
):
    apmbc_set = FormSetFactory(convention=apmbc)
    years = range(2010, 2025)
    _volume([ccm, apmbc], {ccm.pk: ccm_set, apmbc.pk: apmbc_set}, states, years)
    with django_assert_max_num_queries(5):
        dashboard = selectors.compliance_dashboard(years=years, on=datetime.date(2025, 6, 1))
    # Ratified 1 January 2005: the CCM is in force for them from 1 August 2010 (annual reports 2011-2024: 14),
    # the APMBC from 1 July 2005 (2010-2024: 15).
    assert sum(rate.due for block in dashboard.conventions for rate in block.rates) == states * (14 + 15)
