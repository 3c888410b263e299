"""Checks of uploaded office files before any parser sees them.

An xlsx is a zip of XML parts: 100 KB on the wire can unpack to gigabytes, or to millions of cells
that openpyxl then builds one by one (13.9 s for a 100 KB report workbook of 4 million empty cells).
``check_xlsx_archive`` reads only the zip's directory and then streams the worksheet parts through
the decompressor, counting cells (and rows) until the cap: its cost is bounded by the caps, not by
what the file claims. A sheet's declared dimensions (``<dimension ref="A1:XFD1048576"/>``) are not
trusted: only the elements present are counted.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# A cell (<c …>, <c/>) or a row (<row …>) of a worksheet part, with or without a namespace prefix. An
# empty row costs a reader as much as a cell, so both count against the cap.
_CELL_OR_ROW = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?(?:c|row)[\s/>]")
_WORKSHEET = re.compile(r"^xl/(?:worksheets|chartsheets|dialogsheets|macrosheets)/[^/]+\.xml$")
_CHUNK = 1 << 16
DEFAULT_MAX_MEMBERS = 1000
# Office XML deflates 5-30 times; the 4-million-cell bomb is over 800 times. Checked per member above
# a small size (tiny parts of repeated bytes compress very well and cost nothing).
DEFAULT_MAX_RATIO = 200
_RATIO_FLOOR = 1 << 20


@dataclass(frozen=True)
class ArchiveSummary:
    members: int
    unpacked_bytes: int  # as the zip's directory declares them (streaming enforces them for worksheets)
    cells: int  # cells and rows counted in the worksheet parts


def _refuse(field: str, message: str):
    raise ValidationError({field: message}, code="xlsx_archive")


def check_xlsx_archive(
    file,
    *,
    max_unpacked_bytes: int,
    max_cells: int,
    max_members: int = DEFAULT_MAX_MEMBERS,
    max_ratio: int = DEFAULT_MAX_RATIO,
    field: str = "file",
) -> ArchiveSummary:
    """Refuse an xlsx whose archive or content is beyond the caps; return what was counted.

    ``file``: bytes or a binary file object (read from its start, left at its start). Checks, in this
    order: an OOXML zip with a workbook part; at most ``max_members`` members; their declared unpacked
    sizes add up to at most ``max_unpacked_bytes``; no member above 1 MB unpacks more than
    ``max_ratio`` times its compressed size; the worksheet parts, streamed, hold at most ``max_cells``
    cells and rows (counting stops at the cap). Raises ValidationError on ``field`` with a message
    for the person who uploaded the file.
    """
    stream = io.BytesIO(file) if isinstance(file, bytes | bytearray) else file
    if hasattr(stream, "seek"):
        stream.seek(0)
    not_xlsx = _("This file is not an Excel workbook (.xlsx).")
    try:
        archive = zipfile.ZipFile(stream)
        members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, OSError, EOFError):
        _refuse(field, not_xlsx)
    try:
        names = {member.filename for member in members}
        if "[Content_Types].xml" not in names or "xl/workbook.xml" not in names:
            _refuse(field, not_xlsx)
        if len(members) > max_members:
            _refuse(
                field,
                _("The workbook has %(count)s parts; at most %(max)s are accepted.")
                % {"count": len(members), "max": max_members},
            )
        unpacked = sum(member.file_size for member in members)
        if unpacked > max_unpacked_bytes:
            _refuse(
                field,
                _("The workbook unpacks to %(size)s; at most %(max)s are accepted.")
                % {"size": filesizeformat(unpacked), "max": filesizeformat(max_unpacked_bytes)},
            )
        for member in members:
            if member.file_size > _RATIO_FLOOR and member.file_size > max_ratio * max(
                member.compress_size, 1
            ):
                _refuse(
                    field,
                    _("The workbook is compressed beyond what a spreadsheet program writes; it was refused."),
                )
        cells = 0
        for member in members:
            if _WORKSHEET.match(member.filename):
                cells = _count_cells(archive, member, cells, max_cells, field)
        return ArchiveSummary(len(members), unpacked, cells)
    finally:
        archive.close()
        if hasattr(stream, "seek"):
            stream.seek(0)


def _count_cells(archive: zipfile.ZipFile, member: zipfile.ZipInfo, cells: int, cap: int, field: str) -> int:
    too_many = _("The workbook holds more than %(max)s cells, the most accepted.") % {"max": cap}
    tail = b""
    try:
        with archive.open(member) as part:  # reads at most the declared size, checks the CRC at the end
            while chunk := part.read(_CHUNK):
                window = tail + chunk
                # A match holds no "<" after its first byte: everything before the last "<" is
                # counted now, the rest waits for the next chunk, so no element is cut or counted twice.
                cut = window.rfind(b"<")
                if cut < 0 or len(window) - cut > 64:  # a tail that long cannot start an element
                    cut = len(window)
                cells += len(_CELL_OR_ROW.findall(window, 0, cut))
                tail = window[cut:]
                if cells > cap:
                    _refuse(field, too_many)
            cells += len(_CELL_OR_ROW.findall(tail))
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        OSError,
        EOFError,
        NotImplementedError,
        RuntimeError,
    ):
        _refuse(
            field, _("This workbook cannot be read. Save it again as .xlsx from your spreadsheet program.")
        )
    if cells > cap:
        _refuse(field, too_many)
    return cells
