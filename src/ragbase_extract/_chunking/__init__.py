"""Chunking: token-aware, structure-aware chunks with exact provenance.

The lead re-exports these names from :mod:`ragbase_extract`.
"""

from ._api import STRATEGIES, Chunker, Strategy, chunk
from ._base import BaseChunker
from ._builtin import CharTokenizer, WordTokenizer
from ._converters import to_langchain, to_llamaindex
from ._estimate import BpeEstimateTokenizer
from ._hf import HuggingFaceTokenizer
from ._model import Chunk, ChunkBox, ChunkList
from ._page import PageChunker
from ._section import SectionChunker
from ._tiktoken import TiktokenTokenizer
from ._tokenizers import Tokenizer, TokenizerLike
from ._tokens import TokenChunker

__all__ = [
    "STRATEGIES",
    "BaseChunker",
    "BpeEstimateTokenizer",
    "CharTokenizer",
    "Chunk",
    "ChunkBox",
    "ChunkList",
    "Chunker",
    "HuggingFaceTokenizer",
    "PageChunker",
    "SectionChunker",
    "Strategy",
    "TiktokenTokenizer",
    "TokenChunker",
    "Tokenizer",
    "TokenizerLike",
    "WordTokenizer",
    "chunk",
    "to_langchain",
    "to_llamaindex",
]
