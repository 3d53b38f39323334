"""Tables: cells with spans and header flags, and their renderings.

The rendering contract (documented in docs/model.rst): every row of every
rendering has the table's column count and empty cells are kept. HTML keeps
``rowspan``/``colspan``; the flat renderings (``text``, pipe tables, CSV and
:meth:`Table.grid`) write a spanned cell's text once, in its top-left slot, and
leave the slots it covers empty, so no text is repeated and no column shifts.
Markdown is a pipe table when that says everything, and an HTML table when the
table has spanned cells, which a pipe table cannot express (``table_format``).
"""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Container, Iterable
from typing import Literal

from pydantic import Field, model_validator

from ._base import Frozen, Provenance
from ._escape import escape_cell

__all__ = ["Table", "TableCell", "TableFormat", "render_pipe_rows"]

TableFormat = Literal["auto", "pipe", "html"]
"""How Markdown writes a table: ``"pipe"`` (GitHub-flavoured), ``"html"`` (a
``<table>`` keeping spans), or ``"auto"``: pipe unless a cell spans rows or
columns, then HTML."""


class TableCell(Frozen):
    """One cell of a :class:`Table`; spanned cells appear once, at their top-left slot.

    .. versionadded:: 0.1
    """

    row: int = Field(ge=0)
    col: int = Field(ge=0)
    text: str = ""
    row_span: int = Field(default=1, ge=1)
    col_span: int = Field(default=1, ge=1)
    header: bool = False


def _cell_text(text: str) -> str:
    """Flatten a cell for a one-line pipe row: no newlines, escaped pipes."""
    return " ".join(text.split()).replace("|", "\\|")


def _slots(cell: TableCell) -> Iterable[tuple[int, int]]:
    for r in range(cell.row, cell.row + cell.row_span):
        for c in range(cell.col, cell.col + cell.col_span):
            yield r, c


def _clip(cell: TableCell, owned: Container[tuple[int, int]]) -> TableCell:
    """Shrink a cell's spans so that it covers no slot another cell owns."""
    col_span = next(
        (
            c - cell.col
            for c in range(cell.col + 1, cell.col + cell.col_span)
            if (cell.row, c) in owned
        ),
        cell.col_span,
    )
    row_span = next(
        (
            r - cell.row
            for r in range(cell.row + 1, cell.row + cell.row_span)
            if any((r, c) in owned for c in range(cell.col, cell.col + col_span))
        ),
        cell.row_span,
    )
    if (row_span, col_span) == (cell.row_span, cell.col_span):
        return cell
    return cell.model_copy(update={"row_span": row_span, "col_span": col_span})


def _untangle(cells: Iterable[TableCell]) -> list[TableCell]:
    """Cells in (row, col) order that overlap nowhere, with every text kept.

    Backends can report overlapping cells (two cells at one slot, a span that
    runs over a neighbour). The earlier cell keeps a contested slot; a cell whose
    own top-left slot is taken has its text appended to the cell that holds it.
    """
    kept: list[TableCell] = []
    holder: dict[tuple[int, int], int] = {}
    for cell in sorted(cells, key=lambda c: (c.row, c.col)):
        index = holder.get((cell.row, cell.col))
        if index is not None:
            if cell.text:
                joined = " ".join(filter(None, (kept[index].text, cell.text)))
                kept[index] = kept[index].model_copy(update={"text": joined})
            continue
        cell = _clip(cell, holder)
        holder.update(dict.fromkeys(_slots(cell), len(kept)))
        kept.append(cell)
    return kept


def _grid(cells: Iterable[TableCell], n_rows: int, n_cols: int) -> list[list[str]]:
    """Each cell's text in its top-left slot; covered and missing slots are empty."""
    grid = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    for cell in cells:
        grid[cell.row][cell.col] = cell.text
    return grid


def render_pipe_rows(grid: list[list[str]]) -> str:
    """Render rows as ``| a | b |`` lines, one line per table row (no rule line)."""
    return "\n".join("| " + " | ".join(_cell_text(t) for t in row) + " |" for row in grid)


class Table(Frozen):
    """A table block. Build one with :meth:`Table.from_cells`.

    ``text`` is the table as pipe rows, one line per row, which is how the table
    appears in ``Document.text``; line ``i`` of ``text`` is row ``i``.

    .. versionadded:: 0.1
    """

    kind: Literal["table"] = "table"
    cells: tuple[TableCell, ...]
    n_rows: int = Field(ge=0)
    n_cols: int = Field(ge=0)
    caption: str | None = None
    text: str
    prov: Provenance = Provenance()

    @model_validator(mode="after")
    def _consistent(self) -> Table:
        taken: set[tuple[int, int]] = set()
        for cell in self.cells:
            if cell.row + cell.row_span > self.n_rows or cell.col + cell.col_span > self.n_cols:
                raise ValueError(
                    f"cell ({cell.row}, {cell.col}) outside {self.n_rows}x{self.n_cols}"
                )
            slots = set(_slots(cell))
            if slots & taken:
                raise ValueError(f"cell ({cell.row}, {cell.col}) overlaps another cell")
            taken |= slots
        if self.text != render_pipe_rows(self.grid()):
            raise ValueError("table text does not match its cells")
        return self

    @classmethod
    def from_cells(
        cls,
        cells: Iterable[TableCell],
        *,
        caption: str | None = None,
        prov: Provenance | None = None,
    ) -> Table:
        """Build a table, sizing the grid from the cells and rendering ``text``.

        Overlapping cells are untangled: the earlier cell (in row, column
        order) keeps a contested slot, a later cell's span is shortened to stop
        before it, and a cell whose top-left slot is taken has its text
        appended to the cell holding that slot, so no text is lost.
        """
        ordered = tuple(_untangle(cells))
        n_rows = max((c.row + c.row_span for c in ordered), default=0)
        n_cols = max((c.col + c.col_span for c in ordered), default=0)
        text = render_pipe_rows(_grid(ordered, n_rows, n_cols))
        return cls(
            cells=ordered,
            n_rows=n_rows,
            n_cols=n_cols,
            caption=caption or None,
            text=text,
            prov=prov or Provenance(),
        )

    @classmethod
    def from_rows(
        cls,
        rows: Iterable[Iterable[str]],
        *,
        header_rows: int = 1,
        caption: str | None = None,
        prov: Provenance | None = None,
    ) -> Table:
        """Build a table from plain rows of strings; the first ``header_rows`` are headers."""
        cells = [
            TableCell(row=r, col=c, text=text, header=r < header_rows)
            for r, row in enumerate(rows)
            for c, text in enumerate(row)
        ]
        return cls.from_cells(cells, caption=caption, prov=prov)

    def grid(self, *, fill_spans: bool = False) -> list[list[str]]:
        """The table as ``n_rows`` lists of ``n_cols`` strings.

        Args:
            fill_spans: Repeat a spanned cell's text in every slot it covers
                (a dense grid, e.g. for a data frame). By default the text is in
                the top-left slot only and covered slots are empty, as in
                ``text``, :meth:`to_markdown` and :meth:`to_csv`.

        Returns:
            The rows, each a list of ``n_cols`` cell texts.
        """
        grid = _grid(self.cells, self.n_rows, self.n_cols)
        if fill_spans:
            for cell in self.cells:
                for r, c in _slots(cell):
                    grid[r][c] = cell.text
        return grid

    @property
    def header_rows(self) -> int:
        """How many leading rows hold only header cells."""
        count = 0
        for r in range(self.n_rows):
            row_cells = [c for c in self.cells if c.row == r]
            if not row_cells or not all(c.header for c in row_cells):
                break
            count += 1
        return count

    @property
    def has_spans(self) -> bool:
        """Whether some cell spans more than one row or column."""
        return any(cell.row_span > 1 or cell.col_span > 1 for cell in self.cells)

    def to_markdown(self, *, table_format: TableFormat = "auto") -> str:
        """The table for a Markdown document: a pipe table, or HTML where spans need it.

        A pipe table (GitHub-flavoured) has every row ``n_cols`` cells wide. The
        first row serves as the header row (GFM needs one) whether or not it is
        marked; further header rows follow the rule line as body rows. A spanned
        cell's text is in its top-left slot, covered slots are empty. Cell text
        is flattened to one line and escaped by the Markdown rule of
        docs/model.rst (``|`` becomes ``\\|``; ``&``, ``<``, ``>`` stay as they are).

        Args:
            table_format: ``"auto"`` (default) writes a pipe table unless a cell
                spans rows or columns, and then the HTML of :meth:`to_html`
                without its caption (CommonMark and GFM pass an HTML block
                through, and the spans survive); ``"pipe"`` or ``"html"`` always.

        .. versionchanged:: 0.1
           ``table_format``; a table with spans is HTML by default.
        """
        if table_format == "html" or (table_format == "auto" and self.has_spans):
            return self._html(with_caption=False)
        grid = self.grid()
        if not grid:
            return ""
        lines = ["| " + " | ".join(escape_cell(t) for t in row) + " |" for row in grid]
        rule = "| " + " | ".join("---" for _ in range(self.n_cols)) + " |"
        # GFM allows one header row; further header rows follow the rule as body rows.
        return "\n".join([lines[0], rule, *lines[1:]])

    def to_html(self) -> str:
        """An HTML ``<table>`` keeping row and column spans and header cells.

        Each row covers exactly ``n_cols`` columns: a slot no cell covers gets
        an empty cell (``<th>`` in a header row), so columns never shift.
        """
        return self._html(with_caption=True)

    def _html(self, *, with_caption: bool) -> str:
        parts = ["<table>"]
        if with_caption and self.caption:
            parts.append(f"<caption>{html.escape(self.caption)}</caption>")
        anchored = {(cell.row, cell.col): cell for cell in self.cells}
        covered = {slot for cell in self.cells for slot in _slots(cell)}
        header_rows = self.header_rows
        for r in range(self.n_rows):
            parts.append("<tr>")
            for c in range(self.n_cols):
                cell = anchored.get((r, c))
                if cell is not None:
                    parts.append(_html_cell(cell))
                elif (r, c) not in covered:
                    parts.append("<th></th>" if r < header_rows else "<td></td>")
            parts.append("</tr>")
        parts.append("</table>")
        return "".join(parts)

    def _repr_html_(self) -> str:
        """Notebook display: the table itself, as :meth:`to_html` renders it."""
        return self.to_html()

    def _repr_markdown_(self) -> str:
        """Notebook display as Markdown: :meth:`to_markdown`."""
        return self.to_markdown()

    def to_csv(self) -> str:
        """CSV, ``n_cols`` fields per row, ``\\n`` line endings.

        A spanned cell's text is in its top-left field, covered fields are empty.
        """
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerows(self.grid())
        return out.getvalue()


def _html_cell(cell: TableCell) -> str:
    tag = "th" if cell.header else "td"
    attrs = ""
    if cell.row_span > 1:
        attrs += f' rowspan="{cell.row_span}"'
    if cell.col_span > 1:
        attrs += f' colspan="{cell.col_span}"'
    return f"<{tag}{attrs}>{html.escape(cell.text, quote=False)}</{tag}>"
