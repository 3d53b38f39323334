"""Markdown keeps the text's characters and escapes only what is structure (#9.4).

Checked with a real CommonMark renderer (markdown-it-py, with GFM tables): the
rendered HTML has exactly the intended structure and reads back the text.
"""

from __future__ import annotations

import html
import importlib
import re
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st
from markdown_it import MarkdownIt

from ragbase_extract import (
    Document,
    Heading,
    ListItem,
    Paragraph,
    SourceInfo,
    Table,
    extract,
)
from ragbase_extract._model._escape import escape_text

SOURCE = SourceInfo(format="pdf", media_type="application/pdf", size=1, sha256="a" * 64)
RENDERER = MarkdownIt("commonmark").enable("table")

# Characters that start Markdown structure, plus words. Inline emphasis, code and
# link characters (* _ ` [) are kept as they are by design and left out here.
_texts = st.text(alphabet=st.sampled_from("ab 1#>-+=&<;/.)\\!~\n"), max_size=24)


def _markdown(*blocks: Paragraph | Heading | ListItem | Table) -> str:
    return Document.build(backend="t", source=SOURCE, blocks=list(blocks)).to_markdown()


def _words(text: str) -> str:
    return " ".join(text.split())


def _tags(rendered: str) -> set[str]:
    return set(re.findall(r"</?([a-z0-9]+)", rendered))


def _content(rendered: str) -> str:
    return _words(html.unescape(re.sub(r"<[^>]+>", " ", rendered)))


@given(_texts.filter(lambda t: t.strip()))
def test_a_paragraph_renders_as_one_paragraph_with_its_text(text: str) -> None:
    rendered = RENDERER.render(_markdown(Paragraph(text=text)))
    assert _tags(rendered) == {"p"}, rendered
    assert _content(rendered) == _words(text)


@given(_texts, st.integers(1, 6))
def test_a_heading_renders_as_that_heading_with_its_text(text: str, level: int) -> None:
    rendered = RENDERER.render(_markdown(Heading(text=text, level=level)))
    assert _tags(rendered) == {f"h{level}"}, rendered
    assert _content(rendered) == _words(text)


@given(_texts.filter(lambda t: t.strip()))
def test_a_list_item_renders_as_one_item_with_its_text(text: str) -> None:
    rendered = RENDERER.render(_markdown(ListItem(text=text)))
    assert _tags(rendered) == {"ul", "li"}, rendered
    assert _content(rendered) == _words(text)


@given(st.lists(st.lists(_texts, min_size=2, max_size=2), min_size=2, max_size=3))
def test_table_cells_render_in_their_columns_with_their_text(rows: list[list[str]]) -> None:
    table = Table.from_rows(rows)
    rendered = RENDERER.render(table.to_markdown() + "\n")
    assert _tags(rendered) <= {"table", "thead", "tbody", "tr", "th", "td"}, rendered
    cells = re.findall(r"<t[hd]>(.*?)</t[hd]>", rendered, flags=re.DOTALL)
    assert [_content(c) for c in cells] == [_words(t) for row in rows for t in row]


def test_ampersands_and_angle_brackets_stay_literal() -> None:
    markdown = _markdown(
        Heading(text="Laws & Regulations", level=2),
        Paragraph(text="Split files (> 10 pages) when a < b & c > d."),
        Paragraph(text="A tag <b>bold</b>, an entity &amp; and AT&T."),
    )
    assert "## Laws & Regulations" in markdown
    assert "(> 10 pages) when a < b & c > d." in markdown
    assert "&amp;" not in markdown.replace("\\&amp;", "")
    # Only what a renderer would take as markup is escaped.
    assert "A tag \\<b>bold\\</b>, an entity \\&amp; and AT&T." in markdown


@pytest.mark.parametrize(
    ("text", "escaped"),
    [
        ("# not a heading", "\\# not a heading"),
        ("> not a quote", "\\> not a quote"),
        ("- not a list", "\\- not a list"),
        ("* not a list", "\\* not a list"),
        ("2024. A year", "2024\\. A year"),
        ("line\n---", "line\n\\---"),
        ("line\n===", "line\n\\==="),
        ("```not code", "\\```not code"),
        ("C:\\path\\*", "C:\\path\\\\*"),
        ("#hashtag and 3.5 and a-b", "#hashtag and 3.5 and a-b"),
    ],
)
def test_structure_at_line_start_is_escaped_and_nothing_else(text: str, escaped: str) -> None:
    assert escape_text(text) == escaped


def test_a_real_pdf_keeps_ampersands_and_brackets_in_markdown() -> None:
    pymupdf: Any = importlib.import_module("pymupdf")
    pdf = pymupdf.open()
    page = pdf.new_page()
    page.insert_text((72, 72), "Laws & Regulations", fontsize=18)
    page.insert_text((72, 110), "Split documents (> 10 pages) when size < 5 MB.", fontsize=11)
    doc = extract(pdf.tobytes())
    markdown = doc.to_markdown()
    assert "Laws & Regulations" in markdown
    assert "(> 10 pages) when size < 5 MB." in markdown
    assert "&amp;" not in markdown
    assert "&gt;" not in markdown
