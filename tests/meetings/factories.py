"""Factories for the meetings models: records a test needs as they are, without going through the services.

A test of a service calls the service; a test that only needs a meeting, a document or a participant
to exist uses these. Symbols, ordinals and numbers come from sequences far from the ones the fixtures
and the demo name (CCM/MSP/2011, ordinal 2), so factory records never collide with them.
"""

import datetime

import factory
from django.utils import timezone

from meetings.models import (
    AgendaItem,
    Decision,
    DecisionItem,
    Document,
    DocumentBuild,
    Mandate,
    Meeting,
    Participation,
    Session,
)
from meetings.symbols import parse_symbol
from tests.factories import ConventionFactory, OrganisationFactory, StateFactory


class MeetingFactory(factory.django.DjangoModelFactory):
    """A planned Meeting of States Parties; ``MeetingFactory(published=True)`` for a published one."""

    class Meta:
        model = Meeting

    class Params:
        published = factory.Trait(
            status=Meeting.Status.PUBLISHED,
            published_at=factory.LazyFunction(timezone.now),
        )

    convention = factory.SubFactory(ConventionFactory)
    kind = Meeting.Kind.MSP
    ordinal = factory.Sequence(lambda n: 100 + n)
    title_en = factory.LazyAttribute(lambda o: f"Meeting {o.ordinal} of the States Parties")
    title_ar = factory.LazyAttribute(lambda o: f"الاجتماع {o.ordinal} للدول الأطراف")
    city_en = "Geneva"
    city_ar = "جنيف"
    start_date = datetime.date(2011, 9, 13)
    end_date = factory.LazyAttribute(lambda o: o.start_date + datetime.timedelta(days=3))
    symbol_prefix = factory.LazyAttributeSequence(lambda o, n: f"{o.convention.symbol_prefix}/MSP/{3000 + n}")


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Session

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    date = factory.LazyAttribute(lambda o: o.meeting.start_date)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    """A top-level item; pass ``parent=`` (and the same meeting) for a sub-item."""

    class Meta:
        model = AgendaItem

    meeting = factory.SubFactory(MeetingFactory)
    parent = None
    number = factory.Sequence(lambda n: n + 1)
    title_en = factory.LazyAttribute(lambda o: f"Agenda item {o.number}")
    title_ar = factory.LazyAttribute(lambda o: f"البند {o.number} من جدول الأعمال")


class DocumentFactory(factory.django.DjangoModelFactory):
    """An original document of the main series (or the series its ``symbol`` names: "…/WP.1").

    Revisions, addenda and corrigenda need their parent and lineage: register them with
    ``meetings.services.document_register``, which parses the symbol.
    """

    class Meta:
        model = Document

    meeting = factory.SubFactory(MeetingFactory)
    symbol = factory.LazyAttributeSequence(lambda o, n: f"{o.meeting.symbol_prefix}/{n + 1}")
    series = factory.LazyAttribute(lambda o: parse_symbol(o.symbol, o.meeting.symbol_prefix).series)
    title_en = factory.LazyAttribute(lambda o: f"Document {o.symbol}")
    title_ar = factory.LazyAttribute(lambda o: f"الوثيقة {o.symbol}")
    distribution = Document.Distribution.GENERAL


class ParticipationFactory(factory.django.DjangoModelFactory):
    """A State taking part; ``ParticipationFactory(state=None, organisation=...)`` for an organisation."""

    class Meta:
        model = Participation

    meeting = factory.SubFactory(MeetingFactory)
    state = factory.SubFactory(StateFactory)
    organisation = None


class OrganisationParticipationFactory(ParticipationFactory):
    state = None
    organisation = factory.SubFactory(OrganisationFactory)


class MandateFactory(factory.django.DjangoModelFactory):
    """A State's office with explicit dates; ``meeting=`` for an officer of one meeting."""

    class Meta:
        model = Mandate

    convention = factory.SubFactory(ConventionFactory)
    role = Mandate.Role.PRESIDENT
    state = factory.SubFactory(StateFactory)
    start_date = datetime.date(2010, 11, 13)
    end_date = datetime.date(2011, 9, 16)


class DecisionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Decision

    meeting = factory.SubFactory(MeetingFactory)
    number = factory.Sequence(lambda n: n + 1)
    kind = Decision.Kind.DECIDED
    text_en = factory.LazyAttribute(lambda o: f"Decided, in paragraph {o.number}:")
    text_ar = factory.LazyAttribute(lambda o: f"قرر الاجتماع، في الفقرة {o.number}، ما يلي:")


class DecisionItemFactory(factory.django.DjangoModelFactory):
    """A sub-item (a), (b) …; pass ``parent=`` (of the same decision) for (i), (ii) …"""

    class Meta:
        model = DecisionItem

    decision = factory.SubFactory(DecisionFactory)
    parent = None
    order = factory.Sequence(lambda n: n + 1)
    text_en = factory.LazyAttribute(lambda o: f"Sub-item {o.order}")
    text_ar = factory.LazyAttribute(lambda o: f"البند الفرعي {o.order}")


class DocumentBuildFactory(factory.django.DjangoModelFactory):
    """A queued build of a generated document (the build task moves it on)."""

    class Meta:
        model = DocumentBuild

    meeting = factory.SubFactory(MeetingFactory)
    kind = DocumentBuild.Kind.FINAL_REPORT
    language = "en"
