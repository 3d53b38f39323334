"""The ``ragbase-extract`` command line: documents in, Markdown, JSON, text or chunks out.

Layout: :mod:`._parser` turns argv into a frozen :class:`ExtractCommand` (the
only place that sees argparse), :mod:`._formats` is the table of ``--format``
choices, :mod:`._inputs` expands INPUT arguments, :mod:`._output` writes
results, :mod:`._run` runs a command and decides the exit status, and
:mod:`._main` is the entry point that also dispatches subcommands.
"""

from ._command import ChunkSettings, ExitStatus, ExtractCommand, OutputFormat
from ._main import SUBCOMMANDS, Subcommand, main
from ._parser import build_parser

__all__ = [
    "SUBCOMMANDS",
    "ChunkSettings",
    "ExitStatus",
    "ExtractCommand",
    "OutputFormat",
    "Subcommand",
    "build_parser",
    "main",
]
