"""Permission-aware reads of meetings, agendas, documents, decisions and participants.

What a viewer may see: the public sees published meetings and their general-distribution
documents; ISU staff see every meeting and document of their convention (drafts too); a
coordinator sees the meetings of its State's mandates with all their documents. A miss is
``DoesNotExist`` (a 404 in the views), never a "forbidden" that would confirm existence.

Every function here runs a fixed number of queries whatever the number of rows: related rows are
fetched with select_related/prefetch_related and trees (agenda, decision items) are wired in Python.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet

from meetings.models import (
    AgendaItem,
    Decision,
    DecisionItem,
    Document,
    DocumentFile,
    Mandate,
    Meeting,
    Participation,
    Session,
)
from secretariat.house_style import sort_key, symbol_sort_key
from secretariat.models import State, StateName, TreatyEvent
from secretariat.models.states import attach_history
from secretariat.permissions import coordinated_meeting_ids
from secretariat.translation import localized
from secretariat.treaties import Category, meeting_category

CATEGORY_ORDER: tuple[Category, ...] = tuple(Category)


# --- Meetings ---------------------------------------------------------------------------------------


def meeting_list(*, viewer, convention=None) -> QuerySet[Meeting]:
    qs = Meeting.objects.visible_to(viewer).select_related("convention", "host_state")
    return qs.filter(convention=convention) if convention is not None else qs


def meeting_get(*, viewer, pk: int) -> Meeting:
    """The meeting if the viewer may see it. Raises Meeting.DoesNotExist otherwise."""
    return meeting_list(viewer=viewer).get(pk=pk)


def agenda(meeting: Meeting) -> list[AgendaItem]:
    """The agenda in reading order (10, 10(a), 10(a)(i), 10(b) ...), parents wired: one query."""
    items = list(AgendaItem.objects.filter(meeting=meeting))
    by_id = {item.pk: item for item in items}
    children: dict[int | None, list[AgendaItem]] = defaultdict(list)
    for item in items:
        if item.parent_id:
            item.parent = by_id[item.parent_id]  # fills the cache: label() walks up without queries
        item.meeting = meeting
        children[item.parent_id].append(item)
    ordered: list[AgendaItem] = []

    def walk(parent_id, depth):
        for item in sorted(children[parent_id], key=lambda i: i.number):
            item.level = depth
            ordered.append(item)
            walk(item.pk, depth + 1)

    walk(None, 0)
    return ordered


def sessions(meeting: Meeting) -> list[Session]:
    return list(meeting.sessions.order_by("date", "start_time", "number"))


def officers(meeting: Meeting) -> list[Mandate]:
    """The mandates current at the meeting (its officers and the coordinators in office), by role."""
    roles = list(Mandate.Role.values)
    mandates = list(Mandate.objects.current_at(meeting).select_related("state", "person"))
    # The meetings a term refers to, in one query (three more joins on the wide meeting table would
    # cost more to compile than the rest of the officers' data).
    links = ("meeting", "starts_with_end_of", "ends_with_end_of")
    wanted = {getattr(m, f"{link}_id") for m in mandates for link in links} - {None, meeting.pk}
    meetings = {meeting.pk: meeting, **Meeting.objects.in_bulk(wanted)}
    for mandate in mandates:
        for link in links:
            if getattr(mandate, f"{link}_id") is not None:
                setattr(mandate, link, meetings[getattr(mandate, f"{link}_id")])
    states = [mandate.state for mandate in mandates if mandate.state_id]
    attach_history(
        states,
        events=None,
        names=StateName.objects.filter(state_id__in={state.pk for state in states}),
    )
    return sorted(mandates, key=lambda m: (roles.index(m.role), m.order, m.pk))


def decisions(meeting: Meeting) -> list[Decision]:
    """Decisions in paragraph order, each with ``tree``: [(item, [sub-items])]. Two queries."""
    rows = list(meeting.decisions.order_by("number"))
    items = DecisionItem.objects.filter(decision__meeting=meeting).order_by("order")
    top: dict[int, list[DecisionItem]] = defaultdict(list)
    below: dict[int, list[DecisionItem]] = defaultdict(list)
    for item in items:
        (below[item.parent_id] if item.parent_id else top[item.decision_id]).append(item)
    for decision in rows:
        decision.meeting = meeting
        decision.tree = [(item, below[item.pk]) for item in top[decision.pk]]
    return rows


# --- Documents --------------------------------------------------------------------------------------


def document_queryset(*, viewer) -> QuerySet[Document]:
    files = Prefetch("files", queryset=DocumentFile.objects.order_by("language", "file_format"))
    return (
        Document.objects.visible_to(viewer)
        .select_related("meeting", "meeting__convention", "parent", "agenda_item")
        .prefetch_related(files)
    )


def natural_order(documents) -> list[Document]:
    """Symbols in natural order: /2 before /10, a document before its revisions, main before WP., CRP. ..."""
    return sorted(documents, key=lambda d: symbol_sort_key(d.symbol))


def meeting_documents(*, viewer, meeting: Meeting) -> list[Document]:
    return natural_order(document_queryset(viewer=viewer).filter(meeting=meeting))


def document_get(*, viewer, pk: int) -> Document:
    """Raises Document.DoesNotExist when the document is not visible to the viewer."""
    return document_queryset(viewer=viewer).get(pk=pk)


def document_file_get(*, viewer, document_pk: int, language: str, file_format: str) -> DocumentFile:
    """The file if the viewer may download it. Raises DocumentFile.DoesNotExist otherwise."""
    visible = Document.objects.visible_to(viewer).filter(pk=document_pk)
    return DocumentFile.objects.select_related("document", "document__meeting").get(
        document__in=visible, language=language, file_format=file_format
    )


def search_documents(queryset: QuerySet[Document], text: str) -> QuerySet[Document]:
    text = text.strip()
    if not text:
        return queryset
    return queryset.filter(
        Q(symbol__icontains=text) | Q(title_en__icontains=text) | Q(title_ar__icontains=text)
        | Q(title_fr__icontains=text) | Q(title_es__icontains=text)
    )  # fmt: skip


# --- Participants -----------------------------------------------------------------------------------


@dataclass
class ParticipantRow:
    participation: Participation
    name: str
    category: Category

    @property
    def is_state(self) -> bool:
        return self.participation.state_id is not None


@dataclass
class ParticipantList:
    category: Category
    rows: list[ParticipantRow] = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.rows)

    @property
    def names(self) -> list[str]:
        return [row.name for row in self.rows]


def participations(meeting: Meeting) -> list[Participation]:
    """Participations with what categories and names need: three queries for any number of rows.

    The States come joined to their participation; their events (under the meeting's convention
    only: the category reads no other, ``State.events_for``) and former names are fetched by a join
    on this meeting's participations and attached in Python (``attach_history``).
    """
    rows = list(
        Participation.objects.filter(meeting=meeting)
        .select_related("state", "organisation", "head_of_delegation")
        .order_by("id")
    )
    attach_history(
        [row.state for row in rows if row.state_id],
        events=TreatyEvent.objects.filter(convention_id=meeting.convention_id, state__participations__meeting=meeting),
        names=StateName.objects.filter(state__participations__meeting=meeting),
    )
    return rows


def participant_rows(meeting: Meeting, language: str) -> list[ParticipantRow]:
    """Every participant with its computed category and its name as it was on the meeting's first day."""
    rows = []
    for participation in participations(meeting):
        participant = participation.participant
        if participation.state_id:
            name = participant.name_on(meeting.start_date, language)
        else:
            name = localized(participant, "name", language)
        rows.append(ParticipantRow(participation, name, meeting_category(participant, meeting)))
    return rows


def participants_by_category(meeting: Meeting, language: str) -> list[ParticipantList]:
    """The lists of a final report, in its order, each with its count.

    States follow UN alphabetical order in ``language``; organisations keep the order they were
    entered in (final reports list them by kind, often in English order, not alphabetically).
    """
    lists = {category: ParticipantList(category) for category in CATEGORY_ORDER}
    for row in participant_rows(meeting, language):
        lists[row.category].rows.append(row)
    for participant_list in lists.values():
        if participant_list.category not in (Category.ORGANISATION_RULE_1_2, Category.ORGANISATION_RULE_1_3):
            participant_list.rows.sort(key=lambda row: sort_key(row.name, language))
    return [lists[category] for category in CATEGORY_ORDER]


# --- Coordinators -----------------------------------------------------------------------------------


def coordinator_meetings(*, viewer) -> list[Meeting]:
    """The meetings of the viewer's mandates, each with ``visible_documents`` (restricted ones too)."""
    ids = coordinated_meeting_ids(viewer)
    if not ids:
        return []
    meetings = list(
        Meeting.objects.filter(pk__in=ids).select_related("convention", "host_state").order_by("-start_date")
    )
    documents = defaultdict(list)
    for document in document_queryset(viewer=viewer).filter(meeting_id__in=ids):
        documents[document.meeting_id].append(document)
    for meeting in meetings:
        meeting.visible_documents = natural_order(documents[meeting.pk])
    return meetings


def mandates_of(*, viewer) -> list[Mandate]:
    """The mandates held by the States the viewer acts for (for the coordinator space)."""
    from secretariat.permissions import delegate_pairs

    pairs = delegate_pairs(viewer)
    if not pairs:
        return []
    held = Q()
    for state_id, convention_id in pairs:
        held |= Q(state_id=state_id, convention_id=convention_id)
    return list(
        Mandate.objects.filter(held).select_related(
            "state", "person", "convention", "meeting", "starts_with_end_of", "ends_with_end_of"
        )
    )


def participations_for_admin(queryset: QuerySet[Participation]) -> QuerySet[Participation]:
    """The admin's participation rows with what the computed category needs (constant queries)."""
    return queryset.select_related(
        "meeting__convention", "organisation", "head_of_delegation"
    ).prefetch_related(Prefetch("state", queryset=State.objects.with_events()))
