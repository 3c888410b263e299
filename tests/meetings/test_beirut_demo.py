"""The demo Beirut meeting, entered from seeds/003, reproduces the final report's four lists."""

import datetime
import re
from pathlib import Path

import pytest

from meetings import selectors
from meetings.demo import beirut_state_names, load_meetings_demo
from meetings.models import AgendaItem, Decision, Document, Mandate, Meeting, Participation
from secretariat.house_style import sorted_names
from secretariat.models import AuditEntry, Convention, Organisation, Person, State, StateName, TreatyEvent
from secretariat.reference_data import load_reference_data
from secretariat.treaties import Category

# Paragraphs 8-11 and the chapter headings of CCM/MSP/2011/5 (Arabic): see tests/fixtures/README.md.
SEED = Path(__file__).resolve().parents[1] / "fixtures" / "ccm_msp_2011_5_ar_excerpt.txt"
# django_db: the module data must go to the test database even when no selected test asks for `db`.
pytestmark = [pytest.mark.xdist_group("reference_data"), pytest.mark.django_db]


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock():
        load_reference_data()
        load_meetings_demo()
        yield Meeting.objects.get(symbol_prefix="CCM/MSP/2011")
        # Module-scoped data is outside the per-test transaction: remove it for the other modules.
        Decision.objects.all().delete()
        Mandate.objects.all().delete()
        Document.objects.filter(parent__isnull=False).delete()
        Meeting.objects.all().delete()
        Person.objects.all().delete()
        Organisation.objects.all().delete()
        TreatyEvent.objects.all().delete()
        StateName.objects.all().delete()
        State.objects.all().delete()
        Convention.objects.all().delete()
        AuditEntry.objects.all().delete()


EXPECTED = {
    8: Category.STATE_PARTY,
    9: Category.RATIFIED_NOT_IN_FORCE,
    10: Category.SIGNATORY,
    11: Category.OBSERVER_STATE,
}


def test_the_four_lists_of_states_have_the_counts_of_the_report(demo, db):
    lists = {plist.category: plist for plist in selectors.participants_by_category(demo, "ar")}
    counts = {category: lists[category].count for category in EXPECTED.values()}
    assert counts == {
        Category.STATE_PARTY: 46, Category.RATIFIED_NOT_IN_FORCE: 6, Category.SIGNATORY: 38, Category.OBSERVER_STATE: 41,
    }  # fmt: skip


def test_each_state_lands_in_its_paragraph_in_un_order(demo, db):
    """The same States as the report's paragraph, in house_style's UN order.

    The report itself prints ليسوتو before ليتوانيا (paragraph 8); UN collation (ت before س) puts
    Lithuania first, and that is the only place where the two orders differ.
    """
    lists = {plist.category: plist for plist in selectors.participants_by_category(demo, "ar")}
    for paragraph, names in beirut_state_names().items():
        assert lists[EXPECTED[paragraph]].names == sorted_names(names, "ar"), f"paragraph {paragraph}"
    paragraph_8 = beirut_state_names()[8]
    swapped = [
        name
        for name, seed in zip(lists[Category.STATE_PARTY].names, paragraph_8, strict=True)
        if name != seed
    ]
    assert swapped == ["ليتوانيا", "ليسوتو"]


def test_the_demo_lists_are_the_seeds_lists(demo, db):
    text = SEED.read_text(encoding="utf-8")
    for paragraph, names in beirut_state_names().items():
        line = next(line for line in text.splitlines() if re.match(rf"\s*{paragraph} - ", line))
        body = line.split("كل من", 1)[1] if "كل من" in line else line.split(":", 1)[1]
        seed_names = [" ".join(n.split()) for n in re.split(r"، و|، ", body.strip().rstrip(".")) if n.strip()]
        assert names == seed_names


def test_organisations_fall_under_rules_1_2_and_1_3(demo, db):
    lists = {plist.category: plist for plist in selectors.participants_by_category(demo, "en")}
    assert lists[Category.ORGANISATION_RULE_1_2].count == 10
    assert lists[Category.ORGANISATION_RULE_1_3].count == 6
    assert lists[Category.ORGANISATION_RULE_1_2].names[-1] == "Cluster Munition Coalition"


def test_the_report_uses_the_names_of_2011(demo, db):
    lists = {plist.category: plist for plist in selectors.participants_by_category(demo, "en")}
    assert "Swaziland" in lists[Category.RATIFIED_NOT_IN_FORCE].names


def test_a_day_earlier_swaziland_had_not_yet_acceded(demo, db):
    demo.start_date = datetime.date(2011, 9, 12)  # the announced first day: Swaziland deposited on the 13th
    lists = {plist.category: plist for plist in selectors.participants_by_category(demo, "en")}
    assert "Swaziland" not in lists[Category.RATIFIED_NOT_IN_FORCE].names


def test_participants_by_category_runs_a_fixed_number_of_queries(demo, db, django_assert_max_num_queries):
    meeting = Meeting.objects.get(pk=demo.pk)
    with django_assert_max_num_queries(5):
        lists = selectors.participants_by_category(meeting, "ar")
    assert sum(plist.count for plist in lists) == Participation.objects.filter(meeting=demo).count() == 147


def test_officers_and_terms(demo, db):
    officers = selectors.officers(demo)
    president = officers[0]
    assert (president.role, president.state.iso3, president.person.family_name) == (
        "president",
        "LBN",
        "Mansour",
    )
    assert [m.state.iso3 for m in officers if m.role == "vice_president"] == ["LAO", "GHA", "GTM", "FRA"]
    assert sum(m.role == "friend_of_the_president" for m in officers) == 16
    kongstad = Mandate.objects.get(person__family_name="Kongstad")
    assert kongstad.term_start == datetime.date(2011, 9, 17) and kongstad.term_end == datetime.date(
        2012, 9, 14
    )
    coordinators = Mandate.objects.filter(role__in=["working_group_coordinator", "thematic_coordinator"])
    assert coordinators.count() == 14


def test_agenda_documents_and_decisions(demo, db):
    labels = [(item.label("en"), item.label("ar")) for item in selectors.agenda(demo)]
    assert ("10(h)(ii)", "10(ح)’2‘") in labels
    symbols = [d.symbol for d in selectors.meeting_documents(viewer=None, meeting=demo)]
    assert symbols[:5] == [
        "CCM/MSP/2011/1",
        "CCM/MSP/2011/2",
        "CCM/MSP/2011/3",
        "CCM/MSP/2011/4",
        "CCM/MSP/2011/WP.1",
    ]
    assert "CCM/MSP/2011/CRP.1" not in symbols  # limited: not for the public
    decisions = selectors.decisions(demo)
    assert [d.number for d in decisions] == list(range(22, 34))
    d27 = next(d for d in decisions if d.number == 27)
    (c, subs) = d27.tree[2]
    assert c.label("ar") == "(ج)" and [s.label("ar") for s in subs] == [
        "’1‘",
        "’2‘",
        "’3‘",
        "’4‘",
        "’5‘",
        "’6‘",
    ]


def test_the_hague_has_item_10_h_i_and_the_isu_budget_document(demo, db):
    hague = Meeting.objects.get(symbol_prefix="APLC/MSP.19/2021")
    item = AgendaItem.objects.get(meeting=hague, documents__isnull=False)
    assert (item.label("en"), item.label("ar")) == ("10(h)(i)", "10(ح)’1‘")


def test_loading_twice_writes_nothing(demo, db):
    before = AuditEntry.objects.count()
    assert load_meetings_demo().created == {}
    assert AuditEntry.objects.count() == before
