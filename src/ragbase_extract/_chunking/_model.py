"""The :class:`Chunk` result type: one piece of a document, ready to embed."""

from __future__ import annotations

from typing import Any

from pydantic import Field

from .._model import BBox, Frozen

__all__ = ["Chunk", "ChunkBox", "ChunkList"]


class ChunkBox(Frozen):
    """The bounding box of one block a chunk covers, with its page.

    Attributes:
        page: 1-based page number, or ``None`` when the format has no pages.
        bbox: The block's box on that page, in PDF points.

    .. versionadded:: 0.1
    """

    page: int | None = Field(default=None, ge=1)
    bbox: BBox


class Chunk(Frozen):
    """A piece of a :class:`~ragbase_extract.Document`, sized for an embedding model.

    ``text`` is always ``document.text[start:end]``, so a chunk can be cited back
    to the exact characters, blocks, pages and boxes it came from.

    Attributes:
        id: Deterministic identifier: a hash of the source's sha256, the chunking
            settings and the span. The same bytes and settings give the same ids.
        text: The chunk's text, exactly ``document.text[start:end]``.
        start: Offset of ``text`` in ``Document.text``.
        end: End offset (exclusive).
        contextualized_text: What to embed: the heading path not already inside
            the chunk and, for a table continued from an earlier chunk, the
            table's header row(s), one per line, followed by ``text``.
        token_count: Tokens in ``contextualized_text`` by the tokenizer used; at
            most ``max_tokens`` unless ``oversized``.
        text_token_count: Tokens in ``text`` alone.
        pages: 1-based page numbers the chunk touches, ascending.
        heading_path: Headings from the outermost down to the section the chunk
            belongs to.
        block_indices: Indices into ``Document.blocks`` of the blocks whose text
            the chunk overlaps.
        bboxes: Bounding boxes of those blocks, where the backend knows them.
        source_name: The source document's name, if it had one.
        source_sha256: The source document's sha256.
        oversized: The chunk is a single word longer than ``max_tokens``: it
            could not be split without cutting the word.

    .. versionadded:: 0.1
    """

    id: str = Field(pattern=r"^[0-9a-f]{32}$")
    text: str = Field(min_length=1)
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    contextualized_text: str
    token_count: int = Field(ge=0)
    text_token_count: int = Field(ge=0)
    pages: tuple[int, ...] = ()
    heading_path: tuple[str, ...] = ()
    block_indices: tuple[int, ...] = ()
    bboxes: tuple[ChunkBox, ...] = ()
    source_name: str | None = None
    source_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    oversized: bool = False

    @property
    def metadata(self) -> dict[str, Any]:
        """Flat, JSON-compatible metadata for a vector store (no text, no boxes)."""
        return {
            "chunk_id": self.id,
            "source_name": self.source_name,
            "source_sha256": self.source_sha256,
            "start": self.start,
            "end": self.end,
            "pages": list(self.pages),
            "heading_path": list(self.heading_path),
            "token_count": self.token_count,
        }

    def to_json(self, *, indent: int | None = None) -> str:
        """The chunk as JSON; :meth:`from_json` reads it back unchanged."""
        return self.model_dump_json(indent=indent)

    @classmethod
    def from_json(cls, data: str | bytes) -> Chunk:
        """Read a chunk back from :meth:`to_json` output."""
        return cls.model_validate_json(data)

    def _repr_markdown_(self) -> str:
        """Notebook display: id, size, pages, heading path and the start of the text."""
        from ._display import chunk_markdown

        return chunk_markdown(self)

    def _repr_html_(self) -> str:
        """Notebook display (HTML front ends): the same as the Markdown one."""
        from ._display import chunk_html

        return chunk_html(self)


class ChunkList(list[Chunk]):
    """What :func:`~ragbase_extract.chunk` returns: a plain ``list`` of chunks that a
    notebook shows as a summary (count, token sizes) and a table of the first chunks.

    It is a ``list`` subclass: indexing, slicing (slices are plain lists),
    iteration, ``len`` and comparison with lists work as for any list.

    .. versionadded:: 0.1
    """

    def _repr_markdown_(self) -> str:
        from ._display import chunks_markdown

        return chunks_markdown(self)

    def _repr_html_(self) -> str:
        from ._display import chunks_html

        return chunks_html(self)
