from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from secretariat.house_style import item_label
from secretariat.translation import TranslatedField

LANGUAGE_CHOICES = [("en", _("English")), ("ar", _("Arabic")), ("fr", _("French")), ("es", _("Spanish"))]


class MeetingQuerySet(models.QuerySet):
    def published(self) -> MeetingQuerySet:
        return self.filter(status=Meeting.Status.PUBLISHED)

    def visible_to(self, user) -> MeetingQuerySet:
        """Published meetings; every meeting of the user's ISU; the meetings of the user's mandates."""
        from secretariat.permissions import coordinated_meeting_ids, isu_convention_ids

        if user is not None and user.is_active and user.is_superuser:
            return self.all()
        visible = models.Q(status=Meeting.Status.PUBLISHED)
        conventions = isu_convention_ids(user)
        if conventions:
            visible |= models.Q(convention_id__in=conventions)
        coordinated = coordinated_meeting_ids(user)
        if coordinated:
            visible |= models.Q(pk__in=coordinated)
        return self.filter(visible)


class Meeting(models.Model):
    """A meeting under one convention: an MSP, a Review Conference, an intersessional or committee meeting."""

    class Kind(models.TextChoices):
        MSP = "msp", _("Meeting of the States Parties")
        REVIEW_CONFERENCE = "review_conference", _("Review Conference")
        INTERSESSIONAL = "intersessional", _("Intersessional meeting")
        COMMITTEE = "committee", _("Committee meeting")
        PLEDGING = "pledging", _("Pledging conference")

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed")
        REPORT_ADOPTED = "report_adopted", _("Report adopted")
        PUBLISHED = "published", _("Published")

    convention = models.ForeignKey(
        "secretariat.Convention",
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("convention"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.MSP)
    ordinal = models.PositiveSmallIntegerField(
        _("ordinal"), null=True, blank=True, help_text=_("2 for the Second Meeting of the States Parties.")
    )
    title_en = models.CharField(_("title (English)"), max_length=300)
    title_ar = models.CharField(_("title (Arabic)"), max_length=300, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=300, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=300, blank=True)
    city_en = models.CharField(_("city (English)"), max_length=100)
    city_ar = models.CharField(_("city (Arabic)"), max_length=100, blank=True)
    city_fr = models.CharField(_("city (French)"), max_length=100, blank=True)
    city_es = models.CharField(_("city (Spanish)"), max_length=100, blank=True)
    host_state = models.ForeignKey(
        "secretariat.State", on_delete=models.PROTECT, null=True, blank=True, related_name="hosted_meetings",
        verbose_name=_("host State"),
    )  # fmt: skip
    start_date = models.DateField(
        _("first day"),
        help_text=_("First day of the formal meeting: participation categories are computed on it."),
    )
    end_date = models.DateField(_("last day"))
    announced_start_date = models.DateField(
        _("announced first day"),
        null=True,
        blank=True,
        help_text=_("The week announced on the title page, if wider."),
    )
    announced_end_date = models.DateField(_("announced last day"), null=True, blank=True)
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.PLANNED)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    symbol_prefix = models.CharField(
        _("symbol prefix"),
        max_length=40,
        unique=True,
        help_text=_("Prefix of the meeting's documents: CCM/MSP/2011."),
    )
    final_report_symbol = models.CharField(_("final report symbol"), max_length=80, blank=True)

    title = TranslatedField("title")
    city = TranslatedField("city")

    objects = MeetingQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["-start_date"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__gte=models.F("start_date")),
                name="meetings_meeting_dates_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(announced_start_date__isnull=True)
                | models.Q(announced_end_date__isnull=True)
                | models.Q(announced_end_date__gte=models.F("announced_start_date")),
                name="meetings_meeting_announced_dates_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(status="published", published_at__isnull=False)
                | (~models.Q(status="published") & models.Q(published_at__isnull=True)),
                name="meetings_meeting_published_at_iff_published",
            ),
            models.UniqueConstraint(
                fields=["convention", "kind", "ordinal"],
                condition=models.Q(ordinal__isnull=False),
                name="meetings_meeting_unique_ordinal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.city}, {self.start_date.year})"

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED


class Session(models.Model):
    """A meeting's session (a plenary meeting), on one day, at set hours."""

    class Kind(models.TextChoices):
        PLENARY = "plenary", _("Plenary")
        OTHER = "other", _("Other")

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="sessions", verbose_name=_("meeting")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.PLENARY)
    date = models.DateField(_("date"))
    start_time = models.TimeField(_("starts at"), null=True, blank=True)
    end_time = models.TimeField(_("ends at"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "date", "start_time", "number"]
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "kind", "number"], name="meetings_session_unique_number"
            ),
            models.CheckConstraint(
                condition=models.Q(start_time__isnull=True)
                | models.Q(end_time__isnull=True)
                | models.Q(end_time__gt=models.F("start_time")),
                name="meetings_session_times_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.get_kind_display()} {self.number} ({self.date.isoformat()})"


class AgendaItem(models.Model):
    """An item of a meeting's agenda: a tree of up to three levels, numbered 10, 10(h), 10(h)(i)."""

    MAX_DEPTH = 3

    meeting = models.ForeignKey(
        Meeting, on_delete=models.CASCADE, related_name="agenda_items", verbose_name=_("meeting")
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent item"),
    )
    number = models.PositiveSmallIntegerField(
        _("number"), help_text=_("Position at its level: 10; 8 for (h); 1 for (i).")
    )
    title_en = models.CharField(_("title (English)"), max_length=500)
    title_ar = models.CharField(_("title (Arabic)"), max_length=500, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=500, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=500, blank=True)

    title = TranslatedField("title")

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "parent_id", "number"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "number"],
                condition=models.Q(parent__isnull=True),
                name="meetings_agendaitem_unique_top_number",
            ),
            models.UniqueConstraint(
                fields=["parent", "number"],
                condition=models.Q(parent__isnull=False),
                name="meetings_agendaitem_unique_sub_number",
            ),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="meetings_agendaitem_number_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label('en')} {self.title_en}"

    def ancestors(self) -> list[AgendaItem]:
        """From the top-level item down to this one (uses the parent cache the selectors fill)."""
        chain, item = [], self
        while item is not None:
            chain.append(item)
            item = item.parent if item.parent_id else None
        return chain[::-1]

    @property
    def depth(self) -> int:
        return len(self.ancestors())

    def label(self, language: str) -> str:
        """The full UN label: "10(h)(i)" in English, "10(ح)’1‘" in Arabic."""
        chain = self.ancestors()
        return str(chain[0].number) + "".join(
            item_label(i.number, language, level=d) for d, i in enumerate(chain[1:], 1)
        )
