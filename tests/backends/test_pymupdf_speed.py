"""Fast paths of the pymupdf backend agree with the plain code they replaced.

Each speed change keeps the output byte for byte; where a loop became a
bisection or an index, a Hypothesis property checks it against the obvious
reference implementation (the code as it was), on generated inputs.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st

from ragbase_extract import TableCell
from ragbase_extract._backends.pymupdf._cells import Char, _pieces, span_to, squeeze
from ragbase_extract._backends.pymupdf._layout import level_with
from ragbase_extract._backends.pymupdf._lines import Fragment
from ragbase_extract._backends.pymupdf._records import cell_reach, straddled
from ragbase_extract._backends.pymupdf._style import is_bold, is_italic, is_mono, span_style

# Coarse coordinates (quarter points) so that ties and the 1.5 pt margins are hit.
COORD = st.integers(min_value=0, max_value=400).map(lambda v: v / 4)


@st.composite
def rects(draw: st.DrawFn) -> tuple[float, float, float, float]:
    x0, y0 = draw(COORD), draw(COORD)
    return (x0, y0, x0 + draw(COORD), y0 + draw(COORD))


@given(st.lists(rects(), min_size=1, max_size=30), st.lists(COORD, max_size=20))
def test_straddled_matches_the_pairwise_test(
    cells: list[tuple[float, float, float, float]], edges: list[float]
) -> None:
    reach = cell_reach(cells)
    # Edges exactly 1.5 pt from a cell's top or bottom: the ties the comparisons decide.
    ties = [r[1] + 1.5 for r in cells] + [r[3] - 1.5 for r in cells]
    for edge in edges + ties:
        expected = any(r[1] < edge - 1.5 and r[3] > edge + 1.5 for r in cells)
        assert straddled(edge, reach) is expected


@given(st.lists(COORD, min_size=1, max_size=30, unique=True), st.data())
def test_span_to_counts_the_edges_before_the_end(edges: list[float], data: st.DataObject) -> None:
    edges.sort()
    index = data.draw(st.integers(min_value=0, max_value=len(edges) - 1))
    end = data.draw(COORD)
    assert span_to(edges, index, end) == 1 + sum(1 for x in edges[index + 1 :] if x < end)


def _squeeze_reference(cells: list[TableCell], axis: str) -> list[TableCell]:
    """``squeeze`` as it was written before the bisection (one scan per cell)."""
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
        width = sum(1 for v in used if start <= v < start + getattr(cell, span))
        out.append(cell.model_copy(update={axis: rank[start], span: width}))
    return out


SMALL = st.integers(min_value=0, max_value=8)
CELLS = st.lists(
    st.builds(
        TableCell,
        row=SMALL,
        col=SMALL,
        text=st.sampled_from(["", "a", "1"]),
        row_span=st.integers(min_value=1, max_value=4),
        col_span=st.integers(min_value=1, max_value=4),
    ),
    max_size=25,
)


@given(CELLS, st.sampled_from(["row", "col"]))
def test_squeeze_matches_the_reference(cells: list[TableCell], axis: str) -> None:
    assert squeeze(cells, axis) == _squeeze_reference(cells, axis)


def _pieces_reference(chars: list[Char]) -> list[tuple[str, float, float, float]]:
    """``_pieces`` as it was: the text grown one character at a time."""
    pieces: list[list[Any]] = []
    last = -1
    if not chars:
        return []
    prev = chars[0]
    for ch in chars:
        if ch.line != last:
            pieces.append(["", float("inf"), float("-inf"), ch.y])
            last = ch.line
        piece = pieces[-1]
        if piece[0] and not piece[0][-1].isspace() and not ch.c.isspace():
            gap = max(ch.x0 - prev.x1, prev.x0 - ch.x1)
            if gap > 1.2:
                piece[0] += " "
        piece[0] += ch.c
        prev = ch
        if not ch.c.isspace():
            piece[1], piece[2] = min(piece[1], ch.x0), max(piece[2], ch.x1)
    return [(p[0], p[1], p[2], p[3]) for p in pieces if p[0].strip()]


CHARS = st.lists(
    st.builds(
        Char,
        c=st.sampled_from(["a", "b", " ", "\t", "", "fi", "\u00a0"]),
        x=COORD,
        y=COORD,
        line=st.integers(min_value=0, max_value=3),
        x0=COORD,
        x1=COORD,
    ),
    max_size=30,
)


@given(CHARS)
@example(  # an empty character between two glyphs apart: the gap is the next glyph's
    [Char("a", 0, 0, 1, 0, 1), Char("", 0, 0, 1, 1, 2), Char("b", 0, 0, 1, 9, 10)]
)
def test_pieces_match_the_reference(chars: list[Char]) -> None:
    got = [(p.text, p.x0, p.x1, p.y) for p in _pieces(chars)]
    assert got == _pieces_reference(chars)


OFFSETS = st.one_of(
    st.integers(min_value=-12, max_value=12).map(lambda v: v / 4),
    st.sampled_from([float("nan"), float("inf"), -float("inf")]),
)


@given(st.one_of(COORD, st.just(float("nan"))), st.lists(OFFSETS, max_size=30))
def test_level_with_matches_the_scan(y: float, offsets: list[float]) -> None:
    values = [y + d for d in offsets]  # near y, 1.5 apart exactly among them
    bottoms = sorted(b for b in values if b == b)
    assert level_with(y, bottoms) is any(abs(y - b) < 1.5 for b in values)


STATS = st.dictionaries(
    st.tuples(
        st.sampled_from([9.0, 10.0, 12.0]), st.booleans(), st.booleans(), st.sampled_from("ab")
    ),
    st.integers(min_value=1, max_value=9),
    min_size=1,
    max_size=6,
)


@given(STATS, STATS)
def test_fragment_size_is_the_most_common_size(
    stats: dict[tuple[float, bool, bool, str], int],
    other: dict[tuple[float, bool, bool, str], int],
) -> None:
    frag = Fragment(0, 0, 1, 1, "x", stats)
    assert frag.size == max(stats.items(), key=lambda kv: kv[1])[0][0]
    changed = replace(frag, stats=other)  # derived again, not copied
    assert changed.size == max(other.items(), key=lambda kv: kv[1])[0][0]


SPANS = st.fixed_dictionaries(
    {
        "flags": st.integers(min_value=0, max_value=31),
        "font": st.sampled_from(["Times-Roman", "Arial-BoldItalic", "Courier", "CMBX12", "X"]),
    }
)


@given(SPANS)
def test_span_style_is_the_three_tests(span: dict[str, Any]) -> None:
    assert span_style(span) == (is_bold(span), is_mono(span), is_italic(span))
