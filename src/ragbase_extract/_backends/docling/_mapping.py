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

The walker is built in layers, one module each: :mod:`._base` (its state, moves
through the tree, provenance and boxes), :mod:`._text` (plain and inline text,
list markers), :mod:`._floating` (tables, figures, captions) and
:mod:`._furniture` (headers, footers, notes, and where they go); this module adds
the walk in reading order and the blocks it emits.

Only attribute access on Docling objects happens in these modules; the imports of
``docling_core`` are local to :func:`to_blocks`, so they are cheap.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ..._formats import Format
from ..._model import Block, Code, Formula, Heading, ListItem, Page, Paragraph
from ._base import CELL_GEOMETRY, EMU_PER_POINT
from ._furniture import FURNITURE_LABELS, FurnitureWalker, furniture_role, place_furniture
from ._text import join_inline

__all__ = ["Mapped", "to_blocks"]


@dataclass
class Mapped:
    """The blocks and pages of one Docling document."""

    blocks: list[Block]
    pages: list[Page]
    title: str | None = None


class _Walker(FurnitureWalker):
    """Walks the body tree in reading order and emits blocks."""

    def walk(self, node: Any, lists: int) -> None:
        for child in self.children(node):
            self.visit(child, lists)

    def visit(self, item: Any, lists: int) -> None:
        t = self.types
        if item.self_ref in self.visited:
            return
        self.visited.add(item.self_ref)
        layer = item.content_layer
        if layer != t.ContentLayer.BODY:
            if layer in (t.ContentLayer.FURNITURE, t.ContentLayer.NOTES):
                self.add_furniture(item, furniture_role(item, self.doc, t))
            else:
                self.mark(item)  # invisible / background: hidden sheets, slides
            return
        label = getattr(item, "label", None)
        if isinstance(item, t.DocItem) and label in FURNITURE_LABELS:
            # Page headers and footers found by a layout model may sit in the body
            # layer; footnotes are outside Docling's Markdown export too.
            self.add_furniture(item, furniture_role(item, self.doc, t))
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
                merged = join_inline([previous.text, text])
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
            if item.label == t.GroupLabel.SHEET and self.fmt in CELL_GEOMETRY:
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


def _types() -> Any:
    import docling_core.types.doc as types

    return types


def to_blocks(doc: Any, fmt: Format) -> Mapped:
    """Map a ``DoclingDocument`` to our blocks (reading order) and pages."""
    walker = _Walker(doc=doc, fmt=fmt, types=_types())
    walker.walk(doc.body, 0)
    walker.visited.add(doc.body.self_ref)
    walker.furniture_tree()
    blocks = place_furniture(walker.body, walker.furniture)
    pages = []
    geometry = fmt not in CELL_GEOMETRY
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
