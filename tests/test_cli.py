"""The command line, run for real in a subprocess (``python -m`` and the console script)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ragbase_extract._cli import main
from tests._hostile import encrypted_pdf, make_pdf, many_pages_pdf, real_pdfs

REPO = Path(__file__).resolve().parent.parent
SCRIPT = Path(sys.executable).parent / "ragbase-extract"


def run(
    *args: str | Path,
    cwd: Path | None = None,
    stdin: bytes | None = None,
    env: dict[str, str] | None = None,
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "ragbase_extract", *map(str, args)],
        cwd=cwd,
        input=stdin.decode() if stdin is not None else None,
        capture_output=True,
        text=True,
        timeout=timeout,
        env=env,
        check=False,
    )


@pytest.fixture
def pdfs(tmp_path: Path) -> Path:
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    (folder / "one.pdf").write_bytes(make_pdf("First document.", "Its second page."))
    (folder / "sub" / "two.pdf").write_bytes(make_pdf("Second document."))
    (folder / "notes.md").write_text("# Notes\n\nSome *Markdown* text.\n")
    (folder / ".hidden.pdf").write_bytes(b"not looked at")
    return folder


def test_help_documents_exit_codes() -> None:
    result = run("--help")
    assert result.returncode == 0
    assert "exit status" in result.stdout
    for line in ("0  every input was extracted", "1  some inputs failed", "2  bad usage"):
        assert line in result.stdout


def test_version() -> None:
    from ragbase_extract._version import __version__

    result = run("--version")
    assert result.returncode == 0
    assert result.stdout.strip() == f"ragbase-extract {__version__}"


@pytest.mark.skipif(not SCRIPT.exists(), reason="the console script is not installed")
def test_console_script(pdfs: Path) -> None:
    result = subprocess.run(
        [str(SCRIPT), pdfs / "one.pdf"], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "First document." in result.stdout
    assert result.stderr == ""


def test_markdown_to_stdout(pdfs: Path) -> None:
    result = run(pdfs / "one.pdf")
    assert result.returncode == 0, result.stderr
    assert "First document." in result.stdout
    assert "Its second page." in result.stdout
    assert "<!-- source:" not in result.stdout  # one input: no separator


def test_real_pdfs() -> None:
    paths = real_pdfs()
    if not paths:
        pytest.skip("no real PDFs around")
    encrypted = encrypted_pdf()
    # --ocr never: the scan among them stays flagged whether or not the [ocr] extra
    # is installed (its missing-OCR line and status: tests/ocr/test_ocr_cli.py).
    result = run("-f", "json", "--ocr", "never", *paths)
    names = [json.loads(line)["source"]["name"] for line in result.stdout.splitlines()]
    assert names == [p.name for p in paths if p != encrypted]
    if encrypted in paths:
        assert result.returncode == 1
        assert result.stderr.splitlines() == [
            line for line in result.stderr.splitlines() if "EncryptedDocumentError" in line
        ]
        assert len(result.stderr.splitlines()) == 1
    else:
        assert result.returncode == 0


def test_folder_to_output_dir(pdfs: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("-f", "json", "-o", out, pdfs)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file())
    assert written == ["notes.md.json", "one.pdf.json", "sub/two.pdf.json"]
    doc = json.loads((out / "one.pdf.json").read_text())
    assert doc["source"]["name"] == "one.pdf"
    assert [p["number"] for p in doc["pages"]] == [1, 2]
    assert json.loads((out / "notes.md.json").read_text())["source"]["format"] == "markdown"


def test_some_failures_exit_1_and_name_the_files(pdfs: Path, tmp_path: Path) -> None:
    (pdfs / "fake.pdf").write_bytes(b"%PDF-1.4\nnot a pdf at all, just words")
    (pdfs / "empty.pdf").write_bytes(b"")
    out = tmp_path / "out"
    result = run("-o", out, pdfs, tmp_path / "missing.pdf", "nothing-*.pdf", cwd=tmp_path)
    assert result.returncode == 1
    errors = result.stderr.strip().splitlines()
    assert f"ragbase-extract: {tmp_path / 'missing.pdf'}: no such file or directory" in errors
    assert "ragbase-extract: nothing-*.pdf: no files match this pattern" in errors
    assert any(
        line.startswith(f"ragbase-extract: {pdfs / 'fake.pdf'}: CorruptDocumentError")
        for line in errors
    )
    assert any(
        line.startswith(f"ragbase-extract: {pdfs / 'empty.pdf'}: CorruptDocumentError")
        for line in errors
    )
    assert len(errors) == 4
    # the good inputs were still written
    assert (out / "one.pdf.md").read_text().startswith("First document.")
    assert (out / "sub" / "two.pdf.md").exists()
    assert not (out / "fake.pdf.md").exists()


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["--format", "docx", "x.pdf"],
        ["--pages", "3-1", "x.pdf"],
        ["--pages", "a", "x.pdf"],
        ["--timeout", "0", "x.pdf"],
        ["--timeout", "soon", "x.pdf"],
        ["--workers", "0", "x.pdf"],
        ["--max-tokens", "-5", "x.pdf"],
        ["--backend", "no-such-backend", "x.pdf"],
        ["--no-such-option", "x.pdf"],
        ["-", "-"],
    ],
)
def test_bad_usage_exits_2(
    args: list[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    # Usage is checked before anything is read or extracted, so the real entry
    # point runs in this process: a subprocess per case cost seconds each
    # (test_output_that_is_a_file_is_bad_usage checks the process's status).
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SystemExit) as exit_info:
        main(args)
    assert exit_info.value.code == 2
    captured = capsys.readouterr()
    assert "usage:" in captured.err
    assert captured.out == ""


def test_output_that_is_a_file_is_bad_usage(pdfs: Path, tmp_path: Path) -> None:
    (tmp_path / "file").write_text("x")
    result = run("-o", tmp_path / "file", pdfs / "one.pdf")
    assert result.returncode == 2
    assert "usage:" in result.stderr
    assert result.stdout == ""


def test_several_inputs_to_stdout(pdfs: Path) -> None:
    markdown = run(pdfs / "one.pdf", pdfs / "sub" / "two.pdf")
    assert markdown.returncode == 0
    assert markdown.stdout.count("<!-- source: ") == 2
    assert markdown.stdout.index("First document.") < markdown.stdout.index("Second document.")
    text = run("-f", "text", pdfs / "one.pdf", pdfs / "sub" / "two.pdf")
    assert f"==> {pdfs / 'one.pdf'} <==" in text.stdout
    lines = run("-f", "json", pdfs / "one.pdf", pdfs / "sub" / "two.pdf").stdout.splitlines()
    assert [json.loads(line)["source"]["name"] for line in lines] == ["one.pdf", "two.pdf"]


def test_glob_pattern(pdfs: Path) -> None:
    result = run("-f", "json", str(pdfs / "**" / "*.pdf"))
    assert result.returncode == 0, result.stderr
    names = [json.loads(line)["source"]["name"] for line in result.stdout.splitlines()]
    assert sorted(names) == ["one.pdf", "two.pdf"]


def test_stdin() -> None:
    result = run("-f", "text", "-", stdin=b"Plain text from a pipe.\n")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "Plain text from a pipe."


def test_chunks_jsonl(pdfs: Path) -> None:
    long_text = " ".join(f"Sentence number {n} of a long document." for n in range(200))
    source = pdfs / "long.md"
    source.write_text("# Long\n\n" + long_text + "\n")
    result = run("-f", "chunks", "--max-tokens", "64", source)
    assert result.returncode == 0, result.stderr
    chunks = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(chunks) > 3
    for item in chunks:
        assert item["text"]
        assert item["token_count"] <= 64 or item["oversized"]
        assert item["source_name"] == "long.md"


def test_pages_and_max_pages(tmp_path: Path) -> None:
    path = tmp_path / "six.pdf"
    path.write_bytes(many_pages_pdf(6))
    doc = json.loads(run("-f", "json", "--pages", "2-3,5", path).stdout)
    assert [p["number"] for p in doc["pages"]] == [2, 3, 5]
    limited = run("--max-pages", "3", path)
    assert limited.returncode == 1
    assert "ResourceLimitError" in limited.stderr
    assert "six.pdf" in limited.stderr


def test_password() -> None:
    path = encrypted_pdf()
    if path is None:
        pytest.skip("the real encrypted sample is not around")
    locked = run(path)
    assert locked.returncode == 1
    assert "EncryptedDocumentError" in locked.stderr
    assert "--password" in locked.stderr
    wrong = run("--password", "not-it", path)
    assert wrong.returncode == 1
    assert "password is wrong" in wrong.stderr
    opened = run("--password", "1234", path)
    assert opened.returncode == 0, opened.stderr
    assert opened.stdout.strip()


# --------------------------------------------------------------------------- a plugin backend


@pytest.fixture
def plugin_env(tmp_path: Path) -> dict[str, str]:
    """An environment where the scripted test backend is registered by entry point."""
    site = tmp_path / "site"
    info = site / "ragbase_scripted_test-0.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: ragbase-scripted-test\nVersion: 0.0\n"
    )
    (info / "entry_points.txt").write_text(
        "[ragbase_extract.backends]\nscripted = tests._hanging_backend:scripted\n"
    )
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(site), str(REPO), env.get("PYTHONPATH", "")])
    return env


def test_plugin_backend_that_hangs_is_killed(plugin_env: dict[str, str], tmp_path: Path) -> None:
    for name, command in [("a.txt", "fine"), ("b.txt", "hang"), ("c.txt", "segv"), ("d.txt", "ok")]:
        (tmp_path / name).write_text(command)
    started = time.monotonic()
    result = run(
        "-f",
        "text",
        "--backend",
        "scripted",
        "--timeout",
        "1",
        "--workers",
        "2",
        *(tmp_path / n for n in ("a.txt", "b.txt", "c.txt", "d.txt")),
        env=plugin_env,
    )
    assert time.monotonic() - started < 30
    assert result.returncode == 1
    errors = result.stderr.splitlines()
    assert any("b.txt: ExtractionTimeoutError" in line for line in errors)
    assert any("c.txt: ExtractionCrashedError" in line and "SIGSEGV" in line for line in errors)
    assert "fine" in result.stdout
    assert "ok" in result.stdout


def test_one_file_is_isolated_by_default(plugin_env: dict[str, str], tmp_path: Path) -> None:
    # One file, no --timeout: it used to run in the CLI's own process, so a crash
    # there killed the CLI; now one fork of the CLI runs it (issue 13.5).
    (tmp_path / "crash.txt").write_text("segv")
    done = run("--backend", "scripted", tmp_path / "crash.txt", env=plugin_env)
    assert done.returncode == 1
    assert "crash.txt: ExtractionCrashedError" in done.stderr
    assert "SIGSEGV" in done.stderr


def test_workers_1_replaces_its_fork_without_repeating_output(
    plugin_env: dict[str, str], tmp_path: Path
) -> None:
    # The fork that replaces a dead worker must not flush a copy of the CLI's
    # unwritten output.
    names = []
    for n, command in enumerate(["first", "segv", "second", "abort", "third"]):
        (tmp_path / f"{n}.txt").write_text(command)
        names.append(tmp_path / f"{n}.txt")
    done = run("-f", "text", "--backend", "scripted", "--workers", "1", *names, env=plugin_env)
    assert done.returncode == 1
    assert [done.stdout.count(word) for word in ("first", "second", "third")] == [1, 1, 1]
    assert done.stderr.count("ExtractionCrashedError") == 2


# --------------------------------------------------------------------------- progress


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses a Linux pty")
def test_progress_bar_only_on_a_terminal(pdfs: Path, tmp_path: Path) -> None:
    import pty

    out = tmp_path / "out"
    command = [sys.executable, "-m", "ragbase_extract", "-o", str(out), str(pdfs)]
    primary, secondary = pty.openpty()
    try:
        process = subprocess.run(
            command, stderr=secondary, stdout=subprocess.DEVNULL, timeout=120, check=False
        )
        os.close(secondary)
        secondary = -1
        shown = b""
        while True:
            try:
                chunk = os.read(primary, 4096)
            except OSError:
                break
            if not chunk:
                break
            shown += chunk
    finally:
        os.close(primary)
        if secondary != -1:
            os.close(secondary)
    assert process.returncode == 0
    assert b"\r[3/3] 100%" in shown
    # not a terminal: no progress
    piped = run("-o", out, pdfs)
    assert piped.stderr == ""


# --------------------------------------------------------------------------- structure


def test_a_folder_with_nothing_to_extract_is_a_failure(tmp_path: Path) -> None:
    (tmp_path / "empty" / ".git").mkdir(parents=True)
    result = run(tmp_path / "empty")
    assert result.returncode == 1
    assert result.stdout == ""


def test_every_format_is_a_choice_with_its_own_suffix() -> None:
    from ragbase_extract._cli import build_parser
    from ragbase_extract._cli._formats import FORMATS

    choices = next(a.choices for a in build_parser()._actions if a.dest == "format")
    assert tuple(choices or ()) == tuple(FORMATS)
    assert len({f.suffix for f in FORMATS.values()}) == len(FORMATS)


def test_a_subcommand_is_imported_only_when_loaded() -> None:
    from ragbase_extract._cli import Subcommand, main

    assert Subcommand("self", "ragbase_extract._cli._main:main").load() is main


def test_tables_flag_chooses_how_markdown_writes_a_spanned_table() -> None:
    # The paper page's results table has header cells spanning rows and columns.
    pdf = REPO / "tests" / "data" / "pdf" / "2305.03393v1-pg9.pdf"
    default, pipe, html = (
        run(pdf, *flag) for flag in ([], ["--tables", "pipe"], ["--tables", "html"])
    )
    assert all(r.returncode == 0 for r in (default, pipe, html)), default.stderr
    assert '<th rowspan="2"># enc-layers</th>' in default.stdout
    assert "<table>" not in pipe.stdout
    assert "| # enc-layers | # dec-layers | Language | TEDs |" in pipe.stdout
    assert html.stdout == default.stdout  # the page's one table has spans
    assert run(pdf, "--tables", "grid").returncode == 2
