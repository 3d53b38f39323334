"""From PyMuPDF's text dictionary to visual lines with font statistics.

PyMuPDF groups characters into spans (one font, size, colour) and spans into
lines, but it often splits one printed line into several "lines" in different
blocks (justified text, an inline font change, RTL runs). This module glues such
fragments back together when they share a baseline and sit close enough, and
records per line what classification needs: dominant font size, boldness,
monospace, writing direction. Unicode repair (:mod:`._unicode`), right-to-left
handling (:mod:`._rtl`) and style guesses from font names (:mod:`._style`) live
in modules of their own.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final, Literal

from ._rtl import has_rtl, is_rtl_text, split_scripts
from ._style import is_math_font, small_caps, span_box, span_style
from ._symbols import span_text
from ._unicode import normalize_text

__all__ = ["Fragment", "FurnitureRole", "Line", "build_fragments", "merge_fragments"]

FurnitureRole = Literal["header", "footer", "page_number", "other"]
"""What a furniture line is (see :mod:`._furniture`)."""

_BULLET_RUN_RE: Final = re.compile(r"•(?:\s*•)+")
_WORD_RE: Final = re.compile(r"[^\W\d_]{2}")
_STYLED: Final = 0.8
"""Share of a line's characters that must be bold (italic, monospaced) for the line to be."""
_SPACE_FRACTION: Final = 0.12
"""A gap wider than this fraction of the font size between fragments is a space."""
_SECTION_NUMBER_RE: Final = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3}){0,4}|[A-Z]|[IVX]{1,5})\.?$")
_NUMBER_GAP: Final = 4.5
"""A section number and its title may sit this many font sizes apart (tab stops)."""
_SCRIPT: Final = 0.8
"""A fragment this much smaller than its neighbour may be its superscript or subscript."""
_MERGE_GAP: Final = 2.0
"""Fragments on one baseline closer than this many font sizes form one line
(TeX sets "5.1<quad>Title" and "Table 1.<quad>Caption" 1.2-1.4 em apart), unless
a column gutter lies between them."""


@dataclass(frozen=True, slots=True)
class Line:
    """One printed line: text in logical order, box, and font statistics.

    Attributes:
        text: The line's text, normalised, without surrounding spaces.
        x0: Left edge in points.
        y0: Top edge.
        x1: Right edge.
        y1: Bottom edge.
        size: Dominant font size, weighted by character count.
        bold: Most characters are in a bold font.
        mono: Most characters are in a monospaced font.
        italic: Most characters are in an italic or oblique font.
        block: Number of the PyMuPDF text block of its first fragment.
        math: Some of its characters are set in a math font.
        rtl: The line reads right to left.
        horizontal: The line runs left to right on the page (not rotated).
        font: The dominant font's name.
        parts: The merged fragments, ``(x0, x1, text)`` left to right.
        role: Its furniture role once :mod:`._furniture` has found one.
        plain_end: Its last word is not bold (a bold run-in head ends in the
            paragraph's text).
    """

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    bold: bool
    mono: bool
    rtl: bool
    horizontal: bool = True
    italic: bool = False
    block: int = 0
    math: bool = False
    font: str = ""
    parts: tuple[tuple[float, float, str], ...] = ()
    role: FurnitureRole | None = None
    plain_end: bool = False

    @property
    def width(self) -> float:
        """Width of the line's box."""
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        """Height of the line's box."""
        return self.y1 - self.y0

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """``(x0, y0, x1, y1)``."""
        return (self.x0, self.y0, self.x1, self.y1)


@dataclass(frozen=True, slots=True)
class Fragment:
    """A run of text PyMuPDF reported as one line, before merging.

    Attributes:
        x0: Left edge.
        y0: Top edge.
        x1: Right edge.
        y1: Bottom edge.
        text: Normalised text in logical order.
        stats: Character counts by ``(size, bold, mono, font)``.
        italic: How many characters are italic.
        block: Number of the PyMuPDF text block it came from.
        plain_end: Its last span with text is not bold.
        size: The size most of its characters have (derived from ``stats``).
    """

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    stats: dict[tuple[float, bool, bool, str], int]
    italic: int = 0
    block: int = 0
    plain_end: bool = False
    size: float = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        # Derived once: merging asks each fragment's size a dozen times.
        top = max(self.stats.items(), key=lambda kv: kv[1], default=None)
        object.__setattr__(self, "size", top[0][0] if top is not None else 0.0)


def _spaced(before: dict[str, Any], after: dict[str, Any], left: str, right: str) -> bool:
    """A visible gap between two spans with no space character: a word space.

    Writers often position the next span (a math symbol in another font, a
    word in bold) instead of emitting a space; MuPDF then reports none, and
    ``x ∈ X`` would read ``x∈X``. Right-to-left runs are left alone (their
    spans come in logical order, the gaps in visual order).
    """
    if not left or not right or left[-1].isspace() or right[0].isspace():
        return False
    if has_rtl(left[-1]) or has_rtl(right[0]):
        return False
    gap = float(after["bbox"][0]) - float(before["bbox"][2])
    return gap > _SPACE_FRACTION * float(after["size"])


def _fragment(line: dict[str, Any], block: int) -> Fragment | None:
    stats: dict[tuple[float, bool, bool, str], int] = {}
    pieces: list[str] = []
    x0 = y0 = float("inf")
    x1 = y1 = float("-inf")
    italic = 0
    plain_end = False
    previous: dict[str, Any] | None = None
    for span in line["spans"]:
        text = span_text(span)
        if previous is not None and _spaced(previous, span, pieces[-1], text):
            pieces.append(" ")
        pieces.append(text)
        previous = span
        weight = len(text.strip())
        if not weight:
            continue
        bold, mono, slanted = span_style(span)
        key = (round(float(span["size"]) * 2) / 2, bold, mono, span["font"])
        stats[key] = stats.get(key, 0) + weight
        if key[1] or _WORD_RE.search(text):
            plain_end = not key[1]  # a plain footnote mark after bold leaves it bold
        italic += weight if slanted else 0
        bx0, by0, bx1, by1 = span_box(span)
        x0, y0, x1, y1 = min(x0, bx0), min(y0, by0), max(x1, bx1), max(y1, by1)
    text = normalize_text("".join(pieces))
    if not stats or not text.strip():
        return None
    caps = small_caps(
        [(str(sp.get("text", "")), round(float(sp["size"]) * 2) / 2) for sp in line["spans"]]
    )
    if caps is not None:
        merged: dict[tuple[float, bool, bool, str], int] = {}
        for (_, bold, mono, font), count in stats.items():
            merged[(caps, bold, mono, font)] = merged.get((caps, bold, mono, font), 0) + count
        stats = merged
    return Fragment(x0, y0, x1, y1, text, stats, italic, block, plain_end)


def _joined(frags: Sequence[Fragment], size: float) -> tuple[str, bool]:
    """The text of fragments sorted left to right, in logical order, and its direction."""
    raw = [f.text for f in frags]
    rtl = is_rtl_text("".join(raw))
    joins = [""]
    for i in range(1, len(frags)):
        gap = frags[i].x0 - frags[i - 1].x1
        # Facing edges: in a right-to-left line the left fragment's logical start
        # touches the right fragment's logical end.
        left, right = (raw[i], raw[i - 1]) if rtl else (raw[i - 1], raw[i])
        spaced = gap > _SPACE_FRACTION * size or left[-1:].isspace() or right[:1].isspace()
        joins.append(" " if spaced else "")
    texts = [t.strip() for t in raw]
    if not rtl:
        return "".join(j + t for j, t in zip(joins, texts, strict=True)), False
    # Each fragment is in logical order already; the fragments of a
    # right-to-left line read from the rightmost one.
    text = texts[-1] + "".join(joins[i] + texts[i - 1] for i in range(len(texts) - 1, 0, -1))
    return split_scripts(text), True


def _finish(frags: list[Fragment], horizontal: bool) -> Line:
    stats: dict[tuple[float, bool, bool, str], int] = {}
    for frag in frags:
        for key, count in frag.stats.items():
            stats[key] = stats.get(key, 0) + count
    total = sum(stats.values())
    (size, _, _, font), _count = max(stats.items(), key=lambda kv: (kv[1], kv[0][0]))
    frags.sort(key=lambda f: f.x0)
    text, rtl = _joined(frags, size)
    return Line(
        text=" ".join(_BULLET_RUN_RE.sub("•", text).split()),
        x0=min(f.x0 for f in frags),
        y0=min(f.y0 for f in frags),
        x1=max(f.x1 for f in frags),
        y1=max(f.y1 for f in frags),
        size=size,
        # Styled lines (for headings and paragraph breaks) are styled nearly
        # throughout; a few bold or italic words leave a line plain.
        bold=sum(c for k, c in stats.items() if k[1]) >= _STYLED * total,
        mono=sum(c for k, c in stats.items() if k[2]) >= _STYLED * total,
        rtl=rtl,
        horizontal=horizontal,
        italic=sum(f.italic for f in frags) >= _STYLED * total,
        block=frags[0].block,
        math=any(is_math_font(k[3]) for k in stats),
        font=font,
        parts=tuple((f.x0, f.x1, f.text.strip()) for f in frags),
        plain_end=(frags[0] if rtl else frags[-1]).plain_end,
    )


def _same_line(
    a: Fragment, b: Fragment, size: float, gutters: Sequence[tuple[float, float]]
) -> bool:
    overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    if overlap < 0.5 * min(a.y1 - a.y0, b.y1 - b.y0):
        return False
    gap = b.x0 - a.x1
    reach = _NUMBER_GAP if _is_numbering(a, b) else _MERGE_GAP
    if not -0.3 * size <= gap <= reach * size:
        return False
    return not any(a.x1 <= g1 and b.x0 >= g0 for g0, g1 in gutters)


def _bold(frag: Fragment) -> bool:
    return 2 * sum(n for key, n in frag.stats.items() if key[1]) > sum(frag.stats.values())


def _is_numbering(a: Fragment, b: Fragment) -> bool:
    """A bold section number set apart from its bold title (``7<tab>Variants ...``).

    Both must be bold: a plain number before a wide gap is as often a table cell.
    """
    return _SECTION_NUMBER_RE.match(a.text.strip()) is not None and _bold(a) and _bold(b)


_OVERPRINT_BAND: Final = 8.0  # points: fragments are indexed by text and band of y0


def _overprint_of(
    frag: Fragment, seen: dict[tuple[str, int], list[int]], kept: list[Fragment]
) -> int | None:
    """The kept fragment that ``frag`` repeats at a small offset (fake bold), if any.

    Only fragments with the same text in nearby bands are compared: a page of
    thousands of equal glyphs (a chart's markers, a grid of ticks) stays linear.
    """
    reach = 0.25 * frag.size
    first = int((frag.y0 - reach) // _OVERPRINT_BAND)
    last = int((frag.y0 + reach) // _OVERPRINT_BAND)
    found = [
        index
        for band in range(first, last + 1)
        for index in seen.get((frag.text, band), ())
        if abs(kept[index].x0 - frag.x0) <= reach and abs(kept[index].y0 - frag.y0) <= reach
    ]
    return min(found, default=None)


def _emboldened(frag: Fragment) -> Fragment:
    stats: dict[tuple[float, bool, bool, str], int] = {}
    for (size, _, mono, font), count in frag.stats.items():
        stats[(size, True, mono, font)] = stats.get((size, True, mono, font), 0) + count
    return replace(frag, stats=stats, plain_end=False)


def build_fragments(blocks: Iterable[dict[str, Any]]) -> tuple[list[Fragment], list[Line]]:
    """Read the ``blocks`` of ``get_text("dict")`` into fragments.

    Text drawn several times with a small offset ("fake bold": MuPDF reports
    each pass as a line of its own) is kept once, and counts as bold.

    Args:
        blocks: The page dictionary's ``blocks`` (text blocks; others skipped).

    Returns:
        Horizontal fragments (to be merged into lines) and rotated lines.
    """
    horizontal: list[Fragment] = []
    seen: dict[tuple[str, int], list[int]] = {}
    others: list[Line] = []
    for number, block in enumerate(blocks):
        if block.get("type", 0) != 0:
            continue
        for raw in block.get("lines", ()):
            frag = _fragment(raw, number)
            if frag is None:
                continue
            dx, dy = raw.get("dir", (1.0, 0.0))
            if not (dx > 0.99 and abs(dy) < 0.02):
                others.append(_finish([frag], horizontal=False))
                continue
            twin = _overprint_of(frag, seen, horizontal)
            if twin is None:
                band = int(frag.y0 // _OVERPRINT_BAND)
                seen.setdefault((frag.text, band), []).append(len(horizontal))
                horizontal.append(frag)
            else:
                horizontal[twin] = _emboldened(horizontal[twin])
    return horizontal, others


def merge_fragments(
    fragments: Sequence[Fragment], gutters: Sequence[tuple[float, float]] = ()
) -> list[Line]:
    """Glue fragments sharing a baseline into lines, never across a column gutter.

    Args:
        fragments: Horizontal fragments from :func:`build_fragments`.
        gutters: Column gutters ``(x0, x1)`` of the page.

    Returns:
        The merged lines, in no particular order.
    """
    ordered = sorted(fragments, key=lambda f: (f.x0, f.y0))
    rows: list[list[Fragment]] = []
    # Index rows by the rounded vertical centre of their first fragment, so
    # each fragment only looks at rows near its own baseline.
    index: dict[int, list[list[Fragment]]] = {}
    for frag in ordered:
        target = _row_for(frag, index, gutters)
        if target is None:
            target = []
            rows.append(target)
            index.setdefault(round((frag.y0 + frag.y1) / 2), []).append(target)
        target.append(frag)
    return [_finish(row, horizontal=True) for row in rows]


def _row_for(
    frag: Fragment, index: dict[int, list[list[Fragment]]], gutters: Sequence[tuple[float, float]]
) -> list[Fragment] | None:
    """The row ``frag`` continues: one centred on its own centre, or a line it is a script of.

    A superscript or subscript (a footnote mark, an exponent) is set smaller
    and off its line's centre, anywhere within the line's height.
    """
    size = frag.size
    centre = round((frag.y0 + frag.y1) / 2)
    reach = max(1, round(size / 3))
    for key in range(centre - reach, centre + reach + 1):
        for row in index.get(key, ()):
            if _same_line(row[-1], frag, size, gutters):
                return row
    for key in range(round(frag.y0) - reach, round(frag.y1) + reach + 1):
        for row in index.get(key, ()):
            if _is_script(row[-1], frag) and _same_line(row[-1], frag, size, gutters):
                return row
    return None


def _is_script(a: Fragment, b: Fragment) -> bool:
    """One of two fragments is set much smaller than the other (a superscript, a subscript)."""
    low, high = sorted((a.size, b.size))
    return low <= _SCRIPT * high
