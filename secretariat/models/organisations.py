from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from secretariat.translation import TranslatedField


class Organisation(models.Model):
    """An organisation that takes part in meetings, under rule 1(2) or 1(3) of the rules of procedure."""

    class Kind(models.TextChoices):
        UN_BODY = "un", _("United Nations body")
        RED_CROSS = "red_cross", _("Red Cross and Red Crescent")
        INTERNATIONAL = "international", _("International or regional organisation")
        NGO = "ngo", _("Non-governmental organisation")
        CENTRE = "centre", _("Centre or institution")

    class Rule(models.TextChoices):
        RULE_1_2 = "1(2)", _("Rule 1(2) of the rules of procedure")
        RULE_1_3 = "1(3)", _("Rule 1(3) of the rules of procedure")

    acronym = models.CharField(_("acronym"), max_length=30, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=300, unique=True)
    name_ar = models.CharField(_("name (Arabic)"), max_length=300, blank=True)
    name_fr = models.CharField(_("name (French)"), max_length=300, blank=True)
    name_es = models.CharField(_("name (Spanish)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    rule = models.CharField(_("rule of procedure"), max_length=5, choices=Rule.choices)

    name = TranslatedField("name")

    history = HistoricalRecords()

    class Meta:
        ordering = ["name_en"]
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A person named in the records: a President, a head of delegation, an ISU director."""

    honorific = models.CharField(_("honorific"), max_length=40, blank=True)
    given_name = models.CharField(_("given name"), max_length=120, blank=True)
    family_name = models.CharField(_("family name"), max_length=120)
    name_ar = models.CharField(_("name (Arabic script)"), max_length=200, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=300, blank=True)
    state = models.ForeignKey(
        "secretariat.State", on_delete=models.PROTECT, null=True, blank=True, related_name="people", verbose_name=_("State")
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="people", verbose_name=_("organisation")
    )
    email = models.EmailField(_("e-mail"), blank=True)

    title = TranslatedField("title")

    history = HistoricalRecords()

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return " ".join(part for part in (self.honorific, self.given_name, self.family_name) if part)

    def display_name(self, language: str) -> str:
        if language == "ar" and self.name_ar:
            return self.name_ar
        return str(self)
