"""A meeting document is cached under the revisions its writers bump (secretariat/revisions.py): an
unchanged one is served with a fixed, small number of queries, and any write through a service to
what it reads gives a new key and a rebuilt PDF; a write to another meeting does not."""

import datetime
from unittest import mock

import pytest
from django.db import transaction

from meetings import services
from meetings.documents import FinalReport, ListOfParticipants
from meetings.models import Meeting
from secretariat import pdf, revisions
from secretariat import services as secretariat_services
from tests.factories import StateFactory

STUB = b"%PDF-1.7 stub\n%%EOF\n"  # a complete PDF to the cache (it ends with %%EOF)


@pytest.fixture
def meeting(draft_meeting, ccm, ccm_staff, lebanon):
    services.participation_add(actor=ccm_staff, meeting=draft_meeting, state=lebanon)
    services.agenda_item_add(
        actor=ccm_staff, meeting=draft_meeting, parent=None, number=1, title_en="Opening"
    )
    services.decision_add(actor=ccm_staff, meeting=draft_meeting, number=1, text_en="Decided to meet again.")
    services.document_register(
        actor=ccm_staff, meeting=draft_meeting, symbol="CCM/MSP/2011/1", title_en="Provisional agenda"
    )
    services.mandate_add(
        actor=ccm_staff, convention=ccm, role="president", state=lebanon, meeting=draft_meeting,
        start_date=datetime.date(2011, 9, 13), ends_with_end_of=draft_meeting,
    )  # fmt: skip
    return draft_meeting


def serve(meeting, cls=FinalReport, language="en"):
    """What the download view does, on a fresh instance; WeasyPrint stubbed (the key is the point)."""
    with mock.patch.object(pdf, "render_pdf", return_value=STUB) as render:
        result = cls(Meeting.objects.select_related("convention").get(pk=meeting.pk)).cached_pdf(
            language=language
        )
    return result, render.call_count


def other_meeting(ccm, ccm_staff):
    return services.meeting_create(
        actor=ccm_staff, convention=ccm, kind="msp", ordinal=9, title_en="Ninth Meeting", city_en="Geneva",
        start_date=datetime.date(2019, 9, 2), end_date=datetime.date(2019, 9, 4), symbol_prefix="CCM/MSP/2019",
    )  # fmt: skip


def test_an_unchanged_document_is_served_from_the_cache_with_a_fixed_number_of_queries(
    meeting, django_assert_num_queries
):
    first, renders = serve(meeting)
    assert renders == 1 and not first.from_cache
    document = FinalReport(Meeting.objects.select_related("convention").get(pk=meeting.pk))
    # The previous meeting's id, then the revisions: no record gathered, whatever the tables hold.
    with django_assert_num_queries(2):
        again = document.cached_pdf(language="en")
    assert again.from_cache and again.key == first.key and again.content == STUB
    participants = ListOfParticipants(Meeting.objects.select_related("convention").get(pk=meeting.pk))
    serve(meeting, ListOfParticipants)
    with django_assert_num_queries(1):  # the revisions
        assert participants.cached_pdf(language="en").from_cache


def rename_state(meeting, ccm_staff, lebanon):
    secretariat_services.state_update(actor=ccm_staff, state=lebanon, short_name_en="Lebanese Republic")


def add_participation(meeting, ccm_staff, lebanon):
    services.participation_add(actor=ccm_staff, meeting=meeting, state=StateFactory(iso3="NOR", iso2="NO"))


def delete_participation(meeting, ccm_staff, lebanon):
    services.participation_delete(actor=ccm_staff, participation=meeting.participations.get())


def change_agenda_item(meeting, ccm_staff, lebanon):
    services.agenda_item_update(
        actor=ccm_staff, item=meeting.agenda_items.get(), title_en="Opening of the Meeting"
    )


def change_decision(meeting, ccm_staff, lebanon):
    services.decision_update(actor=ccm_staff, decision=meeting.decisions.get(), text_en="Decided otherwise.")


def change_officer(meeting, ccm_staff, lebanon):
    services.mandate_update(actor=ccm_staff, mandate=meeting.officers.get(), subject_en="Chair")


def change_document(meeting, ccm_staff, lebanon):
    services.document_update(actor=ccm_staff, document=meeting.documents.get(), title_en="Agenda")


def change_meeting(meeting, ccm_staff, lebanon):
    services.meeting_update(actor=ccm_staff, meeting=Meeting.objects.get(pk=meeting.pk), city_en="Beyrouth")


@pytest.mark.parametrize(
    "write",
    [
        rename_state, add_participation, delete_participation, change_agenda_item, change_decision,
        change_officer, change_document, change_meeting,
    ],
)  # fmt: skip
def test_a_write_through_a_service_gives_a_new_key_and_a_rebuilt_document(meeting, ccm_staff, lebanon, write):
    before, _renders = serve(meeting)
    write(meeting, ccm_staff, lebanon)
    after, renders = serve(meeting)
    assert after.key != before.key and not after.from_cache and renders == 1


def test_two_updates_in_one_transaction_each_give_a_new_key(meeting, ccm_staff):
    decision = meeting.decisions.get()
    with transaction.atomic():
        services.decision_update(actor=ccm_staff, decision=decision, text_en="First wording.")
        first, _renders = serve(meeting)
        services.decision_update(actor=ccm_staff, decision=decision, text_en="Second wording.")
        second, renders = serve(meeting)
    assert second.key != first.key and renders == 1


def test_a_write_to_another_meeting_keeps_the_cached_document(
    meeting, ccm, ccm_staff, django_assert_num_queries
):
    later = services.meeting_create(
        actor=ccm_staff, convention=ccm, kind="msp", ordinal=3, title_en="Third Meeting", city_en="Oslo",
        start_date=datetime.date(2012, 9, 11), end_date=datetime.date(2012, 9, 14), symbol_prefix="CCM/MSP/2012",
    )  # fmt: skip
    first, _renders = serve(meeting)
    services.participation_add(actor=ccm_staff, meeting=later, state=StateFactory(iso3="NOR", iso2="NO"))
    services.decision_add(actor=ccm_staff, meeting=later, number=1, text_en="Decided.")
    again, renders = serve(meeting)
    assert again.key == first.key and again.from_cache and renders == 0


def test_the_final_report_reads_the_previous_meeting_and_the_participants_list_does_not(
    meeting, ccm, ccm_staff
):
    previous = other_meeting(ccm, ccm_staff)
    previous = services.meeting_update(
        actor=ccm_staff, meeting=previous, start_date=datetime.date(2010, 11, 9), end_date=datetime.date(2010, 11, 12),
        symbol_prefix="CCM/MSP/2010",
    )  # fmt: skip
    report, _renders = serve(meeting)
    participants, _renders = serve(meeting, ListOfParticipants)
    services.decision_add(
        actor=ccm_staff,
        meeting=previous,
        number=7,
        kind="next_meeting",
        text_en="To hold the Second Meeting in Beirut.",
    )
    new_report, renders = serve(meeting)
    assert new_report.key != report.key and renders == 1
    assert serve(meeting, ListOfParticipants)[0].key == participants.key


def test_an_officer_moved_to_another_meeting_rebuilds_the_meeting_it_left(meeting, ccm, ccm_staff):
    later = other_meeting(ccm, ccm_staff)
    before, _renders = serve(meeting)
    services.mandate_update(
        actor=ccm_staff, mandate=meeting.officers.get(), meeting=later, start_date=datetime.date(2019, 9, 2),
        ends_with_end_of=later,
    )  # fmt: skip
    after, renders = serve(meeting)
    assert after.key != before.key and renders == 1


def test_languages_and_documents_have_their_own_keys(meeting):
    keys = {serve(meeting, language=language)[0].key for language in ("ar", "en")}
    keys.add(serve(meeting, ListOfParticipants)[0].key)
    assert len(keys) == 3


def test_a_rolled_back_write_changes_nothing(meeting, ccm_staff):
    before, _renders = serve(meeting)
    with pytest.raises(RuntimeError), transaction.atomic():
        services.decision_update(
            actor=ccm_staff, decision=meeting.decisions.get(), text_en="Never committed."
        )
        raise RuntimeError
    assert serve(meeting)[0].key == before.key


def test_every_record_a_meeting_document_prints_is_tracked():
    from meetings.models import AgendaItem, Decision, DecisionItem, Document, Mandate, Participation, Session
    from secretariat.models import Convention, Organisation, Person, State, StateName, TreatyEvent

    printed = {
        Meeting, Session, AgendaItem, Participation, Document, Decision, DecisionItem, Mandate,
        Convention, State, StateName, TreatyEvent, Organisation, Person,
    }  # fmt: skip
    assert printed <= revisions.tracked_models()
