"""The formats ragbase-extract knows, with their media types."""

from __future__ import annotations

from enum import StrEnum

__all__ = ["Format"]


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
        return _MEDIA_TYPES[self]


_MEDIA_TYPES: dict[Format, str] = {
    Format.PDF: "application/pdf",
    Format.XPS: "application/oxps",
    Format.EPUB: "application/epub+zip",
    Format.MOBI: "application/x-mobipocket-ebook",
    Format.FB2: "application/x-fictionbook+xml",
    Format.CBZ: "application/vnd.comicbook+zip",
    Format.SVG: "image/svg+xml",
    Format.IMAGE: "image/*",
    Format.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    Format.PPTX: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    Format.XLSX: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    Format.ODT: "application/vnd.oasis.opendocument.text",
    Format.ODS: "application/vnd.oasis.opendocument.spreadsheet",
    Format.ODP: "application/vnd.oasis.opendocument.presentation",
    Format.HTML: "text/html",
    Format.MARKDOWN: "text/markdown",
    Format.ASCIIDOC: "text/asciidoc",
    Format.CSV: "text/csv",
    Format.TEXT: "text/plain",
    Format.JATS: "application/jats+xml",
    Format.USPTO: "application/vnd.uspto+xml",
    Format.WEBVTT: "text/vtt",
    Format.DOC: "application/msword",
    Format.PPT: "application/vnd.ms-powerpoint",
    Format.XLS: "application/vnd.ms-excel",
    Format.ZIP: "application/zip",
    Format.XML: "application/xml",
}
