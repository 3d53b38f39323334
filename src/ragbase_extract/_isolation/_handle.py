"""The parent's handle on one worker process: start it, send it a task, stop or kill it."""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Hashable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Final

from .._errors import ExtractionCrashedError
from ._child import forked_worker_main, worker_main
from ._spawner import WorkerProcess, connection_pair, start_worker
from ._wire import STOP

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext
    from multiprocessing.process import BaseProcess

__all__ = ["Task", "WorkerHandle"]

_KILL_GRACE: Final = 0.2
"""Seconds between SIGTERM and SIGKILL for a worker past its deadline."""

_STOP_GRACE: Final = 2.0
"""Seconds an idle worker gets to exit after being asked to stop."""


@dataclass
class Task:
    """One submitted task: the caller's key, the encoded message, its own timeout."""

    key: Hashable
    message: bytes
    timeout: float | None = None
    """Seconds this task may run; ``None``: the pool's timeout."""
    on_progress: Callable[[int, int], object] | None = None
    """Called in the parent with the worker's progress messages (pages done, total)."""


class WorkerHandle:
    """A started worker process, the parent's end of its pipe, and the task it runs."""

    def __init__(self, ctx: BaseContext | None) -> None:
        self.process: BaseProcess | WorkerProcess
        if ctx is None:  # from the worker server: never imports the caller's __main__
            parent_end, child_fd = connection_pair()
            try:
                self.process = start_worker(child_fd)
            except OSError as exc:  # no server: too many processes, out of memory, ...
                parent_end.close()
                raise ExtractionCrashedError(
                    f"could not start an extraction worker process: {exc}"
                ) from exc
            finally:
                os.close(child_fd)
        else:  # multiprocessing: "fork" of the caller (the CLI), or "spawn" (Windows)
            parent_end, child_end = ctx.Pipe(duplex=True)
            forked = ctx.get_start_method() == "fork"
            process: BaseProcess = ctx.Process(  # type: ignore[attr-defined]
                target=forked_worker_main if forked else worker_main,
                args=(child_end, os.getpid()) if forked else (child_end,),
                name="ragbase-extract-worker",
                daemon=True,
            )
            if forked:  # the child flushes its copy of unflushed output when it ends
                _flush_std_streams()
            process.start()
            self.process = process
            child_end.close()
        self.conn: Connection = parent_end
        self.started = time.monotonic()
        self.ready = False
        self.task: Task | None = None
        self.task_started = 0.0
        self.done = 0

    def send(self, task: Task) -> None:
        """Hand ``task`` to the worker and start its clock."""
        self.task = task
        self.task_started = time.monotonic()
        with contextlib.suppress(OSError):  # if the worker died, its sentinel reports it
            self.conn.send_bytes(task.message)

    def kill(self) -> None:
        """Terminate the process (SIGKILL after a short grace), reap it, release the pipe."""
        process = self.process
        if process.is_alive():
            process.terminate()
            process.join(_KILL_GRACE)
            if process.is_alive():
                process.kill()
        process.join()
        self._release()

    def stop(self) -> None:
        """Ask the worker to exit; kill it if it has not after a grace period."""
        with contextlib.suppress(OSError):
            self.conn.send_bytes(STOP)
        self.process.join(_STOP_GRACE)
        if self.process.is_alive():
            self.kill()
        else:
            self._release()

    def _release(self) -> None:
        self.conn.close()
        with contextlib.suppress(ValueError):  # still running: cannot happen after join
            self.process.close()


def _flush_std_streams() -> None:
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):  # closed, or None under pythonw
            stream.flush()
