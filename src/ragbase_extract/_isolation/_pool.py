"""A pool of long-lived worker processes that run extraction tasks under a timeout.

A task's clock starts when it is handed to a ready worker. A worker past its
deadline is killed and replaced, a worker that dies is reaped and replaced, and
every worker is retired after ``max_tasks_per_worker`` tasks.
"""

from __future__ import annotations

import collections
import contextlib
import multiprocessing
import signal
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from multiprocessing.connection import wait
from typing import TYPE_CHECKING, Any, Final

from .._errors import ExtractionCrashedError, ExtractionTimeoutError
from ._handle import Task, WorkerHandle
from ._startup import get_context
from ._wire import PROGRESS, READY, STOP, decode_progress, decode_reply

if TYPE_CHECKING:
    from .._model import Document

__all__ = ["DEFAULT_MAX_TASKS_PER_WORKER", "Outcome", "WorkerPool"]

_STARTUP_LIMIT: Final = 60.0
"""Seconds a new worker may take to report ready before it is considered broken."""

DEFAULT_MAX_TASKS_PER_WORKER: Final = 500
"""Tasks a pool worker runs before it is replaced by a fresh one."""


@dataclass(frozen=True)
class Outcome:
    """What came back for one task.

    ``seconds`` is the extraction time measured in the worker; for a timeout or a
    crash, the time from dispatch until the parent noticed.
    """

    key: Hashable
    result: Document | Exception
    seconds: float


class WorkerPool:
    """``size`` long-lived worker processes running extraction tasks.

    Submit tasks with :meth:`submit` (they queue when every worker is busy) and
    collect :class:`Outcome` objects with :meth:`collect`. Each task runs under
    ``timeout`` seconds (``None``: no limit); a worker past it is killed and
    replaced, and the outcome is an :class:`ExtractionTimeoutError`; a worker
    that dies gives an :class:`ExtractionCrashedError`.
    """

    def __init__(
        self,
        size: int,
        *,
        timeout: float | None,
        max_tasks_per_worker: int | None = DEFAULT_MAX_TASKS_PER_WORKER,
    ) -> None:
        if size < 1:
            raise ValueError("a pool needs at least one worker")
        self._ctx = get_context()
        self._size = size
        self._timeout = timeout
        self._max_tasks = max_tasks_per_worker
        self._workers: list[WorkerHandle] = []
        self._backlog: collections.deque[Task] = collections.deque()
        self._wake_r, self._wake_w = multiprocessing.Pipe(duplex=False)
        self._closed = False

    def __enter__(self) -> WorkerPool:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    @property
    def pending(self) -> int:
        """Tasks submitted and not yet collected."""
        return len(self._backlog) + sum(1 for w in self._workers if w.task is not None)

    def submit(
        self,
        key: Hashable,
        message: bytes,
        *,
        timeout: float | None = None,
        on_progress: Callable[[int, int], object] | None = None,
    ) -> None:
        """Queue one task (from :func:`encode_task`); ``timeout`` overrides the pool's.

        ``on_progress(done, total)`` is called from :meth:`collect` for each
        progress message of the task (encode it with ``progress=True``). If it
        raises, the task's worker is killed and the exception propagates from
        :meth:`collect`; the task has no outcome.
        """
        if self._closed:
            raise RuntimeError("the pool is closed")
        self._backlog.append(Task(key, message, timeout, on_progress))
        self._dispatch()

    def interrupt(self) -> None:
        """Make a :meth:`collect` blocked in another thread return early (thread-safe)."""
        with contextlib.suppress(OSError):  # closed already
            self._wake_w.send_bytes(b"!")

    def collect(self, timeout: float | None = None) -> list[Outcome]:
        """Wait for at least one outcome (or ``timeout`` seconds, or :meth:`interrupt`)."""
        give_up = None if timeout is None else time.monotonic() + timeout
        while True:
            outcomes = self._poll(give_up)
            if outcomes or not self.pending:
                return outcomes
            if give_up is not None and time.monotonic() >= give_up:
                return outcomes
            if self._wake_r.poll():
                while self._wake_r.poll():
                    self._wake_r.recv_bytes()
                return outcomes

    def close(self) -> None:
        """Stop idle workers, kill busy ones, and reap them all; idempotent."""
        if self._closed:
            return
        self._closed = True
        self._backlog.clear()
        workers, self._workers = self._workers, []
        busy = [w for w in workers if w.task is not None or not w.ready]
        idle = [w for w in workers if w not in busy]
        for worker in busy:
            worker.kill()
        for worker in idle:
            with contextlib.suppress(OSError):
                worker.conn.send_bytes(STOP)
        for worker in idle:
            worker.stop()
        self._wake_r.close()
        self._wake_w.close()

    # -- internals

    def _dispatch(self) -> None:
        # Hand queued tasks to idle ready workers; start workers (up to the size)
        # while more tasks wait than workers are booting. Booting workers never
        # hold a task: a task's clock starts only once a worker is ready.
        while self._backlog:
            idle = next((w for w in self._workers if w.ready and w.task is None), None)
            if idle is not None:
                idle.send(self._backlog.popleft())
                continue
            booting = sum(1 for w in self._workers if not w.ready)
            if len(self._workers) < self._size and booting < len(self._backlog):
                self._workers.append(WorkerHandle(self._ctx))
                continue
            return

    def _deadline(self, worker: WorkerHandle) -> float | None:
        if not worker.ready:
            return worker.started + _STARTUP_LIMIT
        limit = self._task_timeout(worker.task)
        if worker.task is not None and limit is not None:
            return worker.task_started + limit
        return None

    def _task_timeout(self, task: Task | None) -> float | None:
        if task is not None and task.timeout is not None:
            return task.timeout
        return self._timeout

    def _poll(self, give_up: float | None) -> list[Outcome]:
        # Tasks queued when the last poll was cut short (a progress callback
        # raised) would otherwise wait on no worker forever.
        self._dispatch()
        now = time.monotonic()
        deadlines = [d for d in map(self._deadline, self._workers) if d is not None]
        if give_up is not None:
            deadlines.append(give_up)
        wait_for = max(0.0, min(deadlines) - now) if deadlines else None
        watched: list[Any] = [self._wake_r]
        for worker in self._workers:
            watched += [worker.conn, worker.process.sentinel]
        ready = set(wait(watched, wait_for))
        outcomes: list[Outcome] = []
        for worker in list(self._workers):
            if worker.conn in ready:
                outcome = self._read(worker)
                if outcome is not None:
                    outcomes.append(outcome)
            elif worker.process.sentinel in ready:
                outcomes += self._died(worker)
        now = time.monotonic()
        for worker in list(self._workers):
            deadline = self._deadline(worker)
            if deadline is not None and now >= deadline:
                outcomes += self._expired(worker, now)
        self._dispatch()
        return outcomes

    def _read(self, worker: WorkerHandle) -> Outcome | None:
        try:
            reply = worker.conn.recv_bytes()
        except (EOFError, OSError):
            outcomes = self._died(worker)
            return outcomes[0] if outcomes else None
        if reply == READY:
            worker.ready = True
            return None
        task = worker.task
        if task is None:  # pragma: no cover - a reply with no task: protocol error
            self._retire(worker, kill=True)
            return None
        if reply[:1] == PROGRESS:
            self._progress(worker, task, reply)
            return None
        worker.task = None
        worker.done += 1
        elapsed = time.monotonic() - worker.task_started
        if self._max_tasks is not None and worker.done >= self._max_tasks:
            self._retire(worker, kill=False)
        result, seconds = decode_reply(reply)
        return Outcome(task.key, result, elapsed if seconds is None else seconds)

    def _progress(self, worker: WorkerHandle, task: Task, message: bytes) -> None:
        counts = decode_progress(message)
        if counts is None or task.on_progress is None:
            return  # a malformed or unasked-for message changes nothing
        try:
            task.on_progress(*counts)
        except BaseException:
            # The caller's callback failed: stop the work it was watching, so
            # no worker runs on for nobody, then let the exception propagate.
            self._retire(worker, kill=True)
            raise

    def _died(self, worker: WorkerHandle) -> list[Outcome]:
        worker.process.join()
        exitcode = worker.process.exitcode
        task = worker.task
        self._workers.remove(worker)
        worker.kill()
        if task is None:
            if not worker.ready and self._backlog:
                # Died while starting: fail one queued task rather than loop forever.
                task = self._backlog.popleft()
                return [Outcome(task.key, _start_failure(exitcode), 0.0)]
            return []
        seconds = time.monotonic() - worker.task_started
        return [Outcome(task.key, _crashed(exitcode), seconds)]

    def _expired(self, worker: WorkerHandle, now: float) -> list[Outcome]:
        self._workers.remove(worker)
        task = worker.task
        worker.kill()
        if not worker.ready:
            if self._backlog:
                queued = self._backlog.popleft()
                return [Outcome(queued.key, _start_failure(None), now - worker.started)]
            return []
        limit = self._task_timeout(task)
        assert task is not None
        assert limit is not None
        seconds = now - worker.task_started
        error = ExtractionTimeoutError(
            f"extraction took longer than timeout={limit:g} s; its worker was killed",
            limit="timeout",
            value=limit,
            actual=round(seconds, 3),
        )
        return [Outcome(task.key, error, seconds)]

    def _retire(self, worker: WorkerHandle, *, kill: bool) -> None:
        self._workers.remove(worker)
        if kill:
            worker.kill()
        else:
            worker.stop()


def _crashed(exitcode: int | None) -> ExtractionCrashedError:
    if exitcode is not None and exitcode < 0:
        try:
            how = f"killed by signal {signal.Signals(-exitcode).name}"
        except ValueError:
            how = f"killed by signal {-exitcode}"
    else:
        how = f"exited with code {exitcode}"
    return ExtractionCrashedError(f"the extraction worker process {how}", exitcode=exitcode)


def _start_failure(exitcode: int | None) -> ExtractionCrashedError:
    detail = "did not start in time" if exitcode is None else f"died while starting ({exitcode})"
    return ExtractionCrashedError(
        f"the extraction worker process {detail}",
        exitcode=exitcode,
    )
