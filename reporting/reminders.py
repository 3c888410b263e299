"""Reminder e-mails to delegates: the annual report before its due date, the initial report once overdue.

A reminder is sent at most once per (State, convention, year, kind): the ReminderLog row is inserted
first, in the same transaction as the sending, and its unique constraint turns a second attempt
(another worker, a second run of the day, the admin action) into a no-op. If sending fails the row
rolls back and the next run tries again.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from reporting import compliance, selectors
from reporting.compliance import ReportState
from reporting.models import ReminderLog
from secretariat.audit import audit
from secretariat.house_style import format_date
from secretariat.models import Convention
from secretariat.permissions import check_can

DEFAULT_DAYS_BEFORE = 30


def days_before() -> int:
    return getattr(settings, "REPORTING_REMINDER_DAYS_BEFORE", DEFAULT_DAYS_BEFORE)


@dataclass(frozen=True)
class Reminder:
    entry: selectors.Entry
    kind: str


def reminders_due(
    *, on: datetime.date, conventions: list[Convention] | None = None, state_ids: set[int] | None = None
) -> list[Reminder]:
    """The reminders that should go out on ``on`` (whether or not already sent)."""
    found = []
    for convention in conventions or list(Convention.objects.order_by("code")):
        block = selectors.compliance_dashboard(convention=convention, years=[on.year - 1], on=on).conventions[
            0
        ]
        for entry in block.entries:
            if state_ids is not None and entry.state.pk not in state_ids:
                continue
            if entry.due.kind == compliance.ANNUAL and entry.report_state == ReportState.PENDING:
                if 0 <= (entry.due.due_date - on).days <= days_before():
                    found.append(Reminder(entry, ReminderLog.Kind.ANNUAL_DUE))
            elif entry.due.kind == compliance.INITIAL and entry.report_state == ReportState.MISSING:
                found.append(Reminder(entry, ReminderLog.Kind.INITIAL_OVERDUE))
    return found


def _message(reminder: Reminder, language: str) -> tuple[str, str]:
    entry = reminder.entry
    with translation.override(language):
        values = {
            "state": entry.state.short_name,
            "convention": entry.convention.short_name,
            "year": entry.due.year,
            "date": format_date(entry.due.due_date, language),
        }
        if reminder.kind == ReminderLog.Kind.ANNUAL_DUE:
            subject = _("Article 7 report of %(state)s for %(year)s: due on %(date)s") % values
            body = (
                _(
                    "The annual transparency report of %(state)s under Article 7 of the %(convention)s, covering %(year)s, "
                    "is due on %(date)s. It has not been submitted yet. You can fill it in and submit it on the portal."
                )
                % values
            )
        else:
            subject = _("Initial Article 7 report of %(state)s: overdue since %(date)s") % values
            body = (
                _(
                    "The initial transparency report of %(state)s under Article 7 of the %(convention)s was due on %(date)s "
                    "and has not been received. You can fill it in and submit it on the portal."
                )
                % values
            )
    return subject, body


def send_reminder(reminder: Reminder, *, actor=None) -> ReminderLog | None:
    """Send one reminder unless it was sent before or the State has no delegate with an e-mail address."""
    entry = reminder.entry
    recipients = sorted(
        get_user_model()
        .objects.filter(
            is_active=True,
            delegate_assignments__state=entry.state,
            delegate_assignments__convention=entry.convention,
        )
        .exclude(email="")
        .values_list("email", flat=True)
        .distinct()
    )
    if not recipients:
        return None  # not logged: it goes out once a delegate is registered
    try:
        with transaction.atomic():
            log = ReminderLog.objects.create(
                state=entry.state, convention=entry.convention, year=entry.due.year, kind=reminder.kind,
                due_date=entry.due.due_date, recipients=recipients, sent_by=actor if getattr(actor, "is_authenticated", False) else None,
            )  # fmt: skip
            # Both working languages of the portal in one message: a delegate's language is not recorded.
            subject_en, body_en = _message(reminder, "en")
            subject_ar, body_ar = _message(reminder, "ar")
            send_mail(f"{subject_en} / {subject_ar}", f"{body_en}\n\n{body_ar}\n", None, recipients)
            audit(actor, "reporting.reminder.sent", log, {"recipients": len(recipients)})
    except IntegrityError:
        return None  # already sent
    return log


def reminders_send(
    *,
    actor=None,
    on: datetime.date | None = None,
    conventions: list[Convention] | None = None,
    state_ids: set[int] | None = None,
) -> list[ReminderLog]:
    """Send the reminders due on ``on`` (default today). ``actor`` None: the scheduled task."""
    if actor is not None:
        for convention in conventions or list(Convention.objects.all()):
            check_can(actor, "reporting.send_reminders", convention)
    on = on or timezone.localdate()
    sent = []
    for reminder in reminders_due(on=on, conventions=conventions, state_ids=state_ids):
        log = send_reminder(reminder, actor=actor)
        if log is not None:
            sent.append(log)
    return sent
