"""A LlamaIndex reader: files in, cited chunks out.

Needs ``llama-index-core`` (``pip install 'ragbase-extract[llamaindex]'``);
importing this module without it raises
:class:`~ragbase_extract.BackendUnavailableError`.

.. versionadded:: 0.1
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Any

from .._backends import Backend
from .._chunking import Strategy, TokenizerLike, to_llamaindex
from .._errors import BackendUnavailableError
from .._optional import install_hint
from .._options import ExtractOptions
from ._common import LoadSettings, PathLike, citation_metadata, iter_chunks, paths_of

try:
    from llama_index.core.readers.base import BaseReader
    from llama_index.core.schema import Document
except ImportError as exc:  # pragma: no cover - the test environment has it
    raise BackendUnavailableError(
        "ragbase_extract.integrations.llamaindex needs llama-index-core: "
        + install_hint("llamaindex"),
        backend="llamaindex",
        extra="llamaindex",
    ) from exc

__all__ = ["RagbaseReader"]

# Citation and bookkeeping keys stay in the metadata but out of the text that
# LlamaIndex embeds and sends to the LLM (by default it prepends all metadata).
_HIDDEN_KEYS = [
    "bboxes",
    "block_indices",
    "chunk_id",
    "source_sha256",
    "start",
    "end",
    "token_count",
    "text_token_count",
    "oversized",
]


class RagbaseReader(BaseReader):
    """Read files into LlamaIndex ``Document`` chunks ready to embed and cite.

    Each file is extracted with :func:`~ragbase_extract.extract` and split with
    :func:`~ragbase_extract.chunk`; one ``Document`` per chunk, with the chunk id
    as ``id_`` and its span in the extracted text as the ``start`` / ``end``
    metadata (LlamaIndex's ``Document`` has no ``start_char_idx``). Files are
    read one at a time as :meth:`lazy_load_data` is iterated. A file that cannot
    be read raises its typed error.

    Metadata: as :class:`~ragbase_extract.integrations.langchain.RagbaseLoader`
    (``source``, ``page``, ``pages``, ``bboxes``, ``heading_path``, ...), plus
    ``extra_info`` when given. The citation keys are excluded from the embedded
    and LLM text.

    Args:
        backend: As for :func:`~ragbase_extract.extract`.
        options: As for :func:`~ragbase_extract.extract`.
        max_tokens: As for :func:`~ragbase_extract.chunk`.
        overlap: As for :func:`~ragbase_extract.chunk`.
        tokenizer: As for :func:`~ragbase_extract.chunk`.
        strategy: As for :func:`~ragbase_extract.chunk`.
        contextualized: The text is the chunk's ``contextualized_text`` (what to
            embed), else its bare ``text``.

    Example:
        >>> from ragbase_extract.integrations.llamaindex import RagbaseReader
        >>> nodes = RagbaseReader(max_tokens=256).load_data(["a.pdf", "b.docx"])  # doctest: +SKIP

    .. versionadded:: 0.1
    """

    def __init__(
        self,
        *,
        backend: str | Backend = "auto",
        options: ExtractOptions | None = None,
        max_tokens: int = 512,
        overlap: int = 0,
        tokenizer: TokenizerLike | None = None,
        strategy: Strategy = "section",
        contextualized: bool = True,
    ) -> None:
        self.settings = LoadSettings(
            backend=backend,
            options=options,
            max_tokens=max_tokens,
            overlap=overlap,
            tokenizer=tokenizer,
            strategy=strategy,
            contextualized=contextualized,
        )

    # Narrower than BaseReader's (*args, **kwargs), as LlamaIndex's own file
    # readers are: SimpleDirectoryReader calls load_data(file, extra_info=...).
    def lazy_load_data(
        self,
        file: PathLike | Iterable[PathLike],
        extra_info: Mapping[str, Any] | None = None,
    ) -> Iterator[Document]:
        """Yield one ``Document`` per chunk of each file, file by file.

        Args:
            file: One path or an iterable of paths.
            extra_info: Metadata added to every ``Document`` (for example
                what ``SimpleDirectoryReader`` passes).
        """
        for path, chunks in iter_chunks(paths_of(file), self.settings):
            nodes = to_llamaindex(chunks, contextualized=self.settings.contextualized)
            for node, piece in zip(nodes, chunks, strict=True):
                metadata = {**node.metadata, **citation_metadata(piece, path), **(extra_info or {})}
                yield Document(
                    id_=node.id_,
                    text=node.text,
                    metadata=metadata,
                    excluded_embed_metadata_keys=list(_HIDDEN_KEYS),
                    excluded_llm_metadata_keys=list(_HIDDEN_KEYS),
                )

    def load_data(
        self,
        file: PathLike | Iterable[PathLike],
        extra_info: Mapping[str, Any] | None = None,
    ) -> list[Document]:
        """All of :meth:`lazy_load_data` as a list."""
        return list(self.lazy_load_data(file, extra_info))
