"""The table rendering contract (issues #9.3 and #10.1).

Every row of every rendering has the table's column count and empty cells are
kept; HTML keeps ``rowspan``/``colspan``; text, Markdown and CSV write a spanned
cell's text once, in its top-left slot, and leave the slots it covers empty.
"""

from __future__ import annotations

import csv
import io
import re
from collections import Counter
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st
from pydantic import ValidationError

from ragbase_extract import Table, TableCell, extract

OFFICE = Path(__file__).parent / "data" / "office"

# Cell texts: words with the characters the renderings must treat specially.
_texts = st.text(alphabet=st.sampled_from("ab Z9|&<>,\"'#*-\n"), min_size=0, max_size=8).map(
    lambda s: s.strip()
)


@st.composite
def spanned_tables(draw: st.DrawFn) -> Table:
    """Tables with random non-overlapping spans, missing cells and header rows."""
    n_rows = draw(st.integers(1, 6))
    n_cols = draw(st.integers(1, 6))
    header_rows = draw(st.integers(0, n_rows))
    taken: set[tuple[int, int]] = set()
    cells = []
    for r in range(n_rows):
        for c in range(n_cols):
            if (r, c) in taken or draw(st.integers(0, 5)) == 0:  # sometimes no cell at all
                continue
            row_span = draw(st.integers(1, n_rows - r))
            col_span = 1
            while c + col_span < n_cols and (r, c + col_span) not in taken:
                if not draw(st.booleans()):
                    break
                col_span += 1
            slots = {(rr, cc) for rr in range(r, r + row_span) for cc in range(c, c + col_span)}
            if slots & taken:
                row_span = 1
                slots = {(r, cc) for cc in range(c, c + col_span)}
            taken |= slots
            cells.append(
                TableCell(
                    row=r,
                    col=c,
                    text=draw(_texts),
                    row_span=row_span,
                    col_span=col_span,
                    header=r < header_rows,
                )
            )
    assume(cells)
    return Table.from_cells(cells)


def _pipe_cells(line: str) -> list[str]:
    assert line.startswith("| "), line
    assert line.endswith(" |"), line
    return [cell.strip().replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", line)[1:-1]]


class _Rows(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[tuple[int, int, str]]] = []
        self._cell: list[str] | None = None
        self._span = (1, 1)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "tr":
            self.rows.append([])
        elif tag in ("td", "th"):
            self._cell = []
            self._span = (int(values.get("rowspan") or 1), int(values.get("colspan") or 1))

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self._cell is not None:
            self.rows[-1].append((*self._span, "".join(self._cell)))
            self._cell = None


def _html_layout(table: Table) -> tuple[list[list[str]], list[str]]:
    """Place the HTML cells the way a browser does; returns slot grid and texts."""
    parser = _Rows()
    parser.feed(table.to_html())
    grid: dict[tuple[int, int], str] = {}
    texts = []
    for r, row in enumerate(parser.rows):
        c = 0
        for row_span, col_span, text in row:
            while (r, c) in grid:
                c += 1
            for rr in range(r, r + row_span):
                for cc in range(c, c + col_span):
                    assert (rr, cc) not in grid, "HTML cells overlap"
                    grid[rr, cc] = text if (rr, cc) == (r, c) else ""
            texts.append(text)
            c += col_span
    n_rows = len(parser.rows)
    assert set(grid) == {(r, c) for r in range(n_rows) for c in range(table.n_cols)}
    return [[grid[r, c] for c in range(table.n_cols)] for r in range(n_rows)], texts


def _flat(text: str) -> str:
    return " ".join(text.split())


@given(spanned_tables())
def test_every_rendering_has_every_row_full_width_and_each_text_once(table: Table) -> None:
    expected = Counter(_flat(c.text) for c in table.cells if c.text)
    grid = table.grid()
    assert len(grid) == table.n_rows
    assert all(len(row) == table.n_cols for row in grid)
    for cell in table.cells:
        assert grid[cell.row][cell.col] == cell.text
    assert Counter(_flat(t) for row in grid for t in row if t) == expected

    text_rows = [_pipe_cells(line) for line in table.text.split("\n")]
    # Markdown writes a table with spans as its HTML (checked below); pipes otherwise.
    spans = any(c.row_span > 1 or c.col_span > 1 for c in table.cells)
    assert table.to_markdown().startswith("<table>") == spans
    if spans:  # the caption is written above the table by Document.to_markdown
        assert table.to_markdown() == table.model_copy(update={"caption": None}).to_html()
    markdown = table.to_markdown(table_format="pipe").split("\n")
    assert markdown[1] == "| " + " | ".join(["---"] * table.n_cols) + " |"
    # Markdown backslash-escapes what would be markup (docs/model.rst); undo it.
    md_rows = [
        [re.sub(r"\\(.)", r"\1", cell) for cell in _pipe_cells(line)]
        for line in markdown[:1] + markdown[2:]
    ]
    csv_rows = list(csv.reader(io.StringIO(table.to_csv())))
    html_grid, html_texts = _html_layout(table)
    for rows in (text_rows, md_rows, csv_rows, html_grid):
        assert len(rows) == table.n_rows
        assert all(len(row) == table.n_cols for row in rows), rows
    assert Counter(t for row in text_rows for t in row if t) == expected
    assert Counter(t for row in md_rows for t in row if t) == expected
    assert Counter(_flat(t) for row in csv_rows for t in row if t) == expected
    assert Counter(_flat(t) for t in html_texts if t) == expected
    # HTML keeps the spans as attributes and every cell at its slot.
    for cell in table.cells:
        assert _flat(html_grid[cell.row][cell.col]) == _flat(cell.text)


@given(spanned_tables())
def test_fill_spans_repeats_a_spanned_text_in_every_covered_slot(table: Table) -> None:
    dense = table.grid(fill_spans=True)
    for cell in table.cells:
        for r in range(cell.row, cell.row + cell.row_span):
            for c in range(cell.col, cell.col + cell.col_span):
                assert dense[r][c] == cell.text
    covered = {
        (r, c)
        for cell in table.cells
        for r in range(cell.row, cell.row + cell.row_span)
        for c in range(cell.col, cell.col + cell.col_span)
    }
    assert all(
        dense[r][c] == ""
        for r in range(table.n_rows)
        for c in range(table.n_cols)
        if (r, c) not in covered
    )


def test_missing_cells_keep_their_columns_in_html() -> None:
    # A header row with two cells over a four-column body, and a body row with gaps.
    table = Table.from_cells(
        [
            TableCell(row=0, col=0, text="Name", header=True),
            TableCell(row=0, col=2, text="Total", header=True),
            *(TableCell(row=1, col=c, text=str(c)) for c in range(4)),
            TableCell(row=2, col=0, text="R2"),
            TableCell(row=2, col=3, text="True"),
        ]
    )
    html = table.to_html()
    assert "<tr><th>Name</th><th></th><th>Total</th><th></th></tr>" in html
    assert "<tr><td>R2</td><td></td><td></td><td>True</td></tr>" in html
    assert table.to_markdown().split("\n")[0] == "| Name |  | Total |  |"


def test_pptx_table_rows_keep_their_empty_cells() -> None:
    # The row from issue #9.3: "| R2 |  |  | True | False |  |  |".
    table = next(extract(OFFICE / "powerpoint_sample.pptx").blocks_of(Table))
    assert table.n_cols == 7
    html_grid, _ = _html_layout(table)
    assert ["R2", "", "", "True", "False", "", ""] in html_grid
    pipes = table.to_markdown(table_format="pipe")
    assert "| R2 |  |  | True | False |  |  |" in pipes.split("\n")
    # The merged "Class1" header spans three columns and is written once.
    assert pipes.count("Class1") == 1
    assert table.to_markdown().count("Class1") == 1
    assert '<th colspan="3">Class1</th>' in table.to_html()


def test_overlapping_cells_are_untangled_without_losing_text() -> None:
    table = Table.from_cells(
        [
            TableCell(row=0, col=0, text="wide", col_span=3),
            TableCell(row=0, col=1, text="inside"),  # its slot belongs to "wide"
            TableCell(row=1, col=0, text="left", col_span=3),  # runs over "tall"
            TableCell(row=1, col=2, text="tall", row_span=3),
            TableCell(row=2, col=1, text="pillar", row_span=2),
            TableCell(row=3, col=0, text="base", col_span=3),  # stopped by "pillar"
            TableCell(row=3, col=2, text="end"),
        ]
    )
    assert table.grid() == [
        ["wide inside", "", ""],
        ["left tall", "", ""],
        ["", "pillar", ""],
        ["base", "", "end"],
    ]
    spans = {(c.row, c.col): (c.row_span, c.col_span) for c in table.cells}
    assert spans == {(0, 0): (1, 3), (1, 0): (1, 3), (2, 1): (2, 1), (3, 0): (1, 1), (3, 2): (1, 1)}


def test_table_validation_rejects_overlaps_and_spans_past_the_edge() -> None:
    cells = (TableCell(row=0, col=0, col_span=2), TableCell(row=0, col=1))
    with pytest.raises(ValidationError, match="overlaps"):
        Table(cells=cells, n_rows=1, n_cols=2, text="|  |  |")
    with pytest.raises(ValidationError, match="outside"):
        Table(cells=cells[:1], n_rows=1, n_cols=1, text="|  |")
