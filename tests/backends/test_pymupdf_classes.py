"""The PDF failure classes of issue #10 on PDFs generated here with PyMuPDF.

Each test builds a small page that shows one class (reading order around tables
and columns, overprinted text, furniture, headings ...) and checks a small
hand-made expectation on what :func:`ragbase_extract.extract` returns.
"""

from __future__ import annotations

from typing import Any

import pymupdf

from ragbase_extract import (
    Code,
    Document,
    Furniture,
    Heading,
    Paragraph,
    Table,
)

from ._generated import extract_generated, new_pdf

_WORDS = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
    "nu",
    "xi",
    "omicron",
    "pi",
    "rho",
]


def _column_lines(tag: str, count: int) -> list[str]:
    """Lines of prose, each tagged with its column and number (``L07``)."""
    return [
        f"{tag}{i:02d} " + " ".join(_WORDS[(i + j) % 17] for j in range(7)) for i in range(count)
    ]


def _two_columns(page: Any, top: float, count: int) -> None:
    for i, (left, right) in enumerate(
        zip(_column_lines("L", count), _column_lines("R", count), strict=True)
    ):
        y = top + 13 * i
        page.insert_text((72, y), left, fontsize=10)
        page.insert_text((320, y), right, fontsize=10)


def _order(doc: Document, tags: str) -> list[str]:
    return [w[:3] for w in doc.text.split() if len(w) == 3 and w[0] in tags and w[1:].isdigit()]


def test_two_columns_below_a_grid_of_short_cells_are_not_interleaved() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    for row in range(16):  # a rule-less grid of numbers over the full width
        for col in range(8):
            page.insert_text((72 + 60 * col, 60 + 12 * row), f"{row}.{col}", fontsize=8)
    _two_columns(page, 300, 24)
    order = _order(extract_generated(doc), "LR")
    assert order == [f"L{i:02d}" for i in range(24)] + [f"R{i:02d}" for i in range(24)]


def test_rows_of_a_rule_less_table_above_two_columns_stay_rows() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    for row in range(8):
        cells = [f"Model{row}", *(f"{row}{col}.5" for col in range(1, 8))]
        for col, text in enumerate(cells):
            page.insert_text((72 + 62 * col, 80 + 14 * row), text, fontsize=9)
    _two_columns(page, 260, 30)
    result = extract_generated(doc)
    tables = [b for b in result.blocks if isinstance(b, Table)]
    assert len(tables) == 1
    rows = tables[0].to_csv().replace(" ", "").splitlines()
    assert "Model3,31.5,32.5,33.5,34.5,35.5,36.5,37.5" in rows
    order = _order(result, "LR")
    assert order == [f"L{i:02d}" for i in range(30)] + [f"R{i:02d}" for i in range(30)]


def test_justified_columns_under_rows_of_cells_that_reach_into_the_gutter() -> None:
    # Cells of the rows above start at shifted places, some inside the narrow
    # gutter: its least-covered stretch is a sliver, yet it is a gutter.
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    for row in range(12):
        for col in range(9):
            x = 72 + 52 * col + (row % 4) * 3
            page.insert_text((x, 60 + 12 * row), f"{row}{col}.25", fontsize=8)
    for tag, x0, x1 in (("L", 72, 292), ("R", 306, 540)):
        text = " ".join(_column_lines(tag, 14))
        page.insert_textbox((x0, 230, x1, 700), text, fontsize=10, align=pymupdf.TEXT_ALIGN_JUSTIFY)
    order = _order(extract_generated(doc), "LR")
    assert order == [f"L{i:02d}" for i in range(14)] + [f"R{i:02d}" for i in range(14)]


def test_blocks_are_typed() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 72), "Plain text", fontsize=10)
    result = extract_generated(doc)
    assert any(isinstance(b, Paragraph) for b in result.blocks)
    assert not any(isinstance(b, Heading) for b in result.blocks)


def _body(page: Any, top: float, count: int) -> None:
    for i, text in enumerate(_column_lines("B", count)):
        page.insert_text((62, top + 14 * i), text + " and more words here.", fontsize=11)


def test_bold_section_number_set_apart_by_a_tab_stays_with_its_title() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    _body(page, 80, 10)
    page.insert_text((62, 250), "7", fontsize=11, fontname="hebo")  # Helvetica-Bold
    page.insert_text((96, 250), "Variants of Observer Models", fontsize=11, fontname="hebo")
    _body(page, 280, 10)
    headings = [(b.text, b.level) for b in extract_generated(doc).blocks if isinstance(b, Heading)]
    assert headings == [("7 Variants of Observer Models", 1)]


def test_numbered_heading_in_emulated_small_caps_is_a_heading() -> None:
    # Full-size initials, smaller capitals for the rest of each word: most
    # characters are in the body size, yet the line reads as a heading.
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    x = 62.0
    page.insert_text((x, 80), "3.", fontsize=14)
    x += 36
    for word in ("RECOLLECTION", "OF", "NATIONAL", "INITIATIVES"):
        for piece, size in ((word[0], 14), (word[1:] + " ", 11)):
            page.insert_text((x, 80), piece, fontsize=size)
            x += pymupdf.get_text_length(piece, fontsize=size)
    _body(page, 100, 10)
    result = extract_generated(doc)
    headings = [(b.text, b.level) for b in result.blocks if isinstance(b, Heading)]
    assert headings == [("3. RECOLLECTION OF NATIONAL INITIATIVES", 1)]
    assert result.blocks[1].text.startswith("B00 ")


def test_numbered_bold_title_at_body_size_is_not_a_list_item_with_the_next_lines() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    page.insert_text(
        (62, 80), "1. Shipping as a vector for marine species", fontsize=11, fontname="hebo"
    )
    _body(page, 94, 10)  # the body follows at the body's own line spacing
    result = extract_generated(doc)
    headings = [(b.text, b.level) for b in result.blocks if isinstance(b, Heading)]
    assert headings == [("1. Shipping as a vector for marine species", 1)]
    assert result.blocks[1].text.startswith("B00 ")


def test_plain_numbers_far_from_the_next_cell_stay_apart() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    _body(page, 80, 10)
    page.insert_text((62, 250), "7", fontsize=11)
    page.insert_text((96, 250), "Variants of Observer Models", fontsize=11)
    _body(page, 280, 10)
    result = extract_generated(doc)
    assert not any(isinstance(b, Heading) for b in result.blocks)
    assert "7 Variants" not in result.text


def test_overprinted_fake_bold_text_is_kept_once_and_reads_as_bold() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    for dx, dy in ((0, 0), (0.4, 0), (0.4, 0.3), (0, 0.3)):  # four passes, small offsets
        page.insert_text((72 + dx, 100 + dy), "Overprinted Title", fontsize=11)
    _body(page, 130, 10)
    for dx in (0, 0.3):  # a sentence drawn twice
        page.insert_text((62 + dx, 300), "Twice drawn words end here.", fontsize=11)
    result = extract_generated(doc)
    assert result.text.count("Overprinted Title") == 1
    assert result.text.count("Twice drawn words end here.") == 1
    assert [(b.text, b.level) for b in result.blocks if isinstance(b, Heading)] == [
        ("Overprinted Title", 1)
    ]


def test_the_same_words_elsewhere_on_the_page_are_kept() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    for y in (100, 112, 300):
        page.insert_text((72, y), "Repeated words", fontsize=11)
    page.insert_text((72.5, 112 + 5), "Repeated words", fontsize=11)  # half a line lower
    assert extract_generated(doc).text.count("Repeated words") == 4


def _contents_page(title: str, title_font: str, title_size: float) -> Document:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 72), title, fontsize=title_size, fontname=title_font)
    entries = ["Introduction", "Part I. Exploring Your Data", "Methods", "Results"]
    for i, entry in enumerate(entries):
        y = 110 + 30 * i
        page.insert_text((72, y), entry, fontsize=14 if entry.startswith("Part") else 11)
        page.insert_text((520, y), str(3 + 4 * i), fontsize=11)
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 72), "Introduction", fontsize=16)
    _body(page, 100, 12)
    return extract_generated(doc)


def test_a_contents_heading_is_found_and_its_entries_are_no_sections() -> None:
    result = _contents_page("Contents", "helv", 11)
    headings = [(b.text, b.prov.page) for b in result.blocks if isinstance(b, Heading)]
    assert headings == [("Contents", 1), ("Introduction", 2)]
    entries = [b.text for b in result.blocks if isinstance(b, Paragraph) and b.prov.page == 1]
    assert "Part I. Exploring Your Data" in " ".join(entries)


def test_table_of_contents_in_bold_body_type_is_a_heading() -> None:
    result = _contents_page("Table of Contents", "hebo", 11)
    headings = [b.text for b in result.blocks if isinstance(b, Heading)]
    assert headings == ["Table of Contents", "Introduction"]


def test_monospace_lines_in_a_larger_size_are_code_not_headings() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    _body(page, 80, 10)
    for i, sql in enumerate(["SELECT name, total", "FROM orders", "WHERE total > 100"]):
        page.insert_text((62, 250 + 16 * i), sql, fontsize=13, fontname="cour")
    _body(page, 320, 10)
    result = extract_generated(doc)
    assert not any(isinstance(b, Heading) for b in result.blocks)
    assert [b.text for b in result.blocks if isinstance(b, Code)] == [
        "SELECT name, total\nFROM orders\nWHERE total > 100"
    ]


def test_download_and_revision_stamps_on_a_single_page_are_furniture() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 40), "Rev. 2.1 - 2023-04-01", fontsize=8)
    _body(page, 100, 20)
    stamp = "Downloaded from https://example.org/report on 3 May 2024"
    page.insert_text((72, 770), stamp, fontsize=8)
    result = extract_generated(doc)
    furniture = {b.text: b.role for b in result.blocks if isinstance(b, Furniture)}
    assert furniture == {"Rev. 2.1 - 2023-04-01": "header", stamp: "footer"}
    markdown = result.to_markdown()
    assert "Downloaded" not in markdown
    assert "Rev. 2.1" not in markdown
    assert "B19 " in markdown


def test_revision_words_in_the_body_stay_text() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    _body(page, 100, 10)
    page.insert_text(
        (62, 300), "Revision 3 of the plan was downloaded from the archive.", fontsize=11
    )
    _body(page, 330, 10)
    assert "Revision 3 of the plan" in extract_generated(doc).to_markdown()


def test_symbols_positioned_apart_without_space_characters_keep_word_spaces() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    _body(page, 80, 10)
    x = 62.0
    pieces = [("for every x", "helv"), ("=", "tiro"), ("X and y", "helv"), ("<", "tiro")]
    for text, font in [*pieces, ("z holds.", "helv")]:  # symbols in another font
        page.insert_text((x, 250), text, fontsize=11, fontname=font)
        # 1.6 pt apart (0.15 em, a thin space): MuPDF itself reports no space
        x += pymupdf.get_text_length(text, fontsize=11, fontname=font) + 1.6
    _body(page, 280, 10)
    assert "for every x = X and y < z holds." in extract_generated(doc).text


def test_letters_drawn_one_by_one_stay_one_word() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    _body(page, 80, 10)
    x = 62.0
    for letter in "Kerning":  # each letter positioned on its own, tightly
        page.insert_text((x, 250), letter, fontsize=11)
        x += pymupdf.get_text_length(letter, fontsize=11) + 0.3
    _body(page, 280, 10)
    assert "Kerning" in extract_generated(doc).text


def test_ligature_stand_ins_are_repaired_where_the_document_spells_the_word() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    page.insert_text((62, 80), "Difficulties and effects of the official reflection.", fontsize=11)
    _body(page, 100, 6)
    broken = 'The di!culties had e!ects on o#cial re"ection, and a bl!rp stays.'
    page.insert_text((62, 200), broken, fontsize=11)
    _body(page, 220, 6)
    text = extract_generated(doc).text
    assert "The difficulties had effects on official reflection, and a bl!rp stays." in text
