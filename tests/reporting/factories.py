"""Factories for the reporting records a test needs as they are (a form set, a report in a given state,
a follow-up, a reminder already sent), without going through the services.

The forms of a report (``ReportForm``), its versions and attachments are made by the services
(``report_open``, ``report_submit``, ``attachment_add``): a test that needs them opens a report with
the ``draft`` fixture of ``tests/reporting/conftest.py`` rather than building them here.
"""

import datetime

import factory
from django.utils import timezone

from reporting.models import FollowUp, FormSet, ReminderLog, Report
from tests.factories import ConventionFactory, StateFactory


class FormSetFactory(factory.django.DjangoModelFactory):
    """A form set with no forms (``load_report_forms`` loads the real ones: the ``forms_loaded`` fixture)."""

    class Meta:
        model = FormSet
        django_get_or_create = ("convention", "version")

    convention = factory.SubFactory(ConventionFactory)
    version = 1
    title_en = factory.LazyAttribute(lambda o: f"{o.convention.code} forms")
    valid_from = factory.LazyAttribute(lambda o: o.convention.entry_into_force)


class ReportFactory(factory.django.DjangoModelFactory):
    """An annual draft report; ``ReportFactory(submitted_on=date)`` for one submitted that day."""

    class Meta:
        model = Report

    class Params:
        submitted_on = None

    state = factory.SubFactory(StateFactory)
    convention = factory.SubFactory(ConventionFactory)
    kind = Report.Kind.ANNUAL
    year = 2023
    due_date = factory.LazyAttribute(lambda o: datetime.date(o.year + 1, 4, 30))
    form_set = factory.SubFactory(FormSetFactory, convention=factory.SelfAttribute("..convention"))
    status = factory.LazyAttribute(
        lambda o: Report.Status.SUBMITTED if o.submitted_on else Report.Status.DRAFT
    )
    submitted_at = factory.LazyAttribute(
        lambda o: (
            timezone.make_aware(datetime.datetime.combine(o.submitted_on, datetime.time(12)))
            if o.submitted_on
            else None
        )
    )


class FollowUpFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FollowUp

    state = factory.SubFactory(StateFactory)
    convention = factory.SubFactory(ConventionFactory)
    date = datetime.date(2024, 1, 10)
    note = "Letter sent"


class ReminderLogFactory(factory.django.DjangoModelFactory):
    """A reminder already sent (the log that keeps the command from sending it twice)."""

    class Meta:
        model = ReminderLog

    state = factory.SubFactory(StateFactory)
    convention = factory.SubFactory(ConventionFactory)
    year = 2023
    kind = ReminderLog.Kind.ANNUAL_DUE
    due_date = factory.LazyAttribute(lambda o: datetime.date(o.year + 1, 4, 30))
    recipients = factory.LazyFunction(lambda: ["delegate@example.org"])
