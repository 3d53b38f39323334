"""Text of Docling items: plain and inline text, and list markers. Reading only.

None of these functions records anything as consumed: a caller that emits an
item's text marks what it used (:meth:`TextReader.inline_part` names the inline
group that stands for an item's text).
"""

from __future__ import annotations

import re
from typing import Final

from docling_core.types.doc import GroupItem, InlineGroup, ListGroup, ListItem, NodeItem, TextItem

from ._tree import Tree

__all__ = ["TextReader", "join_inline"]


class TextReader:
    """Reads the visible text of items in one document."""

    def __init__(self, tree: Tree) -> None:
        self._tree = tree

    def inline_part(self, item: NodeItem) -> InlineGroup | None:
        """The inline group that holds the item's text: itself, or its only child."""
        if isinstance(item, InlineGroup):
            return item
        if getattr(item, "text", "") or "":
            return None
        kids = list(self._tree.children(item))
        if len(kids) == 1 and isinstance(kids[0], InlineGroup):
            return kids[0]
        return None

    def plain_text(self, item: NodeItem) -> str:
        """The visible text of an item, with its inline children."""
        group = self.inline_part(item)
        if group is not None:
            return self.inline_text(group)
        return str(getattr(item, "text", "") or "")

    def inline_text(self, group: NodeItem) -> str:
        """The runs of an inline group joined as one line of text."""
        pieces: list[str] = []
        for child in self._tree.children(group):
            if isinstance(child, InlineGroup | TextItem):
                piece = self.plain_text(child)
            elif isinstance(child, GroupItem):
                piece = " ".join(self.plain_text(c) for c in self._tree.children(child))
            else:
                piece = ""
            if piece.strip():
                pieces.append(piece.strip())
        return join_inline(pieces)

    def list_marker(self, item: ListItem) -> tuple[str, bool]:
        """Docling's Markdown marker for a list item, and whether the list is ordered."""
        original = (item.marker or "").strip()
        ordered = bool(item.enumerated)
        if original in ("-", "*", "+") or re.fullmatch(r"\d+\.", original):
            return original, ordered
        outer = "-"
        parent = self._tree.parent(item)
        if isinstance(parent, ListGroup) and not original:
            try:
                enumerated = parent.first_item_is_enumerated(self._tree.doc)
            except Exception:  # pragma: no cover - defensive against old docling-core
                enumerated = ordered
            if enumerated:
                position = next(
                    (i for i, ref in enumerate(parent.children) if ref.cref == item.self_ref), 0
                )
                outer = f"{position + 1}."
                ordered = True
        if original and any(ch.isalnum() for ch in original):
            return f"{outer} {original}", ordered or original[:1].isalnum()
        return outer, ordered


_NO_SPACE_BEFORE: Final = (".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "\u2019")
_NO_SPACE_AFTER: Final = ("(", "[", "{", "/", "\u2018")


def join_inline(pieces: list[str]) -> str:
    """Join inline runs with spaces, but not before closing punctuation or after opening.

    Docling's own Markdown puts a space between every run ("Some *text* ."); the
    runs' plain text reads better without one where punctuation follows.
    """
    out = ""
    for piece in pieces:
        if out and not piece.startswith(_NO_SPACE_BEFORE) and not out.endswith(_NO_SPACE_AFTER):
            out += " "
        out += piece
    return out
