"""The one-call entry point: :func:`extract`, and :func:`aextract` for asyncio code."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ._empty import warn_if_empty
from ._ocr import warn_missing_ocr
from ._options import ExtractOptions
from ._pipeline import extract_in_process

if TYPE_CHECKING:
    from ._backends import Backend
    from ._model import Document
    from ._page_progress import PageProgressCallback
    from ._source import SourceLike

__all__ = ["aextract", "extract", "extract_in_process"]


def extract(
    source: SourceLike,
    *,
    backend: str | Backend = "auto",
    options: ExtractOptions | None = None,
    on_progress: PageProgressCallback | None = None,
) -> Document:
    """Extract a document into a typed :class:`~ragbase_extract.Document`.

    Args:
        source: A path, the document's bytes, or a binary file object.
        backend: ``"auto"`` (choose by detected format), a backend name such as
            ``"pymupdf"``, or a :class:`~ragbase_extract.Backend` instance.
        options: Page selection, password and limits; defaults apply when omitted.
        on_progress: Called as ``on_progress(pages_done, pages_total)`` in this
            thread while the pages are extracted, also from a worker process
            (see :data:`~ragbase_extract.PageProgressCallback`).

    Returns:
        The extracted document.

    Raises:
        UnsupportedFormatError: No backend reads this format.
        BackendUnavailableError: The backend needed is not installed (the
            message names the extra).
        EncryptedDocumentError: The document needs a password, or the one given
            is wrong.
        CorruptDocumentError: The bytes cannot be parsed.
        ResourceLimitError: A limit in ``options`` was exceeded (its subclass
            :class:`~ragbase_extract.ExtractionTimeoutError` for ``timeout``).
        ExtractionCrashedError: The worker running a timed extraction died.
        PageOutOfRangeError: ``options.pages`` names pages the document lacks.

    Example:
        >>> from ragbase_extract import extract
        >>> doc = extract(b"# Title\\n\\nSome text.", backend="text")
        >>> [block.kind for block in doc.blocks]
        ['heading', 'paragraph']
    """
    options = options or ExtractOptions()
    run = extract_in_process
    if options.isolated:
        from ._isolation import extract_isolated

        run = extract_isolated
    document = run(source, backend=backend, options=options, on_progress=on_progress)
    warn_missing_ocr(document, stacklevel=2)
    warn_if_empty(document, stacklevel=2)
    return document


async def aextract(
    source: SourceLike,
    *,
    backend: str | Backend = "auto",
    options: ExtractOptions | None = None,
    on_progress: PageProgressCallback | None = None,
) -> Document:
    """:func:`~ragbase_extract.extract` for asyncio code: runs in a thread, never blocks the loop.

    Set ``options.timeout`` to bound the work: cancelling the awaiting task does
    not stop an extraction already running (a thread cannot be interrupted), but
    with a timeout the child process running it is killed when time runs out.

    ``on_progress`` is called in that thread, not the event loop's: to touch
    loop-bound objects from it, go through ``loop.call_soon_threadsafe``.

    .. versionadded:: 0.1
    """
    import asyncio

    return await asyncio.to_thread(
        extract, source, backend=backend, options=options, on_progress=on_progress
    )
