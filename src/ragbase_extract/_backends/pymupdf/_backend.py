"""PyMuPDF backend (placeholder: plain text per page, replaced by the layout engine)."""

from __future__ import annotations

import importlib.util
from typing import Final

from ..._errors import CorruptDocumentError, EncryptedDocumentError
from ..._formats import Format
from ..._model import Document, Page, Paragraph, Provenance
from ..._options import ExtractOptions
from ..._source import Source

_FORMATS: Final = frozenset(
    {Format.PDF, Format.XPS, Format.EPUB, Format.MOBI, Format.FB2, Format.CBZ, Format.SVG, Format.IMAGE}
)


class PyMuPDFBackend:
    """Extract PDF, XPS, EPUB, MOBI, FB2, CBZ, SVG and images with PyMuPDF."""

    name: Final = "pymupdf"
    formats: Final = _FORMATS
    extra: Final = None

    def is_available(self) -> bool:
        return importlib.util.find_spec("pymupdf") is not None

    def extract(self, source: Source, options: ExtractOptions) -> Document:
        import pymupdf

        try:
            doc = pymupdf.open(stream=source.data, filetype=str(source.format))
        except Exception as exc:
            raise CorruptDocumentError(str(exc)) from exc
        if doc.needs_pass and not doc.authenticate(options.password or ""):
            raise EncryptedDocumentError("password required")
        blocks = []
        pages = []
        for number in options.select_pages(doc.page_count):
            page = doc[number - 1]
            pages.append(Page(number=number, width=page.rect.width, height=page.rect.height))
            text = page.get_text().strip()
            if text:
                blocks.append(Paragraph(text=text, prov=Provenance(page=number)))
        return Document.build(backend=self.name, source=source.info(), blocks=blocks, pages=pages)
