"""The one PDF renderer: WeasyPrint with vendored fonts, a locked-down url_fetcher and a content cache.

Every generated document (``<app>/documents.py``) ends here::

    pdf = render_pdf(html, language="ar")
    cached = cached_pdf(cache_key(key_parts), build=lambda: render_pdf(...))

(``secretariat.documents.GeneratedDocument`` makes the key parts: see its module's docstring.)

Resources. WeasyPrint is never given a base URL on the live site and never fetches over the network
or from the file system at large: ``PortalUrlFetcher`` serves only files under ``secretariat/static/``,
addressed as ``portalstatic:/secretariat/fonts/Amiri-Regular.ttf`` (see ``static_url``), and ``data:``
URIs; everything else (http, https, file, ``..`` traversal) raises. Presentational hints stay off, so
user text can only reach the PDF through autoescaped templates and the stylesheets we pass.

Fonts. One module-level ``FontConfiguration`` serves every ``CSS()`` and every render: WeasyPrint
silently skips embedding when the two differ (see PITFALLS.md). Pango's font map is not thread-safe,
so renders in one process are serialised by a lock; parallelism comes from more worker processes.

Timeout (``settings.PDF_RENDER_TIMEOUT`` seconds). Python cannot stop a thread that is busy in
WeasyPrint's layout, so the limit is enforced in two ways:
- a hard limit with ``SIGALRM`` when the render runs in the main thread of its process (the
  ``db_worker`` / RQ background workers that build documents, and ``manage.py render_document``);
- otherwise (a render in a request thread) a soft limit: the deadline is checked each time WeasyPrint
  fetches a resource and between layout and PDF writing, and ``PdfRenderTimeout`` is raised there.
Long documents are built by the background worker (ARCHITECTURE.md), whose processes are recycled.

Garbage collection. ``gc.freeze()`` runs once at process start (``secretariat.wsgi`` after Django's
setup, ``secretariat.tasks.freeze_at_worker_start`` in a background worker), never here: a render
allocates only its own objects, and a full collection then scans only them.
"""

from __future__ import annotations

import contextlib
import datetime
import decimal
import functools
import hashlib
import json
import logging
import mimetypes
import os
import signal
import tempfile
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from urllib.parse import unquote, urlsplit

import weasyprint
from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import FileSystemStorage, default_storage
from weasyprint.text.fonts import FontConfiguration

logger = logging.getLogger(__name__)

# Letters only: the manifest storage of collectstatic (Django's and whitenoise's) leaves a url() alone
# only when it matches ``^[a-z]+:``, and would otherwise try to hash "portal-static:/..." as a relative
# file of pdf.css and stop collectstatic (a hyphen, digit or capital letter here breaks production).
STATIC_SCHEME = "portalstatic"
PDF_MIMETYPE = "application/pdf"
CACHE_PREFIX = "documents/cache"

# The fonts are registered once per process from the @font-face rules of pdf.css.
FONT_CONFIG = FontConfiguration()
_render_lock = threading.Lock()


class PdfError(Exception):
    """A document could not be rendered."""


class PdfRenderTimeout(PdfError):
    """The render took longer than settings.PDF_RENDER_TIMEOUT."""


class _Alarm(BaseException):
    """Raised by SIGALRM. A BaseException, so WeasyPrint's ``except Exception`` blocks cannot swallow it."""


class ResourceRefused(ValueError):
    """The url_fetcher refused a URL (not a static file of the portal, nor a data: URI)."""


@dataclass(frozen=True)
class Rendered:
    filename: str
    mimetype: str
    content: bytes


def static_root() -> Path:
    return (Path(apps.get_app_config("secretariat").path) / "static").resolve()


def static_url(path: str) -> str:
    """The URL by which a PDF stylesheet or template refers to ``secretariat/static/<path>``."""
    return f"{STATIC_SCHEME}:/{path.lstrip('/')}"


def static_path(url: str) -> Path:
    """The file a ``portalstatic:`` URL names, or ResourceRefused if it is not a file under static/."""
    parts = urlsplit(url)
    if parts.scheme != STATIC_SCHEME or parts.netloc or parts.query:
        raise ResourceRefused(f"Not a portal static URL: {url}")
    relative = PurePosixPath(unquote(parts.path).lstrip("/"))
    # Refuse traversal outright rather than rely on resolve(): a ".." never names a static file.
    if not relative.parts or any(part in ("..", ".", "") for part in relative.parts) or "\\" in str(relative):
        raise ResourceRefused(f"Refused path in static URL: {url}")
    root = static_root()
    path = (root / relative).resolve()
    if not path.is_relative_to(root) or not path.is_file():
        raise ResourceRefused(f"No such static file: {url}")
    return path


class PortalUrlFetcher(weasyprint.URLFetcher):
    """Serves ``portalstatic:`` files and ``data:`` URIs; raises for anything else.

    ``fail_on_errors`` makes a refused URL stop the render instead of being skipped with a warning,
    so a template that points at the network fails in the tests rather than in production.
    """

    def __init__(self, deadline: float | None = None, **kwargs):
        kwargs.setdefault("allowed_protocols", {STATIC_SCHEME, "data"})
        super().__init__(**kwargs)
        self.deadline = deadline

    def fetch(self, url, headers=None):
        _check_deadline(self.deadline)
        scheme = url.split(":", 1)[0].lower() if ":" in url else ""
        if scheme == "data":
            return super().fetch(url, headers)
        if scheme != STATIC_SCHEME:
            raise ResourceRefused(
                f"The PDF renderer fetches only portal static files and data: URIs, not {url!r}"
            )
        path = static_path(url)
        mimetype, _ = mimetypes.guess_type(path.name)
        if path.suffix == ".ttf":
            mimetype = "font/ttf"
        return weasyprint.urls.URLFetcherResponse(
            url, path.read_bytes(), headers={"Content-Type": mimetype or "application/octet-stream"}
        )


def _check_deadline(deadline: float | None) -> None:
    if deadline is not None and time.monotonic() > deadline:
        raise PdfRenderTimeout(f"PDF render exceeded {settings.PDF_RENDER_TIMEOUT} s")


@contextlib.contextmanager
def _hard_timeout(seconds: float):
    """SIGALRM after ``seconds``, only where that is safe: the main thread, no other timer running."""
    usable = (
        seconds > 0
        and hasattr(signal, "setitimer")
        and threading.current_thread() is threading.main_thread()
        and signal.getitimer(signal.ITIMER_REAL) == (0.0, 0.0)
    )
    if not usable:
        yield
        return

    def on_alarm(signum, frame):
        raise _Alarm

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


DEFAULT_STYLESHEETS = ("secretariat/css/pdf.css",)


@functools.lru_cache(maxsize=16)
def _stylesheet(path: str, mtime_ns: int) -> weasyprint.CSS:
    # Parsed once per process (and again if the file changes); @font-face rules register the
    # vendored fonts into FONT_CONFIG here.
    url = static_url(path)
    return weasyprint.CSS(
        string=static_path(url).read_text(encoding="utf-8"),
        base_url=url,
        url_fetcher=PortalUrlFetcher(fail_on_errors=True),
        font_config=FONT_CONFIG,
    )


def stylesheet(path: str) -> weasyprint.CSS:
    file = static_path(static_url(path))
    return _stylesheet(path, file.stat().st_mtime_ns)


def render_pdf(html: str, *, language: str, stylesheets: Iterable[str] = DEFAULT_STYLESHEETS) -> bytes:
    """Render a complete HTML document (``<html lang dir>`` set by the template) to PDF bytes.

    ``language`` is recorded in the log and, when the template has not set one, as the document's
    language; ``stylesheets`` are paths under ``secretariat/static/``.
    """
    timeout = settings.PDF_RENDER_TIMEOUT
    with _render_lock:
        # Outside the alarm: the first call registers the fonts, which must never be interrupted
        # half-way (WeasyPrint would then skip the font for the life of the process).
        sheets = [stylesheet(path) for path in stylesheets]
        started = time.monotonic()
        deadline = started + timeout if timeout else None
        try:
            with _hard_timeout(timeout):
                document = weasyprint.HTML(
                    string=html,
                    base_url=None,  # never the live site: every resource comes through the fetcher
                    url_fetcher=PortalUrlFetcher(deadline=deadline, fail_on_errors=True),
                ).render(font_config=FONT_CONFIG, stylesheets=sheets, presentational_hints=False)
                _check_deadline(deadline)
                if not document.metadata.lang:
                    document.metadata.lang = language
                content = document.write_pdf()
        except _Alarm:
            raise PdfRenderTimeout(f"PDF render exceeded {timeout} s") from None
        except weasyprint.urls.FatalURLFetchingError as error:
            if isinstance(error.__cause__, PdfError):
                raise error.__cause__ from None
            raise PdfError(f"{error}: {error.__cause__}") from error
    logger.info(
        "Rendered a %s PDF: %d pages, %d bytes, %.2f s",
        language,
        len(document.pages),
        len(content),
        time.monotonic() - started,
    )
    return content


def _json_default(value):
    if isinstance(value, datetime.date | datetime.datetime):
        return value.isoformat()
    if isinstance(value, decimal.Decimal | uuid.UUID):
        return str(value)
    if isinstance(value, set | frozenset):
        return sorted(value)
    raise TypeError(f"Cannot put {type(value).__name__} in a PDF cache key")


def cache_key(key_parts: Mapping) -> str:
    """sha256 of the canonical JSON of everything the PDF depends on (``GeneratedDocument.key_parts``:
    the document, the language, the revisions it reads and the presentation version)."""
    canonical = json.dumps(
        key_parts, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_json_default
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def cache_path(key: str) -> str:
    return f"{CACHE_PREFIX}/{key}.pdf"


@dataclass(frozen=True)
class CachedPdf:
    """What ``cached_pdf`` returns: the bytes, their cache key and storage name, and whether they were stored."""

    content: bytes
    key: str
    storage_name: str
    from_cache: bool


def cached_pdf(key: str, build: Callable[[], bytes]) -> CachedPdf:
    """The PDF stored under ``key`` (a ``cache_key``), or ``build()`` it once and store it.

    ``build`` is called only on a miss, so a hit renders no template and runs no WeasyPrint. Files
    are immutable: two workers racing on the same key write equally current content (the records
    are read after the revisions of the key), and the loser's copy is removed.
    """
    name = cache_path(key)
    stored = stored_pdf(key)
    if stored is not None:
        return stored
    content = build()
    store_atomically(name, content)
    return CachedPdf(content, key, name, from_cache=False)


def store_atomically(name: str, content: bytes) -> None:
    """Store ``content`` under ``name`` so that no reader ever sees a part of it under that name.

    On the file system the bytes go to a temporary file beside the final one, are flushed to disk,
    then renamed over it (``os.replace`` is atomic within a directory): a worker killed, or a disk
    full, half-way leaves at most a ``.part`` file, never a half PDF that the cache would serve as
    its own. On S3 (django-storages) an upload is atomic already: the object appears only once its
    last byte (or the last part of a multipart upload) is received, so ``save`` is used as it is.
    Racing writers of one key write the same bytes: the last rename wins, harmlessly."""
    storage = default_storage
    if not isinstance(storage, FileSystemStorage):
        saved = storage.save(name, ContentFile(content))
        if saved != name:  # another process stored the same render meanwhile
            storage.delete(saved)
        return
    path = Path(storage.path(name))
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.stem}.", suffix=".part")
    try:
        with os.fdopen(descriptor, "wb") as file:
            file.write(content)
            file.flush()
            os.fsync(file.fileno())
        if storage.file_permissions_mode is not None:
            os.chmod(temporary, storage.file_permissions_mode)
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _is_complete_pdf(content: bytes) -> bool:
    # A PDF ends with %%EOF (and perhaps a line end); one that does not was cut off.
    return content.startswith(b"%PDF-") and b"%%EOF" in content[-1024:]


def stored_pdf(key: str) -> CachedPdf | None:
    """The PDF stored under a cache key, or None (also for a truncated file, left by a write before
    ``store_atomically``: it is removed and the document rendered again)."""
    name = cache_path(key)
    if not default_storage.exists(name):
        return None
    with default_storage.open(name, "rb") as file:
        content = file.read()
    if not _is_complete_pdf(content):
        logger.warning("Removed a truncated PDF from the render cache: %s", name)
        default_storage.delete(name)
        return None
    return CachedPdf(content, key, name, from_cache=True)


def clear_cache() -> None:
    """Remove every cached PDF (tests and benchmarks; a deployment never needs it: keys hold the revisions)."""
    if default_storage.exists(CACHE_PREFIX):
        for name in default_storage.listdir(CACHE_PREFIX)[1]:
            default_storage.delete(f"{CACHE_PREFIX}/{name}")
