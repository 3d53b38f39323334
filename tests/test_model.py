"""The result model: spans, JSON round-trips, validation and renderings."""

from __future__ import annotations

import json

import pytest
from hypothesis import given
from pydantic import ValidationError

from ragbase_extract import (
    BBox,
    Document,
    Figure,
    Furniture,
    Heading,
    ListItem,
    Paragraph,
    Provenance,
    SourceInfo,
    Table,
    TableCell,
    chunk,
)
from ragbase_extract._model import check_box_item

from .strategies import documents

SOURCE = SourceInfo(format="pdf", media_type="application/pdf", size=1, sha256="a" * 64)


@given(documents())
def test_json_round_trip_is_exact(doc: Document) -> None:
    text = doc.model_dump_json()
    again = Document.model_validate_json(text)
    assert again == doc
    assert again.model_dump_json() == text
    assert Document.model_validate(doc.to_dict()) == doc


@given(documents())
def test_every_body_block_span_slices_its_text(doc: Document) -> None:
    for block in doc.body_blocks:
        span = block.prov.span
        assert span is not None
        assert doc.text[span[0] : span[1]] == block.text
    for block in doc.blocks:
        if isinstance(block, Furniture) or not block.text:
            assert block.prov.span is None


@given(documents())
def test_furniture_is_left_out_of_text_and_markdown(doc: Document) -> None:
    without = Document.build(
        backend=doc.backend,
        source=doc.source,
        blocks=[b for b in doc.blocks if not isinstance(b, Furniture)],
    )
    assert without.text == doc.text
    assert without.to_markdown() == doc.to_markdown()


def test_build_lays_out_text_with_blank_lines() -> None:
    doc = Document.build(
        backend="t",
        source=SOURCE,
        blocks=[
            Heading(text="Intro", level=1),
            Furniture(text="Page 3", role="page_number"),
            Paragraph(text="Body text."),
            Figure(),
        ],
    )
    assert doc.text == "Intro\n\nBody text."
    assert [b.prov.span for b in doc.blocks] == [(0, 5), None, (7, 17), None]
    assert doc.to_markdown() == "# Intro\n\nBody text.\n\n<!-- image -->\n"
    assert "Page 3" in doc.to_markdown(include_furniture=True)


def test_tampered_span_is_rejected() -> None:
    doc = Document.build(backend="t", source=SOURCE, blocks=[Paragraph(text="abc")])
    data = json.loads(doc.to_json())
    data["blocks"][0]["prov"]["end"] = 2
    with pytest.raises(ValidationError, match="does not match"):
        Document.model_validate(data)


def test_tampered_text_is_rejected() -> None:
    doc = Document.build(backend="t", source=SOURCE, blocks=[Paragraph(text="abc")])
    data = json.loads(doc.to_json())
    data["text"] = "abc\n\nextra"
    with pytest.raises(ValidationError, match="joined"):
        Document.model_validate(data)


def test_models_are_frozen_and_strict() -> None:
    para = Paragraph(text="x")
    with pytest.raises(ValidationError):
        para.text = "y"  # type: ignore[misc]
    with pytest.raises(ValidationError):
        Paragraph(text="x", colour="red")  # type: ignore[call-arg]
    with pytest.raises(ValidationError):
        Heading(text="x", level=7)


def test_bbox_and_provenance_validate() -> None:
    with pytest.raises(ValidationError, match="out of order"):
        BBox(x0=10, y0=0, x1=0, y1=5)
    with pytest.raises(ValidationError, match="both"):
        Provenance(start=1)
    box = BBox(x0=0, y0=0, x1=1, y1=1).union(BBox(x0=2, y0=-1, x1=3, y1=0.5))
    assert box.as_tuple() == (0, -1, 3, 1)


def test_table_renderings_keep_spans_and_headers() -> None:
    table = Table.from_cells(
        [
            TableCell(row=0, col=0, text="Name", header=True),
            TableCell(row=0, col=1, text="Score", header=True, col_span=2),
            TableCell(row=1, col=0, text="a|b"),
            TableCell(row=1, col=1, text="1"),
            TableCell(row=1, col=2, text="2, 3"),
        ],
        caption="Results",
    )
    assert (table.n_rows, table.n_cols, table.header_rows) == (2, 3, 1)
    # A spanned cell is written once, in its top-left slot (issue #10.1).
    assert table.text == "| Name | Score |  |\n| a\\|b | 1 | 2, 3 |"
    assert table.to_markdown(table_format="pipe").splitlines()[1] == "| --- | --- | --- |"
    assert '<th colspan="2">Score</th>' in table.to_html()
    assert "<caption>Results</caption>" in table.to_html()
    assert table.to_csv() == 'Name,Score,\na|b,1,"2, 3"\n'


def test_markdown_writes_a_table_with_spans_as_html_and_others_as_pipes() -> None:
    spanned = Table.from_cells(
        [
            TableCell(row=0, col=0, text="Region", header=True, row_span=2),
            TableCell(row=0, col=1, text="Sales", header=True, col_span=2),
            TableCell(row=1, col=1, text="2024", header=True),
            TableCell(row=1, col=2, text="2025", header=True),
            TableCell(row=2, col=0, text="North & South"),
            TableCell(row=2, col=1, text="1"),
            TableCell(row=2, col=2, text="2"),
        ],
        caption="Sales by region",
    )
    plain = Table.from_rows([["Region", "Sales"], ["North", "1"]])
    # A pipe table cannot say that "Sales" covers two columns: HTML can, in one block.
    html = spanned.to_markdown()
    assert html.startswith('<table><tr><th rowspan="2">Region</th><th colspan="2">Sales')
    assert "\n" not in html  # one HTML block
    assert "<caption>" not in html  # the caption is Markdown above it
    assert "<td>North &amp; South</td>" in html  # HTML text is HTML-escaped
    assert spanned.to_markdown(table_format="pipe").startswith("| Region | Sales |  |")
    assert plain.to_markdown() == "| Region | Sales |\n| --- | --- |\n| North | 1 |"
    assert plain.to_markdown(table_format="html") == plain.to_html()
    doc = Document.build(backend="t", source=SOURCE, blocks=[spanned, plain])
    assert doc.to_markdown() == f"Sales by region\n\n{html}\n\n{plain.to_markdown()}\n"
    assert "| Region | Sales |  |" in doc.to_markdown(table_format="pipe")
    assert doc.to_markdown(table_format="html").count("<table>") == 2


def test_table_rejects_text_that_disagrees_with_cells() -> None:
    table = Table.from_rows([["a"]])
    with pytest.raises(ValidationError, match="does not match"):
        Table(cells=table.cells, n_rows=1, n_cols=1, text="| b |")
    with pytest.raises(ValidationError, match="outside"):
        Table(cells=(TableCell(row=3, col=0),), n_rows=1, n_cols=1, text="|  |")


def test_list_items_render_tight_and_nested() -> None:
    doc = Document.build(
        backend="t",
        source=SOURCE,
        blocks=[
            ListItem(text="one", marker="1.", ordered=True),
            ListItem(text="inner", depth=1),
            Paragraph(text="# not a heading"),
        ],
    )
    assert doc.to_markdown() == "1. one\n    - inner\n\n\\# not a heading\n"


def test_page_lookup_and_needs_ocr() -> None:
    from ragbase_extract import Page

    doc = Document.build(
        backend="t",
        source=SOURCE,
        blocks=[],
        pages=[Page(number=1), Page(number=2, needs_ocr=True)],
    )
    assert doc.needs_ocr
    assert doc.page(2).needs_ocr
    with pytest.raises(KeyError):
        doc.page(3)


@pytest.mark.parametrize(
    ("checked", "glyph", "marker"), [(True, "☒", "- [x]"), (False, "☐", "- [ ]")]
)
def test_a_check_box_item_keeps_its_state_in_text_chunks_and_markdown(
    checked: bool, glyph: str, marker: str
) -> None:
    item = check_box_item(" Yes ", checked=checked)
    assert (item.marker, item.text) == (marker, f"{glyph} Yes")
    assert check_box_item(item.text, checked=checked) == item  # the glyph is not doubled
    doc = Document.build(
        backend="t", source=SOURCE, blocks=[Paragraph(text="Is it mandatory?"), item]
    )
    assert doc.text == f"Is it mandatory?\n\n{glyph} Yes"
    assert doc.to_markdown() == f"Is it mandatory?\n\n{marker} Yes\n"
    assert any(glyph in piece.text for piece in chunk(doc))
    assert Document.from_json(doc.to_json()).to_markdown() == doc.to_markdown()
