"""What a write to a meeting's records invalidates: the scope ``meeting:<id>`` (secretariat/revisions.py).

A meeting's documents read the meeting, its sessions, agenda, officers, participations, documents
and decisions (``meetings.documents.MeetingRecords``); the final report also reads the previous
meeting's convening decisions and President, so it reads that meeting's scope too. Not tracked:
document files (no generated document prints them) and document builds.
"""

from __future__ import annotations

from secretariat import revisions


def meeting_scope(meeting_id: int) -> str:
    return revisions.scope("meeting", meeting_id)


def mandate_scopes(mandate) -> list[str]:
    """A mandate is printed by the meeting that elected it; its term names the meetings it spans."""
    ids = (mandate.meeting_id, mandate.starts_with_end_of_id, mandate.ends_with_end_of_id)
    return [meeting_scope(pk) for pk in ids if pk is not None]


def register() -> None:
    from meetings.models import (
        AgendaItem,
        Decision,
        DecisionItem,
        Document,
        Mandate,
        Meeting,
        Participation,
        Session,
    )

    revisions.track(Meeting, scopes=lambda meeting: [meeting_scope(meeting.pk)])
    revisions.track(
        Session,
        AgendaItem,
        Participation,
        Document,
        Decision,
        scopes=lambda record: [meeting_scope(record.meeting_id)],
    )
    revisions.track(DecisionItem, scopes=lambda item: [meeting_scope(item.decision.meeting_id)])
    revisions.track(Mandate, scopes=mandate_scopes)
