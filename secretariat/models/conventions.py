from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from secretariat.translation import TranslatedField


class Convention(models.Model):
    """A treaty whose ISU uses the portal, with the article rules that deadlines are computed from."""

    class Code(models.TextChoices):
        APMBC = "APMBC", _("Anti-Personnel Mine Ban Convention")
        CCM = "CCM", _("Convention on Cluster Munitions")

    code = models.CharField(_("code"), max_length=10, choices=Code.choices, unique=True)
    short_name_en = models.CharField(_("short name (English)"), max_length=40)
    short_name_ar = models.CharField(_("short name (Arabic)"), max_length=80, blank=True)
    short_name_fr = models.CharField(_("short name (French)"), max_length=40, blank=True)
    short_name_es = models.CharField(_("short name (Spanish)"), max_length=40, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300)
    name_ar = models.CharField(_("name (Arabic)"), max_length=300, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=300, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=300, blank=True)
    symbol_prefix = models.CharField(_("document symbol prefix"), max_length=20, help_text="APLC or CCM")
    adopted_on = models.DateField(_("adopted on"))
    opened_for_signature_on = models.DateField(_("opened for signature on"))
    entry_into_force = models.DateField(_("entry into force"))
    # Article rules. Periods are in years from the State's own entry into force.
    stockpile_article = models.CharField(_("stockpile destruction article"), max_length=10)
    stockpile_period_years = models.PositiveSmallIntegerField(_("stockpile destruction period (years)"))
    stockpile_max_extension_years = models.PositiveSmallIntegerField(
        _("stockpile maximum extension (years)"), null=True, blank=True, help_text=_("Empty: no extension possible.")
    )
    clearance_article = models.CharField(_("clearance article"), max_length=10)
    clearance_period_years = models.PositiveSmallIntegerField(_("clearance period (years)"))
    clearance_max_extension_years = models.PositiveSmallIntegerField(_("clearance maximum extension (years)"))
    initial_report_days = models.PositiveSmallIntegerField(_("initial Article 7 report due (days)"), default=180)
    annual_report_month = models.PositiveSmallIntegerField(_("annual report due month"), default=4)
    annual_report_day = models.PositiveSmallIntegerField(_("annual report due day"), default=30)
    withdrawal_notice_months = models.PositiveSmallIntegerField(_("withdrawal takes effect after (months)"), default=6)

    short_name = TranslatedField("short_name")
    name = TranslatedField("name")

    history = HistoricalRecords()

    class Meta:
        ordering = ["code"]
        verbose_name = _("convention")
        verbose_name_plural = _("conventions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(annual_report_month__gte=1, annual_report_month__lte=12),
                name="secretariat_convention_report_month_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(annual_report_day__gte=1, annual_report_day__lte=31),
                name="secretariat_convention_report_day_valid",
            ),
        ]

    def __str__(self) -> str:
        return self.short_name
