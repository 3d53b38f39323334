"""Table cells: a grid of cell rectangles, filled with the page's own characters.

Every character of our ``rawdict`` pass is dropped into the grid slot under its
centre, in the text stream's (logical) order. (PyMuPDF's ``Table.extract()``
sorts a cell's characters by x instead, which puts right-to-left text in visual
order and moves underscores drawn below the baseline onto a line of their own:
``FUNCTION_ID`` became ``FUNCTION ID _``.)
"""

from __future__ import annotations

import itertools
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final, NamedTuple

from ..._model import TableCell
from ._classify import join_lines
from ._geometry import Rect
from ._rtl import fix_lam_alef, has_rtl, is_rtl_text, split_scripts
from ._style import is_bold, is_dingbat
from ._symbols import symbol_chars
from ._unicode import normalize_text

__all__ = ["Char", "cell_text", "grid_cells", "is_numeric", "page_chars", "squeeze"]


class Char(NamedTuple):
    """One character with its centre and the text line it belongs to.

    A named tuple, not a frozen dataclass: pages hold tens of thousands of
    characters, and a tuple is built three times faster (and, holding only
    numbers and a string, is left alone by the cyclic garbage collector).

    Attributes:
        c: The character.
        x: Horizontal centre.
        y: Vertical centre.
        line: Running number of its PyMuPDF line on the page.
        x0: Left edge.
        x1: Right edge.
        bold: Set in a bold font.
        size: The font size.
    """

    c: str
    x: float
    y: float
    line: int
    x0: float
    x1: float
    bold: bool = False
    size: float = 10.0


def page_chars(blocks: Iterable[dict[str, Any]]) -> list[Char]:
    """Every character of a ``rawdict`` page, Arabic ligatures repaired, symbol glyphs read."""
    chars: list[Char] = []
    line_no = 0
    for block in blocks:
        for line in block.get("lines", ()):
            line_no += 1
            for span in line["spans"]:
                raw = span.get("chars", ())
                bold, size = is_bold(span), float(span.get("size", 10.0))
                text = fix_lam_alef(raw)
                if is_dingbat(span):  # check boxes and bullets, as in lines
                    text = symbol_chars(str(span.get("font", "")), text)
                for ch, info in zip(text, raw, strict=True):
                    x0, y0, x1, y1 = info["bbox"]
                    chars.append(
                        Char(ch, (x0 + x1) / 2, (y0 + y1) / 2, line_no, x0, x1, bold, size)
                    )
    return chars


_WORD_GAP: Final = 1.2
"""Points of empty space between two glyphs that separate words."""


@dataclass(slots=True)
class _Piece:
    text: str
    x0: float
    x1: float
    y: float


def _pieces(chars: Sequence[Char]) -> list[_Piece]:
    """The text pieces of ``chars``: one per text line, blank ones left out."""
    pieces = (_piece(list(run)) for _, run in itertools.groupby(chars, key=lambda ch: ch.line))
    return [piece for piece in pieces if piece.text.strip()]


def _piece(run: Sequence[Char]) -> _Piece:
    """One line's characters joined (spaced at word gaps drawn without one), with their extent.

    The text is built as a list and joined once: adding to a string attribute
    character by character copied the string each time.
    """
    parts: list[str] = []
    tail = ""  # the last character of the text so far
    x0, x1 = float("inf"), float("-inf")
    prev = run[0]
    for ch in run:
        blank = ch.c.isspace()
        gap = max(ch.x0 - prev.x1, prev.x0 - ch.x1)
        if tail and not blank and not tail.isspace() and gap > _WORD_GAP:
            # A word gap drawn by positioning, without a space character.
            parts.append(" ")
            tail = " "
        parts.append(ch.c)
        tail = ch.c[-1:] or tail
        prev = ch
        if not blank:  # MuPDF misplaces the boxes of some spaces
            x0, x1 = min(x0, ch.x0), max(x1, ch.x1)
    return _Piece("".join(parts), x0, x1, run[0].y)


def _row_text(row: list[_Piece]) -> str:
    """Join the pieces of one visual row in reading order.

    MuPDF splits a right-to-left row into pieces at every direction change and
    lists them right to left; pieces of a row without Hebrew or Arabic letters
    (a date such as ``1403/09/19``) read left to right.
    """
    rtl = any(has_rtl(p.text) for p in row)
    row.sort(key=lambda p: -p.x1 if rtl else p.x0)
    out = row[0].text
    for prev, piece in itertools.pairwise(row):
        gap = (prev.x0 - piece.x1) if rtl else (piece.x0 - prev.x1)
        spaced = gap > 1.0 or out[-1:].isspace() or piece.text[:1].isspace()
        out = out.rstrip() + (" " if spaced else "") + piece.text.lstrip()
    return split_scripts(out) if rtl else out


def cell_text(chars: Sequence[Char]) -> str:
    """The text of a cell's characters: visual rows in reading order, words spaced."""
    rows: list[list[_Piece]] = []
    for piece in sorted(_pieces(chars), key=lambda p: p.y):
        if rows and abs(rows[-1][0].y - piece.y) < 2.0:
            rows[-1].append(piece)
        else:
            rows.append([piece])
    text = join_lines([normalize_text(_row_text(row)) for row in rows])
    return " ".join(text.split())


def _edges(values: Iterable[float]) -> list[float]:
    """Sorted positions with near-duplicates (within 1.5 pt) folded together."""
    out: list[float] = []
    for value in sorted(values):
        if not out or value - out[-1] > 1.5:
            out.append(value)
    return out


_SLIVER: Final = 6.0
"""Rows or columns narrower than this (points) that hold no character are padding."""


def _drop_slivers(edges: list[float], centres: Sequence[float]) -> list[float]:
    """Fold a row (column) too thin for text and holding none into the next one.

    Word processors pad cells with shaded strips a few points high whose edges
    look like rules; the empty slivers they cut off are not rows.
    """
    out: list[float] = []
    for i, edge in enumerate(edges):
        nxt = edges[i + 1] if i + 1 < len(edges) else None
        if nxt is not None and nxt - edge < _SLIVER and not any(edge <= c < nxt for c in centres):
            continue
        out.append(edge)
    return out


def span_to(edges: Sequence[float], index: int, end: float) -> int:
    """1 + how many of the sorted ``edges`` after ``index`` lie before ``end``.

    By bisection: counting them one by one made a long table's grid quadratic.
    """
    return bisect_left(edges, end, index + 1) - index


def _index(edges: Sequence[float], value: float) -> int:
    return max(0, bisect_right(edges, value + 1.5) - 1)


def is_numeric(text: str) -> bool:
    """A number, possibly with thousands separators, a decimal point, a sign or a percent."""
    stripped = text.replace(" ", "").replace(",", "").replace(".", "").replace("%", "")
    return stripped.lstrip("+-−").isdigit()


def _header_rows(
    cells: Sequence[tuple[int, int, int, int]], texts: Sequence[Sequence[Char]]
) -> int:
    """How many top rows are column headers.

    The first row heads the table when it is set in bold while the rest is not,
    or when it holds only words above columns that hold numbers. Its merged
    cells pull the rows they cover into the header. A title in one cell across
    the whole table heads it together with the column headings under it.
    """
    n_cols = max(c + span for _, c, _, span in cells)
    top = [i for i, (r, _, _, _) in enumerate(cells) if r == 0]
    if n_cols > 1 and len(top) == 1 and cells[top[0]][3] == n_cols:
        title = cells[top[0]][2]
        below = _heads_from(title, cells, texts)
        if below:
            return title + below
    return _heads_from(0, cells, texts)


def _heads_from(
    row: int, cells: Sequence[tuple[int, int, int, int]], texts: Sequence[Sequence[Char]]
) -> int:
    """How many rows from ``row`` on head the rows below them (see :func:`_header_rows`)."""
    top = [i for i, (r, _, _, _) in enumerate(cells) if r == row]
    body = [i for i, (r, _, _, _) in enumerate(cells) if r > row]
    if not top or not body:
        return 0

    def bold_share(indices: Sequence[int]) -> float:
        chars = [ch for i in indices for ch in texts[i] if not ch.c.isspace()]
        return sum(ch.bold for ch in chars) / len(chars) if chars else 0.0

    header = bold_share(top) > 0.5 >= bold_share(body)
    if not header:
        words = [cell_text(texts[i]) for i in top]
        numbers = [cell_text(texts[i]) for i in body]
        header = all(w and not is_numeric(w) for w in words) and any(is_numeric(n) for n in numbers)
    return max(cells[i][2] for i in top) if header else 0


def squeeze(cells: Sequence[TableCell], axis: str) -> list[TableCell]:
    """Drop the columns (``"col"``) or rows (``"row"``) that no cell with text covers.

    A rule drawn beside a figure or a border drawn double cuts off an empty
    column (or row) that no cell's text is in. A form's blank columns stay
    when a heading spans them.
    """
    span = f"{axis}_span"
    used = sorted(
        {
            v
            for c in cells
            if c.text
            for v in range(getattr(c, axis), getattr(c, axis) + getattr(c, span))
        }
    )
    if len(used) < 2:
        return list(cells)
    rank = {v: i for i, v in enumerate(used)}
    out: list[TableCell] = []
    for cell in cells:
        start = getattr(cell, axis)
        if start not in rank:
            continue
        width = bisect_left(used, start + getattr(cell, span)) - bisect_left(used, start)
        out.append(cell.model_copy(update={axis: rank[start], span: width}))
    return out


def _split_spanning(
    spans: list[tuple[int, int, int, int]], texts: list[list[Char]], col_x: Sequence[float]
) -> tuple[list[tuple[int, int, int, int]], list[list[Char]]]:
    """Split a cell drawn over several columns whose text stands apart in each of them.

    A header row drawn without its inner verticals holds one heading per
    column below; a title spanning the columns reads on across their borders.
    """
    out_spans: list[tuple[int, int, int, int]] = []
    out_texts: list[list[Char]] = []
    for (r, c, rs, cs), chars in zip(spans, texts, strict=True):
        parts = _column_parts(chars, col_x[c + 1 : c + cs]) if cs > 1 else None
        if parts is None:
            out_spans.append((r, c, rs, cs))
            out_texts.append(chars)
            continue
        for k, part in enumerate(parts):
            out_spans.append((r, c + k, rs, 1))
            out_texts.append(part)
    return out_spans, out_texts


def _column_parts(chars: Sequence[Char], borders: Sequence[float]) -> list[list[Char]] | None:
    """The characters per column, or ``None`` when a column is empty or a phrase crosses a border.

    Pieces of text (split where a line leaves half a font size or more) go to
    the column their centre is in; headings centred over a column may stand
    a little past its border, a phrase across one reaches a font size past it.
    """
    pieces: list[list[Char]] = []
    for ch in chars:
        prev = pieces[-1][-1] if pieces else None
        if prev is None or prev.line != ch.line or ch.x0 - prev.x1 >= 0.5 * ch.size:
            pieces.append([ch])
        else:
            pieces[-1].append(ch)
    parts: list[list[Char]] = [[] for _ in range(len(borders) + 1)]
    for piece in pieces:
        ink = [ch for ch in piece if not ch.c.isspace()]
        if not ink:
            continue
        x0, x1, size = min(ch.x0 for ch in ink), max(ch.x1 for ch in ink), ink[0].size
        if any(x0 < b - size and x1 > b + size for b in borders):
            return None
        parts[bisect_right(borders, (x0 + x1) / 2)].extend(piece)
    return parts if all(parts) else None


def grid_cells(rects: Sequence[Rect], chars: Sequence[Char]) -> list[TableCell]:
    """Build :class:`TableCell` objects from a table's cell rectangles and the page's characters.

    Rows and columns come from the distinct top and left edges of the cells; a
    cell crossing further grid lines spans them.

    Args:
        rects: The table's cell rectangles (from :mod:`._lattice`).
        chars: The page's characters from :func:`page_chars`.

    Returns:
        The cells; columns renumbered right to left when the table reads right to left.
    """
    left, top = min(r[0] for r in rects), min(r[1] for r in rects)
    right, bottom = max(r[2] for r in rects), max(r[3] for r in rects)
    inside = [ch for ch in chars if left <= ch.x <= right and top <= ch.y <= bottom]
    col_x = _drop_slivers(_edges(r[0] for r in rects), [ch.x for ch in inside])
    row_y = _drop_slivers(_edges(r[1] for r in rects), [ch.y for ch in inside])
    n_rows, n_cols = len(row_y), len(col_x)
    owner = [[-1] * n_cols for _ in range(n_rows)]
    spans: list[tuple[int, int, int, int]] = []
    for x0, y0, x1, y1 in sorted(rects, key=lambda r: (r[1], r[0])):
        r, c = _index(row_y, y0), _index(col_x, x0)
        if owner[r][c] >= 0:
            continue
        col_span, row_span = span_to(col_x, c, x1 - 1.5), span_to(row_y, r, y1 - 1.5)
        for rr in range(r, min(r + row_span, n_rows)):
            for cc in range(c, min(c + col_span, n_cols)):
                if owner[rr][cc] < 0:
                    owner[rr][cc] = len(spans)
        spans.append((r, c, row_span, col_span))
    texts: list[list[Char]] = [[] for _ in spans]
    for ch in inside:
        index = owner[max(bisect_right(row_y, ch.y) - 1, 0)][max(bisect_right(col_x, ch.x) - 1, 0)]
        if index >= 0:
            texts[index].append(ch)
    spans, texts = _split_spanning(spans, texts, col_x)
    headers = _header_rows(spans, texts)
    cells = [
        TableCell(
            row=r, col=c, text=cell_text(texts[i]), row_span=rs, col_span=cs, header=r < headers
        )
        for i, (r, c, rs, cs) in enumerate(spans)
    ]
    if is_rtl_text("".join(cell.text for cell in cells)):
        cells = [
            cell.model_copy(update={"col": n_cols - cell.col - cell.col_span}) for cell in cells
        ]
    return cells
