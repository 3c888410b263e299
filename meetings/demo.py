"""Demo meetings from the reference documents: Beirut 2011 (CCM) and The Hague 2021 (APMBC).

Every record is written through the services (so the demo obeys the same rules as the admin) by
a system actor that holds every permission and is audited as "no user", as the reference data
loader is. Idempotent: a second run finds every record by its natural key and writes nothing.
Needs the reference data (``manage.py load_reference_data``) first.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.files.base import ContentFile
from django.db import transaction

from meetings import services
from meetings.demo_data import (
    BEIRUT,
    BEIRUT_AGENDA,
    BEIRUT_DOCUMENTS,
    BEIRUT_ORGANISATIONS,
    BEIRUT_SESSIONS,
    BEIRUT_STATES_AR,
    COORDINATORS,
    FRIENDS,
    OSLO,
    PEOPLE,
    THE_HAGUE,
    VICE_PRESIDENTS,
)
from meetings.demo_decisions import BEIRUT_DECISIONS
from meetings.models import AgendaItem, Decision, DecisionItem, Document, DocumentFile, Mandate, Meeting
from secretariat.models import Convention, Organisation, Person, State
from secretariat.services import person_save


class SystemActor:
    """The loader itself: every permission, and no user in the audit trail."""

    username = "load_meetings_demo"
    is_authenticated = False
    is_active = True
    is_superuser = True
    is_staff = False

    def has_perm(self, perm, obj=None) -> bool:
        return True


ACTOR = SystemActor()


@dataclass
class DemoResult:
    created: dict[str, int] = field(default_factory=dict)

    def add(self, kind: str) -> None:
        self.created[kind] = self.created.get(kind, 0) + 1


def placeholder_pdf(text: str) -> bytes:
    """A one-page PDF saying what the real document is (the demo has no UN files)."""
    safe = text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
    stream = f"BT /F1 14 Tf 72 760 Td ({safe}) Tj 0 -24 Td (Demo placeholder: not the United Nations document.) Tj ET"
    objects = [
        "<< /Type /Catalog /Pages 2 0 R >>",
        "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
        f"<< /Length {len(stream)} >>\nstream\n{stream}\nendstream",
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = b"%PDF-1.4\n"
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n{body}\nendobj\n".encode("latin-1")
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += "".join(f"{offset:010d} 00000 n \n" for offset in offsets).encode()
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return out


def _meeting(data: dict, result: DemoResult) -> Meeting:
    existing = Meeting.objects.filter(symbol_prefix=data["symbol_prefix"]).first()
    if existing:
        return existing
    values = dict(data)
    convention = Convention.objects.get(code=values.pop("convention"))
    values["host_state"] = State.objects.get(iso3=values["host_state"])
    result.add("meetings")
    return services.meeting_create(actor=ACTOR, convention=convention, **values)


def _person(key: str, result: DemoResult) -> Person:
    data = dict(PEOPLE[key])
    person = Person.objects.filter(family_name=data["family_name"], given_name=data["given_name"]).first()
    if person:
        return person
    data["state"] = State.objects.get(iso3=data["state"]) if data["state"] else None
    result.add("people")
    return person_save(actor=ACTOR, **data)


def _mandate(result: DemoResult, **data) -> Mandate:
    lookup = {
        k: v
        for k, v in data.items()
        if k in ("convention", "role", "state", "person", "meeting", "subject_en")
    }
    existing = Mandate.objects.filter(**lookup).first()
    if existing:
        return existing
    result.add("mandates")
    convention = data.pop("convention")
    return services.mandate_add(actor=ACTOR, convention=convention, **data)


def _agenda(meeting: Meeting, rows, result: DemoResult) -> dict[str, AgendaItem]:
    items: dict[str, AgendaItem] = {}
    for path, title_en, title_ar in rows:
        parent_path, _, number = path.rpartition(".")
        parent = items.get(parent_path) if parent_path else None
        item = AgendaItem.objects.filter(meeting=meeting, parent=parent, number=int(number)).first()
        if item is None:
            item = services.agenda_item_add(
                actor=ACTOR,
                meeting=meeting,
                parent=parent,
                number=int(number),
                title_en=title_en,
                title_ar=title_ar,
            )
            result.add("agenda items")
        items[path] = item
    return items


def _document(meeting: Meeting, symbol: str, result: DemoResult, *, files: bool, **data) -> Document:
    document = Document.objects.filter(symbol=symbol).first()
    if document is None:
        document = services.document_register(actor=ACTOR, meeting=meeting, symbol=symbol, **data)
        result.add("documents")
    if files:
        for language in ("en", "ar"):
            if not DocumentFile.objects.filter(document=document, language=language).exists():
                content = ContentFile(placeholder_pdf(f"{symbol} [{language}]"), name="placeholder.pdf")
                services.document_file_attach(
                    actor=ACTOR, document=document, language=language, upload=content
                )
                result.add("files")
    return document


def _split_names(text: str) -> list[str]:
    names = []
    for index, part in enumerate(text.split("، ")):
        part = part.strip()
        if index and part.startswith("و"):
            part = part[1:]
        names.append(" ".join(part.split()))
    return names


def beirut_state_names() -> dict[int, list[str]]:
    """The Arabic names of paragraphs 8-11 of the Beirut report, one list per paragraph."""
    return {paragraph: _split_names(text) for paragraph, text in BEIRUT_STATES_AR.items()}


def _states_by_name(on_date: datetime.date) -> dict[str, State]:
    return {" ".join(s.name_on(on_date, "ar").split()): s for s in State.objects.with_names()}


def _load_beirut(result: DemoResult, *, files: bool) -> Meeting:
    beirut = _meeting(BEIRUT, result)
    oslo = _meeting(OSLO, result)
    ccm = beirut.convention
    states = {s.iso3: s for s in State.objects.all()}

    for number, date, start in BEIRUT_SESSIONS:
        if not beirut.sessions.filter(kind="plenary", number=number).exists():
            end = datetime.time(start.hour + 3)
            services.session_add(
                actor=ACTOR,
                meeting=beirut,
                number=number,
                kind="plenary",
                date=date,
                start_time=start,
                end_time=end,
            )
            result.add("sessions")

    # Officers (paragraphs 4 and 15-18). The President's term runs from the end of the First Meeting
    # (Vientiane, 9-12 November 2010, not entered) to the end of this one.
    president = _mandate(
        result, convention=ccm, role="president", state=states["LBN"], person=_person("mansour", result), meeting=beirut,
        start_date=datetime.date(2010, 11, 13), ends_with_end_of=beirut,
    )  # fmt: skip
    _person("riachi", result)
    for order, iso3 in enumerate(VICE_PRESIDENTS, 1):
        _mandate(
            result, convention=ccm, role="vice_president", state=states[iso3], meeting=beirut, order=order
        )
    _mandate(
        result, convention=ccm, role="secretary_general", person=_person("kolarov", result), meeting=beirut
    )
    for order, (iso3, subject_en, subject_ar) in enumerate(FRIENDS, 1):
        _mandate(
            result, convention=ccm, role="friend_of_the_president", state=states[iso3], meeting=beirut,
            subject_en=subject_en, subject_ar=subject_ar, order=order,
        )  # fmt: skip
    # Paragraph 31: the President of the Third Meeting, from the end of this one to the end of that one.
    president_3msp = _mandate(
        result, convention=ccm, role="president", state=states["NOR"], person=_person("kongstad", result), meeting=oslo,
        starts_with_end_of=beirut, ends_with_end_of=oslo,
    )  # fmt: skip
    # Paragraph 28: "in 2012" and "in 2012 and 2013", from the end of this meeting.
    coordinators = []
    for role, subject_en, subject_ar, holders in COORDINATORS:
        first = None
        for order, (iso3, last_year) in enumerate(holders, 1):
            mandate = _mandate(
                result, convention=ccm, role=role, state=states[iso3], subject_en=subject_en, subject_ar=subject_ar,
                starts_with_end_of=beirut, end_date=datetime.date(last_year, 12, 31), order=order,
            )  # fmt: skip
            first = first or mandate
        coordinators.append(first)
    mandates = {"PRESIDENT_3MSP": president_3msp, "PRESIDENT": president}
    mandates.update({f"COORD:{index}": mandate for index, mandate in enumerate(coordinators)})

    # Participants (paragraphs 8-14): the names of 2011 resolved to States.
    by_name = _states_by_name(beirut.start_date)
    present = set(beirut.participations.values_list("state_id", "organisation_id"))
    for names in beirut_state_names().values():
        for name in names:
            state = by_name[name]
            if (state.pk, None) not in present:
                services.participation_add(actor=ACTOR, meeting=beirut, state=state)
                result.add("participations")
    organisations = {o.acronym: o for o in Organisation.objects.filter(acronym__in=BEIRUT_ORGANISATIONS)}
    for acronym in BEIRUT_ORGANISATIONS:
        if (None, organisations[acronym].pk) not in present:
            services.participation_add(actor=ACTOR, meeting=beirut, organisation=organisations[acronym])
            result.add("participations")

    agenda = _agenda(beirut, BEIRUT_AGENDA, result)
    for symbol, title_en, title_ar, agenda_path, distribution in BEIRUT_DOCUMENTS:
        _document(
            beirut, symbol, result, files=files and distribution == "general", title_en=title_en, title_ar=title_ar,
            agenda_item=agenda.get(agenda_path), distribution=distribution, original_language="en",
        )  # fmt: skip

    for row in BEIRUT_DECISIONS:
        decision = Decision.objects.filter(meeting=beirut, number=row["number"]).first()
        if decision is None:
            decision = services.decision_add(
                actor=ACTOR, meeting=beirut, number=row["number"], kind=row["kind"], text_en=row["text_en"],
                text_ar=row["text_ar"], closing_text_en=row.get("closing_en", ""), closing_text_ar=row.get("closing_ar", ""),
                mandate=mandates.get(row.get("mandate", "")),
            )  # fmt: skip
            result.add("decisions")
        for order, item in enumerate(row.get("items", []), 1):
            top = DecisionItem.objects.filter(decision=decision, parent=None, order=order).first()
            if top is None:
                top = services.decision_item_add(
                    actor=ACTOR, decision=decision, order=order, text_en=item["en"], text_ar=item["ar"],
                    closing_text_en=item.get("closing_en", ""), closing_text_ar=item.get("closing_ar", ""),
                    mandate=mandates.get(item.get("mandate", "")),
                )  # fmt: skip
                result.add("decision items")
            for sub_order, (text_en, text_ar) in enumerate(item.get("sub", []), 1):
                if not DecisionItem.objects.filter(parent=top, order=sub_order).exists():
                    services.decision_item_add(
                        actor=ACTOR,
                        decision=decision,
                        parent=top,
                        order=sub_order,
                        text_en=text_en,
                        text_ar=text_ar,
                    )
                    result.add("decision items")

    beirut.refresh_from_db()
    for status in ("open", "closed", "report_adopted", "published"):
        order = [s.value for s in Meeting.Status]
        if order.index(beirut.status) < order.index(status):
            beirut = services.meeting_set_status(actor=ACTOR, meeting=beirut, status=status)
    return beirut


def _load_the_hague(result: DemoResult, *, files: bool) -> Meeting:
    meeting = _meeting(THE_HAGUE, result)
    agenda = _agenda(
        meeting,
        [
            (
                "10",
                "Consideration of the general status and operation of the Convention",
                "النظر في الحالة العامة للاتفاقية وتنفيذها",
            ),
            ("10.8", "Implementation support", "دعم التنفيذ"),
            (
                "10.8.1",
                "Report on the activities, performance and finances of the Implementation Support Unit, and presentation "
                "of the work plan and budget of the Implementation Support Unit for 2022",
                "تقرير عن أنشطة وحدة دعم التنفيذ وأدائها وماليتها، وعرض خطة عمل وميزانية لأنشطة وحدة دعم التنفيذ في عام 2022",
            ),
        ],
        result,
    )
    # The seed names the agenda item and the title, not the document's number: the demo registers it
    # as a working paper until the ISU enters the real symbol.
    _document(
        meeting, "APLC/MSP.19/2021/WP.1", result, files=files,
        title_en="2022 work plan and budget of the Implementation Support Unit: submitted by the Director of the Implementation Support Unit",
        title_ar="ميزانية خطة عمل وحدة دعم التنفيذ لعام 2022: مقدمان من مدير وحدة دعم التنفيذ",
        agenda_item=agenda["10.8.1"], distribution="general", original_language="en",
    )  # fmt: skip
    return meeting


@transaction.atomic
def load_meetings_demo(*, files: bool = True) -> DemoResult:
    result = DemoResult()
    _load_beirut(result, files=files)
    _load_the_hague(result, files=files)
    return result
