"""The warm-up a worker process (or the worker server, once for all) runs before work."""

from __future__ import annotations

import contextlib

__all__ = ["warm_up"]


def warm_up() -> None:
    """Import the extraction stack and build the backend registry, once per process."""
    from .._backends import default_registry
    from .._pipeline import extract_in_process  # noqa: F401

    with contextlib.suppress(Exception):
        # Without PyMuPDF 2's layout-model add-ons, as the backend imports it.
        from .._backends.pymupdf._import import load_pymupdf

        load_pymupdf()
    with contextlib.suppress(Exception):
        default_registry()
