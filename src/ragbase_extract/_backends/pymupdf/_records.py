"""Several records under one rule: ruled rows split into the table rows they hold.

Some tables draw a rule only every few rows (ledgers, banded listings), so one
ruled row holds several records, and a grid read from the rules alone merges them
into one cell per column. A ruled row is split where every cell of it that holds
text holds the same number of lines, level with each other from cell to cell, and
one cell holds a number on each line: a column of figures lines up record by
record, while wrapped prose in two cells does not hold one number per line.
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections import defaultdict
from collections.abc import Sequence
from typing import Final

from ._cells import Char, is_numeric
from ._geometry import Rect

__all__ = ["cell_reach", "split_records", "straddled"]

_LEVEL: Final = 2.5
"""Lines of two cells whose centres are this close (points) are level."""


def _lines(rect: Rect, chars: Sequence[Char]) -> list[tuple[float, str]]:
    """The text lines inside ``rect``: centre height and text, top to bottom."""
    x0, y0, x1, y1 = rect
    inside = sorted(
        (ch for ch in chars if x0 <= ch.x <= x1 and y0 <= ch.y <= y1), key=lambda ch: ch.y
    )
    groups: list[list[Char]] = []
    for ch in inside:
        if groups and ch.y - groups[-1][-1].y <= _LEVEL:
            groups[-1].append(ch)
        else:
            groups.append([ch])
    lines = [
        (sum(ch.y for ch in g) / len(g), "".join(ch.c for ch in sorted(g, key=lambda c: c.x)))
        for g in groups
    ]
    return [(y, text.strip()) for y, text in lines if text.strip()]


def _cuts(cells: Sequence[list[tuple[float, str]]], *, top: bool) -> list[float]:
    """Where to cut one ruled row into records, or nothing.

    In the table's top row the first line may be the column headings.
    """
    filled = [lines for lines in cells if lines]
    if len(filled) < 2:
        return []
    count = len(filled[0])
    if count < 2 or any(len(lines) != count for lines in filled):
        return []
    levels = [[lines[j][0] for lines in filled] for j in range(count)]
    if any(max(ys) - min(ys) > _LEVEL for ys in levels):
        return []
    skip = 1 if top else 0
    if not any(all(is_numeric(text) for _, text in lines[skip:]) for lines in filled):
        return []
    centres = [sum(ys) / len(ys) for ys in levels]
    return [(a + b) / 2 for a, b in itertools.pairwise(centres)]


def cell_reach(rects: Sequence[Rect]) -> tuple[list[float], list[float]]:
    """The cells' tops in order, and the lowest bottom among the cells up to each.

    With these, :func:`straddled` answers in log time whether a cell crosses a
    height (a pairwise test of every row against every cell was quadratic on a
    long ruled table).
    """
    ordered = sorted(rects, key=lambda r: r[1])
    return [r[1] for r in ordered], list(itertools.accumulate((r[3] for r in ordered), max))


def straddled(edge: float, reach: tuple[list[float], list[float]]) -> bool:
    """Whether a cell starts above ``edge`` and ends below it, by over 1.5 pt each way."""
    tops, lows = reach
    k = bisect_left(tops, edge - 1.5)  # the cells whose top is above edge - 1.5
    return k > 0 and lows[k - 1] > edge + 1.5


def split_records(rects: Sequence[Rect], chars: Sequence[Char]) -> list[Rect]:
    """Split the ruled rows of one table that hold several records each.

    Args:
        rects: The table's cell rectangles (from :mod:`._lattice`).
        chars: The page's characters.

    Returns:
        The cell rectangles, those of split rows replaced by one per record.
    """
    if not rects:
        return []
    rows: dict[tuple[int, int], list[Rect]] = defaultdict(list)
    for rect in rects:
        rows[(round(rect[1]), round(rect[3]))].append(rect)
    out: list[Rect] = []
    first = min(rows)[0] if rows else 0
    left, right = min(r[0] for r in rects), max(r[2] for r in rects)
    inside = sorted((ch for ch in chars if left <= ch.x <= right), key=lambda ch: ch.y)
    heights = [ch.y for ch in inside]
    reach = cell_reach(rects)
    for (top, bottom), row in rows.items():
        cuts: list[float] = []
        if not (straddled(top, reach) or straddled(bottom, reach)):
            band = inside[bisect_left(heights, top - 2) : bisect_right(heights, bottom + 2)]
            cuts = _cuts([_lines(r, band) for r in row], top=top == first)
        if not cuts:
            out.extend(row)
            continue
        for x0, y0, x1, y1 in row:
            edges = [y0, *cuts, y1]
            out.extend((x0, a, x1, b) for a, b in itertools.pairwise(edges))
    return out
