"""The reference data files load, stay idempotent, and reproduce the facts of the seeds."""

import datetime
import re
from pathlib import Path

import pytest

from secretariat.models import AuditEntry, Convention, State, StateName, TreatyEvent
from secretariat.reference_data import load_reference_data
from secretariat.treaties import Category, Status, meeting_category, status_on

# Paragraphs 8-11 and the chapter headings of CCM/MSP/2011/5 (Arabic): see tests/fixtures/README.md.
SEED = Path(__file__).resolve().parents[1] / "fixtures" / "ccm_msp_2011_5_ar_excerpt.txt"
# django_db: the module data must go to the test database even when no selected test asks for `db`.
pytestmark = [pytest.mark.xdist_group("reference_data"), pytest.mark.django_db]


@pytest.fixture(scope="module")
def reference(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference_data()
        yield
        # Module-scoped data is outside the per-test transaction: remove it for the other modules.
        TreatyEvent.objects.all().delete()
        StateName.objects.all().delete()
        State.objects.all().delete()
        Convention.objects.all().delete()
        AuditEntry.objects.all().delete()


def status(iso3: str, code: str, on: datetime.date) -> Status:
    state = State.objects.with_events().get(iso3=iso3)
    return status_on(state.events_for(Convention.objects.get(code=code)), on)


def test_loading_twice_changes_nothing_the_second_time(reference, db):
    before = TreatyEvent.objects.count(), State.objects.count()
    result = load_reference_data()
    assert result.created == {} and result.updated == {}
    assert (TreatyEvent.objects.count(), State.objects.count()) == before


def test_every_un_member_state_is_loaded_with_four_languages(reference, db):
    assert State.objects.filter(un_member=True).count() == 193
    assert not State.objects.filter(short_name_ar="").exists()
    assert not State.objects.filter(short_name_fr="").exists()
    assert State.objects.get(iso3="LBN").short_name_ar == "لبنان"


def test_lebanon_is_a_ccm_state_party_from_1_may_2011(reference, db):
    assert status("LBN", "CCM", datetime.date(2011, 4, 30)) is Status.RATIFIED_NOT_IN_FORCE
    assert status("LBN", "CCM", datetime.date(2011, 5, 1)) is Status.STATE_PARTY


def test_lithuania_withdrew_from_the_ccm_in_march_2025(reference, db):
    assert status("LTU", "CCM", datetime.date(2025, 3, 5)) is Status.STATE_PARTY
    assert status("LTU", "CCM", datetime.date(2025, 3, 6)) is Status.WITHDRAWN


def test_ukraines_deferred_withdrawal_leaves_it_a_state_party(reference, db):
    assert status("UKR", "APMBC", datetime.date(2026, 11, 26)) is Status.STATE_PARTY


def test_a_document_of_2011_uses_swaziland(reference, db):
    eswatini = State.objects.with_names().get(iso3="SWZ")
    assert eswatini.name_on(datetime.date(2011, 9, 13), "ar") == "سوازيلند"
    assert eswatini.name_on(datetime.date(2011, 9, 13), "en") == "Swaziland"
    assert eswatini.name_on(datetime.date(2026, 1, 1), "en") == "Eswatini"


def _seed_paragraph_names(number: int) -> list[str]:
    text = SEED.read_text(encoding="utf-8")
    line = next(line for line in text.splitlines() if re.match(rf"\s*{number} - ", line))
    body = line.split("كل من", 1)[1] if "كل من" in line else line.split(":", 1)[1]
    names = re.split(r"، و|، ", body.strip().rstrip("."))
    return [" ".join(name.split()) for name in names if name.strip()]


def test_beirut_participants_fall_in_the_four_lists_of_the_final_report(reference, db):
    """Status on the opening day (13 September 2011) puts each State in its paragraph of CCM/MSP/2011/5."""
    opening = datetime.date(2011, 9, 13)
    ccm = Convention.objects.get(code="CCM")

    class Meeting:
        convention = ccm
        start_date = opening

    states = list(State.objects.with_events().with_names())
    by_name = {" ".join(s.name_on(opening, "ar").split()): s for s in states}
    expected = {8: Category.STATE_PARTY, 9: Category.RATIFIED_NOT_IN_FORCE, 10: Category.SIGNATORY, 11: Category.OBSERVER_STATE}
    counts = {}
    for paragraph, category in expected.items():
        names = _seed_paragraph_names(paragraph)
        wrong = [n for n in names if meeting_category(by_name[n], Meeting) is not category]
        assert wrong == [], f"paragraph {paragraph}: {wrong}"
        counts[paragraph] = len(names)
    assert counts == {8: 46, 9: 6, 10: 38, 11: 41}
