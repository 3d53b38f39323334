"""The worker process: BullMQ consumer, health server, signals, graceful shutdown."""

from __future__ import annotations

import asyncio
import contextlib
import signal
from typing import TYPE_CHECKING, Any

import httpx
from bullmq import Worker
from redis.asyncio import Redis

from ._health import HealthServer
from ._jobs import JobRunner
from ._ledger import DeliveryLedger
from ._logging import configure_logging, get_logger
from ._metrics import Metrics
from ._warm import WarmPool

if TYPE_CHECKING:
    from ._settings import WorkerSettings

__all__ = ["serve"]


def _worker_options(settings: WorkerSettings) -> dict[str, Any]:
    options: dict[str, Any] = {
        "connection": settings.redis_url,
        "prefix": settings.prefix,
        "concurrency": settings.concurrency,
        "lockDuration": settings.lock_duration_ms,
        "stalledInterval": settings.stalled_interval_ms,
        "maxStalledCount": settings.max_stalled_count,
        # Seconds an idle worker blocks waiting for a job. Python BullMQ's close()
        # can wait out one such block (taskforcesh/bullmq#4597): 5 s by default.
        "drainDelay": 1,
        "autorun": False,
    }
    if settings.worker_name:
        options["name"] = settings.worker_name
    return options


async def _ping(worker: Worker) -> bool:
    try:
        return bool(await asyncio.wait_for(worker.client.ping(), timeout=2))
    except Exception:  # any failure to answer means not ready
        return False


async def _shut_down(worker: Worker, grace: float, log: Any) -> None:
    """Stop taking jobs; give in-flight ones ``grace`` seconds, then let go of them.

    A job let go of keeps its lock until the lock expires; BullMQ's stalled-job
    check on any worker then moves it back to wait, so it is run again, not lost.
    """
    log.info("worker.stopping", in_flight=len(worker.jobs), grace=grace)
    closing = asyncio.ensure_future(worker.close())
    done, _ = await asyncio.wait({closing}, timeout=grace)
    if not done:
        log.warning("worker.grace_expired", abandoned=[str(j.id) for j, _ in worker.jobs])
        await worker.close(force=True)
        closing.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await closing


async def serve(settings: WorkerSettings, *, stop: asyncio.Event | None = None) -> None:
    """Consume ``settings.queue`` until SIGTERM/SIGINT (or ``stop`` is set).

    Args:
        settings: Connection, concurrency, limits, callbacks and operations.
        stop: Set it to shut down as SIGTERM would; signal handlers are
            installed only when this runs in the main thread.
    """
    configure_logging(settings.log_level)
    log = get_logger().bind(queue=settings.queue)
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(ValueError, NotImplementedError):  # not the main thread
            loop.add_signal_handler(signum, stop.set)
    metrics = Metrics()
    redis = Redis.from_url(settings.redis_url)
    pool = WarmPool(settings.concurrency, max_jobs_per_child=settings.max_jobs_per_child)
    try:
        async with httpx.AsyncClient() as client:
            ledger = DeliveryLedger(redis, settings.prefix, settings.queue)
            runner = JobRunner(settings, client, metrics, ledger, pool)
            worker = Worker(settings.queue, runner, _worker_options(settings))
            await _run(worker, settings, metrics, stop, log)
    finally:
        pool.close()  # kills the children of jobs abandoned after the grace period
        await redis.aclose()
    log.info("worker.stopped", completed=metrics.completed, failed=sum(metrics.failed.values()))


async def _run(
    worker: Worker, settings: WorkerSettings, metrics: Metrics, stop: asyncio.Event, log: Any
) -> None:
    worker.on("error", lambda error, *_: log.warning("bullmq.error", error=str(error)))
    worker.on("stalled", lambda job_id, *_: log.warning("job.stalled", job_id=job_id))
    health = HealthServer(metrics, lambda: _ready(worker, stop))
    if settings.health_port is not None:
        port = await health.start(settings.health_host, settings.health_port)
        log.info("health.listening", host=settings.health_host, port=port)
    running = asyncio.ensure_future(worker.run())
    log.info("worker.started", concurrency=settings.concurrency)
    stopping = asyncio.ensure_future(stop.wait())
    await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
    await _shut_down(worker, settings.shutdown_grace, log)
    log.info("worker.drained")
    stopping.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await running
    await health.close()


async def _ready(worker: Worker, stop: asyncio.Event) -> bool:
    return worker.running and not stop.is_set() and await _ping(worker)
