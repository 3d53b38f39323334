"""Many documents: :func:`extract_many` over a pool of killable workers, and its async form.

Every document runs in one of ``workers`` long-lived worker processes
(:class:`~ragbase_extract._isolation.WorkerPool`): a document that hangs is
killed at ``ExtractOptions.timeout`` and its worker replaced, a document that
crashes its worker becomes an :class:`ExtractionCrashedError` for that file
alone, and the batch goes on. At most ``2 × workers`` documents are in flight
(read, queued, running or waiting to be yielded in order) at any time, and the
input iterable is consumed lazily, so the parent's memory does not grow with
the number of files.
"""

from __future__ import annotations

import os
import pickle
import threading
import time
from collections.abc import AsyncIterator, Callable, Generator, Iterable, Iterator, Sized
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Final, TypeAlias, cast

from ._empty import warn_if_empty
from ._errors import RagbaseExtractError
from ._ocr import warn_missing_ocr
from ._options import ExtractOptions

if TYPE_CHECKING:
    from ._backends import Backend
    from ._isolation import Outcome, WorkerPool
    from ._model import Document
    from ._source import SourceLike

__all__ = ["BatchResult", "ProgressCallback", "aextract_many", "extract_many"]

SourceLabel: TypeAlias = "str | os.PathLike[str] | int"
"""How a :class:`BatchResult` names its input: the path as given, a stream's name, or the index."""

ProgressCallback: TypeAlias = "Callable[[int, int | None, BatchResult], object]"
"""``on_progress(done, total, result)``: ``total`` is ``None`` when the input has no ``len()``."""

_IN_FLIGHT_PER_WORKER: Final = 2
"""In-flight documents allowed per worker (running, queued, or waiting to be yielded)."""


@dataclass(frozen=True, slots=True)
class BatchResult:
    """The outcome of one input of :func:`extract_many`: a document or an error, never both.

    Attributes:
        source: The input as given when it was a path (``str`` or ``PathLike``),
            a binary stream's file name, or else the input's ``index``.
        index: The input's 0-based position in ``sources``.
        document: The extracted document, or ``None`` when extraction failed.
        error: Why it failed (an instance of a
            :class:`~ragbase_extract.RagbaseExtractError` subclass), or ``None``.
            Errors that are not ours, such as a missing file's
            :class:`FileNotFoundError`, are wrapped in a plain
            :class:`~ragbase_extract.RagbaseExtractError` with the original as
            ``__cause__``.
        seconds: Extraction time of this document, measured in its worker (for
            a timeout or a crash: from dispatch until it was detected).

    .. versionadded:: 0.1
    """

    source: SourceLabel
    index: int
    document: Document | None = field(default=None, repr=False)
    error: RagbaseExtractError | None = None
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        """``True`` when the document was extracted."""
        return self.error is None

    def unwrap(self) -> Document:
        """The document, or raise the error.

        Raises:
            RagbaseExtractError: The error this result holds.
        """
        if self.error is not None:
            raise self.error
        assert self.document is not None
        return self.document


class _Control:
    """Lets another thread stop a running batch promptly (used by :func:`aextract_many`)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._cancelled = False
        self._pool: WorkerPool | None = None

    @property
    def cancelled(self) -> bool:
        return self._cancelled

    def attach(self, pool: WorkerPool | None) -> None:
        with self._lock:
            self._pool = pool

    def cancel(self) -> None:
        with self._lock:
            self._cancelled = True
            if self._pool is not None:
                self._pool.interrupt()


def extract_many(
    sources: Iterable[SourceLike],
    *,
    workers: int | None = None,
    options: ExtractOptions | None = None,
    backend: str | Backend = "auto",
    ordered: bool = True,
    on_progress: ProgressCallback | None = None,
) -> Generator[BatchResult, None, None]:
    """Extract many documents in parallel worker processes, one result per input.

    One bad file never stops the batch: its :class:`BatchResult` holds the error.
    Work is lazy: nothing starts until the first result is requested, ``sources``
    may be a generator, and at most ``2 × workers`` documents are in flight, so
    memory stays flat over thousands of files. Closing the iterator early (or
    leaving a ``for`` loop with ``break``) stops the workers.

    Args:
        sources: Paths, bytes or binary streams (streams are read in this
            process, the others in the workers).
        workers: Worker processes; defaults to ``os.cpu_count()`` (and never more
            than the number of inputs, when that is known).
        options: Applied to every document; ``options.timeout`` is enforced per
            document by killing and replacing the worker that runs past it.
        backend: A backend name, ``"auto"``, or a picklable
            :class:`~ragbase_extract.Backend` instance (a module-level class, so
            the workers can import it).
        ordered: Yield results in input order (``True``), or as they complete.
        on_progress: Called as ``on_progress(done, total, result)`` before each
            result is yielded; ``total`` is ``len(sources)`` or ``None``.

    Yields:
        One :class:`BatchResult` per input.

    Raises:
        ValueError: ``workers`` is less than 1.
        TypeError: ``backend`` is an instance that cannot be pickled.

    Example:
        >>> from ragbase_extract import extract_many
        >>> for result in extract_many(["a.pdf", "b.docx"], workers=2):  # doctest: +SKIP
        ...     if result.ok:
        ...         print(result.source, len(result.document.text))
        ...     else:
        ...         print(result.source, type(result.error).__name__, result.error)

    .. versionadded:: 0.1
    """
    settings = _Settings.make(sources, workers, options, backend, ordered, on_progress)
    return _run(iter(sources), settings, _Control())


@dataclass(frozen=True, slots=True)
class _Settings:
    """One batch's settings, validated once at the call (not at the first ``next()``)."""

    workers: int
    """Worker processes (never more than the inputs, when their number is known)."""
    total: int | None
    """``len(sources)``, or ``None`` for an iterable without a length."""
    options: ExtractOptions
    blobs: tuple[bytes, bytes]
    """The pickled backend and options, sent with every task."""
    ordered: bool
    on_progress: ProgressCallback | None

    @classmethod
    def make(
        cls,
        sources: Iterable[SourceLike],
        workers: int | None,
        options: ExtractOptions | None,
        backend: str | Backend,
        ordered: bool,
        on_progress: ProgressCallback | None,
    ) -> _Settings:
        from ._isolation import pickle_backend

        options = options or ExtractOptions()
        size = (os.cpu_count() or 1) if workers is None else workers
        if size < 1:
            raise ValueError(f"workers must be at least 1, not {workers}")
        total = len(sources) if isinstance(sources, Sized) else None
        if total is not None:
            size = max(1, min(size, total))
        options_blob = pickle.dumps(options, protocol=pickle.HIGHEST_PROTOCOL)
        blobs = (pickle_backend(backend), options_blob)
        return cls(size, total, options, blobs, ordered, on_progress)

    @property
    def window(self) -> int:
        """The most documents in flight at once."""
        return _IN_FLIGHT_PER_WORKER * self.workers


class _Window:
    """The documents in flight: read and submitted, finished, and the next one to yield."""

    def __init__(self, sources: Iterator[SourceLike], settings: _Settings) -> None:
        self._sources = sources
        self._settings = settings
        self._labels: dict[int, SourceLabel] = {}  # admitted and not yet yielded
        self._finished: dict[int, BatchResult] = {}  # waiting for their turn
        self._next_index = 0  # ordered mode: the next index to yield
        self._admitted = 0
        self._exhausted = False

    @property
    def drained(self) -> bool:
        """Every input has been read and yielded."""
        return self._exhausted and not self._labels

    def admit(self, pool: WorkerPool) -> None:
        """Read inputs and submit them until the window is full or the inputs run out."""
        while not self._exhausted and len(self._labels) < self._settings.window:
            try:
                source = next(self._sources)
            except StopIteration:
                self._exhausted = True
                return
            self._submit(source, pool)

    def _submit(self, source: SourceLike, pool: WorkerPool) -> None:
        from ._isolation import encode_task, task_payload

        index = self._admitted
        self._admitted += 1
        label = self._labels[index] = _label(source, index)
        started = time.perf_counter()
        try:
            payload = task_payload(source, self._settings.options.max_bytes)
            message = encode_task(payload, *self._settings.blobs)
        except Exception as exc:  # unreadable stream, unsupported input type...
            seconds = time.perf_counter() - started
            self._finished[index] = BatchResult(label, index, error=_as_error(exc), seconds=seconds)
            return
        pool.submit(index, message)

    def collect(self, pool: WorkerPool) -> None:
        """Wait for the pool to finish at least one document and take its results."""
        for outcome in pool.collect():
            index = cast(int, outcome.key)
            self._finished[index] = _result(self._labels[index], index, outcome)

    def pop_ready(self) -> BatchResult | None:
        """The next result that may be yielded now, or ``None``."""
        if not self._finished:
            return None
        if self._settings.ordered:
            if self._next_index not in self._finished:
                return None
            index = self._next_index
            self._next_index += 1
        else:
            index = next(iter(self._finished))
        del self._labels[index]
        return self._finished.pop(index)


def _run(
    sources: Iterator[SourceLike], settings: _Settings, control: _Control
) -> Generator[BatchResult, None, None]:
    from ._isolation import WorkerPool

    window = _Window(sources, settings)
    pool = WorkerPool(settings.workers, timeout=settings.options.worker_timeout)
    control.attach(pool)
    done = 0
    try:
        while True:
            window.admit(pool)
            while (result := window.pop_ready()) is not None:
                done += 1
                if settings.on_progress is not None:
                    settings.on_progress(done, settings.total, result)
                warn_missing_ocr(result.document, stacklevel=2)
                warn_if_empty(result.document, stacklevel=2)
                yield result
                if control.cancelled:
                    return
            if window.drained:
                return
            if pool.pending:  # else everything outstanding is finished, waiting for its turn
                window.collect(pool)
            if control.cancelled:
                return
    finally:
        control.attach(None)
        pool.close()


def _result(label: SourceLabel, index: int, outcome: Outcome) -> BatchResult:
    from ._model import Document

    if isinstance(outcome.result, Document):
        return BatchResult(label, index, document=outcome.result, seconds=outcome.seconds)
    return BatchResult(label, index, error=_as_error(outcome.result), seconds=outcome.seconds)


def _label(source: object, index: int) -> SourceLabel:
    if isinstance(source, str | os.PathLike):
        return source
    name = getattr(source, "name", None)
    if isinstance(name, str) and name:
        return name
    return index


def _as_error(exc: BaseException) -> RagbaseExtractError:
    if isinstance(exc, RagbaseExtractError):
        return exc
    error = RagbaseExtractError(f"{type(exc).__name__}: {exc}")
    error.__cause__ = exc
    return error


# --------------------------------------------------------------------------- asyncio


_DONE: Final = object()


async def aextract_many(
    sources: Iterable[SourceLike],
    *,
    workers: int | None = None,
    options: ExtractOptions | None = None,
    backend: str | Backend = "auto",
    ordered: bool = True,
    on_progress: ProgressCallback | None = None,
) -> AsyncIterator[BatchResult]:
    """:func:`extract_many` as an async iterator, for asyncio code.

    The batch runs on one helper thread (``sources`` is iterated there, so it
    must be a plain, synchronous iterable); ``on_progress`` is called on that
    thread too. Leaving the ``async for`` early, or cancelling the task, stops the
    workers; use :func:`contextlib.aclosing` to make that immediate.

    Example:
        >>> async def main(paths):  # doctest: +SKIP
        ...     async for result in aextract_many(paths, workers=4):
        ...         print(result.source, result.ok)

    .. versionadded:: 0.1
    """
    import asyncio
    from concurrent.futures import ThreadPoolExecutor

    settings = _Settings.make(sources, workers, options, backend, ordered, on_progress)
    control = _Control()
    iterator = _run(iter(sources), settings, control)
    loop = asyncio.get_running_loop()
    # One dedicated thread: the generator always runs there, and closing it is
    # queued behind a next() still in progress instead of racing it.
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ragbase-extract-batch")
    try:
        while True:
            item = await loop.run_in_executor(executor, next, iterator, _DONE)
            if item is _DONE:
                return
            assert isinstance(item, BatchResult)
            yield item
    finally:
        control.cancel()
        executor.submit(iterator.close)
        executor.shutdown(wait=False)
