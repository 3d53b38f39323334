"""Office packages built in the tests: empty presentations and Strict-conformance files."""

from __future__ import annotations

import importlib
import io
import zipfile
from typing import Any

# ISO/IEC 29500 Strict namespace URIs for the Transitional ones openpyxl and
# python-pptx write (ECMA-376 Part 1, Annex A; what Excel's "Strict Open XML"
# save writes). Written out here, not taken from the library's own table.
_TO_STRICT = (
    (
        b"http://schemas.openxmlformats.org/officeDocument/2006/relationships/extended-properties",
        b"http://purl.oclc.org/ooxml/officeDocument/relationships/extendedProperties",
    ),
    (
        b"http://schemas.openxmlformats.org/officeDocument/2006/extended-properties",
        b"http://purl.oclc.org/ooxml/officeDocument/extendedProperties",
    ),
    (
        b"http://schemas.openxmlformats.org/officeDocument/2006/",
        b"http://purl.oclc.org/ooxml/officeDocument/",
    ),
    (
        b"http://schemas.openxmlformats.org/spreadsheetml/2006/main",
        b"http://purl.oclc.org/ooxml/spreadsheetml/main",
    ),
    (
        b"http://schemas.openxmlformats.org/presentationml/2006/main",
        b"http://purl.oclc.org/ooxml/presentationml/main",
    ),
    (
        b"http://schemas.openxmlformats.org/drawingml/2006/main",
        b"http://purl.oclc.org/ooxml/drawingml/main",
    ),
)


def workbook(rows: list[list[object]], title: str = "Sales") -> bytes:
    """An XLSX with one sheet holding ``rows``, as openpyxl writes it (Transitional)."""
    openpyxl: Any = importlib.import_module("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = title
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def presentation(*slides: tuple[str, str]) -> bytes:
    """A PPTX with one title-and-content slide per ``(title, body)``; none: no slide at all."""
    pptx: Any = importlib.import_module("pptx")
    deck = pptx.Presentation()
    for title, body in slides:
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = title
        slide.placeholders[1].text = body
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def to_strict(package: bytes) -> bytes:
    """The same package in Strict conformance: Strict namespaces, ``conformance="strict"``."""
    source = zipfile.ZipFile(io.BytesIO(package))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as strict:
        for info in source.infolist():
            data = source.read(info)
            for transitional, strict_uri in _TO_STRICT:
                data = data.replace(transitional, strict_uri)
            if info.filename == "xl/workbook.xml":
                data = data.replace(b"<workbook ", b'<workbook conformance="strict" ', 1)
            strict.writestr(info.filename, data)
    return out.getvalue()
