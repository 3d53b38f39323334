"""Load: 300 corpus jobs through 2 worker processes, every callback received exactly once.

The documents are the corpus's Markdown and CSV files (milliseconds each to
extract), repeated to 300 jobs, so the test measures the queue, the warm
children and the callbacks rather than PDF parsing; benchmarks/bench_worker.py
runs the same check over every format (``--load 300 --check``).
"""

from __future__ import annotations

import time
from typing import Any

import pytest

from ..conftest import SKIP_NO_CORPUS, corpus_files
from ._harness import Receiver, RedisServer, enqueue, job_states, wait_for
from .conftest import wait_started

JOBS = 300
FILES = corpus_files("md") + corpus_files("csv")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.corpus,
    pytest.mark.skipif(not FILES, reason=SKIP_NO_CORPUS),
]


def test_300_corpus_jobs_through_two_workers_are_each_called_back_exactly_once(
    redis_server: RedisServer, receiver: Receiver, start_worker: Any
) -> None:
    workers = [start_worker(wait=False), start_worker(wait=False)]  # they start side by side
    for worker in workers:
        wait_started(worker)
    ids = [f"load-{i}" for i in range(JOBS)]
    jobs = [
        (
            "extract",
            {
                "document_id": document_id,
                "source": {"path": str(FILES[i % len(FILES)])},
                "callback_url": receiver.url,
            },
            {"attempts": 2},
        )
        for i, document_id in enumerate(ids)
    ]
    enqueue(redis_server.url, "docs", jobs)
    wait_for(lambda: len(receiver.accepted) >= JOBS, 240, f"{JOBS} callbacks")
    time.sleep(1.0)  # a late duplicate would arrive now
    found = receiver.by_document()
    assert sorted(found) == sorted(ids)
    assert [d for d, bodies in found.items() if len(bodies) != 1] == []
    assert all(bodies[0]["status"] == "completed" for bodies in found.values())
    assert job_states(redis_server.url, "docs")["completed"] == JOBS
    # Both workers took a share: BullMQ spread the queue over them.
    shares = [sum(e.get("event") == "job.completed" for e in w.events()) for w in workers]
    assert sum(shares) == JOBS
    assert min(shares) > 0
