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
from ._cells import Char, grid_cells, squeeze
from ._geometry import Rect, make_bbox
from ._lattice import find_cell_groups
from ._records import split_records

__all__ = ["TableRegion", "find_table_regions", "table_search_areas", "union"]


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
    """Room for 2x2 cells: three distinct x and three distinct y among the edges' corners.

    Ends count as well as rules: tables often leave out their outer verticals,
    so the ends of the horizontal rules mark the borders.
    """
    ys: set[int] = set()
    xs: set[int] = set()
    for x0, y0, x1, y1 in edges:
        xs.update((round(x0), round(x1)))
        ys.update((round(y0), round(y1)))
        if len(xs) >= 3 and len(ys) >= 3:
            return True
    return False


def _boxy(rect: Rect) -> bool:
    """A path box at least 15 pt both ways: one path may draw a whole grid of rules."""
    return rect[2] - rect[0] >= 15 and rect[3] - rect[1] >= 15


def table_search_areas(
    bboxlog: Sequence[tuple[str, Rect]], width: float, height: float
) -> list[Rect]:
    """Where tables can be: one area per cluster of edge-like drawings.

    Edge-like drawings are clustered top to bottom (clusters separated by more
    than 36 pt of empty height); clusters that could hold a grid of at least
    two by two cells, or that hold a path box (one path may draw a whole grid),
    are searched, each on its own so that rules of unrelated drawings (a
    footnote separator, a page frame) never join a table.
    """
    edges = sorted(_edges(bboxlog, width * height), key=lambda r: r[1])
    clusters: list[list[Rect]] = []
    bottom = float("-inf")
    for rect in edges:
        if not clusters or rect[1] > bottom + 36:
            clusters.append([])
        clusters[-1].append(rect)
        bottom = max(bottom, rect[3]) if len(clusters[-1]) > 1 else rect[3]
    areas: list[Rect] = []
    for cluster in clusters:
        if not (_is_grid(cluster) or any(_boxy(r) for r in cluster)):
            continue
        areas.append(
            (
                max(min(r[0] for r in cluster) - 3, 0.0),
                max(min(r[1] for r in cluster) - 3, 0.0),
                min(max(r[2] for r in cluster) + 3, width),
                min(max(r[3] for r in cluster) + 3, height),
            )
        )
    return areas


def union(areas: Sequence[Rect]) -> Rect:
    """The smallest rectangle holding all ``areas`` (at least one)."""
    return (
        min(a[0] for a in areas),
        min(a[1] for a in areas),
        max(a[2] for a in areas),
        max(a[3] for a in areas),
    )


_LIST_ROWS: Final = 4
"""Fewest rows of a one-column ruled table."""
_LIST_ENTRY: Final = 80
"""Longest entry (characters) of a one-column ruled table."""


def _usable(cells: Sequence[TableCell]) -> bool:
    n_rows = max((c.row + c.row_span for c in cells), default=0)
    n_cols = max((c.col + c.col_span for c in cells), default=0)
    filled = [c for c in cells if c.text]
    if n_cols == 1:
        # A ruled list: four or more boxed rows of short entries, each in its
        # own box (a framed paragraph or a stack of notes holds longer text).
        return (
            n_rows >= _LIST_ROWS
            and len(filled) == n_rows
            and all(len(c.text) <= _LIST_ENTRY for c in filled)
            and all(any(ch.isalpha() for ch in c.text) for c in filled)  # not a chart's bars
        )
    if n_rows < 2 or n_cols < 2 or len(filled) < 3:
        return False
    if len({c.row for c in filled}) < 2 or len({c.col for c in filled}) < 2:
        return False  # labels along one edge of a chart's grid, not a table
    covered = sum(c.row_span * c.col_span for c in filled)
    if covered < 0.3 * n_rows * n_cols:
        return False  # a drawing's grid of shapes with a few labels in it
    # A "table" whose one cell holds most of the text, a paragraph or more, is
    # a framed text box.
    longest = max(len(c.text) for c in filled)
    return longest < 100 or longest < 0.6 * sum(len(c.text) for c in filled)


def find_table_regions(
    page: Any, number: int, areas: Sequence[Rect], chars: Sequence[Char]
) -> list[TableRegion]:
    """Find the ruled tables of a page and convert them.

    Tables of one row or one column, and boxes whose one cell holds most of
    the text (framed notes, diagrams), are dropped.

    Args:
        page: A ``pymupdf.Page``.
        number: Its 1-based page number, for provenance.
        areas: Where to look, from :func:`table_search_areas`.
        chars: The page's characters in those areas, to fill the cells.

    Returns:
        The page's tables, top to bottom.
    """
    drawings = page.get_cdrawings()
    regions: list[TableRegion] = []
    for area in areas:
        for rects in find_cell_groups(drawings, area):
            rects = split_records(rects, chars)
            cells = grid_cells(rects, chars)
            if not _usable(cells):
                continue
            # Judged on the drawn grid; then the columns and rows no text is in go.
            cells = squeeze(squeeze(cells, "col"), "row")
            x0, y0, x1, y1 = union(rects)
            prov = Provenance(page=number, bbox=make_bbox(x0, y0, x1, y1))
            regions.append(TableRegion(x0, y0, x1, y1, Table.from_cells(cells, prov=prov)))
    return regions
