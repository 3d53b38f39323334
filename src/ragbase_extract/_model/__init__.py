"""The result model: frozen pydantic types that round-trip through JSON."""

from ._base import BBox, Frozen, OcrInfo, Provenance
from ._blocks import (
    Block,
    Code,
    Figure,
    Formula,
    Furniture,
    Heading,
    ListItem,
    Paragraph,
    check_box_item,
)
from ._document import BLOCK_SEPARATOR, SCHEMA_VERSION, Document, Metadata, Page, SourceInfo
from ._table import Table, TableCell, TableFormat

__all__ = [
    "BLOCK_SEPARATOR",
    "SCHEMA_VERSION",
    "BBox",
    "Block",
    "Code",
    "Document",
    "Figure",
    "Formula",
    "Frozen",
    "Furniture",
    "Heading",
    "ListItem",
    "Metadata",
    "OcrInfo",
    "Page",
    "Paragraph",
    "Provenance",
    "SourceInfo",
    "Table",
    "TableCell",
    "TableFormat",
    "check_box_item",
]
