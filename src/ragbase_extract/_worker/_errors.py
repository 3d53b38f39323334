"""How the worker classifies a failure: final at once, or worth another attempt."""

from __future__ import annotations

from .._errors import (
    BackendUnavailableError,
    CorruptDocumentError,
    EncryptedDocumentError,
    ExtractionCrashedError,
    ExtractionTimeoutError,
    PageOutOfRangeError,
    ResourceLimitError,
    UnsupportedFormatError,
)
from ._callback import CallbackRejectedError

__all__ = ["InvalidJobError", "SourceUnavailableError", "is_final"]


class InvalidJobError(ValueError):
    """``job.data`` does not follow the job contract (reported as ``InvalidJobError``)."""


class SourceUnavailableError(OSError):
    """The job's ``source.path`` is missing, unreadable or outside ``source_root``."""


# The same bytes and options fail the same way every time: retrying only wastes
# a worker. A missing extra is final too: workers of one deployment share an image.
_FINAL: tuple[type[BaseException], ...] = (
    InvalidJobError,
    SourceUnavailableError,
    UnsupportedFormatError,
    EncryptedDocumentError,
    CorruptDocumentError,
    ResourceLimitError,
    PageOutOfRangeError,
    BackendUnavailableError,
    CallbackRejectedError,
)


def is_final(error: BaseException) -> bool:
    """Whether no later attempt of the same job can succeed.

    Timeouts, crashed children, callback endpoints that stay down and anything
    unexpected are not final: BullMQ retries them per the job's ``attempts``.
    """
    # ExtractionTimeoutError is a ResourceLimitError too, but a slow or busy
    # machine may finish next time: retried, as a crashed child is.
    if isinstance(error, ExtractionTimeoutError | ExtractionCrashedError):
        return False
    return isinstance(error, _FINAL)
