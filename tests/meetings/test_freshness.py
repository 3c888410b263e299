"""An unchanged meeting document is found with one query; any change to what it read sends it the full
way, even two changes to one row in one transaction (secretariat.freshness)."""

import pytest
from django.db import connection

from meetings import services
from meetings.documents import FinalReport, ListOfParticipants
from meetings.models import Decision, Meeting
from secretariat import freshness, pdf
from secretariat import services as secretariat_services
from secretariat.models import AuditEntry

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="xmin and ctid: PostgreSQL")


@pytest.fixture
def meeting(draft_meeting, ccm_staff, lebanon, clean_pdf_cache):
    services.participation_add(actor=ccm_staff, meeting=draft_meeting, state=lebanon)
    services.decision_add(actor=ccm_staff, meeting=draft_meeting, number=1, text_en="Decided to meet again.")
    return draft_meeting


def serve(meeting, language="en"):
    fresh = Meeting.objects.select_related("convention").get(pk=meeting.pk)
    return FinalReport(fresh).cached_pdf(language=language)


def learned(meeting, language="en"):
    """Build, then serve once: the second serve remembers the state it read the data in."""
    serve(meeting, language)
    return serve(meeting, language)


def test_an_unchanged_document_is_served_with_one_query(meeting, django_assert_num_queries):
    first = learned(meeting)
    fresh = Meeting.objects.select_related("convention").get(pk=meeting.pk)
    with django_assert_num_queries(1):  # the state of the tables it read; no record gathered
        again = FinalReport(fresh).cached_pdf(language="en")
    assert again.from_cache and again.key == first.key and again.content == first.content


def test_a_change_to_a_row_it_read_is_built_again(meeting, ccm_staff, lebanon):
    before = learned(meeting)
    secretariat_services.state_update(actor=ccm_staff, state=lebanon, short_name_en="Lebanese Republic (test)")
    after = serve(meeting)
    assert after.key != before.key and not after.from_cache


def test_two_changes_to_one_row_in_one_transaction_are_both_seen(meeting):
    """Both writes in the test's own transaction, with no savepoint between (a service's atomic block
    would make a subtransaction with an xid of its own): the row's xmin stays the same, its ctid does not."""
    decisions = Decision.objects.filter(meeting=meeting)
    decisions.update(text_en="First wording.")
    first = learned(meeting)
    decisions.update(text_en="Second wording.")
    second = serve(meeting)
    assert second.key != first.key and not second.from_cache


def test_a_deleted_participation_is_built_again(meeting, ccm_staff):
    before = learned(meeting)
    services.participation_delete(actor=ccm_staff, participation=meeting.participations.get())
    assert serve(meeting).key != before.key


def test_a_change_elsewhere_keeps_the_quick_answer(meeting, ccm_staff, django_assert_num_queries):
    learned(meeting)
    AuditEntry.objects.create(action="unrelated", model="x", object_id="1", object_repr="x")
    fresh = Meeting.objects.select_related("convention").get(pk=meeting.pk)
    with django_assert_num_queries(1):
        assert FinalReport(fresh).cached_pdf(language="en").from_cache


def test_documents_and_languages_are_remembered_apart(meeting):
    english, arabic = learned(meeting, "en"), learned(meeting, "ar")
    participants = ListOfParticipants(Meeting.objects.get(pk=meeting.pk)).cached_pdf(language="en")
    assert len({english.key, arabic.key, participants.key}) == 3
    assert serve(meeting, "ar").key == arabic.key


def test_clearing_the_pdf_cache_forgets_and_a_missing_file_is_rendered_again(meeting):
    before = learned(meeting)
    pdf.clear_cache()
    assert not freshness._tables and not freshness._keys
    again = serve(meeting)
    assert again.key == before.key and not again.from_cache  # the file was gone: rendered again


def test_records_read_before_the_build_do_not_hide_their_tables(meeting, ccm_staff):
    """A caller that gathered the records before asking for the PDF: the tables they were read from
    must still be part of the state, or a later change to them (here the agenda) would be served stale."""

    def gathered_then_served():
        document = FinalReport(Meeting.objects.select_related("convention").get(pk=meeting.pk))
        document.records.gather("en")
        document.context(language="en")
        return document.cached_pdf(language="en")

    gathered_then_served()
    before = gathered_then_served()
    services.agenda_item_add(actor=ccm_staff, meeting=meeting, parent=None, number=1, title_en="Opening")
    after = gathered_then_served()
    assert after.key != before.key and not after.from_cache
