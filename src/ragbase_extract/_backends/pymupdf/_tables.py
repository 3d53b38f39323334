"""Tables from PyMuPDF's table finder, turned into :class:`Table` blocks.

``page.find_tables()`` costs 30-230 ms a page (measured on the corpus with
PyMuPDF 1.28: it re-extracts the page's characters and vector graphics), which
alone would cap throughput far below the 50 pages/s target. Its default
"lines" strategy only finds tables drawn with ruling lines or cell borders, so
the finder runs only on pages whose drawing log shows at least a few stroked
paths or hairline rectangles. Trade-off: tables drawn without any rules are not
found (they come out as text lines in reading order), which the "text" strategy
could catch at a much higher cost and with many false positives on running text.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from contextlib import redirect_stdout
from dataclasses import dataclass
from typing import Any, Final

from ..._model import Provenance, Table, TableCell
from ._classify import join_lines
from ._geometry import Rect, make_bbox
from ._lines import normalize_text

__all__ = ["TableRegion", "find_table_regions", "has_rulings"]

_MIN_RULINGS: Final = 4
"""Fewest line-like drawing operations that make the table finder worth running."""
_HAIRLINE: Final = 2.5
"""A filled rectangle thinner than this (points) is drawn as a rule line."""


@dataclass(slots=True)
class TableRegion:
    """A table found on a page, as a layout item.

    Attributes:
        x0: Left edge.
        y0: Top edge.
        x1: Right edge.
        y1: Bottom edge.
        table: The table block (provenance page and bbox set, no span yet).
    """

    x0: float
    y0: float
    x1: float
    y1: float
    table: Table


def has_rulings(bboxlog: Sequence[tuple[str, Rect]]) -> bool:
    """Whether the page draws enough rule-like paths to hold a ruled table."""
    count = 0
    for kind, (x0, y0, x1, y1) in bboxlog:
        if kind == "stroke-path" or (
            kind == "fill-path" and min(x1 - x0, y1 - y0) < _HAIRLINE and max(x1 - x0, y1 - y0) > 8
        ):
            count += 1
            if count >= _MIN_RULINGS:
                return True
    return False


def _quiet_finder(page: Any) -> Any:
    import pymupdf

    # PyMuPDF >= 1.26 prints a one-off advertisement for its layout package
    # from find_tables(); switch it off where the switch exists, and swallow
    # the print on versions where it does not.
    silence = getattr(pymupdf, "no_recommend_layout", None)
    if callable(silence):
        silence()
        return page.find_tables()
    with redirect_stdout(io.StringIO()):
        return page.find_tables()


def _cell_text(value: str | None) -> str:
    if not value:
        return ""
    return normalize_text(join_lines(value.split("\n")))


def _header_rows(tab: Any) -> int:
    header = getattr(tab, "header", None)
    if header is None or getattr(header, "external", True):
        return 0
    bottom = header.bbox[3]
    count = 0
    for row in tab.rows:
        if row.bbox[3] <= bottom + 1.0:
            count += 1
    return count


def _column_centres(tab: Any, n_cols: int) -> list[float | None]:
    centres: list[float | None] = [None] * n_cols
    for row in tab.rows:
        for c, box in enumerate(row.cells[:n_cols]):
            if box is not None and centres[c] is None:
                centres[c] = (box[0] + box[2]) / 2
    return centres


def _table_cells(tab: Any) -> list[TableCell]:
    rows: list[list[str | None]] = tab.extract()
    n_rows = len(rows)
    n_cols = max((len(r) for r in rows), default=0)
    headers = _header_rows(tab)
    centres = _column_centres(tab, n_cols)
    row_centres = [(row.bbox[1] + row.bbox[3]) / 2 for row in tab.rows]
    taken = [[False] * n_cols for _ in range(n_rows)]
    cells: list[TableCell] = []
    for r, row in enumerate(rows):
        for c in range(n_cols):
            value = row[c] if c < len(row) else None
            if taken[r][c] or (value is None and c > 0):
                continue
            box = tab.rows[r].cells[c] if c < len(tab.rows[r].cells) else None
            right = box[2] if box else float("inf")
            bottom = box[3] if box else float("inf")
            col_span = 1
            while (
                c + col_span < n_cols
                and (c + col_span >= len(row) or row[c + col_span] is None)
                and (centres[c + col_span] or 0.0) < right
                and not taken[r][c + col_span]
            ):
                col_span += 1
            row_span = 1
            while (
                r + row_span < n_rows
                and c < len(rows[r + row_span])
                and rows[r + row_span][c] is None
                and row_centres[r + row_span] < bottom
            ):
                row_span += 1
            for rr in range(r, r + row_span):
                for cc in range(c, c + col_span):
                    taken[rr][cc] = True
            cells.append(
                TableCell(
                    row=r,
                    col=c,
                    text=_cell_text(value),
                    row_span=row_span,
                    col_span=col_span,
                    header=r < headers,
                )
            )
    return cells


def _usable(cells: Sequence[TableCell]) -> bool:
    n_rows = max((c.row + c.row_span for c in cells), default=0)
    n_cols = max((c.col + c.col_span for c in cells), default=0)
    filled = sum(1 for c in cells if c.text)
    return n_rows >= 2 and n_cols >= 2 and filled >= 3


def find_table_regions(page: Any, number: int) -> list[TableRegion]:
    """Run the table finder on a page and convert what it finds.

    Tables of one row or one column (usually framed text boxes) are dropped.

    Args:
        page: A ``pymupdf.Page``.
        number: Its 1-based page number, for provenance.

    Returns:
        The page's tables in the finder's order.
    """
    regions: list[TableRegion] = []
    for tab in _quiet_finder(page).tables:
        cells = _table_cells(tab)
        if not _usable(cells):
            continue
        x0, y0, x1, y1 = (float(v) for v in tab.bbox)
        prov = Provenance(page=number, bbox=make_bbox(x0, y0, x1, y1))
        regions.append(TableRegion(x0, y0, x1, y1, Table.from_cells(cells, prov=prov)))
    return regions
