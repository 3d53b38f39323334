"""The formats ragbase-extract knows, and their facts: one table.

Every fact about a format that more than one module needs (its media type,
whether it is a ZIP or OLE container or an XML document, its family) lives in
:data:`_FACTS`; the sets other modules test against are derived from it, so
two modules cannot disagree about, say, which formats are ZIP containers.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum
from typing import Final, Literal

__all__ = ["LEGACY_OFFICE", "ODF", "OOXML", "XML_DOCUMENTS", "ZIP_CONTAINERS", "Format"]


class Format(StrEnum):
    """A document format, as detected from the bytes.

    .. versionadded:: 0.1
    """

    PDF = "pdf"
    XPS = "xps"
    EPUB = "epub"
    MOBI = "mobi"
    FB2 = "fb2"
    CBZ = "cbz"
    SVG = "svg"
    IMAGE = "image"
    DOCX = "docx"
    PPTX = "pptx"
    XLSX = "xlsx"
    ODT = "odt"
    ODS = "ods"
    ODP = "odp"
    HTML = "html"
    MARKDOWN = "markdown"
    ASCIIDOC = "asciidoc"
    CSV = "csv"
    TEXT = "text"
    JATS = "jats"
    USPTO = "uspto"
    WEBVTT = "webvtt"
    DOC = "doc"
    PPT = "ppt"
    XLS = "xls"
    ZIP = "zip"
    XML = "xml"

    @property
    def media_type(self) -> str:
        """The IANA media type (or the common one where none is registered)."""
        return _FACTS[self].media_type


Container = Literal["zip", "ole", "xml"]
Family = Literal["ooxml", "odf", "legacy-office"]


@dataclass(frozen=True, slots=True)
class _Facts:
    media_type: str
    container: Container | None = None
    """How the bytes are packaged: a ZIP archive (zip-bomb checks apply), an
    OLE compound file, or one XML document (entity checks apply)."""
    family: Family | None = None


_FACTS: Final[dict[Format, _Facts]] = {
    Format.PDF: _Facts("application/pdf"),
    Format.XPS: _Facts("application/oxps", "zip"),
    Format.EPUB: _Facts("application/epub+zip", "zip"),
    Format.MOBI: _Facts("application/x-mobipocket-ebook"),
    Format.FB2: _Facts("application/x-fictionbook+xml", "xml"),
    Format.CBZ: _Facts("application/vnd.comicbook+zip", "zip"),
    Format.SVG: _Facts("image/svg+xml", "xml"),
    Format.IMAGE: _Facts("image/*"),
    Format.DOCX: _Facts(
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "zip", "ooxml"
    ),
    Format.PPTX: _Facts(
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "zip",
        "ooxml",
    ),
    Format.XLSX: _Facts(
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "zip", "ooxml"
    ),
    Format.ODT: _Facts("application/vnd.oasis.opendocument.text", "zip", "odf"),
    Format.ODS: _Facts("application/vnd.oasis.opendocument.spreadsheet", "zip", "odf"),
    Format.ODP: _Facts("application/vnd.oasis.opendocument.presentation", "zip", "odf"),
    Format.HTML: _Facts("text/html"),
    Format.MARKDOWN: _Facts("text/markdown"),
    Format.ASCIIDOC: _Facts("text/asciidoc"),
    Format.CSV: _Facts("text/csv"),
    Format.TEXT: _Facts("text/plain"),
    Format.JATS: _Facts("application/jats+xml", "xml"),
    Format.USPTO: _Facts("application/vnd.uspto+xml", "xml"),
    Format.WEBVTT: _Facts("text/vtt"),
    Format.DOC: _Facts("application/msword", "ole", "legacy-office"),
    Format.PPT: _Facts("application/vnd.ms-powerpoint", "ole", "legacy-office"),
    Format.XLS: _Facts("application/vnd.ms-excel", "ole", "legacy-office"),
    Format.ZIP: _Facts("application/zip", "zip"),
    Format.XML: _Facts("application/xml", "xml"),
}

ZIP_CONTAINERS: Final = frozenset(f for f, facts in _FACTS.items() if facts.container == "zip")
"""Formats packaged as ZIP archives: their central directory is checked before any reader runs."""

XML_DOCUMENTS: Final = frozenset(f for f, facts in _FACTS.items() if facts.container == "xml")
"""Formats that are one XML document read by an XML parser: checked for entity bombs."""

OOXML: Final = frozenset(f for f, facts in _FACTS.items() if facts.family == "ooxml")
ODF: Final = frozenset(f for f, facts in _FACTS.items() if facts.family == "odf")
LEGACY_OFFICE: Final = frozenset(
    f for f, facts in _FACTS.items() if facts.family == "legacy-office"
)
"""Binary Office formats no backend reads (save them as DOCX/PPTX/XLSX)."""
