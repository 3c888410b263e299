"""Background work of the core app: building a generated document, and the worker's start.

``build_generated_document`` builds any ``GeneratedDocument`` named by its class's dotted path and
``identity()``: the download views queue it when an anonymous reader asks for a PDF whose current
content has not been built yet (``secretariat.downloads``), so no web thread renders for the public.
"""

from __future__ import annotations

import gc
import logging

from django.core.cache import cache
from django.utils.module_loading import import_string
from django_tasks import task
from django_tasks.backends.immediate import ImmediateBackend

from secretariat import pdf

logger = logging.getLogger(__name__)

# A build queued for one key is not queued again for this long (the queue may be busy); after it,
# a reader still waiting queues it again, which also recovers a build lost with its worker.
QUEUED_FOR_SECONDS = 120


@task()
def build_generated_document(document: str, identity: dict, language: str) -> str:
    """Build (or find in the cache) one document; returns its cache key."""
    from secretariat.documents import GeneratedDocument

    cls = import_string(document)
    if not (isinstance(cls, type) and issubclass(cls, GeneratedDocument)):
        raise ValueError(f"{document} is not a generated document.")
    return cls.from_identity(identity).cached_pdf(language=language).key


def queue_build(document, *, language: str, key: str) -> bool:
    """Queue a build of ``document`` (a GeneratedDocument whose current key is ``key``) unless one
    was queued for that key lately; returns whether it queued one."""
    if not cache.add(f"documents:queued:{key}", True, timeout=QUEUED_FOR_SECONDS):
        return False
    build_generated_document.enqueue(
        document=document.path(), identity=document.identity(), language=language
    )
    return True


_frozen = False


def freeze_process() -> None:
    """Load the fonts and the print stylesheet, collect, then ``gc.freeze()`` everything alive: a
    full collection during a render then scans only the render's own objects (with Django,
    WeasyPrint and the fonts in the heap one costs about 0.1 s and falls in a render at random).
    For the start of a process that renders (a worker, a benchmark); never during a render."""
    for path in pdf.DEFAULT_STYLESHEETS:
        pdf.stylesheet(path)
    gc.collect()
    gc.freeze()


def freeze_at_worker_start(sender, **kwargs) -> None:
    """Connected to django-tasks' ``task_started``: ``freeze_process()`` in a background worker,
    before its first task, once per process. Not for the immediate backend, which runs tasks in the
    caller's process (the web processes freeze in ``secretariat.wsgi``)."""
    global _frozen
    if _frozen or (isinstance(sender, type) and issubclass(sender, ImmediateBackend)):
        return
    _frozen = True
    freeze_process()
