"""One job: validate, extract in a killable child, chunk, call back, summarise."""

from __future__ import annotations

import asyncio
import threading
import time
from typing import TYPE_CHECKING, Any, TypeVar

from bullmq import UnrecoverableError
from pydantic import ValidationError

from .._chunking import CharTokenizer, Chunk, TiktokenTokenizer, WordTokenizer, chunk
from ._callback import CallbackRejectedError, CallbackUndeliveredError, RetryPolicy, deliver
from ._contract import CallbackError, CallbackPayload, ChunkingSpec, JobData, JobSummary
from ._errors import InvalidJobError, is_final
from ._logging import get_logger
from ._source import effective_options, resolve_source

if TYPE_CHECKING:
    from collections.abc import Callable

    import httpx
    from bullmq import Job

    from .._chunking import TokenizerLike
    from .._model import Document
    from ._ledger import DeliveryLedger
    from ._metrics import Metrics
    from ._settings import WorkerSettings
    from ._warm import WarmPool

__all__ = ["JobRunner", "in_thread"]

_T = TypeVar("_T")


async def in_thread(function: Callable[[], _T]) -> _T:
    """Run ``function`` in a daemon thread and await its result.

    Not ``asyncio.to_thread``: the interpreter joins executor threads at exit, so
    a worker force-closed after its grace period would wait for an extraction
    it has given up on. A daemon thread is abandoned instead, and
    multiprocessing's exit handler ends the extraction child.
    """
    loop = asyncio.get_running_loop()
    future: asyncio.Future[_T] = loop.create_future()

    def settle(result: _T | None, error: BaseException | None) -> None:
        if future.done():  # the awaiting task was cancelled meanwhile
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)  # type: ignore[arg-type]

    def target() -> None:
        result: _T | None = None
        error: BaseException | None = None
        try:
            result = function()
        except BaseException as exc:  # handed to the awaiting task, not lost
            error = exc
        if not loop.is_closed():  # closed: the worker shut down and gave up on it
            loop.call_soon_threadsafe(settle, result, error)

    threading.Thread(target=target, name="ragbase-extract-job", daemon=True).start()
    return await future


def _tokenizer(name: str) -> TokenizerLike:
    if name == "word":
        return WordTokenizer()
    if name == "char":
        return CharTokenizer()
    return TiktokenTokenizer(name)


def _chunks(document: Document, spec: ChunkingSpec) -> list[Chunk]:
    return chunk(
        document,
        max_tokens=spec.max_tokens,
        overlap=spec.overlap,
        strategy=spec.strategy,
        tokenizer=_tokenizer(spec.tokenizer),
    )


def _parse(raw: Any) -> JobData:
    try:
        return JobData.model_validate(raw)
    except ValidationError as exc:
        raise InvalidJobError(f"job data does not follow contract v1: {exc}") from exc


def _attempt(job: Job) -> int:
    return int(job.attemptsMade) + 1


def _last_attempt(job: Job, error: BaseException) -> bool:
    attempts = int(job.opts.get("attempts") or 1)
    return is_final(error) or _attempt(job) >= attempts


def _ledger_key(job: Job) -> str:
    # The creation time too: a job re-added later under the same custom id is new.
    return f"{job.id}:{int(job.timestamp)}"


def _replay(record: dict[str, Any]) -> dict[str, Any]:
    """The summary an earlier run recorded; its failure again if it reported one."""
    if record.get("status") == "failed":
        error = record.get("error") or {}
        # Already reported to the receiver: fail the same way, without retries.
        raise UnrecoverableError(f"{error.get('type')}: {error.get('message')}")
    summary: dict[str, Any] = record["summary"]
    return summary


class JobRunner:
    """The BullMQ processor: ``await runner(job, token)`` returns the job's summary."""

    def __init__(
        self,
        settings: WorkerSettings,
        client: httpx.AsyncClient,
        metrics: Metrics,
        ledger: DeliveryLedger,
        pool: WarmPool,
    ):
        self._settings = settings
        self._pool = pool
        self._client = client
        self._metrics = metrics
        self._ledger = ledger
        secret = settings.callback_secret
        self._secret = None if secret is None else secret.get_secret_value().encode()
        self._policy = RetryPolicy(
            attempts=settings.callback_attempts,
            backoff=settings.callback_backoff,
            backoff_max=settings.callback_backoff_max,
            timeout=settings.callback_timeout,
        )

    async def __call__(self, job: Job, token: str) -> dict[str, Any]:
        """Process ``job``; raise ``UnrecoverableError`` for failures no retry can fix."""
        log = get_logger().bind(job_id=job.id, attempt=_attempt(job))
        raw = job.data if isinstance(job.data, dict) else {}
        log = log.bind(document_id=raw.get("document_id"))
        started = time.monotonic()
        self._metrics.in_flight += 1
        try:
            summary = await self._run(job, log)
        except Exception as error:
            seconds = time.monotonic() - started
            self._metrics.observe(seconds, error=type(error).__name__)
            await self._on_failure(job, raw, error, log)
            if is_final(error):
                raise UnrecoverableError(f"{type(error).__name__}: {error}") from error
            raise
        finally:
            self._metrics.in_flight -= 1
        return summary

    async def _run(self, job: Job, log: Any) -> dict[str, Any]:
        started = time.monotonic()
        data = _parse(job.data)
        recorded = await self._ledger.recall(_ledger_key(job))
        if recorded is not None:  # an earlier run called back; its lock was lost
            log.info("job.already_delivered")
            return _replay(recorded)
        source = resolve_source(data, self._settings)
        options = effective_options(data, self._settings)
        log.info("job.started", timeout=options.timeout)
        # In a warm child, killed at the timeout; the loop only awaits it, so it
        # stays free to renew the job's lock in Redis.
        document = await self._pool.extract(source, options)
        chunks = None
        if data.chunking is not None:
            spec = data.chunking
            chunks = await in_thread(lambda: _chunks(document, spec))
        seconds = time.monotonic() - started
        self._metrics.observe(seconds, pages=len(document.pages))
        summary = JobSummary(
            document_id=data.document_id,
            job_id=str(job.id),
            sha256=document.source.sha256,
            format=document.source.format,
            pages=len(document.pages),
            blocks=len(document.blocks),
            chunks=None if chunks is None else len(chunks),
            seconds=round(seconds, 6),
        )
        if data.callback_url is not None:
            payload = CallbackPayload(
                document_id=data.document_id,
                job_id=str(job.id),
                status="completed",
                attempt=_attempt(job),
                document=document,
                chunks=chunks,
                metadata=data.metadata,
            )
            summary = await self._deliver(job, data.callback_url, payload, summary, log)
        log.info("job.completed", pages=summary.pages, chunks=summary.chunks, seconds=seconds)
        return summary.model_dump(mode="json")

    async def _deliver(
        self, job: Job, url: str, payload: CallbackPayload, summary: JobSummary, log: Any
    ) -> JobSummary:
        """Call back once per job, however many runs of it overlap (see ``_ledger``)."""

        async def send() -> dict[str, Any]:
            status = await self._post(url, payload, log)
            done = summary.model_copy(update={"callback_status": status})
            return {"status": "completed", "summary": done.model_dump(mode="json")}

        record, sent = await self._ledger.deliver_once(_ledger_key(job), send)
        if not sent:
            log.info("callback.already_delivered")
        return JobSummary.model_validate(_replay(record))

    async def _post(self, url: str, payload: CallbackPayload, log: Any) -> int:
        body = payload.model_dump_json(exclude_none=True).encode()
        try:
            status = await deliver(
                self._client, url, body, secret=self._secret, policy=self._policy
            )
        except Exception as exc:
            self._metrics.callbacks[type(exc).__name__] += 1
            log.warning("callback.failed", status=payload.status, error=str(exc))
            raise
        self._metrics.callbacks["delivered"] += 1
        log.info("callback.delivered", status=payload.status, http_status=status)
        return status

    async def _on_failure(self, job: Job, raw: dict[str, Any], error: Exception, log: Any) -> None:
        final = _last_attempt(job, error)
        log.warning("job.failed", error_type=type(error).__name__, error=str(error), final=final)
        url, document_id = raw.get("callback_url"), raw.get("document_id")
        # Only the last failure is reported: a retried job that later succeeds
        # must reach the receiver once, as completed.
        if not final or isinstance(error, CallbackRejectedError | CallbackUndeliveredError):
            return
        if not (isinstance(url, str) and url.startswith(("http://", "https://"))):
            return
        if not isinstance(document_id, str) or not document_id:
            return
        reported = CallbackError(
            type=type(error).__name__, message=str(error), retryable=not is_final(error)
        )
        payload = CallbackPayload(
            document_id=document_id,
            job_id=str(job.id),
            status="failed",
            attempt=_attempt(job),
            error=reported,
            metadata=raw.get("metadata") if isinstance(raw.get("metadata"), dict) else {},
        )

        async def send() -> dict[str, Any]:
            await self._post(url, payload, log)
            return {"status": "failed", "error": reported.model_dump(mode="json")}

        try:
            await self._ledger.deliver_once(_ledger_key(job), send)
        except Exception as exc:  # the job fails anyway; the log and metrics say why
            log.error("callback.lost", error=str(exc))
