"""The backend protocol: what a document-extraction engine provides."""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol, runtime_checkable

if TYPE_CHECKING:
    from .._formats import Format
    from .._model import Document
    from .._options import ExtractOptions
    from .._source import Source

__all__ = ["Backend"]


@runtime_checkable
class Backend(Protocol):
    """An extraction engine. Implement it to add a backend.

    Register a third-party backend under the entry-point group
    ``ragbase_extract.backends``; the entry point names a class or a factory
    that takes no arguments and returns the backend. ``extract`` must map its
    library's exceptions to :mod:`ragbase_extract` errors and import its library
    lazily, inside ``is_available`` or ``extract``.

    An optional ``extra`` attribute (a string) names the packaging extra that
    installs the backend's dependencies; errors quote it.

    .. versionadded:: 0.1
    """

    @property
    def name(self) -> str:
        """Unique, lower-case name, as given to ``extract(..., backend=name)``."""
        ...

    @property
    def formats(self) -> frozenset[Format]:
        """The formats this backend reads."""
        ...

    def is_available(self) -> bool:
        """Whether the backend's dependencies are installed and usable, cheaply."""
        ...

    def extract(self, source: Source, options: ExtractOptions) -> Document:
        """Extract ``source`` into a :class:`~ragbase_extract.Document`."""
        ...
