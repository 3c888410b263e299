from __future__ import annotations

import datetime

from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from secretariat.translation import TranslatedField


class MandateQuerySet(models.QuerySet):
    def current_at(self, meeting, *, outer: bool = False) -> MandateQuerySet:
        """Mandates whose term covers the meeting's dates, or that are offices of the meeting itself.

        ``outer=True``: ``meeting`` is ignored and the query refers to an outer Meeting queryset
        (for Exists() subqueries).
        """
        if outer:
            pk, start, end, convention = (
                models.OuterRef("pk"), models.OuterRef("start_date"), models.OuterRef("end_date"), models.OuterRef("convention_id"),
            )  # fmt: skip
        else:
            pk, start, end, convention = (
                meeting.pk,
                meeting.start_date,
                meeting.end_date,
                meeting.convention_id,
            )
        # A term "from the end of the First Meeting" starts the day after that meeting's last day.
        starts = (
            models.Q(start_date__isnull=False, start_date__lte=end)
            | models.Q(
                start_date__isnull=True,
                starts_with_end_of__isnull=False,
                starts_with_end_of__end_date__lt=end,
            )
            | models.Q(start_date__isnull=True, starts_with_end_of__isnull=True)
        )
        ends = (
            models.Q(end_date__isnull=False, end_date__gte=start)
            | models.Q(
                end_date__isnull=True, ends_with_end_of__isnull=False, ends_with_end_of__end_date__gte=start
            )
            | models.Q(end_date__isnull=True, ends_with_end_of__isnull=True)
        )
        # A mandate without any term is an office of its meeting only, not of every meeting.
        has_term = (
            models.Q(start_date__isnull=False)
            | models.Q(starts_with_end_of__isnull=False)
            | models.Q(end_date__isnull=False)
            | models.Q(ends_with_end_of__isnull=False)
        )
        return self.filter(convention_id=convention).filter(
            models.Q(meeting_id=pk) | (has_term & starts & ends)
        )


class Mandate(models.Model):
    """An office held by a State and/or a person: a President, a coordinator, a friend of the President.

    The term is "from the end of one meeting until the end of another" (``starts_with_end_of``,
    ``ends_with_end_of``) or explicit dates; ``meeting`` marks the officers of one meeting.
    """

    class Role(models.TextChoices):
        PRESIDENT = "president", _("President")
        VICE_PRESIDENT = "vice_president", _("Vice-President")
        SECRETARY_GENERAL = "secretary_general", _("Secretary-General of the meeting")
        WORKING_GROUP_COORDINATOR = "working_group_coordinator", _("Coordinator of a working group")
        THEMATIC_COORDINATOR = "thematic_coordinator", _("Thematic coordinator")
        COMMITTEE_MEMBER = "committee_member", _("Committee member")
        FRIEND_OF_THE_PRESIDENT = "friend_of_the_president", _("Friend of the President")

    convention = models.ForeignKey(
        "secretariat.Convention",
        on_delete=models.PROTECT,
        related_name="mandates",
        verbose_name=_("convention"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    state = models.ForeignKey(
        "secretariat.State",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mandates",
        verbose_name=_("State"),
    )
    person = models.ForeignKey(
        "secretariat.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="mandates",
        verbose_name=_("person"),
    )
    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, null=True, blank=True, related_name="officers",
        verbose_name=_("officer of the meeting"), help_text=_("For the officers of one meeting (its President, Vice-Presidents ...)."),
    )  # fmt: skip
    starts_with_end_of = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("from the end of"),
    )  # fmt: skip
    ends_with_end_of = models.ForeignKey(
        "meetings.Meeting", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("until the end of"),
    )  # fmt: skip
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)
    subject_en = models.CharField(
        _("subject (English)"), max_length=300, blank=True, help_text=_("e.g. Universalization")
    )
    subject_ar = models.CharField(_("subject (Arabic)"), max_length=300, blank=True)
    subject_fr = models.CharField(_("subject (French)"), max_length=300, blank=True)
    subject_es = models.CharField(_("subject (Spanish)"), max_length=300, blank=True)
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Order among mandates of the same role.")
    )

    subject = TranslatedField("subject")

    objects = MandateQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["convention", "role", "order", "id"]
        verbose_name = _("mandate")
        verbose_name_plural = _("mandates")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__isnull=False) | models.Q(person__isnull=False),
                name="meetings_mandate_has_holder",
            ),
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True) | models.Q(starts_with_end_of__isnull=True),
                name="meetings_mandate_one_start",
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True) | models.Q(ends_with_end_of__isnull=True),
                name="meetings_mandate_one_end",
            ),
            models.CheckConstraint(
                condition=models.Q(start_date__isnull=True)
                | models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="meetings_mandate_dates_ordered",
            ),
        ]

    def __str__(self) -> str:
        holder = " / ".join(str(x) for x in (self.state, self.person) if x is not None)
        subject = f" ({self.subject})" if self.subject else ""
        return f"{self.get_role_display()}{subject}: {holder}"

    @property
    def term_start(self) -> datetime.date | None:
        if self.start_date:
            return self.start_date
        if self.starts_with_end_of_id:
            return self.starts_with_end_of.end_date + datetime.timedelta(days=1)
        return None

    @property
    def term_end(self) -> datetime.date | None:
        if self.end_date:
            return self.end_date
        if self.ends_with_end_of_id:
            return self.ends_with_end_of.end_date
        return None


class Participation(models.Model):
    """A State or an organisation taking part in a meeting.

    Its category (State Party, signatory, observer ...) is not stored: ``meetings.selectors`` computes
    it with ``treaties.meeting_category`` from treaty status on the meeting's first day.
    """

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="participations", verbose_name=_("meeting")
    )
    state = models.ForeignKey(
        "secretariat.State",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="participations",
        verbose_name=_("State"),
    )
    organisation = models.ForeignKey(
        "secretariat.Organisation", on_delete=models.PROTECT, null=True, blank=True, related_name="participations",
        verbose_name=_("organisation"),
    )  # fmt: skip
    head_of_delegation = models.ForeignKey(
        "secretariat.Person", on_delete=models.PROTECT, null=True, blank=True, related_name="+",
        verbose_name=_("head of delegation"),
    )  # fmt: skip
    delegates_count = models.PositiveSmallIntegerField(_("number of delegates"), null=True, blank=True)
    delegates = models.TextField(_("delegates"), blank=True, help_text=_("One name per line."))

    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "id"]
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state__isnull=False, organisation__isnull=True)
                | models.Q(state__isnull=True, organisation__isnull=False),
                name="meetings_participation_state_xor_organisation",
            ),
            models.UniqueConstraint(
                fields=["meeting", "state"],
                condition=models.Q(state__isnull=False),
                name="meetings_participation_unique_state",
            ),
            models.UniqueConstraint(
                fields=["meeting", "organisation"],
                condition=models.Q(organisation__isnull=False),
                name="meetings_participation_unique_organisation",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.state or self.organisation}"

    @property
    def participant(self):
        return self.state if self.state_id else self.organisation
