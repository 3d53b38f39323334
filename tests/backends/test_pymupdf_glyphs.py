"""Glyphs whose Unicode MuPDF gets wrong or cannot know: ligature names, symbol-font boxes.

Every PDF here is written by the test: a font dictionary with the encoding
under test, then a content stream that draws its codes.
"""

from __future__ import annotations

from typing import Any

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
