"""Markdown rendering of single blocks (Docling-like conventions)."""

from __future__ import annotations

from ._blocks import Block, Code, Figure, Formula, Heading, ListItem, Table


def _escape_line_start(text: str) -> str:
    # A paragraph that starts like Markdown syntax would change meaning.
    if text[:1] in ("#", ">") or text[:2] in ("- ", "* ", "+ "):
        return "\\" + text
    return text


def block_to_markdown(block: Block) -> str:
    """Render one block; empty string for blocks with nothing to show."""
    match block:
        case Heading():
            return "#" * block.level + " " + " ".join(block.text.split())
        case ListItem():
            return f"{'    ' * block.depth}{block.marker} {block.text}"
        case Table():
            return (
                f"{block.caption}\n\n{block.to_markdown()}"
                if block.caption
                else block.to_markdown()
            )
        case Figure():
            return "<!-- image -->" + (f"\n\n{block.text}" if block.text else "")
        case Code():
            return f"```{block.language or ''}\n{block.text}\n```"
        case Formula():
            return f"$$\n{block.text}\n$$"
        case _:
            return _escape_line_start(block.text)
