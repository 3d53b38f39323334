"""The corpus scans and images, read with the real engine."""

from __future__ import annotations

from pathlib import Path

import pytest

from ragbase_extract import ExtractOptions, extract

from ._scans import needs_engine, text_similarity

pytestmark = [needs_engine, pytest.mark.corpus]

SENTENCE = (
    "Docling bundles PDF document conversion to JSON and Markdown in an easy self contained package"
)


@pytest.mark.parametrize(
    ("name", "turn"),
    [
        ("ocr_test.pdf", 0),
        ("ocr_test_rotated_90.pdf", 270),
        ("ocr_test_rotated_180.pdf", 180),
        ("ocr_test_rotated_270.pdf", 90),
    ],
)
def test_scans_match_their_reference(corpus: Path, name: str, turn: int) -> None:
    path = corpus / "pdf" / name
    doc = extract(path)
    reference = (corpus / "pdf" / f"{name}.gt.md").read_text(encoding="utf-8")
    assert text_similarity(doc.to_markdown(), reference) >= 0.95
    page = doc.pages[0]
    assert page.text_source == "ocr"
    assert page.ocr is not None
    assert page.ocr.orientation == turn


def test_multipage_scan_by_content(corpus: Path) -> None:
    # Its reference is damaged (one sentence garbled), so it is checked by content:
    # every page, whatever its turn, carries the sentence upright and once.
    doc = extract(corpus / "pdf" / "nemotron_multipage.pdf")
    assert [p.ocr.orientation for p in doc.pages if p.ocr] == [0, 180, 90, 270]
    for number in (1, 2, 3, 4):
        text = " ".join(b.text for b in doc.body_blocks if b.prov.page == number)
        assert text_similarity(text, SENTENCE) >= 0.95, (number, text)


def test_webp_image_matches_its_reference(corpus: Path) -> None:
    doc = extract(corpus / "image" / "webp-test.webp")
    assert doc.source.format == "image"
    reference = (corpus / "image" / "webp-test.webp.gt.md").read_text(encoding="utf-8")
    assert text_similarity(doc.to_markdown(), reference) >= 0.95


def test_multipage_tiff_reads_every_page(corpus: Path) -> None:
    doc = extract(corpus / "image" / "2206.01062.tif")
    assert len(doc.pages) == 2
    assert all(p.text_source == "ocr" for p in doc.pages)
    first = " ".join(b.text for b in doc.body_blocks if b.prov.page == 1)
    assert "DocLayNet" in first


def test_a_page_whose_sentences_read_as_control_characters_is_read_by_ocr(corpus: Path) -> None:
    # redp5110's third page sets its "Highlights" in a font without a Unicode
    # map: 192 of its 1,458 characters are '\x02\x03 \x04\x07...'. They must not
    # vanish quietly: the page is flagged without OCR and read with it.
    path = corpus / "pdf" / "redp5110_sampled.pdf"
    unread = extract(path, options=ExtractOptions(ocr="never"))
    assert [p.number for p in unread.pages if p.needs_ocr] == [3]
    assert "Enhance the performance" not in unread.text
    doc = extract(path)
    assert doc.pages[2].text_source == "ocr"
    assert not doc.needs_ocr
    assert "Enhance the performance of your database operations" in doc.text
    assert [p.number for p in doc.pages if p.text_source == "ocr"] == [3]  # no other page
