"""Furniture: page headers and footers, footnotes, notes; and where they go.

Items outside the body content layer, and items labelled as page headers,
footers or footnotes, become :class:`~ragbase_extract.Furniture`, placed next to
the body blocks of their page.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Final, Literal

from docling_core.types.doc import (
    DocItemLabel,
    InlineGroup,
    NodeItem,
    TableItem,
    TextItem,
    TitleItem,
)

from ..._model import Block, Furniture
from ._floating import Floating
from ._geometry import Geometry
from ._text import TextReader
from ._tree import Tree

__all__ = [
    "FURNITURE_LABELS",
    "FurnitureFound",
    "FurnitureReader",
    "FurnitureRole",
    "furniture_role",
    "place_furniture",
]

FURNITURE_LABELS: Final = frozenset({"page_header", "page_footer", "footnote"})
"""Docling labels that mark furniture whatever the content layer (compared by value)."""

FurnitureRole = Literal["header", "footer", "page_number", "other"]


@dataclass
class FurnitureFound:
    """What one furniture subtree gave: its blocks, and an HTML ``<title>`` if it held one."""

    blocks: list[Furniture] = field(default_factory=list)
    title: str | None = None


class FurnitureReader:
    """Reads furniture subtrees, from the body tree and from the separate furniture tree."""

    def __init__(self, tree: Tree, text: TextReader, floating: Floating, geometry: Geometry):
        self._tree = tree
        self._text = text
        self._floating = floating
        self._geometry = geometry

    def read(self, item: NodeItem, role: FurnitureRole, page: int | None) -> FurnitureFound:
        """The furniture in ``item``'s subtree (consumed by the walk as it is read)."""
        found = FurnitureFound()
        self._read(item, role, page, found)
        return found

    def _read(
        self, item: NodeItem, role: FurnitureRole, page: int | None, found: FurnitureFound
    ) -> None:
        self._tree.take(item)
        prov = self._geometry.prov(item, page)
        if isinstance(item, TableItem):
            table = self._floating.table(item.data, None, prov)
            if table is not None and table.text:
                found.blocks.append(Furniture(text=table.text, role=role, prov=table.prov))
            self._tree.mark(item)
            return
        if isinstance(item, TextItem | InlineGroup):
            text = self._text.plain_text(item).strip()
            inline = self._text.inline_part(item)
            if inline is not None:
                self._tree.mark(inline)
            if isinstance(item, TitleItem) and text:
                found.title = found.title or " ".join(text.split())  # HTML <title>
            if text:
                role = _role(item, role)  # and for its children, as Docling nests them
                found.blocks.append(Furniture(text=text, role=role, prov=prov))
            if isinstance(item, InlineGroup):
                return
        for child in self._tree.children(item):
            if not self._tree.seen(child):
                self._read(child, role, page, found)

    def furniture_tree(self) -> FurnitureFound:
        """The furniture in Docling's separate (deprecated) furniture tree not yet consumed."""
        found = FurnitureFound()
        with warnings.catch_warnings():  # the separate furniture tree is deprecated
            warnings.simplefilter("ignore", DeprecationWarning)
            furniture_root = getattr(self._tree.doc, "furniture", None)
        if furniture_root is None:
            return found
        for child in self._tree.children(furniture_root):
            if not self._tree.seen(child):
                self._tree.take(child)
                role = furniture_role(child, self._tree)
                self._read(child, role, None, found)
        return found


def _role(item: NodeItem, role: FurnitureRole) -> FurnitureRole:
    label = getattr(item, "label", None)
    if role != "page_number" and label == DocItemLabel.PAGE_FOOTER:
        return "footer"
    if role != "page_number" and label == DocItemLabel.PAGE_HEADER:
        return "header"
    return role


def furniture_role(item: NodeItem, tree: Tree) -> FurnitureRole:
    """The furniture role of an item, from its label or the names of its groups."""
    node: NodeItem | None = item
    while node is not None:
        label = getattr(node, "label", None)
        if label == DocItemLabel.PAGE_HEADER:
            return "header"
        if label == DocItemLabel.PAGE_FOOTER:
            return "footer"
        name = (getattr(node, "name", "") or "").lower()
        if "header" in name:
            return "header"
        if "footer" in name:
            return "footer"
        node = tree.parent(node)
    return "other"


def place_furniture(body: list[Block], furniture: list[Furniture]) -> list[Block]:
    """Headers before the first body block of their page, the rest after its last."""
    if not furniture:
        return body
    if all(f.prov.page is None for f in furniture):
        headers = [f for f in furniture if f.role == "header"]
        rest = [f for f in furniture if f.role != "header"]
        return [*headers, *body, *rest]
    pending_head: dict[int | None, list[Furniture]] = {}
    pending_tail: dict[int | None, list[Furniture]] = {}
    for f in furniture:
        target = pending_head if f.role == "header" else pending_tail
        target.setdefault(f.prov.page, []).append(f)
    out: list[Block] = list(pending_head.pop(None, []))
    current: int | None = None
    for block in body:
        page = block.prov.page
        if page is not None and page != current:
            if current is not None:
                out.extend(pending_tail.pop(current, []))
            for earlier in sorted(p for p in pending_head if p is not None and p <= page):
                out.extend(pending_head.pop(earlier))
            current = page
        out.append(block)
    if current is not None:
        out.extend(pending_tail.pop(current, []))
    for page in sorted(p for p in pending_head if p is not None):
        out.extend(pending_head.pop(page))
    for page in sorted(p for p in pending_tail if p is not None):
        out.extend(pending_tail.pop(page))
    out.extend(pending_tail.pop(None, []))
    return out
