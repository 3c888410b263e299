from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class FollowUp(models.Model):
    """The President's follow-up with a State that has not reported for two consecutive years."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        CONTACTED = "contacted", _("Contacted")
        RESOLVED = "resolved", _("Resolved")

    state = models.ForeignKey(
        "secretariat.State",
        on_delete=models.CASCADE,
        related_name="report_follow_ups",
        verbose_name=_("State"),
    )
    convention = models.ForeignKey(
        "secretariat.Convention",
        on_delete=models.PROTECT,
        related_name="report_follow_ups",
        verbose_name=_("convention"),
    )
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    note = models.TextField(_("note"), blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["convention__code", "state__short_name_en", "-date"]
        verbose_name = _("reporting follow-up")
        verbose_name_plural = _("reporting follow-ups")

    def __str__(self) -> str:
        return f"{self.state} · {self.convention.code} · {self.date.isoformat()}"


class ReminderLog(models.Model):
    """A reminder sent; the unique constraint is what makes a second send of the same reminder impossible."""

    class Kind(models.TextChoices):
        ANNUAL_DUE = "annual_due", _("Annual report due")
        INITIAL_OVERDUE = "initial_overdue", _("Initial report overdue")

    state = models.ForeignKey(
        "secretariat.State",
        on_delete=models.CASCADE,
        related_name="report_reminders",
        verbose_name=_("State"),
    )
    convention = models.ForeignKey(
        "secretariat.Convention",
        on_delete=models.PROTECT,
        related_name="report_reminders",
        verbose_name=_("convention"),
    )
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    due_date = models.DateField(_("due date"))
    recipients = models.JSONField(_("recipients"), default=list)
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["state", "convention", "year", "kind"], name="reporting_reminder_once"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.state} · {self.convention.code} · {self.year} · {self.get_kind_display()}"
