"""Tables: cells with spans and header flags, and their renderings."""

from __future__ import annotations

import csv
import html
import io
from collections.abc import Iterable
from typing import Literal

from pydantic import Field, model_validator

from ._base import Frozen, Provenance

__all__ = ["Table", "TableCell", "render_pipe_rows"]


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


def _grid(cells: Iterable[TableCell], n_rows: int, n_cols: int) -> list[list[str]]:
    grid = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    for cell in cells:
        for r in range(cell.row, min(cell.row + cell.row_span, n_rows)):
            for c in range(cell.col, min(cell.col + cell.col_span, n_cols)):
                grid[r][c] = cell.text
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
        for cell in self.cells:
            if cell.row >= self.n_rows or cell.col >= self.n_cols:
                raise ValueError(
                    f"cell ({cell.row}, {cell.col}) outside {self.n_rows}x{self.n_cols}"
                )
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
        """Build a table, sizing the grid from the cells and rendering ``text``."""
        ordered = tuple(sorted(cells, key=lambda c: (c.row, c.col)))
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

    def grid(self) -> list[list[str]]:
        """The table as a dense grid; a spanned cell's text fills every slot it covers."""
        return _grid(self.cells, self.n_rows, self.n_cols)

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

    def to_markdown(self) -> str:
        """GitHub-flavoured Markdown; the first row serves as header when none is marked."""
        grid = self.grid()
        if not grid:
            return ""
        lines = render_pipe_rows(grid).split("\n")
        rule = "| " + " | ".join("---" for _ in range(self.n_cols)) + " |"
        # GFM allows one header row; further header rows follow the rule as body rows.
        return "\n".join([lines[0], rule, *lines[1:]])

    def to_html(self) -> str:
        """An HTML ``<table>`` keeping row and column spans and header cells."""
        parts = ["<table>"]
        if self.caption:
            parts.append(f"<caption>{html.escape(self.caption)}</caption>")
        for r in range(self.n_rows):
            parts.append("<tr>")
            for cell in (c for c in self.cells if c.row == r):
                tag = "th" if cell.header else "td"
                attrs = ""
                if cell.row_span > 1:
                    attrs += f' rowspan="{cell.row_span}"'
                if cell.col_span > 1:
                    attrs += f' colspan="{cell.col_span}"'
                parts.append(f"<{tag}{attrs}>{html.escape(cell.text)}</{tag}>")
            parts.append("</tr>")
        parts.append("</table>")
        return "".join(parts)

    def to_csv(self) -> str:
        """CSV of the dense grid (spans repeated), ``\\n`` line endings."""
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\n")
        writer.writerows(self.grid())
        return out.getvalue()
