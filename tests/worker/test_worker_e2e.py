"""The worker end to end: real redis-server, real worker process, real HTTP receiver."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import urllib.request
from pathlib import Path
from typing import Any

from ragbase_extract import Document, extract

from ..conftest import DATA
from ._harness import Receiver, RedisServer, enqueue, job_record, wait_for

PDF = DATA / "pdf" / "2305.03393v1-pg9.pdf"
SECRET = "s3cret-for-tests"


def _health(worker_log: list[dict[str, Any]]) -> int:
    return int(next(e["port"] for e in worker_log if e.get("event") == "health.listening"))


def _get(port: int, path: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=5) as response:
            return int(response.status), response.read().decode()
    except urllib.error.HTTPError as exc:
        return int(exc.code), exc.read().decode()


def test_path_job_is_extracted_chunked_signed_and_summarised(
    redis_server: RedisServer, receiver: Receiver, start_worker: Any
) -> None:
    worker = start_worker(callback_secret=SECRET)
    data = {
        "document_id": "doc-1",
        "source": {"path": str(PDF)},
        "chunking": {"max_tokens": 128, "strategy": "section"},
        "callback_url": receiver.url,
        "metadata": {"tenant": "t1"},
    }
    [job_id] = enqueue(redis_server.url, "docs", [("extract", data, {"attempts": 2})])
    wait_for(lambda: len(receiver.accepted) >= 1, 60, "the callback")

    [delivery] = receiver.accepted
    expected = "sha256=" + hmac.new(SECRET.encode(), delivery.body, hashlib.sha256).hexdigest()
    assert delivery.headers["X-Ragbase-Signature"] == expected
    body = delivery.json
    assert (body["document_id"], body["job_id"], body["status"]) == ("doc-1", job_id, "completed")
    assert body["metadata"] == {"tenant": "t1"}
    document = Document.model_validate(body["document"])
    # The same document as extracting the file here: the worker adds nothing and loses nothing.
    assert document == extract(PDF)
    assert body["chunks"]
    assert all(c["token_count"] <= 128 for c in body["chunks"])

    wait_for(
        lambda: "returnvalue" in job_record(redis_server.url, "docs", job_id), 10, "completion"
    )
    summary = json.loads(job_record(redis_server.url, "docs", job_id)["returnvalue"])
    assert summary["sha256"] == hashlib.sha256(PDF.read_bytes()).hexdigest()
    assert summary["pages"] == len(document.pages)
    assert summary["chunks"] == len(body["chunks"])
    assert summary["callback_status"] == 200
    assert "document" not in summary
    assert len(json.dumps(summary)) < 1000

    port = _health(worker.events())
    assert _get(port, "/healthz") == (200, "ok\n")
    assert _get(port, "/readyz") == (200, "ready\n")
    status, metrics = _get(port, "/metrics")
    assert status == 200
    assert "ragbase_worker_jobs_completed_total 1" in metrics
    assert f"ragbase_worker_pages_total {len(document.pages)}" in metrics
    logged = [e for e in worker.events() if e.get("event") == "job.completed"]
    assert logged
    assert logged[0]["job_id"] == job_id
    assert logged[0]["document_id"] == "doc-1"


def test_inline_corrupt_document_fails_once_without_retries_and_worker_goes_on(
    redis_server: RedisServer, receiver: Receiver, start_worker: Any, tmp_path: Path
) -> None:
    worker = start_worker()
    corrupt = b"%PDF-1.7\n" + b"\x00garbage" * 200
    jobs: list[tuple[str, dict[str, Any], dict[str, Any]]] = [
        (
            "extract",
            {
                "document_id": "bad",
                "source": {"base64": base64.b64encode(corrupt).decode(), "filename": "bad.pdf"},
                "callback_url": receiver.url,
            },
            {"attempts": 3, "backoff": {"type": "fixed", "delay": 100}},
        ),
        (
            "extract",
            {"document_id": "good", "source": {"path": str(PDF)}, "callback_url": receiver.url},
            {"attempts": 3},
        ),
    ]
    bad_id, _ = enqueue(redis_server.url, "docs", jobs)
    wait_for(lambda: len(receiver.by_document()) == 2, 60, "both callbacks")
    found = receiver.by_document()
    [failed] = found["bad"]
    assert failed["status"] == "failed"
    assert failed["error"]["type"] == "CorruptDocumentError"
    assert failed["error"]["retryable"] is False
    assert [c["status"] for c in found["good"]] == ["completed"]
    record = job_record(redis_server.url, "docs", bad_id)
    assert record["atm"] == "1"  # no retry of a corrupt file
    assert "CorruptDocumentError" in record["failedReason"]
    assert worker.alive()
