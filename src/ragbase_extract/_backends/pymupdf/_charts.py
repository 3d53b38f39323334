"""Vector charts: where a page's drawings are bars and data lines, not table rules.

A chart's tick labels, legend and data labels stand in rows and columns, so
the text-alignment table finders (:mod:`._texttables`) would read them as a
table. DP-Bench's references keep such text as plain lines of the figure, and
a reader gains nothing from a grid of axis numbers. Two marks give a chart
away, and no table draws either:

* **bars**: three or more filled boxes of one colour and one thickness standing
  on one baseline (or starting from one axis, for horizontal bars), apart from
  each other, of many lengths. Shaded table cells of one row have one or two
  heights (a spanning cell's), or touch; thin filled boxes are rules;
* **data lines**: a stroked path of three or more diagonal segments (a line
  series). Table rules are level or upright;
* **arrows**: three or more small filled triangles each at the end of a
  stroked line (a flowchart's connectors). Its boxes' wrapped lines stand
  side by side like rows of cells; a table's trend triangles have no shaft.

The plot area is the box around a chart's marks; text inside it is the
figure's, whatever its alignment.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence
from typing import Any, Final

from ._geometry import Rect

__all__ = ["chart_areas", "in_charts"]

_MIN_BARS: Final = 3
"""Fewest bars of one series on one baseline."""
_BASE: Final = 1.0
"""Bars whose base edges are this close (points) stand on one baseline."""
_THICK: Final = 3.0
"""Thinner boxes are rules drawn as filled bars (as word processors draw them)."""
_APART: Final = 2.0
"""Neighbouring bars leave at least this gap (points); a row of shaded cells touches."""
_MIN_ARROWS: Final = 3
"""Fewest arrows of a flowchart."""
_MIN_SEGMENTS: Final = 3
"""Fewest diagonal segments of a data line."""
_DIAGONAL: Final = 1.0
"""A segment moving this much (points) both ways is diagonal."""
_HEAD: Final = 12.0
"""Largest arrowhead (points) either way."""
_TIP: Final = 2.0
"""A shaft ends this close (points) to its arrowhead's box."""
_LABELS: Final = 12.0
"""Data labels stand within this distance (points) of their plot area."""
_WHITE: Final = 0.95
"""Colours with every component at least this light do not show on white paper."""


def _boxes(path: dict[str, Any]) -> Iterable[Rect]:
    for item in path["items"]:
        if item[0] == "re":
            x0, y0, x1, y1 = (float(v) for v in item[1])
        elif item[0] == "qu":
            xs = [float(p[0]) for p in item[1]]
            ys = [float(p[1]) for p in item[1]]
            x0, y0, x1, y1 = min(xs), min(ys), max(xs), max(ys)
        else:
            continue
        yield min(x0, x1), min(y0, y1), max(x0, x1), max(y0, y1)


def _series(boxes: Sequence[Rect], base: int, across: int) -> list[Rect]:
    """Runs of bars sharing the edge ``base`` (index into a box), one plot area per run.

    ``across`` is the index of the boxes' leading edge across the bars' length
    (x0 for vertical bars, y0 for horizontal ones).
    """
    runs: list[list[Rect]] = []
    for box in sorted(boxes, key=lambda b: b[base]):  # one pass: bases in order
        if runs and box[base] - runs[-1][0][base] <= _BASE:
            runs[-1].append(box)
        else:
            runs.append([box])
    return [_union(bars) for bars in runs if _bars(bars, across)]


def _bars(boxes: list[Rect], across: int) -> bool:
    """Boxes on one base that are a bar series, not table shading or rules.

    A series' bars are of one thickness, apart, and of three or more lengths
    (a column of shaded cells has one or two: the cell's and a spanning one's).
    """
    if len(boxes) < _MIN_BARS:
        return False
    boxes.sort(key=lambda b: b[across])
    thick = [b[across + 2] - b[across] for b in boxes]
    if min(thick) < _THICK or max(thick) - min(thick) > _BASE:
        return False  # rules drawn as filled bars, or cells of differing size
    if any(b[across] - a[across + 2] < _APART for a, b in itertools.pairwise(boxes)):
        return False
    along = 1 - across  # the bars' length runs across their thickness
    lengths = {round(b[along + 2] - b[along]) for b in boxes}
    return len(lengths) >= max(_MIN_BARS, len(boxes) / 2)


def _union(rects: Sequence[Rect]) -> Rect:
    return (
        min(r[0] for r in rects),
        min(r[1] for r in rects),
        max(r[2] for r in rects),
        max(r[3] for r in rects),
    )


def _visible(colour: Sequence[float] | None) -> bool:
    return colour is not None and min(colour, default=1.0) < _WHITE


def _data_line(path: dict[str, Any]) -> bool:
    diagonal = 0
    for item in path["items"]:
        if item[0] != "l":
            continue
        (ax, ay), (bx, by) = item[1], item[2]
        if abs(ax - bx) >= _DIAGONAL and abs(ay - by) >= _DIAGONAL:
            diagonal += 1
    return diagonal >= _MIN_SEGMENTS


def _segment(item: Sequence[Any]) -> tuple[float, float, float, float]:
    (ax, ay), (bx, by) = item[1], item[2]
    return float(ax), float(ay), float(bx), float(by)


def _arrowhead(path: dict[str, Any]) -> Rect | None:
    """A small filled triangle drawn as three lines: its box, or ``None``."""
    items = path["items"]
    if len(items) != 3 or any(item[0] != "l" for item in items):
        return None
    x0, y0, x1, y1 = (float(v) for v in path["rect"])
    return (x0, y0, x1, y1) if max(x1 - x0, y1 - y0) <= _HEAD else None


def _arrows(heads: Sequence[Rect], shafts: Sequence[Rect]) -> list[Rect]:
    """Each arrow's box (a head with a shaft ending at it), when there are three or more."""
    ends: dict[tuple[int, int], list[Rect]] = {}
    for shaft in shafts:
        for x, y in (shaft[:2], shaft[2:]):
            ends.setdefault((int(x // _HEAD), int(y // _HEAD)), []).append(shaft)
    found: list[Rect] = []
    for x0, y0, x1, y1 in heads:
        cx, cy = int((x0 + x1) / 2 // _HEAD), int((y0 + y1) / 2 // _HEAD)
        near = [
            s for dx in (-1, 0, 1) for dy in (-1, 0, 1) for s in ends.get((cx + dx, cy + dy), ())
        ]
        for ax, ay, bx, by in near:
            if any(
                x0 - _TIP <= x <= x1 + _TIP and y0 - _TIP <= y <= y1 + _TIP
                for x, y in ((ax, ay), (bx, by))
            ):
                found.append(
                    _union([(x0, y0, x1, y1), (min(ax, bx), min(ay, by), max(ax, bx), max(ay, by))])
                )
                break
    return found if len(found) >= _MIN_ARROWS else []


def chart_areas(drawings: Iterable[dict[str, Any]]) -> list[Rect]:
    """The plot areas of a page's vector charts, from ``page.get_cdrawings()``.

    Args:
        drawings: The page's paths.

    Returns:
        One box per bar series, data line or arrow found (they may overlap).
    """
    areas: list[Rect] = []
    fills: dict[tuple[float, ...], list[Rect]] = {}
    heads: list[Rect] = []
    shafts: list[Rect] = []
    for path in drawings:
        kind = path.get("type", "")
        if "f" in kind and _visible(path.get("fill")):
            colour = tuple(round(float(c), 2) for c in path["fill"])
            fills.setdefault(colour, []).extend(_boxes(path))
            head = _arrowhead(path)
            if head is not None:
                heads.append(head)
        if "s" in kind and _visible(path.get("color")):
            if _data_line(path):
                x0, y0, x1, y1 = (float(v) for v in path["rect"])
                areas.append((x0, y0, x1, y1))
            shafts += [_segment(item) for item in path["items"] if item[0] == "l"]
    for boxes in fills.values():
        if len(boxes) >= _MIN_BARS:
            areas += _series(boxes, 3, 0) + _series(boxes, 0, 1)
    return areas + _arrows(heads, shafts) if len(heads) >= _MIN_ARROWS else areas


def in_charts(boxes: Sequence[Rect], charts: Sequence[Rect]) -> bool:
    """Whether ``boxes`` (pieces of text) are a chart's: most stand in its plot areas,
    or two or more of its marks (a flowchart's arrows) have their centre among them.

    Args:
        boxes: The text's boxes.
        charts: Plot areas from :func:`chart_areas`.
    """
    if not charts or not boxes:
        return False
    pad = _LABELS
    u0, v0, u1, v1 = _union(boxes)
    # Only the areas within reach of the text (a map or a scatter plot draws thousands).
    near = [
        a
        for a in charts
        if a[0] - pad <= u1 and u0 <= a[2] + pad and a[1] - pad <= v1 and v0 <= a[3] + pad
    ]
    inside = 0
    for x0, y0, x1, y1 in boxes:
        cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
        if any(a - pad <= cx <= c + pad and b - pad <= cy <= d + pad for a, b, c, d in near):
            inside += 1
    if 2 * inside > len(boxes):
        return True
    among = sum(
        1
        for a, b, c, d in near
        if u0 - pad <= (a + c) / 2 <= u1 + pad and v0 - pad <= (b + d) / 2 <= v1 + pad
    )
    return among >= 2
