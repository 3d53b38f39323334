"""What both framework loaders share: settings, the file loop and citation metadata."""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from .._api import extract
from .._backends import Backend
from .._chunking import Chunk, Strategy, TokenizerLike, chunk
from .._options import ExtractOptions

__all__ = ["LoadSettings", "PathLike", "citation_metadata", "iter_chunks", "paths_of"]

PathLike = str | os.PathLike[str]


@dataclass(frozen=True)
class LoadSettings:
    """How a loader extracts and chunks each file (the loaders' keyword arguments)."""

    backend: str | Backend = "auto"
    options: ExtractOptions | None = None
    max_tokens: int = 512
    overlap: int = 0
    tokenizer: TokenizerLike | None = None
    strategy: Strategy = "section"
    contextualized: bool = True


def paths_of(files: PathLike | Iterable[PathLike]) -> list[str]:
    """One path or many, as strings (a ``str`` is one path, not its characters)."""
    if isinstance(files, str | os.PathLike):
        return [os.fspath(files)]
    return [os.fspath(f) for f in files]


def iter_chunks(paths: Iterable[str], settings: LoadSettings) -> Iterator[tuple[str, list[Chunk]]]:
    """Extract and chunk one file at a time, so memory holds one document at most.

    Errors propagate (typed :class:`~ragbase_extract.RagbaseExtractError`): a file
    that cannot be read is never turned into an empty result.
    """
    for path in paths:
        document = extract(path, backend=settings.backend, options=settings.options)
        chunks = chunk(
            document,
            max_tokens=settings.max_tokens,
            overlap=settings.overlap,
            tokenizer=settings.tokenizer,
            strategy=settings.strategy,
        )
        yield path, chunks


def citation_metadata(chunk: Chunk, source: str) -> dict[str, Any]:
    """What a citation needs beyond the converters' metadata: file, page and boxes.

    ``page`` is the first page the chunk touches (LangChain's PDF loaders use the
    same key); ``bboxes`` lists every block box as ``{"page", "x0", "y0", "x1",
    "y1"}`` in PDF points, origin top left.
    """
    return {
        "source": source,
        "page": chunk.pages[0] if chunk.pages else None,
        "bboxes": [
            {
                "page": box.page,
                "x0": box.bbox.x0,
                "y0": box.bbox.y0,
                "x1": box.bbox.x1,
                "y1": box.bbox.y1,
            }
            for box in chunk.bboxes
        ],
    }
