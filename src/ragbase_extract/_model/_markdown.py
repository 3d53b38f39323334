"""Markdown rendering of single blocks.

Text keeps its characters (``&``, ``<``, ``>`` included); only what a renderer
would read as markup is backslash-escaped (the rule is in ``_escape``). Figure
captions come before the ``<!-- image -->`` placeholder, as in Docling's
default export.
"""

from __future__ import annotations

import re

from ._blocks import CHECK_BOX_GLYPHS, Block, Code, Figure, Formula, Heading, ListItem, Table
from ._escape import escape_heading, escape_inline, escape_text
from ._table import TableFormat

_MARKDOWN_MARKER = re.compile(r"[-*+]|\d{1,9}[.)]")


def _list_item(item: ListItem) -> str:
    # ListItem.marker keeps the printed glyph (•, ◦, a), (iv), ...); Markdown
    # knows only -, *, + and "1." / "1)", so other bullets become "-" and other
    # ordered labels stay visible after a "-". Check boxes are GitHub task
    # list items ("- [ ]", "- [x]"), as Docling writes them.
    indent = "    " * item.depth
    text = " ".join(item.text.split())
    glyph = CHECK_BOX_GLYPHS.get(item.marker)
    if glyph is not None:  # the marker says what the glyph in the text says
        text = text.removeprefix(glyph).lstrip()
    text = escape_text(text)
    if _MARKDOWN_MARKER.fullmatch(item.marker) or glyph is not None:
        return f"{indent}{item.marker} {text}"
    if item.ordered and item.marker.strip():
        return f"{indent}- {escape_inline(item.marker)} {text}"
    return f"{indent}- {text}"


def block_to_markdown(block: Block, table_format: TableFormat = "auto") -> str:
    """Render one block; empty string for blocks with nothing to show."""
    match block:
        case Heading():
            return "#" * block.level + " " + escape_heading(" ".join(block.text.split()))
        case ListItem():
            return _list_item(block)
        case Table():
            table = block.to_markdown(table_format=table_format)
            return f"{escape_text(block.caption)}\n\n{table}" if block.caption else table
        case Figure():
            caption = escape_text(block.text)
            return (f"{caption}\n\n" if caption else "") + "<!-- image -->"
        case Code():
            # The fence is longer than any backtick run inside the code.
            fence = "`" * max([3, *(len(run) + 1 for run in re.findall("`+", block.text))])
            return f"{fence}{block.language or ''}\n{block.text}\n{fence}"
        case Formula():
            return f"$$\n{block.text}\n$$"
        case _:
            return escape_text(block.text)
