"""Run extractions in child processes that can be killed: timeouts and crash containment.

A hang or a crash inside a native library (MuPDF, a C extension of a plugin) cannot
be interrupted from Python in the same process. So when ``ExtractOptions.timeout``
is set, :func:`extract_isolated` runs the work in a child process and kills it when
time runs out; :mod:`._batch` runs whole batches on the same machinery
(:class:`WorkerPool`).

Design, and why:

- **Start method.** Children come from the ``"forkserver"`` context where the
  platform has it (Linux, macOS) and from ``"spawn"`` elsewhere (Windows); never
  plain ``fork``, which is unsafe in a process that already runs threads (an
  asyncio loop's executor, a web server). The fork server is a clean,
  single-threaded process that preloads ``ragbase_extract`` and PyMuPDF once;
  each child is then a fork of it. Measured on the development machine (2 cores,
  Python 3.11): a ready child costs about 8 ms from the fork server (the server
  itself starts once, about 260 ms) against about 220 ms with ``spawn``, which
  re-imports the interpreter, pydantic and PyMuPDF every time.
- **Long-lived workers.** A :class:`WorkerPool` keeps ``size`` workers, each
  running one task at a time; a worker that times out is killed (SIGTERM, then
  SIGKILL after a short grace) and replaced, a worker that dies is reaped and
  replaced, and every worker is retired after ``max_tasks_per_worker`` tasks
  so a leak in a native library stays bounded. The per-document overhead is one
  round trip over a pipe plus JSON serialisation (well under a millisecond for
  small documents), instead of one process start per document.
- **What crosses.** Parent to child: the task, pickled (the child trusts its
  parent). Child to parent: the ``Document`` as JSON, validated again by
  pydantic on arrival, and errors as pickles read by a *restricted* unpickler
  that only rebuilds exception classes already imported in the parent; a child
  compromised by a hostile document cannot make the parent run code. A
  :class:`~ragbase_extract.Backend` *instance* must therefore be picklable
  (a class defined at module level, importable in the child); backend *names*
  always work.
- **Timeout clock.** A task's clock starts when it is handed to a ready worker,
  so start-up costs never count against ``ExtractOptions.timeout``.
- **No zombies.** Every child that stops is joined; :meth:`WorkerPool.close`
  stops idle workers politely and kills busy ones. Workers ignore SIGINT (Ctrl-C
  is the parent's to handle) and exit by themselves when their parent disappears.
"""

from __future__ import annotations

import collections
import contextlib
import io
import multiprocessing
import os
import pickle
import signal
import struct
import sys
import threading
import time
from collections.abc import Hashable
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import TYPE_CHECKING, Any, Final

from ._errors import (
    BackendUnavailableError,
    ExtractionCrashedError,
    ExtractionTimeoutError,
    RagbaseExtractError,
)

if TYPE_CHECKING:
    from multiprocessing.context import BaseContext
    from multiprocessing.process import BaseProcess

    from ._backends import Backend
    from ._model import Document
    from ._options import ExtractOptions
    from ._source import SourceLike

__all__ = ["Outcome", "WorkerPool", "encode_task", "extract_isolated", "task_payload"]

_SECONDS: Final = struct.Struct("!d")
_READY: Final = b"R"
_STOP: Final = b"S"
_DOC: Final = b"D"
_ERR: Final = b"E"

_KILL_GRACE: Final = 0.2
"""Seconds between SIGTERM and SIGKILL for a worker past its deadline."""

_STARTUP_LIMIT: Final = 60.0
"""Seconds a new worker may take to report ready before it is considered broken."""

_STOP_GRACE: Final = 2.0
"""Seconds an idle worker gets to exit after being asked to stop."""

DEFAULT_MAX_TASKS_PER_WORKER: Final = 500
"""Tasks a pool worker runs before it is replaced by a fresh one."""

_PRELOAD: Final = ("ragbase_extract._isolation", "pymupdf")

_WARM_ENV: Final = "_RAGBASE_EXTRACT_WARM_FORKSERVER"

_context_lock = threading.Lock()
_context: BaseContext | None = None


# --------------------------------------------------------------------------- context


def _get_context() -> BaseContext:
    """The multiprocessing context for workers: forkserver where available, else spawn."""
    global _context
    with _context_lock:
        if _context is None:
            if "forkserver" in multiprocessing.get_all_start_methods():
                _context = multiprocessing.get_context("forkserver")
                _start_forkserver()
            else:  # pragma: no cover - Windows
                _context = multiprocessing.get_context("spawn")
        return _context


def _start_forkserver() -> None:
    # Add our modules to the fork server's preload list without dropping the
    # application's own (multiprocessing keeps one fork server per process), and
    # start it with a marker in its environment so that importing this module
    # there also warms the backend registry: every child then starts warm. When
    # the server already runs, this changes nothing and children warm up
    # themselves before reporting ready.
    from multiprocessing import forkserver

    server = getattr(forkserver, "_forkserver", None)
    current = list(getattr(server, "_preload_modules", None) or ["__main__"])
    wanted = current + [m for m in _PRELOAD if m not in current]
    multiprocessing.get_context("forkserver").set_forkserver_preload(wanted)
    os.environ[_WARM_ENV] = "1"
    try:
        forkserver.ensure_running()
    finally:
        os.environ.pop(_WARM_ENV, None)


def _warm_up() -> None:
    """Import the extraction stack and build the backend registry, once per process."""
    from ._api import extract_in_process  # noqa: F401
    from ._backends import default_registry

    with contextlib.suppress(Exception):
        import pymupdf  # noqa: F401
    with contextlib.suppress(Exception):
        default_registry()


# --------------------------------------------------------------------------- child side


def _watch_parent() -> None:  # pragma: no cover - runs in the child
    # Exit when the parent is gone (killed hard, so it could not stop us). The
    # parent's sentinel works for forkserver children too, whose OS parent is
    # the fork server. A worker stuck in native code that holds the GIL cannot
    # run this thread; the parent's deadline kills it while the parent lives.
    parent = multiprocessing.parent_process()
    if parent is not None:
        wait([parent.sentinel])
        os._exit(0)


def _worker_main(conn: Connection) -> None:  # pragma: no cover - child
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_watch_parent, daemon=True).start()
    _warm_up()  # before reporting ready: start-up never counts against a timeout
    try:
        conn.send_bytes(_READY)
        while True:
            try:
                message = conn.recv_bytes()
            except (EOFError, OSError):
                return
            if message == _STOP:
                return
            conn.send_bytes(_run_task(message))
    except (BrokenPipeError, EOFError):
        return


def _run_task(message: bytes) -> bytes:
    from ._api import extract_in_process

    try:
        source, backend, options = pickle.loads(message)
    except Exception as exc:
        return _encode_error(
            BackendUnavailableError(
                f"the task could not be loaded in the worker process ({type(exc).__name__}: "
                f"{exc}); a Backend instance must be an instance of a module-level class "
                "importable in a fresh interpreter, or pass the backend's name",
                backend="?",
            )
        )
    started = time.perf_counter()
    try:
        document = extract_in_process(source, backend=backend, options=options)
        payload = document.to_json().encode("utf-8")
    except Exception as exc:
        return _encode_error(exc, time.perf_counter() - started)
    return _DOC + _SECONDS.pack(time.perf_counter() - started) + payload


def _encode_error(exc: BaseException, seconds: float = 0.0) -> bytes:
    cause = exc.__cause__ or exc.__context__
    if cause is not None and hasattr(exc, "add_note"):
        with contextlib.suppress(Exception):
            exc.add_note(f"caused in the worker process by {type(cause).__name__}: {cause}")
    try:
        text = str(exc)
    except Exception:  # an exception whose __str__ fails
        text = repr(type(exc))
    try:
        pickled = pickle.dumps(exc, protocol=pickle.HIGHEST_PROTOCOL)
        _restricted_loads(pickled)  # what the parent will accept
    except Exception:
        pickled = pickle.dumps(
            RagbaseExtractError(f"{type(exc).__name__}: {text}"), protocol=pickle.HIGHEST_PROTOCOL
        )
    header = f"{type(exc).__module__}.{type(exc).__qualname__}\0{text}".encode("utf-8", "replace")
    return _ERR + _SECONDS.pack(seconds) + len(header).to_bytes(4, "big") + header + pickled


# --------------------------------------------------------------------------- parent side


class _RestrictedUnpickler(pickle.Unpickler):
    """Rebuild only exceptions whose classes the parent has already imported."""

    def find_class(self, module: str, name: str) -> Any:
        loaded = sys.modules.get(module)
        if loaded is None:
            raise pickle.UnpicklingError(f"{module} is not imported")
        obj: Any = loaded
        for part in name.split("."):
            obj = getattr(obj, part, None)
        if module == "ragbase_extract._errors" and name == "_rebuild":
            return obj
        if isinstance(obj, type) and issubclass(obj, Exception):
            return obj
        raise pickle.UnpicklingError(f"{module}.{name} is not an exception class")


_CONTROL_FLOW: Final = (StopIteration, StopAsyncIteration)
"""Exceptions that would change the caller's control flow if raised from ``extract``."""


def _restricted_loads(data: bytes) -> Any:
    return _RestrictedUnpickler(io.BytesIO(data)).load()


def _decode_reply(reply: bytes) -> tuple[Document | Exception, float | None]:
    tag = reply[:1]
    if tag not in (_DOC, _ERR) or len(reply) < 1 + _SECONDS.size:
        error = RagbaseExtractError(f"the worker sent an unexpected message {reply[:20]!r}")
        return error, None
    (seconds,) = _SECONDS.unpack_from(reply, 1)
    body = reply[1 + _SECONDS.size :]
    return _decode_body(tag, body), seconds


def _decode_body(tag: bytes, body: bytes) -> Document | Exception:
    from ._model import Document

    if tag == _DOC:
        try:
            return Document.from_json(body)
        except Exception as exc:
            error = RagbaseExtractError(f"the worker sent an invalid document: {exc}")
            error.__cause__ = exc
            return error
    size = int.from_bytes(body[:4], "big")
    header = body[4 : 4 + size].decode("utf-8", "replace")
    type_name, _, message = header.partition("\0")
    try:
        decoded = _restricted_loads(body[4 + size :])
    except Exception:
        decoded = None
    if isinstance(decoded, Exception) and not isinstance(decoded, _CONTROL_FLOW):
        return decoded
    return RagbaseExtractError(f"{type_name}: {message}")


def task_payload(source: SourceLike, max_bytes: int | None) -> Any:
    """What stands for ``source`` in a task: a path stays a path, streams are read here."""
    from ._source import Source

    if isinstance(source, str | os.PathLike):
        # Absolute, so the child resolves it the same way whatever its cwd.
        return os.path.abspath(source)
    if isinstance(source, bytes):
        return source
    if isinstance(source, bytearray | memoryview):
        return bytes(source)
    if isinstance(source, Source):
        return source
    return Source.from_any(source, max_bytes=max_bytes)


def encode_task(source: Any, backend_blob: bytes, options_blob: bytes) -> bytes:
    """Pickle one task from a payload (:func:`task_payload`) and pre-pickled parts."""
    # Backend and options are pickled once per batch and spliced in, so a large
    # batch does not pay for them per document.
    return pickle.dumps(
        (source, _Prepickled(backend_blob), _Prepickled(options_blob)),
        protocol=pickle.HIGHEST_PROTOCOL,
    )


class _Prepickled:
    """A value pickled once, unpickled in the child as the original value."""

    def __init__(self, blob: bytes) -> None:
        self.blob = blob

    def __reduce__(self) -> tuple[Any, ...]:
        return (pickle.loads, (self.blob,))


def pickle_backend(backend: str | Backend) -> bytes:
    """Pickle the backend argument, or explain why an instance cannot cross processes.

    Raises:
        TypeError: ``backend`` is an instance that cannot be pickled.
    """
    try:
        return pickle.dumps(backend, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:
        raise TypeError(
            f"backend {backend!r} cannot be sent to a worker process ({type(exc).__name__}: "
            f"{exc}); with a timeout or in extract_many pass a backend name, or an instance "
            "of a module-level class that pickles"
        ) from exc


@dataclass(frozen=True)
class Outcome:
    """What came back for one task.

    ``seconds`` is the extraction time measured in the worker; for a timeout or a
    crash, the time from dispatch until the parent noticed.
    """

    key: Hashable
    result: Document | Exception
    seconds: float


@dataclass
class _Task:
    key: Hashable
    message: bytes


class _Worker:
    def __init__(self, ctx: BaseContext) -> None:
        parent_end, child_end = ctx.Pipe(duplex=True)
        self.process: BaseProcess = ctx.Process(  # type: ignore[attr-defined]
            target=_worker_main,
            args=(child_end,),
            name="ragbase-extract-worker",
            daemon=True,
        )
        self.process.start()
        child_end.close()
        self.conn: Connection = parent_end
        self.started = time.monotonic()
        self.ready = False
        self.task: _Task | None = None
        self.task_started = 0.0
        self.done = 0

    def send(self, task: _Task) -> None:
        self.task = task
        self.task_started = time.monotonic()
        with contextlib.suppress(OSError):  # if the worker died, its sentinel reports it
            self.conn.send_bytes(task.message)

    def kill(self) -> None:
        process = self.process
        if process.is_alive():
            process.terminate()
            process.join(_KILL_GRACE)
            if process.is_alive():
                process.kill()
        process.join()
        self._release()

    def stop(self) -> None:
        with contextlib.suppress(OSError):
            self.conn.send_bytes(_STOP)
        self.process.join(_STOP_GRACE)
        if self.process.is_alive():
            self.kill()
        else:
            self._release()

    def _release(self) -> None:
        self.conn.close()
        with contextlib.suppress(ValueError):  # still running: cannot happen after join
            self.process.close()


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
        self._ctx = _get_context()
        self._size = size
        self._timeout = timeout
        self._max_tasks = max_tasks_per_worker
        self._workers: list[_Worker] = []
        self._backlog: collections.deque[_Task] = collections.deque()
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

    def submit(self, key: Hashable, message: bytes) -> None:
        """Queue one task (from :func:`encode_task`)."""
        if self._closed:
            raise RuntimeError("the pool is closed")
        self._backlog.append(_Task(key, message))
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
                worker.conn.send_bytes(_STOP)
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
                self._workers.append(_Worker(self._ctx))
                continue
            return

    def _deadline(self, worker: _Worker) -> float | None:
        if not worker.ready:
            return worker.started + _STARTUP_LIMIT
        if worker.task is not None and self._timeout is not None:
            return worker.task_started + self._timeout
        return None

    def _poll(self, give_up: float | None) -> list[Outcome]:
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

    def _read(self, worker: _Worker) -> Outcome | None:
        try:
            reply = worker.conn.recv_bytes()
        except (EOFError, OSError):
            outcomes = self._died(worker)
            return outcomes[0] if outcomes else None
        if reply == _READY:
            worker.ready = True
            return None
        task = worker.task
        if task is None:  # pragma: no cover - a reply with no task: protocol error
            self._retire(worker, kill=True)
            return None
        worker.task = None
        worker.done += 1
        elapsed = time.monotonic() - worker.task_started
        if self._max_tasks is not None and worker.done >= self._max_tasks:
            self._retire(worker, kill=False)
        result, seconds = _decode_reply(reply)
        return Outcome(task.key, result, elapsed if seconds is None else seconds)

    def _died(self, worker: _Worker) -> list[Outcome]:
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

    def _expired(self, worker: _Worker, now: float) -> list[Outcome]:
        self._workers.remove(worker)
        task = worker.task
        worker.kill()
        if not worker.ready:
            if self._backlog:
                queued = self._backlog.popleft()
                return [Outcome(queued.key, _start_failure(None), now - worker.started)]
            return []
        assert task is not None
        assert self._timeout is not None
        seconds = now - worker.task_started
        error = ExtractionTimeoutError(
            f"extraction took longer than timeout={self._timeout:g} s; its worker was killed",
            limit="timeout",
            value=self._timeout,
            actual=round(seconds, 3),
        )
        return [Outcome(task.key, error, seconds)]

    def _retire(self, worker: _Worker, *, kill: bool) -> None:
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
        f"the extraction worker process {detail}; a script that uses timeouts or "
        'extract_many must guard its entry point with `if __name__ == "__main__":` '
        "(worker processes import the main module)",
        exitcode=exitcode,
    )


# --------------------------------------------------------------------------- single document


def extract_isolated(
    source: SourceLike,
    *,
    backend: str | Backend = "auto",
    options: ExtractOptions,
) -> Document:
    """Extract one document in a child process, killed after ``options.timeout`` seconds.

    What :func:`~ragbase_extract.extract` runs when ``options.timeout`` is set. The
    caller's process survives whatever the document does to the child.

    Raises:
        ExtractionTimeoutError: The extraction ran past ``options.timeout``.
        ExtractionCrashedError: The child died (a segfault, the OOM killer, ...).
        TypeError: ``backend`` is an instance that cannot be pickled.
        RagbaseExtractError: Whatever :func:`~ragbase_extract.extract` raises.
    """
    message = encode_task(
        task_payload(source, options.max_bytes),
        pickle_backend(backend),
        pickle.dumps(options, protocol=pickle.HIGHEST_PROTOCOL),
    )
    with WorkerPool(1, timeout=options.timeout, max_tasks_per_worker=1) as pool:
        pool.submit(0, message)
        outcomes: list[Outcome] = []
        while not outcomes:
            if not pool.pending:  # pragma: no cover - a lost task would be a bug
                raise RuntimeError("the extraction task was lost")
            outcomes = pool.collect()
    result = outcomes[0].result
    if isinstance(result, Exception):
        raise result
    return result


if os.environ.pop(_WARM_ENV, None) == "1":  # pragma: no cover - in the fork server
    _warm_up()
