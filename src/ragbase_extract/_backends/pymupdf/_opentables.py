"""Tables ruled across only ("booktabs"): the rules bound the table, alignment sets its columns.

Papers and many reports draw a table with horizontal rules alone: one above,
one under the column headings, one below, no verticals. The lattice finds no
cells in that (two rows of one column at most), and the text-alignment pass
needs three rows of three columns, so a short or two-column table of this
kind came out as loose lines. Here two or more horizontal rules of one extent
(both ends within a few points) bound a candidate; its characters are split
into visual rows, and columns are the x-bands that the rows with two or more
separate pieces of text share. Rows above the first inner rule are headings.
A candidate must earn its grid: two columns, rows that mostly hold short
cells, no band of prose lines running the rules' width (a caption between two
tables, a framed paragraph).
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Sequence
from dataclasses import dataclass, field
from operator import itemgetter
from statistics import median
from typing import Final, TypeAlias

from ..._model import TableCell
from ._cells import Char, cell_text, is_numeric
from ._geometry import Rect, union_bands
from ._lattice import Rule, Segments, rules

__all__ = ["OpenTable", "find_open_tables", "gridlines", "marks"]

_EXTENT: Final = 2.5
"""Rules whose ends are this close (points) draw one table."""
_MIN_RULE: Final = 40.0
"""Shorter rules are underlines or separators, not table rules."""
_COL_GAP: Final = 0.5
"""Empty space (in font sizes) that separates two cells of one row."""
_MARGIN: Final = 4.0
"""Rules closer than this (points) to the page's top or bottom edge frame the page."""
_RUNNING: Final = 0.5
"""Two lone rules further apart than this share of the page set off its running header and footer."""
_SHORT_WORDS: Final = 6
"""Cells of at most this many words (or a number) are data, not prose."""
_WIDE: Final = 0.6
"""A one-piece line at least this share of the rules' width..."""
_PROSE_WORDS: Final = 8
"""...and of this many words or more is prose."""


@dataclass(slots=True)
class _Piece:
    x0: float
    x1: float
    chars: list[tuple[int, Char]] = field(default_factory=list)
    """Characters with their place in the text stream (ligatures keep their order)."""


@dataclass(slots=True)
class _Row:
    y0: float
    y1: float
    band: int
    pieces: list[_Piece] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class OpenTable:
    """A table found between horizontal rules.

    Attributes:
        bbox: From the first rule to the last, across the rules' extent.
        cells: Its cells.
        rules: The horizontal rules of the area (a chart's gridlines among them).
    """

    bbox: Rect
    cells: list[TableCell]
    rules: list[Rule]


def _groups(hs: Sequence[Rule]) -> list[list[Rule]]:
    """Rules ``(y, x0, x1)`` sharing one extent, two or more, top to bottom."""
    groups: list[list[Rule]] = []
    for rule in sorted(hs, key=lambda r: (r[1], r[2], r[0])):
        if rule[2] - rule[1] < _MIN_RULE:
            continue
        for group in groups:
            if abs(group[0][1] - rule[1]) <= _EXTENT and abs(group[0][2] - rule[2]) <= _EXTENT:
                group.append(rule)
                break
        else:
            groups.append([rule])
    return [sorted(g) for g in groups if len(g) >= 2]


def _ruled_down(vs: Sequence[Rule], x0: float, x1: float, y0: float, y1: float) -> bool:
    """A vertical rule inside the table's width, over a third of its height or more."""
    return any(x0 + 3 < x < x1 - 3 and min(b, y1) - max(a, y0) >= (y1 - y0) / 3 for x, a, b in vs)


Mark: TypeAlias = tuple[float, float, float]
"""A piece of text as ``(x centre, y centre, font size)``."""


def marks(chars: Sequence[Char]) -> list[Mark]:
    """The non-space characters as marks for :func:`gridlines`."""
    return [(ch.x, ch.y, ch.size) for ch in chars if not ch.c.isspace()]


def gridlines(hs: Sequence[Rule], text: Sequence[Mark], top: float, bottom: float) -> bool:
    """Two or more rules run through the middle of text: a chart's gridlines and axis labels.

    Table rules run between lines of text; a chart's gridlines run level with
    the tick labels beside them (and behind the bars' figures).
    """
    if not text:
        return False
    # Marks sorted by height: each rule looks only at those within reach of it
    # (a quarter of the largest size), not at every mark of the page.
    by_y = sorted(text, key=itemgetter(1))
    heights = list(map(itemgetter(1), by_y))
    reach = 0.25 * max(map(itemgetter(2), text))
    struck: set[int] = set()
    for y, a, b in hs:
        if not top < y < bottom:
            continue
        near = by_y[bisect_left(heights, y - reach) : bisect_right(heights, y + reach)]
        if any(abs(my - y) < 0.25 * s and a - 2 * s <= mx <= b + 2 * s for mx, my, s in near):
            struck.add(round(y))
    return len(struck) >= 2


def _rows(chars: Sequence[Char], ys: Sequence[float]) -> list[_Row]:
    """Visual rows of ``chars`` (each in one rule band), split into pieces at wide gaps."""
    rows: list[_Row] = []
    singles: list[list[tuple[int, Char]]] = []
    for index, ch in sorted(enumerate(chars), key=lambda ic: ic[1].y):
        half = ch.size / 2
        if not rows or ch.y - half > rows[-1].y1 - 0.3 * ch.size:
            band = sum(1 for y in ys if y < ch.y) - 1
            rows.append(_Row(ch.y - half, ch.y + half, band))
            singles.append([])
        rows[-1].y1 = max(rows[-1].y1, ch.y + half)
        singles[-1].append((index, ch))
    for row, row_chars in zip(rows, singles, strict=True):
        row.pieces = _split(row_chars)
    return [row for row in rows if row.pieces]


def _split(chars: list[tuple[int, Char]]) -> list[_Piece]:
    """Join one row's characters into pieces at gaps of half a font size or more.

    A gap no wider than one and a half of the row's spaces is a word gap: a
    monospaced space is over half a font size wide.
    """
    spaces = sorted(ch.x1 - ch.x0 for _, ch in chars if ch.c == " " and ch.x1 > ch.x0)
    space = spaces[len(spaces) // 2] if spaces else 0.0
    out: list[_Piece] = []
    for index, ch in sorted(chars, key=lambda ic: ic[1].x0):
        if ch.c.isspace():
            if out:  # kept for the word count; MuPDF misplaces some spaces' boxes
                out[-1].chars.append((index, ch))
        elif out and ch.x0 - out[-1].x1 <= max(_COL_GAP * ch.size, 1.5 * space):
            out[-1].x1 = max(out[-1].x1, ch.x1)
            out[-1].chars.append((index, ch))
        else:
            out.append(_Piece(ch.x0, ch.x1, [(index, ch)]))
    return out


def _columns(rows: Sequence[_Row]) -> list[tuple[float, float]]:
    """Column bands: the union of the x-ranges of the pieces of rows with two or more."""
    return union_bands((p.x0, p.x1) for row in rows if len(row.pieces) >= 2 for p in row.pieces)


def _prose_band(rows: Sequence[_Row], width: float) -> bool:
    """Most lines are one long piece running most of the rules' width: a caption, a paragraph."""
    wide = sum(1 for r in rows if len(r.pieces) == 1 and _prose(r.pieces[0], width))
    return bool(rows) and wide * 2 >= len(rows)


def _prose(piece: _Piece, width: float) -> bool:
    words = sum(1 for _, ch in piece.chars if ch.c.isspace()) + 1
    return piece.x1 - piece.x0 >= _WIDE * width and words >= _PROSE_WORDS


def _runs(rows: Sequence[_Row], n_bands: int, width: float) -> list[list[_Row]]:
    """Rows of consecutive rule bands, cut at bands of prose."""
    runs: list[list[_Row]] = [[]]
    for band in range(n_bands):
        inside = [r for r in rows if r.band == band]
        if _prose_band(inside, width):
            runs.append([])
        else:
            runs[-1].extend(inside)
    return [run for run in runs if run]


def _band_rows(rows: list[_Row]) -> list[_Row]:
    """Where a rule runs under every row, each band is one row: its lines are wrapped cells.

    A band keeps its lines apart when two or more of them fill two or more
    columns each: records under one rule (a rule every N rows).
    """
    if len({r.band for r in rows}) < 3:
        return rows
    out: list[_Row] = []
    for _, group in itertools.groupby(rows, key=lambda r: r.band):
        lines = list(group)
        if sum(1 for r in lines if len(r.pieces) >= 2) >= 2:
            out.extend(lines)
            continue
        for line in lines[1:]:
            lines[0].y1 = line.y1
            lines[0].pieces.extend(line.pieces)
        out.append(lines[0])
    return out


def _merge_wrapped(rows: list[_Row]) -> list[_Row]:
    """Join lines wrapped inside a cell: closer to the line above than rows are to each other.

    The typical gap is the median between lines of one rule band, over three
    gaps or more; with fewer there is no telling wrapped lines from rows.
    """
    gaps = [b.y0 - a.y1 for a, b in itertools.pairwise(rows)]
    inner = [
        g for g, (a, b) in zip(gaps, itertools.pairwise(rows), strict=True) if a.band == b.band
    ]
    if len(inner) < 3:
        return rows
    typical = median(inner)
    out = [rows[0]]
    for row, gap in zip(rows[1:], gaps, strict=True):
        prev = out[-1]
        if row.band == prev.band and gap < 0.5 * typical and typical > 0.4 * (row.y1 - row.y0):
            prev.y1 = row.y1
            prev.pieces.extend(row.pieces)
        else:
            out.append(row)
    return out


def _row_cells(
    row: _Row, bands: Sequence[tuple[float, float]], r: int, header: bool
) -> list[TableCell]:
    """One row's cells: each piece in the bands it overlaps; pieces of one band join."""
    found: dict[int, tuple[int, list[tuple[int, Char]]]] = {}
    for piece in sorted(row.pieces, key=lambda p: p.x0):
        hit = [i for i, (a, b) in enumerate(bands) if piece.x0 < b + 1 and piece.x1 > a - 1]
        if not hit:
            centre = (piece.x0 + piece.x1) / 2
            hit = [min(range(len(bands)), key=lambda i: abs(sum(bands[i]) / 2 - centre))]
        end, indexed = found.get(hit[0], (hit[0], []))
        found[hit[0]] = (max(end, hit[-1]), indexed + piece.chars)
    cells: list[TableCell] = []
    taken = -1
    for c, (last, pairs) in sorted(found.items()):
        chars = [ch for _, ch in sorted(pairs, key=lambda ic: ic[0])]
        if c <= taken:  # overlapping spans: one cell
            prev = cells[-1]
            cells[-1] = prev.model_copy(update={"text": f"{prev.text} {cell_text(chars)}"})
            continue
        span = last - c + 1
        cells.append(TableCell(row=r, col=c, text=cell_text(chars), col_span=span, header=header))
        taken = last
    return cells


def _heads(rows: Sequence[_Row]) -> int:
    """How many top rows are column headings.

    Rows above the first inner rule are (when rows follow it); without an
    inner rule, the first row is when it is set in bold and the rest is not,
    or holds only words over rows that hold numbers.
    """
    first = rows[0].band
    n = sum(1 for r in rows if r.band == first)
    if n < len(rows):
        return n if n <= 3 else 0
    top = [ch for p in rows[0].pieces for _, ch in p.chars if not ch.c.isspace()]
    rest = [ch for r in rows[1:] for p in r.pieces for _, ch in p.chars if not ch.c.isspace()]
    if not top or not rest:
        return 0
    bold = sum(ch.bold for ch in top) > 0.5 * len(top)
    if bold and sum(ch.bold for ch in rest) <= 0.5 * len(rest):
        return 1
    words = ["".join(ch.c for _, ch in p.chars) for p in rows[0].pieces]
    figures = ["".join(ch.c for _, ch in p.chars) for r in rows[1:] for p in r.pieces]
    numeric = not any(is_numeric(w.strip()) for w in words) and any(
        is_numeric(f.strip()) for f in figures
    )
    return 1 if numeric else 0


def _earns_grid(rows: Sequence[_Row], cells: Sequence[TableCell], heads: int) -> bool:
    """Two columns, cells mostly short, text beside text on two rows and half the rows.

    A table whose body has one filled column (a blank form to fill in) counts
    when its heading row names two or more columns over three or more rows.
    """
    filled: dict[int, int] = {}
    for cell in cells:
        if cell.text:
            filled[cell.row] = filled.get(cell.row, 0) + 1
    multi = {r for r, n in filled.items() if n >= 2}
    if not multi:
        return False
    texts = [c.text for c in cells if c.text]
    short = sum(1 for t in texts if len(t.split()) <= _SHORT_WORDS or is_numeric(t))
    if short < 0.6 * len(texts):
        return False
    if len(multi) >= 2:
        return 2 * len(multi) >= len(rows)  # not a code listing with a few aligned comments
    return heads >= 1 and 0 in multi and len(rows) >= 4


def _table(rows: list[_Row]) -> list[TableCell] | None:
    rows = _merge_wrapped(_band_rows(rows))
    heads = _heads(rows)
    body = rows[heads:]
    bands = _columns(body) if any(len(r.pieces) >= 2 for r in body) else _columns(rows)
    if len(bands) < 2:
        return None
    cells = [c for r, row in enumerate(rows) for c in _row_cells(row, bands, r, r < heads)]
    return cells if _earns_grid(rows, cells, heads) else None


def find_open_tables(segs: Segments, chars: Sequence[Char], height: float) -> list[OpenTable]:
    """Find the tables ruled across only in a search area.

    Args:
        segs: The area's rules (:func:`._lattice.area_segments`).
        chars: The page's characters (at least those in the area).
        height: The page's height: rules at its edges frame the page, not a table.

    Returns:
        The tables found, top to bottom.
    """
    found: list[OpenTable] = []
    hs, vs = rules(segs)
    text: list[Mark] | None = None  # the page's marks, read once and only for a candidate
    for group in _groups([h for h in hs if _MARGIN <= h[0] <= height - _MARGIN]):
        x0, x1 = min(r[1] for r in group), max(r[2] for r in group)
        ys = [r[0] for r in group]
        if len(ys) == 2 and ys[1] - ys[0] > _RUNNING * height:
            continue  # the rules under a running header and over a footer
        if _ruled_down(vs, x0, x1, ys[0], ys[-1]):
            continue  # columns ruled too: the lattice's
        inside = [ch for ch in chars if x0 - 2 <= ch.x <= x1 + 2 and ys[0] < ch.y < ys[-1]]
        text = marks(chars) if text is None else text
        if gridlines(hs, text, ys[0], ys[-1]):
            continue
        for run in _runs(_rows(inside, ys), len(ys) - 1, x1 - x0):
            cells = _table(run)
            if cells is not None:
                bbox = (x0, ys[run[0].band], x1, ys[run[-1].band + 1])
                found.append(OpenTable(bbox, cells, hs))
    return found
