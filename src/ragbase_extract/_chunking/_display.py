"""Notebook displays of chunks: short Markdown and HTML summaries.

Jupyter and other notebook front ends call ``_repr_markdown_`` / ``_repr_html_``
when a value is the last expression of a cell; these show what a chunk is (size,
pages, heading path, a bit of its text) rather than the whole field dump.
"""

from __future__ import annotations

import html
import statistics
from collections.abc import Iterable, Sequence
from typing import Protocol


class Chunk(Protocol):
    """What a display reads of a :class:`~ragbase_extract.Chunk` (no import of the
    model here: the model imports this module)."""

    @property
    def id(self) -> str: ...
    @property
    def text(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def token_count(self) -> int: ...
    @property
    def pages(self) -> tuple[int, ...]: ...
    @property
    def heading_path(self) -> tuple[str, ...]: ...
    @property
    def oversized(self) -> bool: ...


__all__ = ["chunk_html", "chunk_markdown", "chunks_html", "chunks_markdown"]

_PREVIEW = 300  # characters of a chunk's text shown for one chunk
_CELL = 80  # characters of text in a table row
_ROWS = 20  # rows shown for a list of chunks


def _short(text: str, limit: int) -> str:
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _pages(chunk: Chunk) -> str:
    if not chunk.pages:
        return "–"
    first, last = chunk.pages[0], chunk.pages[-1]
    return str(first) if first == last else f"{first}–{last}"


def _facts(chunk: Chunk) -> list[str]:
    pages = _pages(chunk)
    facts = [
        f"{chunk.token_count} tokens",
        f"page {pages}" if pages.isdigit() else f"pages {pages}",
    ]
    facts.append(f"chars {chunk.start}–{chunk.end}")
    if chunk.oversized:
        facts.append("oversized")
    return facts


def _md_escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("*", "\\*").replace("_", "\\_")


def chunk_markdown(chunk: Chunk) -> str:
    """One chunk as Markdown: its id, size, pages, heading path, then its text."""
    path = " › ".join(chunk.heading_path) or "(no heading)"
    lines = [
        f"**Chunk** `{chunk.id[:12]}` · {' · '.join(_facts(chunk))}",
        "",
        f"*{_md_escape(path)}*",
        "",
        "> " + _md_escape(_short(chunk.text, _PREVIEW)),
    ]
    return "\n".join(lines)


def chunk_html(chunk: Chunk) -> str:
    """One chunk as HTML (the same content as :func:`chunk_markdown`)."""
    path = " › ".join(chunk.heading_path) or "(no heading)"
    return (
        f"<div><b>Chunk</b> <code>{chunk.id[:12]}</code> · {html.escape(' · '.join(_facts(chunk)))}"
        f"<br><i>{html.escape(path)}</i>"
        f"<blockquote>{html.escape(_short(chunk.text, _PREVIEW))}</blockquote></div>"
    )


def _summary(chunks: Sequence[Chunk]) -> str:
    if not chunks:
        return "0 chunks"
    counts = [c.token_count for c in chunks]
    oversized = sum(c.oversized for c in chunks)
    text = (
        f"{len(chunks)} chunks · tokens min {min(counts)}, median "
        f"{statistics.median(counts):g}, max {max(counts)}"
    )
    return text + (f" · {oversized} oversized" if oversized else "")


def _rows(chunks: Sequence[Chunk]) -> Iterable[tuple[str, ...]]:
    for number, c in enumerate(chunks[:_ROWS]):
        yield (
            str(number),
            str(c.token_count),
            _pages(c),
            " › ".join(c.heading_path),
            _short(c.text, _CELL),
        )


_HEAD = ("#", "tokens", "pages", "heading path", "text")


def chunks_markdown(chunks: Sequence[Chunk]) -> str:
    """A list of chunks as Markdown: a summary line and a table of the first rows."""
    lines = [f"**{_summary(chunks)}**"]
    if chunks:
        lines += ["", "| " + " | ".join(_HEAD) + " |", "|---:|---:|---|---|---|"]
        lines += ["| " + " | ".join(map(_md_escape, row)) + " |" for row in _rows(chunks)]
        if len(chunks) > _ROWS:
            lines += ["", f"… and {len(chunks) - _ROWS} more"]
    return "\n".join(lines)


def chunks_html(chunks: Sequence[Chunk]) -> str:
    """A list of chunks as HTML (the same content as :func:`chunks_markdown`)."""
    parts = [f"<div><b>{html.escape(_summary(chunks))}</b>"]
    if chunks:
        head = "".join(f"<th>{cell}</th>" for cell in _HEAD)
        body = "".join(
            "<tr>" + "".join(f"<td>{html.escape(cell)}</td>" for cell in row) + "</tr>"
            for row in _rows(chunks)
        )
        parts.append(f"<table><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table>")
        if len(chunks) > _ROWS:
            parts.append(f"<p>… and {len(chunks) - _ROWS} more</p>")
    return "".join(parts) + "</div>"
