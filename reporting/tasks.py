"""Background work of the reporting app (django-tasks: db_worker in development, RQ in production)."""

from __future__ import annotations

import datetime
import logging

from django.contrib.auth import get_user_model
from django.core.mail import EmailMessage
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django_tasks import task

from reporting.models import ReportVersion

logger = logging.getLogger(__name__)


@task()
def send_submission_receipt(version_id: int) -> list[str]:
    """E-mail the receipt of a submitted version to the submitter and the State's delegates."""
    version = ReportVersion.objects.select_related("report__state", "report__convention", "submitted_by").get(
        pk=version_id
    )
    report = version.report
    recipients = set(
        get_user_model()
        .objects.filter(
            is_active=True,
            delegate_assignments__state=report.state,
            delegate_assignments__convention=report.convention,
        )
        .exclude(email="")
        .values_list("email", flat=True)
    )
    if version.submitted_by and version.submitted_by.email:
        recipients.add(version.submitted_by.email)
    if not recipients:
        return []
    at = timezone.localtime(version.submitted_at)
    parts = []
    for language in ("en", "ar"):
        with translation.override(language):
            parts.append(
                (
                    _("Receipt: Article 7 report of %(state)s (%(report)s), version %(number)s") % {
                        "state": report.state.short_name, "report": report.year, "number": version.number},
                    _("The %(convention)s Implementation Support Unit received version %(number)s of the Article 7 report of "
                      "%(state)s for %(year)s on %(date)s at %(time)s (%(zone)s).") % {
                        "convention": report.convention.short_name, "number": version.number, "state": report.state.short_name,
                        "year": report.year, "date": at.date().isoformat(), "time": at.strftime("%H:%M"), "zone": at.tzname()},
                )
            )  # fmt: skip
    message = EmailMessage(
        f"{parts[0][0]} / {parts[1][0]}", f"{parts[0][1]}\n\n{parts[1][1]}\n", None, sorted(recipients)
    )
    for rendered in _receipt_pdfs(version):
        message.attach(rendered.filename, rendered.content, rendered.mimetype)
    message.send()
    return sorted(recipients)


def _receipt_pdfs(version: ReportVersion) -> list:
    """The PDF receipts in Arabic and English. The text above is the receipt that counts: if the PDFs
    cannot be made, it still goes out (the portal offers the PDFs too) and the failure is logged."""
    from reporting.documents import SubmissionReceipt

    try:
        return [SubmissionReceipt(version).render(language=language) for language in ("ar", "en")]
    except Exception:
        logger.exception("PDF receipts of report version %s could not be rendered", version.pk)
        return []


@task()
def send_report_reminders(on: str | None = None) -> int:
    """Send the reminders due on ``on`` (ISO date; default today). Returns how many were sent."""
    from reporting.reminders import reminders_send

    day = datetime.date.fromisoformat(on) if on else None
    return len(reminders_send(on=day))
