"""docs/cli.rst says what the program does (issue #9.11).

The page quoted an error message the CLI no longer printed; now its synopsis,
its option list, its exit statuses and its sample error lines are compared with
the real parser and with the real command run on the same inputs.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from ragbase_extract._cli._command import ExitStatus
from ragbase_extract._cli._parser import build_parser
from tests._hostile import encrypted_pdf, many_pages_pdf

CLI_RST = Path(__file__).resolve().parent.parent / "docs" / "cli.rst"


def _section(title: str) -> str:
    text = CLI_RST.read_text(encoding="utf-8")
    start = text.index(f"\n{title}\n{'-' * len(title)}\n")
    following = re.search(r"\n[^\n]+\n-{3,}\n", text[start + len(title) + 3 :])
    end = start + len(title) + 3 + following.start() if following else len(text)
    return text[start:end]


def _code_blocks(section: str) -> list[str]:
    blocks = re.findall(r"\.\. code-block:: \w+\n\n((?:   .*\n|\n)+)", section + "\n")
    return [re.sub(r"^   ", "", block, flags=re.MULTILINE).strip("\n") for block in blocks]


def _words(text: str) -> list[str]:
    return text.split()


def test_synopsis_is_the_real_usage() -> None:
    (synopsis,) = _code_blocks(_section("Synopsis"))
    usage = build_parser().format_usage().removeprefix("usage: ")
    assert _words(synopsis) == _words(usage)


def test_options_documented_are_the_parser_options() -> None:
    # Each option's entry starts a line: ``--name`` or ``-x``, ``--name``.
    entries = re.findall(r"^(``-.*)$", _section("Options"), flags=re.MULTILINE)
    documented = {flag for entry in entries for flag in re.findall(r"``(--[\w-]+)``", entry)}
    real = {
        option
        for action in build_parser()._actions
        for option in action.option_strings
        if option.startswith("--") and option != "--help"
    }
    assert documented == real


def test_exit_statuses_documented_are_the_real_ones() -> None:
    table = _section("Exit status")
    documented = {int(code) for code in re.findall(r"^\s*(\d+)\s{2,}\S", table, re.MULTILINE)}
    assert documented == {int(status) for status in ExitStatus}


def test_error_lines_are_what_the_command_prints(tmp_path: Path) -> None:
    encrypted = encrypted_pdf()
    if encrypted is None:
        pytest.skip("the encrypted sample PDF (tests/data/pdf) is absent")
    section = _section("Output and errors")
    command = re.search(r"``(ragbase-extract [^`]+)``", section.replace("\n", " "))
    assert command is not None
    args = command.group(1).split()[1:]
    inbox = tmp_path / "inbox"
    inbox.mkdir()
    shutil.copy(encrypted, inbox / "scan.pdf")
    (inbox / "huge.pdf").write_bytes(many_pages_pdf(50))
    result = subprocess.run(
        [sys.executable, "-m", "ragbase_extract", *args],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={**os.environ, "COLUMNS": "200"},
    )
    (errors,) = [b for b in _code_blocks(section) if b.startswith("ragbase-extract: ")]
    assert result.stderr.splitlines() == errors.splitlines()
    assert result.returncode == ExitStatus.SOME_FAILED
