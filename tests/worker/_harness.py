"""Real components for the worker tests: redis-server, an HTTP receiver, worker processes.

Everything listens on 127.0.0.1 on free ports and is stopped by the fixtures.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from ragbase_extract._isolation._deathsig import die_with_parent

REDIS_SERVER = shutil.which("redis-server")
SKIP_NO_REDIS = (
    "redis-server is not installed (Debian: apt-get install redis-server; README's set-up "
    "installs it)"
)
SKIP_NO_WORKER_EXTRA = "the [worker] extra (bullmq, redis, httpx, ...) is not installed"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for(predicate: Any, timeout: float, what: str, interval: float = 0.05) -> None:
    """Poll ``predicate`` until true; fail the test with ``what`` after ``timeout`` s."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    pytest.fail(f"timed out after {timeout} s waiting for {what}")


def _dies_with_pytest() -> Callable[[], None]:
    """For ``preexec_fn``: the child is killed when this pytest process dies, so a
    run stopped from outside (a CI timeout, a SIGKILL) leaves no redis-server or
    worker behind (a killed run once left a worker retrying a gone Redis for an hour)."""
    return partial(die_with_parent, os.getpid())


class RedisServer:
    """A throwaway redis-server with an append-only file, restartable on the same port."""

    def __init__(self, workdir: Path) -> None:
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self._workdir = workdir
        self._process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        assert REDIS_SERVER is not None
        self._process = subprocess.Popen(
            [
                REDIS_SERVER,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                # An append-only file, so a restart keeps the queue as a deployment's does.
                "--appendonly",
                "yes",
                "--appendfsync",
                "always",
                "--dir",
                str(self._workdir),
                "--protected-mode",
                "yes",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            preexec_fn=_dies_with_pytest(),
        )
        wait_for(self._answers, 10, "redis-server to answer PING")

    def _answers(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def stop(self) -> None:
        """Shut down (SIGTERM: redis-server flushes its append-only file first)."""
        if self._process is not None and self._process.poll() is None:
            self._process.terminate()
            self._process.wait(10)
        self._process = None

    def freeze(self, seconds: float) -> None:
        """SIGSTOP the server for ``seconds``: clients hang, and keys expire meanwhile."""
        assert self._process is not None
        self._process.send_signal(signal.SIGSTOP)
        try:
            time.sleep(seconds)
        finally:
            self._process.send_signal(signal.SIGCONT)

    def restart(self, down_for: float) -> None:
        """Stop, stay down ``down_for`` seconds, start again on the same port."""
        self.stop()
        time.sleep(down_for)
        self.start()


@dataclass
class Delivery:
    path: str
    headers: dict[str, str]
    body: bytes

    @property
    def json(self) -> dict[str, Any]:
        value: dict[str, Any] = json.loads(self.body)
        return value


@dataclass
class Receiver:
    """A real HTTP server on 127.0.0.1 that records callbacks.

    ``statuses`` is a queue of status codes to answer with before answering 200;
    ``delays`` a queue of seconds to wait before answering (the request is recorded
    on arrival); ``stop()`` then ``start()`` takes the endpoint down and up on the
    same port.
    """

    port: int = field(default_factory=free_port)
    statuses: list[int] = field(default_factory=list)
    delays: list[float] = field(default_factory=list)
    accepted: list[Delivery] = field(default_factory=list)
    refused: list[Delivery] = field(default_factory=list)
    _server: ThreadingHTTPServer | None = None
    _lock: threading.Lock = field(default_factory=threading.Lock)

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}/callback"

    def start(self) -> None:
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                delivery = Delivery(self.path, dict(self.headers.items()), body)
                with receiver._lock:
                    status = receiver.statuses.pop(0) if receiver.statuses else 200
                    (receiver.accepted if status < 300 else receiver.refused).append(delivery)
                    delay = receiver.delays.pop(0) if receiver.delays else 0.0
                time.sleep(delay)
                self.send_response(status)
                self.send_header("Content-Length", "0")
                self.end_headers()

            def log_message(self, format: str, *args: Any) -> None:
                return  # keep the test output quiet

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._server.daemon_threads = True
        threading.Thread(target=self._server.serve_forever, daemon=True).start()

    def stop(self) -> None:
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def by_document(self) -> dict[str, list[dict[str, Any]]]:
        with self._lock:
            found: dict[str, list[dict[str, Any]]] = {}
            for delivery in self.accepted:
                body = delivery.json
                found.setdefault(body["document_id"], []).append(body)
            return found


class WorkerProcess:
    """``python -m ragbase_extract.worker`` as a real subprocess, logs captured."""

    def __init__(self, redis_url: str, queue: str, log_path: Path, **settings: Any) -> None:
        env = dict(os.environ)
        env.update(
            {
                "RAGBASE_WORKER_REDIS_URL": redis_url,
                "RAGBASE_WORKER_QUEUE": queue,
                "RAGBASE_WORKER_LOG_LEVEL": "info",
            }
        )
        for key, value in settings.items():
            env[f"RAGBASE_WORKER_{key.upper()}"] = str(value)
        self.log_path = log_path
        self._log = log_path.open("wb")
        self.process = subprocess.Popen(
            [sys.executable, "-m", "ragbase_extract", "worker"],
            env=env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group: killed with its children
            preexec_fn=_dies_with_pytest(),
        )

    def events(self) -> list[dict[str, Any]]:
        lines = self.log_path.read_text(errors="replace").splitlines()
        return [json.loads(line) for line in lines if line.startswith("{")]

    def has_event(self, name: str, **fields: Any) -> bool:
        return any(
            e.get("event") == name and all(e.get(k) == v for k, v in fields.items())
            for e in self.events()
        )

    def alive(self) -> bool:
        return self.process.poll() is None

    def signal(self, signum: int) -> None:
        self.process.send_signal(signum)

    def kill_group(self) -> None:
        """SIGKILL the worker and every process it started (the extraction children)."""
        if self.process.poll() is None or _group_alive(self.process.pid):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait(10)

    def stop(self, timeout: float = 30) -> int:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout)
            except subprocess.TimeoutExpired:
                self.kill_group()
        self.kill_group()
        self._log.close()
        return int(self.process.returncode)


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def enqueue(
    redis_url: str, queue: str, jobs: list[tuple[str, dict[str, Any], dict[str, Any]]]
) -> list[str]:
    """Add jobs with the Python BullMQ client; returns their ids."""
    from bullmq import Queue

    async def add() -> list[str]:
        q = Queue(queue, {"connection": redis_url})
        try:
            return [str((await q.add(name, data, opts)).id) for name, data, opts in jobs]
        finally:
            await q.close()

    return asyncio.run(add())


def job_states(redis_url: str, queue: str) -> dict[str, int]:
    from bullmq import Queue

    async def counts() -> dict[str, int]:
        q = Queue(queue, {"connection": redis_url})
        try:
            found: dict[str, int] = await q.getJobCounts(
                "completed", "failed", "active", "wait", "delayed"
            )
            return found
        finally:
            await q.close()

    return asyncio.run(counts())


def job_record(redis_url: str, queue: str, job_id: str) -> dict[str, Any]:
    """The job's hash as Node and Python BullMQ store it (returnvalue, attemptsMade, ...)."""
    import redis

    client = redis.Redis.from_url(redis_url, decode_responses=True)
    try:
        record: dict[str, Any] = client.hgetall(f"bull:{queue}:{job_id}")  # type: ignore[assignment]
        return record
    finally:
        client.close()
