"""Furniture: page headers and footers, footnotes, notes; and where they go.

Items outside the body content layer, and items labelled as page headers,
footers or footnotes, become :class:`~ragbase_extract.Furniture`, placed next to
the body blocks of their page.
"""

from __future__ import annotations

import warnings
from typing import Any, Final, Literal

from ..._model import Block, Furniture
from ._floating import FloatingWalker

__all__ = [
    "FURNITURE_LABELS",
    "FurnitureRole",
    "FurnitureWalker",
    "furniture_role",
    "place_furniture",
]

FURNITURE_LABELS: Final = frozenset({"page_header", "page_footer", "footnote"})
"""Docling labels that mark furniture whatever the content layer (compared by value)."""

FurnitureRole = Literal["header", "footer", "page_number", "other"]


class FurnitureWalker(FloatingWalker):
    """Collects furniture items, from the body tree and the separate furniture tree."""

    def add_furniture(self, item: Any, role: FurnitureRole) -> None:
        t = self.types
        self.visited.add(item.self_ref)
        if isinstance(item, t.TableItem):
            table = self.table_from_data(item.data, None, self.prov(item))
            if table is not None and table.text:
                self.furniture.append(Furniture(text=table.text, role=role, prov=table.prov))
            self.mark(item)
            return
        if isinstance(item, t.TextItem | t.InlineGroup):
            text = self.plain_text(item).strip()
            if isinstance(item, t.TitleItem) and text:
                self.title = self.title or " ".join(text.split())  # HTML <title>
            if text:
                if role != "page_number" and item.label == t.DocItemLabel.PAGE_FOOTER:
                    role = "footer"
                elif role != "page_number" and item.label == t.DocItemLabel.PAGE_HEADER:
                    role = "header"
                self.furniture.append(Furniture(text=text, role=role, prov=self.prov(item)))
            if isinstance(item, t.InlineGroup):
                self.mark(item)
                return
        for child in self.children(item):
            if child.self_ref not in self.visited:
                self.add_furniture(child, role)

    def furniture_tree(self) -> None:
        with warnings.catch_warnings():  # the separate furniture tree is deprecated
            warnings.simplefilter("ignore", DeprecationWarning)
            furniture_root = getattr(self.doc, "furniture", None)
        if furniture_root is None:
            return
        for child in self.children(furniture_root):
            if child.self_ref not in self.visited:
                self.visited.add(child.self_ref)
                self.add_furniture(child, furniture_role(child, self.doc, self.types))


def furniture_role(item: Any, doc: Any, t: Any) -> FurnitureRole:
    """The furniture role of an item, from its label or the names of its groups."""
    node = item
    while node is not None:
        label = getattr(node, "label", None)
        if label == t.DocItemLabel.PAGE_HEADER:
            return "header"
        if label == t.DocItemLabel.PAGE_FOOTER:
            return "footer"
        name = (getattr(node, "name", "") or "").lower()
        if "header" in name:
            return "header"
        if "footer" in name:
            return "footer"
        parent = getattr(node, "parent", None)
        node = parent.resolve(doc) if parent is not None else None
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
