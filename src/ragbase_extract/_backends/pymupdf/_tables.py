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
from ._lines import is_rtl_text, normalize_text, visual_to_logical

__all__ = ["TableRegion", "find_table_regions", "table_search_area"]

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


def _edges(bboxlog: Sequence[tuple[str, Rect]], page_area: float) -> list[Rect]:
    """Drawing operations that can form table rules or cell borders."""
    edges: list[Rect] = []
    for kind, rect in bboxlog:
        if kind not in ("stroke-path", "fill-path"):
            continue
        x0, y0, x1, y1 = rect
        w, h = x1 - x0, y1 - y0
        if max(w, h) < 8 or w * h > 0.8 * page_area:
            continue
        edges.append(rect)
    return edges


def _is_grid(edges: Sequence[Rect]) -> bool:
    """At least three distinct horizontal and three vertical edge positions (2x2 cells)."""
    ys: set[int] = set()
    xs: set[int] = set()
    for x0, y0, x1, y1 in edges:
        if y1 - y0 >= _HAIRLINE or x1 - x0 < _HAIRLINE:
            xs.update((round(x0), round(x1)))
        if x1 - x0 >= _HAIRLINE or y1 - y0 < _HAIRLINE:
            ys.update((round(y0), round(y1)))
        if len(xs) >= 3 and len(ys) >= 3:
            return True
    return False


def table_search_area(bboxlog: Sequence[tuple[str, Rect]], width: float, height: float) -> Rect | None:
    """Where the table finder should look, or ``None`` when no table can be there.

    Edge-like drawings are clustered top to bottom (clusters separated by more
    than 36 pt of empty height); clusters that could hold a grid of at least
    two by two cells are united into the search area. Clipping the finder to it
    keeps running text elsewhere on the page out of its (slow) character pass.
    """
    edges = sorted(_edges(bboxlog, width * height), key=lambda r: r[1])
    clusters: list[list[Rect]] = []
    bottom = float("-inf")
    for rect in edges:
        if not clusters or rect[1] > bottom + 36:
            clusters.append([])
        clusters[-1].append(rect)
        bottom = max(bottom, rect[3]) if len(clusters[-1]) > 1 else rect[3]
    area: Rect | None = None
    for cluster in clusters:
        if len(cluster) < 2 or not _is_grid(cluster):
            continue
        box = (
            min(r[0] for r in cluster) - 3,
            min(r[1] for r in cluster) - 3,
            max(r[2] for r in cluster) + 3,
            max(r[3] for r in cluster) + 3,
        )
        area = box if area is None else (
            min(area[0], box[0]), min(area[1], box[1]), max(area[2], box[2]), max(area[3], box[3])
        )
    if area is None:
        return None
    return (max(area[0], 0.0), max(area[1], 0.0), min(area[2], width), min(area[3], height))


def _quiet_finder(page: Any, clip: Rect) -> Any:
    import pymupdf

    # PyMuPDF >= 1.26 prints a one-off advertisement for its layout package
    # from find_tables(); switch it off where the switch exists, and swallow
    # the print on versions where it does not.
    silence = getattr(pymupdf, "no_recommend_layout", None)
    if callable(silence):
        silence()
        return page.find_tables(clip=clip)
    with redirect_stdout(io.StringIO()):
        return page.find_tables(clip=clip)


def _cell_text(value: str | None) -> str:
    if not value:
        return ""
    # The finder sorts characters by x: right-to-left text comes out in visual order.
    lines = [visual_to_logical(line) for line in normalize_text(value).split("\n")]
    return join_lines(lines)


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


def _mirror_if_rtl(cells: list[TableCell]) -> list[TableCell]:
    """Right-to-left tables read from the rightmost column: renumber columns so."""
    text = "".join(c.text for c in cells)
    if not is_rtl_text(text):
        return cells
    n_cols = max((c.col + c.col_span for c in cells), default=0)
    return [c.model_copy(update={"col": n_cols - c.col - c.col_span}) for c in cells]


def _usable(cells: Sequence[TableCell]) -> bool:
    n_rows = max((c.row + c.row_span for c in cells), default=0)
    n_cols = max((c.col + c.col_span for c in cells), default=0)
    filled = sum(1 for c in cells if c.text)
    return n_rows >= 2 and n_cols >= 2 and filled >= 3


def find_table_regions(page: Any, number: int, area: Rect) -> list[TableRegion]:
    """Run the table finder on a page and convert what it finds.

    Tables of one row or one column (usually framed text boxes) are dropped.

    Args:
        page: A ``pymupdf.Page``.
        number: Its 1-based page number, for provenance.
        area: Where to look, from :func:`table_search_area`.

    Returns:
        The page's tables in the finder's order.
    """
    regions: list[TableRegion] = []
    for tab in _quiet_finder(page, area).tables:
        cells = _mirror_if_rtl(_table_cells(tab))
        if not _usable(cells):
            continue
        x0, y0, x1, y1 = (float(v) for v in tab.bbox)
        prov = Provenance(page=number, bbox=make_bbox(x0, y0, x1, y1))
        regions.append(TableRegion(x0, y0, x1, y1, Table.from_cells(cells, prov=prov)))
    return regions
