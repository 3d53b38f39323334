"""The warning for a document that was read but holds no text: never a silent empty result."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ._model import Document

__all__ = ["EmptyDocumentWarning", "is_empty", "warn_if_empty"]


class EmptyDocumentWarning(UserWarning):
    """The document is valid but has no content: no blocks, and no page waiting for OCR.

    A presentation with no slides, a blank page, a word-processing file with no
    text: the :class:`~ragbase_extract.Document` is returned (its ``blocks`` and
    ``text`` are empty), and this warning says so, once per document. Pages that
    need OCR (``needs_ocr``) are not empty in this sense: their text is missing,
    which ``Document.ocr_unavailable`` and
    :class:`~ragbase_extract.OcrUnavailableWarning` report.

    .. versionadded:: 0.1
    """


def is_empty(document: Document) -> bool:
    """Whether ``document`` has no blocks and no page flagged ``needs_ocr``."""
    return not document.blocks and not any(page.needs_ocr for page in document.pages)


def warn_if_empty(document: Document | None, *, stacklevel: int) -> None:
    """Warn when ``document`` is empty (:func:`is_empty`).

    Called where a document reaches the caller (``extract``, ``extract_many``),
    never inside worker processes, so the warning shows in the caller's process.
    """
    if document is None or not is_empty(document):
        return
    pages = len(document.pages)
    where = f"{pages} page{'s' if pages != 1 else ''}" if pages else "no pages"
    name = f"{document.source.name}: " if document.source.name else ""
    warnings.warn(
        f"{name}the {document.source.format} document has no content "
        f"({where}, no text, tables or figures)",
        EmptyDocumentWarning,
        stacklevel=stacklevel + 1,
    )
