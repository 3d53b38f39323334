"""Text backend placeholder."""

from __future__ import annotations

from typing import Final

from .._formats import Format
from .._model import Document, Paragraph
from .._options import ExtractOptions
from .._source import Source


class TextBackend:
    name: Final = "text"
    formats: Final = frozenset({Format.TEXT, Format.MARKDOWN, Format.CSV})
    extra: Final = None

    def is_available(self) -> bool:
        return True

    def extract(self, source: Source, options: ExtractOptions) -> Document:
        text = source.data.decode("utf-8", "replace")
        blocks = [Paragraph(text=p.strip()) for p in text.split("\n\n") if p.strip()]
        return Document.build(backend=self.name, source=source.info(), blocks=blocks)
