"""Raw HTML blocks inside Markdown: lists, tables, headings and text, stdlib only."""

from __future__ import annotations

import html
from html.parser import HTMLParser

from ..._model import Block, Heading, ListItem, Paragraph, Table, TableCell

_BLOCK_TAGS = {"p", "div", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "br", "dt", "dd"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[Block] = []
        self._text: list[str] = []
        self._list_stack: list[str] = []
        self._heading: int | None = None
        self._table: list[list[TableCell]] | None = None
        self._cell: TableCell | None = None
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag == "table":
            self._flush()
            self._table = []
        elif tag == "tr" and self._table is not None:
            self._table.append([])
        elif tag in ("td", "th") and self._table is not None:
            values = dict(attrs)
            self._cell = TableCell(
                row=0,
                col=0,
                header=tag == "th",
                row_span=_span(values.get("rowspan")),
                col_span=_span(values.get("colspan")),
            )
            self._text = []
        elif tag in ("ul", "ol"):
            self._flush()
            self._list_stack.append(tag)
        elif tag in _BLOCK_TAGS:
            self._flush()
            if tag[0] == "h" and tag[1:].isdigit():
                self._heading = int(tag[1:])

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self._skip = max(0, self._skip - 1)
        elif tag in ("td", "th") and self._table is not None and self._cell is not None:
            text = " ".join("".join(self._text).split())
            if not self._table:
                self._table.append([])
            self._table[-1].append(self._cell.model_copy(update={"text": text}))
            self._cell, self._text = None, []
        elif tag == "table" and self._table is not None:
            self.blocks.append(_build_table(self._table))
            self._table = None
        elif tag in ("ul", "ol"):
            self._flush()
            if self._list_stack:
                self._list_stack.pop()
        elif tag in _BLOCK_TAGS:
            self._flush()

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self._text.append(data)

    def _flush(self) -> None:
        text = " ".join("".join(self._text).split())
        self._text = []
        if self._cell is not None or not text:
            return
        if self._heading is not None:
            self.blocks.append(Heading(text=text, level=min(self._heading, 6)))
            self._heading = None
        elif self._list_stack:
            ordered = self._list_stack[-1] == "ol"
            marker = "1." if ordered else "-"
            depth = len(self._list_stack) - 1
            self.blocks.append(ListItem(text=text, depth=depth, marker=marker, ordered=ordered))
        else:
            self.blocks.append(Paragraph(text=text))

    def close(self) -> None:
        super().close()
        self._flush()


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1000))
    except ValueError:
        return 1


def _build_table(rows: list[list[TableCell]]) -> Table:
    """Place cells on the grid, skipping slots covered by earlier row spans."""
    taken: set[tuple[int, int]] = set()
    placed: list[TableCell] = []
    for r, row in enumerate(rows):
        c = 0
        for cell in row:
            while (r, c) in taken:
                c += 1
            placed.append(cell.model_copy(update={"row": r, "col": c}))
            for dr in range(cell.row_span):
                for dc in range(cell.col_span):
                    taken.add((r + dr, c + dc))
            c += cell.col_span
    return Table.from_cells(placed)


def html_to_blocks(fragment: str) -> list[Block]:
    """Convert an HTML fragment to blocks; comments are dropped."""
    collector = _Collector()
    collector.feed(fragment)
    collector.close()
    return [b for b in collector.blocks if b.text or isinstance(b, Table)]


def unescape(text: str) -> str:
    """HTML entities to characters."""
    return html.unescape(text)
