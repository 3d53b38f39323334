"""Page furniture: running headers and footers, page numbers, margin stamps.

A line in the top or bottom margin band whose text, with digits normalised,
comes back at about the same height on several pages is a running header or
footer; a lone number (or "Page 3", "iv", "3 of 10") there is a page number.
Rotated lines in the side margins (arXiv stamps, printer marks) are "other".
"""

from __future__ import annotations

import math
import re
from bisect import bisect_left, bisect_right, insort
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Final, Literal

from ._lines import FurnitureRole, Line

__all__ = ["FurnitureRole", "PageLines", "detect_furniture"]

_BAND: Final = 0.09
"""Top and bottom margin bands, as a fraction of the page height."""
_DEEP_BAND: Final = 0.15
"""How deep the first or last text row may sit and still be a header or footer."""
_PAGE_NUMBER_RE: Final = re.compile(
    r"^(?:(?:page|p\.|seite|página|pagina)\s*)?(?:\d{1,4}|[ivxlcdm]{1,7})"
    r"(?:\s*(?:of|/|von|de)\s*\d{1,4})?$|^[-–—]\s*\d{1,4}\s*[-–—]$|^[A-Z]?\d{1,3}[-–.]\d{1,4}$",
    re.I,
)
_NUMBERED_HEADER_RE: Final = re.compile(r"^\d{1,4}\s+\S.{3,}$|^.{4,}\S\s+\d{1,4}$")
_STAMP_RE: Final = re.compile(
    r"^(?:downloaded|retrieved|accessed|printed) (?:from|on|at)\b|"
    r"^(?:rev\.?|revision|version|ver\.)\s*[:#]?\s*[\dA-Z][\w.\-]*(?:\s|,|$)",
    re.I,
)
"""Single-page stamps: "Downloaded from ... on ...", "Rev. 2.1 2023-04-01"."""
_DIGITS_RE: Final = re.compile(r"\d+")
_LETTERS_RE: Final = re.compile(r"[^\W\d_]{2}")
_ROW: Final = 2.0  # points: bottoms this close are one row


@dataclass(frozen=True, slots=True)
class PageLines:
    """One page's lines with its geometry, as furniture detection needs it.

    Attributes:
        number: 1-based page number.
        width: Page width in points.
        height: Page height in points.
        lines: The page's lines.
        top: Top of its highest horizontal line (derived).
        bottom: Bottom of its lowest horizontal line (derived).
        steady: Its margin-band lines that continue the body's line spacing
            (derived, see :func:`_steady_lines`).
    """

    number: int
    width: float
    height: float
    lines: Sequence[Line]
    top: float = field(init=False)
    bottom: float = field(init=False)
    steady: tuple[Line, ...] = field(init=False)
    rows: dict[int, tuple[Line, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        flat = [line for line in self.lines if line.horizontal]
        # Derived once at construction (the record is frozen afterwards).
        object.__setattr__(self, "top", min((line.y0 for line in flat), default=0.0))
        object.__setattr__(self, "bottom", max((line.y1 for line in flat), default=0.0))
        object.__setattr__(self, "steady", _steady_lines(self))
        rows: defaultdict[int, list[Line]] = defaultdict(list)
        for line in self.lines:
            rows[math.floor(line.y1 / _ROW)].append(line)
        object.__setattr__(self, "rows", {key: tuple(value) for key, value in rows.items()})

    def row_mates(self, line: Line) -> list[Line]:
        """The other lines whose bottom is within 2 points of ``line``'s."""
        key = math.floor(line.y1 / _ROW)
        near = (o for k in (key - 1, key, key + 1) for o in self.rows.get(k, ()))
        return [o for o in near if o is not line and abs(o.y1 - line.y1) < _ROW]


def _zone(line: Line, page: PageLines) -> Literal["top", "bottom"] | None:
    """Top or bottom margin band; the outermost text row counts up to 15% deep."""
    if line.y1 <= page.height * _BAND:
        return "top"
    if line.y0 >= page.height * (1 - _BAND):
        return "bottom"
    if page.bottom - page.top < 4 * (line.y1 - line.y0):
        return None  # the page has (almost) nothing but this row: no margins to speak of
    if line.y1 <= page.height * _DEEP_BAND and line.y0 <= page.top + 2:
        return "top"
    if line.y0 >= page.height * (1 - _DEEP_BAND) and line.y1 >= page.bottom - 2:
        return "bottom"
    return None


def _key(line: Line, zone: str) -> tuple[str, int, str]:
    text = _DIGITS_RE.sub("#", " ".join(line.text.lower().split()))
    return (zone, round(line.y0 / 6), text)


def _steady_lines(page: PageLines) -> tuple[Line, ...]:
    """The margin-band lines that continue the body's line spacing.

    A row of a contents page, a table or a paragraph that runs into the
    bottom (or starts in the top) band is body; furniture is set apart by a
    margin wider than the gap between the body lines next to it, and mostly
    in a type size of its own. Rows are judged from the body outwards, so a
    footer of two lines is not body because its second line follows the first.
    Only lines that no other page repeats are judged this way.
    """
    flat = [line for line in page.lines if line.horizontal]
    accepted = _Body(line for line in flat if _zone(line, page) is None)
    steady: list[Line] = []
    for sign, zone in ((1.0, "bottom"), (-1.0, "top")):
        rows = sorted((ln for ln in flat if _zone(ln, page) == zone), key=lambda ln: sign * ln.y0)
        for line in rows:
            if _continues(line, accepted, sign):
                accepted.add(line)
                steady.append(line)
    return tuple(steady)


class _Body:
    """Lines kept sorted by bottom and by top, so the nearest one above or below
    a line is found by bisection: a page of thousands of rows (a dense table)
    stays linear-logarithmic instead of quadratic."""

    def __init__(self, lines: Iterable[Line]) -> None:
        self._added = 0
        # Ties go to the line added first, as a scan in insertion order would.
        self._bottoms: list[tuple[float, int, Line]] = []  # (y1, -order, line)
        self._tops: list[tuple[float, int, Line]] = []  # (y0, order, line)
        for line in lines:
            self.add(line)

    def add(self, line: Line) -> None:
        insort(self._bottoms, (line.y1, -self._added, line))
        insort(self._tops, (line.y0, self._added, line))
        self._added += 1

    def next_away(self, line: Line, sign: float) -> Line | None:
        """The nearest line above ``line`` (``sign`` 1) or below it (-1), allowing
        an overlap of 0.3 of its height."""
        slack = 0.3 * line.height
        if sign > 0:
            k = bisect_right(self._bottoms, (line.y0 + slack, math.inf))
            return self._bottoms[k - 1][2] if k else None
        k = bisect_left(self._tops, (line.y1 - slack, -math.inf))
        return self._tops[k][2] if k < len(self._tops) else None


def _continues(line: Line, body: _Body, sign: float) -> bool:
    """``line`` follows (``sign`` 1; precedes: -1) ``body`` at the same size and spacing."""
    near = body.next_away(line, sign)
    if near is None or abs(near.size - line.size) > 0.6:
        return False
    further = body.next_away(near, sign)
    own = _gap(near, further, sign) if further is not None else 0.0
    return _gap(line, near, sign) <= max(own, 0.0) + 0.25 * line.height


def _gap(line: Line, other: Line, sign: float) -> float:
    """White space between ``line`` and ``other`` (above it when ``sign`` is 1, else below)."""
    return line.y0 - other.y1 if sign > 0 else other.y0 - line.y1


def _is_margin_stamp(line: Line, page: PageLines) -> bool:
    return not line.horizontal and (line.x1 < 0.12 * page.width or line.x0 > 0.88 * page.width)


def detect_furniture(pages: Sequence[PageLines], body_size: float) -> list[tuple[Line, ...]]:
    """Find furniture lines across the document.

    Args:
        pages: Every extracted page's lines.
        body_size: The document's body font size (single-page heuristics use it).

    Returns:
        Per page, its lines in the same order, furniture lines carrying their
        :attr:`Line.role`.
    """
    seen: dict[tuple[str, int, str], set[int]] = defaultdict(set)
    for page in pages:
        for line in page.lines:
            zone = _zone(line, page)
            if zone is not None and line.horizontal:
                seen[_key(line, zone)].add(page.number)
    needed = max(2, (len(pages) + 2) // 3)
    return [tuple(_page_roles(page, seen, needed, body_size)) for page in pages]


def _page_roles(
    page: PageLines, seen: dict[tuple[str, int, str], set[int]], needed: int, body_size: float
) -> list[Line]:
    numbers = [ln for ln in page.lines if _is_page_number(ln, page, seen, needed)]
    out: list[Line] = []
    for line in page.lines:
        role: FurnitureRole | None = "page_number" if any(n is line for n in numbers) else None
        role = role or _role(line, page, seen, needed, body_size)
        if role is None and _beside(line, numbers):
            role = "header" if _zone(line, page) == "top" else "footer"
        out.append(line if role is None else replace(line, role=role))
    return out


def _is_page_number(
    line: Line, page: PageLines, seen: dict[tuple[str, int, str], set[int]], needed: int
) -> bool:
    """A number alone in a margin band: in the outer 9%, repeated, or beside a running title.

    Deeper down (the first or last row up to 15% of the page), a lone number
    could as well be the first line of the text, so it needs company.
    """
    if not line.horizontal or not _PAGE_NUMBER_RE.match(line.text.strip()):
        return False
    zone = _zone(line, page)
    if zone is None:
        return _last_row_alone(line, page)
    if len(seen[_key(line, zone)]) >= needed or _last_row_alone(line, page):
        return True
    mates = page.row_mates(line)
    if mates and line in page.steady:
        return False  # the number of an entry on a contents page, a table's last row
    if line.y1 <= page.height * _BAND or line.y0 >= page.height * (1 - _BAND):
        return True
    return any(
        _LETTERS_RE.search(other.text) is not None and not _PAGE_NUMBER_RE.match(other.text.strip())
        for other in mates
    )


def _last_row_alone(line: Line, page: PageLines) -> bool:
    """A number that is the page's last text, set apart below the body: a folio."""
    if line.y1 < page.bottom - 2 or line.y0 < page.height * 0.7:
        return False
    above = [o.y1 for o in page.lines if o is not line and o.horizontal and o.y1 <= line.y0 + 1]
    if not above or any(abs(o.y1 - line.y1) < 2 for o in page.lines if o is not line):
        return False
    return line.y0 - max(above) >= 1.5 * (line.y1 - line.y0)


def _beside(line: Line, numbers: Sequence[Line]) -> bool:
    """On the same baseline as a page number: the running title next to it."""
    return line.horizontal and any(
        n is not line and abs(n.y1 - line.y1) < 2 and abs(n.y0 - line.y0) < 2 for n in numbers
    )


def _role(
    line: Line,
    page: PageLines,
    seen: dict[tuple[str, int, str], set[int]],
    needed: int,
    body_size: float,
) -> FurnitureRole | None:
    if _is_margin_stamp(line, page):
        return "other"
    zone = _zone(line, page)
    if zone is None or not line.horizontal:
        return None
    role: FurnitureRole = "header" if zone == "top" else "footer"
    if len(seen[_key(line, zone)]) >= needed:
        return role
    if line in page.steady:
        return None
    # A running header on a lone page: small text in the outer band, next to a
    # number; or a download or revision stamp there (no repetition needed).
    outer = line.y1 <= page.height * _BAND or line.y0 >= page.height * (1 - _BAND)
    if outer and line.size <= body_size + 0.5 and _NUMBERED_HEADER_RE.match(line.text):
        return role
    if outer and line.size <= body_size + 0.5 and _STAMP_RE.match(line.text):
        return role
    return None
