"""For backend authors: the protocol, the registry, and what a backend is given.

A backend is any object with the :class:`~ragbase_extract.Backend` attributes and methods; a
package makes one available to ``backend="auto"`` and to ``backend="NAME"`` by
naming a factory under the entry-point group
:data:`~ragbase_extract.backends.ENTRY_POINT_GROUP`::

    [project.entry-points."ragbase_extract.backends"]
    mine = "my_package:MyBackend"

:func:`default_registry` is the registry :func:`~ragbase_extract.extract` uses
(built-ins first, then entry points): ``default_registry().names`` lists the
backends installed here. A backend reports the pages it has done with
:func:`report_progress` (for callers of ``extract(..., on_progress=...)``).
Application code needs only the top-level package.

.. versionadded:: 0.1
"""

from ._backends import ENTRY_POINT_GROUP, Backend, BackendRegistry, default_registry
from ._formats import Format
from ._options import ExtractOptions
from ._page_progress import report_progress
from ._source import Source

__all__ = [
    "ENTRY_POINT_GROUP",
    "Backend",
    "BackendRegistry",
    "ExtractOptions",
    "Format",
    "Source",
    "default_registry",
    "report_progress",
]
