"""Checking uploaded attachments by their content (magic bytes), not by their name or declared type."""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from reporting.validation import CONTROL_CHARACTERS

ALLOWED = {"application/pdf": "PDF", "image/png": "PNG", "image/jpeg": "JPEG"}
EXTENSIONS = {".pdf": "application/pdf", ".png": "image/png", ".jpg": "image/jpeg", ".jpeg": "image/jpeg"}
DEFAULT_MAX_BYTES = 20 * 1024 * 1024


def max_bytes() -> int:
    return getattr(settings, "REPORTING_ATTACHMENT_MAX_BYTES", DEFAULT_MAX_BYTES)


def sniff(head: bytes) -> str | None:
    """The content type the first bytes of a file show, among those allowed; None otherwise."""
    if head.startswith(b"%PDF-"):
        return "application/pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if head.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    return None


@dataclass(frozen=True)
class CheckedFile:
    content: bytes
    content_type: str
    sha256: str
    name: str


def check_upload(upload, *, field: str = "file") -> CheckedFile:
    """Read and check an uploaded file; a ValidationError on ``field`` says what is wrong with it."""
    name = (getattr(upload, "name", "") or "file").rsplit("/", 1)[-1][:200]
    if CONTROL_CHARACTERS.search(name):
        raise ValidationError(
            {
                field: _(
                    "The file name contains a control character (such as NUL): rename the file and upload it again."
                )
            }
        )
    limit = max_bytes()
    size = getattr(upload, "size", None)
    if size is not None and size > limit:
        raise ValidationError({field: _("“%(name)s” is %(size)s; the limit is %(limit)s.") % {
            "name": name, "size": filesizeformat(size), "limit": filesizeformat(limit)}})  # fmt: skip
    upload.seek(0)
    content = upload.read(limit + 1)
    if len(content) > limit:
        raise ValidationError({field: _("“%(name)s” is larger than the limit of %(limit)s.") % {
            "name": name, "limit": filesizeformat(limit)}})  # fmt: skip
    if not content:
        raise ValidationError({field: _("“%(name)s” is empty.") % {"name": name}})
    content_type = sniff(content[:16])
    if content_type is None:
        raise ValidationError(
            {
                field: _("“%(name)s” is not a PDF, PNG or JPEG file. Only these can be attached.")
                % {"name": name}
            }
        )
    extension = "." + name.rsplit(".", 1)[-1].lower() if "." in name else ""
    claimed = EXTENSIONS.get(extension) or getattr(upload, "content_type", None)
    if claimed and claimed in ALLOWED and claimed != content_type:
        raise ValidationError({field: _("“%(name)s” claims to be %(claimed)s but its content is %(actual)s.") % {
            "name": name, "claimed": ALLOWED[claimed], "actual": ALLOWED[content_type]}})  # fmt: skip
    if extension and extension not in EXTENSIONS:
        raise ValidationError(
            {field: _("“%(name)s”: the name must end in .pdf, .png, .jpg or .jpeg.") % {"name": name}}
        )
    if content_type == "application/pdf":
        if b"%%EOF" not in content[-2048:]:
            raise ValidationError({field: _("“%(name)s” is not a complete PDF file.") % {"name": name}})
    else:
        _verify_image(content, name, field)
    return CheckedFile(content, content_type, hashlib.sha256(content).hexdigest(), name)


def _verify_image(content: bytes, name: str, field: str) -> None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(content)) as image:
            image.verify()
    except Exception:  # Pillow raises many kinds for a broken file
        raise ValidationError({field: _("“%(name)s” is not a valid image.") % {"name": name}}) from None
