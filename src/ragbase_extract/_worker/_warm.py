"""A warm pool of extraction children per worker process, awaited from the event loop.

The pool is the library's own :class:`~ragbase_extract._isolation.WorkerPool`, the
one :func:`~ragbase_extract.extract_many` uses: children import the library and
PyMuPDF once and stay alive across jobs, each job is still killed at its own
timeout, a job past ``max_memory`` fails alone and retires its child, a crashed
or timed-out child is replaced, and every child is retired after
``max_jobs_per_child`` jobs. ``WorkerPool`` is synchronous, so it lives on one
dedicated thread: the event loop only queues requests and awaits futures, and
stays free to renew BullMQ's job locks while documents are extracted.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import pickle
import queue
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .._isolation import WorkerPool, encode_task, pickle_backend, task_payload

if TYPE_CHECKING:
    from pathlib import Path

    from .._backends import Backend
    from .._model import Document
    from .._options import ExtractOptions
    from .._source import Source

__all__ = ["WarmPool"]

_AUTO_BLOB = pickle_backend("auto")


@dataclass(frozen=True)
class _Request:
    """One extraction asked for by the event loop, and where its answer goes."""

    key: int
    message: bytes
    timeout: float
    loop: asyncio.AbstractEventLoop
    future: asyncio.Future[Document]

    def settle(self, result: Document | BaseException) -> None:
        """Hand ``result`` to the awaiting task (from the pool's thread)."""
        with contextlib.suppress(RuntimeError):  # the loop is closed: nobody is waiting
            self.loop.call_soon_threadsafe(_settle, self.future, result)


def _settle(future: asyncio.Future[Document], result: Document | BaseException) -> None:
    if future.done():  # the awaiting job was cancelled meanwhile
        return
    if isinstance(result, BaseException):
        future.set_exception(result)
    else:
        future.set_result(result)


class WarmPool:
    """``size`` long-lived extraction children serving one worker process."""

    def __init__(self, size: int, *, max_jobs_per_child: int | None) -> None:
        self._size = size
        self._max_jobs = max_jobs_per_child
        self._pool = self._new_pool()
        self._inbox: queue.SimpleQueue[_Request | None] = queue.SimpleQueue()
        self._waiting: dict[int, _Request] = {}
        self._keys = itertools.count()
        self._closed = False
        self._thread = threading.Thread(target=self._serve, name="ragbase-extract-pool")
        self._thread.daemon = True  # never keeps a force-stopped worker alive
        self._thread.start()

    def _new_pool(self) -> WorkerPool:
        return WorkerPool(self._size, timeout=None, max_tasks_per_worker=self._max_jobs)

    async def extract(
        self,
        source: Path | Source | bytes,
        options: ExtractOptions,
        backend: str | Backend = "auto",
    ) -> Document:
        """Extract ``source`` in a warm child, killed after ``options.worker_timeout`` s.

        Raises:
            ExtractionTimeoutError: The child ran past the timeout and was killed.
            ExtractionCrashedError: The child died.
            RagbaseExtractError: Whatever :func:`~ragbase_extract.extract` raises.
            RuntimeError: The pool is closed.
        """
        if self._closed:
            raise RuntimeError("the extraction pool is closed")
        message = encode_task(
            task_payload(source, options.max_bytes),
            _AUTO_BLOB if backend == "auto" else pickle_backend(backend),
            pickle.dumps(options, protocol=pickle.HIGHEST_PROTOCOL),
        )
        loop = asyncio.get_running_loop()
        future: asyncio.Future[Document] = loop.create_future()
        request = _Request(next(self._keys), message, options.worker_timeout, loop, future)
        self._inbox.put(request)
        self._pool.interrupt()  # wake the thread if it is waiting on busy children
        return await future

    def close(self, timeout: float = 10.0) -> None:
        """Stop idle children, kill busy ones; requests still waiting fail."""
        if self._closed:
            return
        self._closed = True
        self._inbox.put(None)
        self._pool.interrupt()
        self._thread.join(timeout)

    # -- the pool's thread

    def _serve(self) -> None:
        try:
            while self._take(block=not self._pool.pending):
                try:
                    outcomes = self._pool.collect()
                except Exception as exc:  # a child could not start: fail what waits, start over
                    self._fail_all(exc)
                    self._pool.close()
                    self._pool = self._new_pool()
                    continue
                for outcome in outcomes:
                    request = self._waiting.pop(outcome.key, None)  # type: ignore[call-overload]
                    if request is not None:
                        request.settle(outcome.result)
        finally:
            self._pool.close()
            self._fail_all(RuntimeError("the extraction pool was closed"))

    def _take(self, *, block: bool) -> bool:
        """Submit queued requests (waiting for one if ``block``); false once closed."""
        try:
            request = self._inbox.get(block=block)
        except queue.Empty:
            return True
        while request is not None:
            self._waiting[request.key] = request
            try:
                self._pool.submit(request.key, request.message, timeout=request.timeout)
            except Exception as exc:  # no child could be started for it
                self._waiting.pop(request.key, None)
                request.settle(exc)
            try:
                request = self._inbox.get_nowait()
            except queue.Empty:
                return True
        return False

    def _fail_all(self, error: BaseException) -> None:
        waiting, self._waiting = self._waiting, {}
        for request in waiting.values():
            request.settle(error)
