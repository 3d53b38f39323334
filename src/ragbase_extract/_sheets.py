"""The XLSX sheet-extent guard: refuse a sheet whose grid is too large, from its XML.

Spreadsheet readers (openpyxl, and Docling on top of it) visit every cell
between A1 and the last used row and column, so a 5 KB workbook with one cell
in A1 and one in XFD1048576 made them create billions of cells. Each worksheet
part is streamed once through the decompressor (never held whole) and its cell
references (``r="XFD1048576"``) and merged ranges are read with patterns that
match bounded tokens only, so the scan is linear. Like Docling, which clips
its reads to the cells that hold a value (and budgets merged ranges itself),
only cells with a value count: styled empty cells far away (a common
"inflated" dimension) are fine.
"""

from __future__ import annotations

import re
import zipfile
import zlib
from typing import Final

from ._errors import CorruptDocumentError, ResourceLimitError
from ._options import ExtractOptions

__all__ = ["check_sheet_extents", "is_worksheet"]

_WORKSHEET = re.compile(r"^xl/worksheets/[^/]+\.xml$", re.IGNORECASE)
# A cell that holds a value: its start tag (attributes bounded, so a run of
# "<c " with no ">" costs a constant per start), then a <v> or inline <is>.
_VALUE_CELL = re.compile(
    rb'<(?:\w{1,16}:)?c\s[^>]{0,512}?\br="([A-Z]{1,3})([0-9]{1,7})"[^>]{0,512}>'
    rb"\s{0,64}<(?:\w{1,16}:)?(?:v|is)\b"
)
_CHUNK: Final = 1 << 20
_OVERLAP: Final = 2048
"""Bytes kept between chunks so that a token cut by a chunk boundary is still seen."""


def is_worksheet(name: str) -> bool:
    """Whether ``name`` is an XLSX worksheet part."""
    return bool(_WORKSHEET.match(name))


def _column(letters: bytes) -> int:
    number = 0
    for letter in letters:
        number = number * 26 + (letter - 64)
    return number


def _extent(archive: zipfile.ZipFile, info: zipfile.ZipInfo) -> tuple[int, int]:
    """Rows and columns of the smallest box that holds every cell with a value."""
    top = left = 1 << 30
    bottom = right = 0
    tail = b""
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            window = tail + chunk
            for match in _VALUE_CELL.finditer(window):
                col, row = _column(match.group(1)), int(match.group(2))
                top, bottom = min(top, row), max(bottom, row)
                left, right = min(left, col), max(right, col)
            tail = window[-_OVERLAP:]
    if bottom == 0:
        return 0, 0
    return bottom - top + 1, right - left + 1


def check_sheet_extents(
    archive: zipfile.ZipFile, options: ExtractOptions, *, what: str = "the workbook"
) -> None:
    """Refuse a workbook with a sheet whose value grid exceeds ``options.max_sheet_cells``.

    Raises:
        ResourceLimitError: ``limit="max_sheet_cells"``.
        CorruptDocumentError: A worksheet part cannot be decompressed.
    """
    limit = options.max_sheet_cells
    if limit is None:
        return
    for info in archive.infolist():
        if not is_worksheet(info.filename):
            continue
        try:
            rows, cols = _extent(archive, info)
        except (zipfile.BadZipFile, zlib.error, OSError, EOFError, ValueError) as exc:
            raise CorruptDocumentError(f"{what}: {info.filename} cannot be read: {exc}") from exc
        if rows * cols > limit:
            raise ResourceLimitError(
                f"{what}: {info.filename} spans {rows} rows by {cols} columns "
                f"({rows * cols} cells), more than max_sheet_cells={limit}",
                limit="max_sheet_cells",
                value=limit,
                actual=rows * cols,
            )
