"""One file, or ``--workers 1``: one fork of the CLI, not a worker pool's server.

A worker pool for a single file cost about 3 s against 0.6 s in Python (issue
#9.7), while in-process extraction had no timeout and no memory cap (#13.5).
The CLI now extracts such inputs in a single worker forked from itself, with
the default timeout and memory cap. The signals used here are real and cheap:
a fresh interpreter runs the CLI, then reports whether the worker server was
started and whether PyMuPDF was ever imported in the CLI's own process (the
extraction ran elsewhere when it was not).
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
    "from ragbase_extract._isolation._spawner import server_pid\n"
    "status = main(sys.argv[1:])\n"
    "seen = [name for name, yes in [('server', server_pid() is not None),"
    " ('pymupdf', 'pymupdf' in sys.modules)] if yes]\n"
    "sys.stderr.write('\\nPROBE ' + json.dumps([int(status), seen]) + '\\n')\n"
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


def test_one_file_runs_in_a_fork_of_the_cli(pdfs: list[Path]) -> None:
    status, seen, out, _ = _run(pdfs[0])
    assert (status, seen) == (0, [])
    assert "Document number 0 says hello." in out


def test_workers_1_runs_every_file_in_one_fork_in_order(pdfs: list[Path]) -> None:
    status, seen, out, _ = _run("--workers", "1", "-f", "json", *pdfs)
    assert (status, seen) == (0, [])
    texts = [json.loads(line)["text"] for line in out.splitlines() if line.startswith("{")]
    assert texts == ["Document number 0 says hello.", "Document number 1 says hello."]


def test_timeout_forks_too_and_several_workers_use_the_server(pdfs: list[Path]) -> None:
    status, seen, out, _ = _run("--timeout", "60", pdfs[0])
    assert (status, seen) == (0, [])
    assert "Document number 0 says hello." in out
    status, seen, _, _ = _run("--workers", "2", *pdfs)
    assert status == 0
    assert "server" in seen


def test_failures_in_the_fork_are_reported_per_file(tmp_path: Path, pdfs: list[Path]) -> None:
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.7\nnot really a pdf")
    status, seen, out, err = _run("--workers", "1", broken, pdfs[1])
    assert (status, seen) == (1, [])
    assert "broken.pdf" in err
    assert "Error" in err
    assert "Document number 1 says hello." in out
