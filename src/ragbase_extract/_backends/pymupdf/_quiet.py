"""Keeping MuPDF's error messages off standard output while we extract.

PyMuPDF prints MuPDF's recoverable errors ("MuPDF error: library error: zlib
error ...") through ``pymupdf.message``, which writes to ``sys.stdout`` by
default: noise in the Markdown or JSON a program writes there. While any
extraction runs, the display is switched off (PyMuPDF itself does the same
while it opens a document); the previous setting comes back when the last
concurrent extraction ends. The messages stay available from
``pymupdf.TOOLS.mupdf_warnings()``.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from ._import import load_pymupdf

__all__ = ["quiet_mupdf"]

_lock = threading.Lock()
_depth = 0
_saved: bool | None = None


@contextmanager
def quiet_mupdf() -> Iterator[None]:
    """Silence MuPDF error display for the duration of the block (re-entrant, thread-safe)."""
    global _depth, _saved
    tools: Any = load_pymupdf().TOOLS  # PyMuPDF's stubs are partial
    with _lock:
        if _depth == 0:
            _saved = bool(tools.mupdf_display_errors())
            tools.mupdf_display_errors(False)
        _depth += 1
    try:
        yield
    finally:
        with _lock:
            _depth -= 1
            if _depth == 0 and _saved is not None:
                tools.mupdf_display_errors(_saved)
                _saved = None
