"""The meetings admin saves through the services: a refusal shows on the field and nothing is saved."""

import datetime

from django.urls import reverse

from meetings import services
from meetings.models import Session
from tests.secretariat.admin_helpers import add_inline_row, form_post_data, page_errors


def test_an_overlapping_session_entered_in_the_admin_is_refused_on_its_field(
    client_for, draft_meeting, ccm_staff
):
    services.session_add(
        actor=ccm_staff, meeting=draft_meeting, number=1, kind="plenary", date=datetime.date(2011, 9, 13),
        start_time=datetime.time(10), end_time=datetime.time(13),
    )  # fmt: skip
    client = client_for(ccm_staff)
    path = reverse("admin:meetings_meeting_change", args=[draft_meeting.pk])
    data = form_post_data(client.get(path))
    add_inline_row(
        data,
        "sessions",
        {"number": 2, "kind": "plenary", "date": "2011-09-13", "start_time": "11:00", "end_time": "12:00"},
    )
    response = client.post(path, data)
    assert response.status_code == 200
    assert any(
        error.startswith("sessions.start_time: This session overlaps session 1")
        for error in page_errors(response)
    )
    assert Session.objects.count() == 1


def test_the_admin_shows_the_computed_category_of_participants(
    client_for, draft_meeting, ccm_staff, ratified_state
):
    services.participation_add(actor=ccm_staff, meeting=draft_meeting, state=ratified_state)
    page = (
        client_for(ccm_staff)
        .get(reverse("admin:meetings_meeting_change", args=[draft_meeting.pk]))
        .content.decode()
    )
    assert "State Party" in page


def test_admin_changelists_open_for_staff(client_for, ccm_staff, documents):
    client = client_for(ccm_staff)
    for model in ("meeting", "document", "decision", "mandate", "participation"):
        assert client.get(reverse(f"admin:meetings_{model}_changelist")).status_code == 200, model
    assert (
        client.get(reverse("admin:meetings_document_change", args=[documents["general"].pk])).status_code
        == 200
    )
