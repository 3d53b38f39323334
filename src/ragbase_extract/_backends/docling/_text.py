"""Text of Docling items: plain and inline text, and list markers."""

from __future__ import annotations

import re
from typing import Any, Final

from ._base import WalkerBase

__all__ = ["TextWalker", "join_inline"]


class TextWalker(WalkerBase):
    """Reads the visible text of items (marking inline children as visited)."""

    def plain_text(self, item: Any) -> str:
        """The visible text of an item, with its inline children."""
        t = self.types
        if isinstance(item, t.InlineGroup):
            return self.inline_text(item)
        text = getattr(item, "text", "") or ""
        kids = list(self.children(item))
        if not text and len(kids) == 1 and isinstance(kids[0], t.InlineGroup):
            return self.inline_text(kids[0])
        return text

    def inline_text(self, group: Any) -> str:
        t = self.types
        pieces: list[str] = []
        self.visited.add(group.self_ref)
        for child in self.children(group):
            self.visited.add(child.self_ref)
            if isinstance(child, t.InlineGroup | t.TextItem):
                piece = self.plain_text(child)
            elif isinstance(child, t.GroupItem):
                piece = " ".join(self.plain_text(c) for c in self.children(child))
            else:
                piece = ""
            self.mark(child)
            if piece.strip():
                pieces.append(piece.strip())
        return join_inline(pieces)

    def list_marker(self, item: Any) -> tuple[str, bool]:
        """Docling's Markdown marker for a list item, and whether the list is ordered."""
        t = self.types
        original = (item.marker or "").strip()
        ordered = bool(item.enumerated)
        if original in ("-", "*", "+") or re.fullmatch(r"\d+\.", original):
            return original, ordered
        outer = "-"
        parent = item.parent.resolve(self.doc) if item.parent is not None else None
        if isinstance(parent, t.ListGroup) and not original:
            try:
                enumerated = parent.first_item_is_enumerated(self.doc)
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
