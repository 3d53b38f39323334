"""What runs in a worker process: report ready, then run tasks until told to stop."""

from __future__ import annotations

import multiprocessing
import os
import pickle
import signal
import threading
import time
from collections.abc import Callable
from multiprocessing.connection import Connection, wait

from .._errors import BackendUnavailableError
from ._deathsig import die_with_parent
from ._memory import as_memory_error, memory_cap
from ._warm import warm_up
from ._wire import DOC, READY, SECONDS, STOP, encode_error, encode_progress

__all__ = ["forked_worker_main", "worker_main"]


def _watch_parent() -> None:  # pragma: no cover - runs in the child
    # Spawned workers (Windows): exit when the parent is gone (killed hard, so
    # it could not stop us). A worker stuck in native code that holds the GIL
    # cannot run this thread; the parent's deadline kills it while the parent
    # lives. Workers forked by the worker server have no multiprocessing parent:
    # the server and the kernel stop them (see ._server).
    parent = multiprocessing.parent_process()
    if parent is not None:
        wait([parent.sentinel])
        os._exit(0)


def worker_main(conn: Connection) -> None:  # pragma: no cover - child
    """The worker process's entry point: serve tasks from ``conn`` until told to stop."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, daemon=True).start()
    warm_up()  # before reporting ready: start-up never counts against a timeout
    try:
        conn.send_bytes(READY)
        while True:
            try:
                message = conn.recv_bytes()
            except (EOFError, OSError):
                return
            if message == STOP:
                return
            reply, retire = _run_task(message, conn)
            conn.send_bytes(reply)
            if retire:  # past max_memory: the heap may be in pieces, start afresh
                return
    except (BrokenPipeError, EOFError):
        return


def forked_worker_main(conn: Connection, parent: int) -> None:  # pragma: no cover - child
    """:func:`worker_main` in a fork of the caller: also die with it when it dies (Linux)."""
    die_with_parent(parent)  # the watcher thread cannot run while native code holds the GIL
    worker_main(conn)


def _progress_sender(conn: Connection) -> Callable[[int, int], None]:
    def send(done: int, total: int) -> None:
        # A tiny message per page; the parent reads them while it waits for
        # the reply. A parent gone raises here and ends the task.
        conn.send_bytes(encode_progress(done, total))

    return send


def _run_task(message: bytes, conn: Connection) -> tuple[bytes, bool]:
    """Run one task; the reply, and whether this worker should exit afterwards."""
    from .._pipeline import extract_in_process

    try:
        source, backend, options, progress = pickle.loads(message)
    except Exception as exc:
        return encode_error(
            BackendUnavailableError(
                f"the task could not be loaded in the worker process ({type(exc).__name__}: "
                f"{exc}); a Backend instance must be an instance of a module-level class "
                "importable in a fresh interpreter, or pass the backend's name",
                backend="?",
            )
        ), False
    started = time.perf_counter()
    limit = options.max_memory
    try:
        with memory_cap(limit):
            document = extract_in_process(
                source,
                backend=backend,
                options=options,
                on_progress=_progress_sender(conn) if progress else None,
            )
            payload = document.to_json().encode("utf-8")
    except Exception as exc:
        over = as_memory_error(exc, limit)
        if over is not None:
            over.__cause__ = exc
            return encode_error(over, time.perf_counter() - started), True
        return encode_error(exc, time.perf_counter() - started), False
    return DOC + SECONDS.pack(time.perf_counter() - started) + payload, False
