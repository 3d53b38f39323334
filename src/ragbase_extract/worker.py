"""The queue worker: extraction as a service over BullMQ on Redis.

Needs the ``[worker]`` extra (``pip install 'ragbase-extract[worker]'``). Run it
as ``ragbase-extract worker``, ``python -m ragbase_extract.worker``, or from
Python::

    import asyncio
    from ragbase_extract.worker import WorkerSettings, serve

    asyncio.run(serve(WorkerSettings(redis_url="redis://127.0.0.1:6379/0", queue="docs")))

See the worker guide in the docs for the job and callback contracts.

.. versionadded:: 0.2
"""

from __future__ import annotations

import sys

from ._worker._entry import check_installed

check_installed()  # before the imports below, for an error that names the extra

# ruff: noqa: E402
from ._worker._callback import SIGNATURE_HEADER, RetryPolicy, sign
from ._worker._cli import build_parser, main
from ._worker._contract import (
    CONTRACT_VERSION,
    CallbackError,
    CallbackPayload,
    ChunkingSpec,
    InlineSource,
    JobData,
    JobSummary,
    PathSource,
    contract_schemas,
)
from ._worker._errors import InvalidJobError, SourceUnavailableError
from ._worker._service import serve
from ._worker._settings import ENV_PREFIX, WorkerSettings

__all__ = [
    "CONTRACT_VERSION",
    "ENV_PREFIX",
    "SIGNATURE_HEADER",
    "CallbackError",
    "CallbackPayload",
    "ChunkingSpec",
    "InlineSource",
    "InvalidJobError",
    "JobData",
    "JobSummary",
    "PathSource",
    "RetryPolicy",
    "SourceUnavailableError",
    "WorkerSettings",
    "build_parser",
    "contract_schemas",
    "main",
    "serve",
    "sign",
]

if __name__ == "__main__":
    sys.exit(main())
