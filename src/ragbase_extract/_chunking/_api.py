"""The one-call helper :func:`chunk` and the :class:`Chunker` protocol."""

from __future__ import annotations

from typing import Literal, Protocol, runtime_checkable

from .._model import Document
from ._base import BaseChunker
from ._model import Chunk, ChunkList
from ._page import PageChunker
from ._section import SectionChunker
from ._tokenizers import TokenizerLike
from ._tokens import TokenChunker

__all__ = ["STRATEGIES", "Chunker", "Strategy", "chunk"]

Strategy = Literal["section", "tokens", "page"]
"""The built-in strategy names."""

STRATEGIES: dict[str, type[BaseChunker]] = {
    "section": SectionChunker,
    "tokens": TokenChunker,
    "page": PageChunker,
}
"""Strategy name to chunker class."""


@runtime_checkable
class Chunker(Protocol):
    """Anything that splits a :class:`~ragbase_extract.Document` into chunks.

    The built-in :class:`SectionChunker`, :class:`TokenChunker` and
    :class:`PageChunker` are chunkers; so is any object with this method.

    .. versionadded:: 0.1
    """

    def chunk(self, document: Document) -> list[Chunk]:
        """Return the document's chunks in document order."""
        ...


def chunk(
    document: Document,
    *,
    max_tokens: int = 512,
    overlap: int = 0,
    tokenizer: TokenizerLike | None = None,
    strategy: Strategy = "section",
) -> ChunkList:
    """Split a document into chunks ready to embed, with provenance.

    Args:
        document: An extracted document.
        max_tokens: The most tokens a chunk's ``contextualized_text`` may have.
            Only a single word longer than that is let through, flagged
            ``oversized``.
        overlap: Tokens of each chunk's predecessor to repeat at its start, cut
            at a sentence or word boundary (``0``: chunks tile the text).
        tokenizer: A :class:`Tokenizer`, any ``Callable[[str], int]``, or ``None``
            for :class:`BpeEstimateTokenizer`, an estimate that errs high, so
            chunks fit the OpenAI encodings and most embedding models without
            any tokenizer installed; pass the model's own for fuller chunks.
        strategy: ``"section"`` (follow headings, the default), ``"tokens"``
            (structure ignored) or ``"page"`` (one chunk per page, split when
            too large).

    Returns:
        The chunks, in document order, as a :class:`ChunkList` (a ``list``
        that notebooks display as a summary table). Furniture (headers,
        footers, page numbers) never enters a chunk.

    Raises:
        ValueError: Unknown strategy, or ``max_tokens`` / ``overlap`` out of range.

    Example:
        >>> from ragbase_extract import extract
        >>> doc = extract(b"# Title\\n\\nFirst point. Second point.", backend="text")
        >>> [(c.text, c.heading_path) for c in chunk(doc)]
        [('Title\\n\\nFirst point. Second point.', ('Title',))]

    .. versionadded:: 0.1
    """
    try:
        chunker_class = STRATEGIES[strategy]
    except KeyError:
        raise ValueError(
            f"unknown strategy {strategy!r}; choose one of {', '.join(STRATEGIES)}"
        ) from None
    chunker = chunker_class(max_tokens=max_tokens, overlap=overlap, tokenizer=tokenizer)
    return chunker.chunk(document)
