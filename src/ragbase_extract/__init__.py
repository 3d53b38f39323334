"""ragbase-extract: documents in, typed provenance-carrying Documents and RAG chunks out.

Importing this package is cheap: backends import PyMuPDF, Docling and the like
only when they run.
"""

from ._api import extract
from ._backends import ENTRY_POINT_GROUP, Backend, BackendRegistry
from ._errors import (
    BackendUnavailableError,
    CorruptDocumentError,
    EncryptedDocumentError,
    ExtractionCrashedError,
    ExtractionTimeoutError,
    RagbaseExtractError,
    ResourceLimitError,
    UnsupportedFormatError,
)
from ._formats import Format
from ._model import (
    SCHEMA_VERSION,
    BBox,
    Block,
    Code,
    Document,
    Figure,
    Formula,
    Furniture,
    Heading,
    ListItem,
    Metadata,
    Page,
    Paragraph,
    Provenance,
    SourceInfo,
    Table,
    TableCell,
)
from ._options import ExtractOptions
from ._source import Source, SourceLike
from ._version import __version__

__all__ = [
    "ENTRY_POINT_GROUP",
    "SCHEMA_VERSION",
    "BBox",
    "Backend",
    "BackendRegistry",
    "BackendUnavailableError",
    "Block",
    "Code",
    "CorruptDocumentError",
    "Document",
    "EncryptedDocumentError",
    "ExtractOptions",
    "ExtractionCrashedError",
    "ExtractionTimeoutError",
    "Figure",
    "Format",
    "Formula",
    "Furniture",
    "Heading",
    "ListItem",
    "Metadata",
    "Page",
    "Paragraph",
    "Provenance",
    "RagbaseExtractError",
    "ResourceLimitError",
    "Source",
    "SourceInfo",
    "SourceLike",
    "Table",
    "TableCell",
    "UnsupportedFormatError",
    "__version__",
    "extract",
]
