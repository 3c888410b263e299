"""Who sees what, and reads that do not grow with the number of rows."""

import datetime

import pytest

from meetings import selectors, services
from meetings.models import Document, Meeting
from secretariat.permissions import coordinated_meeting_ids
from tests.factories import StateFactory, TreatyEventFactory


def test_the_public_sees_published_meetings_only(draft_meeting, ccm_staff):
    assert list(selectors.meeting_list(viewer=None)) == []
    with pytest.raises(Meeting.DoesNotExist):
        selectors.meeting_get(viewer=None, pk=draft_meeting.pk)
    services.meeting_set_status(actor=ccm_staff, meeting=draft_meeting, status="open")
    assert list(selectors.meeting_list(viewer=None)) == []


def test_staff_see_drafts_of_their_convention_only(draft_meeting, ccm_staff, apmbc_staff):
    assert selectors.meeting_get(viewer=ccm_staff, pk=draft_meeting.pk) == draft_meeting
    with pytest.raises(Meeting.DoesNotExist):
        selectors.meeting_get(viewer=apmbc_staff, pk=draft_meeting.pk)


def test_the_public_sees_general_documents_of_published_meetings(documents):
    visible = {d.symbol for d in Document.objects.visible_to(None)}
    assert visible == {"CCM/MSP/2011/1"}


def test_a_coordinator_sees_the_restricted_documents_of_its_mandates_meeting(
    documents, lebanon_coordinator, norway_delegate
):
    assert {d.symbol for d in Document.objects.visible_to(lebanon_coordinator)} == {
        "CCM/MSP/2011/1", "CCM/MSP/2011/CRP.1", "CCM/MSP/2011/MISC.1",
    }  # fmt: skip
    assert {d.symbol for d in Document.objects.visible_to(norway_delegate)} == {"CCM/MSP/2011/1"}


def test_a_coordinator_of_another_meeting_does_not_see_these_restricted_documents(
    documents, ccm, ccm_staff, norway, norway_delegate
):
    later = services.meeting_create(
        actor=ccm_staff, convention=ccm, title_en="Third", city_en="Oslo", symbol_prefix="CCM/MSP/2012",
        start_date=datetime.date(2012, 9, 11), end_date=datetime.date(2012, 9, 14),
    )  # fmt: skip
    services.mandate_add(
        actor=ccm_staff, convention=ccm, role="president", state=norway, meeting=later,
        starts_with_end_of=documents["general"].meeting, ends_with_end_of=later,
    )  # fmt: skip
    assert coordinated_meeting_ids(norway_delegate) == {later.pk}
    assert "CCM/MSP/2011/MISC.1" not in {d.symbol for d in Document.objects.visible_to(norway_delegate)}
    # ...and sees the draft meeting of its own mandate
    assert selectors.meeting_get(viewer=norway_delegate, pk=later.pk) == later


def test_a_term_covering_the_meeting_makes_a_coordinator(documents, ccm, ccm_staff, norway, norway_delegate):
    services.mandate_add(
        actor=ccm_staff, convention=ccm, role="working_group_coordinator", state=norway, subject_en="Universalization",
        start_date=datetime.date(2011, 1, 1), end_date=datetime.date(2011, 12, 31),
    )  # fmt: skip
    assert "CCM/MSP/2011/MISC.1" in {d.symbol for d in Document.objects.visible_to(norway_delegate)}


def test_a_mandate_under_the_other_convention_gives_nothing(documents, apmbc, ccm_staff, norway):
    from tests.factories import DelegateFactory

    user = DelegateFactory(username="norway-apmbc", assignment=(norway, apmbc))
    assert coordinated_meeting_ids(user) == set()


def _many_documents(meeting, actor, count):
    for n in range(1, count + 1):
        services.document_register(
            actor=actor, meeting=meeting, symbol=f"CCM/MSP/2011/{n}", title_en=f"Document {n}"
        )


@pytest.mark.parametrize("count", [10, 200])
def test_the_document_register_runs_a_fixed_number_of_queries(
    published_meeting, ccm_staff, count, django_assert_max_num_queries
):
    _many_documents(published_meeting, ccm_staff, count)
    with django_assert_max_num_queries(3):
        documents = selectors.meeting_documents(viewer=None, meeting=published_meeting)
        [d.files.all() for d in documents]
        [(d.meeting.convention.code, d.parent) for d in documents]
    assert [d.symbol for d in documents][:3] == ["CCM/MSP/2011/1", "CCM/MSP/2011/2", "CCM/MSP/2011/3"]


@pytest.mark.parametrize("count", [10, 200])
def test_participants_by_category_is_constant(
    published_meeting, ccm, ccm_staff, count, django_assert_max_num_queries
):
    for n in range(count):
        state = StateFactory()
        TreatyEventFactory(
            state=state,
            convention=ccm,
            kind="ratification",
            date=datetime.date(2010, 1, 1) if n % 2 else datetime.date(2011, 8, 1),
        )
        services.participation_add(actor=ccm_staff, meeting=published_meeting, state=state)
    meeting = Meeting.objects.get(pk=published_meeting.pk)
    with django_assert_max_num_queries(5):
        lists = selectors.participants_by_category(meeting, "ar")
    assert lists[0].count + lists[1].count == count
