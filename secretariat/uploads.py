"""Checks of uploaded files by their content, before any parser reads them.

A small archive can unpack to gigabytes, and a spreadsheet's declared dimensions say nothing about
its real size, so the checks read the archive's directory (member count, unpacked sizes, compression
ratio) and then count what is really there (cells), stopping as soon as a cap is passed. Each check
raises ``django.core.exceptions.ValidationError`` with a message a person can act on.

- ``check_xlsx_archive``: an xlsx workbook for an import (admin imports, report workbooks).
- ``check_docx_archive``: a Word file attached to a meeting document.
- ``check_pdf``: a PDF attached to a meeting document (no HTML/PDF polyglot).
- ``size_excess_message``: "the file is X; the largest accepted is Y", with figures that differ.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _

#: More members than any workbook or Word file of the secretariat has (a workbook has ~10-30).
MAX_MEMBERS = 2000
#: Largest accepted compression ratio of one member (unpacked / packed), as Apache POI's
#: ZipSecureFile (minimum inflate ratio 0.01). Small members are exempt: a short, repetitive XML
#: file compresses far better than that and is harmless.
MAX_RATIO = 100
RATIO_EXEMPT_BYTES = 100 * 1024
_CHUNK = 1024 * 1024

# A cell (<c ...>, <c/>) or a row (<row ...>) of a worksheet, with or without a namespace prefix (<x:c ...>).
# An empty row costs a reader as much as a cell, so both count against the cap.
_CELL = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:c|row)[\s/>]")
_WORKSHEET = re.compile(r"xl/(?:worksheets|chartsheets|dialogsheets|macrosheets)/[^/]+\.xml")


@dataclass(frozen=True)
class ArchiveSummary:
    members: int
    unpacked_bytes: int  # as the zip's directory declares them (streaming enforces them)
    cells: int  # cells and rows counted in the worksheet parts


def _open_zip(file, invalid_message: str) -> zipfile.ZipFile:
    source = io.BytesIO(file) if isinstance(file, bytes | bytearray) else file
    if hasattr(source, "seek"):
        source.seek(0)
    try:
        return zipfile.ZipFile(source)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, EOFError, ValueError):
        raise ValidationError(invalid_message, code="invalid") from None


def _check_directory(
    archive: zipfile.ZipFile,
    *,
    max_unpacked_bytes: int,
    required: Iterable[str],
    invalid_message: str,
    max_members: int = MAX_MEMBERS,
    max_ratio: int = MAX_RATIO,
) -> list[zipfile.ZipInfo]:
    members = archive.infolist()
    if len(members) > max_members:
        raise ValidationError(
            _("The archive has %(count)s parts; no valid file has more than %(max)s.")
            % {"count": len(members), "max": max_members},
            code="too_many_members",
        )
    names = {member.filename for member in members}
    if not set(required) <= names:
        raise ValidationError(invalid_message, code="invalid")
    unpacked = sum(member.file_size for member in members)
    if unpacked > max_unpacked_bytes:
        raise ValidationError(
            _("The file unpacks to %(size)s; the largest accepted is %(max)s.")
            % {"size": filesizeformat(unpacked), "max": filesizeformat(max_unpacked_bytes)},
            code="too_large_unpacked",
        )
    for member in members:
        if member.file_size > RATIO_EXEMPT_BYTES and member.file_size > max_ratio * max(
            member.compress_size, 1
        ):
            raise ValidationError(
                _("The part %(name)s of the file is compressed %(ratio)s times; no valid file is compressed more than %(max)s times.")
                % {"name": member.filename, "ratio": member.file_size // max(member.compress_size, 1), "max": max_ratio},
                code="compression_ratio",
            )  # fmt: skip
    return members


def _stream(archive: zipfile.ZipFile, member: zipfile.ZipInfo, invalid_message: str):
    """The member's bytes in chunks. zipfile never returns more than the declared size and checks the
    CRC at the end, so a member that lies about its size is refused rather than inflated."""
    try:
        with archive.open(member) as stream:
            while chunk := stream.read(_CHUNK):
                yield chunk
    except (zipfile.BadZipFile, NotImplementedError, OSError, EOFError, ValueError, RuntimeError):
        raise ValidationError(invalid_message, code="invalid") from None


def _count_cells(chunks, cap: int) -> int:
    """Cells in a worksheet's XML, read chunk by chunk; stops as soon as the count passes ``cap``."""
    cells, tail = 0, b""
    for chunk in chunks:
        data = tail + chunk
        # A tag cut by the chunk's end is counted with the next chunk: keep from the last "<" near the end.
        cut = data.rfind(b"<", max(len(data) - 64, 0))
        if cut == -1:
            cut = len(data)
        cells += len(_CELL.findall(data, 0, cut))
        tail = data[cut:]
        if cells > cap:
            return cells
    return cells + len(_CELL.findall(tail))


def check_xlsx_archive(
    file,
    *,
    max_unpacked_bytes: int,
    max_cells: int,
    max_members: int = MAX_MEMBERS,
    max_ratio: int = MAX_RATIO,
) -> ArchiveSummary:
    """Refuse an xlsx workbook that is not a sane zip (a workbook part, at most ``max_members`` parts,
    no part above 100 KB compressed more than ``max_ratio`` times), unpacks past ``max_unpacked_bytes``
    or holds more than ``max_cells`` cells and rows (counted in the worksheets' XML, not read from their
    declared dimensions), before openpyxl parses it; return what was counted. ``file`` is bytes or a
    seekable binary file, left at its start."""
    invalid = _("The file is not a valid xlsx workbook.")
    with _open_zip(file, invalid) as archive:
        members = _check_directory(
            archive,
            max_unpacked_bytes=max_unpacked_bytes,
            required=["[Content_Types].xml", "xl/workbook.xml"],
            invalid_message=invalid,
            max_members=max_members,
            max_ratio=max_ratio,
        )
        cells = 0
        for member in members:
            if _WORKSHEET.fullmatch(member.filename):
                cells += _count_cells(_stream(archive, member, invalid), max_cells - cells)
            if cells > max_cells:
                raise ValidationError(
                    _("The workbook has more than %(max)s cells; split it into smaller files.")
                    % {"max": number_format(max_cells, force_grouping=True)},
                    code="too_many_cells",
                )
    if hasattr(file, "seek"):
        file.seek(0)
    return ArchiveSummary(len(members), sum(member.file_size for member in members), cells)


def check_docx_archive(file, *, max_unpacked_bytes: int) -> None:
    """Refuse a Word file that is not a sane zip with the members of a docx, or that unpacks past
    ``max_unpacked_bytes`` (every member is inflated once, within that cap, to check its CRC)."""
    invalid = _("The file is not a valid Word (docx) file.")
    with _open_zip(file, invalid) as archive:
        members = _check_directory(
            archive,
            max_unpacked_bytes=max_unpacked_bytes,
            required=["[Content_Types].xml", "word/document.xml"],
            invalid_message=invalid,
        )
        for member in members:
            for _chunk in _stream(archive, member, invalid):
                pass
    if hasattr(file, "seek"):
        file.seek(0)


# A PDF starts with its header; a browser that sniffs reads the first bytes as HTML if it finds a
# tag there, and the long tags below are HTML wherever they are (a polyglot). The short WHATWG
# patterns (<a, <b, <p ...) are looked for only in the head: in a 50 MB binary file they occur by chance.
_PDF_HEADER = re.compile(rb"%PDF-\d\.\d")
_HTML_HEAD = re.compile(
    rb"<(?:!doctype\s+html|!--|html|head|script|iframe|h1|div|font|table|a|style|title|b|body|br|p|svg|object|embed)[\s/>]",
    re.IGNORECASE,
)
_HTML_ANYWHERE = re.compile(
    rb"<(?:!doctype\s+html|html|script|iframe|body|svg|object|embed)[\s/>]", re.IGNORECASE
)
_SNIFF_BYTES = 1445  # what browsers read to sniff a type (WHATWG MIME Sniffing, "resource header")


def check_pdf(file) -> None:
    """Refuse a file that does not start with a PDF header, or that holds HTML (an HTML/PDF polyglot)."""
    source = io.BytesIO(file) if isinstance(file, bytes | bytearray) else file
    source.seek(0)
    head = source.read(_SNIFF_BYTES)
    if not _PDF_HEADER.match(head):
        raise ValidationError(_("The file does not start with a PDF header."), code="invalid")
    if _HTML_HEAD.search(head):
        raise ValidationError(_("The PDF file holds HTML; it is refused."), code="polyglot")
    source.seek(0)
    tail = b""
    while chunk := source.read(_CHUNK):
        data = tail + chunk
        if _HTML_ANYWHERE.search(data):
            raise ValidationError(_("The PDF file holds HTML; it is refused."), code="polyglot")
        tail = data[-32:]
    source.seek(0)


def size_excess_message(size: int, limit: int) -> str:
    """'The file is X; the largest file accepted is Y.' In rounded units when they differ, else in
    exact bytes (50.0 MB and 50.0 MB would read as equal)."""
    size_text, limit_text = filesizeformat(size), filesizeformat(limit)
    if size_text == limit_text:
        size_text = _("%(bytes)s bytes") % {"bytes": number_format(size, force_grouping=True)}
        limit_text = _("%(bytes)s bytes") % {"bytes": number_format(limit, force_grouping=True)}
    return _("The file is %(size)s; the largest file accepted is %(max)s.") % {
        "size": size_text,
        "max": limit_text,
    }
