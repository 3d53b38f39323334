"""Notebook displays: what Jupyter shows for a Document or a Table.

A document's pydantic repr runs to hundreds of kilobytes; a notebook user wants
to see what was extracted: a summary (source, pages, block counts, pages that
need OCR) and the first blocks, rendered.
"""

from __future__ import annotations

import html
from collections import Counter
from typing import TYPE_CHECKING

from ._blocks import Block, Code, Figure, Formula, Furniture, Heading, ListItem, Table
from ._markdown import block_to_markdown

if TYPE_CHECKING:
    from ._document import Document

__all__ = ["document_html", "document_markdown"]

FIRST_BLOCKS = 12
"""At most this many blocks are shown after the summary."""
MAX_CHARS = 4000
"""Blocks stop being added once the shown text passes this many characters."""


def _summary(doc: Document) -> list[tuple[str, str]]:
    source = doc.source
    rows = [
        ("source", f"{source.name or '(bytes)'} ({source.format}, {source.size:,} bytes)"),
        ("backend", doc.backend),
        ("pages", str(len(doc.pages))),
    ]
    if doc.metadata.title:
        rows.append(("title", doc.metadata.title))
    counts = Counter(block.kind for block in doc.blocks)
    rows.append(("blocks", ", ".join(f"{n} {kind}" for kind, n in counts.most_common()) or "none"))
    ocr = [str(page.number) for page in doc.pages if page.needs_ocr]
    if ocr:
        rows.append(("needs OCR", "pages " + ", ".join(ocr)))
    return rows


def _shown(doc: Document) -> tuple[list[Block], int]:
    """The first body blocks to show, and how many blocks are left out."""
    body = [b for b in doc.blocks if not isinstance(b, Furniture) and b.text]
    shown: list[Block] = []
    chars = 0
    for block in body[:FIRST_BLOCKS]:
        if shown and chars + len(block.text) > MAX_CHARS:
            break
        shown.append(block)
        chars += len(block.text)
    return shown, len(body) - len(shown)


def document_markdown(doc: Document) -> str:
    """A Markdown summary of ``doc`` followed by its first blocks."""
    lines = [f"- **{label}**: {value}" for label, value in _summary(doc)]
    shown, rest = _shown(doc)
    parts = ["\n".join(lines), *(block_to_markdown(b) for b in shown)]
    if rest:
        parts.append(f"*... {rest} more blocks; `to_markdown()` renders them all.*")
    return "\n\n".join(parts) + "\n"


def _block_html(block: Block) -> str:
    text = html.escape(block.text, quote=False)
    match block:
        case Heading():
            return f"<h{block.level}>{text}</h{block.level}>"
        case ListItem():
            marker = html.escape(block.marker or "-", quote=False)
            return f'<p style="margin-left:{1.5 * (block.depth + 1)}em">{marker} {text}</p>'
        case Table():
            return block.to_html()
        case Code() | Formula():
            return f"<pre>{text}</pre>"
        case Figure():
            return f"<figure><figcaption>{text}</figcaption></figure>"
        case _:
            return f"<p>{text}</p>"


def document_html(doc: Document) -> str:
    """An HTML summary of ``doc`` followed by its first blocks."""
    rows = "".join(
        f'<tr><th style="text-align:left">{html.escape(label)}</th>'
        f'<td style="text-align:left">{html.escape(value)}</td></tr>'
        for label, value in _summary(doc)
    )
    shown, rest = _shown(doc)
    parts = [f"<div><table>{rows}</table>", *(_block_html(b) for b in shown)]
    if rest:
        parts.append(f"<p><em>... {rest} more blocks; to_markdown() renders them all.</em></p>")
    return "".join(parts) + "</div>"
