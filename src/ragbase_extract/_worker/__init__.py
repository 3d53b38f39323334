"""The queue worker (``[worker]`` extra): BullMQ on Redis in, HTTP callbacks out.

Nothing here is imported by ``import ragbase_extract``; the public names are
re-exported by :mod:`ragbase_extract.worker`.
"""

from ._callback import SIGNATURE_HEADER, RetryPolicy, sign
from ._cli import build_parser, main
from ._contract import (
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
from ._errors import InvalidJobError, SourceUnavailableError
from ._service import serve
from ._settings import ENV_PREFIX, WorkerSettings

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
