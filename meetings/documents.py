"""Generated documents of a meeting: the final report, the provisional agenda, the list of
participants and the list of documents (ARCHITECTURE.md, "Generated documents").

Everything printed comes from the records: the meeting, its sessions, officers, participants (their
category computed from treaty status on the first day), agenda, documents and decisions, and the
previous meeting's decisions that convened it. Sentences are gettext strings (whole sentences, the
Arabic in ``locale/ar``), filled with names, dates and counts in UN house style for the document's
language; French and Spanish fall back to the English sentences until they are translated.

``MeetingRecords`` gathers the data with a fixed number of queries whatever the number of
participants, documents or decisions; each document class turns it into plain, JSON-able context
(strings and lists). The PDF cache key holds the revisions of the meeting's scope and of the
reference data (``meetings/revisions.py``), and for the final report the previous meeting's.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from typing import Self

from django.db.models import Prefetch
from django.utils.html import conditional_escape, escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext, pgettext_lazy

from meetings import selectors
from meetings.models import Decision, Document, Mandate, Meeting
from meetings.revisions import meeting_scope
from secretariat import house_style, pdf, revisions
from secretariat.documents import GeneratedDocument
from secretariat.models import State
from secretariat.translation import localized
from secretariat.treaties import Category

# Both treaties set out their Meetings of States Parties in Article 11 (APMBC Art. 11, "Meetings of
# the States Parties"; CCM Art. 11, "Meetings of States Parties"); Review Conferences in Article 12.
MEETINGS_ARTICLE = {"APMBC": "11", "CCM": "11"}

# Ordinals of meetings ("the Second Meeting", "الاجتماع الثاني"): masculine, definite, as the noun
# (اجتماع، مؤتمر) requires. Beyond the table the full title is used.
_AR_ORDINALS = (
    "الأول", "الثاني", "الثالث", "الرابع", "الخامس", "السادس", "السابع", "الثامن", "التاسع", "العاشر",
    "الحادي عشر", "الثاني عشر", "الثالث عشر", "الرابع عشر", "الخامس عشر", "السادس عشر", "السابع عشر",
    "الثامن عشر", "التاسع عشر", "العشرون", "الحادي والعشرون", "الثاني والعشرون", "الثالث والعشرون",
    "الرابع والعشرون", "الخامس والعشرون", "السادس والعشرون", "السابع والعشرون", "الثامن والعشرون",
    "التاسع والعشرون", "الثلاثون",
)  # fmt: skip
_EN_ORDINALS = (
    "First", "Second", "Third", "Fourth", "Fifth", "Sixth", "Seventh", "Eighth", "Ninth", "Tenth", "Eleventh",
    "Twelfth", "Thirteenth", "Fourteenth", "Fifteenth", "Sixteenth", "Seventeenth", "Eighteenth", "Nineteenth",
    "Twentieth", "Twenty-first", "Twenty-second", "Twenty-third", "Twenty-fourth", "Twenty-fifth", "Twenty-sixth",
    "Twenty-seventh", "Twenty-eighth", "Twenty-ninth", "Thirtieth",
)  # fmt: skip

_AR_HONORIFICS = {"Mr.": "السيد", "Ms.": "السيدة", "Mrs.": "السيدة", "Ambassador": "السفير", "Dr.": "الدكتور"}

SERIES_ORDER = [
    Document.Series.MAIN,
    Document.Series.WP,
    Document.Series.CRP,
    Document.Series.INF,
    Document.Series.MISC,
]


# --- Small house-style helpers ----------------------------------------------------------------------


def ltr(text: str) -> SafeString:
    """A symbol (Latin letters, digits, slashes) kept left-to-right inside Arabic text."""
    return mark_safe(f'<span class="ltr">{escape(text)}</span>')


def fill(template: str, **values) -> SafeString:
    """A translated sentence with its %(name)s placeholders filled, everything escaped except safe parts."""
    return mark_safe(escape(template) % {key: conditional_escape(value) for key, value in values.items()})


def join_safe(parts: list, language: str) -> SafeString:
    """house_style.join_names over HTML fragments (each escaped unless already safe)."""
    return mark_safe(house_style.join_names([str(conditional_escape(part)) for part in parts], language))


def ordinal(n: int | None, language: str) -> str | None:
    table = _AR_ORDINALS if language == "ar" else _EN_ORDINALS
    return table[n - 1] if n and 1 <= n <= len(table) else None


def person_name(person, language: str) -> str:
    name = person.display_name(language)
    if language == "ar" and person.name_ar and person.honorific in _AR_HONORIFICS:
        return f"{_AR_HONORIFICS[person.honorific]} {name}"
    return name


def paragraph_label(number: int, language: str) -> str:
    """ "1 -" in Arabic (as seeds/003 prints it), "1." elsewhere."""
    return f"{number} -" if language == "ar" else f"{number}."


# --- The records ------------------------------------------------------------------------------------


@dataclass
class Officer:
    role: str
    mandate: Mandate


class MeetingRecords:
    """Everything the meeting's documents print, fetched once with a fixed number of queries."""

    def __init__(self, meeting: Meeting):
        self.meeting = meeting

    @cached_property
    def convention(self):
        return self.meeting.convention

    @cached_property
    def host_state(self) -> State | None:
        if not self.meeting.host_state_id:
            return None
        return State.objects.with_names().get(pk=self.meeting.host_state_id)

    @cached_property
    def agenda(self):
        return selectors.agenda(self.meeting)

    @cached_property
    def sessions(self):
        return selectors.sessions(self.meeting)

    @cached_property
    def officers(self) -> list[Mandate]:
        # Officers of this meeting only (its President, Vice-Presidents, Secretary-General, friends).
        return [m for m in selectors.officers(self.meeting) if m.meeting_id == self.meeting.pk]

    def participants(self, language: str):
        return selectors.participants_by_category(self.meeting, language)

    @cached_property
    def documents(self) -> list[Document]:
        """Documents the report may name: general and limited distribution; restricted ones stay out."""
        rows = Document.objects.filter(meeting=self.meeting).exclude(
            distribution=Document.Distribution.RESTRICTED
        )
        return selectors.natural_order(rows)

    @cached_property
    def decisions(self) -> list[Decision]:
        return selectors.decisions(self.meeting)

    @cached_property
    def previous_meeting_id(self) -> int | None:
        """The last meeting of the same kind before this one (its decisions convened this one)."""
        return (
            Meeting.objects.filter(
                convention_id=self.meeting.convention_id,
                kind=self.meeting.kind,
                end_date__lt=self.meeting.start_date,
            )
            .order_by("-end_date")
            .values_list("pk", flat=True)
            .first()
        )

    @cached_property
    def previous_meeting(self) -> Meeting | None:
        # By the id found first: the final report's cache key holds that meeting's revision.
        if self.previous_meeting_id is None:
            return None
        return (
            Meeting.objects.filter(pk=self.previous_meeting_id)
            .prefetch_related(
                Prefetch(
                    "decisions",
                    queryset=Decision.objects.filter(
                        kind__in=[Decision.Kind.NEXT_MEETING, Decision.Kind.APPOINTMENT]
                    ).order_by("number"),
                    to_attr="convening_decisions",
                ),
                Prefetch(
                    "officers",
                    queryset=Mandate.objects.filter(role=Mandate.Role.PRESIDENT).select_related(
                        "person", "state"
                    ),
                    to_attr="presidents",
                ),
            )
            .first()
        )

    def gather(self, language: str) -> None:
        """Run every query now (the tests count them)."""
        _ = self.convention, self.host_state, self.agenda, self.sessions, self.officers
        _ = self.documents, self.decisions, self.previous_meeting
        self.participants(language)

    # --- Documents referred to by the report, found by their titles -------------------------------

    def document_titled(self, *phrases: str, exclude: tuple[str, ...] = ()) -> Document | None:
        for document in self.documents:
            title = document.title_en.lower()
            if document.series == Document.Series.MAIN and all(p in title for p in phrases):
                if not any(x in title for x in exclude):
                    return document
        return None

    def symbol_of(self, phrase: str) -> str:
        """The symbol of the registered document with that title (any series), else the meeting's prefix."""
        document = next((d for d in self.documents if phrase in d.title_en.lower()), None)
        return document.symbol if document else self.meeting.symbol_prefix

    @property
    def agenda_document(self):
        return self.document_titled("agenda", exclude=("programme", "annotat"))

    @property
    def programme_document(self):
        return self.document_titled("programme of work")

    @property
    def rules_document(self):
        return self.document_titled("rules of procedure")

    @property
    def financial_document(self):
        return self.document_titled("financial arrangements")

    @property
    def final_report_document(self) -> Document | None:
        symbol = self.meeting.final_report_symbol
        return next((d for d in self.documents if symbol and d.symbol == symbol), None)


# --- Base class -------------------------------------------------------------------------------------


class MeetingDocument(GeneratedDocument):
    """A document of one meeting. Its context is plain data and doubles as the cache's source data."""

    kind: str

    def __init__(self, meeting: Meeting, records: MeetingRecords | None = None):
        self.meeting = meeting
        self.records = records or MeetingRecords(meeting)
        self._contexts: dict[str, dict] = {}

    # GeneratedDocument API ---------------------------------------------------------------------------

    def context(self, *, language: str) -> dict:
        if language not in self._contexts:
            self._contexts[language] = {**self.common_context(language), **self.build_context(language)}
        return self._contexts[language]

    def identity(self) -> dict:
        return {"meeting": self.meeting.pk}

    @classmethod
    def from_identity(cls, identity: dict) -> Self:
        return cls(Meeting.objects.select_related("convention").get(pk=identity["meeting"]))

    def revision_scopes(self) -> list[str]:
        return [revisions.REFERENCE, meeting_scope(self.meeting.pk)]

    def filename(self, *, language: str) -> str:
        prefix = self.meeting.symbol_prefix.replace("/", "-").lower()
        return f"{prefix}-{self.kind.replace('_', '-')}-{language}.pdf"

    def build_context(self, language: str) -> dict:
        raise NotImplementedError

    # Building with the cache key exposed (the background task records it) ---------------------------

    def build(self, *, language: str, before_render: Callable[[], None] | None = None) -> Build:
        """Render (or read back from the cache) and say which: (Rendered, content hash, storage name, from cache).

        The key is GeneratedDocument.key_parts: the meeting, the language, the revisions of what
        the document reads and the presentation fingerprint. A hit renders no template;
        ``before_render`` is called only when the PDF is rendered.
        """
        cached = self.cached_pdf(language=language, before_render=before_render)
        rendered = pdf.Rendered(self.filename(language=language), pdf.PDF_MIMETYPE, cached.content)
        return Build(rendered, cached.key, cached.storage_name, cached.from_cache)

    # Shared pieces --------------------------------------------------------------------------------------

    def meeting_name(self, language: str) -> str:
        """ "Second Meeting of States Parties" / "الاجتماع الثاني للدول الأطراف" (the cover line)."""
        word = ordinal(self.meeting.ordinal, language)
        if word and self.meeting.kind == Meeting.Kind.MSP:
            return pgettext("meeting name", "%(ordinal)s Meeting of States Parties") % {"ordinal": word}
        if word and self.meeting.kind == Meeting.Kind.REVIEW_CONFERENCE:
            return pgettext("meeting name", "%(ordinal)s Review Conference") % {"ordinal": word}
        return localized(self.meeting, "title", language)

    def meeting_short(self, language: str) -> str:
        """ "the Second Meeting" / "الاجتماع الثاني" (chapter titles)."""
        word = ordinal(self.meeting.ordinal, language)
        if word and self.meeting.kind == Meeting.Kind.MSP:
            return pgettext("meeting name", "%(ordinal)s Meeting") % {"ordinal": word}
        return self.meeting_name(language)

    def state_name(self, state: State, language: str) -> str:
        return state.name_on(self.meeting.start_date, language)

    def common_context(self, language: str) -> dict:
        meeting = self.meeting
        start = meeting.announced_start_date or meeting.start_date
        end = meeting.announced_end_date or meeting.end_date
        final = self.records.final_report_document
        issue_date = (final.issue_date if final and final.issue_date else None) or meeting.end_date
        original = final.original_language if final else "en"
        return {
            "convention_name": localized(self.records.convention, "name", language),
            "meeting_name": self.meeting_name(language),
            "meeting_title": localized(meeting, "title", language),
            # "بيروت، 12-16 أيلول/سبتمبر 2011" / "Beirut, 12–16 September 2011": the announced week.
            "place_and_dates": ("، " if language == "ar" else ", ").join(
                [
                    localized(meeting, "city", language),
                    house_style.format_date_range(start, end, language, compact=True),
                ]
            ),
            "issue_date": house_style.format_date(issue_date, language),
            "original_language": {
                "en": pgettext("original language", "English"),
                "ar": pgettext("original language", "Arabic"),
                "fr": pgettext("original language", "French"),
                "es": pgettext("original language", "Spanish"),
            }[original],
            "running_title": self.meeting_name(language),
        }

    def agenda_rows(self, language: str) -> list[dict]:
        rows = []
        for item in self.records.agenda:
            if item.level == 0:
                label = paragraph_label(item.number, language)
            else:
                label = house_style.item_label(item.number, language, level=item.level)
            rows.append({"label": label, "title": localized(item, "title", language), "level": item.level})
        return rows

    def document_sections(self, language: str) -> list[dict]:
        """The documents by series, each series a lettered section (ألف، باء / A, B), in natural order."""
        titles = {
            Document.Series.MAIN: pgettext("documents list", "Documents of the general series"),
            Document.Series.WP: pgettext("documents list", "Working papers"),
            Document.Series.CRP: pgettext("documents list", "Conference room papers"),
            Document.Series.INF: pgettext("documents list", "Information documents"),
            Document.Series.MISC: pgettext("documents list", "Miscellaneous documents"),
        }
        sections = []
        for series in SERIES_ORDER:
            rows = [
                {"symbol": d.symbol, "title": localized(d, "title", language)}
                for d in self.records.documents
                if d.series == series
            ]
            if rows:
                label = house_style.annex_section_label(len(sections) + 1, language)
                sections.append({"label": label, "title": str(titles[series]), "rows": rows})
        return sections


@dataclass(frozen=True)
class Build:
    rendered: pdf.Rendered
    content_hash: str
    storage_name: str
    from_cache: bool


# --- The final report -------------------------------------------------------------------------------


class Numbering:
    """Paragraphs numbered straight through the body."""

    def __init__(self, language: str):
        self.language = language
        self.number = 0

    def __call__(self, text, items=None, closing="") -> dict:
        self.number += 1
        return {
            "label": paragraph_label(self.number, self.language),
            "text": text,
            "items": items or [],
            "closing": closing,
        }


class FinalReport(MeetingDocument):
    """The meeting's final report, in the structure of CCM/MSP/2011/5 (seeds/003)."""

    kind = "final_report"
    template_name = "meetings/pdf/final_report.html"
    body_template_name = "meetings/pdf/_final_report_body.html"

    # The introduction quotes the previous meeting's convening decisions and names its President: that
    # meeting is part of what the report is about, found once for the key and the records alike.

    def identity(self) -> dict:
        return {**super().identity(), "previous_meeting": self.records.previous_meeting_id}

    @classmethod
    def from_identity(cls, identity: dict) -> Self:
        document = super().from_identity(identity)
        document.records.previous_meeting_id = identity["previous_meeting"]
        return document

    def revision_scopes(self) -> list[str]:
        previous = self.records.previous_meeting_id
        return super().revision_scopes() + ([meeting_scope(previous)] if previous is not None else [])

    def symbol(self) -> str:
        return self.meeting.final_report_symbol or self.meeting.symbol_prefix

    def build_context(self, language: str) -> dict:
        number = Numbering(language)
        chapters = [
            {
                "title": pgettext("final report", "Introduction"),
                "paragraphs": self.introduction(language, number),
            },
            {
                "title": pgettext("final report", "Organization of the %(meeting)s")
                % {"meeting": self.meeting_short(language)},
                "paragraphs": self.organization(language, number),
            },
            {
                "title": pgettext("final report", "Work of the %(meeting)s")
                % {"meeting": self.meeting_short(language)},
                "paragraphs": self.work(language, number),
            },
            {
                "title": pgettext("final report", "Decisions and recommendations"),
                "paragraphs": self.decision_paragraphs(language, number),
            },
        ]
        for index, chapter in enumerate(chapters, 1):
            chapter["label"] = house_style.chapter_label(index, language)
        annexes = [
            {"title": pgettext("final report", "Agenda"), "agenda": self.agenda_rows(language)},
            {
                "title": pgettext("final report", "List of documents"),
                "sections": self.document_sections(language),
            },
        ]
        for index, annex in enumerate(annexes, 1):
            annex["label"] = self.annex_label(index, language)
        return {
            "symbol": self.symbol(),
            "distribution": pgettext("distribution", "General"),
            "document_title": pgettext("final report", "Final report"),
            "chapters": chapters,
            "annexes": annexes,
        }

    def annex_label(self, n: int, language: str) -> str:
        if language == "ar":
            return f"المرفق {ordinal(n, 'ar')}"
        return pgettext("final report", "Annex %(number)s") % {"number": house_style.chapter_label(n, "en")}

    def annex_reference(self, n: int, language: str) -> str:
        """ "annex II" / "المرفق الثاني" inside a sentence."""
        return ordinal(n, "ar") if language == "ar" else house_style.chapter_label(n, "en")

    # I. Introduction ------------------------------------------------------------------------------------

    def introduction(self, language: str, number: Numbering) -> list[dict]:
        meeting, records = self.meeting, self.records
        convention = localized(records.convention, "name", language)
        paragraphs = []
        article = MEETINGS_ARTICLE.get(records.convention.code)
        if article:
            paragraphs.append(
                number(
                    fill(
                        _(
                            "Article %(article)s of the %(convention)s provides that the States Parties shall meet "
                            "regularly in order to consider and, where necessary, take decisions in respect of any "
                            "matter with regard to the application or implementation of the Convention."
                        ),
                        article=article,
                        convention=convention,
                    )
                )
            )
        previous = records.previous_meeting
        convening = getattr(previous, "convening_decisions", []) if previous else []
        if convening:
            previous_name = self._meeting_name_of(previous, language)
            for decision in convening:
                values = {
                    "meeting": previous_name,
                    "paragraph": decision.number,
                    "text": localized(decision, "text", language),
                }
                if previous.final_report_symbol:
                    template = _(
                        "In paragraph %(paragraph)s of its final report (%(symbol)s), the %(meeting)s recorded "
                        "the following: “%(text)s”"
                    )
                    values["symbol"] = ltr(previous.final_report_symbol)
                else:
                    template = _(
                        "In paragraph %(paragraph)s of its final report, the %(meeting)s recorded the following: “%(text)s”"
                    )
                paragraphs.append(number(fill(template, **values)))
        else:
            start = meeting.announced_start_date or meeting.start_date
            end = meeting.announced_end_date or meeting.end_date
            if records.host_state:
                template = _(
                    "In accordance with the decisions of the States Parties, the %(meeting)s was to be held "
                    "in %(city)s, %(country)s, during the week of %(dates)s."
                )
            else:  # no host State: a meeting at the seat of the United Nations in Geneva, say
                template = _(
                    "In accordance with the decisions of the States Parties, the %(meeting)s was to be held "
                    "in %(city)s during the week of %(dates)s."
                )
            paragraphs.append(
                number(
                    fill(
                        template,
                        meeting=self.meeting_name(language),
                        city=localized(meeting, "city", language),
                        country=self.state_name(records.host_state, language) if records.host_state else "",
                        dates=self._running_range(start, end, language),
                    )
                )
            )
        paragraphs.append(
            number(
                fill(
                    _(
                        "Accordingly, the %(meeting)s was convened, and all States Parties as well as States not "
                        "party to the Convention were invited to participate."
                    ),
                    meeting=self.meeting_name(language),
                )
            )
        )
        return paragraphs

    def _meeting_name_of(self, meeting: Meeting, language: str) -> str:
        return MeetingDocument(meeting, self.records).meeting_name(language)

    @staticmethod
    def _running_range(start: datetime.date, end: datetime.date, language: str) -> str:
        return house_style.format_date_range(start, end, language)

    # II. Organization -----------------------------------------------------------------------------------

    def organization(self, language: str, number: Numbering) -> list[dict]:
        meeting, records = self.meeting, self.records
        paragraphs = [
            number(
                fill(
                    _("The %(meeting)s to the Convention was held in %(city)s %(dates)s."),
                    meeting=self.meeting_name(language),
                    city=localized(meeting, "city", language),
                    dates=self._held_dates(language),
                )
            )
        ]
        lists = {plist.category: plist for plist in records.participants(language)}
        for category in (
            Category.STATE_PARTY,
            Category.RATIFIED_NOT_IN_FORCE,
            Category.SIGNATORY,
            Category.OBSERVER_STATE,
        ):
            n = lists[category].count
            if n:
                paragraphs.append(
                    number(
                        fill(
                            self._states_sentence(category, n),
                            count=house_style.cardinal_words(n, language, feminine=True, definite=True),
                            names=house_style.join_names(lists[category].names, language),
                        )
                    )
                )

        rules_document = records.rules_document
        rules_ref = mark_safe(f" ({ltr(rules_document.symbol)})") if rules_document else ""
        organisations = lists[Category.ORGANISATION_RULE_1_2].rows
        un_bodies = [row.name for row in organisations if row.participation.organisation.kind == "un"]
        others = [row.name for row in organisations if row.participation.organisation.kind != "un"]
        if un_bodies:
            paragraphs.append(
                number(
                    fill(
                        ngettext(
                            "The following United Nations body also participated in the work of the Meeting as an "
                            "observer, in accordance with rule 1(2) of the rules of procedure%(rules)s: %(names)s.",
                            "The following United Nations bodies also participated in the work of the Meeting as "
                            "observers, in accordance with rule 1(2) of the rules of procedure%(rules)s: %(names)s.",
                            len(un_bodies),
                        ),
                        names=house_style.join_names(un_bodies, language),
                        rules=rules_ref,
                    )
                )
            )
        if others:
            paragraphs.append(
                number(
                    fill(
                        ngettext(
                            "In accordance with rule 1(2) of the rules of procedure, representatives of the following "
                            "organization participated in the work of the Meeting as observers: %(names)s.",
                            "In accordance with rule 1(2) of the rules of procedure, representatives of the following "
                            "organizations participated in the work of the Meeting as observers: %(names)s.",
                            len(others),
                        ),
                        names=house_style.join_names(others, language),
                    )
                )
            )
        rule_1_3 = lists[Category.ORGANISATION_RULE_1_3].names
        if rule_1_3:
            paragraphs.append(
                number(
                    fill(
                        _(
                            "In accordance with rule 1(3) of the rules of procedure, representatives of the following "
                            "relevant international organizations or institutions, regional organizations and "
                            "non-governmental organizations participated in the work of the Meeting as observers: "
                            "%(names)s."
                        ),
                        names=house_style.join_names(rule_1_3, language),
                    )
                )
            )
        return paragraphs

    @staticmethod
    def _states_sentence(category: Category, n: int) -> str:
        """The sentence introducing the ``n`` participating States of a category, filled with %(count)s
        (the number in words) and %(names)s.

        Its nouns agree with ``n``: "The following State Party" but "The following two States Parties";
        Arabic has a singular ("الدولة التالية الطرف"), a dual ("الدولتان التاليتان الطرفان") and, from
        three on, the plural with the number in words ("الدول الست والأربعون التالية", seeds/003).
        """
        if category == Category.STATE_PARTY:
            return ngettext(
                "The following State Party to the Convention participated in the work of the Meeting: %(names)s.",
                "The following %(count)s States Parties to the Convention participated in the work of the Meeting: "
                "%(names)s.",
                n,
            )
        if category == Category.RATIFIED_NOT_IN_FORCE:
            return ngettext(
                "The following State that has ratified or acceded to the Convention, but for which the Convention "
                "has not yet entered into force, participated in the work of the Meeting: %(names)s.",
                "The following %(count)s States that have ratified or acceded to the Convention, but for which "
                "the Convention has not yet entered into force, participated in the work of the Meeting: %(names)s.",
                n,
            )
        if category == Category.SIGNATORY:
            return ngettext(
                "The following signatory State participated in the work of the Meeting as an observer: %(names)s.",
                "The following %(count)s signatory States participated in the work of the Meeting as observers: "
                "%(names)s.",
                n,
            )
        if category == Category.OBSERVER_STATE:
            return ngettext(
                "The following State also participated in the work of the Meeting as an observer: %(names)s.",
                "The following States also participated in the work of the Meeting as observers: %(names)s.",
                n,
            )
        raise ValueError(f"No sentence introduces the States of category {category!r}.")

    def _held_dates(self, language: str) -> str:
        start, end = self.meeting.start_date, self.meeting.end_date
        text = house_style.format_date_range(start, end, language)
        if language == "ar":
            return f"في الفترة {text}" if start != end else f"في {text}"
        return f"on {text}" if language == "en" else text

    # III. Work of the meeting ---------------------------------------------------------------------------

    def work(self, language: str, number: Numbering) -> list[dict]:
        meeting, records = self.meeting, self.records
        paragraphs = []
        plenaries = [s for s in records.sessions if s.kind == "plenary"]
        opened_on = plenaries[0].date if plenaries else meeting.start_date
        opened_text = house_style.format_date(opened_on, language)
        previous = records.previous_meeting
        previous_president = (getattr(previous, "presidents", None) or [None])[0] if previous else None
        if previous_president is not None:
            paragraphs.append(
                number(
                    fill(
                        _(
                            "%(president)s, President of the %(previous)s, opened the %(meeting)s on %(date)s."
                        ),
                        president=self._holder(previous_president, language, previous.start_date),
                        previous=self._meeting_name_of(previous, language),
                        meeting=self.meeting_name(language),
                        date=opened_text,
                    )
                )
            )
        else:
            paragraphs.append(
                number(
                    fill(
                        _("The %(meeting)s was opened on %(date)s."),
                        meeting=self.meeting_name(language),
                        date=opened_text,
                    )
                )
            )

        by_role: dict[str, list[Mandate]] = {}
        for mandate in records.officers:
            by_role.setdefault(mandate.role, []).append(mandate)

        sentences = []
        if plenaries:
            n = len(plenaries)
            template = ngettext(
                "The Meeting held one plenary meeting.", "The Meeting held %(count)s plenary meetings.", n
            )
            sentences.append(fill(template, count=house_style.cardinal_words(n, language, feminine=True)))
        president = (by_role.get(Mandate.Role.PRESIDENT) or [None])[0]
        if president is not None:
            sentences.append(
                fill(
                    _(
                        "At its first plenary meeting, on %(date)s, the Meeting confirmed by acclamation the "
                        "nomination of %(person)s as President of the Meeting."
                    ),
                    date=opened_text,
                    person=self._holder(president, language, meeting.start_date, before_role=True),
                )
            )
        friends = by_role.get(Mandate.Role.FRIEND_OF_THE_PRESIDENT, [])
        if friends:
            sentences.append(self._friends(friends, language))
        if sentences:
            paragraphs.append(number(mark_safe(" ".join(sentences))))

        vice_presidents = by_role.get(Mandate.Role.VICE_PRESIDENT, [])
        if vice_presidents:
            names = house_style.sorted_names(
                [self.state_name(m.state, language) for m in vice_presidents if m.state_id], language
            )
            paragraphs.append(
                number(
                    fill(
                        ngettext(
                            "At the same plenary meeting, the representative of %(names)s was elected by acclamation "
                            "as Vice-President of the Meeting.",
                            "At the same plenary meeting, the representatives of %(names)s were elected by acclamation "
                            "as Vice-Presidents of the Meeting.",
                            len(names),
                        ),
                        names=house_style.join_names(names, language),
                    )
                )
            )
        secretary = (by_role.get(Mandate.Role.SECRETARY_GENERAL) or [None])[0]
        if secretary is not None:
            paragraphs.append(
                number(
                    fill(
                        _(
                            "At the same plenary meeting, %(person)s was confirmed as Secretary-General of the Meeting."
                        ),
                        person=self._holder(secretary, language, meeting.start_date, before_role=True),
                    )
                )
            )

        adopted = []
        for document, template in (
            (records.agenda_document, _("its agenda as contained in document %(symbol)s")),
            (records.programme_document, _("its programme of work as contained in document %(symbol)s")),
            (
                records.financial_document,
                _("the financial arrangements for the Meeting as contained in document %(symbol)s"),
            ),
        ):
            if document is not None:
                adopted.append(fill(template, symbol=ltr(document.symbol)))
        rules_document = records.rules_document
        if adopted and rules_document:
            paragraphs.append(
                number(
                    fill(
                        _(
                            "At the same plenary meeting, the Meeting adopted %(adopted)s, and confirmed its rules of "
                            "procedure as contained in document %(rules)s."
                        ),
                        adopted=join_safe(adopted, language),
                        rules=ltr(rules_document.symbol),
                    )
                )
            )
        elif adopted:
            paragraphs.append(
                number(
                    fill(
                        _("At the same plenary meeting, the Meeting adopted %(adopted)s."),
                        adopted=join_safe(adopted, language),
                    )
                )
            )

        ranges = self._document_ranges(language)
        if ranges:
            paragraphs.append(
                number(
                    fill(
                        _(
                            "The %(meeting)s considered the documents %(ranges)s, which are listed in annex %(annex)s."
                        ),
                        meeting=self.meeting_name(language),
                        ranges=ranges,
                        annex=self.annex_reference(2, language),
                    )
                )
            )
        return paragraphs

    def _holder(
        self, mandate: Mandate, language: str, on_date: datetime.date, *, before_role=False
    ) -> SafeString:
        """ "Mr. Adnan Mansour, Minister for Foreign Affairs …" or "the representative of Norway".

        ``before_role``: the name is followed by "as President …", after a closing comma in English.
        """
        if mandate.person_id:
            person = mandate.person
            title = localized(person, "title", language)
            name = person_name(person, language)
            if title and before_role:
                return fill(
                    pgettext("person with title before a role", "%(name)s, %(title)s,"),
                    name=name,
                    title=title,
                )
            if title:
                return fill(pgettext("person with title", "%(name)s, %(title)s"), name=name, title=title)
            return fill("%(name)s", name=name)
        return fill(_("the representative of %(state)s"), state=mandate.state.name_on(on_date, language))

    def _friends(self, friends: list[Mandate], language: str) -> SafeString:
        with_subject, without = [], []
        for mandate in friends:
            name = (
                self.state_name(mandate.state, language)
                if mandate.state_id
                else person_name(mandate.person, language)
            )
            subject = localized(mandate, "subject", language)
            (with_subject if subject else without).append((name, subject))
        key = lambda pair: house_style.sort_key(pair[0], language)  # noqa: E731
        parts = [
            fill(pgettext("friend of the President", "%(state)s (%(subject)s)"), state=name, subject=subject)
            for name, subject in sorted(with_subject, key=key)
        ]
        names = join_safe(parts, language) if parts else ""
        if without:
            rest = house_style.join_names([name for name, _subject in sorted(without, key=key)], language)
            if parts:
                return fill(
                    _(
                        "Representatives of the following States were chosen as Friends of the President: %(names)s, as well as %(others)s."
                    ),
                    names=names,
                    others=rest,
                )
            names = rest
        return fill(
            _("Representatives of the following States were chosen as Friends of the President: %(names)s."),
            names=names,
        )

    def _document_ranges(self, language: str) -> SafeString:
        ranges = []
        for series in SERIES_ORDER:
            symbols = [d.symbol for d in self.records.documents if d.series == series and not d.parent_id]
            if not symbols:
                continue
            if len(symbols) == 1:
                ranges.append(ltr(symbols[0]))
            else:
                ranges.append(
                    fill(
                        pgettext("range of documents", "from %(first)s to %(last)s"),
                        first=ltr(symbols[0]),
                        last=ltr(symbols[-1]),
                    )
                )
        if not ranges:
            return mark_safe("")
        if language == "ar":
            # "من … إلى … ومن … إلى …": ranges are joined by "و" alone, as seeds/003 paragraph 21 does.
            return mark_safe(" و".join(str(r) for r in ranges))
        return join_safe(ranges, language)

    # IV. Decisions and recommendations ------------------------------------------------------------------

    def decision_paragraphs(self, language: str, number: Numbering) -> list[dict]:
        paragraphs = []
        for decision in self.records.decisions:
            items = []
            for item, children in decision.tree:
                items.append(
                    {
                        "label": item.label(language),
                        "text": localized(item, "text", language),
                        "children": [
                            {"label": child.label(language), "text": localized(child, "text", language)}
                            for child in children
                        ],
                        "closing": localized(item, "closing_text", language),
                    }
                )
            paragraphs.append(
                number(
                    localized(decision, "text", language),
                    items=items,
                    closing=localized(decision, "closing_text", language),
                )
            )
        return paragraphs


# --- The other meeting documents --------------------------------------------------------------------


class ProvisionalAgenda(MeetingDocument):
    kind = "agenda"
    template_name = "meetings/pdf/provisional_agenda.html"
    body_template_name = "meetings/pdf/_provisional_agenda_body.html"

    def build_context(self, language: str) -> dict:
        document = self.records.agenda_document
        return {
            "symbol": document.symbol if document else f"{self.meeting.symbol_prefix}/1",
            "distribution": pgettext("distribution", "General"),
            "document_title": pgettext("documents list", "Provisional agenda"),
            "agenda": self.agenda_rows(language),
        }


class ListOfParticipants(MeetingDocument):
    kind = "participants"
    template_name = "meetings/pdf/list_of_participants.html"
    body_template_name = "meetings/pdf/_list_of_participants_body.html"

    CATEGORY_TITLES = {
        Category.STATE_PARTY: pgettext_lazy("list of participants", "States Parties"),
        Category.RATIFIED_NOT_IN_FORCE: pgettext_lazy(
            "list of participants",
            "States that have ratified or acceded to the Convention, for which it has not yet entered into force",
        ),
        Category.SIGNATORY: pgettext_lazy("list of participants", "Signatory States"),
        Category.OBSERVER_STATE: pgettext_lazy("list of participants", "Other observer States"),
        Category.ORGANISATION_RULE_1_2: pgettext_lazy(
            "list of participants", "Organizations under rule 1(2) of the rules of procedure"
        ),
        Category.ORGANISATION_RULE_1_3: pgettext_lazy(
            "list of participants", "Organizations under rule 1(3) of the rules of procedure"
        ),
    }

    def build_context(self, language: str) -> dict:
        sections = []
        for plist in self.records.participants(language):
            if not plist.count:
                continue
            rows = []
            for row in plist.rows:
                participation = row.participation
                head = participation.head_of_delegation
                rows.append(
                    {
                        "name": row.name,
                        "head": person_name(head, language) if head else "",
                        "head_title": localized(head, "title", language) if head else "",
                        "delegates": [
                            line.strip() for line in participation.delegates.splitlines() if line.strip()
                        ],
                    }
                )
            sections.append(
                {
                    "label": house_style.annex_section_label(len(sections) + 1, language),
                    "title": str(self.CATEGORY_TITLES[plist.category]),
                    "count": house_style.format_number(plist.count, language),
                    "rows": rows,
                }
            )
        return {
            "symbol": self.records.symbol_of("list of participants"),
            "distribution": pgettext("distribution", "General"),
            "document_title": pgettext("documents list", "List of participants"),
            "sections": sections,
        }


class ListOfDocuments(MeetingDocument):
    kind = "documents_list"
    template_name = "meetings/pdf/list_of_documents.html"
    body_template_name = "meetings/pdf/_list_of_documents_body.html"

    def build_context(self, language: str) -> dict:
        return {
            "symbol": self.records.symbol_of("list of documents"),
            "distribution": pgettext("distribution", "General"),
            "document_title": pgettext("documents list", "List of documents"),
            "sections": self.document_sections(language),
        }


DOCUMENT_CLASSES: dict[str, type[MeetingDocument]] = {
    cls.kind: cls for cls in (FinalReport, ProvisionalAgenda, ListOfParticipants, ListOfDocuments)
}


def meeting_document(kind: str, meeting: Meeting) -> MeetingDocument:
    """The document class for a build kind ("final_report", "agenda", "participants", "documents_list")."""
    try:
        return DOCUMENT_CLASSES[kind](meeting)
    except KeyError:
        raise ValueError(f"No meeting document of kind {kind!r}.") from None
