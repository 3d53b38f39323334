"""Configuration, data and source files are kept whole as code (issue #9.5).

They used to be sniffed as Markdown (``# comment`` became a heading, ``- item``
a list) or as prose with their newlines joined. The inputs are real files of
this repository and a YAML workflow in tests/data/text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ragbase_extract import Code, extract

ROOT = Path(__file__).resolve().parent.parent.parent


@pytest.mark.parametrize(
    ("path", "language"),
    [
        ("pyproject.toml", "toml"),
        ("docs/schema/document.schema.json", "json"),
        ("tests/data/text/workflow.yml", "yaml"),
        ("scripts/readme_commands.py", "python"),
        ("scripts/setup.sh", "bash"),
    ],
)
def test_text_like_files_become_one_code_block_with_their_lines(path: str, language: str) -> None:
    raw = (ROOT / path).read_text(encoding="utf-8")
    doc = extract(ROOT / path)
    assert doc.source.format == "text"
    assert [(b.kind, getattr(b, "language", None)) for b in doc.blocks] == [("code", language)]
    expected = "\n".join(line.rstrip() for line in raw.strip("\n").splitlines())
    assert doc.text == expected
    markdown = doc.to_markdown()
    fence = markdown[: markdown.index(language)]
    assert len(fence) >= 3
    assert set(fence) == {"`"}
    # A fence longer than any backtick run inside (readme_commands.py quotes one).
    assert fence not in expected
    assert markdown == f"{fence}{language}\n{expected}\n{fence}\n"


@pytest.mark.parametrize(
    ("data", "language"),
    [
        (b'{\n  "name": "x",\n  "items": [1, 2]\n}\n', "json"),
        (b"[\n  1,\n  2\n]", "json"),
        (b"#!/usr/bin/env python3\n# comment\nprint('hi')\n", "python"),
        (b"#!/bin/sh\n# - not a list\necho hi\n", "bash"),
    ],
)
def test_json_and_scripts_are_recognised_without_a_name(data: bytes, language: str) -> None:
    doc = extract(data)
    (block,) = doc.blocks
    assert isinstance(block, Code)
    assert block.language == language
    assert block.text == data.decode().strip("\n")


def test_prose_and_markdown_are_not_taken_for_code(tmp_path: Path) -> None:
    prose = tmp_path / "notes.txt"
    prose.write_text("[1] A reference, not JSON.\n\nA second paragraph.\n", encoding="utf-8")
    assert [b.kind for b in extract(prose).blocks] == ["paragraph", "paragraph"]
    markdown = tmp_path / "readme.md"
    markdown.write_text("# Title\n\n- item\n", encoding="utf-8")
    assert [b.kind for b in extract(markdown).blocks] == ["heading", "list_item"]


def test_csv_with_bare_carriage_return_line_ends_is_read() -> None:
    # Found by the Markdown property test: ";\r;" sniffs as CSV and the csv
    # module refused the bare "\r" ("new-line character seen in unquoted field").
    doc = extract(b"a;b\rc;d\r", backend="text")
    assert doc.source.format == "csv"
    (table,) = doc.blocks
    assert table.text == "| a | b |\n| c | d |"


def test_deeply_nested_brackets_are_no_json_and_raise_nothing() -> None:
    # json.loads raises RecursionError on deep nesting; detection must not.
    from ragbase_extract._detect import detect_format

    assert detect_format(b"[" * 100_000) is not None
    assert extract(b"[" * 100_000 + b" note").source.format == "text"
