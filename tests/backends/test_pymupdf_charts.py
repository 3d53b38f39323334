"""Vector charts are figures, not tables (issue #10: charts read as tables).

Each test draws a chart with PyMuPDF the way plotting and office software
writes one (bars as filled boxes of one colour on a baseline, a data series as
one stroked polyline, gridlines, tick and data labels as text) and checks
that its labels stay text while a real table beside it is still found.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import pytest

from ragbase_extract import Document, Table, extract
from ragbase_extract._backends.pymupdf._charts import chart_areas, in_charts

from ._generated import extract_generated, new_pdf

GREY = (0.5, 0.5, 0.5)
RED = (0.9, 0.25, 0.2)
BLUE = (0.0, 0.38, 0.66)
BLACK = (0.0, 0.0, 0.0)
SHADE = (0.85, 0.9, 0.95)
VALUES = (610, 602, 597, 640, 694, 719, 702)
PROSE = "The committee met on Tuesday to review the budget for the coming year and agreed"


def _tables(doc: Document) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def _text(page: Any, x: float, y: float, text: str, size: float = 8.0) -> None:
    page.insert_text((x, y), text, fontsize=size, fontname="helv")


def _bar_chart(page: Any, *, gridlines: bool, line: bool, top: float = 100.0) -> None:
    """Seven bars with their values above them, axes labelled on both sides, years below."""
    base = top + 160
    if gridlines:
        shape = page.new_shape()
        for k in range(8):
            shape.draw_line((130, base - 20 * k), (490, base - 20 * k))
        shape.finish(width=0.5, color=GREY)
        shape.commit()
    for k in range(8):
        _text(page, 100, base - 20 * k + 3, str(100 * k))
        _text(page, 495, base - 20 * k + 3, str(10 * k))
    shape = page.new_shape()
    heights = [v * 0.17 for v in VALUES]
    for k, h in enumerate(heights):
        shape.draw_rect((145 + 50 * k, base - h, 170 + 50 * k, base))
    shape.finish(color=None, fill=RED, width=0)
    shape.commit()
    for k, (v, h) in enumerate(zip(VALUES, heights, strict=True)):
        _text(page, 148 + 50 * k, base - h - 3, str(v))
    if line:
        points = [(157 + 50 * k, top + 50 - 4 * k + (k % 2) * 6) for k in range(7)]
        page.draw_polyline(points, color=BLUE, width=1.5)
        for k, (x, y) in enumerate(points):
            _text(page, x - 5, y - 4, str(60 + 3 * k))
    for k in range(7):
        _text(page, 148 + 50 * k, base + 15, str(2014 + k))


def _ruled_table(page: Any, top: float) -> None:
    rows = [("Country", "2019", "2020"), ("Cambodia", "1,272", "1,345"), ("Indonesia", "9,651")]
    rows[2] = (*rows[2], "9,870")
    shape = page.new_shape()
    for r in range(4):
        shape.draw_line((72, top + 18 * r), (402, top + 18 * r))
    for c in range(4):
        shape.draw_line((72 + 110 * c, top), (72 + 110 * c, top + 54))
    shape.finish(width=0.5, color=BLACK)
    shape.commit()
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            _text(page, 76 + 110 * c, top + 18 * r + 13, cell, size=10)


def _render(line: bool, *, gridlines: bool = True, table: bool = False) -> Document:
    pdf = new_pdf()
    page = pdf.new_page(width=612, height=792)
    _bar_chart(page, gridlines=gridlines, line=line)
    if table:
        _ruled_table(page, 330)
    _text(page, 72, 320, PROSE, size=10)
    return extract_generated(pdf)


@pytest.mark.parametrize("gridlines", [True, False])
def test_bar_and_line_chart_labels_are_no_table(gridlines: bool) -> None:
    # Before chart areas, the bars (as column borders) and the gridlines made
    # a grid of the data labels: | 60 610 | 63 602 | 597 | 640 |.
    doc = _render(line=True, gridlines=gridlines)
    assert _tables(doc) == []
    for label in ("719", "610", "66", "2017", "700"):
        assert label in doc.text


def test_grouped_bars_data_labels_are_no_text_table() -> None:
    # Three series over three groups, no gridlines: each series' labels stand
    # level across the groups, three rows of three short figures that the
    # text-alignment finder took for a table (| 100.0 |  | 102.0 | ...).
    pdf = new_pdf()
    page = pdf.new_page(width=612, height=792)
    for s, colour in enumerate((RED, BLUE, GREY)):
        tops = [(100 + 110 * g + 32 * s, 300 - (150 - 40 * s + 3 * g)) for g in range(3)]
        _boxes(page, [(x, top, x + 28, 300) for x, top in tops], colour)
        for x, top in tops:
            _text(page, x + 4, top - 3, f"{(300 - top) / 1.5:.1f}")
    for g, name in enumerate(("Tourism", "Handicraft", "Agriculture")):
        _text(page, 120 + 110 * g, 314, name)
    _text(page, 72, 360, PROSE, size=10)
    doc = extract_generated(pdf)
    assert _tables(doc) == []
    assert "104.0" in doc.text
    assert "Handicraft" in doc.text


def test_table_under_a_chart_is_still_found() -> None:
    doc = _render(line=True, table=True)
    tables = _tables(doc)
    assert len(tables) == 1
    assert tables[0].grid() == [
        ["Country", "2019", "2020"],
        ["Cambodia", "1,272", "1,345"],
        ["Indonesia", "9,651", "9,870"],
    ]
    assert "719" in doc.text


def _drawings(draw: Any) -> list[dict[str, Any]]:
    pdf = new_pdf()
    page = pdf.new_page(width=612, height=792)
    draw(page)
    drawings: list[dict[str, Any]] = page.get_cdrawings()
    pdf.close()
    return drawings


def _boxes(page: Any, rects: Sequence[Sequence[float]], colour: Any = RED) -> None:
    shape = page.new_shape()
    for rect in rects:
        shape.draw_rect(rect)
    shape.finish(color=None, fill=colour, width=0)
    shape.commit()


def test_horizontal_bars_are_a_chart() -> None:
    widths = (120, 80, 150, 60)
    areas = chart_areas(
        _drawings(
            lambda p: _boxes(
                p, [(100, 100 + 20 * k, 100 + w, 112 + 20 * k) for k, w in enumerate(widths)]
            )
        )
    )
    assert areas == [(100.0, 100.0, 250.0, 172.0)]


def test_shaded_table_cells_are_no_chart() -> None:
    # A shaded header row: boxes on one baseline, but touching and of one
    # height; a column of shaded cells: one left edge, one width.
    header = [(72 + 110 * c, 100, 182 + 110 * c, 118) for c in range(4)]
    column = [(72, 120 + 20 * r, 182, 138 + 20 * r) for r in range(4)]
    spanned = [(72, 200, 182, 236), (182, 218, 292, 236), (292, 218, 402, 236)]
    # Rows of a column apart (white borders), one of them spanning the table.
    rows = [(72, 300 + 20 * r, 182 if r != 2 else 402, 317 + 20 * r) for r in range(4)]
    # Rules drawn as thin filled bars of differing lengths.
    rules = [(72, 400 + 20 * r, 182 + 50 * r, 401 + 20 * r) for r in range(4)]
    for boxes in (header, column, spanned, rows, rules):
        assert chart_areas(_drawings(lambda p, b=boxes: _boxes(p, b, SHADE))) == []


def test_data_line_is_a_chart_but_a_rule_is_not() -> None:
    def draw(page: Any) -> None:
        page.draw_polyline([(100, 200), (150, 180), (200, 190), (250, 150)], color=BLUE)
        page.draw_polyline([(100, 300), (400, 300), (400, 320)], color=BLACK)

    assert chart_areas(_drawings(draw)) == [(100.0, 150.0, 250.0, 200.0)]


def test_in_charts_takes_the_majority_of_pieces() -> None:
    plot = [(100.0, 100.0, 200.0, 200.0)]
    inside = (120.0, 120.0, 130.0, 130.0)
    beside = (206.0, 150.0, 210.0, 160.0)  # a tick label within reach
    away = (300.0, 300.0, 310.0, 310.0)
    assert in_charts([inside, beside, away], plot)
    assert not in_charts([inside, away, away], plot)
    assert not in_charts([inside], [])


DPBENCH = Path(__file__).resolve().parents[2].parent / "shared" / "bench" / "dpbench-dev"


@pytest.mark.skipif(not DPBENCH.is_dir(), reason="../shared/bench/dpbench-dev is absent")
def test_real_chart_above_a_real_table() -> None:
    # DP-Bench dev 01030000000078: a bar chart with a line series and data
    # labels above "Table 1.4"; its reference keeps the chart's labels as text.
    doc = extract(DPBENCH / "pdfs" / "01030000000078.pdf")
    tables = _tables(doc)
    assert len(tables) == 1
    assert tables[0].grid()[2][:2] == ["Cambodia", "7.5%"]
    assert "719" in doc.text


def _arrow(page: Any, x0: float, x1: float, y: float) -> None:
    """A connector: a stroked shaft and a filled arrowhead at its right end."""
    page.draw_line((x0, y), (x1 - 6, y), color=BLACK, width=0.8)
    page.draw_polyline(
        [(x1 - 7, y - 3), (x1, y), (x1 - 7, y + 3), (x1 - 7, y - 3)], color=None, fill=BLACK
    )


FLOW = (
    ("For a nodule", "known or suspected", "on exam:", "measure TSH"),
    ("Thyroid", "nodule with", "low TSH", "on the scan"),
    ("Radioiodine", "imaging of", "iodine uptake", "and scan"),
)


def test_flowchart_boxes_are_no_table() -> None:
    # A guideline flowchart (pypdf's issue-604 PDF): boxes of wrapped lines
    # side by side, joined by arrows. Their lines stand level like rows of
    # cells; before arrows marked a diagram they came out as a table whose
    # rows cut the boxes' sentences apart.
    pdf = new_pdf()
    page = pdf.new_page(width=792, height=612)
    for c, box in enumerate(FLOW):
        for r, line in enumerate(box):
            _text(page, 40 + 170 * c, 200 + 11 * r, line, size=9)
    for c in range(2):
        for y in (205, 220, 235):
            _arrow(page, 150 + 170 * c, 205 + 170 * c, y)
    _text(page, 40, 400, PROSE, size=10)
    doc = extract_generated(pdf)
    assert _tables(doc) == []
    assert "known or suspected" in doc.text


def test_trend_triangles_without_shafts_keep_their_table() -> None:
    # Small filled triangles in a table (up/down marks beside figures) are no
    # arrows: no line ends at them.
    pdf = new_pdf()
    page = pdf.new_page(width=612, height=792)
    rows = [("Region", "2019", "2020"), ("North", "1,272", "1,345"), ("South", "9,651", "9,870")]
    rows += [("East", "2,250", "2,301"), ("West", "8,067", "8,112")]
    for r, row in enumerate(rows):
        for c, cell in enumerate(row):
            _text(page, 72 + 110 * c, 120 + 16 * r, cell, size=10)
        if r:
            y = 116 + 16 * r
            page.draw_polyline(
                [(350, y + 3), (354, y - 3), (358, y + 3), (350, y + 3)], color=None, fill=BLUE
            )
    _text(page, 72, 250, PROSE, size=10)
    doc = extract_generated(pdf)
    assert [t.grid() for t in _tables(doc)] == [[list(row) for row in rows]]
