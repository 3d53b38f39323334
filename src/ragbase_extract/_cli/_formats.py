"""The ``--format`` choices: one table, read by the parser (choices) and the output (everything else)."""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType
from typing import TYPE_CHECKING, Final

from ._command import ExtractCommand, OutputFormat

if TYPE_CHECKING:
    from .._model import Document

__all__ = ["DEFAULT_FORMAT", "FORMATS"]


def _markdown(document: Document, command: ExtractCommand, to_file: bool) -> str:
    return document.to_markdown(table_format=command.table_format)


def _text(document: Document, command: ExtractCommand, to_file: bool) -> str:
    return document.text + "\n"


def _json(document: Document, command: ExtractCommand, to_file: bool) -> str:
    # Indented for people in files; one document per line (JSON Lines) on stdout.
    return document.to_json(indent=2 if to_file else None) + "\n"


def _chunks(document: Document, command: ExtractCommand, to_file: bool) -> str:
    return "".join(c.model_dump_json() + "\n" for c in command.chunking.chunks(document))


FORMATS: Final[Mapping[str, OutputFormat]] = MappingProxyType(
    {
        f.name: f
        for f in (
            OutputFormat("markdown", ".md", _markdown, banner="<!-- source: {label} -->\n"),
            OutputFormat("json", ".json", _json),
            OutputFormat("text", ".txt", _text, banner="==> {label} <==\n"),
            OutputFormat("chunks", ".jsonl", _chunks),
        )
    }
)
"""Every ``--format`` value, in the order ``--help`` lists them."""

DEFAULT_FORMAT: Final = "markdown"
