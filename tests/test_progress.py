"""ProgressBar draws a real tqdm bar over a real batch (issue #9.8)."""

from __future__ import annotations

import io
from pathlib import Path

from ragbase_extract import ProgressBar, extract_many
from tests._hostile import make_pdf


def test_progress_bar_counts_documents_and_failures(tmp_path: Path) -> None:
    paths = []
    for n in range(3):
        path = tmp_path / f"doc{n}.pdf"
        path.write_bytes(make_pdf(f"Document {n}."))
        paths.append(path)
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot a pdf at all")
    paths.insert(1, broken)
    out = io.StringIO()
    results = list(extract_many(paths, workers=1, on_progress=ProgressBar(desc="docs", file=out)))
    assert [r.ok for r in results] == [True, False, True, True]
    drawn = out.getvalue()
    assert "docs" in drawn
    assert "4/4" in drawn
    assert "failed=1" in drawn
    assert drawn.rstrip().endswith("]")  # closed after the last of a known total


def test_progress_bar_with_an_unknown_total(tmp_path: Path) -> None:
    path = tmp_path / "one.pdf"
    path.write_bytes(make_pdf("Only document."))
    out = io.StringIO()
    bar = ProgressBar(file=out)
    results = list(extract_many((p for p in [path, path]), workers=1, on_progress=bar))
    bar.close()
    assert len(results) == 2
    assert "2doc" in out.getvalue().replace(" ", "")
