"""Reminders: to the right delegates, at the right time, never twice."""

import datetime

import pytest
from django.core import mail
from django.core.management import call_command

from reporting.models import ReminderLog
from reporting.reminders import reminders_send
from reporting.tasks import send_report_reminders
from tests.factories import DelegateFactory, StateFactory, TreatyEventFactory

BEFORE_DUE = datetime.date(2025, 4, 10)


def test_delegates_of_states_that_have_not_submitted_get_one_reminder(
    lebanon_party, norway_party, lebanon_delegate, norway_delegate
):
    sent = reminders_send(on=BEFORE_DUE)
    annual = [log for log in sent if log.kind == ReminderLog.Kind.ANNUAL_DUE]
    assert {(log.state.iso3, log.year) for log in annual} == {("LBN", 2024), ("NOR", 2024)}
    assert any("lebanon-delegate@example.org" in m.to and "2024" in m.subject for m in mail.outbox)
    count = len(mail.outbox)
    assert (
        reminders_send(on=BEFORE_DUE) == []
        and reminders_send(on=BEFORE_DUE + datetime.timedelta(days=3)) == []
    )
    assert len(mail.outbox) == count
    assert ReminderLog.objects.filter(kind=ReminderLog.Kind.ANNUAL_DUE).count() == 2


def test_no_reminder_after_submission_or_outside_the_window(
    forms_loaded, lebanon_party, ccm, ccm_staff, lebanon_delegate
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from reporting import services
    from tests.reporting.reporting_helpers import PDF

    assert [
        log for log in reminders_send(on=datetime.date(2025, 2, 1)) if log.kind == ReminderLog.Kind.ANNUAL_DUE
    ] == []
    services.report_record_received(
        actor=ccm_staff, state=lebanon_party, convention=ccm, year=2024, submitted_on=datetime.date(2025, 4, 1),
        file=SimpleUploadedFile("lbn.pdf", PDF),
    )  # fmt: skip
    assert [log for log in reminders_send(on=BEFORE_DUE) if log.kind == ReminderLog.Kind.ANNUAL_DUE] == []


def test_overdue_initial_report_reminder(ccm):
    newcomer = StateFactory(iso3="QNW", iso2="QW")
    TreatyEventFactory(state=newcomer, convention=ccm, kind="accession", date=datetime.date(2023, 3, 10))
    DelegateFactory(username="newcomer", assignment=(newcomer, ccm))
    sent = reminders_send(on=datetime.date(2024, 3, 1))  # initial due 28 February 2024
    assert [(log.kind, log.year) for log in sent] == [(ReminderLog.Kind.INITIAL_OVERDUE, 2023)]
    assert reminders_send(on=datetime.date(2024, 3, 2)) == []


def test_a_state_without_a_delegate_is_not_logged(lebanon_party):
    assert reminders_send(on=BEFORE_DUE) == [] and not ReminderLog.objects.exists()


def test_the_task_and_the_command_send_through_the_same_rule(lebanon_party, lebanon_delegate):
    result = send_report_reminders.enqueue(on=BEFORE_DUE.isoformat())
    assert result.return_value >= 1
    call_command("send_report_reminders", "--date", BEFORE_DUE.isoformat())
    assert ReminderLog.objects.filter(kind=ReminderLog.Kind.ANNUAL_DUE).count() == 1


def test_staff_of_the_other_convention_cannot_send_this_ones_reminders(
    lebanon_party, lebanon_delegate, apmbc_staff, ccm
):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        reminders_send(actor=apmbc_staff, on=BEFORE_DUE, conventions=[ccm])
