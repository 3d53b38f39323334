"""The versioned job and callback contracts between a backend and the worker.

A backend (TypeScript with Node BullMQ, or Python) puts :class:`JobData` as a
job's ``data``; the worker answers with one :class:`CallbackPayload` ``POST``
and returns a :class:`JobSummary` as the job's return value. Field names are
snake_case on the wire. The JSON Schemas of all three are published in the docs
(``docs/worker.md``) and change only with :data:`CONTRACT_VERSION`.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from .._chunking import Chunk
from .._model import Document
from .._options import ExtractOptions

__all__ = [
    "CONTRACT_VERSION",
    "CallbackError",
    "CallbackPayload",
    "ChunkingSpec",
    "InlineSource",
    "JobData",
    "JobSummary",
    "PathSource",
    "contract_schemas",
    "render_contract_schema",
]

CONTRACT_VERSION: Literal[1] = 1
"""Version of the job, callback and summary contracts described here."""


class _Contract(BaseModel):
    # Unknown fields are an error: a typo in a backend must not be ignored silently.
    model_config = ConfigDict(frozen=True, extra="forbid")


class PathSource(_Contract):
    """A file on storage the worker can read (a shared volume, a mounted bucket)."""

    path: str = Field(min_length=1, description="Path of the document as the worker sees it.")


class InlineSource(_Contract):
    """A small document sent inside the job itself, base64-encoded."""

    base64: str = Field(description="The document's bytes, standard base64.")
    filename: str | None = Field(default=None, description="Original file name, for the record.")


class ChunkingSpec(_Contract):
    """Ask for chunks with the document; the fields of :func:`ragbase_extract.chunk`."""

    max_tokens: int = Field(default=512, ge=1)
    overlap: int = Field(default=0, ge=0)
    strategy: Literal["section", "tokens", "page"] = "section"
    tokenizer: str = Field(
        default="word",
        description=(
            '"word" or "char" (built-in approximations), or a tiktoken encoding name such '
            'as "cl100k_base" (needs the tiktoken extra on the worker).'
        ),
    )


class JobData(_Contract):
    """What a backend puts in ``job.data``.

    ``options`` takes the fields of :class:`~ragbase_extract.ExtractOptions`;
    the worker's configured ``timeout`` and limits apply where the job sets none.
    """

    version: Literal[1] = Field(default=1, description="Contract version; 1 is the only one.")
    document_id: str = Field(
        min_length=1, description="The caller's id, echoed back: the idempotency key."
    )
    source: PathSource | InlineSource
    options: ExtractOptions | None = None
    chunking: ChunkingSpec | None = None
    callback_url: str | None = Field(
        default=None,
        pattern=r"^https?://",
        description="Where to POST the result; none: the result is only the job's summary.",
    )
    metadata: dict[str, Any] = Field(
        default_factory=dict, description="Opaque caller data, echoed back in the callback."
    )


class CallbackError(_Contract):
    """Why a job failed: the library's error class name and its message."""

    type: str = Field(description='Error class name, for example "CorruptDocumentError".')
    message: str
    retryable: bool = Field(description="Whether another attempt could succeed.")


class CallbackPayload(_Contract):
    """The JSON body ``POST``-ed to ``callback_url``, once per job that ends.

    ``completed`` carries ``document`` (and ``chunks`` when chunking was asked
    for); ``failed`` carries ``error``. A failed callback is sent only when the
    job fails for good (no attempts left, or an error no retry can fix).
    """

    version: Literal[1] = 1
    document_id: str
    job_id: str
    status: Literal["completed", "failed"]
    attempt: int = Field(ge=1, description="1-based attempt that produced this result.")
    document: Document | None = None
    chunks: list[Chunk] | None = None
    error: CallbackError | None = None
    metadata: dict[str, Any] = Field(default_factory=dict)


class JobSummary(_Contract):
    """The job's return value in Redis: small, never the document itself."""

    version: Literal[1] = 1
    document_id: str
    job_id: str
    sha256: str
    format: str
    pages: int = Field(ge=0)
    blocks: int = Field(ge=0)
    chunks: int | None = Field(default=None, ge=0)
    seconds: float = Field(ge=0, description="Wall time of extraction and chunking.")
    callback_status: int | None = Field(
        default=None, description="HTTP status of the accepted callback; none without a URL."
    )


Schema = Annotated[dict[str, Any], "JSON Schema"]


def contract_schemas() -> dict[str, Schema]:
    """The JSON Schemas of the job data, the callback body and the job summary.

    Example:
        >>> sorted(contract_schemas())
        ['callback', 'job', 'summary']
    """
    models: dict[str, type[BaseModel]] = {
        "job": JobData,
        "callback": CallbackPayload,
        "summary": JobSummary,
    }
    schemas = {}
    for name, model in models.items():
        # What the worker reads is validated; what it writes is serialized.
        schema = model.model_json_schema(mode="validation" if name == "job" else "serialization")
        schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
        schema["x-contract-version"] = CONTRACT_VERSION
        schemas[name] = schema
    return schemas


def render_contract_schema(name: str) -> str:
    """One schema as stable, indented JSON text with a trailing newline."""
    text = json.dumps(contract_schemas()[name], indent=2, sort_keys=True, ensure_ascii=False)
    return text + "\n"


if __name__ == "__main__":  # python -m ragbase_extract._worker._contract docs/schema
    folder = Path(sys.argv[1])
    for contract in ("job", "callback", "summary"):
        path = folder / f"worker-{contract}.schema.json"
        path.write_text(render_contract_schema(contract), encoding="utf-8")
