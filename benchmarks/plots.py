"""Benchmark plots: SVG charts for docs/benchmarks.md from the benchmark scripts' JSON.

The data is committed next to the charts, in ``docs/_static/bench/data/``:

* ``extract.json``: ``bench_extract.py --json`` (per file, per tool and format);
* ``dpbench.json``: ``bench_dpbench.py --json`` (our per-document NID/TEDS/MHS);
* ``dpbench-published.json``: the published engines' means on the same 100
  pages, summarised by this script from the split's ``published/`` folder
  (``--dpbench-dataset``; when it is absent the committed file is used);
* ``chunking.json``: ``bench_chunking.py --json``.

The charts (``docs/_static/bench/*.svg``) are drawn from those files only, so
they can be redrawn offline and never during the docs build. Each SVG names the
data files it was drawn from with their SHA-256 (its ``dc:description``), and a
test checks that the committed charts match the committed data. Output is
deterministic: no date, a fixed SVG id salt, text kept as text.

Run (needs the ``bench`` extra, matplotlib)::

    .venv/bin/python benchmarks/bench_extract.py ... --json docs/_static/bench/data/extract.json
    .venv/bin/python benchmarks/bench_dpbench.py ... --json docs/_static/bench/data/dpbench.json
    .venv/bin/python benchmarks/bench_chunking.py ... --json docs/_static/bench/data/chunking.json
    .venv/bin/python benchmarks/plots.py

Only the standard library is imported at module level (the tests import the
data helpers without matplotlib).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from statistics import fmean
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from bench_extract import (  # noqa: E402
    HEADER,
    LOADERS,
    FileResult,
    RunResult,
    markdown_table,
    summarize,
)

ROOT = HERE.parent
OUT = ROOT / "docs" / "_static" / "bench"
DATA = OUT / "data"
DPBENCH = ROOT.parent / "shared" / "bench" / "dpbench-dev"
METRICS = ("nid", "teds", "mhs")
OURS = "ragbase-extract"
DIGEST = re.compile(r"from (\S+\.json) \(sha256 ([0-9a-f]{64})\)")

# Colours: ours stands out in blue, peers in grey; metrics in their own hues.
OURS_COLOUR = "#1f6fb2"
PEER_COLOUR = "#9a9a9a"
METRIC_COLOURS = {"text": "#4c72b0", "headings": "#dd8452", "tables": "#55a868"}
LABELS = {
    "ragbase": "ragbase-extract",
    "raw": "PyMuPDF get_text()",
    "pymupdf4llm": "PyMuPDF4LLM (layout)",
    "pymupdf4llm-legacy": "PyMuPDF4LLM (legacy)",
    "markitdown": "MarkItDown",
}
ENGINES = {  # the DP-Bench split's published/<engine>.json
    "docling": "Docling",
    "marker": "Marker",
    "markitdown": "MarkItDown",
    "mineru": "MinerU",
    "opendataloader": "opendataloader",
    "opendataloader-hybrid": "opendataloader hybrid",
    "pymupdf4llm": "PyMuPDF4LLM 0.2",
}


# ============================================================================ data


def sha256(path: Path) -> str:
    """Hex SHA-256 of a file's bytes."""
    return hashlib.sha256(path.read_bytes()).hexdigest()


def drawn_from(svg: Path) -> dict[str, str]:
    """The data files (name -> SHA-256) an SVG written by this script says it came from."""
    return dict(DIGEST.findall(svg.read_text(encoding="utf-8")))


def extract_runs(path: Path) -> list[RunResult]:
    """``bench_extract.py --json`` output read back into its result types."""
    records: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    return [
        RunResult(
            tool=r["tool"],
            fmt=r["format"],
            status=r["status"],
            version=r["version"],
            detail=r["detail"],
            peak_mib=r["peak_mib"],
            startup_seconds=r["startup_seconds"],
            files=[FileResult(**f) for f in r["files"]],
        )
        for r in records
    ]


def _floors(runs: Sequence[RunResult]) -> dict[str, float]:
    return {
        f.name: f.floor_seconds
        for r in runs
        if r.tool == "raw"
        for f in r.files
        if f.floor_seconds is not None
    }


def extract_table(runs: Sequence[RunResult]) -> str:
    """The per-format summary table, exactly as ``bench_extract.py`` prints it."""
    order = {tool: i for i, tool in enumerate(LOADERS)}
    ordered = sorted(runs, key=lambda r: (r.fmt, order.get(r.tool, len(order))))
    floors = _floors(runs)
    return markdown_table(HEADER, [summarize(run, floors).cells() for run in ordered])


@dataclass(frozen=True)
class ToolFigures:
    """One tool on one format, as numbers (the table has them as text)."""

    tool: str
    seconds: float
    pages_per_s: float | None
    peak_mib: float
    text: float
    headings: float
    tables: float | None


def tool_figures(run: RunResult) -> ToolFigures:
    """Aggregate one run the way ``bench_extract.summarize`` does (failures score 0)."""
    ok = [f for f in run.files if f.error is None]
    seconds = sum(f.seconds for f in ok)
    pages = sum(f.pages or 0 for f in ok)
    tables = [f.tables for f in run.files if f.tables is not None]
    return ToolFigures(
        tool=run.tool,
        seconds=seconds,
        pages_per_s=pages / seconds if pages and seconds else None,
        peak_mib=run.peak_mib,
        text=fmean(f.text for f in run.files) if run.files else 0.0,
        headings=fmean(f.headings for f in run.files) if run.files else 0.0,
        tables=fmean(tables) if tables else None,
    )


def dpbench_means(rows: Iterable[dict[str, Any]]) -> dict[str, float]:
    """Means per metric over the documents that have it, and overall as score.py has it."""
    listed = list(rows)
    means = {m: fmean(v) for m in METRICS if (v := [r[m] for r in listed if r[m] is not None])}
    means["overall"] = fmean(means.get(m, 0.0) for m in METRICS)
    return means


def summarise_published(dataset: Path) -> dict[str, dict[str, float]]:
    """The split's published engines, each engine's means on the same documents."""
    out: dict[str, dict[str, float]] = {}
    for path in sorted((dataset / "published").glob("*.json")):
        docs = json.loads(path.read_text(encoding="utf-8"))["documents"]
        means = dpbench_means({"document_id": d["document_id"], **d["scores"]} for d in docs)
        out[path.stem] = {k: round(v, 4) for k, v in means.items()}
    return out


# ========================================================================= drawing


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams.update(
        {
            "svg.fonttype": "none",  # text stays text: small files, searchable
            "svg.hashsalt": "ragbase-extract",  # stable element ids
            "font.size": 9,
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return plt


def _save(fig: Any, name: str, sources: Sequence[Path], out: Path) -> Path:
    described = "; ".join(f"from {p.name} (sha256 {sha256(p)})" for p in sources)
    path = out / f"{name}.svg"
    fig.savefig(
        path,
        format="svg",
        bbox_inches="tight",
        metadata={"Date": None, "Creator": "benchmarks/plots.py", "Description": described},
    )
    fig.clf()
    return path


def _colour(tool: str) -> str:
    return OURS_COLOUR if tool in ("ragbase", OURS) else PEER_COLOUR


def plot_pdf(runs: Sequence[RunResult], plt: Any) -> Any:
    """PDF: pages/s, peak memory and fidelity per tool, same run."""
    figures = [tool_figures(r) for r in runs if r.fmt == "pdf" and r.status == "ok"]
    names = [LABELS.get(f.tool, f.tool) for f in figures]
    colours = [_colour(f.tool) for f in figures]
    fig, (speed, memory, fidelity) = plt.subplots(1, 3, figsize=(11, 3), layout="constrained")
    y = list(range(len(figures)))
    speed.barh(y, [f.pages_per_s or 0 for f in figures], color=colours)
    speed.set_xscale("log")
    speed.set(title="pages/s, one core (log)", yticks=y, yticklabels=names)
    memory.barh(y, [f.peak_mib for f in figures], color=colours)
    memory.set(title="peak memory, MiB", yticks=y, yticklabels=[])
    for axis, values in ((speed, [f.pages_per_s or 0 for f in figures]),
                         (memory, [f.peak_mib for f in figures])):  # fmt: skip
        for row, value in zip(y, values, strict=True):
            axis.text(value, row, f" {value:.3g}", va="center", fontsize=8)
    width = 0.27
    for k, metric in enumerate(("text", "headings", "tables")):
        values = [getattr(f, metric) or 0.0 for f in figures]
        offsets = [row + (k - 1) * width for row in y]
        fidelity.barh(offsets, values, height=width, color=METRIC_COLOURS[metric], label=metric)
    fidelity.set(title="fidelity vs reference", yticks=y, yticklabels=[], xlim=(0, 1))
    fidelity.legend(loc="lower right", fontsize=7, frameon=True)
    for axis in (speed, memory, fidelity):
        axis.invert_yaxis()
    fig.suptitle("Corpus PDFs with a text layer: every tool in the same run", fontsize=10)
    return fig


def plot_formats(runs: Sequence[RunResult], plt: Any) -> Any:
    """Per format: text similarity of ours and MarkItDown's, and their time."""
    by = {(r.fmt, r.tool): tool_figures(r) for r in runs if r.status == "ok"}
    formats = sorted(
        {fmt for fmt, tool in by if tool == "markitdown" and (fmt, "ragbase") in by}
    )  # fmt: skip
    fig, (text, time) = plt.subplots(1, 2, figsize=(10, 3), layout="constrained")
    x = list(range(len(formats)))
    width = 0.4
    for k, (tool, colour) in enumerate((("ragbase", OURS_COLOUR), ("markitdown", PEER_COLOUR))):
        offsets = [i + (k - 0.5) * width for i in x]
        label = LABELS[tool]
        text.bar(offsets, [by[f, tool].text for f in formats], width, color=colour, label=label)
        time.bar(offsets, [by[f, tool].seconds for f in formats], width, color=colour)
        for i, f in zip(offsets, formats, strict=True):
            if not by[f, tool].seconds:  # every file refused (legacy Office)
                text.text(i, 0.02, "refused", rotation=90, ha="center", va="bottom", fontsize=7)
    text.set(title="text similarity vs reference", xticks=x, xticklabels=formats, ylim=(0, 1.05))
    time.set(title="seconds for the folder, one core (log)", xticks=x, xticklabels=formats)
    time.set_yscale("log")
    text.legend(loc="lower left", fontsize=7, frameon=True)
    fig.suptitle("Formats both tools read: ragbase-extract and MarkItDown, same run", fontsize=10)
    return fig


def plot_dpbench(ours: dict[str, float], peers: dict[str, dict[str, float]], plt: Any) -> Any:
    """DP-Bench dev split: ours next to the published engines, by overall score."""
    engines = sorted({OURS: ours, **peers}.items(), key=lambda kv: -kv[1]["overall"])
    fig, axis = plt.subplots(figsize=(8, 3.6), layout="constrained")
    y = list(range(len(engines)))
    height = 0.2
    colours = {"overall": "#333333", "nid": "#1f6fb2", "teds": "#5b9a5b", "mhs": "#c27c2c"}
    for k, metric in enumerate(("overall", *METRICS)):
        offsets = [row + (k - 1.5) * height for row in y]
        values = [scores.get(metric, 0.0) for _, scores in engines]
        axis.barh(offsets, values, height=height, color=colours[metric], label=metric.upper())
        if metric == "overall":
            for row, value in zip(offsets, values, strict=True):
                axis.text(value, row, f" {value:.3f}", va="center", fontsize=7)
    labels = [ENGINES.get(name, name) for name, _ in engines]
    axis.set(yticks=y, yticklabels=labels, xlim=(0, 1))
    axis.get_yticklabels()[labels.index(OURS)].set_fontweight("bold")
    axis.invert_yaxis()
    axis.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), fontsize=7, frameon=False)
    axis.set_title("DP-Bench development split, 100 pages (peers: published scores)")
    return fig


def plot_chunking(data: dict[str, Any], plt: Any) -> Any:
    """Throughput of each chunker over semchunk's in the same run, per text."""
    sources = data["sources"]
    fig, axes = plt.subplots(
        1, len(sources), figsize=(4 * len(sources), 3.2), sharex=True, sharey=True,
        layout="constrained",
    )  # fmt: skip
    axes = axes if len(sources) > 1 else [axes]
    for axis, source in zip(axes, sources, strict=True):
        rows = [r for r in source["rows"] if "skipped" not in r]
        by_name = {r["chunker"]: r for r in rows}
        shown = [r for r in rows if not r["chunker"].startswith("semchunk")]
        ratios = [_vs_semchunk(r, by_name) for r in shown]
        y = list(range(len(shown)))
        colours = [OURS_COLOUR if r["chunker"].startswith("ours") else PEER_COLOUR for r in shown]
        axis.barh(y, ratios, color=colours)
        axis.axvline(1.0, color="#333333", linewidth=0.8)
        axis.set(yticks=y, yticklabels=[r["chunker"] for r in shown], xscale="log")
        axis.xaxis.set_minor_formatter(plt.NullFormatter())  # no 2x10^-1 clutter
        axis.set_title(f"{source['source']} ({source['megabytes']:.2f} MB)")
        for row, ratio in zip(y, ratios, strict=True):
            axis.text(ratio, row, f" {ratio:.2f}x", va="center", fontsize=8)
        axis.invert_yaxis()
    fig.suptitle("Chunking throughput over semchunk's, same run (log; > 1 is faster)", fontsize=10)
    return fig


def _vs_semchunk(row: dict[str, Any], by_name: dict[str, dict[str, Any]]) -> float:
    """Our callable row is compared with semchunk given the same callable."""
    peer = by_name["semchunk, callable" if row["chunker"].endswith("callable") else "semchunk"]
    return float(peer["seconds"]) / float(row["seconds"])


# ============================================================================= CLI


def _dpbench_published(data: Path, dataset: Path | None) -> Path:
    target = data / "dpbench-published.json"
    if dataset is not None and (dataset / "published").is_dir():
        text = json.dumps(summarise_published(dataset), indent=1, sort_keys=True) + "\n"
        target.write_text(text, encoding="utf-8")
    return target


def draw_all(data: Path, out: Path, dataset: Path | None) -> list[Path]:
    """Every chart whose data file is present; returns the files written."""
    plt = _pyplot()
    written: list[Path] = []
    jobs: list[tuple[str, list[Path], Callable[[], Any]]] = []
    extract = data / "extract.json"
    if extract.is_file():
        runs = extract_runs(extract)
        jobs += [
            ("extract-pdf", [extract], lambda: plot_pdf(runs, plt)),
            ("extract-formats", [extract], lambda: plot_formats(runs, plt)),
        ]
    dpbench = data / "dpbench.json"
    if dpbench.is_file():
        published = _dpbench_published(data, dataset)
        ours = dpbench_means(json.loads(dpbench.read_text(encoding="utf-8")))
        peers = json.loads(published.read_text(encoding="utf-8"))
        jobs.append(("dpbench", [dpbench, published], lambda: plot_dpbench(ours, peers, plt)))
    chunking = data / "chunking.json"
    if chunking.is_file():
        chunks = json.loads(chunking.read_text(encoding="utf-8"))
        jobs.append(("chunking", [chunking], lambda: plot_chunking(chunks, plt)))
    for name, sources, draw in jobs:
        written.append(_save(draw(), name, sources, out))
    plt.close("all")
    return written


def main(argv: Sequence[str] | None = None) -> int:
    """Command line entry point."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--data", type=Path, default=DATA, help="folder of the JSON inputs")
    parser.add_argument("--out", type=Path, default=OUT, help="folder for the SVG files")
    parser.add_argument(
        "--dpbench-dataset", type=Path, default=DPBENCH, help="DP-Bench split (for published/)"
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    for path in draw_all(args.data, args.out, args.dpbench_dataset):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
