"""A LangChain document loader: files in, cited chunks out.

Needs ``langchain-core`` (``pip install 'ragbase-extract[langchain]'``); importing
this module without it raises :class:`~ragbase_extract.BackendUnavailableError`.

.. versionadded:: 0.1
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from .._backends import Backend
from .._chunking import Strategy, TokenizerLike, to_langchain
from .._errors import BackendUnavailableError
from .._optional import install_hint
from .._options import ExtractOptions
from ._common import LoadSettings, PathLike, citation_metadata, iter_chunks, paths_of

try:
    from langchain_core.document_loaders import BaseLoader
    from langchain_core.documents import Document
except ImportError as exc:  # pragma: no cover - the test environment has it
    raise BackendUnavailableError(
        f"ragbase_extract.integrations.langchain needs langchain-core: {install_hint('langchain')}",
        backend="langchain",
        extra="langchain",
    ) from exc

__all__ = ["RagbaseLoader"]


class RagbaseLoader(BaseLoader):
    """Load files as LangChain ``Document`` chunks ready to embed and cite.

    Each file is extracted with :func:`~ragbase_extract.extract` and split with
    :func:`~ragbase_extract.chunk`; one ``Document`` per chunk. Files are read one
    at a time as :meth:`lazy_load` is iterated, so many files need the memory of
    one. A file that cannot be read raises its typed error.

    Metadata: everything :func:`~ragbase_extract.to_langchain` sets (``chunk_id``,
    ``source_sha256``, ``pages``, ``heading_path``, ``start``/``end``, token
    counts, ``block_indices``) plus ``source`` (the path as given), ``page``
    (first page, 1-based, ``None`` for formats without pages) and ``bboxes``
    (``[{"page", "x0", "y0", "x1", "y1"}, ...]`` in PDF points, origin top left).

    Args:
        file_path: One path or an iterable of paths.
        backend: As for :func:`~ragbase_extract.extract`.
        options: As for :func:`~ragbase_extract.extract`.
        max_tokens: As for :func:`~ragbase_extract.chunk`.
        overlap: As for :func:`~ragbase_extract.chunk`.
        tokenizer: As for :func:`~ragbase_extract.chunk`.
        strategy: As for :func:`~ragbase_extract.chunk` (``"page"``: one
            ``Document`` per page, split only when too large).
        contextualized: ``page_content`` is the chunk's ``contextualized_text``
            (heading path first; what to embed), else its bare ``text``.

    Example:
        >>> from ragbase_extract.integrations.langchain import RagbaseLoader
        >>> loader = RagbaseLoader(["a.pdf", "b.docx"], max_tokens=256)  # doctest: +SKIP
        >>> for doc in loader.lazy_load():  # doctest: +SKIP
        ...     print(doc.metadata["source"], doc.metadata["page"])

    .. versionadded:: 0.1
    """

    def __init__(
        self,
        file_path: PathLike | Iterable[PathLike],
        *,
        backend: str | Backend = "auto",
        options: ExtractOptions | None = None,
        max_tokens: int = 512,
        overlap: int = 0,
        tokenizer: TokenizerLike | None = None,
        strategy: Strategy = "section",
        contextualized: bool = True,
    ) -> None:
        self.file_paths = paths_of(file_path)
        self.settings = LoadSettings(
            backend=backend,
            options=options,
            max_tokens=max_tokens,
            overlap=overlap,
            tokenizer=tokenizer,
            strategy=strategy,
            contextualized=contextualized,
        )

    def lazy_load(self) -> Iterator[Document]:
        """Yield one ``Document`` per chunk, file by file, in document order."""
        for path, chunks in iter_chunks(self.file_paths, self.settings):
            documents = to_langchain(chunks, contextualized=self.settings.contextualized)
            for document, piece in zip(documents, chunks, strict=True):
                document.metadata.update(citation_metadata(piece, path))
                yield document
