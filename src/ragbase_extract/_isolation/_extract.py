"""One document in one worker process: what ``extract`` runs when a timeout is set."""

from __future__ import annotations

import pickle
from typing import TYPE_CHECKING

from ._pool import Outcome, WorkerPool
from ._wire import encode_task, pickle_backend, task_payload

if TYPE_CHECKING:
    from .._backends import Backend
    from .._model import Document
    from .._options import ExtractOptions
    from .._page_progress import PageProgressCallback
    from .._source import SourceLike

__all__ = ["extract_isolated"]


def extract_isolated(
    source: SourceLike,
    *,
    backend: str | Backend = "auto",
    options: ExtractOptions,
    on_progress: PageProgressCallback | None = None,
) -> Document:
    """Extract one document in a child process, killed after ``options.timeout`` seconds.

    What :func:`~ragbase_extract.extract` runs when ``options.timeout`` is set. The
    caller's process survives whatever the document does to the child.
    ``on_progress`` is called here, in the caller's thread, with the counts the
    child reports (see :func:`~ragbase_extract.extract`); if it raises, the
    child is killed and the exception propagates.

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
        progress=on_progress is not None,
    )
    with WorkerPool(1, timeout=options.worker_timeout, max_tasks_per_worker=1) as pool:
        pool.submit(0, message, on_progress=on_progress)
        outcomes: list[Outcome] = []
        while not outcomes:
            if not pool.pending:  # pragma: no cover - a lost task would be a bug
                raise RuntimeError("the extraction task was lost")
            outcomes = pool.collect()
    result = outcomes[0].result
    if isinstance(result, Exception):
        raise result
    return result
