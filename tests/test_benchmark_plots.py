"""docs/benchmarks.md shows what the committed benchmark data says (benchmarks/plots.py)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from plots import (
    DATA,
    DPBENCH,
    OUT,
    drawn_from,
    extract_runs,
    extract_table,
    sha256,
    summarise_published,
)

ROOT = Path(__file__).resolve().parent.parent
PAGE = (ROOT / "docs" / "benchmarks.md").read_text(encoding="utf-8")
CHARTS = sorted(OUT.glob("*.svg"))


def test_every_chart_is_drawn_from_committed_data_as_it_is_now() -> None:
    assert CHARTS, "no charts committed"
    used: set[str] = set()
    for chart in CHARTS:
        sources = drawn_from(chart)
        assert sources, f"{chart.name} does not name its data"
        for name, digest in sources.items():
            assert sha256(DATA / name) == digest, f"{chart.name} is stale: redraw from {name}"
        used |= set(sources)
    assert used == {p.name for p in DATA.glob("*.json")}, "a data file no chart uses"


def test_the_benchmarks_page_embeds_every_chart() -> None:
    for chart in CHARTS:
        assert f"_static/bench/{chart.name}" in PAGE


def test_the_extraction_table_is_what_the_committed_run_gives() -> None:
    table = extract_table(extract_runs(DATA / "extract.json"))
    assert table.count("\n") > 10
    assert table in PAGE


@pytest.mark.skipif(not (DPBENCH / "published").is_dir(), reason="DP-Bench split absent")
def test_published_dpbench_means_are_the_splits() -> None:
    committed = json.loads((DATA / "dpbench-published.json").read_text(encoding="utf-8"))
    assert committed == summarise_published(DPBENCH)
    # score.py's rule: overall is the mean of the three metric means.
    for scores in committed.values():
        mean = (scores["nid"] + scores.get("teds", 0.0) + scores.get("mhs", 0.0)) / 3
        assert scores["overall"] == pytest.approx(mean, abs=1e-3)
