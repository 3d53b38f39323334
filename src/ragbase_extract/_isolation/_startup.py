"""How worker processes start: the worker server where the platform forks, else spawn.

Where the platform can fork (Linux, macOS, the BSDs), workers are forks of this
package's own worker server (:mod:`._server`), a fresh interpreter that has
imported only this library and PyMuPDF; elsewhere (Windows) they come from
:mod:`multiprocessing`'s ``"spawn"`` context, which re-imports the caller's
main module in every worker (so scripts there need the
``if __name__ == "__main__":`` guard).

A process that is only this library (the CLI) may instead fork its workers from
itself, inside :func:`workers_forked_from_caller`: no server to start, and the
library is already imported, so one isolated file costs little more than an
in-process one. Never for a caller with other threads (forking them is unsafe)
or user code in ``__main__``.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import threading
from collections.abc import Iterator
from contextvars import ContextVar
from typing import TYPE_CHECKING

from ._spawner import available

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

__all__ = ["get_context", "workers_forked_from_caller"]

_fork_caller: ContextVar[bool] = ContextVar("ragbase_extract_fork_caller", default=False)

_context_lock = threading.Lock()
_context: BaseContext | None = None


def get_context() -> BaseContext | None:
    """How new workers start: ``None`` for the worker server, else a multiprocessing context.

    The ``fork`` context inside :func:`workers_forked_from_caller` (where the
    platform forks and this process runs one thread), else ``None`` where the
    worker server is available, else ``spawn``.
    """
    global _context
    if (
        _fork_caller.get()
        and "fork" in multiprocessing.get_all_start_methods()
        and threading.active_count() == 1
    ):
        return multiprocessing.get_context("fork")
    with _context_lock:
        if _context is None and not available():  # pragma: no cover - Windows
            _context = multiprocessing.get_context("spawn")
        return _context


@contextlib.contextmanager
def workers_forked_from_caller() -> Iterator[None]:
    """Within the block, pools start their workers as forks of this process (see above)."""
    previous = _fork_caller.get()
    _fork_caller.set(True)
    try:
        yield
    finally:
        _fork_caller.set(previous)
