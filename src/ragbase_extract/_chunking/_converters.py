"""Converters to LangChain and LlamaIndex types, imported lazily."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from .._optional import import_optional
from ._model import Chunk

__all__ = ["to_langchain", "to_llamaindex"]


def _metadata(chunk: Chunk) -> dict[str, Any]:
    data = chunk.metadata
    data["text_token_count"] = chunk.text_token_count
    data["block_indices"] = list(chunk.block_indices)
    data["oversized"] = chunk.oversized
    return data


def to_langchain(chunks: Iterable[Chunk], *, contextualized: bool = True) -> list[Any]:
    """Convert chunks to LangChain ``Document`` objects.

    Args:
        chunks: Chunks from :func:`chunk`.
        contextualized: Use ``contextualized_text`` as ``page_content`` (what to
            embed); ``False`` uses the bare ``text``.

    Returns:
        ``langchain_core.documents.Document`` objects with the chunk id as
        ``id`` and :attr:`Chunk.metadata` (plus block indices) as ``metadata``.

    Raises:
        BackendUnavailableError: ``langchain-core`` is not installed (extra
            ``langchain``).

    .. versionadded:: 0.1
    """
    documents = import_optional(
        "langchain_core.documents",
        needed_by="to_langchain",
        package="langchain-core",
        extra="langchain",
        backend="langchain",
    )
    LCDocument = documents.Document  # noqa: N806 - a class
    return [
        LCDocument(
            id=c.id,
            page_content=c.contextualized_text if contextualized else c.text,
            metadata=_metadata(c),
        )
        for c in chunks
    ]


def to_llamaindex(chunks: Iterable[Chunk], *, contextualized: bool = True) -> list[Any]:
    """Convert chunks to LlamaIndex ``TextNode`` objects.

    Args:
        chunks: Chunks from :func:`chunk`.
        contextualized: Use ``contextualized_text`` as the node text (what to
            embed); ``False`` uses the bare ``text``.

    Returns:
        ``llama_index.core.schema.TextNode`` objects with the chunk id as
        ``id_``, the span as ``start_char_idx`` / ``end_char_idx``, and
        :attr:`Chunk.metadata` (plus block indices) as ``metadata``.

    Raises:
        BackendUnavailableError: ``llama-index-core`` is not installed (extra
            ``llamaindex``).

    .. versionadded:: 0.1
    """
    schema = import_optional(
        "llama_index.core.schema",
        needed_by="to_llamaindex",
        package="llama-index-core",
        extra="llamaindex",
        backend="llamaindex",
    )
    TextNode = schema.TextNode  # noqa: N806 - a class
    return [
        TextNode(
            id_=c.id,
            text=c.contextualized_text if contextualized else c.text,
            start_char_idx=c.start,
            end_char_idx=c.end,
            metadata=_metadata(c),
        )
        for c in chunks
    ]
