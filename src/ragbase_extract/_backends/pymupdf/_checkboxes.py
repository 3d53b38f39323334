"""Check boxes drawn as small squares beside words: ``☐`` when empty, ``☒`` when marked.

Forms often draw their boxes as paths, not glyphs, so the text layer does not
show them. A box here is a stroked square 5 to 16 points a side that stands
alone (squares touching each other form a grid) with text beside it on the
same band. It is checked when it is filled dark or holds another mark (a
filled square, a tick or a cross drawn inside it). A square filled with a
strong colour is a chart legend's key, not a box. Each box becomes a
one-character fragment, so it joins its word's line like any other text
(``☒ No``; on a right-to-left line the box right of the word comes first).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any, Final

from ._cells import Char
from ._geometry import Rect
from ._lines import Fragment
from ._symbols import CHECKED, UNCHECKED

__all__ = ["checkbox_chars", "checkbox_fragments", "find_checkboxes", "page_checkboxes"]

_SIDE: Final = (5.0, 16.0)
"""A check box's side in points."""
_SQUARE: Final = 0.2
"""Sides may differ by this share of the longer one."""
_DARK: Final = 0.5
"""A fill darker than this (luminance 0-1) marks a box."""
_SATURATED: Final = 0.15
_LIGHT: Final = 0.8
"""A fill whose RGB channels differ by more than the first and is darker than the second is a colour."""
_REACH: Final = 3.0
"""Text this many box sides away (or nearer) is the box's label."""


def _square(rect: Sequence[float]) -> bool:
    w, h = rect[2] - rect[0], rect[3] - rect[1]
    return _SIDE[0] <= min(w, h) and max(w, h) <= _SIDE[1] and abs(w - h) <= _SQUARE * max(w, h)


def _outline(items: Sequence[Any]) -> bool:
    """A rectangle's outline: one rectangle item, or three or more straight axis-parallel lines."""
    if len(items) == 1 and items[0][0] in ("re", "qu"):
        return True
    if len(items) < 3 or any(item[0] != "l" for item in items):
        return False
    return all(abs(a[0] - b[0]) < 0.5 or abs(a[1] - b[1]) < 0.5 for _, a, b in items)


def _dark(color: Any) -> bool:
    if not color:
        return False
    values = [float(v) for v in color]
    if len(values) == 4:  # CMYK: the ink's coverage
        return 1.0 - min(1.0, values[3] + max(values[:3])) < _DARK
    return sum(values) / len(values) < _DARK


def _swatch(color: Any) -> bool:
    """A saturated, not light fill: a legend's colour key (a check box is grey, white or pale)."""
    values = [float(v) for v in color or ()]
    if len(values) != 3:
        return False
    return max(values) - min(values) > _SATURATED and sum(values) / 3 < _LIGHT


def _inside(inner: Sequence[float], outer: Sequence[float]) -> bool:
    return (
        inner[0] >= outer[0] - 1
        and inner[1] >= outer[1] - 1
        and inner[2] <= outer[2] + 1
        and inner[3] <= outer[3] + 1
    )


def _touch(a: Sequence[float], b: Sequence[float]) -> bool:
    return a[0] <= b[2] + 1 and b[0] <= a[2] + 1 and a[1] <= b[3] + 1 and b[1] <= a[3] + 1


def find_checkboxes(paths: Sequence[dict[str, Any]]) -> list[tuple[Rect, bool]]:
    """The check boxes among a page's ``get_cdrawings()`` paths, each with whether it is marked."""
    boxes: list[tuple[Rect, bool]] = []
    marks: list[Rect] = []
    for path in paths:
        rect: Rect = tuple(float(v) for v in path["rect"])  # type: ignore[assignment]
        kind = str(path.get("type", ""))
        filled = "f" in kind and _dark(path.get("fill"))
        if "f" in kind and _swatch(path.get("fill")):
            continue  # a chart legend's colour key, not a box
        if "s" in kind and _square(rect) and _outline(path.get("items", ())):
            boxes.append((rect, filled))
        elif filled or "s" in kind:
            marks.append(rect)
    found: list[tuple[Rect, bool]] = []
    for i, (rect, filled) in enumerate(boxes):
        if any(_touch(rect, other) for j, (other, _) in enumerate(boxes) if j != i):
            continue  # a grid of small squares, not a check box
        marked = filled or any(_inside(m, rect) for m in marks)
        found.append((rect, marked))
    return found


def _label(rect: Rect, frags: Sequence[Fragment]) -> Fragment | None:
    """The nearest fragment on the box's band within reach, if any."""
    side = rect[3] - rect[1]
    best: tuple[float, Fragment] | None = None
    for frag in frags:
        overlap = min(rect[3], frag.y1) - max(rect[1], frag.y0)
        if overlap < 0.5 * side:
            continue
        gap = max(frag.x0 - rect[2], rect[0] - frag.x1, 0.0)
        if gap <= _REACH * side and (best is None or gap < best[0]):
            best = (gap, frag)
    return best[1] if best else None


def page_checkboxes(page: Any, bboxlog: Iterable[tuple[str, Rect]]) -> list[tuple[Rect, bool]]:
    """The check boxes drawn on ``page``; its drawings are read only when the log shows a square."""
    if not any(kind == "stroke-path" and _square(rect) for kind, rect in bboxlog):
        return []
    return find_checkboxes(page.get_cdrawings())


def checkbox_fragments(
    boxes: Sequence[tuple[Rect, bool]], frags: Sequence[Fragment]
) -> list[Fragment]:
    """One fragment per check box beside a text fragment of ``frags``."""
    out: list[Fragment] = []
    for rect, marked in boxes:
        label = _label(rect, frags)
        if label is None:
            continue
        key = max(label.stats, key=lambda k: label.stats[k])
        text = f" {CHECKED if marked else UNCHECKED} "
        out.append(Fragment(*rect, text=text, stats={key: 1}, block=label.block))
    return out


def _label_y(rect: Rect, chars: Sequence[Char]) -> float | None:
    """The centre height of the nearest character on the box's band within reach."""
    side = rect[3] - rect[1]
    best: tuple[float, float] | None = None
    for ch in chars:
        if not rect[1] <= ch.y <= rect[3]:
            continue
        gap = max(ch.x0 - rect[2], rect[0] - ch.x1, 0.0)
        if gap <= _REACH * side and (best is None or gap < best[0]):
            best = (gap, ch.y)
    return best[1] if best else None


def checkbox_chars(boxes: Sequence[tuple[Rect, bool]], chars: Sequence[Char]) -> list[Char]:
    """The check boxes as characters for table cells.

    Each is a line of its own (a word piece of its own in the cell), centred
    on the height of the text beside it so that it reads in that text's row.
    """
    out: list[Char] = []
    line = max((ch.line for ch in chars), default=0)
    for rect, marked in boxes:
        y = _label_y(rect, chars)
        if y is None:
            continue
        line += 1
        glyph = CHECKED if marked else UNCHECKED
        x = (rect[0] + rect[2]) / 2
        out.append(Char(glyph, x, y, line, rect[0], rect[2], size=rect[3] - rect[1]))
    return out
