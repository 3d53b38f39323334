"""Per-page progress through OCR, the slow case a person waits for (issue #9.8).

The scan is made in the tests (see ``tests/ocr/_scans.py``); Tesseract reads it
for real, through the counting wrapper that tells when it was called.
"""

from __future__ import annotations

from typing import Any

import pymupdf

from ragbase_extract import ExtractOptions, extract
from ragbase_extract._ocr import engine_for
from tests.ocr._scans import CountingEngine, needs_engine, scan_pdf


@needs_engine
def test_a_scanned_page_is_reported_once_it_is_read() -> None:
    opener: Any = pymupdf.open  # untyped library
    doc = opener(stream=scan_pdf())
    doc.new_page().insert_text((72, 72), "A page with a text layer.")
    data: bytes = doc.tobytes()
    doc.close()
    engine = engine_for(CountingEngine.name)
    assert isinstance(engine, CountingEngine)
    before = engine.calls
    seen: list[tuple[int, int, int]] = []
    result = extract(
        data,
        options=ExtractOptions(ocr="auto", ocr_engine=CountingEngine.name),
        on_progress=lambda done, total: seen.append((done, total, engine.calls - before)),
    )
    assert [page.text_source for page in result.pages] == ["ocr", "native"]
    # (pages done, pages, OCR calls so far): the scan's report follows its OCR.
    assert seen == [(0, 2, 0), (1, 2, 1), (2, 2, 1)]
