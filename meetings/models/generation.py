"""Builds of generated meeting documents (final report, agenda, participants, documents list).

A build is requested by ISU staff (``meetings.services.meeting_document_request``) and run by the
background worker (``meetings.tasks.build_meeting_document``). The PDF itself lives in the render
cache of ``secretariat.pdf`` under ``content_hash``: an unchanged document is never rendered twice,
and the build row only records who asked, what happened and where the file is.

A worker that dies (killed, out of memory, machine restarted) leaves its build "running", and no
worker ever takes it again. A build running longer than ``settings.DOCUMENT_BUILD_TIMEOUT`` seconds
(longer than a render may take: ``PDF_RENDER_TIMEOUT`` stops a render in a worker) has therefore
lost its worker: ``meetings.services.document_builds_recover`` marks it failed ("timed out") and
queues it again once (``retry_of``); a retry that times out too stays failed, so a document that
kills its worker cannot loop. The recovery runs when a worker starts any build, when staff ask for
a build, and when the meeting's admin page shows its builds.
"""

from __future__ import annotations

import datetime

import rules
from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from meetings.models.meetings import LANGUAGE_CHOICES
from secretariat.permissions import is_isu_staff_of_meeting


class DocumentBuild(models.Model):
    class Kind(models.TextChoices):
        FINAL_REPORT = "final_report", _("Final report")
        AGENDA = "agenda", _("Provisional agenda")
        PARTICIPANTS = "participants", _("List of participants")
        DOCUMENTS_LIST = "documents_list", _("List of documents")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    meeting = models.ForeignKey(
        "meetings.Meeting",
        on_delete=models.CASCADE,
        related_name="document_builds",
        verbose_name=_("meeting"),
    )
    kind = models.CharField(_("document"), max_length=20, choices=Kind.choices)
    language = models.CharField(_("language"), max_length=2, choices=LANGUAGE_CHOICES)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.CharField(_("progress"), max_length=200, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("requested by"),
    )  # fmt: skip
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    error = models.TextField(_("error"), blank=True)
    content_hash = models.CharField(_("content hash"), max_length=64, blank=True)
    file = models.CharField(_("file in storage"), max_length=300, blank=True)
    filename = models.CharField(_("file name"), max_length=200, blank=True)
    size = models.PositiveIntegerField(_("size (bytes)"), null=True, blank=True)
    pages = models.PositiveSmallIntegerField(_("pages"), null=True, blank=True)
    from_cache = models.BooleanField(_("served from cache"), default=False)
    retry_of = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("retry of"), help_text=_("The build that timed out and that this one repeats."),
    )  # fmt: skip

    class Meta:
        ordering = ["-requested_at", "-id"]
        verbose_name = _("document build")
        verbose_name_plural = _("document builds")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | ~models.Q(file=""),
                name="meetings_documentbuild_done_has_file",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="failed") | ~models.Q(error=""),
                name="meetings_documentbuild_failed_has_error",
            ),
        ]
        indexes = [
            models.Index(
                fields=["meeting", "kind", "language", "-requested_at"], name="meetings_build_latest"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting} · {self.get_kind_display()} [{self.language}] · {self.get_status_display()}"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @staticmethod
    def stale_since():
        """Builds started before this moment and still running have lost their worker."""
        return timezone.now() - datetime.timedelta(seconds=settings.DOCUMENT_BUILD_TIMEOUT)


# Generating and reading builds: the ISU of the meeting's convention (the admin's panel).
rules.add_perm("meetings.generate_document", is_isu_staff_of_meeting)
rules.add_perm("meetings.view_documentbuild", is_isu_staff_of_meeting)
