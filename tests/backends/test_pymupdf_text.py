"""Text classes of the PyMuPDF backend: bylines, initials, list nesting (issue #10).

Every PDF is generated here with PyMuPDF's base-14 fonts: Helvetica (``helv``),
Helvetica-Bold (``hebo``) and Helvetica-Oblique (``heit``).
"""

from __future__ import annotations

from typing import Any

from ragbase_extract import Heading, ListItem, Paragraph

from ._generated import extract_generated, new_pdf

_SENTENCE = "Body text of the section runs on here in plain type, line {i} of it."


def _body(page: Any, top: float, count: int) -> float:
    for i in range(count):
        page.insert_text((72, top + 14 * i), _SENTENCE.format(i=i), fontsize=11)
    return top + 14 * count


def _centred(page: Any, y: float, text: str, size: float, font: str) -> None:
    import pymupdf

    width = pymupdf.get_text_length(text, fontname=font, fontsize=size)
    page.insert_text(((612 - width) / 2, y), text, fontsize=size, fontname=font)


def test_an_italic_byline_between_a_title_and_a_larger_heading_is_no_heading() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    _centred(page, 80, "Restrictions on Land Ownership", 17, "hebo")
    _centred(page, 104, "Staff of the Research Directorate", 11, "heit")
    page.insert_text((72, 140), "I. Introduction", fontsize=13, fontname="hebo")
    _body(page, 162, 8)
    result = extract_generated(doc)
    headings = [b.text for b in result.blocks if isinstance(b, Heading)]
    assert headings == ["Restrictions on Land Ownership", "I. Introduction"]
    assert any(
        isinstance(b, Paragraph) and b.text == "Staff of the Research Directorate"
        for b in result.blocks
    )


def test_an_italic_heading_over_its_own_text_stays_a_heading() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 80), "I. Introduction", fontsize=13, fontname="hebo")
    bottom = _body(page, 102, 6)
    page.insert_text((72, bottom + 12), "Scope of the survey", fontsize=11, fontname="heit")
    _body(page, bottom + 32, 6)
    headings = [b.text for b in extract_generated(doc).blocks if isinstance(b, Heading)]
    assert headings == ["I. Introduction", "Scope of the survey"]


_TALL_FONT = (
    "<< /Type /Font /Subtype /TrueType /BaseFont /Cambria /Encoding /WinAnsiEncoding"
    " /FontDescriptor << /Type /FontDescriptor /FontName /Cambria /Flags 32"
    " /FontBBox [-1475 -2463 2867 3117] /ItalicAngle 0 /Ascent 3117 /Descent -2463"
    " /CapHeight 667 /StemV 80 >> >>"
)
"""A font whose descriptor claims Cambria's +3.1 / -2.5 em metrics (its math stacks)."""


def test_lines_of_a_font_with_bogus_tall_metrics_keep_their_order_and_headings() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    steps = [f"{n}. Step {n} of the protocol is carried out with care." for n in range(1, 6)]
    steps.insert(3, "II. Set Up the Restriction Digests")
    content = []
    for i, text in enumerate(steps):
        font, size = ("/FB", 12) if text.startswith("II.") else ("/FT", 10)
        content.append(f"BT {font} {size} Tf 72 {700 - 24 * i} Td ({text}) Tj ET")
    tall, bold = doc.get_new_xref(), doc.get_new_xref()
    doc.update_object(tall, _TALL_FONT)
    doc.update_object(bold, "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold >>")
    stream = doc.get_new_xref()
    doc.update_object(stream, "<<>>")
    doc.update_stream(stream, "\n".join(content).encode())
    page.set_contents(stream)
    doc.xref_set_key(page.xref, "Resources", f"<< /Font << /FT {tall} 0 R /FB {bold} 0 R >> >>")
    result = extract_generated(doc)
    assert [b.text for b in result.blocks if isinstance(b, Heading)] == [steps[3]]
    assert result.text.split("\n\n")[3] == steps[3]


_QUESTION = "{n}. If your country has a public legal aid office, which of these apply?"
_OPTIONS = (
    "Yes, there are specific guidelines for all of the providers",
    "Yes, at the local (municipal) level of the government",
    "No, it is up to the discretion of each office",
)


def test_a_numbered_list_going_on_in_the_next_column_is_not_nested() -> None:
    # Two columns of questions, each with indented options: the right column's
    # questions stand further right than the left column's options.
    doc = new_pdf()
    page = doc.new_page(width=842, height=595)
    for left, first in ((50, 1), (450, 5)):
        y = 60.0 if first == 1 else 66.0
        for number in range(first, first + 4):
            page.insert_text((left, y), _QUESTION.format(n=number), fontsize=9)
            for option in _OPTIONS:
                y += 14
                page.insert_text((left + 18, y), f"• {option}", fontsize=9)
            y += 24
    items = list(extract_generated(doc).blocks_of(ListItem))
    assert [(i.marker, i.depth) for i in items if i.ordered] == [(f"{n}.", 0) for n in range(1, 9)]
    assert {i.depth for i in items if not i.ordered} == {1}


def test_a_chapter_label_at_body_size_over_its_title_is_a_heading() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 80), "CHAPTER 7.", fontsize=11, fontname="tiro")
    page.insert_text((72, 110), "CALIFORNIA", fontsize=13, fontname="hebo")
    _body(page, 140, 8)
    page.insert_text((72, 280), "Chapter 7 of the series", fontsize=11)  # not a label alone
    _body(page, 300, 4)
    headings = [b.text for b in extract_generated(doc).blocks if isinstance(b, Heading)]
    assert headings == ["CHAPTER 7.", "CALIFORNIA"]


def test_an_initial_is_no_enumerator_but_a_lettered_list_is_one() -> None:
    doc = new_pdf()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 80), "J. Smith", fontsize=11)
    page.insert_text((72, 104), "A. Vaswani, N. Shazeer and N. Parmar", fontsize=11)
    bottom = _body(page, 140, 4)
    for i, text in enumerate(("A. First option", "B. Second option", "C. Third option")):
        page.insert_text((72, bottom + 20 + 16 * i), text, fontsize=11)
    result = extract_generated(doc)
    assert [(b.marker, b.text) for b in result.blocks_of(ListItem)] == [
        ("A.", "First option"),
        ("B.", "Second option"),
        ("C.", "Third option"),
    ]
    paragraphs = [b.text for b in result.blocks if isinstance(b, Paragraph)]
    assert paragraphs[:2] == ["J. Smith", "A. Vaswani, N. Shazeer and N. Parmar"]
