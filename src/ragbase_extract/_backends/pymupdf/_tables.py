"""Ruled tables, turned into :class:`Table` blocks.

Detection is gated: only pages whose drawing log (``get_bboxlog``, no image
decoding) shows edge-like drawings at three or more distinct x and y positions
(room for a 2x2 grid) are searched, and only within the clusters of such
drawings. The search itself is :mod:`._lattice` (see there why not
``page.find_tables()``); the cells are filled by :mod:`._cells`. Trade-off:
tables drawn without any rules are not found; they come out as text lines in
reading order, which a text-alignment detector could catch at a higher cost and
with false positives on running text.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from ..._model import Provenance, Table, TableCell
from ._cells import Char, grid_cells
from ._geometry import Rect, make_bbox
from ._lattice import find_cell_groups

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


def table_search_area(
    bboxlog: Sequence[tuple[str, Rect]], width: float, height: float
) -> Rect | None:
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
        area = (
            box
            if area is None
            else (
                min(area[0], box[0]),
                min(area[1], box[1]),
                max(area[2], box[2]),
                max(area[3], box[3]),
            )
        )
    if area is None:
        return None
    return (max(area[0], 0.0), max(area[1], 0.0), min(area[2], width), min(area[3], height))


def _usable(cells: Sequence[TableCell]) -> bool:
    n_rows = max((c.row + c.row_span for c in cells), default=0)
    n_cols = max((c.col + c.col_span for c in cells), default=0)
    filled = [c for c in cells if c.text]
    if n_rows < 2 or n_cols < 2 or len(filled) < 3:
        return False
    # A "table" whose one cell holds most of the text is a framed text box.
    longest = max(len(c.text) for c in filled)
    return longest < 0.6 * sum(len(c.text) for c in filled)


def find_table_regions(
    page: Any, number: int, area: Rect, chars: Sequence[Char]
) -> list[TableRegion]:
    """Find the ruled tables of a page and convert them.

    Tables of one row or one column, and boxes whose one cell holds most of
    the text (framed notes, diagrams), are dropped.

    Args:
        page: A ``pymupdf.Page``.
        number: Its 1-based page number, for provenance.
        area: Where to look, from :func:`table_search_area`.
        chars: The page's characters, to fill the cells.

    Returns:
        The page's tables, top to bottom.
    """
    regions: list[TableRegion] = []
    for rects in find_cell_groups(page.get_cdrawings(), area):
        cells = grid_cells(rects, chars)
        if not _usable(cells):
            continue
        x0 = min(r[0] for r in rects)
        y0 = min(r[1] for r in rects)
        x1 = max(r[2] for r in rects)
        y1 = max(r[3] for r in rects)
        prov = Provenance(page=number, bbox=make_bbox(x0, y0, x1, y1))
        regions.append(TableRegion(x0, y0, x1, y1, Table.from_cells(cells, prov=prov)))
    return regions
