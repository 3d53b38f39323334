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

:class:`_Walker` owns the traversal state (the :class:`~._tree.Tree` of consumed
nodes, the blocks so far, the current slide) and asks small collaborators for
values: :class:`~._text.TextReader` (text, list markers),
:class:`~._geometry.Geometry` (provenance, pages), :class:`~._floating.Floating`
(tables, figures, captions) and :class:`~._furniture.FurnitureReader`.

These modules import ``docling_core`` at the top: they are imported only when a
document is converted (see ``_backend.py``), never by ``import ragbase_extract``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from docling_core.types.doc import (
    CodeItem,
    ContentLayer,
    DocItem,
    DocItemLabel,
    DoclingDocument,
    FormulaItem,
    GroupItem,
    GroupLabel,
    InlineGroup,
    ListGroup,
    NodeItem,
    PictureItem,
    SectionHeaderItem,
    TableItem,
    TextItem,
    TitleItem,
)
from docling_core.types.doc import ListItem as DoclingListItem

from ..._formats import Format
from ..._model import (
    Block,
    Code,
    Formula,
    Furniture,
    Heading,
    ListItem,
    Page,
    Paragraph,
    Provenance,
    check_box_item,
)
from ._floating import Floating
from ._furniture import (
    FURNITURE_LABELS,
    FurnitureFound,
    FurnitureReader,
    furniture_role,
    place_furniture,
)
from ._geometry import CELL_GEOMETRY, Geometry
from ._text import TextReader, join_inline
from ._tree import Tree

__all__ = ["Mapped", "to_blocks"]


@dataclass
class Mapped:
    """The blocks and pages of one Docling document."""

    blocks: list[Block]
    pages: list[Page]
    title: str | None = None


class _Walker:
    """Walks the body tree in reading order and collects blocks."""

    def __init__(self, doc: DoclingDocument, fmt: Format) -> None:
        self.fmt = fmt
        self.tree = Tree(doc)
        self.geometry = Geometry(doc, fmt)
        self.text = TextReader(self.tree)
        self.floating = Floating(self.tree, self.text)
        self.furniture_reader = FurnitureReader(self.tree, self.text, self.floating, self.geometry)
        self.body: list[Block] = []
        self.furniture: list[Furniture] = []
        self.title: str | None = None
        self.slide: int | None = None  # the slide being walked, for slides without provenance
        self.slide_pages: list[int] = []

    # ------------------------------------------------------------------ the walk

    def walk(self, node: NodeItem, lists: int) -> None:
        for child in self.tree.children(node):
            self.visit(child, lists)

    def visit(self, item: NodeItem, lists: int) -> None:
        if self.tree.seen(item):
            return
        self.tree.take(item)
        if self._set_aside(item):
            return
        if isinstance(item, ListGroup):
            self.walk(item, lists + 1)
        elif isinstance(item, InlineGroup):
            self._inline_group(item, lists)
        elif isinstance(item, TableItem):
            self._table(item)
        elif isinstance(item, PictureItem):
            self.body.extend(self.floating.picture(item, self.prov(item)))
            self._consume_floating(item)
        elif isinstance(item, TextItem):
            self._text_item(item, lists)
            self.walk(item, lists)
        elif isinstance(item, GroupItem):
            self._group(item, lists)
        else:
            # Key-value and form regions: Docling prints a placeholder comment for
            # them; their text items, if any, are still walked.
            self.walk(item, lists)

    def _set_aside(self, item: NodeItem) -> bool:
        """Furniture, hidden layers and satellites: taken care of here, not walked."""
        layer = item.content_layer
        if layer != ContentLayer.BODY:
            if layer in (ContentLayer.FURNITURE, ContentLayer.NOTES):
                self._add_furniture(item)
            else:
                self.tree.mark(item)  # invisible / background: hidden sheets, slides
            return True
        if isinstance(item, DocItem) and getattr(item, "label", None) in FURNITURE_LABELS:
            # Page headers and footers found by a layout model may sit in the body
            # layer; footnotes are outside Docling's Markdown export too.
            self._add_furniture(item)
            return True
        if item.self_ref in self.tree.satellites:
            self.tree.mark(item)  # emitted with the table or figure that owns it
            return True
        return False

    def _group(self, item: GroupItem, lists: int) -> None:
        if item.label == GroupLabel.SHEET and self.fmt in CELL_GEOMETRY:
            name = _sheet_name(item.name)
            if name:
                prov = self.geometry.group_prov(list(self.tree.children(item)), self.slide)
                self.body.append(Heading(text=name, level=2, prov=prov))
        if self.tree.doc.pages or not _is_slide(item):
            self.walk(item, lists)
            return
        # Docling's ODP reader records slides as groups without provenance:
        # number them, so that slides are pages as for PPTX.
        number = len(self.slide_pages) + 1
        self.slide_pages.append(number)
        outer, self.slide = self.slide, number
        self.walk(item, lists)
        self.slide = outer

    # ------------------------------------------------------------------ emitting

    def prov(self, item: NodeItem) -> Provenance:
        return self.geometry.prov(item, self.slide)

    def _add_furniture(self, item: NodeItem) -> None:
        found: FurnitureFound = self.furniture_reader.read(
            item, furniture_role(item, self.tree), self.slide
        )
        self.furniture.extend(found.blocks)
        self.title = self.title or found.title

    def _consume_floating(self, item: NodeItem) -> None:
        for caption in self.floating.caption_items(item):
            self.tree.mark(caption)
        self.tree.mark(item)

    def _table(self, item: TableItem) -> None:
        table = self.floating.table(item.data, self.floating.caption(item), self.prov(item))
        if table is not None:
            self.body.append(table)
        self._consume_floating(item)

    def _captions(self, item: NodeItem) -> None:
        """Captions of code and formulas follow them, as a paragraph (Docling's order)."""
        caption = self.floating.caption(item)
        for cap in self.floating.caption_items(item):
            self.tree.mark(cap)
        if caption:
            self.body.append(Paragraph(text=caption, prov=self.prov(item)))

    def _inline_group(self, item: InlineGroup, lists: int) -> None:
        text = self.text.inline_text(item)
        self.tree.mark(item)
        parent = self.tree.parent(item)
        previous = self.body[-1] if self.body else None
        if text and isinstance(parent, ListGroup) and isinstance(previous, ListItem):
            # Docling continues the previous list item with a run of inline text.
            merged = join_inline([previous.text, text])
            self.body[-1] = previous.model_copy(update={"text": merged})
        elif text:
            prov = self.geometry.group_prov(list(self.tree.children(item)), self.slide)
            self._text_block(item, text, lists, prov)

    def _text_item(self, item: TextItem, lists: int) -> None:
        text = self.text.plain_text(item)
        inline = self.text.inline_part(item)
        if inline is not None:
            self.tree.mark(inline)
        if isinstance(item, CodeItem | FormulaItem):
            if not text.strip():
                return
            if isinstance(item, CodeItem):
                language = _code_language(item)
                self.body.append(Code(text=text, language=language, prov=self.prov(item)))
            else:
                self.body.append(Formula(text=text.strip(), prov=self.prov(item)))
            self._captions(item)
        elif text.strip():
            self._text_block(item, text, lists, self.prov(item))

    def _text_block(self, item: NodeItem, text: str, lists: int, prov: Provenance) -> None:
        if isinstance(item, TitleItem):
            self.title = self.title or " ".join(text.split())
        self.body.append(text_block(item, text, max(lists - 1, 0), prov, self.text))


def text_block(
    item: NodeItem, text: str, depth: int, prov: Provenance, reader: TextReader
) -> Block:
    """The block for a text item: heading, list item, checkbox, or paragraph."""
    label = getattr(item, "label", None)
    if isinstance(item, TitleItem):
        return Heading(text=" ".join(text.split()), level=1, prov=prov)
    if isinstance(item, SectionHeaderItem):
        level = min(max(int(item.level), 1) + 1, 6)
        return Heading(text=" ".join(text.split()), level=level, prov=prov)
    if isinstance(item, DoclingListItem):
        marker, ordered = reader.list_marker(item)
        return ListItem(text=text.strip(), depth=depth, marker=marker, ordered=ordered, prov=prov)
    if label in (DocItemLabel.CHECKBOX_SELECTED, DocItemLabel.CHECKBOX_UNSELECTED):
        checked = label == DocItemLabel.CHECKBOX_SELECTED
        return check_box_item(text, checked=checked, depth=depth, prov=prov)
    return Paragraph(text=text.strip("\n"), prov=prov)


def _is_slide(group: GroupItem) -> bool:
    if group.label == GroupLabel.SLIDE:
        return True
    name = group.name or ""
    return bool(group.label == GroupLabel.CHAPTER and re.fullmatch(r"slide-\d+", name))


def _sheet_name(name: str | None) -> str | None:
    if not name:
        return None
    return name.split(":", 1)[1].strip() if name.lower().startswith("sheet:") else name.strip()


def _code_language(item: CodeItem) -> str | None:
    language = getattr(item, "code_language", None)
    value = getattr(language, "value", language)
    if not value or str(value).lower() == "unknown":
        return None
    return str(value).lower()


def to_blocks(doc: DoclingDocument, fmt: Format) -> Mapped:
    """Map a ``DoclingDocument`` to our blocks (reading order) and pages."""
    walker = _Walker(doc, fmt)
    walker.walk(doc.body, 0)
    walker.tree.take(doc.body)
    leftover = walker.furniture_reader.furniture_tree()
    walker.furniture.extend(leftover.blocks)
    walker.title = walker.title or leftover.title
    blocks = place_furniture(walker.body, walker.furniture)
    pages = walker.geometry.pages()
    if not pages and walker.slide_pages:
        pages = [Page(number=number) for number in walker.slide_pages]
    return Mapped(blocks=blocks, pages=pages, title=walker.title)
