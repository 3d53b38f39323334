"""Notebook displays of Document and Table (issue #9.8).

Jupyter calls ``_repr_html_`` / ``_repr_markdown_``; before these existed it
showed the pydantic repr (10 KB for one page, 118 KB for 18 pages).
"""

from __future__ import annotations

import importlib
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from ragbase_extract import ExtractOptions, Table, extract
from ragbase_extract._model._display import MAX_CHARS

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "data" / "2305.03393v1-pg9.pdf"
_VOID = {"br", "hr", "img", "meta"}


class _Balance(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in _VOID:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        assert self.stack.pop() == tag

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def _checked_html(markup: str) -> str:
    parser = _Balance()
    parser.feed(markup)
    parser.close()
    assert parser.stack == []
    return "".join(parser.text)


def _long_pdf(pages: int) -> bytes:
    pymupdf: Any = importlib.import_module("pymupdf")
    pdf = pymupdf.open()
    for number in range(1, pages + 1):
        page = pdf.new_page()
        page.insert_text((72, 72), f"Chapter {number}", fontsize=20)
        for line in range(12):
            y = 120 + line * 40
            page.insert_text((72, y), f"Paragraph {line} of chapter {number} says something.")
    blank = pdf.new_page()  # a page that shows an image and has no text layer
    pix = pymupdf.Pixmap(pymupdf.csRGB, pymupdf.IRect(0, 0, 200, 200), False)
    pix.set_rect(pix.irect, (90, 90, 90))
    blank.insert_image(pymupdf.Rect(72, 72, 472, 472), pixmap=pix)
    data: bytes = pdf.tobytes()
    return data


def test_document_display_summarises_and_shows_the_first_blocks() -> None:
    doc = extract(EXAMPLE)
    markdown = doc._repr_markdown_()
    html = doc._repr_html_()
    assert "2305.03393v1-pg9.pdf" in markdown
    assert "**pages**: 1" in markdown
    for kind, n in Counter(b.kind for b in doc.blocks).items():
        assert f"{n} {kind}" in markdown
    table = next(doc.blocks_of(Table))
    assert table.to_markdown() in markdown
    assert table.to_html() in html
    text = _checked_html(html)
    assert "2305.03393v1-pg9.pdf" in text
    assert doc.body_blocks[0].text in text
    # Much smaller than the pydantic repr a notebook showed before.
    assert len(markdown) < len(repr(doc)) / 2


def test_long_document_display_is_bounded_and_names_needs_ocr_pages() -> None:
    # ocr="never": the image-only page must stay a needs-OCR page for the summary.
    doc = extract(_long_pdf(18), options=ExtractOptions(ocr="never"))
    assert len(doc.pages) == 19
    markdown = doc._repr_markdown_()
    html = doc._repr_html_()
    assert "**needs OCR**: pages 19" in markdown
    assert "needs OCR" in _checked_html(html)
    shown_body = markdown.split("\n\n", 1)[1]
    assert len(shown_body) < MAX_CHARS + 500
    assert "more blocks" in markdown
    assert "more blocks" in html
    assert "Chapter 18" not in markdown
    assert len(markdown) < len(repr(doc)) / 20


def test_table_display_is_the_table() -> None:
    table = Table.from_rows([["Name", "Score"], ["a & b", "<1"]])
    assert table._repr_html_() == table.to_html()
    assert table._repr_markdown_() == table.to_markdown()
    assert _checked_html(table._repr_html_()) == "NameScorea & b<1"
