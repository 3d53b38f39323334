"""``--ocr`` and ``--ocr-lang`` on the real command line, and its status when OCR is missing."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ._scans import needs_engine, scan_pdf


def _run(*args: str | Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ragbase_extract", *map(str, args)],
        capture_output=True,
        text=True,
        timeout=180,
        env={**os.environ, **(env or {})},
        check=False,
    )


def test_missing_engine_is_one_line_per_file_and_status_3(tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scan_pdf())
    text = tmp_path / "text.pdf"
    text.write_bytes((Path(__file__).parent.parent / "data/pdf/2305.03393v1-pg9.pdf").read_bytes())
    out = tmp_path / "out"
    empty = tmp_path / "no-tessdata"
    empty.mkdir()
    result = _run("-o", out, scan, text, env={"TESSDATA_PREFIX": str(empty)})
    assert result.returncode == 3, result.stderr
    lines = result.stderr.splitlines()
    assert lines == [
        f"ragbase-extract: {scan}: pages 1 need OCR but no OCR engine is installed, so "
        "their text is missing: pip install 'ragbase-extract[ocr]'"
    ]
    assert (out / "scan.pdf.md").exists()  # the document is still written
    assert (out / "text.pdf.md").read_text().strip()


def test_never_accepts_missing_text(tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scan_pdf())
    result = _run("--ocr", "never", "-f", "json", scan)
    assert result.returncode == 0, result.stderr
    assert '"ocr_skipped":"disabled"' in result.stdout


def test_bad_language_is_a_usage_error() -> None:
    result = _run("--ocr-lang", "eng;rm", "x.pdf")
    assert result.returncode == 2
    assert "invalid languages" in result.stderr


def test_help_documents_the_ocr_status() -> None:
    result = _run("--help")
    assert "3  every input was written, but some pages need OCR" in result.stdout
    assert "--ocr {auto,always,never}" in result.stdout


@needs_engine
def test_scan_is_read_on_the_command_line(tmp_path: Path) -> None:
    scan = tmp_path / "scan.pdf"
    scan.write_bytes(scan_pdf(turn=90))
    result = _run("--ocr-lang", "eng", "-f", "text", scan)
    assert result.returncode == 0, result.stderr
    assert "Optical character recognition reads them back" in result.stdout
