from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from secretariat.house_style import item_label
from secretariat.translation import TranslatedField


class Decision(models.Model):
    """A numbered paragraph of chapter IV ("Decisions and recommendations") of a final report."""

    class Kind(models.TextChoices):
        WELCOMED = "welcomed", _("Welcomed")
        NOTED = "noted", _("Noted")
        DECIDED = "decided", _("Decided")
        EXTENSION = "extension", _("Extension request")
        APPOINTMENT = "appointment", _("Appointment")
        BUDGET = "budget", _("Budget and work plan")
        NEXT_MEETING = "next_meeting", _("Next meeting")
        OTHER = "other", _("Other")

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting")
    )
    number = models.PositiveSmallIntegerField(
        _("paragraph number"), help_text=_("The paragraph of the final report.")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.DECIDED)
    text_en = models.TextField(_("text (English)"))
    text_ar = models.TextField(_("text (Arabic)"), blank=True)
    text_fr = models.TextField(_("text (French)"), blank=True)
    text_es = models.TextField(_("text (Spanish)"), blank=True)
    closing_text_en = models.TextField(
        _("closing text (English)"), blank=True, help_text=_("Text after the sub-items.")
    )
    closing_text_ar = models.TextField(_("closing text (Arabic)"), blank=True)
    closing_text_fr = models.TextField(_("closing text (French)"), blank=True)
    closing_text_es = models.TextField(_("closing text (Spanish)"), blank=True)
    mandate = models.ForeignKey(
        "meetings.Mandate", on_delete=models.SET_NULL, null=True, blank=True, related_name="decisions",
        verbose_name=_("mandate concerned"),
    )  # fmt: skip
    # Links to an extension request or a budget are added by those apps' migrations when their models exist.

    text = TranslatedField("text")
    closing_text = TranslatedField("closing_text")

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "number"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        constraints = [
            models.UniqueConstraint(fields=["meeting", "number"], name="meetings_decision_unique_number"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="meetings_decision_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.number}"


class DecisionItem(models.Model):
    """A sub-paragraph of a decision, (a) (b) ..., with a second level (i) (ii)."""

    decision = models.ForeignKey(
        Decision, on_delete=models.CASCADE, related_name="items", verbose_name=_("decision")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent item"),
    )
    order = models.PositiveSmallIntegerField(
        _("order"), help_text=_("1 for (a), 2 for (b) ... at its level.")
    )
    text_en = models.TextField(_("text (English)"))
    text_ar = models.TextField(_("text (Arabic)"), blank=True)
    text_fr = models.TextField(_("text (French)"), blank=True)
    text_es = models.TextField(_("text (Spanish)"), blank=True)
    closing_text_en = models.TextField(
        _("closing text (English)"), blank=True, help_text=_("Text after the sub-items.")
    )
    closing_text_ar = models.TextField(_("closing text (Arabic)"), blank=True)
    closing_text_fr = models.TextField(_("closing text (French)"), blank=True)
    closing_text_es = models.TextField(_("closing text (Spanish)"), blank=True)
    mandate = models.ForeignKey(
        "meetings.Mandate", on_delete=models.SET_NULL, null=True, blank=True, related_name="decision_items",
        verbose_name=_("mandate concerned"),
    )  # fmt: skip

    text = TranslatedField("text")
    closing_text = TranslatedField("closing_text")

    history = HistoricalRecords()

    class Meta:
        ordering = ["decision", "parent_id", "order"]
        verbose_name = _("decision item")
        verbose_name_plural = _("decision items")
        constraints = [
            models.UniqueConstraint(
                fields=["decision", "order"],
                condition=models.Q(parent__isnull=True),
                name="meetings_decisionitem_unique_top_order",
            ),
            models.UniqueConstraint(
                fields=["parent", "order"],
                condition=models.Q(parent__isnull=False),
                name="meetings_decisionitem_unique_sub_order",
            ),
            models.CheckConstraint(
                condition=models.Q(order__gte=1), name="meetings_decisionitem_order_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.decision} {self.label('en')}"

    @property
    def level(self) -> int:
        return 2 if self.parent_id else 1

    def label(self, language: str) -> str:
        """(a) / (أ) at the first level, (i) / ’1‘ at the second."""
        return item_label(self.order, language, level=self.level)
