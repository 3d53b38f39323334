"""Block kinds: a discriminated union on ``kind``."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import Field

from ._base import Frozen, Provenance
from ._table import Table

__all__ = [
    "Block",
    "Code",
    "Figure",
    "Formula",
    "Furniture",
    "Heading",
    "ListItem",
    "Paragraph",
    "Table",
    "check_box_item",
]

CHECK_BOX_GLYPHS = {"- [ ]": "☐", "- [x]": "☒"}
"""A check box item's marker and the glyph its ``text`` starts with."""


class Heading(Frozen):
    """A section heading, level 1 (top) to 6.

    .. versionadded:: 0.1
    """

    kind: Literal["heading"] = "heading"
    text: str
    level: int = Field(ge=1, le=6)
    prov: Provenance = Provenance()


class Paragraph(Frozen):
    """Running text: lines joined, hyphenation repaired, ligatures normalised.

    .. versionadded:: 0.1
    """

    kind: Literal["paragraph"] = "paragraph"
    text: str
    prov: Provenance = Provenance()


class ListItem(Frozen):
    """One list entry. ``depth`` 0 is the outermost list; ``marker`` is as printed.

    A check box item has the marker ``"- [ ]"`` or ``"- [x]"`` (a GitHub task
    list item, as Docling writes it) and its ``text`` starts with ``☐`` or
    ``☒``, so that ``Document.text`` and chunks keep the box's state;
    ``Document.to_markdown()`` writes the marker instead of the glyph.

    .. versionadded:: 0.1
    """

    kind: Literal["list_item"] = "list_item"
    text: str
    depth: int = Field(default=0, ge=0)
    marker: str = "-"
    ordered: bool = False
    prov: Provenance = Provenance()


def check_box_item(
    text: str, *, checked: bool, depth: int = 0, prov: Provenance | None = None
) -> ListItem:
    """A check box list item: its marker, and its state as the first glyph of its text."""
    marker = "- [x]" if checked else "- [ ]"
    glyph = CHECK_BOX_GLYPHS[marker]
    body = text.strip()
    body = body if body.startswith(glyph) else f"{glyph} {body}".rstrip()
    return ListItem(text=body, depth=depth, marker=marker, prov=prov or Provenance())


class Figure(Frozen):
    """A picture or chart. ``text`` is its caption, or empty.

    .. versionadded:: 0.1
    """

    kind: Literal["figure"] = "figure"
    text: str = ""
    caption: str | None = None
    prov: Provenance = Provenance()


class Code(Frozen):
    """Preformatted source code; line breaks are kept.

    .. versionadded:: 0.1
    """

    kind: Literal["code"] = "code"
    text: str
    language: str | None = None
    prov: Provenance = Provenance()


class Formula(Frozen):
    """A mathematical formula, as LaTeX where the backend has it, else as text.

    .. versionadded:: 0.1
    """

    kind: Literal["formula"] = "formula"
    text: str
    prov: Provenance = Provenance()


class Furniture(Frozen):
    """Page furniture: running headers, footers, page numbers.

    Kept for completeness, but outside ``Document.text`` and ``to_markdown()`` by
    default, and never chunked.

    .. versionadded:: 0.1
    """

    kind: Literal["furniture"] = "furniture"
    text: str
    role: Literal["header", "footer", "page_number", "other"] = "other"
    prov: Provenance = Provenance()


Block = Annotated[
    Heading | Paragraph | ListItem | Table | Figure | Code | Formula | Furniture,
    Field(discriminator="kind"),
]
"""Any block; ``block.kind`` tells which."""
