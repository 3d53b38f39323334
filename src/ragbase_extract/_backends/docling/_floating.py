"""Floating items: tables, pictures (with their chart data) and captions, as blocks."""

from __future__ import annotations

from collections.abc import Sequence

from docling_core.types.doc import (
    ContentLayer,
    DocItemLabel,
    InlineGroup,
    ListItem,
    NodeItem,
    PictureItem,
    PictureTabularChartData,
    RichTableCell,
    TableData,
    TableItem,
    TextItem,
)

from ..._model import Block, Figure, Provenance, Table, TableCell
from ._text import TextReader
from ._tree import Tree

__all__ = ["Floating"]


class Floating:
    """Turns tables and pictures into blocks; reads their captions. Records nothing."""

    def __init__(self, tree: Tree, text: TextReader) -> None:
        self._tree = tree
        self._text = text

    def caption_items(self, item: NodeItem) -> list[NodeItem]:
        """The caption items of a floating item (to be marked consumed with it)."""
        return [ref.resolve(self._tree.doc) for ref in getattr(item, "captions", None) or []]

    def caption(self, item: NodeItem) -> str | None:
        """The text of the item's body-layer captions, or ``None``."""
        texts: list[str] = []
        for cap in self.caption_items(item):
            if isinstance(cap, TextItem) and cap.content_layer == ContentLayer.BODY:
                extra = [self._text.plain_text(c) for c in self._tree.children(cap)]
                text = " ".join(p for p in [cap.text, *extra] if p and p.strip())
                if text.strip():
                    texts.append(" ".join(text.split()))
        return " ".join(texts) or None

    def table(self, data: TableData, caption: str | None, prov: Provenance) -> Table | None:
        """A table from Docling's cells (``None`` when it has none)."""
        seen: set[tuple[int, int]] = set()
        cells: list[TableCell] = []
        for cell in data.table_cells:
            row, col = int(cell.start_row_offset_idx), int(cell.start_col_offset_idx)
            if row < 0 or col < 0 or (row, col) in seen:
                continue
            seen.add((row, col))
            text = self._cell_text(cell)
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

    def _cell_text(self, cell: object) -> str:
        if isinstance(cell, RichTableCell):
            try:
                return self._rich_text(cell.ref.resolve(self._tree.doc))
            except Exception:  # pragma: no cover - dangling reference
                return cell.text or ""
        return str(getattr(cell, "text", "") or "")

    def _rich_text(self, node: NodeItem) -> str:
        if isinstance(node, TableItem):
            return " ".join(" ".join(c.text.split()) for c in node.data.table_cells if c.text)
        pieces: list[str] = []
        text = self._text.plain_text(node) if isinstance(node, TextItem | InlineGroup) else ""
        label = getattr(node, "label", None)
        if text and label == DocItemLabel.CHECKBOX_SELECTED:
            pieces.append(f"- [x] {text}")
        elif text and label == DocItemLabel.CHECKBOX_UNSELECTED:
            pieces.append(f"- [ ] {text}")
        elif text and isinstance(node, ListItem):
            pieces.append(f"{self._text.list_marker(node)[0]} {text}")  # as Docling prints it
        elif text:
            pieces.append(text)
        if not isinstance(node, InlineGroup):
            inline_repr = isinstance(node, TextItem) and not node.text
            for child in self._tree.children(node):
                if isinstance(child, InlineGroup) and inline_repr:
                    continue
                piece = self._rich_text(child)
                if piece:
                    pieces.append(piece)
        return " ".join(pieces)

    def picture(self, item: PictureItem, prov: Provenance) -> list[Block]:
        """A figure, followed by the tables of its chart data."""
        caption = self.caption(item)
        # Without a caption, the picture's description or its classification
        # (Docling prints both after the image) is the best text it has.
        text = caption or _picture_description(item)
        blocks: list[Block] = [Figure(text=text or "", caption=caption, prov=prov)]
        for data in _chart_tables(item):
            table = self.table(data, None, prov)
            if table is not None:
                blocks.append(table)
        return blocks


def _picture_description(item: PictureItem) -> str | None:
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


def _chart_tables(item: PictureItem) -> Sequence[TableData]:
    meta = getattr(item, "meta", None)
    chart = getattr(meta, "tabular_chart", None) if meta is not None else None
    if chart is not None and getattr(chart, "chart_data", None) is not None:
        return [chart.chart_data]
    annotations = item.__dict__.get("annotations", []) or []
    return [a.chart_data for a in annotations if isinstance(a, PictureTabularChartData)]
