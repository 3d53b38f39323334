"""The parent's side of the worker server (:mod:`._server`): start it, ask it for workers.

One server per parent process, started on first use (a fresh interpreter that
imports this library and PyMuPDF: a few hundred ms, once) and restarted if it
dies; each worker is then a fork of it (a few ms). :class:`WorkerProcess` is the
parent's view of one worker, with the subset of
:class:`multiprocessing.Process`'s interface that :mod:`._handle` uses.
"""

from __future__ import annotations

import atexit
import contextlib
import json
import os
import select
import signal
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from typing import Final

from ._server import EXIT, FORK, PID, READY

__all__ = ["WorkerProcess", "available", "server_pid", "start_worker"]

_PATH_ENV: Final = "_RAGBASE_EXTRACT_SYS_PATH"
_BOOT: Final = (
    "import json, os, sys; sys.path[:] = json.loads(os.environ.pop({env!r})); "
    "from ragbase_extract._isolation._server import main; main(int(sys.argv[1]))"
)
_START_LIMIT: Final = 60.0
"""Seconds the server may take to import the library and report ready."""


def available() -> bool:
    """Whether this platform can run the worker server (``fork`` and fd passing)."""
    return hasattr(os, "fork") and hasattr(socket, "send_fds") and bool(sys.executable)


class _Connection:
    """The parent's end of the control socket to a running server."""

    def __init__(self) -> None:
        ours, theirs = socket.socketpair()
        env = dict(os.environ)
        env[_PATH_ENV] = json.dumps(sys.path)
        args = subprocess._args_from_interpreter_flags()  # type: ignore[attr-defined]
        command = [sys.executable, *args, "-c", _BOOT.format(env=_PATH_ENV)]
        with theirs:
            self.process = subprocess.Popen(
                [*command, str(theirs.fileno())],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                env=env,
            )
        self.socket = ours
        self.owner = os.getpid()
        ready, _, _ = select.select([ours], [], [], _START_LIMIT)
        if not ready or ours.recv(1) != READY:
            self.close()
            raise OSError("the extraction worker server did not start")

    def usable(self) -> bool:
        return self.owner == os.getpid() and self.process.poll() is None

    def fork(self, conn_fd: int) -> WorkerProcess:
        status_r, status_w = os.pipe()
        try:
            socket.send_fds(self.socket, [FORK], [conn_fd, status_w])
        finally:
            os.close(status_w)
        worker = WorkerProcess(status_r)
        if worker.pid is None:
            worker.close()
            raise OSError("the extraction worker server could not start a worker")
        return worker

    def close(self) -> None:
        self.socket.close()  # the server kills its workers and exits
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(5)
        if self.process.poll() is None:  # pragma: no cover - a stuck server
            self.process.kill()
            self.process.wait()


_lock = threading.Lock()
_server: _Connection | None = None


def start_worker(conn_fd: int) -> WorkerProcess:
    """Fork a worker that serves tasks on ``conn_fd`` (the caller then closes its copy)."""
    global _server
    with _lock:
        if _server is None or not _server.usable():
            if _server is not None and _server.owner == os.getpid():
                _server.close()
            _server = _Connection()
        return _server.fork(conn_fd)


@atexit.register
def _stop_server() -> None:
    global _server
    with _lock:
        if _server is not None and _server.owner == os.getpid():
            _server.close()
        _server = None


def server_pid() -> int | None:
    """The running server's pid (for tests and diagnostics), or ``None``."""
    with _lock:
        return _server.process.pid if _server is not None and _server.usable() else None


class WorkerProcess:
    """One worker forked by the server: its pid, a sentinel, its exit code once reaped."""

    def __init__(self, status_fd: int) -> None:
        self.sentinel = status_fd
        self.exitcode: int | None = None
        self._buffer = b""
        self._open = True
        self.pid: int | None = None
        self._read(_START_LIMIT)
        if len(self._buffer) >= PID.size:
            (self.pid,) = PID.unpack_from(self._buffer)

    def _read(self, timeout: float | None) -> None:
        """Read what the server wrote; at EOF, settle the exit code."""
        while self._open:
            ready, _, _ = select.select([self.sentinel], [], [], timeout)
            if not ready:
                return
            chunk = os.read(self.sentinel, 64)
            if not chunk:
                self._open = False
                tail = self._buffer[PID.size :]
                # No code at EOF: the server itself died; its workers died with it.
                self.exitcode = EXIT.unpack(tail)[0] if len(tail) == EXIT.size else -9
                return
            self._buffer += chunk
            timeout = 0

    def is_alive(self) -> bool:
        self._read(0)
        return self.exitcode is None

    def join(self, timeout: float | None = None) -> None:
        deadline = None if timeout is None else time.monotonic() + timeout
        while self.exitcode is None and self._open:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            self._read(left)
            if deadline is not None and time.monotonic() >= deadline:
                return

    def _signal(self, signum: int) -> None:
        # Only while the server has not reaped it, so the pid cannot have been reused.
        if self.pid is not None and self.is_alive():
            with contextlib.suppress(ProcessLookupError):
                os.kill(self.pid, signum)

    def terminate(self) -> None:
        self._signal(signal.SIGTERM)

    def kill(self) -> None:
        self._signal(signal.SIGKILL)

    def close(self) -> None:
        with contextlib.suppress(OSError):
            os.close(self.sentinel)
        self._open = False


def connection_pair() -> tuple[Connection, int]:
    """A duplex connection for the parent and the raw fd to hand to the worker."""
    ours, theirs = socket.socketpair()
    return Connection(ours.detach()), theirs.detach()
