"""The shared shape of the built-in chunkers: settings, validation, the run."""

from __future__ import annotations

from typing import ClassVar

from .._model import Document
from ._engine import Context, Piece
from ._model import ChunkList
from ._tokenizers import Tokenizer, TokenizerLike, resolve_tokenizer

__all__ = ["BaseChunker"]


class BaseChunker:
    """Settings every built-in strategy takes; subclasses decide how to pack.

    Args:
        max_tokens: Largest ``token_count`` (of ``contextualized_text``) a chunk
            may have; only a single word longer than this is let through, with
            ``oversized`` set.
        overlap: Tokens of the previous chunk's tail to repeat at the start of
            the next one, cut at a sentence or word boundary; ``0`` for none.
        tokenizer: What counts tokens: a :class:`Tokenizer`, a
            ``Callable[[str], int]``, or ``None`` for the default
            :class:`BpeEstimateTokenizer`.

    Raises:
        ValueError: ``max_tokens`` is below 1, or ``overlap`` is negative or not
            below ``max_tokens``.

    .. versionadded:: 0.1
    """

    strategy: ClassVar[str] = ""

    def __init__(
        self,
        *,
        max_tokens: int = 512,
        overlap: int = 0,
        tokenizer: TokenizerLike | None = None,
    ) -> None:
        if max_tokens < 1:
            raise ValueError(f"max_tokens must be at least 1, not {max_tokens}")
        if overlap < 0 or overlap >= max_tokens:
            raise ValueError(f"overlap must be in [0, max_tokens), not {overlap}")
        self.max_tokens = max_tokens
        self.overlap = overlap
        self.tokenizer: Tokenizer = resolve_tokenizer(tokenizer)

    def chunk(self, document: Document) -> ChunkList:
        """Split ``document``'s body text into chunks, in document order (a list)."""
        if not document.text:
            return ChunkList()
        ctx = Context(
            document,
            self.tokenizer,
            max_tokens=self.max_tokens,
            overlap=self.overlap,
            strategy=self.strategy,
        )
        return ChunkList(ctx.build(self._pieces(ctx)))

    def __call__(self, document: Document) -> ChunkList:
        """Same as :meth:`chunk`."""
        return self.chunk(document)

    def _pieces(self, ctx: Context) -> list[Piece]:
        raise NotImplementedError

    def __repr__(self) -> str:
        return (
            f"{type(self).__name__}(max_tokens={self.max_tokens}, overlap={self.overlap}, "
            f"tokenizer={self.tokenizer!r})"
        )
