"""Valid Office files that were reported as corrupt (issue 13.10): empty decks, Strict files."""

from __future__ import annotations

import time
import warnings
import zipfile
from io import BytesIO
from pathlib import Path

import pytest

from ragbase_extract import (
    Document,
    EmptyDocumentWarning,
    ExtractOptions,
    ResourceLimitError,
    extract,
)
from tests._hostile import blank_pdf, make_pdf
from tests._ooxml import presentation, to_strict, workbook
from tests._optional import has_module

needs_office = pytest.mark.skipif(
    not (has_module("docling") and has_module("pptx") and has_module("openpyxl")),
    reason="the docling backend ([office] extra) is not installed",
)

_ROWS: list[list[object]] = [["Region", "Units"], ["North", 12], ["South", 30]]


def _extract_quietly(data: bytes, options: ExtractOptions | None = None) -> Document:
    """Extract, failing on an EmptyDocumentWarning."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", EmptyDocumentWarning)
        return extract(data, options=options)


@needs_office
@pytest.mark.parametrize("isolated", [False, True], ids=["in-process", "worker"])
def test_presentation_without_slides_is_an_empty_document_that_says_so(isolated: bool) -> None:
    # Docling's InputDocument refused it: "Document has 0 pages, fewer than the
    # requested page_range start 1", which reached callers as CorruptDocumentError.
    options = ExtractOptions(timeout=60) if isolated else None
    start = time.perf_counter()
    with pytest.warns(EmptyDocumentWarning, match="pptx document has no content"):
        document = extract(presentation(), options=options)
    assert time.perf_counter() - start < 30
    assert document.source.format == "pptx"
    assert document.blocks == ()
    assert document.text == ""


@needs_office
def test_a_presentation_with_a_slide_is_not_empty() -> None:
    document = _extract_quietly(presentation(("Quarterly results", "Units grew")))
    assert "Quarterly results" in document.text


def test_blank_pdf_page_warns_and_text_pdf_does_not() -> None:
    with pytest.warns(EmptyDocumentWarning, match=r"1 page, no text"):
        document = extract(blank_pdf())
    assert document.blocks == ()
    assert len(document.pages) == 1
    assert _extract_quietly(make_pdf("Hello")).blocks


@needs_office
def test_strict_workbook_reads_like_its_transitional_twin() -> None:
    transitional = workbook(_ROWS)
    strict = to_strict(transitional)
    with zipfile.ZipFile(BytesIO(strict)) as archive:
        assert b"http://purl.oclc.org/ooxml/spreadsheetml/main" in archive.read("xl/workbook.xml")
    start = time.perf_counter()
    document = _extract_quietly(strict)
    assert time.perf_counter() - start < 20
    assert document.to_markdown() == _extract_quietly(transitional).to_markdown()
    assert "| North | 12 |" in document.to_markdown()
    assert document.source.sha256 != _extract_quietly(transitional).source.sha256


@needs_office
def test_strict_presentation_reads_like_its_transitional_twin() -> None:
    transitional = presentation(("Quarterly results", "Units grew"))
    document = _extract_quietly(to_strict(transitional))
    assert document.to_markdown() == _extract_quietly(transitional).to_markdown()
    assert "Quarterly results" in document.text


@needs_office
def test_strict_translation_keeps_the_zip_limits() -> None:
    # The rebuilt package is read through the same member limits as any other.
    strict = to_strict(workbook([["x" * 4000] for _ in range(50)]))
    with zipfile.ZipFile(BytesIO(strict)) as archive:
        sheet = archive.getinfo("xl/worksheets/sheet1.xml").file_size
    with pytest.raises(ResourceLimitError) as info:
        extract(strict, options=ExtractOptions(max_unpacked_bytes=sheet // 2))
    assert info.value.limit == "max_unpacked_bytes"


def test_cli_says_when_a_document_has_no_content(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from ragbase_extract._cli import main

    path = tmp_path / "blank.pdf"
    path.write_bytes(blank_pdf())
    assert main([str(path)]) == 0
    assert "blank.pdf: the document has no content" in capsys.readouterr().err
