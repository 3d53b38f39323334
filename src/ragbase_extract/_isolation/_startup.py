"""How worker processes start: the worker server where the platform forks, else spawn.

Where the platform can fork (Linux, macOS, the BSDs), workers are forks of this
package's own worker server (:mod:`._server`), a fresh interpreter that has
imported only this library and PyMuPDF; elsewhere (Windows) they come from
:mod:`multiprocessing`'s ``"spawn"`` context, which re-imports the caller's
main module in every worker (so scripts there need the
``if __name__ == "__main__":`` guard).
"""

from __future__ import annotations

import multiprocessing
import threading
from typing import TYPE_CHECKING

from ._spawner import available

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

__all__ = ["get_context"]

_context_lock = threading.Lock()
_context: BaseContext | None = None


def get_context() -> BaseContext | None:
    """``None`` where workers come from the worker server, else the ``spawn`` context."""
    global _context
    with _context_lock:
        if _context is None and not available():  # pragma: no cover - Windows
            _context = multiprocessing.get_context("spawn")
        return _context
