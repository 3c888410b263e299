"""Every write to the meetings records: permission-checked, validated, atomic, audited.

Each service checks that the actor is ISU staff of the meeting's convention, validates with messages
that name the field, writes in one transaction and records an audit entry. A refusal raises
ValidationError before anything is written; the database constraints stay as the backstop.
Writes that check other rows of a meeting (overlapping sessions, a participant twice, a number
taken) lock the meeting row first, so two concurrent requests cannot both pass the check.
"""

from __future__ import annotations

import datetime
import hashlib

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

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
from meetings.revisions import mandate_scopes
from meetings.symbols import SymbolError, normalise, parse_symbol, valid_prefix
from secretariat.audit import audit, diff, snapshot
from secretariat.permissions import check_can
from secretariat.revisions import bump_revision
from secretariat.service_tools import assign_fields, audited_delete
from secretariat.uploads import check_docx_archive, check_pdf, size_excess_message

MAX_DOCUMENT_FILE_BYTES = getattr(settings, "MEETINGS_DOCUMENT_MAX_BYTES", 50 * 1024 * 1024)
MAX_DOCUMENT_UNPACKED_BYTES = getattr(settings, "MEETINGS_DOCUMENT_MAX_UNPACKED_BYTES", 200 * 1024 * 1024)

MEETING_FIELDS = [
    "kind", "ordinal", "title_en", "title_ar", "title_fr", "title_es",
    "city_en", "city_ar", "city_fr", "city_es", "host_state",
    "start_date", "end_date", "announced_start_date", "announced_end_date",
    "symbol_prefix", "final_report_symbol",
]  # fmt: skip
SESSION_FIELDS = ["number", "kind", "date", "start_time", "end_time"]
AGENDA_TITLE_FIELDS = ["title_en", "title_ar", "title_fr", "title_es"]
MANDATE_FIELDS = [
    "role", "state", "person", "meeting", "starts_with_end_of", "ends_with_end_of", "start_date", "end_date",
    "subject_en", "subject_ar", "subject_fr", "subject_es", "order",
]  # fmt: skip
PARTICIPATION_FIELDS = ["state", "organisation", "head_of_delegation", "delegates_count", "delegates"]
DOCUMENT_FIELDS = [
    "title_en", "title_ar", "title_fr", "title_es", "issue_date", "agenda_item", "distribution", "original_language",
]  # fmt: skip
DECISION_FIELDS = [
    "number", "kind", "text_en", "text_ar", "text_fr", "text_es",
    "closing_text_en", "closing_text_ar", "closing_text_fr", "closing_text_es", "mandate",
]  # fmt: skip
DECISION_ITEM_FIELDS = [
    "text_en", "text_ar", "text_fr", "text_es",
    "closing_text_en", "closing_text_ar", "closing_text_fr", "closing_text_es", "mandate",
]  # fmt: skip

# planned -> open -> closed -> report_adopted -> published; a published meeting may be withdrawn
# (back to report_adopted) to correct it, and a meeting may be reopened before its report is adopted.
TRANSITIONS = {
    Meeting.Status.PLANNED: {Meeting.Status.OPEN},
    Meeting.Status.OPEN: {Meeting.Status.CLOSED, Meeting.Status.PLANNED},
    Meeting.Status.CLOSED: {Meeting.Status.REPORT_ADOPTED, Meeting.Status.OPEN},
    Meeting.Status.REPORT_ADOPTED: {Meeting.Status.PUBLISHED},
    Meeting.Status.PUBLISHED: {Meeting.Status.REPORT_ADOPTED},
}




def _clean(instance, exclude: list[str] | None = None) -> None:
    # Our own checks name the field with a clear message; the constraints stay as the backstop.
    instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)


def _locked(meeting: Meeting) -> Meeting:
    return Meeting.objects.select_for_update().get(pk=meeting.pk)




# --- Meetings ---------------------------------------------------------------------------------------


def _validate_meeting(meeting: Meeting) -> None:
    _clean(meeting, exclude=["convention"] if meeting.convention_id is None else None)
    errors = {}
    if meeting.end_date < meeting.start_date:
        errors["end_date"] = _("The last day cannot come before the first day.")
    if meeting.announced_start_date and meeting.announced_end_date:
        if meeting.announced_end_date < meeting.announced_start_date:
            errors["announced_end_date"] = _(
                "The announced last day cannot come before the announced first day."
            )
        elif not (
            meeting.announced_start_date <= meeting.start_date
            and meeting.end_date <= meeting.announced_end_date
        ):
            errors["announced_start_date"] = _(
                "The announced week must include the days of the formal meeting."
            )
    elif bool(meeting.announced_start_date) != bool(meeting.announced_end_date):
        errors["announced_end_date"] = _("Give both announced days, or neither.")
    if not valid_prefix(meeting.symbol_prefix):
        errors["symbol_prefix"] = _(
            "“%(prefix)s” is not a symbol prefix such as CCM/MSP/2011 or APLC/MSP.19/2021."
        ) % {"prefix": meeting.symbol_prefix}
    elif meeting.convention_id and not meeting.symbol_prefix.startswith(
        meeting.convention.symbol_prefix + "/"
    ):
        errors["symbol_prefix"] = _("The symbols of a %(convention)s meeting start with “%(prefix)s/”.") % {
            "convention": meeting.convention.short_name, "prefix": meeting.convention.symbol_prefix,
        }  # fmt: skip
    elif Meeting.objects.filter(symbol_prefix=meeting.symbol_prefix).exclude(pk=meeting.pk).exists():
        errors["symbol_prefix"] = _("Another meeting already uses the symbol prefix %(prefix)s.") % {
            "prefix": meeting.symbol_prefix
        }
    elif meeting.pk and meeting.documents.exists():
        stored = Meeting.objects.filter(pk=meeting.pk).values_list("symbol_prefix", flat=True).first()
        if stored != meeting.symbol_prefix:
            errors["symbol_prefix"] = _(
                "The meeting already has documents under %(prefix)s; the prefix cannot change."
            ) % {"prefix": stored}
    if meeting.ordinal is not None:
        taken = Meeting.objects.filter(
            convention_id=meeting.convention_id, kind=meeting.kind, ordinal=meeting.ordinal
        )
        if taken.exclude(pk=meeting.pk).exists():
            errors["ordinal"] = _("The %(convention)s already has a meeting of this kind with the ordinal %(ordinal)s.") % {
                "convention": meeting.convention.short_name, "ordinal": meeting.ordinal,
            }  # fmt: skip
    if meeting.final_report_symbol:
        try:
            parse_symbol(meeting.final_report_symbol, meeting.symbol_prefix)
        except SymbolError as error:
            errors["final_report_symbol"] = _(error.message) % error.params
    if meeting.pk:
        outside = meeting.sessions.exclude(date__range=(_first_day(meeting), _last_day(meeting)))
        if outside.exists():
            errors["start_date"] = _("Some sessions would fall outside the meeting's dates.")
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def meeting_create(*, actor, convention, **data) -> Meeting:
    meeting = Meeting(convention=convention)
    check_can(actor, "meetings.add_meeting", meeting)
    data.setdefault("final_report_symbol", "")
    assign_fields(
        meeting,
        {k: normalise(v) if k in ("symbol_prefix", "final_report_symbol") else v for k, v in data.items()},
        MEETING_FIELDS,
    )
    _validate_meeting(meeting)
    meeting.save()
    audit(actor, "meetings.meeting.created", meeting, snapshot(meeting, MEETING_FIELDS))
    return meeting


@transaction.atomic
def meeting_update(*, actor, meeting: Meeting, **data) -> Meeting:
    check_can(actor, "meetings.change_meeting", meeting)
    meeting = _locked(meeting)
    before = snapshot(meeting, MEETING_FIELDS)
    assign_fields(
        meeting,
        {k: normalise(v) if k in ("symbol_prefix", "final_report_symbol") else v for k, v in data.items()},
        MEETING_FIELDS,
    )
    _validate_meeting(meeting)
    meeting.save()
    changes = diff(before, snapshot(meeting, MEETING_FIELDS))
    if changes:
        audit(actor, "meetings.meeting.updated", meeting, changes)
    return meeting


@transaction.atomic
def meeting_set_status(*, actor, meeting: Meeting, status: str) -> Meeting:
    permission = (
        "meetings.publish_meeting"
        if Meeting.Status.PUBLISHED in (status, meeting.status)
        else "meetings.change_meeting"
    )
    check_can(actor, permission, meeting)
    meeting = _locked(meeting)
    if status not in Meeting.Status.values:
        raise ValidationError({"status": _("“%(status)s” is not a meeting status.") % {"status": status}})
    current = Meeting.Status(meeting.status)
    if status == current:
        return meeting
    if status not in TRANSITIONS[current]:
        raise ValidationError(
            {
                "status": _("A meeting cannot go from “%(from)s” to “%(to)s”.")
                % {
                    "from": current.label,
                    "to": Meeting.Status(status).label,
                }
            }  # fmt: skip
        )
    if status == Meeting.Status.PUBLISHED and not meeting.final_report_symbol:
        raise ValidationError(
            {"final_report_symbol": _("Give the final report's symbol before publishing the meeting.")}
        )
    meeting.status = status
    meeting.published_at = timezone.now() if status == Meeting.Status.PUBLISHED else None
    meeting.save(update_fields=["status", "published_at"])
    audit(actor, "meetings.meeting.status_changed", meeting, {"status": [current.value, status]})
    return meeting


@transaction.atomic
def meeting_delete(*, actor, meeting: Meeting) -> None:
    if meeting.status == Meeting.Status.PUBLISHED:
        raise ValidationError(
            {"status": _("A published meeting cannot be deleted; withdraw its publication first.")}
        )
    audited_delete(actor, "meetings.delete_meeting", "meetings.meeting.deleted", meeting)


# --- Sessions ---------------------------------------------------------------------------------------


def _first_day(meeting: Meeting) -> datetime.date:
    return min(filter(None, [meeting.start_date, meeting.announced_start_date]))


def _last_day(meeting: Meeting) -> datetime.date:
    return max(filter(None, [meeting.end_date, meeting.announced_end_date]))


def _validate_session(session: Session) -> None:
    _clean(session, exclude=["meeting"])
    meeting = session.meeting
    errors = {}
    if not (_first_day(meeting) <= session.date <= _last_day(meeting)):
        errors["date"] = _("The meeting runs from %(start)s to %(end)s; %(date)s is outside it.") % {
            "start": _first_day(meeting).isoformat(), "end": _last_day(meeting).isoformat(), "date": session.date.isoformat(),
        }  # fmt: skip
    if session.start_time and session.end_time and session.end_time <= session.start_time:
        errors["end_time"] = _("A session ends after it starts.")
    if bool(session.start_time) != bool(session.end_time):
        errors["end_time"] = _(
            "Give both the start and the end time, or neither (a session of the whole day)."
        )
    siblings = meeting.sessions.exclude(pk=session.pk)
    if siblings.filter(kind=session.kind, number=session.number).exists():
        errors["number"] = _("The meeting already has a %(kind)s session number %(number)s.") % {
            "kind": session.get_kind_display().lower(), "number": session.number,
        }  # fmt: skip
    if not errors:
        for other in siblings.filter(date=session.date):
            whole_day = not (session.start_time and other.start_time)
            if whole_day or (session.start_time < other.end_time and other.start_time < session.end_time):
                errors["start_time"] = _("This session overlaps session %(number)s on %(date)s (%(times)s).") % {
                    "number": other.number, "date": other.date.isoformat(),
                    "times": f"{other.start_time:%H:%M}–{other.end_time:%H:%M}" if other.start_time else _("the whole day"),
                }  # fmt: skip
                break
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def session_add(*, actor, meeting: Meeting, **data) -> Session:
    check_can(actor, "meetings.add_session", meeting)
    session = Session(meeting=_locked(meeting))
    assign_fields(session, data, SESSION_FIELDS)
    _validate_session(session)
    session.save()
    audit(actor, "meetings.session.created", session, snapshot(session, SESSION_FIELDS))
    return session


@transaction.atomic
def session_update(*, actor, session: Session, **data) -> Session:
    check_can(actor, "meetings.change_session", session)
    _locked(session.meeting)
    before = snapshot(session, SESSION_FIELDS)
    assign_fields(session, data, SESSION_FIELDS)
    _validate_session(session)
    session.save()
    audit(actor, "meetings.session.updated", session, diff(before, snapshot(session, SESSION_FIELDS)))
    return session


@transaction.atomic
def session_delete(*, actor, session: Session) -> None:
    audited_delete(actor, "meetings.delete_session", "meetings.session.deleted", session)


# --- Agenda -----------------------------------------------------------------------------------------


def _siblings(meeting: Meeting, parent: AgendaItem | None):
    return AgendaItem.objects.filter(meeting=meeting, parent=parent).order_by("number")


def _set_numbers(numbers: dict[int, int]) -> None:
    """Give items new numbers in two passes, so the unique constraint never sees a clash mid-way."""
    for pk, number in numbers.items():
        AgendaItem.objects.filter(pk=pk).update(number=number + 10000)
    for pk, number in numbers.items():
        AgendaItem.objects.filter(pk=pk).update(number=number)


def _contiguous(items: list[AgendaItem]) -> bool:
    return [item.number for item in items] == list(range(1, len(items) + 1))


def _check_parent(meeting: Meeting, parent: AgendaItem | None, item: AgendaItem | None = None) -> None:
    if parent is None:
        return
    if parent.meeting_id != meeting.pk:
        raise ValidationError({"parent": _("The parent item belongs to another meeting.")})
    chain = parent.ancestors()
    if item is not None and any(ancestor.pk == item.pk for ancestor in chain):
        raise ValidationError({"parent": _("An item cannot be moved under itself or one of its sub-items.")})
    depth_below = _subtree_depth(item) if item is not None else 1
    if len(chain) + depth_below > AgendaItem.MAX_DEPTH:
        raise ValidationError({"parent": _("Agenda items are numbered on three levels at most: 10(h)(i).")})


def _subtree_depth(item: AgendaItem) -> int:
    return 1 + max((_subtree_depth(child) for child in item.children.all()), default=0)


@transaction.atomic
def agenda_item_add(
    *, actor, meeting: Meeting, parent: AgendaItem | None = None, number: int | None = None, **titles
) -> AgendaItem:
    """Add an item under ``parent`` (None: a top-level item) with ``number`` at its level (default: the next)."""
    check_can(actor, "meetings.add_agendaitem", meeting)
    meeting = _locked(meeting)
    _check_parent(meeting, parent)
    siblings = list(_siblings(meeting, parent))
    if number is None:
        number = (siblings[-1].number if siblings else 0) + 1
    if any(sibling.number == number for sibling in siblings):
        label = AgendaItem(meeting=meeting, parent=parent, number=number).label("en")
        raise ValidationError({"number": _("The agenda already has an item %(label)s.") % {"label": label}})
    item = AgendaItem(meeting=meeting, parent=parent, number=number)
    assign_fields(item, titles, AGENDA_TITLE_FIELDS)
    _clean(item, exclude=["meeting", "parent"])
    item.save()
    audit(
        actor, "meetings.agendaitem.created", item, snapshot(item, ["parent", "number", *AGENDA_TITLE_FIELDS])
    )
    return item


@transaction.atomic
def agenda_item_update(*, actor, item: AgendaItem, **titles) -> AgendaItem:
    check_can(actor, "meetings.change_agendaitem", item)
    before = snapshot(item, AGENDA_TITLE_FIELDS)
    assign_fields(item, titles, AGENDA_TITLE_FIELDS)
    _clean(item, exclude=["meeting", "parent"])
    item.save()
    audit(actor, "meetings.agendaitem.updated", item, diff(before, snapshot(item, AGENDA_TITLE_FIELDS)))
    return item


@transaction.atomic
def agenda_item_move(*, actor, item: AgendaItem, parent: AgendaItem | None, number: int) -> AgendaItem:
    """Move an item (with its sub-items) under ``parent`` to ``number``.

    Items at that number and after it move down one. A level numbered 1..n without gaps stays so
    (the place the item leaves is closed); explicitly numbered levels with gaps keep their numbers.
    """
    check_can(actor, "meetings.change_agendaitem", item)
    meeting = _locked(item.meeting)
    item = AgendaItem.objects.get(pk=item.pk)
    _check_parent(meeting, parent, item)
    if number < 1:
        raise ValidationError({"number": _("Numbers start at 1.")})
    before = {"parent": item.parent_id, "number": item.number}
    old_level = list(_siblings(meeting, item.parent))
    AgendaItem.objects.filter(pk=item.pk).update(number=30000 + item.pk)  # out of the way
    remaining = [i for i in old_level if i.pk != item.pk]
    if _contiguous(old_level):
        _set_numbers({i.pk: position for position, i in enumerate(remaining, 1) if i.number != position})
    target = list(_siblings(meeting, parent).exclude(pk=item.pk))
    if any(i.number == number for i in target):
        _set_numbers({i.pk: i.number + 1 for i in target if i.number >= number})
    AgendaItem.objects.filter(pk=item.pk).update(parent=parent, number=number)
    item.parent, item.number = parent, number
    audit(
        actor,
        "meetings.agendaitem.moved",
        item,
        diff(before, {"parent": item.parent_id, "number": item.number}),
    )
    return item


@transaction.atomic
def agenda_item_delete(*, actor, item: AgendaItem) -> None:
    audited_delete(actor, "meetings.delete_agendaitem", "meetings.agendaitem.deleted", item)


# --- Mandates ---------------------------------------------------------------------------------------


def _validate_mandate(mandate: Mandate) -> None:
    _clean(mandate, exclude=["convention"])
    errors = {}
    if not mandate.state_id and not mandate.person_id:
        errors["state"] = _("A mandate is held by a State, a person, or both.")
    if mandate.person_id and mandate.state_id and mandate.person.state_id not in (None, mandate.state_id):
        errors["person"] = _("%(person)s represents another State.") % {"person": mandate.person}
    for name in ("meeting", "starts_with_end_of", "ends_with_end_of"):
        related = getattr(mandate, name)
        if related is not None and related.convention_id != mandate.convention_id:
            errors[name] = _("This meeting is not a meeting of the %(convention)s.") % {
                "convention": mandate.convention.short_name
            }
    if mandate.start_date and mandate.starts_with_end_of_id:
        errors["start_date"] = _("Give the start of the term as a date or as the end of a meeting, not both.")
    if mandate.end_date and mandate.ends_with_end_of_id:
        errors["end_date"] = _("Give the end of the term as a date or as the end of a meeting, not both.")
    has_term = (
        mandate.start_date or mandate.starts_with_end_of_id or mandate.end_date or mandate.ends_with_end_of_id
    )
    if not mandate.meeting_id and not has_term:
        errors["meeting"] = _("Give the meeting this office belongs to, or the term of the mandate.")
    if not errors and mandate.term_start and mandate.term_end and mandate.term_end < mandate.term_start:
        errors["ends_with_end_of" if mandate.ends_with_end_of_id else "end_date"] = _(
            "The term would end (%(end)s) before it starts (%(start)s)."
        ) % {"end": mandate.term_end.isoformat(), "start": mandate.term_start.isoformat()}
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def mandate_add(*, actor, convention, **data) -> Mandate:
    mandate = Mandate(convention=convention)
    check_can(actor, "meetings.add_mandate", mandate)
    assign_fields(mandate, data, MANDATE_FIELDS)
    _validate_mandate(mandate)
    mandate.save()
    audit(actor, "meetings.mandate.created", mandate, snapshot(mandate, MANDATE_FIELDS))
    return mandate


@transaction.atomic
def mandate_update(*, actor, mandate: Mandate, **data) -> Mandate:
    check_can(actor, "meetings.change_mandate", mandate)
    before = snapshot(mandate, MANDATE_FIELDS)
    bump_revision(*mandate_scopes(mandate))  # the meetings it leaves (audit raises those it joins)
    assign_fields(mandate, data, MANDATE_FIELDS)
    _validate_mandate(mandate)
    mandate.save()
    audit(actor, "meetings.mandate.updated", mandate, diff(before, snapshot(mandate, MANDATE_FIELDS)))
    return mandate


@transaction.atomic
def mandate_delete(*, actor, mandate: Mandate) -> None:
    audited_delete(actor, "meetings.delete_mandate", "meetings.mandate.deleted", mandate)


# --- Participation ----------------------------------------------------------------------------------


def _validate_participation(participation: Participation) -> None:
    _clean(participation, exclude=["meeting"])
    if bool(participation.state_id) == bool(participation.organisation_id):
        raise ValidationError({"state": _("A participant is either a State or an organisation.")})
    others = Participation.objects.filter(meeting_id=participation.meeting_id).exclude(pk=participation.pk)
    if participation.state_id and others.filter(state_id=participation.state_id).exists():
        raise ValidationError(
            {
                "state": _("%(state)s is already a participant in this meeting.")
                % {"state": participation.state}
            }
        )
    if (
        participation.organisation_id
        and others.filter(organisation_id=participation.organisation_id).exists()
    ):
        raise ValidationError(
            {
                "organisation": _("%(organisation)s is already a participant in this meeting.")
                % {"organisation": participation.organisation}
            }
        )


@transaction.atomic
def participation_add(*, actor, meeting: Meeting, **data) -> Participation:
    check_can(actor, "meetings.add_participation", meeting)
    participation = Participation(meeting=_locked(meeting))
    assign_fields(participation, data, PARTICIPATION_FIELDS)
    _validate_participation(participation)
    participation.save()
    audit(
        actor, "meetings.participation.created", participation, snapshot(participation, PARTICIPATION_FIELDS)
    )
    return participation


@transaction.atomic
def participation_update(*, actor, participation: Participation, **data) -> Participation:
    check_can(actor, "meetings.change_participation", participation)
    _locked(participation.meeting)
    before = snapshot(participation, PARTICIPATION_FIELDS)
    assign_fields(participation, data, PARTICIPATION_FIELDS)
    _validate_participation(participation)
    participation.save()
    audit(
        actor,
        "meetings.participation.updated",
        participation,
        diff(before, snapshot(participation, PARTICIPATION_FIELDS)),
    )
    return participation


@transaction.atomic
def participation_delete(*, actor, participation: Participation) -> None:
    audited_delete(actor, "meetings.delete_participation", "meetings.participation.deleted", participation)


# --- Documents --------------------------------------------------------------------------------------


def _apply_symbol(document: Document, symbol: str) -> None:
    """Parse the symbol and set series and lineage; refuse what does not parse or has no parent."""
    meeting = document.meeting
    try:
        parsed = parse_symbol(symbol, meeting.symbol_prefix)
    except SymbolError as error:
        raise ValidationError({"symbol": _(error.message) % error.params}) from None
    if Document.objects.filter(symbol=parsed.symbol).exclude(pk=document.pk).exists():
        raise ValidationError(
            {"symbol": _("The symbol %(symbol)s is already registered.") % {"symbol": parsed.symbol}}
        )
    parent = None
    if parsed.parent_symbol:
        parent = Document.objects.filter(meeting=meeting, symbol=parsed.parent_symbol).first()
        if parent is None:
            raise ValidationError(
                {
                    "symbol": _(
                        "%(symbol)s is a %(relation)s of %(parent)s, which is not registered: register %(parent)s first."
                    )
                    % {
                        "symbol": parsed.symbol,
                        "relation": Document.Relation(parsed.relation).label.lower(),
                        "parent": parsed.parent_symbol,
                    }
                }  # fmt: skip
            )
    document.symbol = parsed.symbol
    document.series = parsed.series
    document.parent = parent
    document.relation = parsed.relation
    document.relation_number = parsed.relation_number


def _validate_document(document: Document) -> None:
    _clean(document, exclude=["meeting", "symbol", "series", "parent", "relation", "relation_number"])
    if document.agenda_item_id and document.agenda_item.meeting_id != document.meeting_id:
        raise ValidationError({"agenda_item": _("This agenda item belongs to another meeting.")})


@transaction.atomic
def document_register(*, actor, meeting: Meeting, symbol: str, **data) -> Document:
    check_can(actor, "meetings.add_document", meeting)
    document = Document(meeting=_locked(meeting))
    assign_fields(document, data, DOCUMENT_FIELDS)
    _apply_symbol(document, symbol)
    _validate_document(document)
    document.save()
    audit(actor, "meetings.document.registered", document, snapshot(document, ["symbol", *DOCUMENT_FIELDS]))
    return document


@transaction.atomic
def document_update(*, actor, document: Document, symbol: str | None = None, **data) -> Document:
    check_can(actor, "meetings.change_document", document)
    _locked(document.meeting)
    before = snapshot(document, ["symbol", *DOCUMENT_FIELDS])
    assign_fields(document, data, DOCUMENT_FIELDS)
    if symbol is not None and normalise(symbol) != document.symbol:
        if document.derived.exists():
            raise ValidationError(
                {
                    "symbol": _("Other documents derive from %(symbol)s; its symbol cannot change.")
                    % {"symbol": document.symbol}
                }
            )
        _apply_symbol(document, symbol)
    _validate_document(document)
    document.save()
    audit(
        actor,
        "meetings.document.updated",
        document,
        diff(before, snapshot(document, ["symbol", *DOCUMENT_FIELDS])),
    )
    return document


@transaction.atomic
def document_delete(*, actor, document: Document) -> None:
    files = [f.file.name for f in document.files.all()]
    audited_delete(
        actor, "meetings.delete_document", "meetings.document.deleted", document,
        protected_message=_("Revisions, addenda or corrigenda derive from %(symbol)s; delete them first.") % {"symbol": document.symbol},
    )  # fmt: skip
    storage = DocumentFile._meta.get_field("file").storage
    transaction.on_commit(lambda: [storage.delete(name) for name in files])


def sniff_format(upload) -> str:
    """ "pdf" or "docx" from the content (the file name and the browser's content type are not trusted).

    A PDF must start with its header and hold no HTML (an HTML/PDF polyglot is refused); a docx must
    be a sound zip with the parts of a Word file, a sane unpacked size and compression ratio (no zip
    bomb). The refusal names the field "file"."""
    upload.seek(0)
    head = upload.read(8)
    upload.seek(0)
    try:
        if head.startswith(b"%PDF-"):
            check_pdf(upload)
            return DocumentFile.Format.PDF
        if head.startswith(b"PK\x03\x04"):
            check_docx_archive(upload, max_unpacked_bytes=MAX_DOCUMENT_UNPACKED_BYTES)
            return DocumentFile.Format.DOCX
    except ValidationError as error:
        raise ValidationError({"file": error.messages}) from None
    finally:
        upload.seek(0)
    raise ValidationError({"file": _("Only PDF and Word (docx) files are accepted; this file is neither.")})


@transaction.atomic
def document_file_attach(*, actor, document: Document, language: str, upload) -> DocumentFile:
    """Attach (or replace) the file of a document in one language. The format is read from the content."""
    check_can(actor, "meetings.change_document", document)
    if language not in dict(DocumentFile._meta.get_field("language").choices):
        raise ValidationError(
            {"language": _("“%(language)s” is not a document language.") % {"language": language}}
        )
    if not isinstance(upload, File):
        upload = File(upload)
    size = upload.size
    if not size:
        raise ValidationError({"file": _("The file is empty.")})
    if size > MAX_DOCUMENT_FILE_BYTES:
        raise ValidationError({"file": size_excess_message(size, MAX_DOCUMENT_FILE_BYTES)})
    file_format = sniff_format(upload)
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    existing = DocumentFile.objects.filter(
        document=document, language=language, file_format=file_format
    ).first()
    before = snapshot(existing, ["size", "sha256"]) if existing else {}
    record = existing or DocumentFile(document=document, language=language, file_format=file_format)
    old_name = existing.file.name if existing else None
    record.size, record.sha256 = size, digest.hexdigest()
    record.file.save("upload", upload, save=False)
    record.save()
    storage = record.file.storage
    if old_name and old_name != record.file.name:
        transaction.on_commit(lambda: storage.delete(old_name))
    # The file is stored before the commit; if the transaction later rolls back, the stored file is
    # an orphan under a fresh name (never served: no row points to it). The old one goes on commit only.
    action = "meetings.documentfile.replaced" if existing else "meetings.documentfile.attached"
    audit(
        actor, action, record, diff(before, snapshot(record, ["language", "file_format", "size", "sha256"]))
    )
    return record


@transaction.atomic
def document_file_delete(*, actor, document_file: DocumentFile) -> None:
    name, storage = document_file.file.name, document_file.file.storage
    audited_delete(actor, "meetings.change_document", "meetings.documentfile.deleted", document_file)
    transaction.on_commit(lambda: storage.delete(name))


# --- Decisions --------------------------------------------------------------------------------------


def _validate_decision(decision: Decision) -> None:
    _clean(decision, exclude=["meeting"])
    if (
        Decision.objects.filter(meeting_id=decision.meeting_id, number=decision.number)
        .exclude(pk=decision.pk)
        .exists()
    ):
        raise ValidationError(
            {
                "number": _("The meeting already has a decision in paragraph %(number)s.")
                % {"number": decision.number}
            }
        )
    if decision.mandate_id and decision.mandate.convention_id != decision.meeting.convention_id:
        raise ValidationError({"mandate": _("This mandate is under the other convention.")})


@transaction.atomic
def decision_add(*, actor, meeting: Meeting, **data) -> Decision:
    check_can(actor, "meetings.add_decision", meeting)
    decision = Decision(meeting=_locked(meeting))
    assign_fields(decision, data, DECISION_FIELDS)
    _validate_decision(decision)
    decision.save()
    audit(actor, "meetings.decision.created", decision, snapshot(decision, DECISION_FIELDS))
    return decision


@transaction.atomic
def decision_update(*, actor, decision: Decision, **data) -> Decision:
    check_can(actor, "meetings.change_decision", decision)
    _locked(decision.meeting)
    before = snapshot(decision, DECISION_FIELDS)
    assign_fields(decision, data, DECISION_FIELDS)
    _validate_decision(decision)
    decision.save()
    audit(actor, "meetings.decision.updated", decision, diff(before, snapshot(decision, DECISION_FIELDS)))
    return decision


@transaction.atomic
def decision_delete(*, actor, decision: Decision) -> None:
    audited_delete(actor, "meetings.delete_decision", "meetings.decision.deleted", decision)


def _validate_decision_item(item: DecisionItem) -> None:
    _clean(item, exclude=["decision", "parent"])
    if item.parent_id:
        if item.parent.decision_id != item.decision_id:
            raise ValidationError({"parent": _("The parent item belongs to another decision.")})
        if item.parent.parent_id:
            raise ValidationError({"parent": _("Sub-items have two levels at most: (a), then (i).")})
    if item.mandate_id and item.mandate.convention_id != item.decision.meeting.convention_id:
        raise ValidationError({"mandate": _("This mandate is under the other convention.")})


@transaction.atomic
def decision_item_add(
    *, actor, decision: Decision, parent: DecisionItem | None = None, order: int | None = None, **data
) -> DecisionItem:
    """Add a sub-item at the end of its level, or with an explicit ``order`` (refused if taken)."""
    check_can(actor, "meetings.add_decisionitem", decision)
    _locked(decision.meeting)
    siblings = DecisionItem.objects.filter(decision=decision, parent=parent)
    item = DecisionItem(decision=decision, parent=parent, order=order or siblings.count() + 1)
    assign_fields(item, data, DECISION_ITEM_FIELDS)
    _validate_decision_item(item)
    if siblings.filter(order=item.order).exists():
        raise ValidationError(
            {"order": _("Another sub-item already has the position %(order)s.") % {"order": item.order}}
        )
    item.save()
    audit(
        actor,
        "meetings.decisionitem.created",
        item,
        snapshot(item, ["parent", "order", *DECISION_ITEM_FIELDS]),
    )
    return item


@transaction.atomic
def decision_item_update(*, actor, item: DecisionItem, **data) -> DecisionItem:
    check_can(actor, "meetings.change_decisionitem", item)
    before = snapshot(item, DECISION_ITEM_FIELDS)
    assign_fields(item, data, DECISION_ITEM_FIELDS)
    _validate_decision_item(item)
    item.save()
    audit(actor, "meetings.decisionitem.updated", item, diff(before, snapshot(item, DECISION_ITEM_FIELDS)))
    return item


@transaction.atomic
def decision_item_delete(*, actor, item: DecisionItem) -> None:
    audited_delete(actor, "meetings.delete_decisionitem", "meetings.decisionitem.deleted", item)


# --- Generated documents (final report, agenda, participants, documents list) ----------------------


def meeting_document_request(*, actor, meeting: Meeting, kind: str, language: str):
    """Queue the build of a generated document of the meeting; the worker renders it after commit.

    Only the ISU staff of the meeting's convention may ask. Returns the DocumentBuild (status queued).
    """
    from meetings.models import DocumentBuild
    from meetings.models.meetings import LANGUAGE_CHOICES
    from meetings.tasks import build_meeting_document

    check_can(actor, "meetings.generate_document", meeting)
    document_builds_recover(actor=None, meeting=meeting)
    if kind not in DocumentBuild.Kind.values:
        raise ValidationError({"kind": _("No generated document of that kind.")})
    if language not in {code for code, _name in LANGUAGE_CHOICES}:
        raise ValidationError({"language": _("No such language.")})
    with transaction.atomic():
        build = DocumentBuild.objects.create(
            meeting=meeting,
            kind=kind,
            language=language,
            requested_by=actor if getattr(actor, "is_authenticated", False) else None,
            progress=gettext_noop("Queued"),  # a msgid: shown in the reader's language
        )
        audit(actor, "meetings.document.requested", build, {"kind": kind, "language": language})
        transaction.on_commit(lambda: build_meeting_document.enqueue(build_id=build.pk))
    return build


def document_builds_recover(*, actor=None, meeting: Meeting | None = None) -> list:
    """Mark the builds whose worker died as failed, and queue each again once (see
    meetings.models.generation). ``actor`` None: the system (a worker, or a page that noticed).

    Returns the new builds queued. Rows another transaction holds (a live worker recording its
    progress) are skipped: that build is not stale.
    """
    from meetings.models import DocumentBuild
    from meetings.tasks import build_meeting_document

    retries = []
    with transaction.atomic():
        stale = DocumentBuild.objects.select_for_update(skip_locked=True).filter(
            status=DocumentBuild.Status.RUNNING, started_at__lt=DocumentBuild.stale_since()
        )
        if meeting is not None:
            stale = stale.filter(meeting=meeting)
        for build in stale:
            build.status = DocumentBuild.Status.FAILED
            build.progress = gettext_noop("Timed out")
            build.error = (
                f"No result after {settings.DOCUMENT_BUILD_TIMEOUT} s (DOCUMENT_BUILD_TIMEOUT): "
                "the worker building it stopped."
            )
            build.finished_at = timezone.now()
            build.save(update_fields=["status", "progress", "error", "finished_at"])
            audit(actor, "meetings.document.build_timed_out", build, {"started_at": str(build.started_at)})
            newer = DocumentBuild.objects.filter(
                meeting_id=build.meeting_id, kind=build.kind, language=build.language,
                requested_at__gt=build.requested_at,
            ).exists()  # fmt: skip
            if build.retry_of_id is not None or newer:
                continue  # a retry that timed out too stays failed; a newer request supersedes it
            retry = DocumentBuild.objects.create(
                meeting_id=build.meeting_id, kind=build.kind, language=build.language,
                requested_by=build.requested_by, retry_of=build, progress=gettext_noop("Queued"),
            )  # fmt: skip
            audit(
                actor,
                "meetings.document.requested",
                retry,
                {"kind": retry.kind, "language": retry.language, "retry_of": build.pk},
            )
            transaction.on_commit(lambda pk=retry.pk: build_meeting_document.enqueue(build_id=pk))
            retries.append(retry)
    return retries
