"""The warning category for text that stays missing because OCR could not run."""

from __future__ import annotations

import warnings
from typing import TYPE_CHECKING

from .._optional import install_hint

if TYPE_CHECKING:
    from .._model import Document

__all__ = ["OcrUnavailableWarning", "warn_missing_ocr"]


class OcrUnavailableWarning(UserWarning):
    """Pages needed OCR but no OCR engine is installed: their text is missing.

    Emitted once per document; ``Document.ocr_unavailable`` lists the pages.
    Install the engine with ``pip install 'ragbase-extract[ocr]'``, or pass
    ``ocr="never"`` to accept pages without text.

    .. versionadded:: 0.1
    """


def warn_missing_ocr(document: Document | None, *, stacklevel: int) -> None:
    """Warn when ``document`` has pages whose text is missing for want of an OCR engine.

    Called where a document reaches the caller (``extract``, ``extract_many``),
    never inside worker processes, so the warning shows in the caller's process.
    """
    pages = document.ocr_unavailable if document is not None else ()
    if pages:
        name = document.source.name if document is not None else None
        warnings.warn(
            f"{name or 'document'}: pages {list(pages)} need OCR but no OCR engine is "
            f"installed, so their text is missing: {install_hint('ocr')}",
            OcrUnavailableWarning,
            stacklevel=stacklevel + 1,
        )
