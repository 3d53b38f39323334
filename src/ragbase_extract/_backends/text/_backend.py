"""The text backend: plain text, Markdown and CSV, stdlib only."""

from __future__ import annotations

import csv
import io
from typing import Final

from ..._detect import decode_text
from ..._errors import CorruptDocumentError
from ..._formats import Format
from ..._model import Block, Code, Document, Heading, Metadata, Paragraph, Table
from ..._options import ExtractOptions
from ..._source import Source
from ..._textlike import code_language
from ._markdown import iter_paragraphs, parse_markdown

__all__ = ["TextBackend"]


class TextBackend:
    """Plain text, Markdown and CSV with no dependency beyond the standard library.

    Markdown: ATX and setext headings, nested lists, fenced and indented code,
    GFM pipe tables, images as figures, raw HTML blocks (lists, tables).
    CSV: the delimiter is sniffed among ``, ; TAB |``; the first row is the header.
    Configuration, data and source files (TOML, JSON, YAML, Python, ...; known
    by name, or JSON and ``#!`` scripts by content) become one :class:`Code`
    block with their language and line breaks, not paragraphs.

    .. versionadded:: 0.1
    """

    name: Final = "text"
    formats: Final = frozenset({Format.TEXT, Format.MARKDOWN, Format.CSV})
    extra: Final = None

    def is_available(self) -> bool:
        """Always available."""
        return True

    def extract(self, source: Source, options: ExtractOptions) -> Document:
        """Parse the decoded text into blocks."""
        text = decode_text(source.data)
        if text is None:
            raise CorruptDocumentError(f"{source.name or 'input'} is not text")
        fmt = source.format if source.format in self.formats else Format.TEXT
        if fmt is Format.MARKDOWN:
            blocks = parse_markdown(text)
        elif fmt is Format.CSV:
            blocks = [_csv_table(text)]
        else:
            blocks = _plain_blocks(text, source.name)
        title = next((b.text for b in blocks if isinstance(b, Heading) and b.level == 1), None)
        return Document.build(
            backend=self.name,
            source=source.info(fmt),
            blocks=blocks,
            metadata=Metadata(title=title),
        )


def _plain_blocks(text: str, name: str | None) -> list[Block]:
    language = code_language(name, text)
    if language is None:
        return [Paragraph(text=p) for p in iter_paragraphs(text)]
    # Kept whole, as written: only the blank lines around it and line-end blanks go.
    code = "\n".join(line.rstrip() for line in text.strip("\r\n").splitlines())
    return [Code(text=code, language=language)] if code.strip() else []


def _csv_table(text: str) -> Block:
    sample = text[:8192]
    try:
        dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    # newline="" as the csv module asks: a bare "\r" line end is then a row end,
    # not an error (StringIO's default leaves it inside the field).
    reader = csv.reader(io.StringIO(text, newline=""), dialect)
    rows = [row for row in reader if any(c.strip() for c in row)]
    width = max((len(r) for r in rows), default=0)
    rows = [[c.strip() for c in r] + [""] * (width - len(r)) for r in rows]
    return Table.from_rows(rows, header_rows=1)
