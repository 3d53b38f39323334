"""The base of the DoclingDocument walker: its state, tree moves, and geometry.

Docling's boxes are converted to top-left origin points; PowerPoint geometry is
in English Metric Units, and spreadsheets count cells, so they keep no boxes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any, Final

from ..._formats import Format
from ..._model import BBox, Block, Furniture, Provenance

__all__ = ["CELL_GEOMETRY", "EMU_PER_POINT", "WalkerBase"]

EMU_PER_POINT: Final = 12700
"""PowerPoint geometry is in English Metric Units."""

CELL_GEOMETRY: Final = frozenset({Format.XLSX, Format.ODS})
"""Formats whose Docling "bounding boxes" count cells, not points: no bbox kept."""


@dataclass
class WalkerBase:
    """The walk's state, its moves through the document tree, and where items sit."""

    doc: Any
    fmt: Format
    types: Any
    visited: set[str] = field(default_factory=set)
    body: list[Block] = field(default_factory=list)
    furniture: list[Furniture] = field(default_factory=list)
    satellites: set[str] = field(default_factory=set)
    title: str | None = None
    page_override: int | None = None
    slide_pages: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        t = self.types
        for item, _ in self.doc.iterate_items(
            with_groups=True,
            traverse_pictures=True,
            included_content_layers=set(t.ContentLayer),
        ):
            if isinstance(item, t.FloatingItem):
                self.satellites.update(ref.cref for ref in item.captions)
                self.satellites.update(ref.cref for ref in item.footnotes)

    # ------------------------------------------------------------------ geometry

    def prov(self, item: Any) -> Provenance:
        provs = getattr(item, "prov", None) or []
        if not provs:
            return Provenance(page=self.page_override)
        first = provs[0]
        page_no = first.page_no if isinstance(first.page_no, int) and first.page_no >= 1 else None
        if page_no is None or self.fmt in CELL_GEOMETRY:
            return Provenance(page=page_no)
        return Provenance(page=page_no, bbox=self.bbox(first.bbox, page_no))

    def bbox(self, box: Any, page_no: int) -> BBox | None:
        t = self.types
        page = self.doc.pages.get(page_no)
        if box.coord_origin == t.CoordOrigin.BOTTOMLEFT:
            if page is None:
                return None
            box = box.to_top_left_origin(page_height=page.size.height)
        scale = 1 / EMU_PER_POINT if self.fmt == Format.PPTX else 1.0
        x0, x1 = sorted((box.l * scale, box.r * scale))
        y0, y1 = sorted((box.t * scale, box.b * scale))
        if x0 == x1 == y0 == y1 == 0:
            return None  # Docling's placeholder for "no geometry" (speaker notes)
        return BBox(x0=round(x0, 2), y0=round(y0, 2), x1=round(x1, 2), y1=round(y1, 2))

    # ---------------------------------------------------------------------- tree

    def children(self, node: Any) -> Iterator[Any]:
        for ref in getattr(node, "children", None) or []:
            yield ref.resolve(self.doc)

    def mark(self, node: Any) -> None:
        """Mark a node and its whole subtree as done."""
        self.visited.add(node.self_ref)
        for child in self.children(node):
            self.mark(child)

    def group_prov(self, group: Any) -> Provenance:
        for child in self.children(group):
            prov = self.prov(child)
            if prov.page is not None:
                return Provenance(page=prov.page)
        return Provenance()
