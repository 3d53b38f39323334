"""Markdown rendering of single blocks, following Docling's export conventions.

Text is HTML-escaped (``&``, ``<``, ``>``) as Docling does, so literal tags in
a document's text are not read as HTML by Markdown renderers; figure captions
come before the ``<!-- image -->`` placeholder, as in Docling's default export.
"""

from __future__ import annotations

import html
import re

from ._blocks import Block, Code, Figure, Formula, Heading, ListItem, Table


def _escape(text: str) -> str:
    return html.escape(text, quote=False)


def _escape_line_start(text: str) -> str:
    # A paragraph that starts like Markdown syntax would change meaning.
    if text[:1] in ("#", ">") or text[:2] in ("- ", "* ", "+ "):
        return "\\" + text
    return text


_MARKDOWN_MARKER = re.compile(r"[-*+]|\d{1,9}[.)]")


def _list_item(item: ListItem) -> str:
    # ListItem.marker keeps the printed glyph (•, ◦, a), (iv), ...); Markdown
    # knows only -, *, + and "1." / "1)", so other bullets become "-" and other
    # ordered labels stay visible after a "-".
    indent = "    " * item.depth
    text = _escape(item.text)
    if _MARKDOWN_MARKER.fullmatch(item.marker):
        return f"{indent}{item.marker} {text}"
    if item.ordered and item.marker.strip():
        return f"{indent}- {_escape(item.marker)} {text}"
    return f"{indent}- {text}"


def block_to_markdown(block: Block) -> str:
    """Render one block; empty string for blocks with nothing to show."""
    match block:
        case Heading():
            return "#" * block.level + " " + _escape(" ".join(block.text.split()))
        case ListItem():
            return _list_item(block)
        case Table():
            table = block.to_markdown()
            return f"{_escape(block.caption)}\n\n{table}" if block.caption else table
        case Figure():
            return (f"{_escape(block.text)}\n\n" if block.text else "") + "<!-- image -->"
        case Code():
            return f"```{block.language or ''}\n{block.text}\n```"
        case Formula():
            return f"$$\n{block.text}\n$$"
        case _:
            return _escape_line_start(_escape(block.text))
