"""The worker server: a fresh interpreter that imports only this library and forks workers.

Started by :mod:`._spawner` as ``python -c`` with the parent's ``sys.path``; it
never imports the caller's ``__main__`` (an unguarded script, ``python -``,
the REPL or a notebook kernel), unlike :mod:`multiprocessing`'s fork server and
``spawn``, which re-import it in every child. It warms up once (PyMuPDF, the
backend registry) and then forks one worker per request from the parent.

The protocol, over a Unix socket pair inherited from the parent (no socket file
in ``TMPDIR``, so a long ``TMPDIR`` cannot hit ``AF_UNIX`` path limits):

- server to parent, once: :data:`READY`;
- parent to server: one byte :data:`FORK` carrying two file descriptors
  (``SCM_RIGHTS``): the worker's end of its task pipe, and the write end of a
  status pipe the parent reads;
- server to parent, on the status pipe: the worker's pid (8 bytes), later its
  exit code (4 bytes, signed, negative for a signal) once the server has reaped
  it; then the server closes the pipe, so its read end is the worker's sentinel.

Nothing outlives the parent: the server exits, killing its workers, when the
parent's end of the socket closes (whatever killed the parent); each worker
also gets ``SIGKILL`` from the kernel when the server dies (Linux
``PR_SET_PDEATHSIG``; the server forks from its only thread) and, everywhere,
watches a pipe that only the server holds open. The server runs no documents
itself, so it always sees the EOF.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import socket
import struct
import threading
from typing import Final

from ._deathsig import die_with_parent

__all__ = ["EXIT", "FORK", "PID", "READY", "die_with_parent", "main"]

READY: Final = b"R"
FORK: Final = b"F"
PID: Final = struct.Struct("!q")
EXIT: Final = struct.Struct("!i")


def _watch(alive: int) -> None:  # pragma: no cover - runs in a worker
    # EOF on the pipe only the server writes to: the server is gone.
    with contextlib.suppress(OSError):
        os.read(alive, 1)
    os._exit(1)


def _worker(conn_fd: int, alive: int, server: int) -> None:  # pragma: no cover - a worker
    from multiprocessing.connection import Connection

    from ._child import worker_main

    die_with_parent(server)
    threading.Thread(target=_watch, args=(alive,), daemon=True).start()
    worker_main(Connection(conn_fd))


class _Server:
    def __init__(self, control: socket.socket) -> None:
        self.control = control
        self.children: dict[int, int] = {}  # pid -> write end of its status pipe
        self.wake_r, wake_w = os.pipe()
        os.set_blocking(wake_w, False)
        signal.set_wakeup_fd(wake_w)
        signal.signal(signal.SIGCHLD, lambda *_: None)
        self.alive_r, self.alive_w = os.pipe()

    def fork(self, conn_fd: int, status_fd: int) -> None:
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the worker
            code = 1
            try:
                signal.set_wakeup_fd(-1)
                signal.signal(signal.SIGCHLD, signal.SIG_DFL)
                self.control.close()
                for fd in (self.wake_r, self.alive_w, status_fd, *self.children.values()):
                    os.close(fd)
                _worker(conn_fd, self.alive_r, os.getppid())
                code = 0
            finally:
                os._exit(code)
        os.close(conn_fd)
        self.children[pid] = status_fd
        os.write(status_fd, PID.pack(pid))

    def reap(self) -> None:
        while self.children:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            status_fd = self.children.pop(pid, None)
            if status_fd is not None:
                with contextlib.suppress(OSError):
                    os.write(status_fd, EXIT.pack(os.waitstatus_to_exitcode(status)))
                os.close(status_fd)

    def serve(self) -> None:
        while True:
            watched: list[int] = [self.control.fileno(), self.wake_r]
            readable, _, _ = select.select(watched, [], [])
            if self.wake_r in readable:
                with contextlib.suppress(BlockingIOError):
                    os.read(self.wake_r, 512)
                self.reap()
            if self.control.fileno() in readable:
                message, fds, _, _ = socket.recv_fds(self.control, 1, 2)
                if not message:
                    return  # the parent is gone
                if len(fds) == 2:
                    try:
                        self.fork(*fds)
                    except OSError:  # cannot fork (out of memory, process limit)
                        for fd in fds:
                            with contextlib.suppress(OSError):
                                os.close(fd)
                else:  # pragma: no cover - protocol error
                    for fd in fds:
                        os.close(fd)

    def shutdown(self) -> None:
        for pid in list(self.children):
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
        for pid in list(self.children):
            with contextlib.suppress(ChildProcessError):
                os.waitpid(pid, 0)


def main(control_fd: int) -> None:  # pragma: no cover - the server process
    """The server's entry point (see the module docstring)."""
    # No PR_SET_PDEATHSIG here: on Linux it fires when the parent *thread* that
    # started us exits (an executor thread, say), not the parent process. The
    # server never runs native code of its own, so it always sees the EOF.
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from ._warm import warm_up

    warm_up()
    control = socket.socket(fileno=control_fd)
    server = _Server(control)
    control.sendall(READY)
    try:
        server.serve()
    finally:
        server.shutdown()
