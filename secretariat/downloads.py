"""Serving a generated document's PDF (the status of a convention, a meeting's documents).

Who renders. A signed-in reader (ISU staff, a coordinator, a delegate) gets the PDF rendered in the
request on a miss, as the staff's "generate" action does. An anonymous reader never makes a web
thread render: the PDF of the current content if it has been built; otherwise a build is queued
(``secretariat.tasks.queue_build``) and the answer is 202 Accepted with ``Retry-After`` and a short
page in the reader's language that reloads itself (202, not 503: the site is not failing, the work
is accepted, and Django would log every 5xx as a server error). A member of the public downloads the document that
matches the records the site shows next to it, or is told to wait a few seconds: never an older
version without a word (a corrected report or a new ratification would silently be missing).

The ETag is the cache key, known after one query: a revalidation (304) reads no file.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpResponse
from django.shortcuts import render
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import content_disposition_header

from secretariat import pdf
from secretariat.documents import GeneratedDocument
from secretariat.tasks import queue_build

RETRY_AFTER_SECONDS = 10


def generated_pdf_response(
    request,
    document: GeneratedDocument,
    language: str,
    *,
    caching: Callable[[HttpResponse, str], HttpResponse],
    as_attachment: bool = True,
) -> HttpResponse:
    """The PDF (200), a 304 for a current ETag, or 202 while an anonymous reader's build is queued.
    ``caching(response, etag)`` sets the ETag and caching headers of the 200 and the 304."""
    key = document.cache_key(language)
    etag = f'"{key}"'
    not_modified = get_conditional_response(request, etag=etag)
    if not_modified is not None:
        return caching(not_modified, etag)
    if request.user.is_authenticated:
        cached = document.cached_pdf(language=language)
    else:
        cached = pdf.stored_pdf(key)
        if cached is None:
            queue_build(document, language=language, key=key)
            return _being_prepared(request)
    response = HttpResponse(cached.content, content_type=pdf.PDF_MIMETYPE)
    response["Content-Disposition"] = content_disposition_header(
        as_attachment, document.filename(language=language)
    )
    response["Content-Length"] = str(len(cached.content))
    return caching(response, f'"{cached.key}"')


def _being_prepared(request) -> HttpResponse:
    response = render(
        request,
        "secretariat/document_being_prepared.html",
        {"retry_after": RETRY_AFTER_SECONDS},
        status=202,
    )
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    patch_cache_control(response, no_store=True)
    return response
