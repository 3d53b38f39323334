"""Fast paths of the pymupdf backend agree with the plain code they replaced.

Each speed change keeps the output byte for byte; where a loop became a
bisection or an index, a Hypothesis property checks it against the obvious
reference implementation (the code as it was), on generated inputs.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from ragbase_extract import TableCell
from ragbase_extract._backends.pymupdf._cells import span_to, squeeze
from ragbase_extract._backends.pymupdf._records import cell_reach, straddled

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
