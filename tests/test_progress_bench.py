"""benchmarks/bench_progress.py runs and prints every mode (its numbers are in docs/progress.rst)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from tests._hostile import make_pdf

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import bench_progress


def test_the_overhead_benchmark_runs(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    pdf = tmp_path / "one.pdf"
    pdf.write_bytes(make_pdf("A page."))
    raw = tmp_path / "raw.json"
    assert (
        bench_progress.main(
            ["--pdf", str(pdf), "--pages", "2", "--rounds", "1", "--json", str(raw)]
        )
        == 0
    )
    table = capsys.readouterr().out
    for mode in ("| none |", "| noop |", "| bar |", "| isolated none |", "| isolated bar |"):
        assert mode in table
    assert "per message through a pipe" in table
    assert raw.read_text().count('"isolated noop"') == 1
