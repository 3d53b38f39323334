"""Where Docling items sit: provenance with page numbers and top-left boxes in points.

Docling's boxes are converted to top-left origin points; PowerPoint geometry is
in English Metric Units, and spreadsheets count cells, so they keep no boxes.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Final

from docling_core.types.doc import BoundingBox, CoordOrigin, DoclingDocument, NodeItem

from ..._formats import Format
from ..._model import BBox, Page, Provenance

__all__ = ["CELL_GEOMETRY", "EMU_PER_POINT", "Geometry"]

EMU_PER_POINT: Final = 12700
"""PowerPoint geometry is in English Metric Units."""

CELL_GEOMETRY: Final = frozenset({Format.XLSX, Format.ODS})
"""Formats whose Docling "bounding boxes" count cells, not points: no bbox kept."""


@dataclass(frozen=True)
class Geometry:
    """Provenance of items and sizes of pages, for one document of one format."""

    doc: DoclingDocument
    fmt: Format

    @property
    def _scale(self) -> float:
        return 1 / EMU_PER_POINT if self.fmt == Format.PPTX else 1.0

    def prov(self, item: NodeItem, page: int | None = None) -> Provenance:
        """Where ``item`` sits; ``page`` stands in when Docling records no provenance."""
        provs = getattr(item, "prov", None) or []
        if not provs:
            return Provenance(page=page)
        first = provs[0]
        page_no = first.page_no if isinstance(first.page_no, int) and first.page_no >= 1 else None
        if page_no is None or self.fmt in CELL_GEOMETRY:
            return Provenance(page=page_no)
        return Provenance(page=page_no, bbox=self._bbox(first.bbox, page_no))

    def _bbox(self, box: BoundingBox, page_no: int) -> BBox | None:
        page = self.doc.pages.get(page_no)
        if box.coord_origin == CoordOrigin.BOTTOMLEFT:
            if page is None:
                return None
            box = box.to_top_left_origin(page_height=page.size.height)
        x0, x1 = sorted((box.l * self._scale, box.r * self._scale))
        y0, y1 = sorted((box.t * self._scale, box.b * self._scale))
        if x0 == x1 == y0 == y1 == 0:
            return None  # Docling's placeholder for "no geometry" (speaker notes)
        return BBox(x0=round(x0, 2), y0=round(y0, 2), x1=round(x1, 2), y1=round(y1, 2))

    def group_prov(self, children: list[NodeItem], page: int | None = None) -> Provenance:
        """A group's provenance: the page of its first child that has one, no box."""
        for child in children:
            prov = self.prov(child, page)
            if prov.page is not None:
                return Provenance(page=prov.page)
        return Provenance()

    def pages(self) -> list[Page]:
        """The document's pages with their sizes in points (none for cell geometry)."""
        pages = []
        geometry = self.fmt not in CELL_GEOMETRY
        for number in sorted(self.doc.pages):
            if not isinstance(number, int) or number < 1:
                continue
            size = self.doc.pages[number].size
            width = max(float(size.width) * self._scale, 0.0) if geometry else 0.0
            height = max(float(size.height) * self._scale, 0.0) if geometry else 0.0
            pages.append(Page(number=number, width=round(width, 2), height=round(height, 2)))
        return pages
