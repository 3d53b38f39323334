"""Reading order: column detection by x-gaps, then top to bottom per column.

The page's text lines are projected onto the x axis. A *gutter* is a run of x
that (almost) no line covers, with text-like columns on both sides. Elements
crossing a gutter (titles, full-width figures, tables) are *spanning*: they split
the flow into horizontal bands. Within a band, columns are read one after the
other (right to left on right-to-left pages), each top to bottom; elements on one
visual row are read left to right (or right to left).
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections import Counter
from collections.abc import Sequence
from typing import Final, Protocol, TypeVar

__all__ = ["Boxed", "find_gutters", "level_with", "reading_order"]

_MIN_GUTTER: Final = 4.0
"""Narrowest gap between columns, in points."""
_SIDE_NOTE_LINES: Final = 5
"""Fewest lines a side note (a narrow column beside running text) must have."""
_MARGIN_FRACTION: Final = 0.12
"""Gutters must lie this far (as a fraction of the text width) inside the text area."""


class Boxed(Protocol):
    """Anything with a box: lines, tables, figures."""

    @property
    def x0(self) -> float: ...
    @property
    def y0(self) -> float: ...
    @property
    def x1(self) -> float: ...
    @property
    def y1(self) -> float: ...


_T = TypeVar("_T", bound=Boxed)


def _coverage(lines: Sequence[Boxed], left: int, right: int) -> list[int]:
    diff = [0] * (right - left + 2)
    for line in lines:
        a = max(0, int(line.x0) - left)
        b = min(right - left + 1, int(line.x1 + 0.999) - left)
        if b > a:
            diff[a] += 1
            diff[b] -= 1
    cover: list[int] = []
    running = 0
    for step in diff[:-1]:
        running += step
        cover.append(running)
    return cover


def _runs(cover: Sequence[int], limit: int) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    start: int | None = None
    for x, count in enumerate(cover):
        if count <= limit and start is None:
            start = x
        elif count > limit and start is not None:
            runs.append((start, x))
            start = None
    if start is not None:
        runs.append((start, len(cover)))
    return runs


def _weighted_median(values: Sequence[tuple[float, int]]) -> float:
    ordered = sorted(values)
    half = sum(w for _, w in ordered) / 2
    running = 0
    for value, weight in ordered:
        running += weight
        if running >= half:
            return value
    return ordered[-1][0]


def _text_like(lines: Sequence[Boxed]) -> bool:
    """Whether lines look like running text in a column, not a form or a list of values.

    The typical line (weighted by its length, so stray short labels count
    little) must fill a good part of the column's typical extent.
    """
    if len(lines) < 3:
        return False
    weighted = [(line, max(1, round(line.x1 - line.x0))) for line in lines]
    left = _weighted_median([(line.x0, w) for line, w in weighted])
    right = _weighted_median([(line.x1, w) for line, w in weighted])
    width = _weighted_median([(line.x1 - line.x0, w) for line, w in weighted])
    height = _weighted_median([(line.y1 - line.y0, w) for line, w in weighted])
    # A column of running text is many words wide; labels of a form are not.
    return right - left >= 10 * height and width >= 0.6 * (right - left)


def _side_note(left: Sequence[Boxed], right: Sequence[Boxed]) -> bool:
    """A narrow column of its own beside running text: a side note, a sidebar.

    Its lines are too short for :func:`_text_like`, but they keep a line
    spacing of their own: few sit on a baseline of the text beside them, as
    the cells of a form or a table would.
    """
    if _text_like(left) == _text_like(right):
        return False
    narrow, text = (right, left) if _text_like(left) else (left, right)
    if len(narrow) < _SIDE_NOTE_LINES:
        return False
    bottoms = sorted(b.y1 for b in text if b.y1 == b.y1)  # NaN is level with nothing
    level = sum(1 for a in narrow if level_with(a.y1, bottoms))
    return level <= 0.25 * len(narrow)


def level_with(y: float, bottoms: Sequence[float]) -> bool:
    """Whether one of the sorted ``bottoms`` lies within 1.5 pt of ``y``.

    Only the values bisection finds within 2 pt are tested (with the same
    ``abs(y - b) < 1.5``): a side note beside a long table compared every
    line with every line, quadratic on a page of thousands.
    """
    near = bottoms[bisect_left(bottoms, y - 2.0) : bisect_right(bottoms, y + 2.0)]
    return any(abs(y - b) < 1.5 for b in near)


def _core(
    cover: Sequence[int], start: int, end: int, left: int, few: int, limit: int
) -> tuple[float, float, int]:
    """The part of a gutter run that the fewest lines cross (its clean middle), and its width.

    When at most ``few`` lines cross it, the width counts the stretch around
    the core where only a few more do (captions and table rows crossing a
    gutter partly cover its sides): up to half way to ``limit``, the most
    crossings a gutter may have, as cells starting at staggered places inside
    a narrow gutter leave only a sliver at the minimum.
    """
    least = min(cover[start:end])
    # The widest stretch at that minimum (a narrow cell may sit inside the run).
    a, b = max(_runs(cover[start:end], least), key=lambda r: r[1] - r[0])
    slack = max(1, least // 3, (limit - least) // 2) if least <= few else 0
    loose = _runs(cover[start:end], least + slack)
    width = max((r1 - r0 for r0, r1 in loose if r0 <= a < r1), default=b - a)
    return (float(left + start + a), float(left + start + b), max(width, b - a))


def find_gutters(lines: Sequence[Boxed]) -> list[tuple[float, float]]:
    """Find the x-ranges between text columns.

    Args:
        lines: The page's horizontal text lines.

    Returns:
        ``(x_start, x_end)`` of each gutter, left to right; empty for one column.
    """
    if len(lines) < 6:
        return []
    left = int(min(line.x0 for line in lines))
    right = int(max(line.x1 for line in lines) + 1)
    width = right - left
    cover = _coverage(lines, left, right)
    # Titles, abstracts and wide figures cross the gutter of a two-column page:
    # up to a quarter of the lines may do so.
    limit = max(1, len(lines) // 4)
    # Gutters are searched inside the text area only: on a page of many short
    # lines (table cells) the margins would otherwise join every low-coverage
    # stretch into one run whose clean core lies at the page edge.
    inner = round(_MARGIN_FRACTION * width)
    gutters: list[tuple[float, float]] = []
    for start, end in _runs(cover[inner : width - inner], limit):
        g0, g1, wide = _core(cover, start + inner, end + inner, left, len(lines) // 8, limit)
        if wide < _MIN_GUTTER:
            continue
        mid = (g0 + g1) / 2
        floor = gutters[-1][1] if gutters else float(left)
        left_side = [ln for ln in lines if floor <= (ln.x0 + ln.x1) / 2 < mid and ln.x1 < g1]
        right_side = [ln for ln in lines if (ln.x0 + ln.x1) / 2 > mid and ln.x0 > g0]
        if (_text_like(left_side) and _text_like(right_side)) or _side_note(left_side, right_side):
            gutters.append((g0, g1))
    return gutters


def _crosses(item: Boxed, gutters: Sequence[tuple[float, float]]) -> bool:
    return any(item.x0 < g1 - 1 and item.x1 > g0 + 1 for g0, g1 in gutters)


def _same_row(item: Boxed, other: Boxed) -> bool:
    overlap = min(item.y1, other.y1) - max(item.y0, other.y0)
    return overlap > 0.5 * min(item.y1 - item.y0, other.y1 - other.y0)


def _column(item: Boxed, gutters: Sequence[tuple[float, float]]) -> int:
    centre = (item.x0 + item.x1) / 2
    return sum(1 for g0, g1 in gutters if centre > (g0 + g1) / 2)


def _rows(items: Sequence[_T], rtl: bool) -> list[_T]:
    """Sort items top to bottom; items sharing a visual row go left to right."""
    ordered = sorted(items, key=lambda it: ((it.y0 + it.y1) / 2, it.x0))
    out: list[_T] = []
    row: list[_T] = []
    row_bottom = float("-inf")
    for item in ordered:
        centre = (item.y0 + item.y1) / 2
        if row and centre > row_bottom:
            out.extend(sorted(row, key=lambda it: -it.x1 if rtl else it.x0))
            row = []
        if not row:
            row_bottom = centre + 0.35 * (item.y1 - item.y0)
        row.append(item)
    out.extend(sorted(row, key=lambda it: -it.x1 if rtl else it.x0))
    return out


def _table_rows(items: Sequence[Boxed], gutters: Sequence[tuple[float, float]]) -> set[int]:
    """Positions of items in rows that read across a gutter: table rows, not two columns.

    Two text columns put one line per column on a visual row; a rule-less table
    puts several short cells on it, at least two on each side of the gutter.
    (Counting a merged line's fragments as cells instead catches more header
    rows but also chart labels beside text: worse on DP-Bench.)
    """
    order = sorted(range(len(items)), key=lambda i: (items[i].y0 + items[i].y1) / 2)
    span = max(it.x1 for it in items) - min(it.x0 for it in items)
    cell = 0.5 * span / (len(gutters) + 1)  # a cell is narrower than half a column
    wide: set[int] = set()
    row: list[int] = []
    for i in [*order, -1]:
        if i >= 0 and (not row or _same_row(items[row[0]], items[i])):
            row.append(i)
            continue
        sides = Counter(_column(items[j], gutters) for j in row)
        if (
            len(sides) > 1
            and min(sides.values()) >= 2
            and all(items[j].x1 - items[j].x0 < cell for j in row)
        ):
            wide.update(row)
        row = [i]
    return wide


def _split_spanning(
    items: Sequence[_T], gutters: Sequence[tuple[float, float]]
) -> tuple[list[_T], list[_T]]:
    wide = _table_rows(items, gutters)
    spanning = [it for i, it in enumerate(items) if i in wide or _crosses(it, gutters)]
    rest = [it for i, it in enumerate(items) if not (i in wide or _crosses(it, gutters))]
    return sorted(spanning, key=lambda it: it.y0), rest


def reading_order(
    items: Sequence[_T], gutters: Sequence[tuple[float, float]], *, rtl: bool = False
) -> list[list[_T]]:
    """Order a page's items for reading.

    Args:
        items: Lines, tables and figures of one page.
        gutters: Column gutters from :func:`find_gutters`.
        rtl: The page reads right to left (columns and rows reversed).

    Returns:
        Segments in reading order: each a column of one band, or a run of
        spanning items; items of one segment may be grouped into paragraphs.
    """
    if not gutters:
        return [_rows(items, rtl)] if items else []
    spanning, rest = _split_spanning(items, gutters)
    cuts = [(it.y0 + it.y1) / 2 for it in spanning]
    n_cols = len(gutters) + 1
    bands: list[list[list[_T]]] = [[[] for _ in range(n_cols)] for _ in range(len(spanning) + 1)]
    mates: list[list[_T]] = [[] for _ in spanning]
    for item in rest:
        beside = next((i for i, s in enumerate(spanning) if _same_row(item, s)), None)
        if beside is not None:
            mates[beside].append(item)  # e.g. a running head next to a wide title
            continue
        centre = (item.y0 + item.y1) / 2
        band = sum(1 for cut in cuts if cut < centre)
        bands[band][_column(item, gutters)].append(item)
    segments: list[list[_T]] = []
    run: list[_T] = []  # spanning items (and their mates) with nothing between them
    for index, columns in enumerate(bands):
        if any(columns) and run:
            segments.append(_rows(run, rtl))
            run = []
        for column in reversed(columns) if rtl else columns:
            if column:
                segments.append(_rows(column, rtl))
        if index < len(spanning):
            run.extend([*mates[index], spanning[index]])
    if run:
        segments.append(_rows(run, rtl))
    return segments
