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

from ._optional import import_optional

for _module, _package in (
    ("bullmq", "bullmq"),
    ("redis", "redis"),
    ("httpx", "httpx"),
    ("pydantic_settings", "pydantic-settings"),
    ("structlog", "structlog"),
):
    import_optional(_module, needed_by="the worker", package=_package, extra="worker")

from ._worker import (  # noqa: E402  (after the check, for a clear install hint)
    CONTRACT_VERSION,
    ENV_PREFIX,
    SIGNATURE_HEADER,
    CallbackError,
    CallbackPayload,
    ChunkingSpec,
    InlineSource,
    InvalidJobError,
    JobData,
    JobSummary,
    PathSource,
    RetryPolicy,
    SourceUnavailableError,
    WorkerSettings,
    build_parser,
    contract_schemas,
    main,
    serve,
    sign,
)

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
