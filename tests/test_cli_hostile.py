"""The CLI against hostile inputs and file systems: limits, output writes, links, names."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from ragbase_extract._cli._output import _umask, _write_atomically, banner_label
from tests.test_cli import run

MARKDOWN = b"# Title\n\nSome text.\n"


def test_stdin_is_read_no_further_than_max_bytes() -> None:
    # `head -c 1500M /dev/zero | ragbase-extract -` reached 3 GB before.
    done = run("--max-bytes", "4K", "-", stdin=b"x" * (1 << 20))
    assert done.returncode == 1
    assert "standard input is larger than max_bytes=4096" in done.stderr
    assert "Traceback" not in done.stderr
    done = run("--max-bytes", "4K", "-", stdin=MARKDOWN)
    assert done.returncode == 0, done.stderr
    assert "Some text." in done.stdout


@pytest.mark.parametrize(
    ("flags", "message"),
    [
        (["--max-bytes", "lots"], "not a size"),
        (["--max-memory", "1K"], "--max-memory"),
        (["--timeout", "1e10"], "at most"),
        (["--timeout", "inf"], "positive number"),
    ],
)
def test_limit_flags_are_validated_as_usage_errors(flags: list[str], message: str) -> None:
    done = run(*flags, "-", stdin=MARKDOWN)
    assert done.returncode == 2
    assert message in done.stderr
    assert "Traceback" not in done.stderr


def test_limit_flags_reach_the_options(tmp_path: Path) -> None:
    big = tmp_path / "big.md"
    big.write_bytes(MARKDOWN * 100)
    done = run("--max-bytes", "1K", "--max-memory", "512M", big)
    assert done.returncode == 1
    assert "max_bytes=1024" in done.stderr


def test_output_write_does_not_follow_a_planted_temporary_symlink(tmp_path: Path) -> None:
    # The temporary name was .NAME.PID.tmp: predictable, and written through a symlink.
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    out = tmp_path / "out"
    out.mkdir()
    (out / f".doc.md.{os.getpid()}.tmp").symlink_to(victim)
    _write_atomically(out / "doc.md", "# new\n")
    assert victim.read_text() == "precious"
    assert (out / "doc.md").read_text() == "# new\n"
    assert not (out / "doc.md").is_symlink()


def test_output_replaces_a_symlink_at_the_target_instead_of_writing_through_it(
    tmp_path: Path,
) -> None:
    victim = tmp_path / "victim.txt"
    victim.write_text("precious")
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    (inbox / "doc.md").write_bytes(MARKDOWN)
    out = tmp_path / "out"
    out.mkdir()
    target = out / "doc.md.md"  # the input's name plus the format's suffix
    target.symlink_to(victim)
    done = run("-o", out, inbox)
    assert done.returncode == 0, done.stderr
    assert victim.read_text() == "precious"
    assert not target.is_symlink()
    assert "Some text." in target.read_text()
    assert target.stat().st_mode & 0o777 == 0o666 & ~_umask()  # as open() would create it
    assert sorted(p.name for p in out.iterdir()) == ["doc.md.md"]  # no temporary left


@pytest.mark.skipif(sys.platform == "win32", reason="symbolic links need privileges")
def test_symlinks_do_not_lead_out_of_an_input_folder(tmp_path: Path) -> None:
    secret = tmp_path / "secret.md"
    secret.write_bytes(b"# Secret\n\nDo not read.\n")
    inbox = tmp_path / "inbox"
    (inbox / "sub").mkdir(parents=True)
    (inbox / "real.md").write_bytes(MARKDOWN)
    (inbox / "leak.md").symlink_to(secret)  # points outside: skipped
    (inbox / "sub" / "alias.md").symlink_to(inbox / "real.md")  # inside: the same file
    (inbox / "linked").symlink_to(tmp_path, target_is_directory=True)  # never descended
    done = run(inbox)
    assert done.returncode == 0, done.stderr
    assert "Some text." in done.stdout
    assert "Do not read." not in done.stdout


def test_file_names_cannot_break_out_of_the_source_comment(tmp_path: Path) -> None:
    name = "x --><img src=x onerror=alert(1)>.md"
    (tmp_path / name).write_bytes(MARKDOWN)
    (tmp_path / "plain.md").write_bytes(MARKDOWN)
    done = run(tmp_path / name, tmp_path / "plain.md")
    assert done.returncode == 0, done.stderr
    banners = [line for line in done.stdout.splitlines() if line.startswith("<!-- source:")]
    assert len(banners) == 2
    for line in banners:
        assert line.endswith(" -->")
        body = line.removeprefix("<!-- source:").removesuffix(" -->")
        assert "--" not in body
        assert "<" not in body
        assert ">" not in body
    assert "<img" not in done.stdout


def test_banner_label_escapes_only_what_it_must() -> None:
    assert banner_label("inbox/report-2024.pdf") == "inbox/report-2024.pdf"
    assert banner_label("a-->b") == "a%2D->b".replace(">", "%3E")
    assert banner_label("line\nbreak") == "line%0Abreak"
    assert banner_label("100%") == "100%25"
