"""The Article 7 forms as data: a versioned set of form templates per convention, their fields and columns.

A FormSet is one edition of a convention's reporting format (APMBC forms A–J, CCM forms A–J), valid
for reports due from ``valid_from`` to ``valid_to``. Once a report made with a set has been submitted,
the structure of the set (keys, kinds, units, required) is frozen by the services; labels and help
texts may still be corrected. A new format is a new set with the next ``version``.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from secretariat.translation import TranslatedField


class FieldKind(models.TextChoices):
    TEXT = "text", _("Text")
    INTEGER = "integer", _("Whole number")
    DECIMAL = "decimal", _("Decimal number")
    DATE = "date", _("Date")
    BOOLEAN = "boolean", _("Yes / no")
    CHOICE = "choice", _("Choice")
    TABLE = "table", _("Table")


KEY_HELP = _(
    "Lower-case letters, digits and underscores; used in saved reports and imports, never changed once used."
)


class FormSet(models.Model):
    convention = models.ForeignKey(
        "secretariat.Convention",
        on_delete=models.PROTECT,
        related_name="report_form_sets",
        verbose_name=_("convention"),
    )
    version = models.PositiveSmallIntegerField(_("version"))
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=300, blank=True)
    valid_from = models.DateField(_("valid from"), help_text=_("For reports due on or after this date."))
    valid_to = models.DateField(_("valid until"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)
    definitions_revision = models.PositiveIntegerField(
        _("revision of the definitions"),
        default=0,
        editable=False,
        help_text=_("Raised by every change to the set, its forms, fields or columns (cache key)."),
    )

    title = TranslatedField("title")
    history = HistoricalRecords()

    class Meta:
        ordering = ["convention__code", "-version"]
        verbose_name = _("Article 7 form set")
        verbose_name_plural = _("Article 7 form sets")
        constraints = [
            models.UniqueConstraint(
                fields=["convention", "version"], name="reporting_formset_unique_version"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True) | models.Q(valid_to__gte=models.F("valid_from")),
                name="reporting_formset_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.convention.code} v{self.version}: {self.title}"


class FormTemplate(models.Model):
    """One form of a set (e.g. APMBC form C, mined areas)."""

    form_set = models.ForeignKey(
        FormSet, on_delete=models.CASCADE, related_name="forms", verbose_name=_("form set")
    )
    letter = models.CharField(_("letter"), max_length=3)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    article_paragraph = models.CharField(
        _("Article 7 paragraph"), max_length=40, blank=True, help_text="7.1(b)"
    )
    voluntary = models.BooleanField(_("voluntary"), default=False)
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=300, blank=True)
    help_en = models.TextField(_("guidance (English)"), blank=True)
    help_ar = models.TextField(_("guidance (Arabic)"), blank=True)
    help_fr = models.TextField(_("guidance (French)"), blank=True)
    help_es = models.TextField(_("guidance (Spanish)"), blank=True)

    title = TranslatedField("title")
    help = TranslatedField("help")
    history = HistoricalRecords()

    class Meta:
        ordering = ["form_set", "order", "letter"]
        verbose_name = _("Article 7 form")
        verbose_name_plural = _("Article 7 forms")
        constraints = [
            models.UniqueConstraint(
                fields=["form_set", "letter"], name="reporting_formtemplate_unique_letter"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.letter}. {self.title}"

    @property
    def convention_id(self):  # for the permission predicates (secretariat.permissions)
        return self.form_set.convention_id


class _FieldBase(models.Model):
    key = models.SlugField(_("key"), max_length=60, help_text=KEY_HELP)
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    unit = models.CharField(_("unit"), max_length=30, blank=True, help_text="m², kg, USD")
    required = models.BooleanField(
        _("required"), default=False, help_text=_("Unticked: voluntary information.")
    )
    choices = models.JSONField(
        _("choices"),
        default=list,
        blank=True,
        help_text=_('Choice fields only: [{"value": "planned", "en": "Planned", "ar": "مخطط"}, …]'),
    )
    # Number fields only; empty: 0 and reporting.validation.MAX_NUMBER (what a spreadsheet and the
    # stored JSON hold exactly).
    min_value = models.DecimalField(
        _("lowest value"), max_digits=21, decimal_places=6, null=True, blank=True,
        help_text=_("Number fields only. Empty: 0."),
    )  # fmt: skip
    max_value = models.DecimalField(
        _("highest value"), max_digits=21, decimal_places=6, null=True, blank=True,
        help_text=_("Number fields only. Empty: 999 999 999 999 999."),
    )  # fmt: skip
    label_en = models.CharField(_("label (English)"), max_length=300)
    label_ar = models.CharField(_("label (Arabic)"), max_length=300, blank=True)
    label_fr = models.CharField(_("label (French)"), max_length=300, blank=True)
    label_es = models.CharField(_("label (Spanish)"), max_length=300, blank=True)
    help_en = models.TextField(_("help (English)"), blank=True)
    help_ar = models.TextField(_("help (Arabic)"), blank=True)
    help_fr = models.TextField(_("help (French)"), blank=True)
    help_es = models.TextField(_("help (Spanish)"), blank=True)

    label = TranslatedField("label")
    help = TranslatedField("help")

    class Meta:
        abstract = True

    def choice_values(self) -> list[str]:
        return [str(choice.get("value")) for choice in self.choices or []]

    def choice_label(self, value, language: str) -> str:
        for choice in self.choices or []:
            if str(choice.get("value")) == str(value):
                return choice.get(language) or choice.get("en") or str(value)
        return str(value)


class FieldDefinition(_FieldBase):
    """A field of a form: a scalar value, or a table whose columns are ColumnDefinitions."""

    form = models.ForeignKey(
        FormTemplate, on_delete=models.CASCADE, related_name="fields", verbose_name=_("form")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=FieldKind.choices)

    history = HistoricalRecords()

    class Meta:
        ordering = ["form", "order", "id"]
        verbose_name = _("form field")
        verbose_name_plural = _("form fields")
        constraints = [models.UniqueConstraint(fields=["form", "key"], name="reporting_field_unique_key")]

    def __str__(self) -> str:
        return f"{self.form.letter}.{self.key}"

    @property
    def convention_id(self):
        return self.form.form_set.convention_id


class ColumnDefinition(_FieldBase):
    field = models.ForeignKey(
        FieldDefinition, on_delete=models.CASCADE, related_name="columns", verbose_name=_("table")
    )
    kind = models.CharField(
        _("kind"), max_length=10, choices=[c for c in FieldKind.choices if c[0] != FieldKind.TABLE]
    )
    total = models.BooleanField(
        _("total"), default=False, help_text=_("Show the computed total of this column.")
    )

    history = HistoricalRecords()

    class Meta:
        ordering = ["field", "order", "id"]
        verbose_name = _("table column")
        verbose_name_plural = _("table columns")
        constraints = [
            models.UniqueConstraint(fields=["field", "key"], name="reporting_column_unique_key"),
            models.CheckConstraint(condition=~models.Q(kind="table"), name="reporting_column_not_a_table"),
            models.CheckConstraint(
                condition=models.Q(total=False) | models.Q(kind__in=["integer", "decimal"]),
                name="reporting_column_total_numeric",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.field}.{self.key}"

    @property
    def convention_id(self):
        return self.field.form.form_set.convention_id
