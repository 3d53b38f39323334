"""OCR in the PyMuPDF pipeline with the real Tesseract engine, on scans made in the tests."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest

from ragbase_extract import Document, ExtractOptions, Paragraph, extract
from ragbase_extract._ocr import engine_for

from ._scans import LINES, CountingEngine, needs_engine, outlined_pdf, scan_pdf, text_similarity

pytestmark = needs_engine

DATA = Path(__file__).resolve().parent.parent / "data" / "pdf"
EXPECTED = " ".join(LINES)


def _counting() -> CountingEngine:
    engine = engine_for(CountingEngine.name)
    assert isinstance(engine, CountingEngine)
    return engine


def _extract_counting(data: bytes | Path, ocr: str = "auto") -> tuple[Document, int]:
    engine = _counting()
    before = engine.calls
    options = ExtractOptions(ocr=ocr, ocr_engine=CountingEngine.name)
    doc = extract(data, options=options)
    return doc, engine.calls - before


@pytest.mark.parametrize("turn", [0, 90, 180, 270])
def test_scan_is_read_upright_in_page_coordinates(turn: int) -> None:
    doc, calls = _extract_counting(scan_pdf(turn=turn))  # type: ignore[arg-type]
    assert calls == 1
    assert text_similarity(doc.text, EXPECTED) >= 0.95
    page = doc.pages[0]
    assert (page.text_source, page.needs_ocr, page.ocr_skipped) == ("ocr", False, None)
    assert page.ocr is not None
    assert (page.ocr.engine, page.ocr.languages, page.ocr.dpi) == (
        CountingEngine.name,
        ("eng",),
        200,
    )
    assert page.ocr.orientation == turn
    assert (page.width, page.height) == ((842.0, 595.0) if turn in (90, 270) else (595.0, 842.0))
    for block in doc.body_blocks:
        assert block.prov.ocr is not None
        assert block.prov.ocr.confidence is not None
        assert block.prov.ocr.confidence > 0.8
        box = block.prov.bbox
        assert box is not None
        assert 0 <= box.x0 < box.x1 <= page.width
        assert 0 <= box.y0 < box.y1 <= page.height


def test_text_sits_where_the_scan_shows_it() -> None:
    # Upright: the lines were typeset from y=120 down, left margin 72 pt.
    doc = extract(scan_pdf())
    box = doc.body_blocks[0].prov.bbox
    assert box is not None
    assert abs(box.x0 - 72) < 6
    assert abs(box.y0 - 108) < 10
    # Turned 180 degrees: the same text sits in the opposite corner of the page.
    turned = extract(scan_pdf(turn=180)).body_blocks[0].prov.bbox
    assert turned is not None
    assert abs(turned.x1 - (595 - 72)) < 6
    assert abs(turned.y1 - (842 - 108)) < 10


def test_lines_become_one_paragraph_as_native_text_does() -> None:
    doc = extract(scan_pdf())
    paragraphs = list(doc.blocks_of(Paragraph))
    assert len(paragraphs) == 1
    assert paragraphs[0].text.startswith("Scanned reports arrive")


def test_good_text_layer_is_not_read() -> None:
    doc, calls = _extract_counting(DATA / "2305.03393v1-pg9.pdf")
    assert calls == 0
    assert [p.text_source for p in doc.pages] == ["native"]
    assert all(block.prov.ocr is None for block in doc.blocks)


def test_junk_glyph_page_is_read() -> None:
    junk = "\x02\x03 \x04\x05\x06 \x07\x08" * 8
    doc, calls = _extract_counting(scan_pdf(junk=junk))
    assert calls == 1
    assert doc.pages[0].text_source == "ocr"
    assert "\x03" not in doc.text
    assert text_similarity(doc.text, EXPECTED) >= 0.9
    # With OCR off the same page says its text is missing rather than passing junk on quietly.
    never = extract(scan_pdf(junk=junk), options=ExtractOptions(ocr="never"))
    assert never.pages[0].needs_ocr
    assert never.pages[0].ocr_skipped == "disabled"


def test_text_drawn_as_outlines_is_read() -> None:
    doc, calls = _extract_counting(outlined_pdf())
    assert calls == 1
    assert doc.pages[0].text_source == "ocr"
    assert text_similarity(doc.text, EXPECTED) >= 0.95


def test_invisible_layer_is_kept_under_auto_and_replaced_under_always() -> None:
    kept, calls = _extract_counting(DATA / "invisible_text_layer.pdf")
    assert calls == 0
    assert kept.pages[0].text_source == "invisible"
    assert "Invisible OCR text layer" in kept.text
    replaced, calls = _extract_counting(DATA / "invisible_text_layer.pdf", ocr="always")
    assert calls == 1
    assert replaced.pages[0].text_source == "ocr"
    # OCR sees only what is drawn: the invisible words are gone, the visible ones read.
    assert "Visible heading line" in replaced.text
    assert "Invisible" not in replaced.text


def test_never_leaves_scans_flagged() -> None:
    doc, calls = _extract_counting(scan_pdf(), ocr="never")
    assert calls == 0
    assert doc.text == ""
    assert doc.needs_ocr
    assert doc.pages[0].ocr_skipped == "disabled"
    assert doc.ocr_unavailable == ()


def test_ocr_result_round_trips_through_json() -> None:
    scan = scan_pdf(turn=90)
    doc = extract(scan)
    text = doc.to_json()
    again = Document.from_json(text)
    assert again == doc
    assert again.to_json() == text
    assert extract(scan).to_json() == text  # deterministic


def test_dpi_is_used_and_reported() -> None:
    doc = extract(scan_pdf(), options=ExtractOptions(ocr_dpi=300))
    assert doc.pages[0].ocr is not None
    assert doc.pages[0].ocr.dpi == 300
    assert text_similarity(doc.text, EXPECTED) >= 0.95


def test_one_engine_per_thread_reused_across_documents() -> None:
    first = engine_for("tesseract")
    extract(scan_pdf())
    assert engine_for("tesseract") is first
    seen: list[object] = []
    thread = threading.Thread(target=lambda: seen.append(engine_for("tesseract")))
    thread.start()
    thread.join()
    assert seen
    assert seen[0] is not first


def test_missing_language_names_what_to_install() -> None:
    from ragbase_extract import BackendUnavailableError

    with pytest.raises(BackendUnavailableError, match=r"tessdata\.fast-zzz"):
        extract(scan_pdf(), options=ExtractOptions(ocr_languages=("zzz",)))


def test_damaged_scans_give_a_document_or_a_typed_error() -> None:
    # Truncated and bit-flipped copies of a real scan, through OCR in a killable worker.
    from ragbase_extract import RagbaseExtractError

    seed = (DATA / "ocr_test.pdf").read_bytes()
    mutants = [seed[: len(seed) * k // 6] for k in range(2, 6)]
    for k in range(4):
        flipped = bytearray(seed)
        for i in range(20):
            flipped[(len(flipped) * (i * 7 + k) // 151) % len(flipped)] ^= 0x5A
        mutants.append(bytes(flipped))
    for mutant in mutants:
        try:
            doc = extract(mutant, options=ExtractOptions(timeout=60))
        except RagbaseExtractError:
            continue
        assert all(p.text_source in ("ocr", "none", "native") for p in doc.pages)
