"""What a command line asks for, parsed once into frozen values (no argparse past the parser)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .._chunking import Chunk, Tokenizer
    from .._model import Document, TableFormat
    from .._options import ExtractOptions

__all__ = ["ChunkSettings", "ExitStatus", "ExtractCommand", "OutputFormat"]


class ExitStatus(IntEnum):
    """The command's exit statuses (documented in ``--help`` and docs/cli.rst)."""

    OK = 0
    """Every input was extracted."""
    SOME_FAILED = 1
    """Some inputs failed; the others were still written."""
    USAGE = 2
    """Bad usage (argparse's own status): nothing was extracted."""
    OCR_UNAVAILABLE = 3
    """Every input was written, but pages of some need OCR and no OCR engine is installed."""
    INTERRUPTED = 130
    """Ctrl-C (128 + SIGINT, the shell convention)."""


@dataclass(frozen=True, slots=True)
class ChunkSettings:
    """How ``--format chunks`` cuts documents: the arguments of :func:`~ragbase_extract.chunk`.

    ``tokenizer`` is made once from ``--tokenizer`` when the command line is
    parsed (``None``: the default tokenizer).
    """

    max_tokens: int = 512
    overlap: int = 0
    strategy: str = "section"
    tokenizer: Tokenizer | None = None

    def chunks(self, document: Document) -> list[Chunk]:
        """The document's chunks under these settings."""
        from .._chunking import chunk

        return chunk(
            document,
            max_tokens=self.max_tokens,
            overlap=self.overlap,
            tokenizer=self.tokenizer,
            strategy=self.strategy,  # type: ignore[arg-type]  # checked by the parser
        )


@dataclass(frozen=True, slots=True)
class OutputFormat:
    """One ``--format`` choice: how a document becomes text and how its output is named.

    Attributes:
        name: The ``--format`` value.
        suffix: Added to the input's name for the file written with ``-o``.
        render: ``render(document, command, to_file)`` -> the text to write.
        banner: Written before each document on standard output when there are
            several (``{label}`` is the input's name); ``""`` when the format's
            lines name their source themselves.
    """

    name: str
    suffix: str
    render: Callable[[Document, ExtractCommand, bool], str]
    banner: str = ""


@dataclass(frozen=True, slots=True)
class ExtractCommand:
    """``ragbase-extract [options] INPUT...``: extract inputs and write them out.

    Attributes:
        inputs: The INPUT arguments as given (files, folders, globs, ``-``).
        output_format: What to write.
        output_dir: Write one file per input here; ``None``: standard output.
        backend: A backend name or ``"auto"`` (checked against the registry).
        workers: Worker processes; ``None``: the number of CPUs.
        options: The extraction options every input gets.
        chunking: Used when ``output_format`` is chunks.
        progress: ``--progress`` (``True``), ``--no-progress`` (``False``), or
            neither (``None``: progress for several inputs on a terminal).
        table_format: How ``--format markdown`` writes tables (``--tables``).
    """

    inputs: tuple[str, ...]
    output_format: OutputFormat
    output_dir: Path | None
    backend: str
    workers: int | None
    options: ExtractOptions
    chunking: ChunkSettings
    progress: bool | None = None
    table_format: TableFormat = "auto"
