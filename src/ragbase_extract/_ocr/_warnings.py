"""The warning category for text that stays missing because OCR could not run."""

from __future__ import annotations

__all__ = ["OcrUnavailableWarning"]


class OcrUnavailableWarning(UserWarning):
    """Pages needed OCR but no OCR engine is installed: their text is missing.

    Emitted once per document; ``Document.ocr_unavailable`` lists the pages.
    Install the engine with ``pip install 'ragbase-extract[ocr]'``, or pass
    ``ocr="never"`` to accept pages without text.

    .. versionadded:: 0.1
    """
