"""Mapping a ``DoclingDocument`` onto our blocks, pages and metadata.

The walk mirrors Docling's own Markdown serializer (``docling_core``'s
``MarkdownDocSerializer``) so that ``Document.to_markdown()`` reads like
``DoclingDocument.export_to_markdown()``:

* reading order is the document tree's order; a node's children follow it;
* ``TitleItem`` is heading level 1 and ``SectionHeaderItem`` level ``n`` is
  level ``n + 1`` (capped at 6), as Docling prints them;
* list depth is the number of enclosing list groups minus one; markers follow
  Docling's (``-``, ``1.``, or the original marker where it is informative);
* inline groups (runs of differently formatted text) become one paragraph;
* captions go with their table or figure, not into the running text;
* items outside the body content layer (page headers and footers, footnotes,
  speaker notes, comments) become :class:`Furniture`, placed next to the body
  blocks of their page.

Only attribute access on Docling objects happens here; the imports of
``docling_core`` are local to :func:`to_blocks`, so this module is cheap.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any, Final, Literal

from ..._formats import Format
from ..._model import (
    BBox,
    Block,
    Code,
    Figure,
    Formula,
    Furniture,
    Heading,
    ListItem,
    Page,
    Paragraph,
    Provenance,
    Table,
    TableCell,
)

__all__ = ["Mapped", "to_blocks"]

EMU_PER_POINT: Final = 12700
"""PowerPoint geometry is in English Metric Units."""

_CELL_GEOMETRY: Final = frozenset({Format.XLSX, Format.ODS})
"""Formats whose Docling "bounding boxes" count cells, not points: no bbox kept."""

_FURNITURE_LABELS: Final = frozenset({"page_header", "page_footer", "footnote"})
"""Docling labels that mark furniture whatever the content layer (compared by value)."""

FurnitureRole = Literal["header", "footer", "page_number", "other"]


@dataclass
class Mapped:
    """The blocks and pages of one Docling document."""

    blocks: list[Block]
    pages: list[Page]
    title: str | None = None


@dataclass
class _Walker:
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
        if page_no is None or self.fmt in _CELL_GEOMETRY:
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

    # ---------------------------------------------------------------------- walk

    def children(self, node: Any) -> Iterator[Any]:
        for ref in getattr(node, "children", None) or []:
            yield ref.resolve(self.doc)

    def walk(self, node: Any, lists: int) -> None:
        for child in self.children(node):
            self.visit(child, lists)

    def mark(self, node: Any) -> None:
        """Mark a node and its whole subtree as done."""
        self.visited.add(node.self_ref)
        for child in self.children(node):
            self.mark(child)

    def visit(self, item: Any, lists: int) -> None:
        t = self.types
        if item.self_ref in self.visited:
            return
        self.visited.add(item.self_ref)
        layer = item.content_layer
        if layer != t.ContentLayer.BODY:
            if layer in (t.ContentLayer.FURNITURE, t.ContentLayer.NOTES):
                self.add_furniture(item, _role_of(item, self.doc, t))
            else:
                self.mark(item)  # invisible / background: hidden sheets, slides
            return
        label = getattr(item, "label", None)
        if isinstance(item, t.DocItem) and label in _FURNITURE_LABELS:
            # Page headers and footers found by a layout model may sit in the body
            # layer; footnotes are outside Docling's Markdown export too.
            self.add_furniture(item, _role_of(item, self.doc, t))
            return
        if item.self_ref in self.satellites:
            self.mark(item)  # emitted with the table or figure that owns it
            return
        if isinstance(item, t.ListGroup):
            self.walk(item, lists + 1)
        elif isinstance(item, t.InlineGroup):
            text = self.inline_text(item)
            parent = item.parent.resolve(self.doc) if item.parent is not None else None
            previous = self.body[-1] if self.body else None
            if text and isinstance(parent, t.ListGroup) and isinstance(previous, ListItem):
                # Docling continues the previous list item with a run of inline text.
                merged = _join_inline([previous.text, text])
                self.body[-1] = previous.model_copy(update={"text": merged})
            elif text:
                self.emit_text_block(item, text, lists, inline=True)
        elif isinstance(item, t.TableItem):
            self.add_table(item)
            self.mark(item)
        elif isinstance(item, t.PictureItem):
            self.add_picture(item)
            self.mark(item)
        elif isinstance(item, t.TextItem):
            self.add_text(item, lists)
            self.walk(item, lists)
        elif isinstance(item, t.GroupItem):
            if item.label == t.GroupLabel.SHEET and self.fmt in _CELL_GEOMETRY:
                name = _sheet_name(item.name)
                if name:
                    self.body.append(Heading(text=name, level=2, prov=self.group_prov(item)))
            if not self.doc.pages and _is_slide(item, t):
                # Docling's ODP reader records slides as groups without provenance:
                # number them, so that slides are pages as for PPTX.
                number = len(self.slide_pages) + 1
                self.slide_pages.append(number)
                outer, self.page_override = self.page_override, number
                self.walk(item, lists)
                self.page_override = outer
            else:
                self.walk(item, lists)
        else:
            # Key-value and form regions: Docling prints a placeholder comment for
            # them; their text items, if any, are still walked.
            self.walk(item, lists)

    def group_prov(self, group: Any) -> Provenance:
        for child in self.children(group):
            prov = self.prov(child)
            if prov.page is not None:
                return Provenance(page=prov.page)
        return Provenance()

    # --------------------------------------------------------------------- texts

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
        return _join_inline(pieces)

    def add_text(self, item: Any, lists: int) -> None:
        t = self.types
        kids = list(self.children(item))
        if not item.text and len(kids) == 1 and isinstance(kids[0], t.InlineGroup):
            text = self.inline_text(kids[0])
        else:
            text = item.text or ""
        if isinstance(item, t.CodeItem):
            if text.strip():
                language = _code_language(item)
                self.body.append(Code(text=text, language=language, prov=self.prov(item)))
                self.add_captions(item)
            return
        if isinstance(item, t.FormulaItem):
            if text.strip():
                self.body.append(Formula(text=text.strip(), prov=self.prov(item)))
                self.add_captions(item)
            return
        if not text.strip():
            return
        self.emit_text_block(item, text, lists, inline=False)

    def emit_text_block(self, item: Any, text: str, lists: int, *, inline: bool) -> None:
        t = self.types
        prov = self.prov(item) if not inline else self.group_prov(item)
        if isinstance(item, t.TitleItem):
            heading = " ".join(text.split())
            self.title = self.title or heading
            self.body.append(Heading(text=heading, level=1, prov=prov))
        elif isinstance(item, t.SectionHeaderItem):
            level = min(max(int(item.level), 1) + 1, 6)
            self.body.append(Heading(text=" ".join(text.split()), level=level, prov=prov))
        elif isinstance(item, t.ListItem):
            marker, ordered = self.list_marker(item)
            self.body.append(
                ListItem(
                    text=text.strip(),
                    depth=max(lists - 1, 0),
                    marker=marker,
                    ordered=ordered,
                    prov=prov,
                )
            )
        elif getattr(item, "label", None) == t.DocItemLabel.CHECKBOX_SELECTED:
            self.body.append(
                ListItem(text=text.strip(), depth=max(lists - 1, 0), marker="- [x]", prov=prov)
            )
        elif getattr(item, "label", None) == t.DocItemLabel.CHECKBOX_UNSELECTED:
            self.body.append(
                ListItem(text=text.strip(), depth=max(lists - 1, 0), marker="- [ ]", prov=prov)
            )
        else:
            self.body.append(Paragraph(text=text.strip("\n"), prov=prov))

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

    # ----------------------------------------------------------- floating items

    def caption(self, item: Any) -> str | None:
        t = self.types
        texts: list[str] = []
        for ref in getattr(item, "captions", None) or []:
            cap = ref.resolve(self.doc)
            if isinstance(cap, t.TextItem) and cap.content_layer == t.ContentLayer.BODY:
                extra = [self.plain_text(c) for c in self.children(cap)]
                text = " ".join(p for p in [cap.text, *extra] if p and p.strip())
                if text.strip():
                    texts.append(" ".join(text.split()))
            self.mark(cap)
        return " ".join(texts) or None

    def add_captions(self, item: Any) -> None:
        """Captions of code and formulas follow them, as a paragraph (Docling's order)."""
        caption = self.caption(item)
        if caption:
            self.body.append(Paragraph(text=caption, prov=self.prov(item)))

    def table_from_data(self, data: Any, caption: str | None, prov: Provenance) -> Table | None:
        t = self.types
        seen: set[tuple[int, int]] = set()
        cells: list[TableCell] = []
        for cell in data.table_cells:
            row, col = int(cell.start_row_offset_idx), int(cell.start_col_offset_idx)
            if row < 0 or col < 0 or (row, col) in seen:
                continue
            seen.add((row, col))
            if isinstance(cell, t.RichTableCell):
                try:
                    node = cell.ref.resolve(self.doc)
                    text = self.rich_text(node)
                except Exception:  # pragma: no cover - dangling reference
                    text = cell.text or ""
            else:
                text = cell.text or ""
            row_span = max(int(cell.end_row_offset_idx) - row, int(cell.row_span or 1), 1)
            col_span = max(int(cell.end_col_offset_idx) - col, int(cell.col_span or 1), 1)
            cells.append(
                TableCell(
                    row=row,
                    col=col,
                    text=" ".join(text.split()),
                    row_span=row_span,
                    col_span=col_span,
                    header=bool(cell.column_header or cell.row_header),
                )
            )
        if not cells:
            return None
        return Table.from_cells(cells, caption=caption, prov=prov)

    def rich_text(self, node: Any) -> str:
        t = self.types
        if isinstance(node, t.TableItem):
            return " ".join(" ".join(c.text.split()) for c in node.data.table_cells if c.text)
        pieces: list[str] = []
        text = self.plain_text(node) if isinstance(node, t.TextItem | t.InlineGroup) else ""
        if text:
            pieces.append(text)
        label = getattr(node, "label", None)
        if text and label == t.DocItemLabel.CHECKBOX_SELECTED:
            pieces[-1] = f"- [x] {text}"
        elif text and label == t.DocItemLabel.CHECKBOX_UNSELECTED:
            pieces[-1] = f"- [ ] {text}"
        elif text and isinstance(node, t.ListItem):
            pieces[-1] = f"{self.list_marker(node)[0]} {text}"  # as Docling prints a cell list
        if not isinstance(node, t.InlineGroup):
            for child in self.children(node):
                inline_repr = isinstance(node, t.TextItem) and not node.text
                if isinstance(child, t.InlineGroup) and inline_repr:
                    continue
                piece = self.rich_text(child)
                if piece:
                    pieces.append(piece)
        return " ".join(pieces)

    def add_table(self, item: Any) -> None:
        table = self.table_from_data(item.data, self.caption(item), self.prov(item))
        if table is not None:
            self.body.append(table)

    def add_picture(self, item: Any) -> None:
        prov = self.prov(item)
        caption = self.caption(item)
        # Without a caption, the picture's description or its classification
        # (Docling prints both after the image) is the best text it has.
        text = caption or _picture_description(item)
        self.body.append(Figure(text=text or "", caption=caption, prov=prov))
        for data in _chart_tables(item, self.types):
            table = self.table_from_data(data, None, prov)
            if table is not None:
                self.body.append(table)

    # ----------------------------------------------------------------- furniture

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
                self.add_furniture(child, _role_of(child, self.doc, self.types))


_NO_SPACE_BEFORE: Final = (".", ",", ";", ":", "!", "?", ")", "]", "}", "%", "\u2019")
_NO_SPACE_AFTER: Final = ("(", "[", "{", "/", "\u2018")


def _join_inline(pieces: list[str]) -> str:
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


def _picture_description(item: Any) -> str | None:
    meta = getattr(item, "meta", None)
    if meta is None:
        return None
    description = getattr(meta, "description", None)
    if description is not None and getattr(description, "text", None):
        return " ".join(str(description.text).split())
    classification = getattr(meta, "classification", None)
    if classification is not None:
        try:
            name = classification.get_main_prediction().class_name
        except Exception:  # pragma: no cover - no prediction
            return None
        if name:
            return str(name).replace("_", " ").capitalize()
    return None


def _is_slide(group: Any, t: Any) -> bool:
    if group.label == t.GroupLabel.SLIDE:
        return True
    name = getattr(group, "name", "") or ""
    return bool(group.label == t.GroupLabel.CHAPTER and re.fullmatch(r"slide-\d+", name))


def _sheet_name(name: str | None) -> str | None:
    if not name:
        return None
    return name.split(":", 1)[1].strip() if name.lower().startswith("sheet:") else name.strip()


def _code_language(item: Any) -> str | None:
    language = getattr(item, "code_language", None)
    value = getattr(language, "value", language)
    if not value or str(value).lower() == "unknown":
        return None
    return str(value).lower()


def _role_of(item: Any, doc: Any, t: Any) -> FurnitureRole:
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


def _chart_tables(item: Any, t: Any) -> Iterable[Any]:
    meta = getattr(item, "meta", None)
    chart = getattr(meta, "tabular_chart", None) if meta is not None else None
    if chart is not None and getattr(chart, "chart_data", None) is not None:
        return [chart.chart_data]
    annotations = item.__dict__.get("annotations", []) or []
    return [a.chart_data for a in annotations if isinstance(a, t.PictureTabularChartData)]


def _place_furniture(body: list[Block], furniture: list[Furniture]) -> list[Block]:
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


def _types() -> Any:
    import docling_core.types.doc as types

    return types


def to_blocks(doc: Any, fmt: Format) -> Mapped:
    """Map a ``DoclingDocument`` to our blocks (reading order) and pages."""
    walker = _Walker(doc=doc, fmt=fmt, types=_types())
    walker.walk(doc.body, 0)
    walker.visited.add(doc.body.self_ref)
    walker.furniture_tree()
    blocks = _place_furniture(walker.body, walker.furniture)
    pages = []
    geometry = fmt not in _CELL_GEOMETRY
    scale = 1 / EMU_PER_POINT if fmt == Format.PPTX else 1.0
    for number in sorted(doc.pages):
        if not isinstance(number, int) or number < 1:
            continue
        size = doc.pages[number].size
        width = max(float(size.width) * scale, 0.0) if geometry else 0.0
        height = max(float(size.height) * scale, 0.0) if geometry else 0.0
        pages.append(Page(number=number, width=round(width, 2), height=round(height, 2)))
    if not pages and walker.slide_pages:
        pages = [Page(number=number) for number in walker.slide_pages]
    return Mapped(blocks=blocks, pages=pages, title=walker.title)
