"""Tables without rules, found from text alignment within one column of the flow.

Two cheap detectors run on the lines of one reading-order segment:

* **Aligned rows**: three or more consecutive visual rows that each hold three or
  more separate lines, whose x-ranges fall into the same three or more column
  bands. Running text never looks like that once columns are split apart.
* **Dot leaders**: three or more consecutive lines "Entry . . . . . 12", the
  shape of a table of contents, become a two-column table (entry, page).
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final, TypeVar

from ..._model import Provenance, Table, TableCell
from ._charts import in_charts
from ._geometry import Rect, make_bbox, union_bands
from ._lines import Line
from ._tables import TableRegion

__all__ = ["page_text_tables", "text_tables"]

_LEADER_RE: Final = re.compile(
    r"^(?P<entry>.*?\S)\s*(?:\.\s*){4,}\s*(?P<page>[\divxlcdmIVXLCDM]{1,6})$"
)
_MIN_ROWS: Final = 3
_MIN_COLS: Final = 3

_T = TypeVar("_T")


def _visual_rows(items: Sequence[_T]) -> list[list[_T]]:
    rows: list[list[_T]] = []
    for item in items:
        if rows and isinstance(item, Line) and all(isinstance(o, Line) for o in rows[-1]):
            last = rows[-1][-1]
            assert isinstance(last, Line)
            overlap = min(last.y1, item.y1) - max(last.y0, item.y0)
            if overlap > 0.5 * min(last.height, item.height):
                rows[-1].append(item)
                continue
        rows.append([item])
    return rows


def _columns(rows: Sequence[Sequence[tuple[float, float]]]) -> list[tuple[float, float]]:
    """Column bands: the union of the x-ranges of the rows' cells."""
    return union_bands(span for row in rows for span in row)


def _band(x0: float, x1: float, bands: Sequence[tuple[float, float]]) -> int:
    centre = (x0 + x1) / 2
    return next((i for i, (a, b) in enumerate(bands) if a - 1 <= centre <= b + 1), 0)


def _region(cells: list[TableCell], lines: Sequence[Line], number: int) -> TableRegion:
    x0, y0 = min(ln.x0 for ln in lines), min(ln.y0 for ln in lines)
    x1, y1 = max(ln.x1 for ln in lines), max(ln.y1 for ln in lines)
    prov = Provenance(page=number, bbox=make_bbox(x0, y0, x1, y1))
    return TableRegion(x0, y0, x1, y1, Table.from_cells(cells, prov=prov))


@dataclass(slots=True)
class _Cell:
    x0: float
    x1: float
    text: str


def _split(line: Line) -> list[_Cell]:
    """A line's fragments, split where they stand more than a font size apart."""
    cells: list[_Cell] = []
    for x0, x1, text in line.parts or [(line.x0, line.x1, line.text)]:
        if cells and x0 - cells[-1].x1 <= 0.9 * line.size:
            cells[-1].x1 = x1
            cells[-1].text += " " + text
        else:
            cells.append(_Cell(x0, x1, text))
    return cells


def _header(rows: Sequence[Sequence[object]], bands: Sequence[tuple[float, float]]) -> int:
    """How many rows just above a table are its (possibly wrapped) column headings."""
    count = 0
    for row in reversed(rows):
        if not row or not all(isinstance(it, Line) and it.horizontal for it in row):
            break
        lines = [it for it in row if isinstance(it, Line)]
        if len(lines) >= _MIN_COLS or not all(_inside(ln, bands) for ln in lines):
            break
        count += 1
        if count == 2:
            break
    return count


def _inside(line: Line, bands: Sequence[tuple[float, float]]) -> bool:
    """A heading over columns: within the table's width, over one or two of its columns."""
    reach = 2 * line.size  # a heading may stand out a little past its column
    if line.x0 < bands[0][0] - reach or line.x1 > bands[-1][1] + reach:
        return False  # running text above the table
    over = [1 for a, b in bands if line.x0 < b and line.x1 > a]
    centre = (line.x0 + line.x1) / 2
    return len(over) <= 2 and any(a - 1 <= centre <= b + 1 for a, b in bands[1:])


def _row_cells(
    row: Sequence[_Cell], bands: Sequence[tuple[float, float]], r: int, *, header: bool = False
) -> list[TableCell]:
    """One row's cells; a cell reaching over several bands spans them."""
    found: dict[int, tuple[int, list[str]]] = {}
    for cell in sorted(row, key=lambda c: c.x0):
        hit = [i for i, (a, b) in enumerate(bands) if cell.x0 < b + 1 and cell.x1 > a - 1]
        first = hit[0] if hit else _band(cell.x0, cell.x1, bands)
        last = hit[-1] if hit else first
        if first in found:
            end, texts = found[first]
            found[first] = (max(end, last), [*texts, cell.text])
        else:
            found[first] = (last, [cell.text])
    out: list[TableCell] = []
    taken = -1
    for c, (last, texts) in sorted(found.items()):
        if c <= taken:  # overlapping spans: join into the previous cell
            prev = out[-1]
            out[-1] = prev.model_copy(update={"text": f"{prev.text} {' '.join(texts)}"})
            continue
        span = 1 + max(last, c) - c
        out.append(TableCell(row=r, col=c, text=" ".join(texts), col_span=span, header=header))
        taken = c + span - 1
    return out


def _head_row(split: Sequence[Sequence[_Cell]]) -> bool:
    """Whether the first row reads as column headings over the rows below.

    It does when it holds no number while the body does, or when its cells
    would join body columns together (a heading wider than its column).
    """
    if len(split) < _MIN_ROWS:
        return False
    body = [c.text for row in split[1:] for c in row]
    head = [c.text for c in split[0]]
    return not any(_numeric(t) for t in head) and any(_numeric(t) for t in body)


def _numeric(text: str) -> bool:
    stripped = text.replace(" ", "").replace(",", "").replace(".", "").replace("%", "")
    return stripped.lstrip("+-−±").rstrip("*†").isdigit()


def _aligned_table(
    rows: Sequence[Sequence[Line]],
    heads: Sequence[Sequence[Line]],
    number: int,
    charts: Sequence[Rect] = (),
) -> TableRegion | None:
    split = [[cell for line in row for cell in _split(line)] for row in rows]
    boxes = [(c.x0, ln.y0, c.x1, ln.y1) for row in rows for ln in row for c in _split(ln)]
    if in_charts(boxes, charts):
        return None  # a chart's tick and data labels (see _charts)
    head_row = _head_row(split)
    body = split[1:] if head_row else split
    bands = _columns([[(c.x0, c.x1) for c in row] for row in body])
    if len(bands) < _MIN_COLS or any(len(row) > len(bands) + 2 for row in body):
        # A row of three pieces more than columns: a chart's tick labels over
        # its group labels and legend, whose ranges join into a few wide bands.
        return None
    cells: list[TableCell] = []
    if heads:
        texts: dict[int, list[str]] = {}
        for row in heads:
            for line in sorted(row, key=lambda ln: ln.x0):
                texts.setdefault(_band(line.x0, line.x1, bands), []).append(line.text)
        cells.extend(
            TableCell(row=0, col=c, text=" ".join(t), header=True) for c, t in sorted(texts.items())
        )
    offset = 1 if heads else 0
    for r, pieces in enumerate(split):
        cells.extend(_row_cells(pieces, bands, r + offset, header=head_row and r == 0))
    if rows[0][0].rtl:
        cells = [c.model_copy(update={"col": len(bands) - c.col - c.col_span}) for c in cells]
    lines = [ln for row in (*heads, *rows) for ln in row]
    return _region(cells, lines, number)


def _leader_table(lines: Sequence[Line], number: int) -> TableRegion:
    # Contents lines become (entry, page) rows without their leader dots, as
    # Docling makes them. DP-Bench's references keep such pages as text, dots
    # and all (its NID rewards that), but a paragraph of leader dots is noise
    # to a reader and to embeddings.
    cells: list[TableCell] = []
    for r, line in enumerate(lines):
        match = _LEADER_RE.match(line.text)
        assert match is not None
        cells.append(TableCell(row=r, col=0, text=match.group("entry")))
        cells.append(TableCell(row=r, col=1, text=match.group("page")))
    return _region(cells, lines, number)


def _is_table_row(row: Sequence[object]) -> bool:
    """Three or more cells side by side: PyMuPDF may join a whole header row into one line."""
    if not all(isinstance(it, Line) and it.horizontal for it in row):
        return False
    return sum(len(_split(it)) for it in row if isinstance(it, Line)) >= _MIN_COLS


def _is_leader(row: Sequence[object]) -> bool:
    return len(row) == 1 and isinstance(row[0], Line) and _LEADER_RE.match(row[0].text) is not None


def text_tables(
    segment: Sequence[_T], number: int, charts: Sequence[Rect] = ()
) -> list[_T | TableRegion]:
    """Replace runs of table-shaped lines in a reading-order segment by tables.

    Args:
        segment: One segment from :func:`._layout.reading_order`.
        number: The page number, for provenance.
        charts: The page's plot areas (:func:`._charts.chart_areas`): no
            table is made of text that stands mostly in them.

    Returns:
        The segment with each detected run of lines replaced by one table.
    """
    rows = _visual_rows(segment)
    out: list[_T | TableRegion] = []
    i = 0
    while i < len(rows):
        for test, build in ((_is_table_row, "aligned"), (_is_leader, "leader")):
            j = i
            while j < len(rows) and test(rows[j]):
                j += 1
            run = [[it for it in row if isinstance(it, Line)] for row in rows[i:j]]
            if j - i >= _MIN_ROWS and (build == "leader" or _data_like(run)):
                if build == "aligned":
                    bands = _columns([[(ln.x0, ln.x1) for ln in row] for row in run])
                    n_heads = _header(rows[:i], bands)
                    heads = [
                        [it for it in row if isinstance(it, Line)] for row in rows[i - n_heads : i]
                    ]
                    region = _aligned_table(run, heads, number, charts)
                else:
                    n_heads = 0
                    region = _leader_table([row[0] for row in run], number)
                if region is not None:
                    del out[len(out) - sum(len(row) for row in rows[i - n_heads : i]) :]
                    out.append(region)
                    i = j
                    break
        else:
            out.extend(rows[i])
            i += 1
    return out


_PAGE_GAP: Final = 60.0
"""Widest gap (points) between the columns of a table found over the whole page."""


def _compact(rows: Sequence[Sequence[Line]]) -> bool:
    """No gap between neighbouring columns wide enough to be a page's gutter.

    Over the whole page, a list in one text column and a table in the next
    stand on the same rows; they are left to the per-column pass.
    """
    bands = _columns([[(c.x0, c.x1) for line in row for c in _split(line)] for row in rows])
    return all(b[0] - a[1] <= _PAGE_GAP for a, b in itertools.pairwise(bands))


def _data_like(rows: Sequence[Sequence[Line]]) -> bool:
    """Most cells hold a figure or a few words: data, not columns of prose side by side."""
    cells = [c.text for row in rows for line in row for c in _split(line)]
    short = sum(1 for t in cells if len(t.split()) <= 3 or _numeric(t))
    return short >= 0.8 * len(cells)


def page_text_tables(
    lines: Sequence[Line], number: int, charts: Sequence[Rect] = ()
) -> tuple[list[Line], list[TableRegion]]:
    """Find rule-less data tables over a whole page, before reading order splits it.

    The gaps between a rule-less table's columns look like gutters between
    text columns, so reading order can cut its rows apart before
    :func:`text_tables` sees them. This pass reads the page's lines top to
    bottom and takes only runs of three or more rows of three or more cells
    whose cells are mostly short (a figure or a few words): columns of prose
    side by side never qualify.

    Args:
        lines: The page's body lines.
        number: The page number, for provenance.
        charts: The page's plot areas, as for :func:`text_tables`.

    Returns:
        The lines left over, and the tables found.
    """
    rows = _visual_rows(sorted(lines, key=lambda ln: (ln.y0, ln.x0)))
    taken: set[int] = set()
    regions: list[TableRegion] = []
    i = 0
    while i < len(rows):
        j = i
        while j < len(rows) and _is_table_row(rows[j]):
            j += 1
        run = [[it for it in row if isinstance(it, Line)] for row in rows[i:j]]
        region = None
        if j - i >= _MIN_ROWS and _data_like(run) and _compact(run):
            bands = _columns([[(ln.x0, ln.x1) for ln in row] for row in run])
            n_heads = _header(rows[:i], bands)
            region = _aligned_table(run, rows[i - n_heads : i], number, charts)
        if region is not None:
            regions.append(region)
            taken.update(range(i - n_heads, j))
        i = max(j, i + 1)
    rest = [ln for k, row in enumerate(rows) if k not in taken for ln in row]
    return rest, regions
