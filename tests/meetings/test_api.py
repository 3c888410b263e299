"""The meetings API: public when published, drafts for the convention's ISU, constant queries."""

import pytest
from django.core.files.base import ContentFile

from meetings import services
from meetings.demo import placeholder_pdf


def test_the_public_lists_published_meetings_only(client, draft_meeting, ccm_staff):
    assert client.get("/api/v1/meetings/").json()["results"] == []
    assert client.get(f"/api/v1/meetings/{draft_meeting.pk}/").status_code == 404
    services.meeting_set_status(actor=ccm_staff, meeting=draft_meeting, status="open")
    assert client.get(f"/api/v1/meetings/{draft_meeting.pk}/agenda/").status_code == 404


def test_staff_see_their_drafts_not_the_other_conventions(client_for, draft_meeting, ccm_staff, apmbc_staff):
    assert client_for(ccm_staff).get(f"/api/v1/meetings/{draft_meeting.pk}/").json()["status"] == "planned"
    assert client_for(apmbc_staff).get(f"/api/v1/meetings/{draft_meeting.pk}/").status_code == 404


def test_documents_with_lineage_and_file_links(client, documents, ccm_staff):
    meeting = documents["general"].meeting
    services.document_register(
        actor=ccm_staff,
        meeting=meeting,
        symbol="CCM/MSP/2011/1/Rev.1",
        title_en="Agenda",
        title_ar="جدول الأعمال",
    )
    services.document_file_attach(
        actor=ccm_staff,
        document=documents["general"],
        language="ar",
        upload=ContentFile(placeholder_pdf("a")),
    )
    rows = client.get("/api/v1/meetings/documents/").json()["results"]
    assert [r["symbol"] for r in rows] == ["CCM/MSP/2011/1", "CCM/MSP/2011/1/Rev.1"]
    assert (
        rows[1]["parent"] == "CCM/MSP/2011/1"
        and rows[1]["relation"] == "rev"
        and rows[1]["title"]["ar"] == "جدول الأعمال"
    )
    assert rows[0]["files"][0]["url"].endswith(f"/documents/{documents['general'].pk}/ar.pdf")
    assert client.get(f"/api/v1/meetings/documents/{documents['restricted'].pk}/").status_code == 404


def test_agenda_decisions_and_participants(client, published_meeting, ccm_staff, ratified_state, lebanon):
    ten = services.agenda_item_add(actor=ccm_staff, meeting=published_meeting, number=10, title_en="Status")
    h = services.agenda_item_add(
        actor=ccm_staff, meeting=published_meeting, parent=ten, number=8, title_en="Support"
    )
    services.agenda_item_add(actor=ccm_staff, meeting=published_meeting, parent=h, title_en="ISU")
    decision = services.decision_add(
        actor=ccm_staff, meeting=published_meeting, number=27, text_en="Decided:"
    )
    services.decision_item_add(actor=ccm_staff, decision=decision, text_en="First;")
    services.participation_add(actor=ccm_staff, meeting=published_meeting, state=ratified_state)
    base = f"/api/v1/meetings/{published_meeting.pk}"
    assert client.get(f"{base}/agenda/").json()["results"][-1]["label"] == {"en": "10(h)(i)", "ar": "10(ح)’1‘"}
    assert client.get(f"{base}/decisions/").json()["results"][0]["items"][0]["label"] == {"en": "(a)", "ar": "(أ)"}
    participant = client.get(f"{base}/participants/").json()["results"][0]
    assert participant["category"] == "state_party" and participant["name"]["ar"] == "راتيفيا"


def test_the_api_refuses_writes(client_for, ccm_staff, published_meeting):
    assert client_for(ccm_staff).delete(f"/api/v1/meetings/{published_meeting.pk}/").status_code == 405


@pytest.mark.parametrize("count", [10, 200])
def test_api_lists_run_constant_queries(
    client, published_meeting, ccm_staff, count, django_assert_max_num_queries
):
    for n in range(1, count + 1):
        services.document_register(
            actor=ccm_staff, meeting=published_meeting, symbol=f"CCM/MSP/2011/{n}", title_en=f"D{n}"
        )
    with django_assert_max_num_queries(8):
        assert client.get("/api/v1/meetings/documents/").status_code == 200
    with django_assert_max_num_queries(8):
        assert client.get(f"/api/v1/meetings/{published_meeting.pk}/documents/").status_code == 200
    with django_assert_max_num_queries(6):
        assert client.get("/api/v1/meetings/").status_code == 200
