"""Documents per second through the BullMQ queue worker vs ``extract_many``.

Same files, same run: ``extract_many`` with 1 and 2 processes, then the queue
with 1 and 2 worker processes (``ragbase-extract worker --concurrency 1`` each),
jobs enqueued with the Python BullMQ client as ``source.path`` jobs with no
callback. The clock runs from the first enqueue to the last job completed;
worker start-up is excluded (workers are up before the first job). The
difference per job is the queue's overhead: Redis round trips, one fresh
extraction child per job (``extract(..., timeout=...)``) and JSON summaries.

Needs the ``[worker]`` extra and ``redis-server`` on PATH; uses
``../shared/corpus`` (or ``$RAGBASE_CORPUS``). Everything listens on
127.0.0.1 and is stopped at the end.

    .venv/bin/python benchmarks/bench_worker.py --limit 60
    .venv/bin/python benchmarks/bench_worker.py --load 300 --check

``--load N`` also pushes N jobs (the corpus files, repeated) through 2 workers
with a callback receiver; with ``--check`` only that runs, and the exit status
is 0 exactly when every ``document_id`` was called back exactly once.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections import Counter
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from ragbase_extract import extract_many

ROOT = Path(__file__).resolve().parent.parent
_RUNS = itertools.count()
FORMATS = ("pdf", "docx", "html", "md", "pptx", "xlsx", "epub", "csv")


def corpus() -> Path:
    configured = os.environ.get("RAGBASE_CORPUS")
    folder = Path(configured) if configured else ROOT.parent / "shared" / "corpus"
    if not (folder / "MANIFEST.tsv").is_file():
        sys.exit(f"no corpus at {folder}: set RAGBASE_CORPUS")
    return folder


def pick_files(limit: int) -> list[Path]:
    """Round-robin over formats so a short run still mixes them."""
    folders = [sorted(p for p in (corpus() / f).iterdir() if ".gt." not in p.name) for f in FORMATS]
    files: list[Path] = []
    while len(files) < limit and any(folders):
        for folder in folders:
            if folder and len(files) < limit:
                files.append(folder.pop(0))
    return files


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def time_extract_many(files: list[Path], workers: int) -> float:
    started = time.perf_counter()
    results = list(extract_many(files, workers=workers))
    assert len(results) == len(files)
    return time.perf_counter() - started


class Receiver:
    """Counts callbacks per document_id on a free port of 127.0.0.1."""

    def __init__(self) -> None:
        self.seen: Counter[str] = Counter()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
                receiver.seen[json.loads(body)["document_id"]] += 1
                self.send_response(204)
                self.end_headers()

            def log_message(self, format: str, *args: object) -> None:
                return

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/cb"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


async def _enqueue_and_wait(
    url: str, queue: str, files: list[Path], callback: str | None = None
) -> float:
    from bullmq import Queue

    q = Queue(queue, {"connection": url})
    try:
        started = time.perf_counter()
        for i, path in enumerate(files):
            data = {"document_id": f"b{i}", "source": {"path": str(path)}}
            if callback:
                data["callback_url"] = callback
            await q.add("extract", data, {"removeOnComplete": False})
        while True:
            counts = await q.getJobCounts("completed", "failed")
            if counts["completed"] + counts["failed"] >= len(files):
                return time.perf_counter() - started
            await asyncio.sleep(0.05)
    finally:
        await q.close()


def _start_worker(url: str, queue: str, log: Path) -> subprocess.Popen[bytes]:
    env = dict(os.environ, RAGBASE_WORKER_REDIS_URL=url, RAGBASE_WORKER_QUEUE=queue)
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "ragbase_extract", "worker", "--concurrency", "1"],
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )


def time_queue(
    url: str, files: list[Path], workers: int, tmp: Path, callback: str | None = None
) -> float:
    queue = f"bench-{workers}-{'cb' if callback else 'plain'}-{next(_RUNS)}"  # a fresh queue
    logs = [tmp / f"{queue}-{i}.log" for i in range(workers)]
    procs = [_start_worker(url, queue, log) for log in logs]
    try:
        deadline = time.monotonic() + 60
        while not all("worker.started" in log.read_text() for log in logs):
            if time.monotonic() > deadline:
                raise RuntimeError("workers did not start")
            time.sleep(0.1)
        return asyncio.run(_enqueue_and_wait(url, queue, files, callback))
    finally:
        for proc in procs:
            proc.send_signal(signal.SIGTERM)
        for proc in procs:
            proc.wait(60)


def load_test(url: str, count: int, tmp: Path) -> None:
    files = (pick_files(count) * count)[:count]
    receiver = Receiver()
    try:
        seconds = time_queue(url, files, 2, tmp, callback=receiver.url)
        time.sleep(1)  # late duplicates would land now
    finally:
        receiver.close()
    once = sum(1 for n in receiver.seen.values() if n == 1)
    twice = sum(1 for n in receiver.seen.values() if n > 1)
    missing = count - len(receiver.seen)
    print(
        f"load: {count} jobs, 2 workers, {seconds:.1f} s ({count / seconds:.1f} docs/s); "
        f"called back exactly once: {once}, more than once: {twice}, never: {missing}\n"
    )
    if once != count:
        sys.exit("load test failed: not every job was called back exactly once")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=60, help="number of corpus files")
    parser.add_argument(
        "--repeat", type=int, default=1, help="best of this many runs of each measurement"
    )
    parser.add_argument(
        "--check",
        action="store_true",
        help="run only the --load check (exit status 1 unless every job was called back once)",
    )
    parser.add_argument(
        "--load",
        type=int,
        default=0,
        help="also push this many jobs (corpus files, repeated) through 2 workers with "
        "callbacks and check each document_id is called back exactly once",
    )
    args = parser.parse_args()
    if args.check and not args.load:
        parser.error("--check needs --load N")
    server = shutil.which("redis-server")
    if server is None:
        sys.exit("redis-server is not installed")
    files = pick_files(args.limit)
    port = free_port()
    with tempfile.TemporaryDirectory() as tmp:
        redis = subprocess.Popen(
            [server, "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--dir", tmp],
            stdout=subprocess.DEVNULL,
        )
        try:
            time.sleep(0.5)
            url = f"redis://127.0.0.1:{port}/0"
            rows = []
            print(f"{len(files)} corpus files ({', '.join(FORMATS)})\n", flush=True)
            for workers in () if args.check else (1, 2):
                # Interleaved and best of --repeat: a shared machine's noise hits both.
                batch = queued = float("inf")
                for _ in range(args.repeat):
                    batch = min(batch, time_extract_many(files, workers))
                    queued = min(queued, time_queue(url, files, workers, Path(tmp)))
                rows.append((workers, batch, queued))
                print(
                    f"{workers} process(es): extract_many {batch:.1f} s, queue {queued:.1f} s",
                    flush=True,
                )
            if args.load:
                load_test(url, args.load, Path(tmp))
        finally:
            redis.terminate()
            redis.wait(10)
    if not rows:
        return
    n = len(files)
    print()
    print(
        "| processes | extract_many docs/s | queue worker docs/s | queue / extract_many | overhead per job |"
    )
    print("|---|---|---|---|---|")
    for workers, batch, queued in rows:
        per_job_ms = (queued - batch) / n * workers * 1000
        print(
            f"| {workers} | {n / batch:.1f} | {n / queued:.1f} | {batch / queued:.2f} | "
            f"{per_job_ms:.0f} ms |"
        )


if __name__ == "__main__":
    main()
