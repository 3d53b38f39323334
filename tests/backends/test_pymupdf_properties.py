"""Hypothesis properties of the pymupdf backend: determinism, JSON round-trip, spans.

Inputs are real bundled PDFs (with random page selections) and small PDFs that
PyMuPDF writes from generated words, so the properties cover layouts we did
not hand-pick.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ragbase_extract import Document, ExtractOptions, Table, extract

from ..conftest import DATA

PDF = DATA / "pdf"
FILES = (
    "2305.03393v1-pg9.pdf",
    "right_to_left_01.pdf",
    "bookmark_sample.pdf",
    "invisible_text_layer.pdf",
)
LETTERS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=2, max_size=10)
WORDS = st.text(
    alphabet="abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789",
    min_size=1,
    max_size=12,
)


@cache
def _bytes(name: str) -> bytes:
    return (PDF / name).read_bytes()


def _check(doc: Document) -> None:
    for block in doc.body_blocks:
        span = block.prov.span
        assert span is not None
        assert doc.text[span[0] : span[1]] == block.text
    assert Document.from_json(doc.to_json()) == doc


def _pdf(paragraphs: list[list[str]], two_columns: bool, heading: str | None) -> bytes:
    import pymupdf

    opener: Any = pymupdf.open  # PyMuPDF's stubs are partial
    doc: Any = opener()
    page = doc.new_page(width=612, height=792)
    y = 72.0
    if heading:
        page.insert_text((72, y), heading, fontsize=18, fontname="hebo")
        y += 30
    width = 220 if two_columns else 468
    columns = (72.0, 320.0) if two_columns else (72.0,)
    for column in columns:
        text = "\n\n".join(" ".join(words) for words in paragraphs)
        page.insert_textbox((column, y, column + width, 740), text, fontsize=10, fontname="helv")
    data: bytes = doc.tobytes()
    doc.close()
    return data


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(FILES), data=st.data())
def test_real_files_are_deterministic_and_round_trip(name: str, data: st.DataObject) -> None:
    raw = _bytes(name)
    first = extract(raw, backend="pymupdf")
    pages = data.draw(
        st.lists(st.integers(1, len(first.pages)), min_size=1, max_size=3) | st.none(),
        label="pages",
    )
    options = ExtractOptions(pages=pages)
    one = extract(raw, backend="pymupdf", options=options)
    two = extract(raw, backend="pymupdf", options=options)
    assert one.to_json() == two.to_json()
    _check(one)
    if pages is not None:
        assert [p.number for p in one.pages] == sorted(set(pages))
        assert {b.prov.page for b in one.blocks} <= set(pages)


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    paragraphs=st.lists(st.lists(WORDS, min_size=1, max_size=40), min_size=1, max_size=4),
    two_columns=st.booleans(),
    heading=st.none()
    | st.builds(" ".join, st.lists(LETTERS, min_size=1, max_size=4)).map(str.title),
)
def test_generated_pdfs_keep_every_word_in_order(
    paragraphs: list[list[str]], two_columns: bool, heading: str | None
) -> None:
    raw = _pdf(paragraphs, two_columns, heading)
    doc = extract(raw, backend="pymupdf")
    assert extract(raw, backend="pymupdf").to_json() == doc.to_json()
    _check(doc)
    words = doc.text.split()
    expected = [w for words_ in paragraphs for w in words_]
    # The words of the first (or only) column come out in order, none lost or split.
    position = 0
    for word in expected:
        position = words.index(word, position) + 1
    body_chars = sum(len(w) for words_ in paragraphs for w in words_)
    if heading and body_chars > 3 * len(heading):  # font statistics need a body to compare with
        assert heading in {b.text for b in doc.blocks if b.kind == "heading"}


def _table_pdf(rows: list[list[str]], closed: bool) -> bytes:
    import pymupdf

    opener: Any = pymupdf.open
    doc: Any = opener()
    page = doc.new_page(width=612, height=792)
    x0, y0, width, height = 72.0, 150.0, 110.0, 22.0
    n_rows, n_cols = len(rows), len(rows[0])
    shape = page.new_shape()
    for r in range(n_rows + 1):
        y = y0 + r * height
        shape.draw_line((x0, y), (x0 + n_cols * width, y))
    for c in range(n_cols + 1):
        if closed or 0 < c < n_cols:  # open tables leave out their outer verticals
            x = x0 + c * width
            shape.draw_line((x, y0), (x, y0 + n_rows * height))
    shape.finish(width=0.5, color=(0, 0, 0))
    shape.commit()
    page.insert_text((72, 100), "A table follows.", fontsize=10, fontname="helv")
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            page.insert_text(
                (x0 + c * width + 4, y0 + r * height + 15), text, fontsize=10, fontname="helv"
            )
    data: bytes = doc.tobytes()
    doc.close()
    return data


@settings(max_examples=30, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    shape=st.tuples(st.integers(2, 6), st.integers(2, 4)),
    data=st.data(),
    closed=st.booleans(),
)
def test_ruled_tables_come_back_cell_for_cell(
    shape: tuple[int, int], data: st.DataObject, closed: bool
) -> None:
    n_rows, n_cols = shape
    rows = data.draw(
        st.lists(
            st.lists(
                st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=1, max_size=12),
                min_size=n_cols,
                max_size=n_cols,
            ),
            min_size=n_rows,
            max_size=n_rows,
        ),
        label="rows",
    )
    doc = extract(_table_pdf(rows, closed), backend="pymupdf")
    tables = [b for b in doc.blocks if b.kind == "table"]
    assert len(tables) == 1
    table = tables[0]
    assert table.kind == "table"
    assert isinstance(table, Table)
    assert table.grid() == rows
    assert "A table follows." in doc.text
    # The table's words are not repeated as paragraphs.
    assert [b.kind for b in doc.body_blocks] == ["paragraph", "table"]


def _brute_next_away(line: Any, lines: list[Any], sign: float) -> Any:
    # The rule as first written: scan every line (quadratic over a page).
    def gap(other: Any) -> float:
        return float(line.y0 - other.y1 if sign > 0 else other.y0 - line.y1)

    beyond = [o for o in lines if gap(o) >= -0.3 * line.height]
    return min(beyond, key=gap, default=None)


_EDGE = st.integers(min_value=0, max_value=400).map(lambda n: n / 4)


@settings(max_examples=60, deadline=None)
@given(
    rows=st.lists(st.tuples(_EDGE, st.integers(1, 40).map(lambda n: n / 4)), max_size=40),
    probe=st.tuples(_EDGE, st.integers(1, 40).map(lambda n: n / 4)),
    sign=st.sampled_from([1.0, -1.0]),
)
def test_sorted_body_finds_the_line_a_full_scan_finds(
    rows: list[tuple[float, float]], probe: tuple[float, float], sign: float
) -> None:
    # Many ties (quarter-point edges): the first line added must win, as in a scan.
    from ragbase_extract._backends.pymupdf._furniture import _Body
    from ragbase_extract._backends.pymupdf._lines import Line

    def line(top: float, height: float, n: int) -> Line:
        return Line(f"l{n}", 0.0, top, 10.0, top + height, 10.0, False, False, False)

    lines = [line(top, height, n) for n, (top, height) in enumerate(rows)]
    target = line(*probe, -1)
    assert _Body(lines).next_away(target, sign) is _brute_next_away(target, lines, sign)
