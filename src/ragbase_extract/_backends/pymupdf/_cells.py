"""Table cells: the finder's grid, filled with the page's own characters.

The finder's ``extract()`` sorts each cell's characters by x, which puts
right-to-left text in visual order, moves underscores drawn below the baseline
to a line of their own (``FUNCTION_ID`` becomes ``FUNCTION ID _``) and repeats
its own text pass. Instead, every character of our ``rawdict`` pass is dropped
into the grid slot under its centre, in the text stream's (logical) order.
"""

from __future__ import annotations

import itertools
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from ..._model import TableCell
from ._classify import join_lines
from ._lines import fix_lam_alef, has_rtl, is_rtl_text, normalize_text, split_scripts

__all__ = ["Char", "grid_cells", "page_chars"]


@dataclass(slots=True, frozen=True)
class Char:
    """One character with its centre and the text line it belongs to.

    Attributes:
        c: The character.
        x: Horizontal centre.
        y: Vertical centre.
        line: Running number of its PyMuPDF line on the page.
        x0: Left edge.
        x1: Right edge.
    """

    c: str
    x: float
    y: float
    line: int
    x0: float
    x1: float


def page_chars(blocks: Iterable[dict[str, Any]]) -> list[Char]:
    """Every character of a ``rawdict`` page, with ligatures of Arabic repaired."""
    chars: list[Char] = []
    line_no = 0
    for block in blocks:
        for line in block.get("lines", ()):
            line_no += 1
            for span in line["spans"]:
                raw = span.get("chars", ())
                for ch, info in zip(fix_lam_alef(raw), raw, strict=True):
                    x0, y0, x1, y1 = info["bbox"]
                    chars.append(Char(ch, (x0 + x1) / 2, (y0 + y1) / 2, line_no, x0, x1))
    return chars


def _column_starts(boxes: Sequence[Sequence[Any]], n_cols: int) -> list[float]:
    starts: list[float] = []
    for c in range(n_cols):
        found = [row[c][0] for row in boxes if row[c] is not None]
        if found:
            starts.append(min(found))
        else:
            starts.append(starts[-1] + 0.01 if starts else 0.0)
    for c in range(1, n_cols):  # keep them increasing for bisect
        starts[c] = max(starts[c], starts[c - 1] + 0.01)
    return starts


def _header_rows(tab: Any) -> int:
    header = getattr(tab, "header", None)
    if header is None or getattr(header, "external", True):
        return 0
    bottom = header.bbox[3]
    return sum(1 for row in tab.rows if row.bbox[3] <= bottom + 1.0)


_WORD_GAP: Final = 1.2
"""Points of empty space between two glyphs that separate words."""


@dataclass(slots=True)
class _Piece:
    text: str
    x0: float
    x1: float
    y: float


def _pieces(chars: Sequence[Char]) -> list[_Piece]:
    pieces: list[_Piece] = []
    last = -1
    if not chars:
        return pieces
    prev = chars[0]
    for ch in chars:
        if ch.line != last:
            pieces.append(_Piece("", ch.x0, ch.x1, ch.y))
            last = ch.line
        piece = pieces[-1]
        if piece.text and not piece.text[-1].isspace() and not ch.c.isspace():
            # A word gap drawn by positioning, without a space character.
            gap = max(ch.x0 - prev.x1, prev.x0 - ch.x1)
            if gap > _WORD_GAP:
                piece.text += " "
        piece.text += ch.c
        prev = ch
        piece.x0, piece.x1 = min(piece.x0, ch.x0), max(piece.x1, ch.x1)
    return [p for p in pieces if p.text.strip()]


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


def _text(chars: Sequence[Char]) -> str:
    rows: list[list[_Piece]] = []
    for piece in sorted(_pieces(chars), key=lambda p: p.y):
        if rows and abs(rows[-1][0].y - piece.y) < 2.0:
            rows[-1].append(piece)
        else:
            rows.append([piece])
    text = join_lines([normalize_text(_row_text(row)) for row in rows])
    return " ".join(text.split())


def grid_cells(tab: Any, chars: Sequence[Char]) -> list[TableCell]:
    """Build :class:`TableCell` objects from a PyMuPDF ``Table`` and the page's characters.

    A slot the finder leaves ``None`` is covered by a merged cell; spans are
    counted from the grid lines a merged cell's box crosses.

    Args:
        tab: A ``pymupdf.table.Table``.
        chars: The page's characters from :func:`page_chars`.

    Returns:
        The cells, columns right to left renumbered when the table reads right to left.
    """
    rows = tab.rows
    n_rows = len(rows)
    n_cols = max((len(row.cells) for row in rows), default=0)
    boxes = [[row.cells[c] if c < len(row.cells) else None for c in range(n_cols)] for row in rows]
    col_x = _column_starts(boxes, n_cols)
    row_y = [row.bbox[1] for row in rows]
    for r in range(1, n_rows):
        row_y[r] = max(row_y[r], row_y[r - 1] + 0.01)
    headers = _header_rows(tab)
    owner = [[-1] * n_cols for _ in range(n_rows)]
    spans: list[tuple[int, int, int, int]] = []
    for r in range(n_rows):
        for c in range(n_cols):
            box = boxes[r][c]
            if box is None or owner[r][c] >= 0:
                continue
            col_span = 1 + sum(1 for x in col_x[c + 1 :] if x < box[2] - 1)
            row_span = 1 + sum(1 for y in row_y[r + 1 :] if y < box[3] - 1)
            for rr in range(r, min(r + row_span, n_rows)):
                for cc in range(c, min(c + col_span, n_cols)):
                    if owner[rr][cc] < 0:
                        owner[rr][cc] = len(spans)
            spans.append((r, c, row_span, col_span))
    texts: list[list[Char]] = [[] for _ in spans]
    x0, y0, x1, y1 = tab.bbox
    for ch in chars:
        if not (x0 <= ch.x <= x1 and y0 <= ch.y <= y1):
            continue
        r = bisect_right(row_y, ch.y) - 1
        c = bisect_right(col_x, ch.x) - 1
        if r >= 0 and c >= 0 and owner[r][c] >= 0:
            texts[owner[r][c]].append(ch)
    cells = [
        TableCell(row=r, col=c, text=_text(texts[i]), row_span=rs, col_span=cs, header=r < headers)
        for i, (r, c, rs, cs) in enumerate(spans)
    ]
    if is_rtl_text("".join(cell.text for cell in cells)):
        cells = [
            cell.model_copy(update={"col": n_cols - cell.col - cell.col_span}) for cell in cells
        ]
    return cells
