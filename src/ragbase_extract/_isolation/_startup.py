"""How worker processes start: the multiprocessing context, the fork server, warm-up.

Children come from the ``"forkserver"`` context where the platform has it and
from ``"spawn"`` elsewhere. The fork server preloads this package and PyMuPDF,
and builds the backend registry once, so that every child it forks starts warm.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import threading
from typing import TYPE_CHECKING, Final

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext

__all__ = ["WARM_ENV", "get_context", "warm_up"]

_PRELOAD: Final = ("ragbase_extract._isolation", "pymupdf")
"""Modules the fork server imports once, before it forks any worker."""

WARM_ENV: Final = "_RAGBASE_EXTRACT_WARM_FORKSERVER"
"""Set in the fork server's environment so that importing the package warms it up."""

_context_lock = threading.Lock()
_context: BaseContext | None = None


def get_context() -> BaseContext:
    """The multiprocessing context for workers: forkserver where available, else spawn."""
    global _context
    with _context_lock:
        if _context is None:
            if "forkserver" in multiprocessing.get_all_start_methods():
                _context = multiprocessing.get_context("forkserver")
                _start_forkserver()
            else:  # pragma: no cover - Windows
                _context = multiprocessing.get_context("spawn")
        return _context


def _start_forkserver() -> None:
    # Add our modules to the fork server's preload list without dropping the
    # application's own (multiprocessing keeps one fork server per process), and
    # start it with a marker in its environment so that importing this module
    # there also warms the backend registry (see the package's ``__init__``): every child then starts warm. When
    # the server already runs, this changes nothing and children warm up
    # themselves before reporting ready.
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    current = list(getattr(server, "_preload_modules", None) or ["__main__"])
    wanted = current + [m for m in _PRELOAD if m not in current]
    multiprocessing.get_context("forkserver").set_forkserver_preload(wanted)
    os.environ[WARM_ENV] = "1"
    try:
        forkserver.ensure_running()
    finally:
        os.environ.pop(WARM_ENV, None)


def warm_up() -> None:
    """Import the extraction stack and build the backend registry, once per process."""
    from .._api import extract_in_process  # noqa: F401
    from .._backends import default_registry

    with contextlib.suppress(Exception):
        import pymupdf  # noqa: F401
    with contextlib.suppress(Exception):
        default_registry()
