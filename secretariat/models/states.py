import datetime

from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from secretariat.translation import TranslatedField, localized


class StateQuerySet(models.QuerySet):
    """Prefetches into plain lists (``to_attr``): reading them builds no manager or queryset per State,
    which is most of the cost of a document that names a hundred States."""

    def with_events(self, convention=None) -> "StateQuerySet":
        """Each State's treaty events, under ``convention`` only if given. No join on the convention:
        ``events_for(convention)`` attaches the one it is given to each event it returns."""
        events = TreatyEvent.objects.order_by("date", "pk")
        if convention is not None:
            events = events.filter(convention=convention)
        return self.prefetch_related(models.Prefetch("treaty_events", queryset=events, to_attr=EVENTS_ATTR))

    def with_names(self) -> "StateQuerySet":
        return self.prefetch_related(models.Prefetch("former_names", to_attr=NAMES_ATTR))


# Where with_events() and with_names() put their lists; read through events_for() and name_on().
EVENTS_ATTR = "prefetched_events"
NAMES_ATTR = "prefetched_former_names"


def attach_history(states, *, events, names) -> None:
    """Put each State's treaty events and former names where ``events_for()`` and ``name_on()`` read
    them, from two querysets the caller narrows by a join (``state__participations__meeting=m``);
    ``events=None`` attaches names only.

    For States reached through another model this is what ``with_events().with_names()`` does, at
    half the cost: Django's prefetch would list every State's id in an ``IN (...)`` and build a
    queryset per State. Two queries whatever the number of States.
    """
    by_state = {state.pk: state for state in states}
    for state in by_state.values():
        if events is not None:
            state.__dict__[EVENTS_ATTR] = []
        state.__dict__[NAMES_ATTR] = []
    for event in events.order_by("date", "pk") if events is not None else ():
        if event.state_id in by_state:
            by_state[event.state_id].__dict__[EVENTS_ATTR].append(event)
    for name in names:
        if name.state_id in by_state:
            by_state[name.state_id].__dict__[NAMES_ATTR].append(name)


class State(models.Model):
    """A State as the UN names it. Its current names live here; former names in StateName."""

    iso3 = models.CharField(
        _("ISO 3166 alpha-3"),
        max_length=3,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{3}$", _("An ISO 3166 alpha-3 code is three capital letters."))],
    )
    iso2 = models.CharField(
        _("ISO 3166 alpha-2"),
        max_length=2,
        unique=True,
        validators=[RegexValidator(r"^[A-Z]{2}$", _("An ISO 3166 alpha-2 code is two capital letters."))],
    )
    m49 = models.CharField(_("UN M49 code"), max_length=3, blank=True)
    un_member = models.BooleanField(_("UN Member State"), default=True)
    short_name_en = models.CharField(_("short name (English)"), max_length=120)
    short_name_ar = models.CharField(_("short name (Arabic)"), max_length=120)
    short_name_fr = models.CharField(_("short name (French)"), max_length=120, blank=True)
    short_name_es = models.CharField(_("short name (Spanish)"), max_length=120, blank=True)
    formal_name_en = models.CharField(_("formal name (English)"), max_length=200, blank=True)
    formal_name_ar = models.CharField(_("formal name (Arabic)"), max_length=200, blank=True)
    formal_name_fr = models.CharField(_("formal name (French)"), max_length=200, blank=True)
    formal_name_es = models.CharField(_("formal name (Spanish)"), max_length=200, blank=True)

    short_name = TranslatedField("short_name")
    formal_name = TranslatedField("formal_name")

    objects = StateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["short_name_en"]
        verbose_name = _("State")
        verbose_name_plural = _("States")
        constraints = [
            models.CheckConstraint(condition=models.Q(iso3__regex=r"^[A-Z]{3}$"), name="secretariat_state_iso3_format"),
            models.CheckConstraint(condition=models.Q(iso2__regex=r"^[A-Z]{2}$"), name="secretariat_state_iso2_format"),
        ]

    def __str__(self) -> str:
        return self.short_name

    def name_on(self, on_date: datetime.date | None, language: str, *, formal: bool = False) -> str:
        """The name in use on a date: a document uses the names of its own date (Swaziland in 2011)."""
        field = "formal_name" if formal else "short_name"
        if on_date is not None:
            # Prefetched by with_names(): iterate in Python to keep queries constant.
            formers = self.__dict__.get(NAMES_ATTR)
            for former in self.former_names.all() if formers is None else formers:
                if former.covers(on_date):
                    value = localized(former, field, language)
                    if value:
                        return value
        return localized(self, field, language)

    def events_for(self, convention) -> list["TreatyEvent"]:
        """This State's events under one convention (uses with_events()' list when present)."""
        events = self.__dict__.get(EVENTS_ATTR)
        if events is None:
            events = self.treaty_events.all()
        chosen = [event for event in events if event.convention_id == convention.pk]
        for event in chosen:
            if not TreatyEvent.convention.is_cached(event):
                event.convention = convention  # the same row: no query when the engine reads it
        return chosen


class StateName(models.Model):
    """A name a State used in the past, with the dates it was in use."""

    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="former_names", verbose_name=_("State"))
    valid_from = models.DateField(_("in use from"), null=True, blank=True)
    valid_to = models.DateField(_("in use until"), help_text=_("The last day the name was in use."))
    short_name_en = models.CharField(_("short name (English)"), max_length=120)
    short_name_ar = models.CharField(_("short name (Arabic)"), max_length=120, blank=True)
    short_name_fr = models.CharField(_("short name (French)"), max_length=120, blank=True)
    short_name_es = models.CharField(_("short name (Spanish)"), max_length=120, blank=True)
    formal_name_en = models.CharField(_("formal name (English)"), max_length=200, blank=True)
    formal_name_ar = models.CharField(_("formal name (Arabic)"), max_length=200, blank=True)
    formal_name_fr = models.CharField(_("formal name (French)"), max_length=200, blank=True)
    formal_name_es = models.CharField(_("formal name (Spanish)"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    short_name = TranslatedField("short_name")
    formal_name = TranslatedField("formal_name")

    history = HistoricalRecords()

    class Meta:
        ordering = ["state__iso3", "valid_to"]
        verbose_name = _("former name")
        verbose_name_plural = _("former names")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_from__isnull=True) | models.Q(valid_from__lte=models.F("valid_to")),
                name="secretariat_statename_period_ordered",
            ),
            models.UniqueConstraint(fields=["state", "valid_to"], name="secretariat_statename_unique_end"),
        ]

    def __str__(self) -> str:
        return f"{self.short_name} (→ {self.valid_to.isoformat()})"

    def covers(self, on_date: datetime.date) -> bool:
        return (self.valid_from is None or self.valid_from <= on_date) and on_date <= self.valid_to


class TreatyEvent(models.Model):
    """A State's act under a convention, as the depositary records it."""

    class Kind(models.TextChoices):
        SIGNATURE = "signature", _("Signature")
        RATIFICATION = "ratification", _("Ratification")
        ACCEPTANCE = "acceptance", _("Acceptance")
        APPROVAL = "approval", _("Approval")
        ACCESSION = "accession", _("Accession")
        SUCCESSION = "succession", _("Succession")
        WITHDRAWAL = "withdrawal", _("Notification of withdrawal")

    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="treaty_events", verbose_name=_("State"))
    convention = models.ForeignKey(
        "secretariat.Convention", on_delete=models.PROTECT, related_name="treaty_events", verbose_name=_("convention")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    date = models.DateField(_("date"), help_text=_("Date of signature, or of deposit of the instrument."))
    effective_date = models.DateField(
        _("effective date"),
        null=True,
        blank=True,
        help_text=_("Withdrawal only: the date it took effect, once it has (it may be deferred by an armed conflict)."),
    )
    effect_deferred = models.BooleanField(
        _("effect deferred"),
        default=False,
        help_text=_("Withdrawal only: the State is engaged in an armed conflict, so the withdrawal does not take effect yet."),
    )
    source = models.CharField(_("source"), max_length=300, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["state__short_name_en", "convention__code", "date"]
        verbose_name = _("treaty event")
        verbose_name_plural = _("treaty events")
        constraints = [
            models.UniqueConstraint(fields=["state", "convention", "kind"], name="secretariat_treatyevent_one_per_kind"),
            models.CheckConstraint(
                condition=models.Q(effective_date__isnull=True) | models.Q(kind="withdrawal"),
                name="secretariat_treatyevent_effective_only_withdrawal",
            ),
            models.CheckConstraint(
                condition=models.Q(effect_deferred=False) | models.Q(kind="withdrawal"),
                name="secretariat_treatyevent_deferred_only_withdrawal",
            ),
            models.CheckConstraint(
                condition=models.Q(effective_date__isnull=True) | models.Q(effective_date__gte=models.F("date")),
                name="secretariat_treatyevent_effective_after_notice",
            ),
        ]
        indexes = [models.Index(fields=["convention", "kind"], name="secretariat_event_conv_kind")]

    def __str__(self) -> str:
        return f"{self.state} · {self.convention} · {self.get_kind_display()} · {self.date.isoformat()}"


class Obligation(models.Model):
    """That a State holds a time-bound obligation under a convention (stockpiles to destroy, areas to clear).

    The deadline itself is computed by ``treaties.obligation_deadlines`` from entry into force and
    granted extensions; this record says only that the obligation exists, and when it was fulfilled.
    """

    class Kind(models.TextChoices):
        STOCKPILE_DESTRUCTION = "stockpile_destruction", _("Stockpile destruction")
        CLEARANCE = "clearance", _("Clearance of mined or contaminated areas")

    state = models.ForeignKey(State, on_delete=models.CASCADE, related_name="obligations", verbose_name=_("State"))
    convention = models.ForeignKey(
        "secretariat.Convention", on_delete=models.PROTECT, related_name="obligations", verbose_name=_("convention")
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    completed_on = models.DateField(_("completed on"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["state__short_name_en", "convention__code", "kind"]
        verbose_name = _("obligation")
        verbose_name_plural = _("obligations")
        constraints = [
            models.UniqueConstraint(fields=["state", "convention", "kind"], name="secretariat_obligation_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.state} · {self.convention} · {self.get_kind_display()}"
