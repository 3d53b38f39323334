"""The CLI extracts in its own process unless isolation is asked for (issue #9.7).

A worker pool for a single file cost about 3 s against 0.6 s in Python. The
signal used here is real and cheap: a fresh interpreter runs the CLI, then
reports whether the pool's modules (and multiprocessing's forkserver) were ever
imported.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests._hostile import make_pdf

_PROBE = (
    "import json, sys\n"
    "from ragbase_extract._cli import main\n"
    "status = main(sys.argv[1:])\n"
    "pool = [m for m in ('ragbase_extract._isolation._pool', 'multiprocessing.forkserver')"
    " if m in sys.modules]\n"
    "sys.stderr.write('\\nPROBE ' + json.dumps([int(status), pool]) + '\\n')\n"
)


def _run(*args: object) -> tuple[int, list[str], str, str]:
    result = subprocess.run(
        [sys.executable, "-c", _PROBE, *map(str, args)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    status, pool = json.loads(result.stderr.rsplit("PROBE ", 1)[1])
    return int(status), list(pool), result.stdout, result.stderr


@pytest.fixture
def pdfs(tmp_path: Path) -> list[Path]:
    paths = []
    for n in range(2):
        path = tmp_path / f"doc{n}.pdf"
        path.write_bytes(make_pdf(f"Document number {n} says hello."))
        paths.append(path)
    return paths


def test_one_file_without_timeout_runs_in_process(pdfs: list[Path]) -> None:
    status, pool, out, _ = _run(pdfs[0])
    assert (status, pool) == (0, [])
    assert "Document number 0 says hello." in out


def test_workers_1_runs_every_file_in_process_in_order(pdfs: list[Path]) -> None:
    status, pool, out, _ = _run("--workers", "1", "-f", "json", *pdfs)
    assert (status, pool) == (0, [])
    texts = [json.loads(line)["text"] for line in out.splitlines() if line.startswith("{")]
    assert texts == ["Document number 0 says hello.", "Document number 1 says hello."]


def test_timeout_keeps_isolation_and_several_workers_use_the_pool(pdfs: list[Path]) -> None:
    status, pool, out, _ = _run("--timeout", "60", pdfs[0])
    assert status == 0
    assert "ragbase_extract._isolation._pool" in pool
    assert "Document number 0 says hello." in out
    status, pool, _, _ = _run("--workers", "2", *pdfs)
    assert status == 0
    assert "ragbase_extract._isolation._pool" in pool


def test_in_process_failures_are_reported_per_file(tmp_path: Path, pdfs: list[Path]) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot really a pdf")
    status, pool, out, err = _run("--workers", "1", broken, pdfs[1])
    assert (status, pool) == (1, [])
    assert "broken.pdf" in err
    assert "Error" in err
    assert "Document number 1 says hello." in out
