"""``ragbase-extract --progress``: pages of one long input on standard error (issue #9.8)."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from tests._hostile import make_pdf
from tests.backends._generated import new_pdf


def _run(*args: str | Path) -> subprocess.CompletedProcess[str]:
    # Bytes, not text mode: universal newlines would turn the redraws' \r into \n.
    result = subprocess.run(
        [sys.executable, "-m", "ragbase_extract", *map(str, args)],
        capture_output=True,
        timeout=120,
        check=False,
    )
    return subprocess.CompletedProcess(
        result.args, result.returncode, result.stdout.decode(), result.stderr.decode()
    )


def _long_pdf(pages: int) -> bytes:
    """A report of ``pages`` pages, each with its own paragraph (no running header)."""
    doc = new_pdf()
    for n in range(1, pages + 1):
        page = doc.new_page()
        for line, text in enumerate(
            (f"Finding number {n} is", f"about item {n * 7} in", "the ledger.")
        ):
            page.insert_text((72, 150 + 16 * line + 3 * n), text)
    data: bytes = doc.tobytes()
    doc.close()
    return data


def test_one_input_shows_its_pages_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "long.pdf"
    path.write_bytes(_long_pdf(30))
    result = _run("--progress", "--timeout", "60", path)
    assert result.returncode == 0, result.stderr
    assert "Finding number 30 is about item 210 in the ledger." in result.stdout
    assert "[page" not in result.stdout  # progress never goes to standard output
    shown = [
        (int(done), int(total))
        for done, total in re.findall(r"\r\[page (\d+)/(\d+)\]", result.stderr)
    ]
    assert shown[0] == (0, 30)
    assert shown[-1] == (30, 30)
    assert [d for d, _ in shown] == sorted({d for d, _ in shown})
    assert "\r[page 30/30] 100% /" in result.stderr  # then the name, cut to the width
    assert result.stderr.endswith("\r")  # the line is erased at the end


def test_several_inputs_are_counted_when_asked_even_into_a_pipe(tmp_path: Path) -> None:
    paths = []
    for n in range(2):
        path = tmp_path / f"doc{n}.pdf"
        path.write_bytes(make_pdf(f"Document {n}."))
        paths.append(path)
    shown = _run("--progress", "--workers", "1", "-o", tmp_path / "out", *paths).stderr
    assert "\r[2/2] 100%" in shown
    assert "[page" not in shown  # pages are counted for a single input only
    silent = _run("--no-progress", "-o", tmp_path / "out", paths[0])
    assert silent.returncode == 0
    assert silent.stderr == ""
