"""The pymupdf backend over every PDF (and EPUB) of the shared corpus.

Skipped when ``../shared/corpus`` (or ``$RAGBASE_CORPUS``) is absent.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ragbase_extract import (
    Code,
    Document,
    ExtractOptions,
    Figure,
    Formula,
    Furniture,
    Heading,
    ListItem,
    Paragraph,
    Table,
    extract,
)

from ..conftest import corpus_files

PDFS = corpus_files("pdf", ".pdf")
SCANS = {
    "ocr_test.pdf",
    "ocr_test_rotated_90.pdf",
    "ocr_test_rotated_180.pdf",
    "ocr_test_rotated_270.pdf",
    "nemotron_multipage.pdf",
    "sample_with_rotation_mismatch.pdf",  # a screenshot saved as PDF
}
PASSWORDS = {"2206.01062_pg3.pdf": "1234"}


def _extract(path: Path) -> Document:
    return extract(
        # OCR of the scans is tested in tests/ocr; here they stay flagged.
        path,
        backend="pymupdf",
        options=ExtractOptions(password=PASSWORDS.get(path.name), ocr="never"),
    )


def _check_spans(doc: Document) -> None:
    for block in doc.body_blocks:
        span = block.prov.span
        assert span is not None
        assert doc.text[span[0] : span[1]] == block.text
    for block in doc.blocks_of(Furniture):
        assert block.prov.span is None


@pytest.mark.corpus
@pytest.mark.parametrize("path", PDFS, ids=[p.name for p in PDFS])
def test_every_corpus_pdf_extracts(path: Path) -> None:
    doc = _extract(path)
    assert doc.backend == "pymupdf"
    assert doc.pages
    assert doc.metadata.page_count is not None
    assert doc.metadata.page_count >= len(doc.pages)
    _check_spans(doc)
    assert Document.from_json(doc.to_json()) == doc
    if path.name in SCANS:
        assert all(page.needs_ocr for page in doc.pages)
        assert doc.text == ""
    else:
        # redp5110's page 3 sets sentences in a font without a Unicode map.
        partly_unreadable = [3] if path.name == "redp5110_sampled.pdf" else []
        assert [p.number for p in doc.pages if p.needs_ocr] == partly_unreadable
        assert doc.text.strip()


@pytest.mark.corpus
def test_multi_page_headings_and_lists(corpus: Path) -> None:
    doc = extract(corpus / "pdf" / "multi_page.pdf")
    headings = {h.text for h in doc.blocks_of(Heading)}
    # From multi_page.pdf.gt.md
    assert "The Evolution of the Word Processor" in headings
    assert "Pre-Digital Era (19th - Early 20th Century)" in headings
    items = list(doc.blocks_of(ListItem))
    assert any(i.text.startswith("IBM MT/ST (Magnetic Tape/Selectric Typewriter)") for i in items)
    ordered = [i for i in items if i.ordered]
    assert [i.marker for i in ordered[:5]] == ["1.", "2.", "3.", "4.", "5."]
    assert ordered[0].text.startswith("Undo/Redo")


@pytest.mark.corpus
def test_two_column_page_reads_column_by_column(corpus: Path) -> None:
    doc = extract(corpus / "pdf" / "amt_handbook_sample.pdf")
    text = doc.text
    # Left column ends "...The wing type that is", right column goes on "the most common ranges".
    assert "The wing type that is the most common ranges in size" in text
    assert text.index("Boots Self-Locking Nut") < text.index("Stainless Steel Self-Locking Nut")
    headings = [h.text for h in doc.blocks_of(Heading)]
    assert headings == [
        "Boots Self-Locking Nut",
        "Stainless Steel Self-Locking Nut",
        "Elastic Stop Nut",
    ]
    captions = {f.caption for f in doc.blocks_of(Figure)}
    assert "Figure 7-26. Self-locking nuts." in captions
    assert any(f.role == "page_number" and f.text == "7-45" for f in doc.blocks_of(Furniture))


@pytest.mark.corpus
def test_cjk_two_columns_and_table(corpus: Path) -> None:
    doc = extract(corpus / "pdf" / "normal_4pages.pdf")
    assert doc.metadata.title == "코로나-19 관련 보험약관상 재해보험금 지급문제 및 개선과제"
    headings = {h.text for h in doc.blocks_of(Heading)}
    assert "(1) 「감염병의 예방 및 관리에 관한 법률」 개정" in headings
    table = next(doc.blocks_of(Table))
    assert table.grid()[0] == ["구분", "개정전", "개정후"]


@pytest.mark.corpus
def test_redbook_tables(corpus: Path) -> None:
    doc = extract(corpus / "pdf" / "redp5110_sampled.pdf")
    grids = [t.grid() for t in doc.blocks_of(Table)]
    assert ["Column name", "Data type", "Description"] in [g[0] for g in grids]
    assert ["FUNCTION_ID", "VARCHAR(30)", "ID of the function."] in [
        row for g in grids for row in g
    ]


@pytest.mark.corpus
def test_epub_extracts(corpus: Path) -> None:
    doc = extract(corpus / "epub" / "epub_purvis_poetry.epub")
    assert doc.source.format == "epub"
    assert doc.backend == "pymupdf"
    assert len(doc.pages) > 10
    assert "Standard Ebooks" in doc.text
    _check_spans(doc)


@pytest.mark.corpus
@pytest.mark.parametrize("name", ["old_newspaper.png", "qr_bill_example.jpg", "2206.01062.tif"])
def test_images_need_ocr(corpus: Path, name: str) -> None:
    doc = extract(corpus / "image" / name, options=ExtractOptions(ocr="never"))
    assert doc.backend == "pymupdf"
    assert doc.pages
    assert all(page.needs_ocr for page in doc.pages)
    assert doc.text == ""


@pytest.mark.corpus
def test_code_and_formula(corpus: Path) -> None:
    doc = extract(corpus / "pdf" / "code_and_formula.pdf")
    codes = list(doc.blocks_of(Code))
    assert [c.text for c in codes] == [
        "function add(a, b) {\n    return a + b;\n}\nconsole.log(add(3, 5));"
    ]
    assert any(p.text == "Listing 1: Simple JavaScript Program" for p in doc.blocks_of(Paragraph))
    if pymupdf_version() < (1, 26):
        # PyMuPDF 1.25 repairs this incrementally updated file into its first
        # page only: the formula and its heading are on the second.
        assert len(doc.pages) == 1
        return
    assert len(doc.pages) == 2
    assert [f.text for f in doc.blocks_of(Formula)] == ["a2 + 8 = 12"]
    # From code_and_formula.pdf.gt.md: "## JavaScript Code Example", "## Formula"
    assert [h.text for h in doc.blocks_of(Heading)] == ["JavaScript Code Example", "Formula"]


def pymupdf_version() -> tuple[int, int]:
    # The module's own version: under pymupdf-lite there is no "pymupdf" distribution.
    import pymupdf

    major, minor = pymupdf.VersionBind.split(".")[:2]
    return int(major), int(minor)
