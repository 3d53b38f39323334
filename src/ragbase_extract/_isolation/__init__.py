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

Modules:

- :mod:`._startup`: the multiprocessing context, the fork server and its warm-up;
- :mod:`._wire`: the messages between parent and worker (tasks, replies, the
  restricted unpickler);
- :mod:`._child`: what runs in a worker process;
- :mod:`._handle`: the parent's handle on one worker process;
- :mod:`._pool`: :class:`WorkerPool`, which schedules tasks over such workers;
- :mod:`._extract`: :func:`extract_isolated`, one document in one worker.
"""

import os

from ._extract import extract_isolated
from ._pool import DEFAULT_MAX_TASKS_PER_WORKER, Outcome, WorkerPool
from ._startup import WARM_ENV, warm_up
from ._wire import decode_reply, encode_task, pickle_backend, task_payload

__all__ = [
    "DEFAULT_MAX_TASKS_PER_WORKER",
    "Outcome",
    "WorkerPool",
    "encode_task",
    "extract_isolated",
    "pickle_backend",
    "task_payload",
]

_decode_reply = decode_reply
"""The name under which the tests import :func:`._wire.decode_reply`."""

if os.environ.pop(WARM_ENV, None) == "1":  # pragma: no cover - in the fork server
    warm_up()
