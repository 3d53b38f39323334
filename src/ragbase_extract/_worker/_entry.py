"""``ragbase-extract worker``: check the extra is installed, then run the worker CLI."""

from __future__ import annotations

import sys
from collections.abc import Sequence

from .._errors import BackendUnavailableError
from .._optional import import_optional

__all__ = ["REQUIRED", "check_installed", "main"]

REQUIRED = (
    ("bullmq", "bullmq"),
    ("redis", "redis"),
    ("httpx", "httpx"),
    ("pydantic_settings", "pydantic-settings"),
    ("structlog", "structlog"),
)
"""(module, distribution) pairs the ``[worker]`` extra installs."""


def check_installed() -> None:
    """Raise :class:`BackendUnavailableError` naming the extra when a package is missing."""
    for module, package in REQUIRED:
        import_optional(module, needed_by="the worker", package=package, extra="worker")


def main(argv: Sequence[str] | None = None) -> int:
    """The ``worker`` subcommand; exit status 2 when the extra is missing."""
    try:
        check_installed()
    except BackendUnavailableError as exc:
        print(f"ragbase-extract worker: {exc}", file=sys.stderr)
        return 2
    from ._cli import main as run

    return run(argv)
