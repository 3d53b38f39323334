"""The exception hierarchy: every failure of :func:`extract` is one of these.

Third-party exceptions (PyMuPDF, Docling, ...) never escape; backends map them
to these types and chain the original with ``raise ... from exc``.
"""

from __future__ import annotations

from typing import Any

__all__ = [
    "BackendUnavailableError",
    "CorruptDocumentError",
    "EncryptedDocumentError",
    "ExtractionCrashedError",
    "ExtractionTimeoutError",
    "PageOutOfRangeError",
    "RagbaseExtractError",
    "ResourceLimitError",
    "UnknownBackendError",
    "UnsupportedFormatError",
]


def _rebuild(cls: type[BaseException], args: tuple[Any, ...], state: dict[str, Any]) -> Any:
    error = cls.__new__(cls, *args)
    Exception.__init__(error, *args)
    error.__dict__.update(state)
    return error


class RagbaseExtractError(Exception):
    """Base class of every error raised by ragbase-extract.

    Errors pickle with their attributes, so they cross process boundaries
    (:func:`~ragbase_extract.extract_many`) intact.

    .. versionadded:: 0.1
    """

    def __reduce__(self) -> tuple[Any, ...]:
        return (_rebuild, (type(self), self.args, dict(self.__dict__)))


class UnsupportedFormatError(RagbaseExtractError, ValueError):
    """The input's format is unknown, or no backend can read it.

    Attributes:
        format: The detected format name, or ``None`` when it was not recognised.

    .. versionadded:: 0.1
    """

    def __init__(self, message: str, *, format: str | None = None) -> None:
        super().__init__(message)
        self.format = format


class BackendUnavailableError(RagbaseExtractError, ImportError):
    """The backend needed is not installed or not usable here.

    The message names the extra to install (``pip install 'ragbase-extract[office]'``)
    or the missing artifact.

    Attributes:
        backend: The backend's name.
        extra: The packaging extra that provides it, when there is one.

    .. versionadded:: 0.1
    """

    def __init__(self, message: str, *, backend: str, extra: str | None = None) -> None:
        super().__init__(message)
        self.backend = backend
        self.extra = extra


class UnknownBackendError(RagbaseExtractError, ValueError):
    """No backend has the name asked for (a typo, or a plugin that is not installed).

    The message lists the backends that are known here.

    Attributes:
        backend: The name asked for.
        known: The names of the known backends, in ``"auto"`` preference order.

    .. versionadded:: 0.1
    """

    def __init__(self, message: str, *, backend: str, known: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.backend = backend
        self.known = known


class EncryptedDocumentError(RagbaseExtractError, PermissionError):
    """The document is encrypted and no password, or a wrong one, was given.

    .. versionadded:: 0.1
    """


class CorruptDocumentError(RagbaseExtractError, ValueError):
    """The bytes claim a format but cannot be parsed as it.

    .. versionadded:: 0.1
    """


class PageOutOfRangeError(RagbaseExtractError, IndexError):
    """``ExtractOptions.pages`` asks for pages the document does not have.

    Attributes:
        pages: The requested page numbers that do not exist.
        page_count: How many pages the document has.

    .. versionadded:: 0.1
    """

    def __init__(self, message: str, *, pages: tuple[int, ...] = (), page_count: int = 0) -> None:
        super().__init__(message)
        self.pages = pages
        self.page_count = page_count


class ResourceLimitError(RagbaseExtractError):
    """A limit from :class:`~ragbase_extract.ExtractOptions` was exceeded.

    Attributes:
        limit: The option's name, for example ``"max_pages"``.
        value: The configured limit.
        actual: What the document needed, where known.

    .. versionadded:: 0.1
    """

    def __init__(
        self,
        message: str,
        *,
        limit: str,
        value: float | None = None,
        actual: float | None = None,
    ) -> None:
        super().__init__(message)
        self.limit = limit
        self.value = value
        self.actual = actual


class ExtractionTimeoutError(ResourceLimitError, TimeoutError):
    """Extraction ran past ``ExtractOptions.timeout`` and its worker was killed.

    .. versionadded:: 0.1
    """


class ExtractionCrashedError(RagbaseExtractError):
    """The worker process running the extraction died (for example a segfault).

    Attributes:
        exitcode: The child's exit code; negative for a signal.

    .. versionadded:: 0.1
    """

    def __init__(self, message: str, *, exitcode: int | None = None) -> None:
        super().__init__(message)
        self.exitcode = exitcode
