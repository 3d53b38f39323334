"""Where results go: files in ``-o DIR`` or standard output, errors and progress on standard error."""

from __future__ import annotations

import contextlib
import math
import os
import re
import shutil
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Final

from ._command import ExtractCommand

if TYPE_CHECKING:
    from .._batch import BatchResult
    from ._inputs import Input

__all__ = ["Failure", "Progress", "Sink"]

_PAGE_REDRAW: Final = 0.1
"""Seconds between two redraws of a page count (a fast document would flood a slow terminal)."""


@dataclass(frozen=True, slots=True)
class Failure:
    """One input that produced nothing: its message, and the error when there is one."""

    label: str
    message: str
    error: BaseException | None = None


class Progress:
    """A one-line progress display on stderr, redrawn with a carriage return."""

    def __init__(self, stream: IO[str], total: int, *, enabled: bool) -> None:
        self._stream = stream
        self._total = total
        self._enabled = enabled
        self._shown = False
        self._drawn_at = -math.inf

    def update(self, done: int, label: str) -> None:
        """Show ``done`` of the total, naming the input just finished."""
        if self._enabled:
            self._draw(done, self._total, label, "")

    def pages(self, done: int, total: int, label: str) -> None:
        """Show ``done`` of ``total`` pages of one input (at most ten redraws a second)."""
        now = time.monotonic()
        if self._enabled and (done >= total or now - self._drawn_at >= _PAGE_REDRAW):
            self._drawn_at = now
            self._draw(done, total, label, "page ")

    def _draw(self, done: int, total: int, label: str, unit: str) -> None:
        width = shutil.get_terminal_size((80, 24)).columns - 1
        percent = 100 * done // total if total else 100
        line = f"[{unit}{done}/{total}] {percent:3d}% {label}"
        self._stream.write("\r" + line[:width].ljust(width))
        self._stream.flush()
        self._shown = True

    def clear(self) -> None:
        """Erase the line (before anything else is written to the same terminal)."""
        if self._shown:
            width = shutil.get_terminal_size((80, 24)).columns - 1
            self._stream.write("\r" + " " * width + "\r")
            self._stream.flush()
            self._shown = False


_UNSAFE_IN_BANNER = re.compile(r"-(?=-)|[<>%\x00-\x1f\x7f]")


def _umask() -> int:
    # Read by setting it: the CLI writes outputs from its main thread only.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _write_atomically(path: Path, text: str) -> None:
    # A random name created with O_EXCL (mkstemp), so a symlink planted under a
    # predictable temporary name is never followed; os.replace then swaps the
    # name itself, never writing through a symlink at ``path``.
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    temporary = Path(name)
    try:
        os.fchmod(handle, 0o666 & ~_umask())  # mkstemp makes 0600; give what open() would
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        os.replace(temporary, path)
    finally:
        with contextlib.suppress(FileNotFoundError):
            temporary.unlink()


def banner_label(label: str) -> str:
    """``label`` safe inside ``<!-- source: ... -->`` and on one line.

    A file name cannot end the comment (``-->``) or start a new line: ``-``
    before another ``-``, ``<``, ``>`` and control characters are written as
    ``%XX``.
    """
    return _UNSAFE_IN_BANNER.sub(lambda m: f"%{ord(m.group()):02X}", label)


def describe(error: BaseException) -> str:
    """``ErrorType: message`` for a failed input."""
    from .._errors import RagbaseExtractError

    cause = error.__cause__
    if type(error) is RagbaseExtractError and cause is not None:
        # extract_many wraps errors that are not ours (a missing file...): name the original.
        return f"{type(cause).__name__}: {cause}"
    return f"{type(error).__name__}: {error}"


def _describe_failed_extraction(error: BaseException, command: ExtractCommand) -> str:
    from .._errors import EncryptedDocumentError

    if isinstance(error, EncryptedDocumentError) and command.options.password is None:
        # The library's message names ExtractOptions(password=...); here it is a flag.
        return (
            "EncryptedDocumentError: the document is encrypted; give its password with --password"
        )
    return describe(error)


class Sink:
    """Writes each extracted document where the command sends it."""

    def __init__(
        self, command: ExtractCommand, stdout: IO[str], progress: Progress, *, several: bool
    ) -> None:
        self._command = command
        self._format = command.output_format
        self._stdout = stdout
        self._progress = progress
        self._several = several

    def emit(self, result: BatchResult, item: Input) -> Failure | None:
        """Write one result; return what went wrong, or ``None``."""
        if result.error is not None or result.document is None:
            assert result.error is not None
            message = _describe_failed_extraction(result.error, self._command)
            return Failure(item.label, message, result.error)
        to_file = self._command.output_dir is not None
        try:
            text = self._format.render(result.document, self._command, to_file)
        except Exception as exc:  # a renderer or chunker bug: report it for this input
            return Failure(item.label, describe(exc), exc)
        if self._command.output_dir is None:
            self._to_stdout(item, text)
            return None
        target = self._command.output_dir / item.output
        target = target.with_name(target.name + self._format.suffix)
        try:
            _write_atomically(target, text)
        except OSError as exc:
            return Failure(item.label, f"cannot write {target}: {exc}", exc)
        return None

    def _to_stdout(self, item: Input, text: str) -> None:
        self._progress.clear()
        if self._several and self._format.banner:
            self._stdout.write(self._format.banner.format(label=banner_label(item.label)))
        self._stdout.write(text)
        self._stdout.flush()
