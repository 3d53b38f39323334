"""Fixtures of the worker tests: a real redis-server and a real HTTP receiver."""

from __future__ import annotations

import importlib.util
import signal
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from ._harness import (
    REDIS_SERVER,
    SKIP_NO_REDIS,
    SKIP_NO_WORKER_EXTRA,
    Receiver,
    RedisServer,
    WorkerProcess,
    wait_for,
)

WORKER_EXTRA = all(
    importlib.util.find_spec(m) is not None
    for m in ("bullmq", "redis", "httpx", "pydantic_settings", "structlog")
)


@pytest.fixture
def redis_server(tmp_path: Path) -> Iterator[RedisServer]:
    """A redis-server of its own on a free port of 127.0.0.1; skips without one."""
    if not WORKER_EXTRA:
        pytest.skip(SKIP_NO_WORKER_EXTRA)
    if REDIS_SERVER is None:
        pytest.skip(SKIP_NO_REDIS)
    server = RedisServer(tmp_path)
    server.start()
    yield server
    server.stop()


@pytest.fixture
def receiver() -> Iterator[Receiver]:
    """An HTTP callback receiver on a free port of 127.0.0.1."""
    found = Receiver()
    found.start()
    yield found
    found.stop()


@pytest.fixture
def start_worker(
    redis_server: RedisServer, tmp_path: Path
) -> Iterator[Callable[..., WorkerProcess]]:
    """Start worker processes on ``redis_server``; all of them are stopped afterwards."""
    started: list[WorkerProcess] = []

    def start(queue: str = "docs", *, wait: bool = True, **settings: object) -> WorkerProcess:
        settings.setdefault("health_port", 0)
        log = tmp_path / f"worker-{len(started)}.log"
        worker = WorkerProcess(redis_server.url, queue, log, **settings)
        started.append(worker)
        if wait:
            wait_started(worker)
        return worker

    yield start
    for worker in started:  # all at once: their shutdowns overlap
        if worker.alive():
            worker.signal(signal.SIGTERM)
    for worker in started:
        worker.stop(timeout=15)


def wait_started(worker: WorkerProcess) -> None:
    """Wait until ``worker`` takes jobs; fail with its log if it died instead."""
    wait_for(
        lambda: worker.has_event("worker.started") or not worker.alive(),
        30,
        "the worker to start",
    )
    assert worker.alive(), worker.log_path.read_text()
