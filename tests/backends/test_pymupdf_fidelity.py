"""More PDF failure classes of issue #10, on PDFs generated here with PyMuPDF.

Like ``test_pymupdf_classes``: each test draws a small page that shows one
class and checks a small hand-made expectation on what
:func:`ragbase_extract.extract` returns.
"""

from __future__ import annotations

import pymupdf
import pytest

from ragbase_extract import Furniture, Heading, Paragraph, chunk
from ragbase_extract._backends.pymupdf._style import is_bold

from ._generated import extract_generated, new_pdf


def test_contents_entries_reaching_the_bottom_band_are_no_footer() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 72), "Contents", fontsize=20)
    for i in range(30):  # entries at a steady pitch down to the last 5% of the page
        y = 130 + 21.5 * i
        page.insert_text((72, y), f"Section {i + 1}: Topic number {i + 1}", fontsize=10)
        page.insert_text((520, y), str(3 + 2 * i), fontsize=10)
    page.insert_text((303, 782), "1", fontsize=10)  # the folio, set apart below
    result = extract_generated(doc)
    furniture = [(b.text, b.role) for b in result.blocks if isinstance(b, Furniture)]
    assert furniture == [("1", "page_number")]
    assert "Section 30: Topic number 30" in result.text
    assert result.text.rstrip().endswith("61")


_PROSE = (
    "Fact checkers verify that the names, dates and facts in a work are correct before "
    "it is published. They may contact a person who is quoted in an article and ask "
    "whether the quotation is right, or how to spell the name of that person. Most of "
    "the errors they catch are accidental, and a few are not. Magazines employ more of "
    "them than newspapers do, and radio programs employ very few of them at all."
)


def _wrapped(text: str, per_line: int) -> list[str]:
    words = text.split()
    return [" ".join(words[i : i + per_line]) for i in range(0, len(words), per_line)]


def test_a_side_note_beside_the_text_is_read_as_a_column_of_its_own() -> None:
    doc = new_pdf()
    page = doc.new_page(width=396, height=612)
    note = _wrapped("In this context we mean checks done before a source is out.", 2)
    for i, text in enumerate(note):  # a narrow note, its baselines between the text's
        page.insert_text((60, 134 + 14 * i), text, fontsize=9)
    for i, text in enumerate(_wrapped(_PROSE, 6)):
        page.insert_text((180, 104 + 14 * i), text, fontsize=9)
    text = " ".join(extract_generated(doc).text.split())
    assert "In this context we mean checks done before a source is out." in text
    assert _PROSE in text


def test_a_footnote_mark_raised_after_a_title_stays_on_the_title_line() -> None:
    doc = new_pdf()
    page = doc.new_page(width=396, height=612)
    page.insert_text((57, 72), "Fact-Checking", fontsize=14.5)
    width = pymupdf.get_text_length("Fact-Checking", fontsize=14.5)
    page.insert_text((57 + width + 0.5, 64), "2", fontsize=8.5)  # raised, smaller
    for i, text in enumerate(_wrapped(_PROSE, 8)):
        page.insert_text((57, 110 + 14 * i), text, fontsize=9)
    result = extract_generated(doc)
    # The mark is glued on as in the text layer (plain get_text() reads "Fact-Checking2").
    assert [b.text for b in result.blocks if isinstance(b, Heading)] == ["Fact-Checking2"]


def test_text_in_the_style_of_a_paragraph_is_no_heading_when_small_print_dominates() -> None:
    doc = new_pdf()
    page = doc.new_page(width=396, height=612)
    for i, text in enumerate(_wrapped(_PROSE + " " + _PROSE, 4)):  # a long 8 pt side caption
        page.insert_text((290, 60 + 10 * i), text, fontsize=8)
    page.insert_text((57, 312), "False Causation", fontsize=14.5, fontname="hebo")
    page.insert_text((57, 345), "Correlation does not imply causation.", fontsize=9)
    for i, text in enumerate(_wrapped(_PROSE, 7)):  # indented first line: a new paragraph
        page.insert_text((66 if i == 0 else 57, 359 + 14 * i), text, fontsize=9)
    for i, text in enumerate(_wrapped(_PROSE, 9)):  # 8 pt footnotes
        page.insert_text((57, 500 + 10 * i), text, fontsize=8)
    result = extract_generated(doc)
    assert [b.text for b in result.blocks if isinstance(b, Heading)] == ["False Causation"]
    assert "Correlation does not imply causation." in result.text


def test_a_bold_run_in_head_stays_with_its_paragraph() -> None:
    doc = new_pdf()
    page = doc.new_page(width=396, height=612)
    lines = _wrapped(_PROSE, 8)
    for i, text in enumerate(lines):
        page.insert_text((57, 80 + 14 * i), text, fontsize=10)
    y = 80 + 14 * len(lines) + 6
    head = "Ablation on merge methods."
    page.insert_text((57, y), head, fontsize=10, fontname="hebo")
    x = 57 + pymupdf.get_text_length(head + " ", fontsize=10, fontname="hebo")
    page.insert_text((x, y), "From", fontsize=10)  # the line is bold but for its last word
    for i, text in enumerate(lines):
        page.insert_text((57, y + 14 * (i + 1)), text, fontsize=10)
    result = extract_generated(doc)
    assert not [b.text for b in result.blocks if isinstance(b, Heading)]
    assert f"Ablation on merge methods. From {lines[0]}" in result.text


def test_body_type_a_little_larger_is_no_heading_unless_numbered_or_another_font() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 72), "Scaling Models Simply", fontsize=16, fontname="hebo")
    page.insert_text((72, 100), "Upstage AI, South Korea", fontsize=12, fontname="tiro")
    for i, text in enumerate(_wrapped(_PROSE, 12)):
        page.insert_text((72, 130 + 14 * i), text, fontsize=11, fontname="tiro")
    page.insert_text((72, 230), "2.1 Scope of the work", fontsize=12, fontname="tiro")
    page.insert_text((72, 260), "Related Work", fontsize=12, fontname="helv")
    for i, text in enumerate(_wrapped(_PROSE, 12)):
        page.insert_text((72, 280 + 14 * i), text, fontsize=11, fontname="tiro")
    result = extract_generated(doc)
    headings = [b.text for b in result.blocks if isinstance(b, Heading)]
    assert headings == ["Scaling Models Simply", "2.1 Scope of the work", "Related Work"]


@pytest.mark.parametrize(
    ("font", "bold"),
    [
        ("CMBX12", True),  # TeX's Computer Modern Bold Extended
        ("ABCDEF+CMSSBX10", True),
        ("CMR10", False),
        ("NimbusRomNo9L-Medi", True),  # URW's Times bold
        ("NimbusRomNo9L-Regu", False),
        ("Roboto-Medium", False),
    ],
)
def test_bold_fonts_whose_names_do_not_say_bold(font: str, bold: bool) -> None:
    assert is_bold({"font": font, "flags": 0}) is bold


def test_control_characters_of_an_unmapped_span_never_reach_text_or_chunks() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    for i, text in enumerate(_wrapped(_PROSE, 10)):
        page.insert_text((72, 100 + 14 * i), text, fontsize=11)
    xref = page.get_contents()[0]
    font = page.get_fonts()[0][4]
    # One span of glyph codes 2, 3 and 4 (what a font without a Unicode map
    # gives), among readable text: too few to call the page unreadable.
    junk = f"\nBT /{font} 11 Tf 72 300 Td (Broken \\002\\003 \\004glyphs here) Tj ET\n"
    doc.update_stream(xref, doc.xref_stream(xref) + junk.encode())
    result = extract_generated(doc)
    assert "Broken glyphs here" in result.text
    texts = [result.text, *(c.text for c in chunk(result, max_tokens=64))]
    assert not any(ch in text for text in texts for ch in "\x02\x03\x04")


def test_a_chapter_number_in_display_type_over_its_title_is_a_heading() -> None:
    doc = new_pdf()
    page = doc.new_page(width=434, height=663)
    page.insert_text((204, 165), "2", fontsize=30, fontname="tiro")
    page.insert_text((114, 205), "The Lost Homeland", fontsize=24, fontname="tibo")
    for i, text in enumerate(_wrapped(_PROSE, 11)):
        page.insert_text((57, 256 + 14 * i), text, fontsize=11, fontname="tiro")
    page.insert_text((57, 350), "3", fontsize=11, fontname="tiro")  # a bare number in body type
    for i, text in enumerate(_wrapped(_PROSE, 11)):
        page.insert_text((57, 370 + 14 * i), text, fontsize=11, fontname="tiro")
    result = extract_generated(doc)
    headings = [(b.text, b.level) for b in result.blocks if isinstance(b, Heading)]
    assert headings == [("2", 1), ("The Lost Homeland", 2)]


def test_a_forms_label_and_the_value_on_its_row_read_as_one_paragraph() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 72), "Application for a permit", fontsize=16, fontname="hebo")
    fields = [
        ("Name of applicant:", "Jane Example Smith"),
        ("Address:", "12 High Street, Springfield"),
        ("Permit type:", "Temporary parking for a removal van"),
    ]
    for i, (label, value) in enumerate(fields):
        page.insert_text((72, 120 + 22 * i), label, fontsize=10, fontname="hebo")
        page.insert_text((220, 120 + 22 * i), value, fontsize=10)
    for i, text in enumerate(_wrapped(_PROSE, 12)):
        page.insert_text((72, 220 + 13 * i), text, fontsize=10)
    result = extract_generated(doc)
    paragraphs = [b.text for b in result.blocks if isinstance(b, Paragraph)]
    assert paragraphs[:3] == [f"{label} {value}" for label, value in fields]
