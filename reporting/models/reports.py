"""Article 7 reports, the forms of each report (the working copy), attachments and frozen versions.

Storage of values (chosen for validation, versioning and diffing): each ReportForm holds its whole
content in one JSON document, ``data = {"fields": {key: value}, "tables": {key: [{column: value}, …]}}``,
with values already normalised by the services (int, "12.50" for decimals, ISO dates, bool, choice
value, text). One row per form means one compare-and-swap UPDATE per save (the ``revision`` lock), a
version is a plain copy of the documents, and a diff is a walk over two dictionaries.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class ReportQuerySet(models.QuerySet):
    def published_public(self) -> "ReportQuerySet":
        """Reports with a version the ISU published for everyone (what is read is that version)."""
        return self.filter(published_version__isnull=False, visibility=Report.Visibility.PUBLIC)


class Report(models.Model):
    class Kind(models.TextChoices):
        INITIAL = "initial", _("Initial report")
        ANNUAL = "annual", _("Annual report")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACKNOWLEDGED = "acknowledged", _("Acknowledged")
        PUBLISHED = "published", _("Published")

    class Visibility(models.TextChoices):
        PUBLIC = "public", _("Public")
        RESTRICTED = "restricted", _("Restricted")

    class ReceivedVia(models.TextChoices):
        PORTAL = "portal", _("Portal")
        EMAIL = "email", _("E-mail")

    state = models.ForeignKey(
        "secretariat.State",
        on_delete=models.PROTECT,
        related_name="article7_reports",
        verbose_name=_("State"),
    )
    convention = models.ForeignKey(
        "secretariat.Convention",
        on_delete=models.PROTECT,
        related_name="article7_reports",
        verbose_name=_("convention"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.ANNUAL)
    year = models.PositiveSmallIntegerField(
        _("year"),
        help_text=_(
            "Annual report: the calendar year covered. Initial report: the year of entry into force."
        ),
    )
    due_date = models.DateField(_("due date"))
    form_set = models.ForeignKey(
        "reporting.FormSet", on_delete=models.PROTECT, related_name="reports", verbose_name=_("form set")
    )
    status = models.CharField(_("status"), max_length=15, choices=Status.choices, default=Status.DRAFT)
    # The ISU decides publication and visibility (services.report_publish); the State only asks.
    visibility = models.CharField(
        _("visibility"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        help_text=_("Set by the ISU when it publishes the report."),
    )
    requested_visibility = models.CharField(
        _("publication requested by the State"),
        max_length=10,
        choices=Visibility.choices,
        default=Visibility.PUBLIC,
        help_text=_("The State's wish, stated on submission; the ISU decides."),
    )
    published_version = models.ForeignKey(
        "reporting.ReportVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published version"),
        help_text=_("The version the public and other States read, until the ISU publishes a correction."),
    )
    staff_note = models.TextField(
        _("ISU note"), blank=True, help_text=_("For the ISU only; never shown to the State or the public.")
    )
    received_via = models.CharField(
        _("received via"), max_length=10, choices=ReceivedVia.choices, default=ReceivedVia.PORTAL
    )
    correction_open = models.BooleanField(
        _("correction in progress"),
        default=False,
        help_text=_("A submitted report whose working copy is open for a correction."),
    )
    submitted_at = models.DateTimeField(_("first submitted at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["convention__code", "-year", "state__short_name_en"]
        verbose_name = _("Article 7 report")
        verbose_name_plural = _("Article 7 reports")
        constraints = [
            models.UniqueConstraint(
                fields=["state", "convention", "kind", "year"], name="reporting_report_unique"
            ),
            models.UniqueConstraint(
                fields=["state", "convention"],
                condition=models.Q(kind="initial"),
                name="reporting_report_one_initial",
            ),
            models.CheckConstraint(
                condition=models.Q(status="draft") | models.Q(submitted_at__isnull=False),
                name="reporting_report_submitted_has_date",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="draft") | models.Q(correction_open=False),
                name="reporting_report_draft_not_correction",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="published") | models.Q(published_version__isnull=False),
                name="reporting_report_published_has_version",
            ),
        ]
        indexes = [models.Index(fields=["convention", "year", "status"], name="reporting_report_conv_year")]

    def __str__(self) -> str:
        if self.kind == self.Kind.INITIAL:
            return f"{self.state} · {self.convention.code} · {self.get_kind_display()}"
        return f"{self.state} · {self.convention.code} · {self.year}"

    @property
    def is_editable(self) -> bool:
        """Whether the working copy may change: a draft, or a submitted report opened for correction."""
        return self.status == self.Status.DRAFT or self.correction_open


class ReportForm(models.Model):
    """One form of a report's working copy (what the delegate edits)."""

    class Choice(models.TextChoices):
        CHANGED = "changed", _("Changed (new information)")
        UNCHANGED = "unchanged", _("Unchanged since an earlier report")
        NOT_APPLICABLE = "not_applicable", _("Not applicable")

    report = models.ForeignKey(
        Report, on_delete=models.CASCADE, related_name="forms", verbose_name=_("report")
    )
    template = models.ForeignKey(
        "reporting.FormTemplate", on_delete=models.PROTECT, related_name="+", verbose_name=_("form")
    )
    choice = models.CharField(_("status of the form"), max_length=15, choices=Choice.choices, blank=True)
    unchanged_since_year = models.PositiveSmallIntegerField(
        _("unchanged since the report of"),
        null=True,
        blank=True,
        help_text=_("Set by the portal from the last submitted content."),
    )
    data = models.JSONField(_("content"), default=dict, blank=True)
    revision = models.PositiveIntegerField(
        _("revision"),
        default=0,
        help_text=_("Optimistic lock: raised by every save; a save over an older revision is refused."),
    )
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )

    class Meta:
        ordering = ["report", "template__order", "template__letter"]
        verbose_name = _("report form")
        verbose_name_plural = _("report forms")
        constraints = [
            models.UniqueConstraint(fields=["report", "template"], name="reporting_reportform_unique"),
            models.CheckConstraint(
                condition=models.Q(unchanged_since_year__isnull=True) | models.Q(choice="unchanged"),
                name="reporting_reportform_since_only_unchanged",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.template.letter}"

    # For the permission predicates: a form belongs to its report's State and convention.
    @property
    def state_id(self):
        return self.report.state_id

    @property
    def convention_id(self):
        return self.report.convention_id


def attachment_path(instance: "Attachment", filename: str) -> str:
    # Content-addressed: the name says nothing the uploader chose, and equal files share a name.
    extension = {"application/pdf": "pdf", "image/png": "png", "image/jpeg": "jpg"}[instance.content_type]
    return f"reporting/{instance.report_id}/{instance.sha256}.{extension}"


class Attachment(models.Model):
    """A PDF or image attached to a report (a law, a map) or the report itself as received by e-mail."""

    class Purpose(models.TextChoices):
        SUPPORTING = "supporting", _("Supporting document")
        RECEIVED_REPORT = "received_report", _("Report received by e-mail")

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("report")
    )
    form = models.ForeignKey(
        ReportForm,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="attachments",
        verbose_name=_("form"),
    )
    purpose = models.CharField(
        _("purpose"), max_length=20, choices=Purpose.choices, default=Purpose.SUPPORTING
    )
    file = models.FileField(_("file"), upload_to=attachment_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=200)
    content_type = models.CharField(_("content type"), max_length=50)
    size = models.PositiveIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    description = models.CharField(_("description"), max_length=300, blank=True)
    frozen = models.BooleanField(_("part of a submitted version"), default=False)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )

    class Meta:
        ordering = ["report", "uploaded_at", "id"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(content_type__in=["application/pdf", "image/png", "image/jpeg"]),
                name="reporting_attachment_allowed_type",
            ),
            models.CheckConstraint(
                condition=models.Q(sha256__regex=r"^[0-9a-f]{64}$"), name="reporting_attachment_sha256"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    @property
    def state_id(self):
        return self.report.state_id

    @property
    def convention_id(self):
        return self.report.convention_id


class ReportVersion(models.Model):
    """A submitted version: an immutable snapshot of every form and the attachments' hashes.

    Never updated: the services only ever insert, and a database trigger (migration
    0002_reportversion_immutable) refuses any UPDATE, so not even the admin, a shell or a bug can
    change what a State submitted. Deletion is prevented by PROTECT from the report and by the services.
    """

    report = models.ForeignKey(
        Report, on_delete=models.PROTECT, related_name="versions", verbose_name=_("report")
    )
    number = models.PositiveSmallIntegerField(_("version"))
    snapshot = models.JSONField(_("content"))
    comment = models.TextField(_("comment"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"))
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    received_via = models.CharField(_("received via"), max_length=10, choices=Report.ReceivedVia.choices)

    class Meta:
        ordering = ["report", "number"]
        verbose_name = _("report version")
        verbose_name_plural = _("report versions")
        constraints = [
            models.UniqueConstraint(fields=["report", "number"], name="reporting_version_unique_number"),
            models.CheckConstraint(
                condition=models.Q(number__gte=1), name="reporting_version_number_positive"
            ),
            models.CheckConstraint(
                condition=models.Q(number=1) | ~models.Q(comment=""),
                name="reporting_version_correction_has_comment",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.report} · v{self.number}"

    @property
    def state_id(self):
        return self.report.state_id

    @property
    def convention_id(self):
        return self.report.convention_id
