"""The text backend on real Markdown and CSV files."""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ragbase_extract import (
    Code,
    CorruptDocumentError,
    Document,
    Figure,
    Heading,
    ListItem,
    Table,
    UnsupportedFormatError,
    extract,
)
from ragbase_extract._backends.text import TextBackend
from ragbase_extract._detect import detect_format

from ..conftest import DATA, corpus_files

TEXT = DATA / "text"


def test_markdown_headings_lists_and_figures() -> None:
    doc = extract(TEXT / "duck.md")
    assert doc.backend == "text"
    assert doc.source.format == "markdown"
    headings = [(h.level, h.text) for h in doc.blocks_of(Heading)]
    assert headings[:3] == [(1, "Swimming in the lake"), (2, "Let’s swim!"), (2, "Let’s eat")]
    items = [i.text for i in doc.blocks_of(ListItem)]
    assert items[:3] == ["You can relax and look around", "Paddle about", "Enjoy summer warmth"]
    assert doc.metadata.title == "Swimming in the lake"


def test_markdown_nested_lists_keep_depth_and_markers() -> None:
    doc = extract(TEXT / "nested.md")
    items = list(doc.blocks_of(ListItem))
    depths = {i.text: i.depth for i in items}
    assert depths["abc"] == 0
    assert depths["abc123"] == 1
    assert depths["abc12345"] == 3
    assert depths["Subitem 1"] == 1  # from the raw HTML list
    assert [i.marker for i in items if i.text == "changing symbol"] == ["*"]
    assert "Table nesting" not in doc.text  # an HTML comment is not content


def test_markdown_html_table_becomes_a_table() -> None:
    doc = extract(TEXT / "mixed.md")
    tables = list(doc.blocks_of(Table))
    assert len(tables) == 1
    grid = tables[0].grid()
    assert grid[0] == ["Character", "Name in German", "Name in French", "Name in Italian"]
    assert grid[1][:2] == ["Scrooge McDuck", "Dagobert Duck"]
    assert tables[0].header_rows == 1


def test_markdown_code_tables_and_setext() -> None:
    source = (
        "Title\n=====\n\nSub\n---\n\n```python\nprint('hi')\n```\n\n"
        "| a | b |\n|---|:-:|\n| 1 | 2 \\| 3 |\n\n![A duck](duck.png)\n\n"
        "Some **bold** and [a link](http://x) and `code`.\n"
    )
    doc = extract(source.encode(), backend="text")
    kinds = [b.kind for b in doc.blocks]
    assert kinds == ["heading", "heading", "code", "table", "figure", "paragraph"]
    assert [h.level for h in doc.blocks_of(Heading)] == [1, 2]
    code = next(doc.blocks_of(Code))
    assert (code.language, code.text) == ("python", "print('hi')")
    assert next(doc.blocks_of(Table)).grid() == [["a", "b"], ["1", "2 | 3"]]
    assert next(doc.blocks_of(Figure)).caption == "A duck"
    assert doc.blocks[-1].text == "Some bold and a link and code."


def test_csv_sniffs_the_delimiter_and_keeps_quoted_cells() -> None:
    doc = extract(TEXT / "csv-semicolon.csv")
    table = next(doc.blocks_of(Table))
    grid = table.grid()
    assert grid[0][:3] == ["Index", "Customer Id", "First Name"]
    assert grid[4][4] == "Dominguez;Mcmillan and Donovan"
    assert table.header_rows == 1
    assert doc.text.splitlines()[0].startswith("| Index | Customer Id |")


def test_plain_text_paragraphs(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("First line\nsecond line.\n\n\nNext paragraph.\n", encoding="utf-8")
    doc = extract(path)
    assert [b.text for b in doc.blocks] == ["First line\nsecond line.", "Next paragraph."]


def test_binary_bytes_named_as_text_are_refused() -> None:
    with pytest.raises(CorruptDocumentError):
        extract(b"\x00\x01\x02 not text", backend="text")


@pytest.mark.corpus
@pytest.mark.parametrize("path", corpus_files("md") + corpus_files("csv"), ids=lambda p: p.name)
def test_every_corpus_markdown_and_csv_file_extracts(path: Path) -> None:
    doc = extract(path)
    reference = Path(f"{path}.gt.md")
    if reference.exists() and reference.read_text(encoding="utf-8").strip():
        assert doc.text.strip()
    assert Document.from_json(doc.to_json()) == doc


@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=400))
def test_any_markdown_text_parses_to_a_valid_document_or_a_typed_error(text: str) -> None:
    data = text.encode() or b" "
    try:
        doc = extract(data, backend="text")
    except CorruptDocumentError:
        assert "\x00" in text  # only NUL bytes make "text" binary
        return
    except UnsupportedFormatError:
        # Text that carries another format's signature (say "%PDF-") is refused
        # by an explicitly chosen text backend rather than misread.
        assert detect_format(data) not in TextBackend.formats
        return
    for block in doc.body_blocks:
        span = block.prov.span
        assert span is not None
        assert doc.text[span[0] : span[1]] == block.text
