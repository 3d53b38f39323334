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
from typing import Any, Final, NamedTuple

from ..._model import Provenance, Table, TableCell
from ._cells import Char, grid_cells, squeeze
from ._charts import chart_areas, in_charts
from ._geometry import Rect, make_bbox
from ._lattice import Segments, area_segments, find_cell_groups
from ._opentables import find_open_tables, gridlines
from ._records import split_records

__all__ = [
    "PageTables",
    "SearchArea",
    "TableRegion",
    "find_table_regions",
    "table_search_areas",
    "union",
]


class SearchArea(NamedTuple):
    """Where a table can be: ``x0, y0, x1, y1``, and what drew it there.

    Attributes:
        x0: Left edge.
        y0: Top edge.
        x1: Right edge.
        y1: Bottom edge.
        grid: Drawings that can form a grid (searched by the lattice and for
            open tables); ``False`` for rules of one extent only (open tables).
    """

    x0: float
    y0: float
    x1: float
    y1: float
    grid: bool = True


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
) -> list[SearchArea]:
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
    areas: list[SearchArea] = []
    for cluster in clusters:
        if not (_is_grid(cluster) or any(_boxy(r) for r in cluster)):
            continue
        areas.append(
            SearchArea(
                max(min(r[0] for r in cluster) - 3, 0.0),
                max(min(r[1] for r in cluster) - 3, 0.0),
                min(max(r[2] for r in cluster) + 3, width),
                min(max(r[3] for r in cluster) + 3, height),
            )
        )
    # Rules of one extent: an open table's (see _opentables). The lattice
    # never searches them: a page frame's rules would draw a grid round a page.
    return areas + _rule_pairs(edges, width, height)


def _rule_pairs(edges: Sequence[Rect], width: float, height: float) -> list[SearchArea]:
    """Areas between two or more thin horizontal drawings of one extent (see :mod:`._opentables`)."""
    thin = sorted(
        (r for r in edges if r[3] - r[1] < 3 and r[2] - r[0] >= 40), key=lambda r: (r[0], r[2])
    )
    groups: list[list[Rect]] = []
    for rect in thin:
        group = next(
            (g for g in groups if abs(g[0][0] - rect[0]) <= 3 and abs(g[0][2] - rect[2]) <= 3),
            None,
        )
        if group is None:
            groups.append([rect])
        else:
            group.append(rect)
    return [
        SearchArea(
            max(x0 - 3, 0.0), max(y0 - 3, 0.0), min(x1 + 3, width), min(y1 + 3, height), False
        )
        for x0, y0, x1, y1 in (union(g) for g in groups if len(g) >= 2)
    ]


def union(areas: Sequence[Sequence[float]]) -> Rect:
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


class PageTables(NamedTuple):
    """What a page's drawings hold: ruled tables, and charts' plot areas.

    Attributes:
        tables: The tables, top to bottom.
        charts: Plot areas (:func:`._charts.chart_areas`), whose text the
            text-alignment finders must not read as a table.
    """

    tables: list[TableRegion]
    charts: list[Rect]


def find_table_regions(
    page: Any, number: int, areas: Sequence[SearchArea], chars: Sequence[Char]
) -> PageTables:
    """Find the ruled tables of a page and convert them; find its charts.

    Tables of one row or one column, and boxes whose one cell holds most of
    the text (framed notes, diagrams), are dropped.

    Args:
        page: A ``pymupdf.Page``.
        number: Its 1-based page number, for provenance.
        areas: Where to look, from :func:`table_search_areas`.
        chars: The page's characters in those areas, to fill the cells.

    Returns:
        The page's tables, top to bottom, and its charts.
    """
    drawings = page.get_cdrawings()
    charts = chart_areas(drawings)
    # Each area's rules are read from the drawings once, for both finders.
    segments = [area_segments(drawings, area[:4]) for area in areas]
    regions: list[TableRegion] = []
    for area, segs in zip(areas, segments, strict=True):
        if area.grid:
            regions += _lattice_regions((page, number, charts), segs, chars, regions)
    # Areas overlap (a grid cluster cut at a gap, the rules' own area): the
    # tallest open table wins. A one-column grid is what the lattice makes of
    # a table ruled across only: the open table replaces it.
    height = float(page.rect.height)
    candidates = [f for segs in segments for f in find_open_tables(segs, chars, height)]
    for found in sorted(candidates, key=lambda f: f.bbox[1] - f.bbox[3]):
        hit = [t for t in regions if _overlap(found.bbox, (t.x0, t.y0, t.x1, t.y1))]
        if all(t.table.n_cols == 1 for t in hit) and not _chart(
            page, found.bbox, found.rules, charts
        ):
            prov = Provenance(page=number, bbox=make_bbox(*found.bbox))
            regions = [t for t in regions if t not in hit]
            regions.append(TableRegion(*found.bbox, Table.from_cells(found.cells, prov=prov)))
    return PageTables(sorted(regions, key=lambda t: (t.y0, t.x0)), charts)


def _chart(
    page: Any, bbox: Rect, edges: Sequence[tuple[float, float, float]], charts: Sequence[Rect]
) -> bool:
    """A chart's grid: its gridlines run level with tick labels (often just outside it).

    Our characters stop at the search area, so the words beside the grid are
    read here, for the few grids that pass as tables. A grid whose words stand
    mostly in a chart's plot area (bars, data lines) is the chart's too.
    """
    x0, y0, x1, y1 = bbox
    words = page.get_text("words", clip=(x0 - 30, y0, x1 + 30, y1))
    text = [((w[0] + w[2]) / 2, (w[1] + w[3]) / 2, (w[3] - w[1]) / 1.2) for w in words]
    inner = [(w[0], w[1], w[2], w[3]) for w in words if x0 <= (w[0] + w[2]) / 2 <= x1]
    return gridlines(edges, text, y0, y1) or in_charts(inner, charts)


def _overlap(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _lattice_regions(
    where: tuple[Any, int, Sequence[Rect]],
    segs: Segments,
    chars: Sequence[Char],
    taken: Sequence[TableRegion],
) -> list[TableRegion]:
    """The ruled grids found in one area (none overlapping a table already found).

    ``where`` is the ``pymupdf.Page``, its 1-based number and its charts.
    """
    page, number, charts = where
    regions: list[TableRegion] = []
    for rects in find_cell_groups(segs):
        x0, y0, x1, y1 = union(rects)
        if any(_overlap((x0, y0, x1, y1), (t.x0, t.y0, t.x1, t.y1)) for t in taken):
            continue  # found already: areas overlap, or an open table's frame
        rects = split_records(rects, chars)
        cells = grid_cells(rects, chars)
        edges = [(y, r[0], r[2]) for r in rects for y in (r[1], r[3])]
        if not _usable(cells) or _chart(page, (x0, y0, x1, y1), edges, charts):
            continue
        # Judged on the drawn grid; then the columns and rows no text is in go.
        cells = squeeze(squeeze(cells, "col"), "row")
        prov = Provenance(page=number, bbox=make_bbox(x0, y0, x1, y1))
        regions.append(TableRegion(x0, y0, x1, y1, Table.from_cells(cells, prov=prov)))
    return regions
