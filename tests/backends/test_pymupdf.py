"""The pymupdf backend on small real PDFs bundled in tests/data/pdf (origins in its README)."""

from __future__ import annotations

import io
import subprocess
import sys
import zipfile
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

import pytest

from ragbase_extract import (
    CorruptDocumentError,
    Document,
    EncryptedDocumentError,
    ExtractOptions,
    Furniture,
    Heading,
    ListItem,
    Paragraph,
    ResourceLimitError,
    Table,
    extract,
)
from ragbase_extract._backends.pymupdf import PyMuPDFBackend
from ragbase_extract._source import Source

from ..conftest import DATA

PDF = DATA / "pdf"
TABLE_PAGE = PDF / "2305.03393v1-pg9.pdf"
ENCRYPTED = PDF / "2206.01062_pg3.pdf"
SCAN = PDF / "ocr_test.pdf"
ARABIC = PDF / "right_to_left_01.pdf"
OUTLINE = PDF / "bookmark_sample.pdf"
INVISIBLE = PDF / "invisible_text_layer.pdf"


@pytest.fixture(scope="module")
def table_page() -> Document:
    return extract(TABLE_PAGE, backend="pymupdf")


def _headings(doc: Document) -> dict[str, int]:
    return {h.text: h.level for h in doc.blocks_of(Heading)}


# ------------------------------------------------------------------ structure


def test_numbered_section_headings_from_bold_lines(table_page: Document) -> None:
    # 2305.03393v1-pg9.pdf.gt.md: "## 5.1 Hyper Parameter Optimization", "## 5.2 Quantitative Results"
    headings = _headings(table_page)
    assert "5.1 Hyper Parameter Optimization" in headings
    assert "5.2 Quantitative Results" in headings
    assert headings["5.1 Hyper Parameter Optimization"] == headings["5.2 Quantitative Results"]


def test_ruled_table_with_merged_header(table_page: Document) -> None:
    tables = list(table_page.blocks_of(Table))
    assert len(tables) == 1
    table = tables[0]
    assert (table.n_rows, table.n_cols) == (6, 8)
    assert table.header_rows == 2
    grid = table.grid()
    # From the reference: | 6 | 6 | OTSL HTML | 0.965 0.969 | 0.934 0.927 | ...
    assert grid[2][:5] == ["6", "6", "OTSL HTML", "0.965 0.969", "0.934 0.927"]
    assert grid[1][3:6] == ["simple", "complex", "all"]
    teds = next(c for c in table.cells if c.text == "TEDs")
    assert (teds.row, teds.col, teds.col_span, teds.header) == (0, 3, 3, True)
    enc = next(c for c in table.cells if c.text == "# enc-layers")
    assert enc.row_span == 2


def test_table_text_is_not_repeated_as_paragraphs(table_page: Document) -> None:
    paragraphs = " ".join(p.text for p in table_page.blocks_of(Paragraph))
    assert "0.965 0.969" not in paragraphs
    assert "Inference time (secs)" not in paragraphs


def test_running_header_and_page_number_are_furniture(table_page: Document) -> None:
    roles = {f.text: f.role for f in table_page.blocks_of(Furniture)}
    assert roles == {
        "Optimized Table Tokenization for Table Structure Recognition": "header",
        "9": "page_number",
    }
    assert "Optimized Table Tokenization" not in table_page.text
    assert "Optimized Table Tokenization" not in table_page.to_markdown()


def test_caption_paragraph_keeps_its_label(table_page: Document) -> None:
    assert any(p.text.startswith("Table 1. HPO performed") for p in table_page.blocks_of(Paragraph))


def test_hyphenation_repaired_in_paragraphs(table_page: Document) -> None:
    # "Ef-" / "fects" across a line end in the caption of Table 1.
    assert "Effects of reducing" in table_page.text
    assert "Ef- fects" not in table_page.text


def test_provenance_has_page_and_rounded_bbox(table_page: Document) -> None:
    for block in table_page.blocks:
        assert block.prov.page == 1
        assert block.prov.bbox is not None
        for value in block.prov.bbox.as_tuple():
            assert round(value, 2) == value
    page = table_page.pages[0]
    assert (page.width, page.height, page.rotation, page.needs_ocr) == (612.0, 792.0, 0, False)


def test_outline_gives_heading_levels() -> None:
    doc = extract(OUTLINE)
    headings = _headings(doc)
    assert headings["PART I - DEFINITIONS"] == 1
    assert headings["1. Interpretation"] == 2
    assert headings["3.1 Payment Schedule"] == 3
    assert headings["PART III - MISCELLANEOUS"] == 1


def test_repeated_running_header_across_pages() -> None:
    doc = extract(OUTLINE)
    headers = [f for f in doc.blocks_of(Furniture) if f.role == "header"]
    assert [f.text for f in headers] == [f"Sample Agreement — page {n}" for n in (1, 2, 3)]
    assert [f.prov.page for f in headers] == [1, 2, 3]
    assert "Sample Agreement" not in doc.text


def test_page_selection_happens_before_page_work() -> None:
    doc = extract(OUTLINE, options=ExtractOptions(pages=[2]))
    assert [p.number for p in doc.pages] == [2]
    assert {b.prov.page for b in doc.blocks} == {2}
    assert "PART II - OBLIGATIONS" in _headings(doc)
    assert doc.metadata.page_count == 3


def test_max_pages_is_enforced() -> None:
    with pytest.raises(ResourceLimitError) as info:
        extract(OUTLINE, options=ExtractOptions(max_pages=2))
    assert info.value.limit == "max_pages"


# ------------------------------------------------------------------ scripts and layers


def test_arabic_in_logical_order_with_lam_alef_repaired() -> None:
    doc = extract(ARABIC)
    # right_to_left_01.pdf.gt.md: "## تحسين الإنتاجية وحل المشكلات من خلال البرمجة بلغة R و Python"
    title = "تحسين الإنتاجية وحل المشكلات من خلال البرمجة بلغة R و Python"
    assert title in _headings(doc)
    assert "الإنتاجية" in doc.text
    assert "اإلنتاجية" not in doc.text  # MuPDF's raw expansion of the lam-alef ligature
    assert doc.metadata.language == "en-US"


def test_scan_needs_ocr_and_has_no_body_text() -> None:
    doc = extract(SCAN, options=ExtractOptions(ocr="never"))  # OCR itself: tests/ocr
    assert [p.needs_ocr for p in doc.pages] == [True]
    assert doc.needs_ocr
    assert doc.text == ""
    assert doc.body_blocks == ()


def test_invisible_ocr_layer_is_kept_as_text() -> None:
    doc = extract(INVISIBLE)
    assert "Visible heading line" in doc.text
    assert "Invisible OCR text layer" in doc.text
    assert not doc.needs_ocr


@pytest.mark.parametrize("rotation", [90, 180, 270])
def test_rotated_page_is_read_as_displayed(rotation: int) -> None:
    import pymupdf

    opener: Any = pymupdf.open
    source: Any = opener()
    page = source.new_page(width=612, height=792)
    page.set_rotation(rotation)
    for i, text in enumerate(["First displayed line of text", "and its second line."]):
        point_type: Any = pymupdf.Point
        point = point_type(72, 100 + 14 * i) * page.derotation_matrix
        page.insert_text(point, text, fontsize=12, rotate=rotation)
    doc = extract(source.tobytes())
    size = (612.0, 792.0) if rotation == 180 else (792.0, 612.0)
    assert (doc.pages[0].width, doc.pages[0].height, doc.pages[0].rotation) == (*size, rotation)
    assert doc.text == "First displayed line of text and its second line."
    bbox = doc.blocks[0].prov.bbox
    assert bbox is not None
    assert 0 <= bbox.x0 < bbox.x1 <= size[0]
    assert 0 <= bbox.y0 < bbox.y1 <= size[1]


# ------------------------------------------------------------------ errors and metadata


def test_encrypted_without_password() -> None:
    with pytest.raises(EncryptedDocumentError, match="password"):
        extract(ENCRYPTED)


def test_encrypted_with_wrong_password() -> None:
    with pytest.raises(EncryptedDocumentError, match="wrong"):
        extract(ENCRYPTED, options=ExtractOptions(password="not-it"))


def test_encrypted_with_password() -> None:
    doc = extract(ENCRYPTED, options=ExtractOptions(password="1234"))
    meta = doc.metadata
    assert meta.title == "DocLayNet: A Large Human-Annotated Dataset for Document-Layout Analysis"
    assert meta.authors[0] == "Birgit Pfitzmann"
    assert "layout segmentation" in meta.keywords
    assert meta.created == datetime(2025, 10, 20, 11, 35, 6, tzinfo=UTC)
    assert meta.page_count == 1
    assert "4 ANNOTATION CAMPAIGN" in _headings(doc)
    # A paragraph broken by the column end is joined, its hyphen repaired.
    assert "grouped into six distinct categories, namely Financial Reports" in doc.text


def test_metadata_dates_are_timezone_aware() -> None:
    meta = extract(ARABIC).metadata
    assert meta.created == datetime(2024, 11, 1, 15, 36, 20, tzinfo=timezone(timedelta(hours=3)))
    assert meta.authors == ("Ahmad Jaber T Algadeeb",)
    assert meta.producer == "Microsoft® Word LTSC"


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-1.7\n garbage garbage garbage",
        b"%PDF-1.4\n" + bytes(range(256)) * 8,
        TABLE_PAGE.read_bytes()[:1000],
    ],
    ids=["garbage", "binary", "truncated"],
)
def test_corrupt_bytes_raise_corrupt_document_error(data: bytes) -> None:
    with pytest.raises(CorruptDocumentError) as info:
        PyMuPDFBackend().extract(Source(data, name="bad.pdf"), ExtractOptions())
    assert info.value.__cause__ is not None or "no page" in str(info.value)


def test_only_our_errors_leave_the_backend_on_damaged_pages() -> None:
    data = bytearray(TABLE_PAGE.read_bytes())
    for offset in range(2000, len(data), 997):
        data[offset] ^= 0xFF
    try:
        doc = PyMuPDFBackend().extract(Source(bytes(data), name="flipped.pdf"), ExtractOptions())
    except CorruptDocumentError:
        return
    assert doc.backend == "pymupdf"


# ------------------------------------------------------------------ contract


def test_backend_identity() -> None:
    backend = PyMuPDFBackend()
    assert backend.name == "pymupdf"
    assert backend.extra is None
    assert backend.is_available()
    assert "pdf" in {str(f) for f in backend.formats}


def test_backend_modules_import_without_pymupdf() -> None:
    code = (
        "import sys, ragbase_extract._backends.pymupdf as m; "
        "m.PyMuPDFBackend().is_available(); "
        "print('pymupdf' in sys.modules or 'fitz' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_same_bytes_give_identical_json() -> None:
    data = TABLE_PAGE.read_bytes()
    first = extract(data, backend="pymupdf").to_json()
    second = extract(data, backend="pymupdf").to_json()
    assert first == second
    assert Document.from_json(first).to_json() == first


# ------------------------------------------------------------------ other formats MuPDF opens

_FB2 = b"""<?xml version="1.0" encoding="utf-8"?>
<FictionBook xmlns="http://www.gribuser.ru/xml/fictionbook/2.0">
<description><title-info><book-title>Tiny Book</book-title></title-info></description>
<body><section><title><p>Chapter One</p></title>
<p>The first paragraph of the tiny book has several words in it.</p>
<p>A second paragraph follows here.</p></section></body></FictionBook>"""


def test_fb2_paragraphs_follow_the_source_blocks() -> None:
    doc = extract(_FB2)
    assert doc.source.format == "fb2"
    assert doc.metadata.title == "Tiny Book"
    assert [(b.kind, b.text) for b in doc.blocks] == [
        ("heading", "Chapter One"),
        ("paragraph", "The first paragraph of the tiny book has several words in it."),
        ("paragraph", "A second paragraph follows here."),
    ]


def test_svg_text() -> None:
    svg = (
        b'<svg xmlns="http://www.w3.org/2000/svg" width="300" height="100">'
        b'<text x="10" y="40" font-size="14">Hello vector world</text></svg>'
    )
    doc = extract(svg)
    assert doc.source.format == "svg"
    assert doc.text == "Hello vector world"
    assert (doc.pages[0].width, doc.pages[0].height) == (300.0, 100.0)


def test_comic_book_archive_pages_need_ocr() -> None:
    import pymupdf

    pixmap_type: Any = pymupdf.Pixmap
    pixmap = pixmap_type(pymupdf.csRGB, (0, 0, 40, 60), False)
    png = pixmap.tobytes("png")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("001.png", png)
        archive.writestr("002.png", png)
    doc = extract(buffer.getvalue(), options=ExtractOptions(ocr="never"))
    assert doc.source.format == "cbz"
    assert [p.needs_ocr for p in doc.pages] == [True, True]
    assert doc.text == ""


def test_nested_list_depth_from_indentation() -> None:
    import pymupdf

    opener: Any = pymupdf.open
    source: Any = opener()
    page = source.new_page(width=612, height=792)
    rows = [
        (72, "1. First step of the procedure"),
        (90, "a) a detail of the first step"),
        (90, "b) another detail"),
        (72, "2. Second step of the procedure"),
    ]
    for i, (x, text) in enumerate(rows):
        page.insert_text((x, 100 + 16 * i), text, fontsize=11, fontname="helv")
    doc = extract(source.tobytes())
    items = [(b.marker, b.depth, b.ordered, b.text) for b in doc.blocks_of(ListItem)]
    assert items == [
        ("1.", 0, True, "First step of the procedure"),
        ("a)", 1, True, "a detail of the first step"),
        ("b)", 1, True, "another detail"),
        ("2.", 0, True, "Second step of the procedure"),
    ]


def test_mupdf_errors_stay_off_stdout(capfd: pytest.CaptureFixture[str]) -> None:
    import pymupdf

    tools: Any = pymupdf.TOOLS
    before = tools.mupdf_display_errors()
    doc = extract(TABLE_PAGE.read_bytes()[:50000])  # fonts cut short: MuPDF complains
    assert doc.pages
    out, err = capfd.readouterr()
    assert "MuPDF error" not in out
    assert "MuPDF error" not in err
    assert tools.mupdf_display_errors() == before
