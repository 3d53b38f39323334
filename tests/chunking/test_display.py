"""Notebook displays of a chunk and of the list chunk() returns."""

from __future__ import annotations

import re

from ragbase_extract import (
    Block,
    ChunkList,
    Document,
    Heading,
    Paragraph,
    Provenance,
    Table,
    chunk,
    extract,
)
from tests.conftest import DATA

from ._helpers import make_document


def _doc() -> Document:
    rows = [["Name", "a|b <x>"]] + [[f"row {i}", f"{i} units"] for i in range(30)]
    blocks: list[Block] = [
        Heading(text="Guide", level=1, prov=Provenance(page=1)),
        Paragraph(text="Intro with <b>markup</b> and a | pipe. " * 3, prov=Provenance(page=1)),
        Heading(text="Data", level=2, prov=Provenance(page=2)),
        Table.from_rows(rows),
    ]
    return make_document(
        blocks + [Paragraph(text=f"Paragraph {i} " + "word " * 40) for i in range(30)]
    )


def test_chunk_list_is_a_list_with_a_summary_table() -> None:
    doc = _doc()
    chunks = chunk(doc, max_tokens=64)
    assert isinstance(chunks, ChunkList)
    assert isinstance(chunks, list)
    assert chunks == list(chunks)
    assert type(chunks[1:]) is list
    markdown = chunks._repr_markdown_()
    counts = sorted(c.token_count for c in chunks)
    assert markdown.startswith(f"**{len(chunks)} chunks · tokens min {counts[0]}, median ")
    assert f"max {counts[-1]}**" in markdown.splitlines()[0]
    rows = [line for line in markdown.splitlines() if re.match(r"\| \d+ \|", line)]
    assert len(rows) == min(len(chunks), 20)
    assert len(chunks) > 20
    assert f"… and {len(chunks) - 20} more" in markdown
    # Table cells stay one cell: pipes escaped, text on one line, cut with an ellipsis.
    assert all(len(re.split(r"(?<!\\)\|", line)) == 7 for line in rows)
    assert "a \\| pipe" in markdown
    assert "…" in rows[1]
    html = chunks._repr_html_()
    assert html.count("<tr>") == len(rows) + 1
    assert "&lt;b&gt;markup&lt;/b&gt;" in html
    assert "<b>markup" not in html


def test_one_chunk_shows_its_size_pages_path_and_text() -> None:
    doc = _doc()
    chunks = chunk(doc, max_tokens=64)
    table_chunk = next(c for c in chunks if c.heading_path == ("Guide", "Data"))
    markdown = table_chunk._repr_markdown_()
    assert markdown.startswith(
        f"**Chunk** `{table_chunk.id[:12]}` · {table_chunk.token_count} tokens"
    )
    assert "· page 2 ·" in markdown
    assert "*Guide › Data*" in markdown
    html = table_chunk._repr_html_()
    assert "<i>Guide › Data</i>" in html
    assert "a\\|b &lt;x&gt;" in html


def test_empty_and_real_pdf_displays() -> None:
    empty = chunk(make_document([]))
    assert empty == []
    assert empty._repr_markdown_() == "**0 chunks**"
    pdf = extract(DATA / "pdf" / "2305.03393v1-pg9.pdf")
    chunks = chunk(pdf)
    first = chunks[0]._repr_markdown_()
    assert f"chars {chunks[0].start}–{chunks[0].end}" in first
