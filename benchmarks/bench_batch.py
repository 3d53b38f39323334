"""Batch benchmark: extract_many throughput and scaling, isolation overhead, parent memory.

Measures, on the corpus PDFs (``../shared/corpus/pdf`` or ``$RAGBASE_CORPUS/pdf``):

* **in-process baseline** — ``extract(path)`` in a loop, warm (what one process
  does with no isolation at all);
* **extract_many** with 1 and 2 workers — wall time including the pool's start-up,
  documents per second and the 2-worker / 1-worker scaling ratio; the corpus list
  is repeated ``--rounds`` times so each run handles enough documents;
* **isolation overhead** — the median cost of one ``extract(path,
  options=ExtractOptions(timeout=...))`` call (a fresh child per call) against
  the same call in-process, on the smallest corpus PDF;
* **parent memory** — in a fresh interpreter, the parent's resident set size
  while ``--stream`` (default 1,000) documents stream through ``extract_many``
  from a generator (the corpus PDFs cycled), sampled every 20 ms and at every
  result: before, peak, and at 10 %, 50 % and 100 % of the stream.

Prints a Markdown table (and ``--json`` writes the raw numbers). Reproduce::

    .venv/bin/python benchmarks/bench_batch.py --rounds 5 --stream 1000

The machine is usually shared: the load average is printed with the results.
"""

from __future__ import annotations

import argparse
import itertools
import json
import os
import platform
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def corpus_pdfs() -> list[Path]:
    configured = os.environ.get("RAGBASE_CORPUS")
    repo = Path(__file__).resolve().parent.parent
    for root in ([Path(configured)] if configured else []) + [repo.parent / "shared" / "corpus"]:
        folder = root / "pdf"
        if folder.is_dir():
            return sorted(p for p in folder.glob("*.pdf") if ".gt." not in p.name)
    raise SystemExit("corpus not found: set RAGBASE_CORPUS or put it at ../shared/corpus")


def rss_bytes() -> int:
    """The current resident set size of this process."""
    try:
        with open("/proc/self/statm") as handle:
            return int(handle.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")
    except OSError:  # not Linux: the peak is the best we have
        import resource

        scale = 1 if sys.platform == "darwin" else 1024
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * scale


def in_process(paths: list[Path], rounds: int) -> dict[str, Any]:
    from ragbase_extract._api import extract

    for path in paths:  # warm up: imports, fonts, the registry
        _try(extract, path)
    started = time.perf_counter()
    failed = 0
    for _ in range(rounds):
        for path in paths:
            failed += not _try(extract, path)
    seconds = time.perf_counter() - started
    count = rounds * len(paths)
    return {"documents": count, "failed": failed, "seconds": seconds, "per_second": count / seconds}


def _try(function: Any, *args: Any, **kwargs: Any) -> bool:
    from ragbase_extract._errors import RagbaseExtractError

    try:
        function(*args, **kwargs)
    except RagbaseExtractError:
        return False
    return True


def batch(paths: list[Path], rounds: int, workers: int) -> dict[str, Any]:
    from ragbase_extract._batch import extract_many
    from ragbase_extract._options import ExtractOptions

    sources = [p for _ in range(rounds) for p in paths]
    started = time.perf_counter()
    failed = 0
    for result in extract_many(sources, workers=workers, options=ExtractOptions(timeout=120)):
        failed += not result.ok
    seconds = time.perf_counter() - started
    return {
        "workers": workers,
        "documents": len(sources),
        "failed": failed,
        "seconds": seconds,
        "per_second": len(sources) / seconds,
    }


def isolation_overhead(path: Path, calls: int) -> dict[str, Any]:
    from ragbase_extract._api import extract
    from ragbase_extract._options import ExtractOptions

    def median_ms(**options: Any) -> float:
        opts = ExtractOptions(**options)
        extract(path, options=opts)
        times = []
        for _ in range(calls):
            started = time.perf_counter()
            extract(path, options=opts)
            times.append(time.perf_counter() - started)
        return 1000 * statistics.median(times)

    in_proc = median_ms()
    isolated = median_ms(timeout=60)
    return {"file": path.name, "in_process_ms": in_proc, "isolated_ms": isolated}


SMALL = (
    "bookmark_sample.pdf",
    "picture_classification.pdf",
    "multi_page.pdf",
    "code_and_formula.pdf",
)
"""Small corpus PDFs (5-30 ms of work each) for the per-document overhead comparison."""


def small_overhead(paths: list[Path], repeat: int) -> dict[str, Any]:
    """Per-document cost on small PDFs: in-process, a long-lived worker, a child per document."""
    from ragbase_extract._api import extract
    from ragbase_extract._batch import extract_many
    from ragbase_extract._options import ExtractOptions

    small = [p for p in paths if p.name in SMALL] or sorted(paths, key=lambda p: p.stat().st_size)[
        :4
    ]
    sources = small * repeat
    for path in small:
        extract(path)
    started = time.perf_counter()
    for path in sources:
        extract(path)
    in_proc = time.perf_counter() - started
    list(extract_many(small, workers=1))  # the fork server is up, as in the other rows
    started = time.perf_counter()
    for result in extract_many(sources, workers=1, options=ExtractOptions(timeout=60)):
        assert result.ok, result.error
    pooled = time.perf_counter() - started
    started = time.perf_counter()
    for path in sources:
        extract(path, options=ExtractOptions(timeout=60))
    per_child = time.perf_counter() - started
    count = len(sources)
    return {
        "files": [p.name for p in small],
        "documents": count,
        "in_process_ms": 1000 * in_proc / count,
        "pool_ms": 1000 * pooled / count,
        "child_per_document_ms": 1000 * per_child / count,
    }


def memory_child(stream: int, workers: int) -> dict[str, Any]:
    """Run in a fresh interpreter: the parent's RSS while ``stream`` documents pass."""
    from ragbase_extract._batch import BatchResult, extract_many
    from ragbase_extract._options import ExtractOptions

    paths = corpus_pdfs()
    import pymupdf  # noqa: F401  (imported before the baseline: the parent needs it anyway)

    before = rss_bytes()
    peak = before
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.wait(0.02):
            peak = max(peak, rss_bytes())

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    checkpoints: dict[str, int] = {}
    marks = {max(1, stream // 10): "10%", max(1, stream // 2): "50%", stream: "100%"}

    def progress(done: int, total: int | None, result: BatchResult) -> None:
        nonlocal peak
        now = rss_bytes()
        peak = max(peak, now)
        if done in marks:
            checkpoints[marks[done]] = now

    def sources() -> Iterator[Path]:
        yield from itertools.islice(itertools.cycle(paths), stream)

    started = time.perf_counter()
    done = sum(
        1
        for _ in extract_many(
            sources(), workers=workers, options=ExtractOptions(timeout=120), on_progress=progress
        )
    )
    seconds = time.perf_counter() - started
    stop.set()
    sampler.join()
    return {
        "documents": done,
        "workers": workers,
        "seconds": seconds,
        "rss_before": before,
        "rss_peak": peak,
        **{f"rss_{k}": v for k, v in checkpoints.items()},
    }


def mib(value: float) -> str:
    return f"{value / 2**20:.1f} MiB"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=5, help="corpus repetitions per run")
    parser.add_argument("--stream", type=int, default=1000, help="documents in the memory run")
    parser.add_argument("--calls", type=int, default=20, help="calls for the overhead median")
    parser.add_argument("--json", type=Path, help="also write the raw numbers here")
    parser.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--workers", type=int, default=2, help="workers in the memory run")
    args = parser.parse_args()

    if args.memory_child:
        print(json.dumps(memory_child(args.stream, args.workers)))
        return

    paths = corpus_pdfs()
    print(
        f"{len(paths)} corpus PDFs, {args.rounds} rounds; {platform.python_version()}, "
        f"{os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.2f}",
        file=sys.stderr,
    )
    memory = json.loads(
        subprocess.run(
            [
                sys.executable,
                __file__,
                "--memory-child",
                "--stream",
                str(args.stream),
                "--workers",
                str(args.workers),
            ],
            check=True,
            capture_output=True,
            text=True,
        ).stdout
    )
    base = in_process(paths, args.rounds)
    one = batch(paths, args.rounds, 1)
    two = batch(paths, args.rounds, 2)
    smallest = min(paths, key=lambda p: p.stat().st_size)
    overhead = isolation_overhead(smallest, args.calls)
    small = small_overhead(paths, max(5, args.rounds * 5))
    load = os.getloadavg()[0]

    count = base["documents"]
    print(
        f"\n### extract_many on the corpus PDFs ({len(paths)} files x {args.rounds} rounds "
        f"= {count} documents)\n"
    )
    print("| run | wall time | documents/s | vs in-process | failed (expected: encrypted) |")
    print("|---|---:|---:|---:|---:|")
    print(
        f"| in-process loop, warm | {base['seconds']:.2f} s | {base['per_second']:.1f} | 1.00 "
        f"| {base['failed']} |"
    )
    for run in (one, two):
        ratio = run["per_second"] / base["per_second"]
        print(
            f"| extract_many, {run['workers']} worker{'s' if run['workers'] > 1 else ''} "
            f"| {run['seconds']:.2f} s | {run['per_second']:.1f} | {ratio:.2f} | {run['failed']} |"
        )
    scaling = two["per_second"] / one["per_second"]
    per_doc_overhead = 1000 * (one["seconds"] - base["seconds"]) / count
    print(
        f"\nScaling 2 workers / 1 worker: **{scaling:.2f}x** on {os.cpu_count()} CPUs. "
        f"Overhead of 1 worker over the in-process loop: {per_doc_overhead:.1f} ms per "
        f"document (pool start-up included)."
    )
    print(f"\n### One document with a timeout (a fresh child per call), {overhead['file']}\n")
    print("| call | median |")
    print("|---|---:|")
    print(f"| `extract(path)` in-process | {overhead['in_process_ms']:.1f} ms |")
    print(
        f"| `extract(path, options=ExtractOptions(timeout=60))` | {overhead['isolated_ms']:.1f} ms |"
    )
    print(
        f"\n### Per-document cost on small PDFs ({small['documents']} documents: "
        f"{', '.join(small['files'])}), sequential\n"
    )
    print("| how | per document | overhead vs in-process |")
    print("|---|---:|---:|")
    rows = (
        ("in-process `extract`", "in_process_ms"),
        ("`extract_many`, 1 long-lived worker", "pool_ms"),
        ("a fresh child per document (`extract` with a timeout)", "child_per_document_ms"),
    )
    for label, key in rows:
        extra = small[key] - small["in_process_ms"]
        print(f"| {label} | {small[key]:.1f} ms | {extra:+.1f} ms |")
    print(
        f"\n### Parent memory while {memory['documents']} documents stream through "
        f"extract_many ({memory['workers']} workers, generator input)\n"
    )
    print("| before | after 10 % | after 50 % | after 100 % | peak | wall time |")
    print("|---:|---:|---:|---:|---:|---:|")
    print(
        f"| {mib(memory['rss_before'])} | {mib(memory.get('rss_10%', 0))} "
        f"| {mib(memory.get('rss_50%', 0))} | {mib(memory.get('rss_100%', 0))} "
        f"| {mib(memory['rss_peak'])} | {memory['seconds']:.1f} s |"
    )
    print(
        f"\nLoad average at the end: {load:.2f} (the machine is shared; "
        "throughput numbers move with it)."
    )
    if args.json:
        args.json.write_text(
            json.dumps(
                {
                    "in_process": base,
                    "batch": [one, two],
                    "scaling": scaling,
                    "overhead": overhead,
                    "small": small,
                    "memory": memory,
                    "load": load,
                },
                indent=2,
            )
        )


if __name__ == "__main__":
    main()
