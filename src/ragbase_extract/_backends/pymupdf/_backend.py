"""The PyMuPDF backend: PDF and the other formats MuPDF opens.

Pipeline:

1. :mod:`._open` opens and authenticates the bytes and maps PyMuPDF's errors.
2. :mod:`._page` reads each selected page once: one text page (``dict``;
   ``rawdict`` from the same text page for Arabic script), one drawing log for
   images and rules; :mod:`._lines` glues fragments into lines with font
   statistics; :mod:`._lattice` and :mod:`._cells` find ruled tables where the
   drawing log shows a grid.
3. Document-wide: font statistics (:mod:`._classify`), running headers,
   footers and page numbers (:mod:`._furniture`), the outline (:mod:`._outline`).
4. Per page: reading order (:mod:`._layout`), rule-less tables
   (:mod:`._texttables`), then blocks (:mod:`._blocks`).

``pymupdf`` is imported only inside functions, never when ``ragbase_extract``
is imported. Coordinates are rounded to 2 decimals so the same bytes and
options give byte-identical JSON.
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Any, Final

from ..._formats import Format
from ..._model import Document, Page
from ..._options import ExtractOptions
from ..._page_progress import report_progress
from ..._source import Source
from ._assemble import Placed
from ._blocks import DocumentFacts, page_blocks
from ._classify import FontStats
from ._furniture import PageLines, detect_furniture
from ._geometry import round2
from ._glyphs import repair_ligatures, word_set
from ._headings import assign_levels
from ._metadata import read_metadata
from ._ocrpage import OcrPass
from ._open import guard, open_document
from ._outline import Outline
from ._page import PageData, read_page, text_flags
from ._quiet import quiet_mupdf
from ._xobjects import check_form_xobjects

__all__ = ["PyMuPDFBackend"]

_FORMATS: Final = frozenset(
    {
        Format.PDF,
        Format.XPS,
        Format.EPUB,
        Format.MOBI,
        Format.FB2,
        Format.CBZ,
        Format.SVG,
        Format.IMAGE,
    }
)
_HYPHENATED: Final = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)+")


class PyMuPDFBackend:
    """Extract PDF, XPS, EPUB, MOBI, FB2, CBZ, SVG and images with PyMuPDF.

    Reading order handles multi-column pages; headings come from font
    statistics and the outline; lists, code, figures with captions and ruled
    tables are recognised; running headers, footers and page numbers become
    furniture. Pages whose text is missing (scans, outlines, unmappable
    glyphs) are read by OCR under ``ExtractOptions(ocr="auto")`` (see
    ``_ocrpage``), or flagged ``needs_ocr``.
    """

    name: Final = "pymupdf"
    formats: Final = _FORMATS
    extra: Final = None

    def is_available(self) -> bool:
        """Whether PyMuPDF is installed (checked without importing it)."""
        return importlib.util.find_spec("pymupdf") is not None

    def extract(self, source: Source, options: ExtractOptions) -> Document:
        """Extract ``source``; see the class docstring for what is recognised.

        Raises:
            EncryptedDocumentError: A password is needed and missing or wrong.
            CorruptDocumentError: PyMuPDF cannot read the document.
            ResourceLimitError: The document has more than ``max_pages`` pages.
        """
        with quiet_mupdf():
            doc = open_document(source, options)
            try:
                with guard(source):
                    page_count = doc.page_count
                numbers = options.select_pages(page_count)
                with guard(source):
                    return self._extract(doc, source, numbers, options)
            finally:
                doc.close()

    def _extract(
        self, doc: Any, source: Source, numbers: Sequence[int], options: ExtractOptions
    ) -> Document:
        check_form_xobjects(doc, numbers)  # a nested form tree never finishes in MuPDF
        flags = text_flags()
        ocr = OcrPass(options, reflowable=bool(doc.is_reflowable))
        report_progress(0, len(numbers))
        pages = []
        for done, n in enumerate(numbers, start=1):  # the slow part, OCR included
            pages.append(ocr.read(doc[n - 1], read_page(doc[n - 1], n, flags)))
            report_progress(done, len(numbers))
        stats = FontStats.from_lines(line for page in pages for line in page.all_lines)
        pages = _with_furniture(_with_ligatures(pages), stats.body_size)
        facts = DocumentFacts(
            stats=stats,
            vocabulary=_vocabulary(line.text for page in pages for line in page.lines),
            outline=Outline(_toc(doc)),
            reflowable=bool(doc.is_reflowable),
        )
        placed: list[Placed] = []
        for page in pages:
            placed.extend(page_blocks(page, facts))
        return Document.build(
            backend=self.name,
            source=source.info(),
            blocks=ocr.blocks(assign_levels(placed)),
            pages=ocr.pages([_page_model(page) for page in pages]),
            metadata=read_metadata(doc),
        )


def _with_ligatures(pages: Sequence[PageData]) -> list[PageData]:
    """The pages with ligatures repaired that a font without a Unicode map garbled."""
    words = word_set(line.text for page in pages for line in page.lines)
    return [replace(page, lines=repair_ligatures(page.lines, words)) for page in pages]


def _with_furniture(pages: Sequence[PageData], body_size: float) -> list[PageData]:
    """The pages with their running headers, footers and page numbers marked on the lines."""
    marked = detect_furniture(
        [PageLines(p.number, p.width, p.height, p.lines) for p in pages], body_size
    )
    return [replace(page, lines=lines) for page, lines in zip(pages, marked, strict=True)]


def _toc(doc: Any) -> list[list[Any]]:
    """The outline, or none when it is damaged: headings then come from fonts alone."""
    try:
        toc: list[list[Any]] = doc.get_toc(simple=True)
    except Exception:
        return []
    return toc


def _vocabulary(texts: Iterable[str]) -> frozenset[str]:
    # Only a line with a hyphen can match: skipping the others saves the
    # pattern's attempt at every letter of every line.
    return frozenset(
        m.group(0).lower() for text in texts if "-" in text for m in _HYPHENATED.finditer(text)
    )


def _page_model(page: PageData) -> Page:
    return Page(
        number=page.number,
        width=round2(page.width),
        height=round2(page.height),
        rotation=page.rotation,
        needs_ocr=page.needs_ocr,
    )
