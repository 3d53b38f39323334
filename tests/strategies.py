"""Hypothesis strategies for result-model objects."""

from __future__ import annotations

from hypothesis import strategies as st

from ragbase_extract import (
    BBox,
    Block,
    Code,
    Document,
    Figure,
    Formula,
    Furniture,
    Heading,
    ListItem,
    Metadata,
    Page,
    Paragraph,
    Provenance,
    SourceInfo,
    Table,
)

_text = st.text(
    alphabet=st.characters(codec="utf-8", exclude_characters="\x00"),
    min_size=0,
    max_size=60,
)
_word_text = st.text(min_size=1, max_size=60).filter(lambda s: s.strip() != "")


@st.composite
def bboxes(draw: st.DrawFn) -> BBox:
    x0 = draw(st.floats(0, 500, allow_nan=False))
    y0 = draw(st.floats(0, 700, allow_nan=False))
    return BBox(
        x0=x0,
        y0=y0,
        x1=x0 + draw(st.floats(0, 100, allow_nan=False)),
        y1=y0 + draw(st.floats(0, 100, allow_nan=False)),
    )


provenances = st.builds(
    Provenance, page=st.one_of(st.none(), st.integers(1, 5)), bbox=st.one_of(st.none(), bboxes())
)


@st.composite
def tables(draw: st.DrawFn) -> Table:
    n_rows = draw(st.integers(1, 4))
    n_cols = draw(st.integers(1, 4))
    rows = [[draw(_text) for _ in range(n_cols)] for _ in range(n_rows)]
    header_rows = draw(st.integers(0, n_rows))
    table = Table.from_rows(rows, header_rows=header_rows, prov=draw(provenances))
    if draw(st.booleans()) and n_cols > 1:
        # Merge the first two cells of the last row into one spanning cell.
        last = n_rows - 1
        cells = [c for c in table.cells if not (c.row == last and c.col == 1)]
        cells = [
            c.model_copy(update={"col_span": 2}) if (c.row, c.col) == (last, 0) else c
            for c in cells
        ]
        table = Table.from_cells(cells, caption=draw(st.one_of(st.none(), _text)), prov=table.prov)
    return table


blocks: st.SearchStrategy[Block] = st.one_of(
    st.builds(Heading, text=_word_text, level=st.integers(1, 6), prov=provenances),
    st.builds(Paragraph, text=_text, prov=provenances),
    st.builds(
        ListItem,
        text=_text,
        depth=st.integers(0, 3),
        marker=st.sampled_from(["-", "*", "1.", "a)"]),
        ordered=st.booleans(),
        prov=provenances,
    ),
    tables(),
    st.builds(Figure, text=_text, prov=provenances).map(
        lambda f: f.model_copy(update={"caption": f.text or None})
    ),
    st.builds(Code, text=_word_text, language=st.one_of(st.none(), st.just("python"))),
    st.builds(Formula, text=_word_text),
    st.builds(
        Furniture,
        text=_text,
        role=st.sampled_from(["header", "footer", "page_number", "other"]),
        prov=provenances,
    ),
)

source_infos = st.builds(
    SourceInfo,
    name=st.one_of(st.none(), st.just("report.pdf")),
    format=st.just("pdf"),
    media_type=st.just("application/pdf"),
    size=st.integers(0, 10**9),
    sha256=st.text(alphabet="0123456789abcdef", min_size=64, max_size=64),
)


@st.composite
def documents(draw: st.DrawFn) -> Document:
    return Document.build(
        backend="test",
        source=draw(source_infos),
        blocks=draw(st.lists(blocks, max_size=12)),
        pages=[
            Page(number=n, width=612, height=792) for n in range(1, draw(st.integers(0, 3)) + 1)
        ],
        metadata=Metadata(
            title=draw(st.one_of(st.none(), _text)),
            authors=tuple(draw(st.lists(_word_text, max_size=2))),
        ),
    )
