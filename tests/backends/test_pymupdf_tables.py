"""Table classes of the pymupdf backend, on PDFs that PyMuPDF draws inside the tests.

Each test draws one class of page seen in real PDFs (issue #10: shaded cells in
ruled grids, invisible boxes around prose, one-column ruled lists, frames, rules
every N rows, rule-less tables) and checks the hand-made expectation: the cell
grid, or that no table comes out.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from ragbase_extract import Document, Table, extract

Colour = tuple[float, float, float]
BLACK: Colour = (0.0, 0.0, 0.0)
WHITE: Colour = (1.0, 1.0, 1.0)
SHADE: Colour = (0.89, 0.94, 0.85)

PROSE = (
    "The committee met on Tuesday to review the budget for the coming year and agreed",
    "that the reserve should be kept at its present level until the audit is complete,",
    "after which the members will decide how much of it can be released for repairs.",
)


def _render(draw: Callable[[Any], None]) -> Document:
    """A one-page PDF drawn by ``draw(page)``, extracted with the pymupdf backend."""
    import pymupdf

    opener: Any = pymupdf.open  # PyMuPDF's stubs are partial
    pdf: Any = opener()
    page = pdf.new_page(width=612, height=792)
    draw(page)
    data: bytes = pdf.tobytes()
    pdf.close()
    return extract(data, backend="pymupdf")


def _tables(doc: Document) -> list[Table]:
    return [b for b in doc.blocks if isinstance(b, Table)]


def _text(page: Any, x: float, y: float, text: str, size: float = 10.0) -> None:
    page.insert_text((x, y), text, fontsize=size, fontname="helv")


def _fill(page: Any, rect: Sequence[float], colour: Colour) -> None:
    """A filled box with no outline, as word processors draw cell shading and thin rules."""
    page.draw_rect(rect, color=None, fill=colour, width=0)


def _grid_by_bars(
    page: Any, xs: Sequence[float], ys: Sequence[float], colour: Colour = BLACK
) -> None:
    """Cell borders drawn as thin filled bars (Word's way), not stroked lines."""
    for y in ys:
        _fill(page, (xs[0], y - 0.5, xs[-1], y + 0.5), colour)
    for x in xs:
        _fill(page, (x - 0.5, ys[0], x + 0.5, ys[-1]), colour)


def test_shading_inside_ruled_cells_adds_no_rows_or_columns() -> None:
    # Word shades each paragraph of a cell with its own box, and pads the cell
    # with shaded strips: their edges are not borders.
    xs, ys = (72.0, 250.0, 430.0), (100.0, 140.0, 170.0, 200.0)
    rows = [["Area", "Competence"], ["Values", "Fairness"], ["Complexity", "Systems thinking"]]

    def draw(page: Any) -> None:
        for x0, x1 in ((xs[0], xs[1]), (xs[1], xs[2])):
            _fill(page, (x0, ys[0], x1, ys[1]), SHADE)
            _fill(page, (x0 + 5, ys[0] + 5, x1 - 5, ys[0] + 18), SHADE)
            _fill(page, (x0 + 5, ys[0] + 18, x1 - 5, ys[0] + 31), SHADE)
            _fill(page, (x0, ys[1] - 5, x1, ys[1]), SHADE)
            # A top padding strip, and a sliver of it over the column border.
            _fill(page, (x0, ys[0], x1, ys[0] + 5), SHADE)
            _fill(page, (x1 - 0.2, ys[0], x1 + 0.2, ys[0] + 5), SHADE)
        _grid_by_bars(page, xs, ys)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                _text(page, xs[c] + 6, ys[r] + 16, text)

    tables = _tables(_render(draw))
    assert len(tables) == 1
    assert tables[0].grid() == rows


def test_header_band_split_where_the_column_rule_starts() -> None:
    # The header row has no vertical rule, only two shaded boxes meeting where
    # the body's column rule starts: the header is two cells, not one.
    xs, ys = (72.0, 250.0, 430.0), (100.0, 130.0, 160.0, 190.0)
    rows = [["Area", "Competence"], ["Values", "Fairness"], ["Complexity", "Systems"]]

    def draw(page: Any) -> None:
        _fill(page, (xs[0], ys[0], xs[1], ys[1]), SHADE)
        _fill(page, (xs[1], ys[0], xs[2], ys[1]), SHADE)
        for y in ys:
            _fill(page, (xs[0], y - 0.5, xs[2], y + 0.5), BLACK)
        for x in xs:
            top = ys[0] if x != xs[1] else ys[1]
            _fill(page, (x - 0.5, top, x + 0.5, ys[-1]), BLACK)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                _text(page, xs[c] + 6, ys[r] + 18, text)

    tables = _tables(_render(draw))
    assert len(tables) == 1
    assert tables[0].grid() == rows


def test_white_boxes_around_prose_are_no_table() -> None:
    # Invisible (white) boxes drawn around each line of two columns of prose:
    # they meet in a grid, but nobody sees it.
    words = " ".join(PROSE).split()
    lines = [" ".join(words[i : i + 6]) for i in range(0, len(words), 6)]

    def draw(page: Any) -> None:
        for i, line in enumerate(lines):
            y = 100 + i * 16
            for x0 in (72, 300):
                page.draw_rect((x0 - 2, y - 12, x0 + 226, y + 4), color=WHITE, fill=WHITE)
                _text(page, x0, y, line)

    doc = _render(draw)
    assert _tables(doc) == []
    assert doc.text.count("The committee met") == 2


def test_empty_padding_sliver_is_no_row() -> None:
    # Cell rectangles as the lattice finds them when a 5 pt padding strip's
    # edge lines up with a rule: an empty sliver row above the real first row.
    from ragbase_extract._backends.pymupdf._cells import Char, grid_cells

    xs, ys = (72.0, 250.0, 430.0), (95.0, 100.0, 130.0, 160.0)
    rects = [(xs[c], ys[r], xs[c + 1], ys[r + 1]) for r in range(3) for c in range(2)]
    words = {(1, 0): "Area", (1, 1): "Competence", (2, 0): "Values", (2, 1): "Fairness"}
    chars = [
        Char(
            ch,
            xs[c] + 6 + 5 * i + 2,
            ys[r] + 15,
            line=r * 2 + c,
            x0=xs[c] + 6 + 5 * i,
            x1=xs[c] + 10 + 5 * i,
        )
        for (r, c), word in words.items()
        for i, ch in enumerate(word)
    ]
    cells = grid_cells(rects, chars)
    grid = Table.from_cells(cells).grid()
    assert grid == [["Area", "Competence"], ["Values", "Fairness"]]


# ------------------------------------------------------------------ rule-less tables

RESULTS = [
    ["Model", "Alpaca", "OpenOrca", "Average", "GSM8K"],
    ["SFT v1", "O", "X", "69.15", "52.24"],
    ["SFT v2", "O", "O", "69.21", "57.32"],
    ["SFT v3", "O", "O", "70.03", "64.14"],
]


def _ruleless(page: Any, rows: Sequence[Sequence[str]], xs: Sequence[float], y: float) -> None:
    for r, row in enumerate(rows):
        for x, text in zip(xs, row, strict=True):
            _text(page, x, y + r * 12, text, size=8)


def test_ruleless_table_keeps_its_header_row() -> None:
    # Paper-style table without rules: the header's words stand close enough
    # for PyMuPDF to read them as one line.
    def draw(page: Any) -> None:
        _text(page, 72, 80, PROSE[0])
        _ruleless(page, RESULTS, (100, 150, 190, 240, 290), 110)
        _text(page, 72, 180, PROSE[1])

    doc = _render(draw)
    tables = _tables(doc)
    assert len(tables) == 1
    assert tables[0].grid() == RESULTS
    assert tables[0].header_rows == 1
    assert doc.text.count("Alpaca") == 1


def test_ruleless_header_cell_over_two_columns_spans_them() -> None:
    rows = [
        ["Model", "Data", "Score on the benchmarks"],
        ["SFT v1", "Alpaca", "69.15", "52.24"],
        ["SFT v2", "Orca", "69.21", "57.32"],
        ["SFT v3", "Both", "70.03", "64.14"],
    ]

    def draw(page: Any) -> None:
        _text(page, 100, 110, rows[0][0], size=8)
        _text(page, 160, 110, rows[0][1], size=8)
        _text(page, 220, 110, rows[0][2], size=8)
        _ruleless(page, rows[1:], (100, 160, 220, 290), 122)

    tables = _tables(_render(draw))
    assert len(tables) == 1
    head = [c for c in tables[0].cells if c.row == 0]
    assert [(c.text, c.col, c.col_span) for c in head] == [
        ("Model", 0, 1),
        ("Data", 1, 1),
        ("Score on the benchmarks", 2, 2),
    ]
    assert tables[0].grid()[1:] == rows[1:]


def test_chart_grid_with_labels_in_one_row_is_no_table() -> None:
    # A bar chart's frame: a grid of gridlines whose only text is the axis
    # labels under it, all in one row of the grid.
    def draw(page: Any) -> None:
        shape = page.new_shape()
        for y in (100, 200, 215):
            shape.draw_line((72, y), (372, y))
        for x in (72, 172, 272, 372):
            shape.draw_line((x, 100), (x, 215))
        shape.finish(width=0.5, color=BLACK)
        shape.commit()
        for x, label in zip((80, 180, 280), ("Jul 2020", "Oct 2020", "Jan 2021"), strict=True):
            _text(page, x, 211, label, size=8)
        _text(page, 72, 240, PROSE[0])

    doc = _render(draw)
    assert _tables(doc) == []
    assert "Oct 2020" in doc.text


def test_chart_tick_group_and_legend_labels_are_no_table() -> None:
    # Under a grouped bar chart (bars not drawn): nine tick labels, three group
    # labels and a legend, three rows of short text side by side.
    def draw(page: Any) -> None:
        ticks = ("Jul 2020", "Oct 2020", "Jan 2021")
        xs = [100 + 150 * g + 45 * k for g in range(3) for k in range(3)]
        for x, label in zip(xs, ticks * 3, strict=True):
            _text(page, x, 300, label, size=7)
        for x, label in zip((140, 280, 440), ("Tourism", "Handicraft", "Agriculture"), strict=True):
            _text(page, x, 312, label, size=7)
        legend = ("Will not terminate employment", "Will terminate employment", "Don't know")
        for x, label in zip((150, 290, 420), legend, strict=True):
            _text(page, x, 330, label, size=7)
        _text(page, 72, 360, PROSE[0])

    doc = _render(draw)
    assert _tables(doc) == []
    assert "Agriculture" in doc.text


# ------------------------------------------------------------------ rules that are no table rules


def _ruled(page: Any, rows: Sequence[Sequence[str]], x0: float, y0: float, every: int = 1) -> float:
    """A ruled table (horizontal rule every ``every`` rows, verticals between columns).

    Returns the table's bottom.
    """
    widths, height = 110.0, 16.0
    n_cols = len(rows[0])
    bottom = y0 + len(rows) * height
    shape = page.new_shape()
    for r in range(len(rows) + 1):
        if r % every == 0 or r == len(rows):
            shape.draw_line((x0, y0 + r * height), (x0 + n_cols * widths, y0 + r * height))
    for c in range(n_cols + 1):
        shape.draw_line((x0 + c * widths, y0), (x0 + c * widths, bottom))
    shape.finish(width=0.5, color=BLACK)
    shape.commit()
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            _text(page, x0 + c * widths + 4, y0 + r * height + 12, text)
    return bottom


def test_struck_and_underlined_prose_is_no_table() -> None:
    # Legislative text: struck-out and underlined words, every line carrying
    # short rules at varying places.
    def draw(page: Any) -> None:
        shape = page.new_shape()
        for i in range(12):
            y = 100 + i * 14
            line = PROSE[i % 3]
            _text(page, 72, y, line)
            start = 72 + (i * 37) % 200
            shape.draw_line((start, y - 3), (start + 60 + (i % 4) * 15, y - 3))  # strike
            shape.draw_line((start + 90, y + 2), (start + 170, y + 2))  # underline
        shape.finish(width=0.6, color=BLACK)
        shape.commit()

    doc = _render(draw)
    assert _tables(doc) == []
    assert doc.text.count("The committee met") == 4


def test_music_staves_are_no_table() -> None:
    # Five-line staves with bar lines: a grid of rules with no text in it.
    def draw(page: Any) -> None:
        shape = page.new_shape()
        for s in range(3):
            top = 100 + s * 70
            for k in range(5):
                shape.draw_line((72, top + k * 6), (540, top + k * 6))
            for x in (72, 190, 308, 426, 540):
                shape.draw_line((x, top), (x, top + 24))
        shape.finish(width=0.6, color=BLACK)
        shape.commit()
        _text(page, 72, 330, "Allegro, for the second violin part.")

    doc = _render(draw)
    assert _tables(doc) == []
    assert "Allegro" in doc.text


def test_frame_around_title_and_table_keeps_only_the_table() -> None:
    # A box drawn around the page's title, a disclaimer and the real table.
    rows = [["Region", "Sales", "Growth"], ["North", "120", "4%"], ["South", "95", "2%"]]

    def draw(page: Any) -> None:
        page.draw_rect((60, 60, 552, 400), color=BLACK, width=1)
        _text(page, 72, 90, "Quarterly results", size=16)
        for i, line in enumerate(PROSE):
            _text(page, 72, 120 + i * 14, line)
        _ruled(page, rows, 72, 200)

    doc = _render(draw)
    tables = _tables(doc)
    assert [t.grid() for t in tables] == [rows]
    assert "Quarterly results" in doc.text
    assert "The committee met" in doc.text


def test_rules_every_second_row_still_separate_the_records() -> None:
    # Banded records: a rule under every second row; each row is a record.
    rows = [["Item", "Qty", "Price"]] + [[f"part {i}", str(i), f"{i}.50"] for i in range(1, 7)]

    def draw(page: Any) -> None:
        _ruled(page, rows, 72, 100, every=2)

    tables = _tables(_render(draw))
    assert len(tables) == 1
    assert tables[0].grid() == rows


def test_two_ruled_tables_on_one_page_stay_two() -> None:
    first = [["Name", "Age", "City"], ["Ann", "31", "Oslo"], ["Bob", "45", "Rome"]]
    second = [["Code", "Unit", "Rate"], ["A1", "kg", "3.2"], ["B7", "m", "1.1"]]

    def draw(page: Any) -> None:
        bottom = _ruled(page, first, 72, 100)
        _text(page, 72, bottom + 16, "Table 2: rates.")
        _ruled(page, second, 72, bottom + 24)

    tables = _tables(_render(draw))
    assert [t.grid() for t in tables] == [first, second]


def test_banded_table_drawn_by_cell_shading_only() -> None:
    # No rules: every other row is a run of shaded cell boxes with white gaps
    # between them; the unshaded rows between the bands are rows too.
    xs = (72.0, 172.0, 272.0, 372.0)
    rows = [[f"r{r}c{c}" for c in range(3)] for r in range(5)]

    def draw(page: Any) -> None:
        for r in range(0, 5, 2):
            for c in range(3):
                _fill(page, (xs[c] + 0.5, 100 + r * 18, xs[c + 1] - 0.5, 118 + r * 18), SHADE)
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                _text(page, xs[c] + 6, 113 + r * 18, text)

    tables = _tables(_render(draw))
    assert len(tables) == 1
    assert tables[0].grid() == rows


def test_wrapped_cells_under_one_rule_stay_one_row() -> None:
    # Two cells wrapped over two level lines each, no figure per line: one row.
    def draw(page: Any) -> None:
        rows = [["Term", "Meaning"], ["x", "y"], ["z", "w"]]
        _ruled(page, rows, 72, 100)
        shape = page.new_shape()
        shape.draw_line((72, 148), (72, 180))
        shape.draw_line((182, 148), (182, 180))
        shape.draw_line((292, 148), (292, 180))
        shape.draw_line((72, 180), (292, 180))
        shape.finish(width=0.5, color=BLACK)
        shape.commit()
        _text(page, 76, 160, "reserve fund")
        _text(page, 76, 172, "of the club")
        _text(page, 186, 160, "money kept for")
        _text(page, 186, 172, "repairs later")

    tables = _tables(_render(draw))
    assert len(tables) == 1
    assert tables[0].grid()[-1] == ["reserve fund of the club", "money kept for repairs later"]


def test_open_two_column_table_with_its_one_vertical_rule() -> None:
    # No outer verticals: the one rule between the columns, and the rows' rules.
    rows = [["Name", "Age"], ["Ann", "31"]]

    def draw(page: Any) -> None:
        shape = page.new_shape()
        for y in (100, 122, 144):
            shape.draw_line((72, y), (292, y))
        shape.draw_line((182, 100), (182, 144))
        shape.finish(width=0.5, color=BLACK)
        shape.commit()
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                _text(page, 76 + c * 110, 115 + r * 22, text)

    tables = _tables(_render(draw))
    assert [t.grid() for t in tables] == [rows]


def _lines(page: Any, hs: Sequence[float], vs: Sequence[float]) -> None:
    shape = page.new_shape()
    for y in hs:
        shape.draw_line((vs[0], y), (vs[-1], y))
    for x in vs:
        shape.draw_line((x, hs[0]), (x, hs[-1]))
    shape.finish(width=0.5, color=BLACK)
    shape.commit()


def test_empty_spacer_column_is_dropped() -> None:
    # Rules on both sides of a narrow column that no text is in.
    rows = [
        ["Port", "Foreign", "Domestic"],
        ["Manila", "2454", "6,125"],
        ["Cebu", "1138", "79,500"],
    ]

    def draw(page: Any) -> None:
        _lines(page, (100, 120, 140, 160), (72, 172, 242, 254, 330, 342))
        for r, row in enumerate(rows):
            for x, text in zip((76, 176, 258), row, strict=True):
                _text(page, x, 114 + r * 20, text)

    tables = _tables(_render(draw))
    assert [t.grid() for t in tables] == [rows]


def test_blank_form_columns_under_a_heading_stay() -> None:
    # A worksheet: the answer columns are blank, their heading spans them.
    def draw(page: Any) -> None:
        _lines(page, (100, 120, 140, 160), (72, 200, 400))
        shape = page.new_shape()
        shape.draw_line((300, 120), (300, 160))
        shape.finish(width=0.5, color=BLACK)
        shape.commit()
        _text(page, 76, 114, "Question")
        _text(page, 204, 114, "Your answers")
        _text(page, 76, 134, "How many cells?")
        _text(page, 76, 154, "How many nuclei?")

    tables = _tables(_render(draw))
    assert len(tables) == 1
    assert tables[0].n_cols == 3
    assert [c.text for c in tables[0].cells if c.col == 0] == [
        "Question",
        "How many cells?",
        "How many nuclei?",
    ]


def _column_text(page: Any, xs: Sequence[float], y: float, n_lines: int, width: int) -> None:
    words = " ".join(PROSE * 6).split()
    for k, x in enumerate(xs):
        for i in range(n_lines):
            start = (i * 7 + k * 3) % (len(words) - 8)
            _text(page, x, y + i * 13, " ".join(words[start : start + width]))


def test_ruleless_table_over_two_text_columns_stays_one_table() -> None:
    # A full-width table over a two-column text, one of its column gaps in line
    # with the text's gutter: the gutter must not cut the table's rows apart.
    rows = [["Model", "Size", "ARC", "MMLU", "GSM8K", "Type"]] + [
        [f"Model {i}", f"{i}B", f"6{i}.10", f"7{i}.20", f"5{i}.30", "Pretrained"]
        for i in range(1, 7)
    ]

    def draw(page: Any) -> None:
        _ruleless(page, rows, (72, 150, 230, 312, 380, 450), 90)
        _column_text(page, (72, 312), 200, 20, 5)

    doc = _render(draw)
    tables = _tables(doc)
    assert [t.grid() for t in tables] == [rows]


def test_three_columns_of_prose_are_no_table() -> None:
    def draw(page: Any) -> None:
        _column_text(page, (72, 245, 418), 100, 30, 5)

    assert _tables(_render(draw)) == []


def test_page_pass_leaves_a_list_beside_a_table_to_the_column_pass() -> None:
    # Over the whole page, a short list in the left text column stands on the
    # rows of a rule-less table in the right one: the page-wide pass must not
    # join them (the per-column pass finds the table alone).
    from ragbase_extract._backends.pymupdf._lines import Line
    from ragbase_extract._backends.pymupdf._texttables import page_text_tables

    def line(text: str, x0: float, y: float) -> Line:
        x1 = x0 + 5 * len(text)
        return Line(text, x0, y, x1, y + 9, 8.0, False, False, False, parts=((x0, x1, text),))

    lines = []
    for i in range(6):
        y = 100 + i * 12
        lines += [line(f"Yes {i}", 72, y), line(f"g{i}", 380, y), line("yes", 420, y)]
        lines.append(line("no", 460, y))
    rest, found = page_text_tables(lines, 1)
    assert found == []
    assert rest == sorted(lines, key=lambda ln: (ln.y0, ln.x0))
    # The table alone is found.
    rest, found = page_text_tables([ln for ln in lines if ln.x0 > 300], 1)
    assert rest == []
    assert len(found) == 1
    assert found[0].table.n_cols == 3


def test_diagram_grid_with_a_few_labels_is_no_table() -> None:
    # A drawing's 5 x 5 grid of boxes with three labels: a figure, even though
    # dropping its empty rows and columns would leave a full 2 x 2 table.
    def draw(page: Any) -> None:
        xs = [72.0 + 40 * k for k in range(6)]
        ys = [100.0 + 30 * k for k in range(6)]
        _lines(page, ys, xs)
        for r, c, label in ((0, 0, "Boots"), (0, 3, "Flexloc"), (3, 0, "Fiber")):
            _text(page, xs[c] + 3, ys[r] + 18, label, size=8)
        _text(page, 72, 300, PROSE[0])

    doc = _render(draw)
    assert _tables(doc) == []
    assert "Flexloc" in doc.text


def test_one_column_ruled_list_is_a_table() -> None:
    entries = ["Competence framework", "#1: Recycle and reuse", "#2: Lifecycle", "#3: Social"]
    entries += ["#4: Corporate sustainability", "#5: Local green activities"]

    def draw(page: Any) -> None:
        _lines(page, [100.0 + 20 * k for k in range(len(entries) + 1)], (140, 460))
        for i, entry in enumerate(entries):
            _text(page, 146, 114 + 20 * i, entry)

    tables = _tables(_render(draw))
    assert [t.grid() for t in tables] == [[[e] for e in entries]]


def test_stacked_bars_with_figures_are_no_one_column_table() -> None:
    # A stacked bar chart: boxes on top of each other holding only figures.
    def draw(page: Any) -> None:
        for k in range(5):
            page.draw_rect((200, 100 + 25 * k, 240, 125 + 25 * k), color=BLACK, fill=SHADE)
            _text(page, 210, 116 + 25 * k, str(10 + 7 * k), size=8)
        _text(page, 72, 280, PROSE[0])

    doc = _render(draw)
    assert _tables(doc) == []
    assert "38" in doc.text


def test_title_row_across_the_table_heads_it_with_the_column_headings() -> None:
    # A title in one cell across the whole grid, then the column headings,
    # then figures: both top rows are header rows (chunks repeat them), not
    # the title alone with the headings left among the data.
    rows = [["Region", "Q1", "Q2", "Q3"], ["North", "1,204", "1,310", "998"]]
    rows.append(["South", "2,045", "1,876", "2,210"])

    def draw(page: Any) -> None:
        shape = page.new_shape()
        for y in (100, 116, 132, 148, 164):
            shape.draw_line((72, y), (512, y))
        for x in (72, 182, 292, 402, 512):
            shape.draw_line((x, 100 if x in (72, 512) else 116), (x, 164))
        shape.finish(width=0.5, color=BLACK)
        shape.commit()
        _text(page, 76, 112, "Sales by region (in thousands)")
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                _text(page, 76 + 110 * c, 128 + 16 * r, text)
        _text(page, 72, 200, PROSE[0])

    tables = _tables(_render(draw))
    assert len(tables) == 1
    assert tables[0].grid() == [["Sales by region (in thousands)", "", "", ""], *rows]
    assert tables[0].header_rows == 2
