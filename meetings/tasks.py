"""Background work of the meetings app (django-tasks: db_worker in development, RQ in production)."""

from __future__ import annotations

import io
import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks import task
from pypdf import PdfReader

from meetings.documents import meeting_document
from meetings.models import DocumentBuild, Meeting

logger = logging.getLogger(__name__)


def _progress(build: DocumentBuild, text: str, **fields) -> None:
    """Record where the build is. ``text`` is stored untranslated (a msgid): the admin shows it in the
    reader's language (templates/meetings/pdf/_admin_builds_panel.html), whoever asked for the build."""
    build.progress = text
    for name, value in fields.items():
        setattr(build, name, value)
    build.save(update_fields=["progress", *fields])


@task()
def build_meeting_document(build_id: int) -> str:
    """Render one DocumentBuild (from the cache when its content is unchanged) and record the result.

    Returns the build's final status. A failure is recorded on the build (with its error) and not
    re-raised: the admin shows it, and retrying is a new request.
    """
    with transaction.atomic():
        build = DocumentBuild.objects.select_for_update().get(pk=build_id)
        if build.status != DocumentBuild.Status.QUEUED:
            return build.status  # already taken by another worker
        _progress(
            build, gettext_noop("Gathering the records"), status=DocumentBuild.Status.RUNNING, started_at=timezone.now()
        )
    try:
        meeting = Meeting.objects.select_related("convention").get(pk=build.meeting_id)
        document = meeting_document(build.kind, meeting)
        result = document.build(
            language=build.language, before_render=lambda: _progress(build, gettext_noop("Rendering the PDF"))
        )
        pages = len(PdfReader(io.BytesIO(result.rendered.content)).pages)
    except Exception as error:  # recorded for the admin, whatever went wrong
        logger.exception("Build %s of %s failed", build.pk, build.kind)
        _progress(
            build,
            gettext_noop("Failed"),
            status=DocumentBuild.Status.FAILED,
            error=f"{type(error).__name__}: {error}"[:2000] or "Unknown error",
            finished_at=timezone.now(),
        )
        return build.status
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
    return build.status
