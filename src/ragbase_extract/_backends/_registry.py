"""Resolving a backend by name or by format, built-ins first, then entry points."""

from __future__ import annotations

import functools
import warnings
from collections.abc import Iterable, Iterator
from importlib.metadata import entry_points

from .._errors import UnknownBackendError, UnsupportedFormatError
from .._formats import LEGACY_OFFICE, Format
from .._optional import unavailable
from ._protocol import Backend

__all__ = ["ENTRY_POINT_GROUP", "BackendRegistry", "default_registry"]

ENTRY_POINT_GROUP = "ragbase_extract.backends"


class BackendRegistry:
    """An immutable, ordered set of backends; order is the ``"auto"`` preference.

    .. versionadded:: 0.1
    """

    def __init__(self, backends: Iterable[Backend]) -> None:
        self._backends = tuple(backends)
        names = [b.name for b in self._backends]
        duplicates = {n for n in names if names.count(n) > 1}
        if duplicates:
            raise ValueError(f"duplicate backend names: {sorted(duplicates)}")

    @classmethod
    def from_environment(cls) -> BackendRegistry:
        """Built-in backends, then those registered under :data:`~ragbase_extract.backends.ENTRY_POINT_GROUP`."""
        return cls([*_builtin_backends(), *_entry_point_backends()])

    def __iter__(self) -> Iterator[Backend]:
        return iter(self._backends)

    @property
    def names(self) -> tuple[str, ...]:
        """Backend names in preference order."""
        return tuple(b.name for b in self._backends)

    def get(self, name: str) -> Backend:
        """The backend called ``name``.

        Raises:
            UnknownBackendError: No backend has that name (a ``ValueError``).
        """
        for backend in self._backends:
            if backend.name == name:
                return backend
        raise UnknownBackendError(
            f"no backend named {name!r}; known backends: {', '.join(self.names)}",
            backend=name,
            known=self.names,
        )

    def resolve(self, fmt: Format | None, backend: str | Backend = "auto") -> Backend:
        """Choose the backend for a document of format ``fmt``.

        Raises:
            UnknownBackendError: ``backend`` names no known backend.
            UnsupportedFormatError: The format is unknown or no backend reads it.
            BackendUnavailableError: The backend that reads it is not installed.
        """
        if not isinstance(backend, str):
            return backend
        if backend != "auto":
            chosen = self.get(backend)
            _require_available(chosen)
            if fmt is not None and fmt not in chosen.formats:
                raise UnsupportedFormatError(
                    f"backend {chosen.name!r} does not read {fmt} documents", format=str(fmt)
                )
            return chosen
        if fmt is None:
            raise UnsupportedFormatError("unrecognised format: the bytes match no known signature")
        candidates = [b for b in self._backends if fmt in b.formats]
        for candidate in candidates:
            if candidate.is_available():
                return candidate
        if not candidates:
            hint = (
                " (legacy binary Office: save it as DOCX/PPTX/XLSX)" if fmt in LEGACY_OFFICE else ""
            )
            raise UnsupportedFormatError(f"no backend reads {fmt} documents{hint}", format=str(fmt))
        _require_available(candidates[0])
        return candidates[0]  # pragma: no cover - _require_available raised


def _require_available(backend: Backend) -> None:
    if backend.is_available():
        return
    extra = getattr(backend, "extra", None)
    reason = getattr(backend, "unavailable_reason", None)
    detail = f" ({reason()})" if callable(reason) and reason() else ""
    raise unavailable(
        f"backend {backend.name!r} is not available{detail}",
        backend=backend.name,
        extra=extra if isinstance(extra, str) else None,
    )


def _builtin_backends() -> list[Backend]:
    from .docling import DoclingBackend
    from .pymupdf import PyMuPDFBackend
    from .text import TextBackend

    return [PyMuPDFBackend(), TextBackend(), DoclingBackend()]


def _entry_point_backends() -> list[Backend]:
    found: list[Backend] = []
    for entry in entry_points(group=ENTRY_POINT_GROUP):
        try:
            factory = entry.load()
            backend = factory()
        except Exception as exc:  # a broken plugin must not break extraction
            warnings.warn(
                f"cannot load backend {entry.name!r}: {exc!r}", RuntimeWarning, stacklevel=2
            )
            continue
        if not isinstance(backend, Backend):
            warnings.warn(
                f"entry point {entry.name!r} is not a Backend", RuntimeWarning, stacklevel=2
            )
            continue
        found.append(backend)
    return found


@functools.cache
def default_registry() -> BackendRegistry:
    """The registry ``extract`` uses: built-ins and entry points, read once per process."""
    return BackendRegistry.from_environment()
