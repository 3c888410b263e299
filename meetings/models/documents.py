from __future__ import annotations

from django.db import models
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from meetings.models.meetings import LANGUAGE_CHOICES
from secretariat.house_style import symbol_sort_key
from secretariat.translation import TranslatedField


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user) -> DocumentQuerySet:
        """General documents of visible meetings; limited and restricted ones to the ISU and the coordinators."""
        from meetings.models.meetings import Meeting
        from secretariat.permissions import coordinated_meeting_ids, isu_convention_ids

        if user is not None and user.is_active and user.is_superuser:
            return self.all()
        visible = models.Q(
            meeting__status=Meeting.Status.PUBLISHED, distribution=Document.Distribution.GENERAL
        )
        conventions = isu_convention_ids(user)
        if conventions:
            visible |= models.Q(meeting__convention_id__in=conventions)
        coordinated = coordinated_meeting_ids(user)
        if coordinated:
            visible |= models.Q(meeting_id__in=coordinated)
        return self.filter(visible)


class Document(models.Model):
    """A meeting document under its UN symbol. Series and lineage are parsed from the symbol."""

    class Series(models.TextChoices):
        MAIN = "main", _("Main series")
        WP = "wp", _("Working paper (WP.)")
        CRP = "crp", _("Conference room paper (CRP.)")
        INF = "inf", _("Information document (INF.)")
        MISC = "misc", _("Miscellaneous (MISC.)")

    class Relation(models.TextChoices):
        NONE = "", _("Original")
        REV = "rev", _("Revision")
        ADD = "add", _("Addendum")
        CORR = "corr", _("Corrigendum")

    class Distribution(models.TextChoices):
        GENERAL = "general", _("General")
        LIMITED = "limited", _("Limited")
        RESTRICTED = "restricted", _("Restricted")

    meeting = models.ForeignKey(
        "meetings.Meeting", on_delete=models.CASCADE, related_name="documents", verbose_name=_("meeting")
    )
    symbol = models.CharField(_("symbol"), max_length=80, unique=True)
    series = models.CharField(_("series"), max_length=10, choices=Series.choices, editable=False)
    parent = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="derived", verbose_name=_("parent document"),
        editable=False,
    )  # fmt: skip
    relation = models.CharField(
        _("relation to the parent"), max_length=4, choices=Relation.choices, blank=True, editable=False
    )
    relation_number = models.PositiveSmallIntegerField(
        _("number of the relation"), null=True, blank=True, editable=False
    )
    title_en = models.CharField(_("title (English)"), max_length=500)
    title_ar = models.CharField(_("title (Arabic)"), max_length=500, blank=True)
    title_fr = models.CharField(_("title (French)"), max_length=500, blank=True)
    title_es = models.CharField(_("title (Spanish)"), max_length=500, blank=True)
    issue_date = models.DateField(_("issue date"), null=True, blank=True)
    agenda_item = models.ForeignKey(
        "meetings.AgendaItem", on_delete=models.SET_NULL, null=True, blank=True, related_name="documents",
        verbose_name=_("agenda item"),
    )  # fmt: skip
    distribution = models.CharField(
        _("distribution"), max_length=10, choices=Distribution.choices, default=Distribution.GENERAL
    )
    original_language = models.CharField(
        _("original language"), max_length=2, choices=LANGUAGE_CHOICES, default="en"
    )

    title = TranslatedField("title")

    objects = DocumentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["meeting", "symbol"]  # lists sort in Python by house_style.symbol_sort_key
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(relation="")
                    & models.Q(parent__isnull=True)
                    & models.Q(relation_number__isnull=True)
                )
                | (
                    ~models.Q(relation="")
                    & models.Q(parent__isnull=False)
                    & models.Q(relation_number__isnull=False)
                ),
                name="meetings_document_lineage_complete",
            ),
        ]
        indexes = [models.Index(fields=["meeting", "series"], name="meetings_document_series")]

    def __str__(self) -> str:
        return self.symbol

    @property
    def sort_key(self):
        return symbol_sort_key(self.symbol)


def document_file_path(instance: DocumentFile, filename: str) -> str:
    # Named by symbol and language, never by the uploaded name (which the user chose).
    symbol = slugify(instance.document.symbol.replace("/", "-").replace(".", "-"))
    return f"meetings/documents/{symbol}.{instance.language}.{instance.file_format}"


class DocumentFile(models.Model):
    """The file of a document in one language and format (PDF or Word)."""

    class Format(models.TextChoices):
        PDF = "pdf", "PDF"
        DOCX = "docx", _("Word (docx)")

    MIMETYPES = {
        "pdf": "application/pdf",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    }

    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="files", verbose_name=_("document")
    )
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    file_format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    file = models.FileField(_("file"), upload_to=document_file_path, max_length=300)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["document", "language", "file_format"]
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language", "file_format"],
                name="meetings_documentfile_unique_language_format",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document.symbol} [{self.language}, {self.file_format}]"

    @property
    def mimetype(self) -> str:
        return self.MIMETYPES[self.file_format]

    @property
    def download_name(self) -> str:
        return f"{self.document.symbol.replace('/', '_')}_{self.language}.{self.file_format}"
