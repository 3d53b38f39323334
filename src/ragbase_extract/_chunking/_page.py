"""The ``page`` strategy: one chunk per page, split further when over the limit."""

from __future__ import annotations

from ._base import BaseChunker
from ._engine import Context, PathEntry, Piece
from ._pack import Packer
from ._section import heading_paths, path_at
from ._split import Unit

__all__ = ["PageChunker"]


class PageChunker(BaseChunker):
    """One chunk per page of the source, split further when over the limit.

    A page too large is packed like the ``tokens`` strategy, within the page.
    Blocks without a page number (formats without pages) stay with the page
    before them, so a document with no pages at all becomes one group. Each
    chunk carries the heading path in force where it starts.

    See :class:`BaseChunker` for the arguments.

    .. versionadded:: 0.1
    """

    strategy = "page"

    def _pieces(self, ctx: Context) -> list[Piece]:
        blocks = ctx.document.blocks
        starts, paths = heading_paths(ctx)

        def path(offset: int) -> tuple[PathEntry, ...]:
            return path_at(starts, paths, offset)

        packer = Packer(ctx)
        pieces: list[Piece] = []
        group: list[Unit] = []
        current: int | None = None
        for unit in ctx.units:
            page = blocks[ctx.block_index[ctx.block_at(unit.start)]].prov.page
            if page is not None and page != current and group:
                pieces.extend(packer.pack(group, path))
                group = []
            if page is not None:
                current = page
            group.append(unit)
        if group:
            pieces.extend(packer.pack(group, path))
        return pieces
