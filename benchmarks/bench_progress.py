"""Progress overhead: ``extract(pdf)`` with and without ``on_progress``, in the same run.

The PDF is ``--pdf`` (default: the corpus's 18-page ``redp5110_sampled.pdf``,
from ``../shared/corpus/pdf`` or ``$RAGBASE_CORPUS/pdf``) repeated until it has
at least ``--pages`` pages (default 108), built in memory with PyMuPDF. Each
round times, in a shuffled order, these calls on the same bytes:

* ``none`` — ``extract(data)``, no callback (the baseline);
* ``noop`` — a callback that does nothing (the cost of the reports themselves);
* ``bar`` — :class:`~ragbase_extract.ProgressBar` drawing into a string (tqdm);
* the same three with ``ExtractOptions(timeout=600)``: the extraction runs in a
  worker process, which sends one message per page to this process.

Prints the median seconds of ``--rounds`` rounds and each mode's ratio to its
baseline (``none`` in process, ``isolated none`` in a worker). Whole-document
times on a loaded machine vary by more than the reports cost, so it also times
the reports alone: microseconds per :func:`report_progress` call reaching a
no-op callback, and per progress message sent through a pipe and decoded (what
a worker adds per page). Reproduce::

    .venv/bin/python benchmarks/bench_progress.py --rounds 7

The machine is usually shared: the load average is printed with the results,
and only the ratios within one run mean much.
"""

from __future__ import annotations

import argparse
import io
import json
import os
import random
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from ragbase_extract import ExtractOptions, ProgressBar, extract

_CORPUS = Path(os.environ.get("RAGBASE_CORPUS", Path(__file__).parent.parent / "../shared/corpus"))
_DEFAULT_PDF = _CORPUS / "pdf" / "redp5110_sampled.pdf"


def build_pdf(path: Path, pages: int) -> bytes:
    """``path`` repeated until the result has at least ``pages`` pages."""
    import pymupdf

    opener: Any = pymupdf.open
    src = opener(path)
    out = opener()
    while out.page_count < pages:
        out.insert_pdf(src)
    data: bytes = out.tobytes()
    src.close()
    out.close()
    return data


def _noop(done: int, total: int) -> None:
    """A callback that does nothing: what the reports cost by themselves."""


def _modes() -> dict[str, tuple[ExtractOptions, Callable[[], Any]]]:
    isolated = ExtractOptions(timeout=600)
    plain = ExtractOptions()

    def bar() -> ProgressBar:
        return ProgressBar(file=io.StringIO())

    return {
        "none": (plain, lambda: None),
        "noop": (plain, lambda: _noop),
        "bar": (plain, bar),
        "isolated none": (isolated, lambda: None),
        "isolated noop": (isolated, lambda: _noop),
        "isolated bar": (isolated, bar),
    }


def run(data: bytes, rounds: int) -> dict[str, list[float]]:
    """Seconds per mode, one sample per round, modes shuffled within each round."""
    modes = _modes()
    times: dict[str, list[float]] = {name: [] for name in modes}
    extract(data)  # warm: imports, font caches
    order = list(modes)
    for _ in range(rounds):
        random.shuffle(order)
        for name in order:
            options, make_callback = modes[name]
            callback = make_callback()
            started = time.perf_counter()
            extract(data, options=options, on_progress=callback)
            times[name].append(time.perf_counter() - started)
    return times


def per_report(calls: int = 100_000) -> float:
    """Microseconds per ``report_progress`` call reaching a no-op callback (in process)."""
    from ragbase_extract._page_progress import report_progress, run_reporting_pages

    document = extract(b"A document for the final report.", backend="text")

    def work() -> Any:
        for done in range(calls):
            report_progress(done, calls + 1)
        return document

    started = time.perf_counter()
    run_reporting_pages(_noop, work)
    return (time.perf_counter() - started) / calls * 1e6


def per_message(messages: int = 20_000) -> float:
    """Microseconds per progress message through a pipe: encode, send, receive, decode."""
    from multiprocessing import Pipe

    from ragbase_extract._isolation._wire import decode_progress, encode_progress

    receiver, sender = Pipe(duplex=False)
    started = time.perf_counter()
    for done in range(messages):
        sender.send_bytes(encode_progress(done, messages))
        decode_progress(receiver.recv_bytes())
    seconds = time.perf_counter() - started
    receiver.close()
    sender.close()
    return seconds / messages * 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pdf", type=Path, default=_DEFAULT_PDF)
    parser.add_argument("--pages", type=int, default=108)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--json", type=Path, help="write the raw seconds here")
    args = parser.parse_args(argv)
    if not args.pdf.is_file():
        print(f"no PDF at {args.pdf} (give --pdf or set RAGBASE_CORPUS)", file=sys.stderr)
        return 2
    data = build_pdf(args.pdf, args.pages)
    times = run(data, args.rounds)
    medians = {name: statistics.median(samples) for name, samples in times.items()}
    print(f"{args.pdf.name} x{args.pages} pages, {args.rounds} rounds, load {os.getloadavg()}")
    print("| mode | median s | ratio to its baseline |\n|---|---:|---:|")
    for name, seconds in medians.items():
        base = medians["isolated none" if name.startswith("isolated") else "none"]
        print(f"| {name} | {seconds:.3f} | {seconds / base:.3f} |")
    report_us, message_us = per_report(), per_message()
    print(
        f"\nper report in process: {report_us:.2f} us; per message through a pipe: {message_us:.2f} us"
    )
    page_us = 1e6 * medians["none"] / args.pages
    print(f"one page's extraction (none): {page_us:.0f} us")
    if args.json is not None:
        raw = {"seconds": times, "report_us": report_us, "message_us": message_us}
        args.json.write_text(json.dumps(raw, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
