"""ragbase-extract: documents in, typed provenance-carrying Documents and RAG chunks out.

Importing this package is cheap: backends import PyMuPDF, Docling and the like
only when they run.
"""

from ._api import extract
from ._backends import ENTRY_POINT_GROUP, Backend, BackendRegistry
from ._backends.docling import DoclingBackend
from ._backends.pymupdf import PyMuPDFBackend
from ._backends.text import TextBackend
from ._batch import BatchResult, aextract, aextract_many, extract_many
from ._chunking import (
    CharTokenizer,
    Chunk,
    ChunkBox,
    Chunker,
    HuggingFaceTokenizer,
    PageChunker,
    SectionChunker,
    TiktokenTokenizer,
    TokenChunker,
    Tokenizer,
    WordTokenizer,
    chunk,
    to_langchain,
    to_llamaindex,
)
from ._errors import (
    BackendUnavailableError,
    CorruptDocumentError,
    EncryptedDocumentError,
    ExtractionCrashedError,
    ExtractionTimeoutError,
    PageOutOfRangeError,
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
    OcrInfo,
    Page,
    Paragraph,
    Provenance,
    SourceInfo,
    Table,
    TableCell,
)
from ._ocr import (
    OCR_ENTRY_POINT_GROUP,
    OcrEngine,
    OcrImage,
    OcrLine,
    OcrResult,
    OcrUnavailableWarning,
    OcrWord,
    register_ocr_engine,
)
from ._options import ExtractOptions
from ._progress import ProgressBar
from ._source import Source, SourceLike
from ._version import __version__

__all__ = [
    "ENTRY_POINT_GROUP",
    "OCR_ENTRY_POINT_GROUP",
    "SCHEMA_VERSION",
    "BBox",
    "Backend",
    "BackendRegistry",
    "BackendUnavailableError",
    "BatchResult",
    "Block",
    "CharTokenizer",
    "Chunk",
    "ChunkBox",
    "Chunker",
    "Code",
    "CorruptDocumentError",
    "DoclingBackend",
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
    "HuggingFaceTokenizer",
    "ListItem",
    "Metadata",
    "OcrEngine",
    "OcrImage",
    "OcrInfo",
    "OcrLine",
    "OcrResult",
    "OcrUnavailableWarning",
    "OcrWord",
    "Page",
    "PageChunker",
    "PageOutOfRangeError",
    "Paragraph",
    "ProgressBar",
    "Provenance",
    "PyMuPDFBackend",
    "RagbaseExtractError",
    "ResourceLimitError",
    "SectionChunker",
    "Source",
    "SourceInfo",
    "SourceLike",
    "Table",
    "TableCell",
    "TextBackend",
    "TiktokenTokenizer",
    "TokenChunker",
    "Tokenizer",
    "UnsupportedFormatError",
    "WordTokenizer",
    "__version__",
    "aextract",
    "aextract_many",
    "chunk",
    "extract",
    "extract_many",
    "register_ocr_engine",
    "to_langchain",
    "to_llamaindex",
]
