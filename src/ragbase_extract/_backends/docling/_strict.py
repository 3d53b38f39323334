"""ISO/IEC 29500 *Strict* Office files, read as *Transitional* ones.

Strict conformance (Excel's "Strict Open XML Spreadsheet", also written by
LibreOffice on request) keeps the Transitional XML vocabulary but moves it to
other namespace URIs (``http://purl.oclc.org/ooxml/spreadsheetml/main`` for
``http://schemas.openxmlformats.org/spreadsheetml/2006/main``, and so on).
openpyxl, which Docling reads XLSX with, knows only the Transitional URIs: it
found no worksheet and Docling refused the workbook as a document with no pages.
python-pptx does the same for PPTX. (Docling's DOCX reader handles Strict.)

The fix is the namespace translation Office itself documents: every XML part's
Strict URIs are rewritten to their Transitional twins, byte for byte, in one
linear pass per URI prefix, and the package is rebuilt in memory. It runs after
the zip-bomb, entity and sheet-extent guards passed on the original bytes, and
reads members through :func:`~ragbase_extract._containers.read_member`, so the
same limits bound it. Anything Strict-only that the rewrite does not cover
reaches the caller as Docling's error, never as a silent empty document.
"""

from __future__ import annotations

import io
import zipfile
from typing import Final

from ..._containers import read_member
from ..._options import ExtractOptions

__all__ = ["is_strict", "to_transitional"]

_STRICT: Final = b"http://purl.oclc.org/ooxml/"
"""Where every Strict namespace URI starts."""

_RENAMED: Final = (
    # Parts whose names differ, not only their prefix; before the general rule.
    (b"officeDocument/relationships/extendedProperties", b"relationships/extended-properties"),
    (b"officeDocument/relationships/customProperties", b"relationships/custom-properties"),
    (b"officeDocument/extendedProperties", b"extended-properties"),
    (b"officeDocument/customProperties", b"custom-properties"),
)
_PREFIXES: Final = (
    b"officeDocument",
    b"spreadsheetml",
    b"presentationml",
    b"wordprocessingml",
    b"drawingml",
)
_TRANSITIONAL: Final = b"http://schemas.openxmlformats.org/"
_XML_PART_ENDINGS: Final = (".xml", ".rels", ".vml")
_RELS_HEAD: Final = 64 * 1024


def _table() -> tuple[tuple[bytes, bytes], ...]:
    pairs = [
        (_STRICT + strict, _TRANSITIONAL + b"officeDocument/2006/" + transitional)
        for strict, transitional in _RENAMED
    ]
    pairs += [(_STRICT + p + b"/", _TRANSITIONAL + p + b"/2006/") for p in _PREFIXES]
    return tuple(pairs)


_TABLE: Final = _table()


def is_strict(archive: zipfile.ZipFile, options: ExtractOptions) -> bool:
    """Whether the package's main relationship (``_rels/.rels``) is a Strict one."""
    if "_rels/.rels" not in archive.namelist():
        return False
    head = read_member(archive, "_rels/.rels", options, max_bytes=_RELS_HEAD)
    return _STRICT + b"officeDocument/relationships/officeDocument" in head


def _translate(xml: bytes) -> bytes:
    for strict, transitional in _TABLE:
        xml = xml.replace(strict, transitional)
    return xml


def to_transitional(data: bytes, options: ExtractOptions) -> bytes:
    """``data`` itself, or for a Strict package the same package in Transitional namespaces.

    Raises:
        ResourceLimitError: A member inflates past ``max_unpacked_bytes``.
        CorruptDocumentError: A member cannot be decompressed.
    """
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        if not is_strict(archive, options):
            return data
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as rebuilt:
            for info in archive.infolist():
                if info.is_dir():
                    continue
                member = read_member(archive, info.filename, options)
                if info.filename.lower().endswith(_XML_PART_ENDINGS):
                    member = _translate(member)
                rebuilt.writestr(info.filename, member)
    return out.getvalue()
