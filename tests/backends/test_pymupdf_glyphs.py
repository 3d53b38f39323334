"""Glyphs whose Unicode MuPDF gets wrong or cannot know: ligature names, symbol-font boxes.

Every PDF here is written by the test: a font dictionary with the encoding
under test, then a content stream that draws its codes.
"""

from __future__ import annotations

from typing import Any

import pytest

from ragbase_extract import ListItem, Table
from ragbase_extract._backends.pymupdf._classify import list_marker
from ragbase_extract._backends.pymupdf._glyphnames import _expansion

from ._generated import extract_generated, new_pdf


def _page_with_font(font: str, content: str) -> Any:
    """A one-page PDF whose content draws with ``font`` (a font dictionary) as ``/FX``."""
    doc = new_pdf()
    page = doc.new_page()
    xref = doc.get_new_xref()
    doc.update_object(xref, font)
    stream = doc.get_new_xref()
    doc.update_object(stream, "<<>>")
    doc.update_stream(stream, content.encode("latin-1"))
    page.set_contents(stream)
    doc.xref_set_key(page.xref, "Resources", f"<< /Font << /FX {xref} 0 R >> >>")
    return doc


def _helvetica(differences: str, first: int, widths: list[int]) -> str:
    return (
        "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica"
        f" /Encoding << /Type /Encoding /BaseEncoding /WinAnsiEncoding"
        f" /Differences [{differences}] >>"
        f" /FirstChar {first} /LastChar {first + len(widths) - 1}"
        f" /Widths [{' '.join(map(str, widths))}] >>"
    )


def _widths(**by_code: int) -> list[int]:
    """Helvetica-like widths for codes 1-126, some set by hand (``c84=611``)."""
    widths = [556] * 126
    for key, value in by_code.items():
        widths[int(key[1:]) - 1] = value
    return widths


def test_ligature_glyph_names_without_a_unicode_map_are_spelled_out() -> None:
    # Code 1 draws /T_h (as InDesign's Garamond subsets do), 2 draws /f_t; "T"
    # (84) and "f" (102) are the plain letters, of other widths.
    font = _helvetica("1 /T_h /f_t", 1, _widths(c1=1167, c2=611, c84=611, c102=278))
    text = "BT /FX 12 Tf 72 700 Td (\\001e a\\002er That) Tj ET"
    doc = extract_generated(_page_with_font(font, text))
    assert doc.text.split() == ["The", "after", "That"]


def test_a_ligature_as_wide_as_its_plain_letter_is_left_alone() -> None:
    # Which code drew a "T" of width 611 cannot be told apart: no guess.
    font = _helvetica("1 /T_h", 1, _widths(c1=611, c84=611))
    text = "BT /FX 12 Tf 72 700 Td (\\001e Tea) Tj ET"
    doc = extract_generated(_page_with_font(font, text))
    assert doc.text.split() == ["Te", "Tea"]


def _to_unicode(doc: Any, pairs: dict[int, int]) -> int:
    """A ``/ToUnicode`` CMap stream mapping one-byte codes to code points."""
    lines = "\n".join(f"<{code:02X}> <{uni:04X}>" for code, uni in pairs.items())
    cmap = (
        "/CIDInit /ProcSet findresource begin 12 dict begin begincmap\n"
        "/CMapName /Test def /CMapType 2 def\n"
        "1 begincodespacerange <00> <FF> endcodespacerange\n"
        f"{len(pairs)} beginbfchar\n{lines}\nendbfchar\n"
        "endcmap CMapName currentdict /CMap defineresource pop end end"
    )
    xref = int(doc.get_new_xref())
    doc.update_object(xref, "<<>>")
    doc.update_stream(xref, cmap.encode())
    return xref


def _form(font: str, lines: list[tuple[str, str]], to_unicode: dict[int, int] | None = None) -> Any:
    """A page of lines: each a symbol-font code string, then a word in Helvetica."""
    content = []
    for i, (codes, word) in enumerate(lines):
        y = 700 - 20 * i
        content.append(f"BT /FX 11 Tf 72 {y} Td ({codes}) Tj ET")
        content.append(f"BT /FH 11 Tf 90 {y} Td ({word}) Tj ET")
    doc = _page_with_font(font, "\n".join(content))
    page = doc[0]
    resources = doc.xref_get_key(page.xref, "Resources")[1]
    helv = doc.get_new_xref()
    doc.update_object(helv, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    doc.xref_set_key(page.xref, "Resources", resources.replace("<< /FX", f"<< /FH {helv} 0 R /FX"))
    if to_unicode is not None:
        fx = int(doc.xref_get_key(page.xref, "Resources/Font/FX")[1].split()[0])
        doc.xref_set_key(fx, "ToUnicode", f"{_to_unicode(doc, to_unicode)} 0 R")
    return doc


_WINGDINGS = (
    "<< /Type /Font /Subtype /TrueType /BaseFont /ABCDEF+Wingdings /Encoding /WinAnsiEncoding >>"
)


def test_wingdings_boxes_mapped_by_word_to_private_use_are_check_boxes() -> None:
    # Word writes Wingdings code c as U+F000 + c: 0xA8 is an empty box, 0xFE a
    # checked one, 0x6C a round bullet.
    pairs = {0xA8: 0xF0A8, 0xFE: 0xF0FE, 0x6C: 0xF06C}
    lines = [("\\250", "Tea"), ("\\376", "Coffee"), ("\\154", "Milk")]
    doc = extract_generated(_form(_WINGDINGS, lines, pairs))
    assert [(b.marker, b.text) for b in doc.blocks_of(ListItem)] == [
        ("- [ ]", "☐ Tea"),
        ("- [x]", "☒ Coffee"),
        ("•", "Milk"),
    ]
    assert doc.to_markdown().splitlines()[:3] == ["- [ ] Tea", "- [x] Coffee", "- Milk"]
    # The state reaches the text that chunks are cut from, not only the Markdown.
    assert doc.text.split("\n\n")[:2] == ["☐ Tea", "☒ Coffee"]


def test_zapf_dingbats_without_a_map_reads_its_boxes_and_check_marks() -> None:
    # The standard-14 font, not embedded: "o" (a74) and "q" (a75) draw boxes,
    # "4" (a20) a check mark, "l" (a71) a round bullet.
    font = "<< /Type /Font /Subtype /Type1 /BaseFont /ZapfDingbats >>"
    lines = [("o", "Yes"), ("q", "No"), ("4", "Done"), ("l", "Item")]
    doc = extract_generated(_form(font, lines))
    assert [(b.marker, b.text) for b in doc.blocks_of(ListItem)] == [
        ("- [ ]", "☐ Yes"),
        ("- [ ]", "☐ No"),
        ("✓", "Done"),
        ("•", "Item"),
    ]


def test_a_check_box_behind_a_bullet_or_before_other_boxes_makes_a_task_item() -> None:
    assert list_marker("• ☐Other (please specify)") == ("- [ ]", False, "Other (please specify)")
    assert list_marker("☒ Yes ☐ No") == ("- [x]", False, "Yes ☐ No")
    assert list_marker("• plain item") == ("•", False, "plain item")


# ------------------------------------------------------------------ check boxes drawn as paths

_BLACK = (0.0, 0.0, 0.0)
_WHITE = (1.0, 1.0, 1.0)


def _box(page: Any, x: float, baseline: float, mark: str = "") -> None:
    """A 9-point check box left of ``x``: empty, ``fill`` (dark) or ``cross`` (drawn inside)."""
    rect = (x - 13, baseline - 9, x - 4, baseline)
    page.draw_rect(rect, color=_BLACK, fill=_BLACK if mark == "fill" else _WHITE, width=0.75)
    if mark == "cross":
        page.draw_line((rect[0] + 2, rect[1] + 2), (rect[2] - 2, rect[3] - 2), color=_BLACK)
        page.draw_line((rect[0] + 2, rect[3] - 2), (rect[2] - 2, rect[1] + 2), color=_BLACK)


def test_drawn_check_boxes_become_task_items_checked_when_filled_or_crossed() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 80), "Is the standard mandatory?", fontsize=11)
    for i, (word, mark) in enumerate((("Yes", ""), ("No", "fill"), ("Unsure", "cross"))):
        _box(page, 90, 104 + 18 * i, mark)
        page.insert_text((90, 104 + 18 * i), word, fontsize=11)
    items = list(extract_generated(doc).blocks_of(ListItem))
    assert [(i.marker, i.text) for i in items] == [
        ("- [ ]", "☐ Yes"),
        ("- [x]", "☒ No"),
        ("- [x]", "☒ Unsure"),
    ]


def test_a_grid_of_small_squares_and_a_lone_square_are_no_check_boxes() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    for col in range(6):  # touching squares: a grid, as of a crossword
        page.draw_rect((72 + 10 * col, 90, 82 + 10 * col, 100), color=_BLACK, width=0.5)
    page.insert_text((140, 99), "Fill the grid", fontsize=11)
    page.draw_rect((300, 300, 309, 309), color=_BLACK, width=0.5)  # no text beside it
    page.insert_text((72, 400), "Plain words far from any square.", fontsize=11)
    doc_out = extract_generated(doc)
    assert "☐" not in doc_out.text
    assert "☒" not in doc_out.text
    assert not list(doc_out.blocks_of(ListItem))


def _ruled_two_by_three(doc: Any) -> Any:
    """A new page ruled as a table of three rows and two columns (72-432 x 100-160 pt)."""
    page = doc.new_page(width=612, height=792)
    shape = page.new_shape()
    for y in (100, 120, 140, 160):
        shape.draw_line((72, y), (432, y))
    for x in (72, 252, 432):
        shape.draw_line((x, 100), (x, 160))
    shape.finish(width=0.5, color=_BLACK)
    shape.commit()
    return page


def test_drawn_check_boxes_in_a_ruled_table_cell_are_read_in_its_text() -> None:
    doc = new_pdf()
    page = _ruled_two_by_three(doc)
    rows = (("Question", "Answer"), ("Mandatory?", ""), ("Certified?", ""))
    for r, (left, right) in enumerate(rows):
        page.insert_text((76, 114 + 20 * r), left, fontsize=10)
        page.insert_text((256, 114 + 20 * r), right, fontsize=10)
    for r, marks in ((1, ("", "fill")), (2, ("fill", ""))):
        for (word, x), mark in zip((("Yes", 290), ("No", 350)), marks, strict=True):
            _box(page, x, 114 + 20 * r, mark)
            page.insert_text((x, 114 + 20 * r), word, fontsize=10)
    table = next(extract_generated(doc).blocks_of(Table))
    texts = [[cell.text for cell in table.cells if cell.row == r] for r in range(3)]
    assert texts[1:] == [["Mandatory?", "☐ Yes ☒ No"], ["Certified?", "☒ Yes ☐ No"]]


def test_symbol_font_check_boxes_in_a_ruled_table_cell_are_read() -> None:
    doc = new_pdf()
    page = _ruled_two_by_three(doc)
    page.insert_text((76, 114), "Question", fontsize=10)
    page.insert_text((256, 114), "Answer", fontsize=10)
    for r, question in ((1, "Mandatory?"), (2, "Certified?")):
        page.insert_text((76, 114 + 20 * r), question, fontsize=10)
        page.insert_text((270, 114 + 20 * r), "Yes", fontsize=10)
        page.insert_text((311, 114 + 20 * r), "No", fontsize=10)
    # Wingdings boxes as Word writes them: 0xA8 empty, 0xFE checked (U+F0A8, U+F0FE).
    font = int(doc.get_new_xref())
    doc.update_object(font, _WINGDINGS)
    doc.xref_set_key(font, "ToUnicode", f"{_to_unicode(doc, {0xA8: 0xF0A8, 0xFE: 0xF0FE})} 0 R")
    resources = int(doc.xref_get_key(page.xref, "Resources")[1].split()[0])
    doc.xref_set_key(resources, "Font/FX", f"{font} 0 R")
    glyphs = [("\\250", 257, 134), ("\\376", 298, 134), ("\\376", 257, 154), ("\\250", 298, 154)]
    stream = doc.get_new_xref()
    doc.update_object(stream, "<<>>")
    content = " ".join(f"BT /FX 10 Tf {x} {792 - y} Td ({c}) Tj ET" for c, x, y in glyphs)
    doc.update_stream(stream, content.encode("latin-1"))
    contents = " ".join(f"{x} 0 R" for x in page.get_contents())
    doc.xref_set_key(page.xref, "Contents", f"[{contents} {stream} 0 R]")
    table = next(extract_generated(doc).blocks_of(Table))
    texts = [[cell.text for cell in table.cells if cell.row == r] for r in range(3)]
    assert texts[1:] == [["Mandatory?", "☐ Yes ☒ No"], ["Certified?", "☒ Yes ☐ No"]]


@pytest.mark.parametrize(
    ("name", "text"),
    [
        ("T_h", "Th"),
        ("f_t.alt", "ft"),
        ("uni0054_uni0068", "Th"),
        ("u0073_t", "st"),
        ("f_f", ""),  # MuPDF maps the five Latin ligatures itself
        ("T", ""),  # no ligature
        ("T_foo", ""),  # a component without Unicode: no guess
        ("uniD800_t", ""),  # a surrogate is no text
    ],
)
def test_ligature_names_expand_by_the_glyph_list_rules(name: str, text: str) -> None:
    assert _expansion(name) == text


def test_a_chart_legend_key_in_a_strong_colour_is_no_check_box() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    for i, (name, colour) in enumerate((("Revenue", (0.1, 0.3, 0.8)), ("Costs", (0.8, 0.2, 0.1)))):
        y = 100 + 18 * i
        page.draw_rect((72, y - 9, 81, y), color=_BLACK, fill=colour, width=0.5)
        page.insert_text((86, y), name, fontsize=11)
    result = extract_generated(doc)
    assert result.to_markdown().split() == ["Revenue", "Costs"]  # no "- [x]" items
