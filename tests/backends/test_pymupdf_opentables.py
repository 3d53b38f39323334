"""Tables ruled across only (issue #10, classes 3 and 4), on PDFs drawn inside the tests.

Papers and reports draw tables with horizontal rules alone (top, under the
headings, bottom; or a rule under every row) and no verticals. Each test draws
one such class, or a look-alike that is no table (a chart's gridlines, prose
between two rules), and checks the hand-made expectation.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from tests.backends.test_pymupdf_tables import BLACK, PROSE, SHADE, _fill, _render, _tables, _text


def _rule(page: Any, y: float, x0: float = 90, x1: float = 470, width: float = 0.6) -> None:
    page.draw_line((x0, y), (x1, y), color=BLACK, width=width)


def _row(page: Any, y: float, xs: Sequence[float], texts: Sequence[str], **kw: Any) -> None:
    for x, text in zip(xs, texts, strict=True):
        if text:
            _text(page, x, y, text, **kw)


HEAD = ["Model", "ARC", "MMLU", "GSM8K"]
BODY = [["SFT v1", "67.66", "65.88", "52.24"]]
XS = (96, 200, 300, 400)


def test_booktabs_table_with_one_body_row() -> None:
    # Top rule, rule under the headings, bottom rule; no verticals. One body
    # row: too short for the rule-less pass (three rows or more).
    def draw(page: Any) -> None:
        _text(page, 72, 80, PROSE[0])
        _rule(page, 100, width=0.8)
        _row(page, 112, XS, HEAD, size=9)
        _rule(page, 117)
        for r, row in enumerate(BODY):
            _row(page, 130 + 13 * r, XS, row, size=9)
        _rule(page, 152, width=0.8)
        _text(page, 72, 180, PROSE[1])

    doc = _render(draw)
    tables = _tables(doc)
    assert [t.grid() for t in tables] == [[HEAD, *BODY]]
    assert tables[0].header_rows == 1
    assert doc.text.count("SFT v1") == 1


def test_two_column_table_under_a_shaded_title_band() -> None:
    rows = [
        ["Potosi Pupfish", "Cyprinodon alvarezi"],
        ["La Palma Pupfish", "Cyprinodon longidorsalis"],
    ]
    rows += [["Butterfly Splitfin", "Ameca splendens"]]

    def draw(page: Any) -> None:
        _fill(page, (90, 100, 330, 117), SHADE)
        _rule(page, 100, x1=330)
        _text(page, 94, 112, "Fish species on the Red List", size=9)
        for r, row in enumerate(rows):
            _row(page, 130 + 14 * r, (94, 200), row, size=9)
        _rule(page, 170, x1=330)

    tables = _tables(_render(draw))
    assert [t.grid() for t in tables] == [[["Fish species on the Red List", ""], *rows]]


def test_blank_form_column_under_a_bold_heading() -> None:
    # A table to fill in: the heading names two columns, the body fills one.
    labels = ["K+", "Na+", "Ca2+", "Al3+", "Check"]

    def draw(page: Any) -> None:
        _rule(page, 100, x1=330)
        page.insert_text((94, 112), "Added cation", fontsize=8, fontname="hebo")
        page.insert_text((160, 112), "Settling rate of floccules", fontsize=8, fontname="hebo")
        for r, label in enumerate(labels):
            _text(page, 94, 128 + 16 * r, label, size=8)
        _rule(page, 200, x1=330)

    tables = _tables(_render(draw))
    expected = [["Added cation", "Settling rate of floccules"], *([lab, ""] for lab in labels)]
    assert [t.grid() for t in tables] == [expected]
    assert tables[0].header_rows == 1


def test_rule_under_every_row_keeps_a_wrapped_label_in_its_row() -> None:
    # A rule under every row: the band is the row, and a label wrapped on two
    # lines beside figures centred on the band stays one cell.
    def draw(page: Any) -> None:
        for y in (100, 120, 150, 170):
            _rule(page, y)
        _row(page, 113, XS[:3], ["", "Small", "Large"], size=9)
        _text(page, 96, 131, "Compliances with", size=9)
        _row(page, 137, XS[1:3], ["461", "4,085"], size=9)
        _text(page, 96, 144, "imprisonment", size=9)
        _row(page, 163, XS[:3], ["Total", "669", "5,796"], size=9)

    tables = _tables(_render(draw))
    head, wrapped = ["", "Small", "Large"], ["Compliances with imprisonment", "461", "4,085"]
    assert [t.grid() for t in tables] == [[head, wrapped, ["Total", "669", "5,796"]]]


def test_chart_gridlines_through_their_axis_labels_are_no_table() -> None:
    # A bar chart: gridlines of one extent, tick labels level with them,
    # figures above the bars between them.
    def draw(page: Any) -> None:
        for k in range(5):
            y = 100 + 25 * k
            _rule(page, y, x0=150, x1=400, width=0.3)
            _text(page, 130, y + 3, str(100 - 20 * k), size=8)
        for k, value in enumerate(("37", "40", "58")):
            _fill(page, (170 + 70 * k, 150, 200 + 70 * k, 200), SHADE)
            _text(page, 178 + 70 * k, 146, value, size=8)
        _text(page, 72, 240, PROSE[0])

    doc = _render(draw)
    assert _tables(doc) == []
    assert "58" in doc.text


def test_prose_between_two_rules_is_no_table() -> None:
    def draw(page: Any) -> None:
        _rule(page, 100)
        for i, line in enumerate(PROSE):
            _text(page, 96, 116 + 13 * i, line, size=9)
        _rule(page, 160)

    doc = _render(draw)
    assert _tables(doc) == []
    assert "committee" in doc.text


def test_code_listing_between_rules_is_no_table() -> None:
    # A listing framed by two rules, a few lines with aligned comments: code.
    code = ["/*   Activate row access control     */", "ALTER TABLE HR_SCHEMA.EMPLOYEES"]
    code += ["/*   Activate column access control  */", "ACTIVATE ROW ACCESS CONTROL"]
    code += ["ACTIVATE COLUMN ACCESS CONTROL;"]

    def draw(page: Any) -> None:
        _rule(page, 100)
        for i, line in enumerate(code):
            page.insert_text((96, 114 + 12 * i), line, fontsize=9, fontname="cour")
        _rule(page, 176)

    doc = _render(draw)
    assert _tables(doc) == []
    assert "ALTER TABLE" in doc.text


def test_ruled_chart_grid_level_with_its_tick_labels_is_no_table() -> None:
    # Gridlines and bar edges draw a full grid; the tick labels stand just left
    # of it, level with the gridlines, and the bars' figures sit in its cells.
    def draw(page: Any) -> None:
        shape = page.new_shape()
        for k in range(5):
            shape.draw_line((150, 100 + 25 * k), (400, 100 + 25 * k))
        for x in (150, 200, 250, 300, 350, 400):
            shape.draw_line((x, 100), (x, 200))
        shape.finish(width=0.4, color=BLACK)
        shape.commit()
        for k in range(5):
            _text(page, 128, 103 + 25 * k, str(100 - 25 * k), size=8)
        for k, value in enumerate(("37", "40", "58", "61", "66", "70", "72", "75", "79", "81")):
            _text(page, 168 + 50 * (k % 5), 115 + 25 * (k % 4), value, size=8)
        _text(page, 72, 240, PROSE[0])

    doc = _render(draw)
    assert _tables(doc) == []
    assert "61" in doc.text


def test_header_row_without_its_inner_rule_is_split_per_column() -> None:
    # The body rows are ruled into three columns; the two rows above leave out
    # the rule between the last two. Headings standing apart over them (one a
    # little past the border) split; a title reading across the border stays.
    def draw(page: Any) -> None:
        shape = page.new_shape()
        for y in (100, 120, 140, 160, 180):
            shape.draw_line((90, y), (450, y))
        for x in (90, 210, 450):
            shape.draw_line((x, 100), (x, 180))
        shape.draw_line((330, 140), (330, 180))
        shape.finish(width=0.5, color=BLACK)
        shape.commit()
        _text(page, 240, 114, "Mitosis", size=9)
        _text(page, 326, 114, "Meiosis", size=9)
        _text(page, 280, 134, "Cells that begin the division", size=9)
        for r, label in enumerate(("# chromosomes", "# daughter cells")):
            _row(page, 154 + 20 * r, (94, 214, 334), [label, "46", "23"], size=9)

    tables = _tables(_render(draw))
    assert len(tables) == 1
    grid = tables[0].grid()
    assert grid[0] == ["", "Mitosis", "Meiosis"]
    assert grid[1] == ["", "Cells that begin the division", ""]
    assert grid[2:] == [["# chromosomes", "46", "23"], ["# daughter cells", "46", "23"]]


def test_running_header_and_footer_rules_frame_no_table() -> None:
    # A rule under the running header and one over the footer, of one extent
    # and nothing between them: the body's numbered headings ("3.1   LRS
    # model") stood as a two-column table between them (pypdf's GeoBase PDF).
    def draw(page: Any) -> None:
        _text(page, 72, 56, "National Hydro Network, Data Model")
        _rule(page, 59, 72, 542)
        _row(page, 90, (73, 101), ("3.1", "LRS model"))
        _row(page, 118, (73, 109), ("3.1.1", "Logical view"))
        _rule(page, 747, 72, 542)
        _text(page, 72, 760, "GeoBase")

    doc = _render(draw)
    assert _tables(doc) == []
    assert "LRS model" in doc.text


def test_full_page_table_between_its_rules_is_still_found() -> None:
    # A long table ruled across: top rule, rule under its headings, bottom
    # rule over half a page below; three rules, so no running-header pair.
    def draw(page: Any) -> None:
        _rule(page, 100, width=0.8)
        _row(page, 112, XS, HEAD, size=9)
        _rule(page, 117)
        rows = [[f"Model {k}", f"{60 + k}.5", f"{50 + k}.25", f"{40 + k}.75"] for k in range(30)]
        for r, row in enumerate(rows):
            _row(page, 130 + 16 * r, XS, row, size=9)
        _rule(page, 130 + 16 * 30, width=0.8)

    tables = _tables(_render(draw))
    assert len(tables) == 1
    assert tables[0].n_rows == 31
