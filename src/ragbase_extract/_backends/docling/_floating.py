"""Floating items: tables, pictures (with their chart data) and captions."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from ..._model import Figure, Paragraph, Provenance, Table, TableCell
from ._text import TextWalker

__all__ = ["FloatingWalker"]


class FloatingWalker(TextWalker):
    """Emits tables and figures with their captions, and the text of table cells."""

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


def _chart_tables(item: Any, t: Any) -> Iterable[Any]:
    meta = getattr(item, "meta", None)
    chart = getattr(meta, "tabular_chart", None) if meta is not None else None
    if chart is not None and getattr(chart, "chart_data", None) is not None:
        return [chart.chart_data]
    annotations = item.__dict__.get("annotations", []) or []
    return [a.chart_data for a in annotations if isinstance(a, t.PictureTabularChartData)]
