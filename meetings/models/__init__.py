from meetings.models.decisions import Decision, DecisionItem
from meetings.models.documents import Document, DocumentFile
from meetings.models.generation import DocumentBuild
from meetings.models.mandates import Mandate, Participation
from meetings.models.meetings import AgendaItem, Meeting, Session

__all__ = [
    "AgendaItem",
    "Decision",
    "DecisionItem",
    "Document",
    "DocumentBuild",
    "DocumentFile",
    "Mandate",
    "Meeting",
    "Participation",
    "Session",
]
