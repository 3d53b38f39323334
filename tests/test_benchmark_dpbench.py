"""The DP-Bench benchmark script (benchmarks/bench_dpbench.py) on real split documents.

The split's evaluator needs packages outside the test environment, so the scoring
run itself is not exercised here; the extraction, the length check and the
per-class summaries are, on documents of the split.
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from bench_dpbench import (
    DocRun,
    class_report,
    dataset_dir,
    doc_class,
    extract_all,
    speed_report,
    worst_gaps,
)

_SPLIT = dataset_dir(None)
needs_split = pytest.mark.skipif(
    not (_SPLIT / "pdfs").is_dir(), reason=f"DP-Bench split not found at {_SPLIT}"
)


def test_dataset_dir_prefers_argument_then_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RAGBASE_DPBENCH", "/elsewhere")
    assert dataset_dir(Path("/given")) == Path("/given")
    assert dataset_dir(None) == Path("/elsewhere")


@needs_split
def test_extract_all_writes_markdown_and_measures(tmp_path: Path) -> None:
    pdfs = sorted((_SPLIT / "pdfs").glob("*.pdf"))[:3]
    runs = extract_all(pdfs, tmp_path)
    assert [r.doc_id for r in runs] == [p.stem for p in pdfs]
    for run in runs:
        written = (tmp_path / f"{run.doc_id}.md").read_text(encoding="utf-8")
        assert len(written) == run.markdown_chars > 0
        assert run.pages == 1
        assert run.seconds > 0
        assert run.text_chars > 0
        assert run.text_seconds > 0
        assert run.cpu_seconds > 0
        assert run.text_cpu_seconds > 0
        assert not run.error
    report = speed_report(runs, cpu=None)
    assert report[0].startswith("speed: 3 pages in ")


def test_speed_report_lists_documents_over_twice_their_text_layer() -> None:
    runs = [DocRun("a", 1, 0.01, 100, 100, "", 0.005), DocRun("b", 1, 0.01, 450, 150, "", 0.005)]
    report = speed_report(runs, cpu=0)
    assert report[0].endswith(
        "plain get_text() 0.01 s = 200.0 pages/s in the same run, ours takes 2.0x that"
    )
    assert "max 3.00 (b); 1 document(s) over 2x" in report[1]
    assert report[2:] == ["  over 2x: b 3.00"]


def test_classes_and_gaps_against_the_peer() -> None:
    rows = [
        {"document_id": "t", "nid": 0.5, "teds": 0.2, "mhs": None},
        {"document_id": "h", "nid": 0.9, "teds": None, "mhs": 0.4},
        {"document_id": "p", "nid": 1.0, "teds": None, "mhs": None},
    ]
    peer = {
        "t": {"nid": 0.9, "teds": 0.9, "mhs": None},
        "h": {"nid": 0.8, "teds": None, "mhs": 0.9},
        "p": {"nid": 0.95, "teds": None, "mhs": None},
    }
    assert [doc_class(r) for r in rows] == ["tables", "headings, no table", "text only"]
    lines = class_report(rows, peer)
    assert lines[2].split() == ["all", "3", "0.800", "0.883", "0.200", "0.900", "0.400", "0.900"]
    assert worst_gaps(rows, peer, "nid", 5) == [("t", 0.5, 0.9)]
    assert worst_gaps(rows, peer, "mhs", 5) == [("h", 0.4, 0.9)]


def test_speed_report_adds_cpu_time_when_measured() -> None:
    runs = [DocRun("a", 2, 0.04, 100, 100, "", 0.01, 0.03, 0.01)]
    report = speed_report(runs, cpu=0)
    assert report[0].endswith(
        "ours takes 4.0x that; in CPU time (less disturbed by other load) "
        "66.7 pages/s against 200.0, 3.0x"
    )


@needs_split
def test_extract_all_repeat_keeps_the_fastest_run(tmp_path: Path) -> None:
    pdfs = sorted((_SPLIT / "pdfs").glob("*.pdf"))[:1]
    once = extract_all(pdfs, tmp_path / "once")[0]
    thrice = extract_all(pdfs, tmp_path / "thrice", repeat=3)[0]
    assert (tmp_path / "thrice" / f"{thrice.doc_id}.md").read_text(encoding="utf-8") == (
        tmp_path / "once" / f"{once.doc_id}.md"
    ).read_text(encoding="utf-8")
    assert (thrice.pages, thrice.markdown_chars, thrice.text_chars) == (
        once.pages,
        once.markdown_chars,
        once.text_chars,
    )
    assert thrice.cpu_seconds > 0
    assert thrice.text_cpu_seconds > 0
