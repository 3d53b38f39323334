"""Running an :class:`ExtractCommand`: collect inputs, extract, write, decide the exit status."""

from __future__ import annotations

import sys
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Final

from .._empty import EmptyDocumentWarning, is_empty
from .._ocr import OcrUnavailableWarning
from .._optional import install_hint
from ._command import ExitStatus, ExtractCommand
from ._inputs import Input, collect_inputs
from ._output import Failure, Progress, Sink
from ._parser import PROG

if TYPE_CHECKING:
    from .._batch import BatchResult
    from .._model import Document

__all__ = ["exit_status", "run"]

_STATUS_BY_ERROR: Final[tuple[tuple[type[BaseException], ExitStatus], ...]] = ()
"""Failures that get their own exit status: the first row matching any failed input's error wins.

Empty today; a failure kind that scripts must tell apart adds a row here and a
member to :class:`ExitStatus`. (OCR needed but not installed is no failure: the
document is written; :func:`run` gives it :attr:`ExitStatus.OCR_UNAVAILABLE`.)
"""


def exit_status(failures: Sequence[Failure]) -> ExitStatus:
    """The command's exit status after these failures (none: :attr:`ExitStatus.OK`)."""
    if not failures:
        return ExitStatus.OK
    for error_type, status in _STATUS_BY_ERROR:
        if any(isinstance(f.error, error_type) for f in failures):
            return status
    return ExitStatus.SOME_FAILED


def _missing_ocr(result: BatchResult, item: Input, progress: Progress) -> bool:
    """Say on standard error when pages of this input needed OCR that is not installed."""
    pages = result.document.ocr_unavailable if result.document is not None else ()
    if pages:
        progress.clear()
        sys.stderr.write(
            f"{PROG}: {item.label}: pages {', '.join(map(str, pages))} need OCR but no OCR "
            f"engine is installed, so their text is missing: {install_hint('ocr')}\n"
        )
        sys.stderr.flush()
    return bool(pages)


def _say_if_empty(result: BatchResult, item: Input, progress: Progress) -> None:
    """Say on standard error when an input was read but has no content (not a failure)."""
    if result.document is not None and is_empty(result.document):
        progress.clear()
        sys.stderr.write(f"{PROG}: {item.label}: the document has no content (written empty)\n")
        sys.stderr.flush()


def _report(failure: Failure, progress: Progress) -> None:
    progress.clear()
    sys.stderr.write(f"{PROG}: {failure.label}: {failure.message}\n")
    sys.stderr.flush()


def _one_by_one(
    inputs: Sequence[Input], extract_one: Callable[[Input], Document]
) -> Iterator[BatchResult]:
    """One result per input, from ``extract_one`` called on each in turn in this process."""
    from .._batch import BatchResult
    from .._errors import RagbaseExtractError

    for index, item in enumerate(inputs):
        label = item.source if isinstance(item.source, str | Path) else index
        start = time.perf_counter()
        try:
            document = extract_one(item)
        except Exception as exc:  # one input's failure, reported like extract_many's
            error = (
                exc
                if isinstance(exc, RagbaseExtractError)
                else RagbaseExtractError(f"{type(exc).__name__}: {exc}")
            )
            if error is not exc:
                error.__cause__ = exc
            yield BatchResult(label, index, error=error, seconds=time.perf_counter() - start)
        else:
            yield BatchResult(label, index, document, seconds=time.perf_counter() - start)


def _in_process(
    command: ExtractCommand, inputs: Sequence[Input], progress: Progress | None = None
) -> Iterator[BatchResult]:
    """One result per input, extracted one after another in this process."""
    from .._api import extract

    def extract_one(item: Input) -> Document:
        return extract(
            item.source,
            backend=command.backend,
            options=command.options,
            on_progress=_page_display(progress, item),
        )

    return _one_by_one(inputs, extract_one)


def _page_display(progress: Progress | None, item: Input) -> Callable[[int, int], None] | None:
    """The ``on_progress`` that redraws the page count of ``item``, if one is shown."""
    if progress is None:
        return None
    return lambda done, total: progress.pages(done, total, item.label)


def _extractions(
    command: ExtractCommand, inputs: Sequence[Input], pages: Progress | None
) -> Iterator[BatchResult]:
    """One result per input, in input order, each extracted in a worker process.

    So a crash, a hang or a memory blow-up in a native library becomes that
    input's error, under the default timeout (600 s) and memory cap (2 GiB)
    when none is given. One input, or ``--workers 1``, runs in a single fork
    of this process (about 0.1 s more than in-process; a worker pool's server
    costs about 2 s to start); several workers use the pool. ``pages``, for a
    single input, shows its page count as the worker reports it.
    """
    from .._batch import extract_many

    if pages is not None:
        return _one_in_a_fork(command, inputs, pages)
    if len(inputs) == 1 or command.workers == 1:
        return _in_one_fork(command, inputs)
    return extract_many(
        [item.source for item in inputs],
        workers=command.workers,
        options=command.options,
        backend=command.backend,
    )


def _in_one_fork(command: ExtractCommand, inputs: Sequence[Input]) -> Iterator[BatchResult]:
    """One result per input, from one worker forked from this process (replaced as needed)."""
    from .._batch import extract_many
    from .._isolation import workers_forked_from_caller

    if _cannot_fork(command):  # pragma: no cover - Windows
        yield from _in_process(command, inputs)
        return
    with workers_forked_from_caller():
        yield from extract_many(
            [item.source for item in inputs],
            workers=1,
            options=command.options,
            backend=command.backend,
        )


def _one_in_a_fork(
    command: ExtractCommand, inputs: Sequence[Input], pages: Progress
) -> Iterator[BatchResult]:
    """:func:`_in_one_fork` for inputs whose pages are shown as the worker reports them."""
    from .._isolation import extract_isolated, workers_forked_from_caller

    if _cannot_fork(command):  # pragma: no cover - Windows
        yield from _in_process(command, inputs, pages)
        return

    def extract_one(item: Input) -> Document:
        return extract_isolated(
            item.source,
            backend=command.backend,
            options=command.options,
            on_progress=_page_display(pages, item),
        )

    with workers_forked_from_caller():
        yield from _one_by_one(inputs, extract_one)


def _cannot_fork(command: ExtractCommand) -> bool:
    """No ``fork`` here (Windows): spawning a worker re-imports everything (seconds).

    Unless a limit needs a worker, keep #9.7's fast path in this process.
    """
    import multiprocessing

    return "fork" not in multiprocessing.get_all_start_methods() and not command.options.isolated


def run(command: ExtractCommand) -> ExitStatus:
    """Extract every input of the command and write the results; the exit status."""
    inputs, problems = collect_inputs(
        command.inputs, sys.stdin.buffer, max_bytes=command.options.max_bytes
    )
    failures = [Failure(label, message) for label, message in problems]
    several = len(inputs) > 1
    shown = command.progress if command.progress is not None else several and sys.stderr.isatty()
    progress = Progress(sys.stderr, len(inputs), enabled=shown)
    for failure in failures:
        _report(failure, progress)
    if not inputs:  # nothing to extract (say, an empty folder) is never a silent success
        return ExitStatus.SOME_FAILED
    sink = Sink(command, sys.stdout, progress, several=several)
    missing_ocr = False
    with warnings.catch_warnings():
        # The lines per input below say it instead of the library's warnings.
        warnings.simplefilter("ignore", OcrUnavailableWarning)
        warnings.simplefilter("ignore", EmptyDocumentWarning)
        pages = progress if shown and not several else None
        for result in _extractions(command, inputs, pages):
            item = inputs[result.index]
            problem = sink.emit(result, item)
            if problem is not None:
                failures.append(problem)
                _report(problem, progress)
            missing_ocr = _missing_ocr(result, item, progress) or missing_ocr
            _say_if_empty(result, item, progress)
            progress.update(result.index + 1, item.label)
    progress.clear()
    if missing_ocr and not failures:
        return ExitStatus.OCR_UNAVAILABLE
    return exit_status(failures)
