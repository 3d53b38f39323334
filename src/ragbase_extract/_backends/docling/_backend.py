"""Docling backend (placeholder until the mapping lands)."""

from __future__ import annotations

from typing import Final

from ..._errors import BackendUnavailableError
from ..._formats import Format
from ..._model import Document
from ..._options import ExtractOptions
from ..._source import Source

_FORMATS: Final = frozenset(
    {
        Format.DOCX, Format.PPTX, Format.XLSX, Format.ODT, Format.ODS, Format.ODP,
        Format.HTML, Format.MARKDOWN, Format.ASCIIDOC, Format.CSV, Format.JATS,
        Format.USPTO, Format.WEBVTT,
    }
)


class DoclingBackend:
    """Extract Office, HTML and other formats with Docling."""

    name: Final = "docling"
    formats: Final = _FORMATS
    extra: Final = "office"

    def is_available(self) -> bool:
        return False

    def extract(self, source: Source, options: ExtractOptions) -> Document:
        raise BackendUnavailableError("not yet", backend=self.name, extra=self.extra)
