"""Run extractions in child processes that can be killed: timeouts and crash containment.

A hang or a crash inside a native library (MuPDF, a C extension of a plugin) cannot
be interrupted from Python in the same process. So when ``ExtractOptions.timeout``
is set, :func:`extract_isolated` runs the work in a child process and kills it when
time runs out; :mod:`._batch` runs whole batches on the same machinery
(:class:`WorkerPool`).

Design, and why:

- **Start method.** Where the platform can fork, children are forks of this
  package's own worker server (:mod:`._server`): a fresh, single-threaded
  interpreter started with ``python -c`` that imports ``ragbase_extract`` and
  PyMuPDF once. Never plain ``fork`` of the caller, which is unsafe in a process
  that already runs threads (an asyncio loop's executor, a web server), and
  never :mod:`multiprocessing`'s fork server or ``spawn``, which import the
  caller's ``__main__`` in every child: an unguarded script re-ran its top level
  there, ``python -`` failed on ``'<stdin>'``. Workers need only this library.
  Elsewhere (Windows) children come from ``"spawn"``.
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
  is the parent's to handle) and die with the parent: the server kills them
  when the parent's end of its socket closes, however the parent died.

Modules:

- :mod:`._startup`: how workers start (the server, or forks of the CLI
  itself); :mod:`._warm`: the warm-up they run;
- :mod:`._memory`: the per-task memory cap (``ExtractOptions.max_memory``);
- :mod:`._server`, :mod:`._spawner`: the worker server, and the parent's side of it;
- :mod:`._deathsig`: a worker asking the kernel to kill it with its parent;
- :mod:`._wire`: the messages between parent and worker (tasks, replies, the
  restricted unpickler);
- :mod:`._child`: what runs in a worker process;
- :mod:`._handle`: the parent's handle on one worker process;
- :mod:`._pool`: :class:`WorkerPool`, which schedules tasks over such workers;
- :mod:`._extract`: :func:`extract_isolated`, one document in one worker.
"""

from ._extract import extract_isolated
from ._pool import DEFAULT_MAX_TASKS_PER_WORKER, Outcome, WorkerPool
from ._startup import workers_forked_from_caller
from ._wire import decode_reply, encode_task, pickle_backend, task_payload

__all__ = [
    "DEFAULT_MAX_TASKS_PER_WORKER",
    "Outcome",
    "WorkerPool",
    "encode_task",
    "extract_isolated",
    "pickle_backend",
    "task_payload",
    "workers_forked_from_caller",
]

_decode_reply = decode_reply
"""The name under which the tests import :func:`._wire.decode_reply`."""
