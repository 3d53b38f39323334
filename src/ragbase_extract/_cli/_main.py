"""The entry point: pick the command, run it, turn interruptions into exit statuses.

``ragbase-extract INPUT...`` extracts. A first argument that names a
subcommand in :data:`SUBCOMMANDS` (``ragbase-extract worker ...``) runs that
subcommand instead, with the remaining arguments; its module is imported only
then, so the extract command never pays for it. A file whose name is a
subcommand's is still reachable as ``./NAME`` or after ``--``.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final, cast

from ._command import ExitStatus
from ._parser import PROG

__all__ = ["SUBCOMMANDS", "Subcommand", "main"]


@dataclass(frozen=True, slots=True)
class Subcommand:
    """A command other than extraction, imported when it runs.

    Attributes:
        name: The first argument that selects it.
        target: ``"package.module:function"``; the function takes the remaining
            arguments and returns the exit status.
    """

    name: str
    target: str

    def load(self) -> Callable[[Sequence[str]], int]:
        """Import the subcommand's entry function."""
        module, _, function = self.target.partition(":")
        return cast(
            "Callable[[Sequence[str]], int]", getattr(importlib.import_module(module), function)
        )


SUBCOMMANDS: Final[tuple[Subcommand, ...]] = (
    Subcommand("worker", "ragbase_extract._worker._entry:main"),
)
"""Subcommands by name."""


def _dispatch(argv: Sequence[str]) -> int:
    for subcommand in SUBCOMMANDS:
        if argv and argv[0] == subcommand.name:
            return subcommand.load()(argv[1:])
    from ._parser import parse
    from ._run import run

    return run(parse(argv))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line; returns the exit status (see ``ragbase-extract --help``)."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    try:
        return int(_dispatch(arguments))
    except KeyboardInterrupt:
        sys.stderr.write(f"\n{PROG}: interrupted\n")
        return ExitStatus.INTERRUPTED
    except BrokenPipeError:
        # The reader went away (ragbase-extract ... | head): stop quietly.
        with contextlib.suppress(OSError):
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        return ExitStatus.SOME_FAILED
