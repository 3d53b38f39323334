"""The ``tokens`` strategy: recursive splitting of the body text, structure ignored."""

from __future__ import annotations

from ._base import BaseChunker
from ._engine import Context, Piece
from ._pack import Packer

__all__ = ["TokenChunker"]


class TokenChunker(BaseChunker):
    """Chunks filled up to the limit across headings: structure is ignored.

    The body text is packed block by block; a block too large is split at
    line, then sentence, then word boundaries, tables between rows (with the
    header row(s) repeated in ``contextualized_text`` of continuations).
    Chunks carry no heading path. A heading never ends a chunk when text
    follows it.

    See :class:`BaseChunker` for the arguments.

    Example:
        >>> from ragbase_extract import extract
        >>> doc = extract(b"# Guide\\n\\nIntro.\\n\\n## Setup\\n\\nInstall it.", backend="text")
        >>> [c.text for c in TokenChunker(max_tokens=6).chunk(doc)]
        ['Guide\\n\\nIntro.', 'Setup\\n\\nInstall it.']

    .. versionadded:: 0.1
    """

    strategy = "tokens"

    def _pieces(self, ctx: Context) -> list[Piece]:
        return Packer(ctx).pack(ctx.units, ())
