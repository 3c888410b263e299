"""Reads behind the pages and the API: statuses, counts, filters, records, in constant queries."""

import datetime

import pytest

from secretariat import selectors
from secretariat.models import Obligation, State, StateName
from secretariat.treaties import ObligationKind, Status
from tests.factories import StateFactory, TreatyEventFactory, many_states

D = datetime.date




TODAY = D(2025, 6, 1)


@pytest.fixture
def world(ccm, apmbc, lebanon, norway):
    """Lebanon: CCM State Party. Norway: party to both. Ukraine: APMBC party, CCM nothing. Tonga: CCM signatory."""
    TreatyEventFactory(state=lebanon, convention=ccm, kind="signature", date=D(2008, 12, 3))
    TreatyEventFactory(state=lebanon, convention=ccm, kind="ratification", date=D(2010, 11, 5))
    for convention, signed, ratified in (
        (ccm, D(2008, 12, 3), D(2008, 12, 3)),
        (apmbc, D(1997, 12, 3), D(1998, 7, 9)),
    ):
        TreatyEventFactory(state=norway, convention=convention, kind="signature", date=signed)
        TreatyEventFactory(state=norway, convention=convention, kind="ratification", date=ratified)
    ukraine = StateFactory(iso3="UKR", iso2="UA", short_name_en="Ukraine", short_name_ar="أوكرانيا")
    TreatyEventFactory(state=ukraine, convention=apmbc, kind="signature", date=D(1999, 2, 24))
    TreatyEventFactory(state=ukraine, convention=apmbc, kind="ratification", date=D(2005, 12, 27))
    tonga = StateFactory(iso3="TON", iso2="TO", short_name_en="Tonga", short_name_ar="تونغا")
    TreatyEventFactory(state=tonga, convention=ccm, kind="signature", date=D(2008, 12, 3))
    StateFactory(
        iso3="USA",
        iso2="US",
        short_name_en="United States of America",
        short_name_ar="الولايات المتحدة الأمريكية",
    )
    return {"ukraine": ukraine, "tonga": tonga}


def test_counts_of_states_parties_and_signatories(world, ccm, apmbc):
    counts = selectors.status_counts(on_date=TODAY)
    assert counts[ccm.pk][Status.STATE_PARTY] == 2
    assert counts[ccm.pk][Status.SIGNATORY] == 1
    assert counts[apmbc.pk][Status.STATE_PARTY] == 2
    summaries = {s.convention.code: s for s in selectors.convention_summaries(on_date=TODAY)}
    assert (summaries["CCM"].states_parties, summaries["CCM"].signatories) == (2, 1)


def test_state_rows_are_in_arabic_un_order_with_statuses(world):
    rows = selectors.state_rows(language="ar", on_date=TODAY)
    # الولايات files under و (article ignored), النرويج under ن; أوكرانيا under ا (alif folded).
    assert [row.name for row in rows] == [
        "أوكرانيا",
        "تونغا",
        "لبنان",
        "النرويج",
        "الولايات المتحدة الأمريكية",
    ]
    lebanon = next(row for row in rows if row.state.iso3 == "LBN")
    assert lebanon.statuses == {"APMBC": Status.NON_SIGNATORY, "CCM": Status.STATE_PARTY}


def test_state_rows_filter_by_status_convention_and_search(world):
    def isos(**filters):
        return [row.state.iso3 for row in selectors.state_rows(language="en", on_date=TODAY, **filters)]

    assert isos(convention_code="CCM", status=Status.STATE_PARTY) == ["LBN", "NOR"]
    assert isos(convention_code="CCM", status=Status.SIGNATORY) == ["TON"]
    assert isos(convention_code="CCM", status=Status.NON_SIGNATORY) == ["UKR", "USA"]
    assert isos(convention_code="APMBC") == ["NOR", "UKR"]  # a convention alone: those that signed or joined
    assert isos(status=Status.STATE_PARTY) == ["LBN", "NOR", "UKR"]  # in either convention
    assert isos(search="liban") == ["LBN"]  # French name
    assert isos(search="النرويج") == ["NOR"]
    assert isos(search="ukr") == ["UKR"]


def test_filter_states_by_status_in_one_query(world, django_assert_num_queries):
    with django_assert_num_queries(2):  # the convention's events, then the States
        parties = list(
            selectors.filter_states_by_status(
                State.objects.order_by("iso3"),
                convention_code="CCM",
                statuses={Status.STATE_PARTY},
                on_date=TODAY,
            )
        )
    assert [s.iso3 for s in parties] == ["LBN", "NOR"]
    others = selectors.filter_states_by_status(
        State.objects.order_by("iso3"), convention_code="CCM", statuses={Status.NON_SIGNATORY}, on_date=TODAY
    )
    assert [s.iso3 for s in others] == ["UKR", "USA"]


def test_state_rows_run_constant_queries(world, ccm, apmbc, django_assert_max_num_queries):
    for n, state in enumerate(many_states(50)):
        TreatyEventFactory(state=state, convention=ccm if n % 2 else apmbc)
    with django_assert_max_num_queries(3):
        rows = selectors.state_rows(language="ar", on_date=TODAY)
    assert len(rows) == 55


def test_state_record_has_dates_and_the_deadlines_it_holds(world, ccm, lebanon):
    Obligation.objects.create(state=lebanon, convention=ccm, kind="clearance")
    state = selectors.state_get(iso3="lbn")
    apmbc_record, ccm_record = selectors.state_records(state, selectors.convention_list(), TODAY)
    assert apmbc_record.status == Status.NON_SIGNATORY and apmbc_record.deadlines == []
    assert ccm_record.signature.date == D(2008, 12, 3)
    assert ccm_record.consent.kind == "ratification"
    assert ccm_record.entry_into_force == D(2011, 5, 1)
    deadlines = {d.kind: d for d in ccm_record.deadlines}
    # No stockpile obligation recorded: no Art. 3 deadline; Art. 4 from entry into force + 10 years.
    assert set(deadlines) == {ObligationKind.INITIAL_REPORT, ObligationKind.CLEARANCE}
    assert deadlines[ObligationKind.CLEARANCE].current == D(2021, 5, 1)
    assert deadlines[ObligationKind.INITIAL_REPORT].current == D(2011, 5, 1) + datetime.timedelta(days=180)


def test_withdrawn_state_has_no_deadlines_and_the_effective_date(world, ccm):
    lithuania = StateFactory(iso3="LTU", iso2="LT", short_name_en="Lithuania")
    TreatyEventFactory(state=lithuania, convention=ccm, kind="ratification", date=D(2011, 3, 24))
    TreatyEventFactory(
        state=lithuania, convention=ccm, kind="withdrawal", date=D(2024, 9, 6), effective_date=D(2025, 3, 6)
    )
    record = selectors.state_records(selectors.state_get(iso3="LTU"), [ccm], TODAY)[0]
    assert record.status == Status.WITHDRAWN
    assert record.withdrawal_effective == D(2025, 3, 6)
    assert record.deadlines == []


def test_former_names_most_recent_first(world):
    tonga = world["tonga"]
    StateName.objects.create(state=tonga, valid_to=D(2000, 1, 1), short_name_en="Old Tonga")
    StateName.objects.create(
        state=tonga, valid_from=D(2000, 1, 2), valid_to=D(2010, 1, 1), short_name_en="Middle Tonga"
    )
    names = selectors.former_names(selectors.state_get(iso3="TON"))
    assert [n.short_name_en for n in names] == ["Middle Tonga", "Old Tonga"]


def test_unknown_codes_raise_does_not_exist(db):
    with pytest.raises(State.DoesNotExist):
        selectors.state_get(iso3="XXX")
