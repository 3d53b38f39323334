"""Extraction benchmark: speed, memory and fidelity of ragbase-extract and its peers.

For every corpus input that has a ``<name>.gt.md`` reference, each tool converts the
file to Markdown and the result is scored against the reference with
:mod:`fidelity` (text similarity, heading F1, table-cell F1). Each tool runs per
format folder in a subprocess of its own, pinned to one CPU, so that peak memory
(``ru_maxrss`` of that child) is the tool's own; only the conversion is timed (the
file's bytes are already in memory, the library already imported and warmed up on
the smallest file), ``--repeat`` times per file, the fastest counting.

Tools:

* ``ragbase`` — ``ragbase_extract.extract(Source(bytes, name)).to_markdown()``.
* ``ragbase-no-ocr`` — the same with ``ocr="never"``: the text-layer pipeline alone
  (``ragbase`` reads a page by OCR where its text layer lost words).
* ``raw`` — PyMuPDF ``page.get_text()`` joined over pages (a plain-text baseline);
  the same child also times ``page.get_text("dict")`` over the same pages, the
  *floor* that the ``x floor`` column divides by.
* ``pymupdf4llm`` (layout mode, PyMuPDF 2.x) and ``pymupdf4llm-legacy``
  (``pymupdf4llm.use_layout(False)``) — PDF only.
* ``markitdown`` — PDF, DOCX, PPTX, XLSX, XLS, HTML, Markdown, CSV, EPUB.

A tool whose library is missing is reported as "not installed"; an error on one
file is recorded (the file scores 0) and the run continues.

Reproduce (from the repository root, the shared corpus next to it)::

    # our library, in the project venv
    python -m venv .venv && .venv/bin/pip install -e '.[dev,office]'
    # peers, in a throw-away venv: PyMuPDF4LLM 2.x needs PyMuPDF 2.x, which
    # ragbase-extract excludes (pymupdf<2); "pymupdf4llm 2.0" on PyPI is an empty
    # shim, the code ships inside pymupdf 2.x
    python3 -m venv /tmp/peer-venv
    /tmp/peer-venv/bin/pip install 'pymupdf==2.0' pymupdf4llm 'markitdown[all]'
    .venv/bin/python benchmarks/bench_extract.py \\
        --peer-python pymupdf4llm=/tmp/peer-venv/bin/python \\
        --peer-python markitdown=/tmp/peer-venv/bin/python \\
        --out docs/benchmarks-extract.md --json /tmp/bench-extract.json

Only the standard library is imported at module level: the same file is the
worker run under the peers' interpreters (``--worker``).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from fidelity import Scores

HERE = Path(__file__).resolve().parent
DEFAULT_CORPUS = HERE.parent.parent / "shared" / "corpus"
DEFAULT_TOOLS = ("ragbase", "raw", "pymupdf4llm", "pymupdf4llm-legacy", "markitdown")

TOOL_FORMATS: dict[str, frozenset[str] | None] = {
    "ragbase": None,  # every format
    "ragbase-no-ocr": frozenset({"pdf"}),
    "raw": frozenset({"pdf", "epub"}),
    "pymupdf4llm": frozenset({"pdf"}),
    "pymupdf4llm-legacy": frozenset({"pdf"}),
    "markitdown": frozenset({"pdf", "docx", "pptx", "xlsx", "xls", "html", "md", "csv", "epub"}),
}
"""Formats (corpus folder names) each tool is run on; ``None`` means all."""

NO_TEXT_LAYER_PREFIXES = ("ocr_test", "nemotron_multipage")
"""PDFs that are scans (see the corpus README): excluded from PDF fidelity."""

ENCRYPTED = frozenset({"2206.01062_pg3.pdf"})
"""Encrypted corpus PDFs (user password ``1234``): excluded."""

PYMUPDF_FORMATS = frozenset({"pdf", "epub", "xps", "mobi", "fb2", "cbz", "svg"})

Converter = Callable[[bytes, str], str]


# =============================================================================== worker


class FileTimeoutError(Exception):
    """A single conversion exceeded ``--file-timeout``."""


def _on_alarm(signum: int, frame: object) -> None:
    """SIGALRM handler: abort the conversion in progress."""
    raise FileTimeoutError("conversion timed out")


def _ext(name: str) -> str:
    """File extension of ``name`` without the dot, lower-cased."""
    return Path(name).suffix.lower().lstrip(".")


def _open_with_pymupdf(data: bytes, name: str) -> Any:
    """``pymupdf.open`` on in-memory bytes (typed ``Any``: PyMuPDF is untyped)."""
    import pymupdf

    opener: Any = pymupdf.open
    return opener(stream=data, filetype=_ext(name))


def _load_ragbase(ocr: Literal["auto", "never"] = "auto") -> tuple[Converter, str]:
    """Converter for ragbase-extract, and its version."""
    import ragbase_extract
    from ragbase_extract import ExtractOptions, Source, extract

    options = ExtractOptions(ocr=ocr)

    def convert(data: bytes, name: str) -> str:
        return extract(Source(data, name=name), options=options).to_markdown()

    return convert, f"ragbase-extract {ragbase_extract.__version__}"


def _load_raw() -> tuple[Converter, str]:
    """Converter for plain PyMuPDF ``get_text()``."""
    import pymupdf

    def convert(data: bytes, name: str) -> str:
        with _open_with_pymupdf(data, name) as doc:
            return "\n\n".join(page.get_text() for page in doc)

    return convert, f"PyMuPDF {pymupdf.__version__} get_text()"


def _floor_seconds(data: bytes, name: str, text_only: bool = False) -> tuple[float, int]:
    """Seconds of ``page.get_text("dict")`` over every page (open included), and pages.

    ``text_only`` drops ``TEXT_PRESERVE_IMAGES`` from the default flags (no image
    bytes decoded into the dict), which is what a text extractor needs.
    """
    import pymupdf

    flags = pymupdf.TEXTFLAGS_DICT & ~pymupdf.TEXT_PRESERVE_IMAGES if text_only else None
    start = time.perf_counter()
    with _open_with_pymupdf(data, name) as doc:
        for page in doc:
            page.get_text("dict", flags=flags)
        pages = doc.page_count
    return time.perf_counter() - start, pages


def _load_pymupdf4llm(layout: bool) -> tuple[Converter, str]:
    """Converter for PyMuPDF4LLM, in layout mode or legacy mode."""
    import pymupdf
    import pymupdf4llm

    mode = "legacy"
    if hasattr(pymupdf4llm, "use_layout"):
        if layout:
            try:
                import pymupdf.layout

                mode = "layout"
            except ImportError:
                mode = "legacy (layout unavailable)"
        pymupdf4llm.use_layout(mode == "layout")
    elif layout:
        mode = "legacy (no layout mode in this version)"

    def convert(data: bytes, name: str) -> str:
        with _open_with_pymupdf(data, name) as doc:
            return str(pymupdf4llm.to_markdown(doc, show_progress=False))

    version = getattr(pymupdf4llm, "__version__", "?")
    return convert, f"PyMuPDF4LLM {version} {mode} (PyMuPDF {pymupdf.__version__})"


def _load_markitdown() -> tuple[Converter, str]:
    """Converter for MarkItDown (plugins off)."""
    import io
    from importlib.metadata import version

    from markitdown import MarkItDown, StreamInfo

    converter = MarkItDown(enable_plugins=False)

    def convert(data: bytes, name: str) -> str:
        info = StreamInfo(extension="." + _ext(name), filename=name)
        result = converter.convert_stream(io.BytesIO(data), stream_info=info)
        return str(result.markdown)

    return convert, f"MarkItDown {version('markitdown')}"


LOADERS: dict[str, Callable[[], tuple[Converter, str]]] = {
    "ragbase": _load_ragbase,
    "ragbase-no-ocr": lambda: _load_ragbase(ocr="never"),
    "raw": _load_raw,
    "pymupdf4llm": lambda: _load_pymupdf4llm(layout=True),
    "pymupdf4llm-legacy": lambda: _load_pymupdf4llm(layout=False),
    "markitdown": _load_markitdown,
}


def _pin_to_one_cpu(cpu: int | None) -> int | None:
    """Pin this process to one CPU (the last allowed one by default); return it."""
    if not hasattr(os, "sched_setaffinity"):
        return None
    allowed = sorted(os.sched_getaffinity(0))
    chosen = cpu if cpu is not None and cpu in allowed else allowed[-1]
    os.sched_setaffinity(0, {chosen})
    return chosen


@dataclass(frozen=True)
class WorkerSettings:
    """How a worker measures: per-file timeout, CPU to pin to, timed repetitions."""

    timeout: int = 300
    cpu: int | None = None
    repeat: int = 1

    def argv(self) -> list[str]:
        """These settings as worker command-line arguments."""
        args = ["--file-timeout", str(self.timeout), "--repeat", str(self.repeat)]
        return args + (["--cpu", str(self.cpu)] if self.cpu is not None else [])


def _convert_once(convert: Converter, data: bytes, name: str, timeout: int) -> dict[str, Any]:
    """Convert once, timing only the conversion; never raises."""
    record: dict[str, Any] = {}
    signal.alarm(timeout)
    start = time.perf_counter()
    try:
        record["markdown"] = convert(data, name)
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # a peer's failure must not end the run
        record["error"] = f"{type(exc).__name__}: {exc}"[:300]
    finally:
        record["seconds"] = time.perf_counter() - start
        signal.alarm(0)
    return record


def _convert_one(convert: Converter, path: Path, settings: WorkerSettings) -> dict[str, Any]:
    """Convert one file ``settings.repeat`` times; keep the first output, the fastest time."""
    data = path.read_bytes()
    record = _convert_once(convert, data, path.name, settings.timeout)
    for _ in range(settings.repeat - 1):
        if "error" in record:
            break
        again = _convert_once(convert, data, path.name, settings.timeout)
        record["seconds"] = min(record["seconds"], again["seconds"])
    return {"file": path.name, **record}


def _warm_up(convert: Converter, paths: Sequence[Path], timeout: int) -> None:
    """Convert the smallest file once, untimed, so lazy imports are not measured."""
    if paths:
        smallest = min(paths, key=lambda p: p.stat().st_size)
        _convert_once(convert, smallest.read_bytes(), smallest.name, timeout)


def _add_floor(records: list[dict[str, Any]], files: Sequence[Path], repeat: int) -> None:
    """Add the fastest of ``repeat`` floor passes and the page count to PyMuPDF files."""
    for record, path in zip(records, files, strict=True):
        if _ext(path.name) in PYMUPDF_FORMATS and "error" not in record:
            data = path.read_bytes()
            passes = [_floor_seconds(data, path.name) for _ in range(max(repeat, 1))]
            record["floor_seconds"] = min(seconds for seconds, _ in passes)
            record["pages"] = passes[0][1]
            record["floor_text_seconds"] = min(
                _floor_seconds(data, path.name, text_only=True)[0] for _ in range(max(repeat, 1))
            )


def run_worker(tool: str, files: Sequence[Path], settings: WorkerSettings) -> dict[str, Any]:
    """Run ``tool`` over ``files`` in this process and return the raw results."""
    pinned = _pin_to_one_cpu(settings.cpu)
    signal.signal(signal.SIGALRM, _on_alarm)
    start = time.perf_counter()
    try:
        convert, version = LOADERS[tool]()
    except ImportError as exc:
        return {"tool": tool, "status": "not installed", "detail": str(exc)[:300]}
    import_seconds = time.perf_counter() - start
    start = time.perf_counter()
    _warm_up(convert, files, settings.timeout)
    warmup_seconds = time.perf_counter() - start
    records = [_convert_one(convert, path, settings) for path in files]
    if tool == "raw":
        _add_floor(records, files, settings.repeat)
    import resource

    # A tool that converts in a subprocess of its own is charged for that process too.
    peak_kib = max(
        resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
        resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
    )
    return {
        "tool": tool,
        "status": "ok",
        "version": version,
        "python": sys.version.split()[0],
        "cpu": pinned,
        "repeat": settings.repeat,
        "import_seconds": import_seconds,
        "warmup_seconds": warmup_seconds,
        "peak_mib": peak_kib / 1024,
        "files": records,
    }


# =============================================================================== driver


@dataclass
class FileResult:
    """One tool's outcome on one file, scored."""

    name: str
    seconds: float
    pages: int | None
    error: str | None
    text: float
    headings: float
    tables: float | None
    floor_seconds: float | None = None
    floor_text_seconds: float | None = None


@dataclass
class RunResult:
    """One tool on one format folder."""

    tool: str
    fmt: str
    status: str
    version: str = ""
    detail: str = ""
    peak_mib: float = 0.0
    startup_seconds: float = 0.0
    files: list[FileResult] = field(default_factory=list)


@dataclass(frozen=True)
class Inputs:
    """Corpus inputs per format and those left out."""

    by_format: dict[str, list[Path]]
    excluded: list[tuple[Path, str]]


def discover(corpus: Path, formats: set[str] | None, include_scans: bool = False) -> Inputs:
    """Inputs with a ``.gt.md`` reference per format folder, minus the excluded PDFs.

    ``include_scans`` keeps the PDFs without a text layer (they then score about 0
    for tools without OCR, as in the figures quoted in issue 2 over all 16 files).
    """
    by_format: dict[str, list[Path]] = {}
    excluded: list[tuple[Path, str]] = []
    for folder in sorted(p for p in corpus.iterdir() if p.is_dir()):
        if formats is not None and folder.name not in formats:
            continue
        for ref in sorted(folder.glob("*.gt.md")):
            doc = ref.with_name(ref.name.removesuffix(".gt.md"))
            if not doc.is_file():
                continue
            reason = _exclusion(folder.name, doc.name)
            if reason and not (include_scans and reason.startswith("no text layer")):
                excluded.append((doc, reason))
            else:
                by_format.setdefault(folder.name, []).append(doc)
    return Inputs(by_format, excluded)


def _exclusion(fmt: str, name: str) -> str | None:
    """Why a corpus input is left out of the benchmark, or ``None``."""
    if fmt != "pdf":
        return None
    if name.startswith(NO_TEXT_LAYER_PREFIXES):
        return "no text layer (scan; OCR needed)"
    if name in ENCRYPTED:
        return "encrypted"
    return None


def page_count(path: Path) -> int | None:
    """Pages of a document PyMuPDF opens (in this interpreter), else ``None``."""
    if _ext(path.name) not in PYMUPDF_FORMATS:
        return None
    try:
        with _open_with_pymupdf(path.read_bytes(), path.name) as doc:
            return int(doc.page_count)
    except Exception:  # PyMuPDF missing here, or the file does not open
        return None


def _interpreter(tool: str, peers: dict[str, str]) -> str:
    """Python to run ``tool`` with: ``--peer-python`` for its family, else this one."""
    family = tool.split("-", 1)[0]
    return peers.get(tool) or peers.get(family) or sys.executable


def spawn(
    tool: str, files: Sequence[Path], python: str, settings: WorkerSettings
) -> dict[str, Any]:
    """Run one tool over ``files`` in a fresh child process and return its results."""
    with tempfile.TemporaryDirectory(prefix="bench-extract-") as tmp:
        jobs, result = Path(tmp) / "jobs.json", Path(tmp) / "result.json"
        jobs.write_text(json.dumps([str(p) for p in files]), encoding="utf-8")
        cmd = [python, str(Path(__file__).resolve()), "--worker", tool]
        cmd += ["--jobs", str(jobs), "--result", str(result), *settings.argv()]
        env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
        try:
            proc = subprocess.run(
                cmd,
                capture_output=True,
                text=True,
                env=env,
                timeout=settings.timeout * (settings.repeat * len(files) + 2) + 120,
                check=False,
            )
        except FileNotFoundError:
            return {"tool": tool, "status": "not installed", "detail": f"no interpreter {python}"}
        except subprocess.TimeoutExpired:
            return {"tool": tool, "status": "crashed", "detail": "worker timed out"}
        if result.is_file():
            loaded: dict[str, Any] = json.loads(result.read_text(encoding="utf-8"))
            return loaded
        tail = (proc.stderr or proc.stdout).strip().splitlines()[-3:]
        return {"tool": tool, "status": "crashed", "detail": " | ".join(tail)[:300]}


def _failed_scores(ref_md: str) -> Scores:
    """Scores of a file the tool failed on: 0 for everything that applies."""
    from fidelity import Scores, table_cells

    return Scores(text=0.0, headings=0.0, tables=None if table_cells(ref_md) is None else 0.0)


def score_run(raw: dict[str, Any], fmt: str, files: Sequence[Path]) -> RunResult:
    """Score a worker's output against the references."""
    from fidelity import score

    run = RunResult(tool=raw["tool"], fmt=fmt, status=raw["status"])
    run.version = raw.get("version", "")
    run.detail = raw.get("detail", "")
    if raw["status"] != "ok":
        return run
    run.peak_mib = float(raw["peak_mib"])
    run.startup_seconds = float(raw["import_seconds"]) + float(raw["warmup_seconds"])
    for record, path in zip(raw["files"], files, strict=True):
        ref = path.with_name(path.name + ".gt.md").read_text(encoding="utf-8")
        error = record.get("error")
        scores = score(record["markdown"], ref) if error is None else _failed_scores(ref)
        run.files.append(
            FileResult(
                name=path.name,
                seconds=float(record["seconds"]),
                pages=record.get("pages") or page_count(path),
                error=error,
                text=scores.text,
                headings=scores.headings,
                tables=scores.tables,
                floor_seconds=record.get("floor_seconds"),
                floor_text_seconds=record.get("floor_text_seconds"),
            )
        )
    return run


# ============================================================================== report


def _mean(values: Iterable[float | None]) -> float | None:
    """Mean of the non-``None`` values, or ``None``."""
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else None


def _fmt(value: float | None, digits: int = 2) -> str:
    """Format a number, or an em dash for ``None``."""
    return "—" if value is None else f"{value:.{digits}f}"


@dataclass(frozen=True)
class Row:
    """One line of the summary table."""

    fmt: str
    tool: str
    files: str
    pages: str
    pages_per_s: str
    seconds: str
    startup: str
    peak: str
    text: str
    headings: str
    tables: str
    floor: str

    def cells(self) -> list[str]:
        """Cells in column order."""
        return [
            self.fmt, self.tool, self.files, self.pages, self.pages_per_s, self.seconds,
            self.startup, self.peak, self.text, self.headings, self.tables, self.floor,
        ]  # fmt: skip


HEADER = [
    "Format", "Tool", "Files ok", "Pages", "Pages/s", "Seconds", "Startup s", "Peak MiB",
    "Text", "Headings", "Tables (n)", "x floor",
]  # fmt: skip


def summarize(run: RunResult, floors: dict[str, float]) -> Row:
    """Aggregate one run into a table row; ``floors`` maps PDF file names to floor seconds."""
    if run.status != "ok":
        dash = "—"
        return Row(run.fmt, run.tool, run.status, *([dash] * 9))
    ok = [f for f in run.files if f.error is None]
    seconds = sum(f.seconds for f in ok)
    pages = sum(f.pages or 0 for f in ok) if run.fmt in PYMUPDF_FORMATS else None
    floor = sum(floors.get(f.name, 0.0) for f in ok) if run.fmt in PYMUPDF_FORMATS else 0.0
    with_tables = [f.tables for f in run.files if f.tables is not None]
    return Row(
        fmt=run.fmt,
        tool=run.tool,
        files=f"{len(ok)}/{len(run.files)}",
        pages="—" if pages is None else str(pages),
        pages_per_s=_fmt(pages / seconds if pages and seconds else None, 1),
        seconds=_fmt(seconds, 3),
        startup=_fmt(run.startup_seconds, 2),
        peak=_fmt(run.peak_mib, 0),
        text=_fmt(_mean(f.text for f in run.files)),
        headings=_fmt(_mean(f.headings for f in run.files)),
        tables=f"{_fmt(_mean(with_tables))} ({len(with_tables)})",
        floor=_fmt(seconds / floor if floor else None, 1),
    )


def markdown_table(header: Sequence[str], rows: Iterable[Sequence[str]]) -> str:
    """A GitHub pipe table."""
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _error_lines(runs: Sequence[RunResult]) -> list[str]:
    """Errors grouped by tool, format and message, with a count and examples."""
    groups: dict[tuple[str, str, str], list[str]] = {}
    for run in runs:
        for f in run.files:
            if f.error:
                message = " ".join(f.error.split())[:160].replace("`", "'")
                groups.setdefault((run.tool, run.fmt, message), []).append(f.name)
    lines = []
    for (tool, fmt, error), names in sorted(groups.items()):
        shown = ", ".join(names[:3]) + (", …" if len(names) > 3 else "")
        lines.append(f"- `{tool}` on {fmt}: {len(names)} file(s) ({shown}): `{error}`")
    return lines


def _detail_tables(runs: Sequence[RunResult]) -> list[str]:
    """Per-file scores, one table per format."""
    out: list[str] = []
    for fmt in sorted({r.fmt for r in runs}):
        rows = []
        for run in (r for r in runs if r.fmt == fmt and r.status == "ok"):
            for f in run.files:
                tables = _fmt(f.tables)
                rows.append([f.name, run.tool, _fmt(f.seconds, 3), _fmt(f.text), _fmt(f.headings),
                             tables, "error" if f.error else "ok"])  # fmt: skip
        header = ["File", "Tool", "Seconds", "Text", "Headings", "Tables", "Status"]
        out += [f"### {fmt}", "", markdown_table(header, sorted(rows)), ""]
    return out


def _ours_over(runs: Sequence[RunResult], fmt: str, floor: float) -> str:
    """Sentence giving ragbase's time over ``floor`` on ``fmt`` (all files converted)."""
    ours = [r for r in runs if r.tool == "ragbase" and r.fmt == fmt and r.status == "ok"]
    if not ours or not floor or any(f.error for f in ours[0].files):
        return ""
    return f" `ragbase` takes {sum(f.seconds for f in ours[0].files) / floor:.1f}x that."


def _floor_lines(runs: Sequence[RunResult]) -> list[str]:
    """The floor passes per format: default ``dict`` flags and text-only flags."""
    lines = []
    for run in runs:
        timed = [f for f in run.files if run.tool == "raw" and f.floor_seconds is not None]
        if not timed:
            continue
        pages = sum(f.pages or 0 for f in timed)
        full = sum(f.floor_seconds or 0.0 for f in timed)
        text = sum(f.floor_text_seconds or 0.0 for f in timed)
        lines.append(
            f'- {run.fmt}: {pages} pages; `get_text("dict")` {full:.3f} s '
            f"({pages / full:.0f} pages/s, the `x floor` basis); without "
            f"`TEXT_PRESERVE_IMAGES` {text:.3f} s ({pages / text:.0f} pages/s)."
            + _ours_over(runs, run.fmt, text)
        )
    return ["## Floor (PyMuPDF, one core)", "", *lines, ""] if lines else []


def render(
    runs: Sequence[RunResult], inputs: Inputs, versions: dict[str, str], details: bool
) -> str:
    """The whole Markdown report."""
    floors = {
        f.name: f.floor_seconds
        for r in runs
        if r.tool == "raw"
        for f in r.files
        if f.floor_seconds is not None
    }
    order = {tool: i for i, tool in enumerate(LOADERS)}
    ordered = sorted(runs, key=lambda r: (r.fmt, order.get(r.tool, len(order))))
    rows = [summarize(run, floors).cells() for run in ordered]
    cpu = platform.processor() or platform.machine()
    parts = [
        "# Extraction benchmark",
        "",
        f"Run {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {cpu}, "
        f"{os.cpu_count()} CPUs (each tool pinned to one), Python {platform.python_version()}, "
        f"load average {os.getloadavg()[0]:.1f} at the end.",
        "Fidelity against the corpus `.gt.md` references (Docling's output); files a tool "
        'failed on score 0. `x floor`: the tool\'s time over PyMuPDF `get_text("dict")` '
        "on the same pages.",
        "",
        markdown_table(HEADER, rows),
        "",
        "## Tools",
        "",
        *(f"- `{tool}`: {version}" for tool, version in sorted(versions.items())),
        "",
    ]
    parts += _floor_lines(runs)
    if inputs.excluded:
        parts += ["## Excluded inputs", ""]
        parts += [f"- {p.parent.name}/{p.name}: {why}" for p, why in inputs.excluded] + [""]
    errors = _error_lines(runs)
    if errors:
        parts += ["## Errors", "", *errors, ""]
    if details:
        parts += ["## Per file", "", *_detail_tables(runs)]
    return "\n".join(parts).rstrip() + "\n"


def _json_report(runs: Sequence[RunResult]) -> list[dict[str, Any]]:
    """Machine-readable results (no Markdown bodies)."""
    return [
        {
            "tool": r.tool,
            "format": r.fmt,
            "status": r.status,
            "version": r.version,
            "detail": r.detail,
            "peak_mib": r.peak_mib,
            "startup_seconds": r.startup_seconds,
            "files": [vars(f) for f in r.files],
        }
        for r in runs
    ]


# ================================================================================= CLI


def _parse_peers(values: Sequence[str]) -> dict[str, str]:
    """``TOOL=PYTHON`` pairs from ``--peer-python``."""
    peers: dict[str, str] = {}
    for value in values:
        tool, sep, python = value.partition("=")
        if not sep or not tool or not python:
            raise SystemExit(f"--peer-python expects TOOL=PATH, got {value!r}")
        peers[tool] = python
    return peers


def _csv(value: str | None) -> list[str] | None:
    """Split a comma-separated option."""
    return [v.strip() for v in value.split(",") if v.strip()] if value else None


def build_parser() -> argparse.ArgumentParser:
    """The command-line interface."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0] if __doc__ else "")
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--formats", help="comma-separated corpus folders (default: all)")
    parser.add_argument("--tools", default=",".join(DEFAULT_TOOLS), help="comma-separated tools")
    parser.add_argument("--out", type=Path, help="also write the Markdown report here")
    parser.add_argument("--json", type=Path, help="also write per-file results as JSON here")
    parser.add_argument("--dump", type=Path, help="write each tool's Markdown output here")
    parser.add_argument("--details", action="store_true", help="add per-file tables")
    parser.add_argument(
        "--include-scans", action="store_true", help="keep PDFs with no text layer (score ~0)"
    )
    parser.add_argument(
        "--peer-python", action="append", default=[], metavar="TOOL=PATH",
        help="interpreter for a tool (pymupdf4llm=… covers both of its modes); repeatable",
    )  # fmt: skip
    parser.add_argument("--file-timeout", type=int, default=300, help="seconds per file")
    parser.add_argument(
        "--repeat", type=int, default=3, help="timed runs per file; the fastest counts"
    )
    parser.add_argument("--cpu", type=int, help="CPU to pin workers to (default: the last)")
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument("--jobs", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--result", type=Path, help=argparse.SUPPRESS)
    return parser


def _dump(run: RunResult, raw: dict[str, Any], root: Path) -> None:
    """Write a run's Markdown outputs under ``root/tool/format/``."""
    folder = root / run.tool / run.fmt
    folder.mkdir(parents=True, exist_ok=True)
    for record in raw.get("files", []):
        text = record.get("markdown", f"<!-- error: {record.get('error')} -->\n")
        (folder / (record["file"] + ".md")).write_text(text, encoding="utf-8")


def run_benchmark(args: argparse.Namespace) -> str:
    """Run every tool on every selected format and return the report."""
    formats = _csv(args.formats)
    inputs = discover(args.corpus, set(formats) if formats else None, args.include_scans)
    peers = _parse_peers(args.peer_python)
    tools = _csv(args.tools) or list(DEFAULT_TOOLS)
    runs: list[RunResult] = []
    versions: dict[str, str] = {}
    settings = WorkerSettings(args.file_timeout, args.cpu, args.repeat)
    unknown = [tool for tool in tools if tool not in LOADERS]
    if unknown:
        raise SystemExit(f"unknown tool(s) {unknown}; choose from {', '.join(LOADERS)}")
    for tool in tools:
        supported = TOOL_FORMATS[tool]
        for fmt, files in inputs.by_format.items():
            if supported is not None and fmt not in supported:
                continue
            print(f"[bench] {tool} on {fmt} ({len(files)} files)", file=sys.stderr, flush=True)
            raw = spawn(tool, files, _interpreter(tool, peers), settings)
            run = score_run(raw, fmt, files)
            runs.append(run)
            versions[tool] = run.version or f"{run.status}: {run.detail}"
            if args.dump and raw.get("status") == "ok":
                _dump(run, raw, args.dump)
    if args.json:
        args.json.write_text(json.dumps(_json_report(runs), indent=1), encoding="utf-8")
    return render(runs, inputs, versions, args.details)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point: the benchmark driver, or a worker with ``--worker``."""
    args = build_parser().parse_args(argv)
    if args.worker:
        files = [Path(p) for p in json.loads(args.jobs.read_text(encoding="utf-8"))]
        settings = WorkerSettings(args.file_timeout, args.cpu, args.repeat)
        result = run_worker(args.worker, files, settings)
        args.result.write_text(json.dumps(result), encoding="utf-8")
        return 0
    sys.path.insert(0, str(HERE))
    report = run_benchmark(args)
    print(report)
    if args.out:
        args.out.parent.mkdir(parents=True, exist_ok=True)
        args.out.write_text(report, encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
