"""Docling's failures as our errors: one table for the whole backend.

Docling raises library and Python exceptions (``ValueError``, ``KeyError``,
``lxml`` errors, ...) with no common base, so anything not in the table is a
document Docling could not parse. A locked PDF is found before Docling runs,
through PyMuPDF's API (:func:`~._pdf_pipeline.check_password`), not from the
text of Docling's messages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Final

from ..._errors import (
    BackendUnavailableError,
    CorruptDocumentError,
    RagbaseExtractError,
    ResourceLimitError,
)
from ..._optional import unavailable

__all__ = ["EXTRA", "PDF_EXTRA", "docling_unavailable", "map_error"]

EXTRA: Final = "office"
"""The extra that installs Docling's light format backends."""

PDF_EXTRA: Final = "docling"
"""The extra that installs Docling's PDF pipeline (torch and the layout models' code)."""

_Mapper = Callable[[BaseException, str], RagbaseExtractError]

_TABLE: Final[tuple[tuple[type[BaseException], _Mapper], ...]] = (
    (
        MemoryError,
        lambda exc, what: ResourceLimitError(f"ran out of memory reading {what}", limit="memory"),
    ),
    (RecursionError, lambda exc, what: CorruptDocumentError(f"{what} nests too deeply to parse")),
)


def map_error(exc: BaseException, what: str, failed: str) -> RagbaseExtractError:
    """Our error for ``exc`` raised while Docling read ``what``.

    Args:
        exc: What Docling raised.
        what: The input's name, for the message.
        failed: The message of a parse failure, before the exception's own
            (``"report.docx is not a readable docx document"``).
    """
    if isinstance(exc, RagbaseExtractError):
        return exc
    for kind, mapper in _TABLE:
        if isinstance(exc, kind):
            return mapper(exc, what)
    return CorruptDocumentError(f"{failed}: {type(exc).__name__}: {exc}")


def docling_unavailable(problem: str, *, extra: str = EXTRA) -> BackendUnavailableError:
    """A :class:`~ragbase_extract.BackendUnavailableError` of this backend with its install hint."""
    return unavailable(problem, backend="docling", extra=extra)
