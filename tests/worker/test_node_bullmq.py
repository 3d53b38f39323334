"""Cross-language: Node BullMQ (as a TypeScript backend) enqueues, the Python worker extracts."""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from ..conftest import DATA
from ._harness import Receiver, RedisServer

NODE_DIR = Path(__file__).parent / "node"
NODE = shutil.which("node")
PDF = DATA / "pdf" / "2305.03393v1-pg9.pdf"


def _node_ready() -> str | None:
    if NODE is None:
        return "node is not installed"
    if not (NODE_DIR / "node_modules" / "bullmq").is_dir():
        return f"npm bullmq is not installed: run `npm ci` in {NODE_DIR} (README's set-up does)"
    return None


def test_jobs_enqueued_by_node_bullmq_are_processed_and_finished_for_node(
    redis_server: RedisServer, receiver: Receiver, start_worker: Any
) -> None:
    reason = _node_ready()
    if reason:
        pytest.skip(reason)
    start_worker(queue="from-node", concurrency=2)
    jobs: list[dict[str, Any]] = [
        {
            "name": "extract",
            "data": {
                "document_id": f"node-{i}",
                "source": {"path": str(PDF)},
                "chunking": {"max_tokens": 256},
                "callback_url": receiver.url,
            },
            "opts": {"attempts": 3, "backoff": {"type": "exponential", "delay": 200}},
        }
        for i in range(3)
    ]
    jobs.append(
        {
            "name": "extract",
            "data": {"document_id": "node-bad", "source": {"path": "/nonexistent/x.pdf"}},
            "opts": {"attempts": 3},
        }
    )
    assert NODE is not None
    done = subprocess.run(
        [NODE, "enqueue.mjs", redis_server.url, "from-node", "90"],
        input=json.dumps(jobs),
        capture_output=True,
        text=True,
        cwd=NODE_DIR,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    results = json.loads(done.stdout)
    sha = hashlib.sha256(PDF.read_bytes()).hexdigest()
    # Node reads the Python worker's return values as its own: same keys, same encoding.
    for result, job in zip(results[:3], jobs[:3], strict=True):
        summary = result["returnvalue"]
        assert summary["document_id"] == job["data"]["document_id"]
        assert summary["job_id"] == result["id"]
        assert summary["sha256"] == sha
        assert summary["chunks"] >= 1
    assert "SourceUnavailableError" in results[3]["failedReason"]
    delivered = receiver.by_document()
    assert sorted(delivered) == ["node-0", "node-1", "node-2"]
    assert all(len(v) == 1 and v[0]["status"] == "completed" for v in delivered.values())
