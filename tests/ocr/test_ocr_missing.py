"""OCR needed but not installed: the Document still comes back, and says so loudly.

The engine is made unavailable the way a user meets it: no traineddata where
Tesseract looks (``TESSDATA_PREFIX`` pointing at an empty folder). Without the
``[ocr]`` extra installed at all these tests take the same path.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from ragbase_extract import ExtractOptions, extract
from ragbase_extract._ocr import OcrUnavailableWarning

DATA = Path(__file__).resolve().parent.parent / "data" / "pdf"


@pytest.fixture
def no_engine(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TESSDATA_PREFIX", str(tmp_path))


@pytest.mark.usefixtures("no_engine")
def test_scan_without_engine_is_returned_flagged_and_warned() -> None:
    with pytest.warns(OcrUnavailableWarning, match=r"ragbase-extract\[ocr\]"):
        doc = extract(DATA / "ocr_test.pdf")
    page = doc.pages[0]
    assert (page.needs_ocr, page.ocr_skipped, page.text_source) == (True, "unavailable", "none")
    assert doc.needs_ocr
    assert doc.ocr_unavailable == (1,)
    assert doc.text == ""


@pytest.mark.usefixtures("no_engine")
def test_text_pdf_without_engine_is_not_warned(recwarn: pytest.WarningsRecorder) -> None:
    doc = extract(DATA / "2305.03393v1-pg9.pdf")
    assert not [w for w in recwarn if issubclass(w.category, OcrUnavailableWarning)]
    assert doc.ocr_unavailable == ()
    assert not doc.needs_ocr


@pytest.mark.usefixtures("no_engine")
def test_never_asks_for_no_engine(recwarn: pytest.WarningsRecorder) -> None:
    doc = extract(DATA / "ocr_test.pdf", options=ExtractOptions(ocr="never"))
    assert not [w for w in recwarn if issubclass(w.category, OcrUnavailableWarning)]
    assert doc.pages[0].ocr_skipped == "disabled"
    assert doc.ocr_unavailable == ()


def test_unknown_engine_is_a_typed_error() -> None:
    from ragbase_extract import BackendUnavailableError

    with pytest.raises(BackendUnavailableError, match="no OCR engine named 'nope'"):
        extract(DATA / "ocr_test.pdf", options=ExtractOptions(ocr_engine="nope"))


@pytest.mark.corpus
def test_text_rich_epub_with_a_cover_image_is_not_flagged(corpus: Path) -> None:
    # Issue #9.6: needs_ocr means "text is missing here", not "an image exists".
    doc = extract(corpus / "epub" / "epub_purvis_poetry.epub")
    assert not doc.needs_ocr
    assert doc.pages[0].text_source == "none"  # the cover: a picture, nothing to read
    assert doc.pages[0].ocr is None
    assert sum(p.text_source == "native" for p in doc.pages) > 30


def test_extract_many_warns_in_the_callers_process(tmp_path: Path) -> None:
    # The workers find no traineddata; the warning still reaches the caller.
    script = (
        "import warnings, sys\n"
        "from ragbase_extract import extract_many\n"
        "warnings.simplefilter('always')\n"
        "results = list(extract_many([sys.argv[1]], workers=1))\n"
        "print(results[0].document.ocr_unavailable)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(DATA / "ocr_test.pdf")],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, "TESSDATA_PREFIX": str(tmp_path)},
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "(1,)"
    assert result.stderr.count("OcrUnavailableWarning") == 1


def test_unreadable_glyphs_never_reach_text_or_chunks() -> None:
    from ragbase_extract import chunk

    from ._scans import scan_pdf

    junk = "Total \x02\x03 \x04\x05\x06 \x07\x08 \ue011\ue012" * 6
    doc = extract(scan_pdf(junk=junk), options=ExtractOptions(ocr="never"))
    page = doc.pages[0]
    assert (page.needs_ocr, page.ocr_skipped) == (True, "disabled")
    assert "Total" in doc.text  # what is readable stays
    assert not any(c in doc.text for c in "\x02\x03\x04\ue011")
    assert not any("\x03" in c.text for c in chunk(doc, max_tokens=64))
