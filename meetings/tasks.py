"""Background work of the meetings app (django-tasks: db_worker in development, RQ in production)."""

from __future__ import annotations

import io
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks import task
from pypdf import PdfReader

from meetings import services
from meetings.documents import meeting_document
from meetings.models import DocumentBuild, Meeting

logger = logging.getLogger(__name__)


class BuildTakenOver(Exception):
    """The build is no longer this worker's: it ran past DOCUMENT_BUILD_TIMEOUT and was recovered."""


def _progress(build: DocumentBuild, text: str, **fields) -> None:
    """Record where the build is. ``text`` is stored untranslated (a msgid): the admin shows it in the
    reader's language (templates/meetings/pdf/_admin_builds_panel.html), whoever asked for the build.

    Written only while the build is still running under this worker: a build recovered as timed out
    (meetings.services.document_builds_recover) is never overwritten by the worker it lost."""
    build.progress = text
    for name, value in fields.items():
        setattr(build, name, value)
    updated = DocumentBuild.objects.filter(
        pk=build.pk, status=DocumentBuild.Status.RUNNING, started_at=build.started_at
    ).update(progress=text, **fields)
    if not updated:
        raise BuildTakenOver(build.pk)


@task()
def build_meeting_document(build_id: int) -> str:
    """Render one DocumentBuild (from the cache when its content is unchanged) and record the result.

    Returns the build's final status. A failure is recorded on the build (with its error) and not
    re-raised: the admin shows it, and retrying is a new request.
    """
    # A worker that starts a build first recovers the builds whose worker died (a restarted worker
    # would otherwise never look at them).
    services.document_builds_recover(actor=None)
    with transaction.atomic():
        build = DocumentBuild.objects.select_for_update().get(pk=build_id)
        if build.status != DocumentBuild.Status.QUEUED:
            return build.status  # already taken by another worker
        build.status, build.started_at = DocumentBuild.Status.RUNNING, timezone.now()
        build.progress = gettext_noop("Gathering the records")
        build.save(update_fields=["status", "started_at", "progress"])
    try:
        meeting = Meeting.objects.select_related("convention").get(pk=build.meeting_id)
        document = meeting_document(build.kind, meeting)
        result = document.build(
            language=build.language, before_render=lambda: _progress(build, gettext_noop("Rendering the PDF"))
        )
        pages = len(PdfReader(io.BytesIO(result.rendered.content)).pages)
        _progress(
            build,
            gettext_noop("Served from cache (unchanged)") if result.from_cache else gettext_noop("Rendered"),
            status=DocumentBuild.Status.DONE,
            content_hash=result.content_hash,
            file=result.storage_name,
            filename=result.rendered.filename,
            size=len(result.rendered.content),
            pages=pages,
            from_cache=result.from_cache,
            finished_at=timezone.now(),
        )
    except BuildTakenOver:
        logger.warning(
            "Build %s outlived DOCUMENT_BUILD_TIMEOUT and was recovered; its result is dropped", build.pk
        )
        return DocumentBuild.objects.get(pk=build.pk).status
    except Exception as error:  # recorded for the admin, whatever went wrong
        logger.exception("Build %s of %s failed", build.pk, build.kind)
        try:
            _progress(
                build,
                gettext_noop("Failed"),
                status=DocumentBuild.Status.FAILED,
                error=f"{type(error).__name__}: {error}"[:2000] or "Unknown error",
                finished_at=timezone.now(),
            )
        except BuildTakenOver:
            pass
        return DocumentBuild.objects.get(pk=build.pk).status
    return build.status
