"""The benchmark's fidelity scoring (benchmarks/fidelity.py) on hand-computed cases."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

from fidelity import (
    Scores,
    heading_f1,
    headings,
    lcs_length,
    multiset_f1,
    normalize_words,
    score,
    table_cell_f1,
    table_cells,
    text_similarity,
    word_sequence_similarity,
)


def _lcs_dp(a: list[int], b: list[int]) -> int:
    """Reference LCS by dynamic programming."""
    prev = [0] * (len(b) + 1)
    for x in a:
        cur = [0]
        for j, y in enumerate(b):
            cur.append(prev[j] + 1 if x == y else max(prev[j + 1], cur[j]))
        prev = cur
    return prev[-1]


# ------------------------------------------------------------------ normalization


@pytest.mark.parametrize(
    ("markdown", "expected"),
    [
        (
            "# Title\n\nSome *bold* and __strong__ text.",
            ["title", "some", "bold", "and", "strong", "text"],
        ),
        ("[link text](https://example.org/a_(b)) end", ["link", "text", "end"]),
        ("![alt words](img.png) after", ["after"]),
        ("before <!-- image --> after", ["before", "after"]),
        ("<!-- multi\nline -->kept", ["kept"]),
        ("| A | B |\n|---|:-:|\n| 1 | 2 |", ["a", "b", "1", "2"]),
        ("```python\nx = f(y)\n```", ["x", "f", "y"]),
        ("- one\n* two\n+ three\n1. four\n2) five", ["one", "two", "three", "four", "five"]),
        ("- [x] done\n- [ ] todo", ["done", "todo"]),
        ("> quoted *text*", ["quoted", "text"]),
        ("<table><tr><td>a&amp;b</td></tr></table>", ["a", "b"]),
        ("ﬁnd Ｆｕｌｌ STRASSE Straße", ["find", "full", "strasse", "strasse"]),
        ("snake_case state-of-the-art", ["snake", "case", "state", "of", "the", "art"]),
        ("see <https://x.org/p>", ["see", "https", "x", "org", "p"]),
        ("[ref]: https://example.org\ntext [word][ref]", ["text", "word"]),
        ("漢字かな", ["漢", "字", "か", "な"]),
        ("", []),
    ],
)
def test_normalize_words(markdown: str, expected: list[str]) -> None:
    assert normalize_words(markdown) == expected


def test_normalize_keeps_combining_marks_inside_words() -> None:
    # Arabic with a shadda/fatha and Devanagari with a vowel sign stay one word each.
    assert normalize_words("مُحَمَّد नमस्ते") == ["مُحَمَّد", "नमस्ते"]


# ---------------------------------------------------------------------- LCS / text


@given(
    st.lists(st.integers(0, 5), max_size=40),
    st.lists(st.integers(0, 5), max_size=40),
)
def test_lcs_matches_dynamic_programming(a: list[int], b: list[int]) -> None:
    assert lcs_length(a, b) == _lcs_dp(a, b)


def test_identical_is_one() -> None:
    text = "# Heading\n\nA paragraph.\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    assert score(text, text) == Scores(text=1.0, headings=1.0, tables=1.0)


def test_both_empty_is_one() -> None:
    assert text_similarity("", "") == 1.0
    assert text_similarity("<!-- image -->", "") == 1.0


def test_one_empty_is_zero() -> None:
    assert text_similarity("", "some words") == 0.0


def test_markup_does_not_matter() -> None:
    assert text_similarity("## Alpha **beta**\n\n- gamma", "Alpha beta gamma") == 1.0


def test_reordering_lowers_text_score() -> None:
    ref = "one two three four five six"
    shuffled = "four five six one two three"
    assert text_similarity(ref, ref) == 1.0
    # LCS is 3 of 6 words on each side: 2 * 3 / 12.
    assert text_similarity(shuffled, ref) == pytest.approx(0.5)


def test_hand_computed_text_similarity() -> None:
    # pred: a b c d  ref: a x c d e  -> LCS "a c d" = 3; 2*3 / (4+5) = 2/3.
    assert text_similarity("a b c d", "a x c d e") == pytest.approx(2 / 3)
    # One word missing out of four: 2*3 / (3+4) = 6/7.
    assert text_similarity("the quick fox", "the quick brown fox") == pytest.approx(6 / 7)


def test_text_similarity_is_exact_on_50k_words() -> None:
    # A whole-book comparison must finish (pytest-timeout bounds it; the scorer is
    # bit-parallel) and stay exact: rotating 50,000 distinct words by half leaves
    # a longest common subsequence of exactly half of them. No wall-clock limit
    # here: speed is the benchmarks' business, not a timed unit test's.
    words = [f"w{i}" for i in range(50_000)]
    other = words[25_000:] + words[:25_000]
    assert word_sequence_similarity(words, other) == pytest.approx(0.5)


# ------------------------------------------------------------------------ headings


def test_headings_found_in_all_syntaxes_but_not_in_code() -> None:
    markdown = (
        "# One #\n\nTwo\n===\n\nThree\n---\n\n<h4>Four <b>x</b></h4>\n\n"
        "```\n# not a heading\n```\n\n#no-space is not a heading\n\n| a |\n|---|"
    )
    assert headings(markdown) == ["one", "two", "three", "four x"]


def test_heading_f1_hand_computed() -> None:
    pred = "# Intro\n\n## Methods\n\n## Methods\n\n## Extra"
    ref = "# Intro\n\n## Methods\n\n## Results"
    # pred multiset {intro, methods x2, extra}; ref {intro, methods, results}
    # overlap 2 -> 2*2 / (4+3) = 4/7.
    assert heading_f1(pred, ref) == pytest.approx(4 / 7)


def test_heading_f1_empty_cases() -> None:
    assert heading_f1("plain", "also plain") == 1.0
    assert heading_f1("# H", "plain") == 0.0
    assert heading_f1("plain", "# H") == 0.0


def test_heading_text_normalized() -> None:
    assert heading_f1("## **The** Title", "# the title") == 1.0


# -------------------------------------------------------------------------- tables


def test_pipe_and_html_table_cells() -> None:
    markdown = (
        "| Name | Value |\n| --- | --- |\n| *a* | 1 |\n| b \\| c |  |\n\n"
        "<table><tr><th>H</th></tr><tr><td>x<br>y</td></tr></table>"
    )
    assert table_cells(markdown) == ["name", "value", "a", "1", "b c", "h", "x y"]


def test_gfm_table_without_outer_pipes() -> None:
    assert table_cells("A | B\n--|--\n1 | 2\n\nafter") == ["a", "b", "1", "2"]


def test_malformed_html_does_not_raise() -> None:
    markdown = "<table><tr><td>a <![ b <!-- c</td><td>d</td></tr>"
    assert table_cells(markdown) == ["a b"]
    assert table_cells("<table><td>x</td></table><table>") == ["x"]
    assert normalize_words("<!-- never closed\nhidden") == []


@pytest.mark.timeout(60)
def test_pathological_input_stays_fast() -> None:
    # Backtracking patterns take hours on these; linear ones a fraction of a second.
    # The bound is a hang guard, generous enough for a loaded machine.
    for text in ("[" * 50_000, "[a](" * 20_000, "<table>" * 10_000, "<!--" * 20_000):
        assert 0.0 <= score(text, text).text <= 1.0


def test_escaped_table_tag_is_text() -> None:
    # "ON \\<table name>" in a syntax description: literal text, not an HTML
    # table running to the end of the file and hiding the pipe table below.
    markdown = "ON \\<table name>\n\n| a | b |\n|---|---|\n| 1 | 2 |"
    assert table_cells(markdown) == ["a", "b", "1", "2"]
    assert table_cells("x \\<table> y") is None


def test_table_in_code_block_is_not_a_table() -> None:
    assert table_cells("```\n| a | b |\n|---|---|\n```") is None


def test_table_cell_f1_hand_computed() -> None:
    pred = "| a | b |\n|---|---|\n| 1 | 2 |"
    ref = "| a | b |\n|---|---|\n| 1 | 3 |\n| 4 | 5 |"
    # pred {a,b,1,2}, ref {a,b,1,3,4,5}: overlap 3 -> 2*3 / (4+6) = 0.6.
    assert table_cell_f1(pred, ref) == pytest.approx(0.6)


def test_table_cell_f1_not_applicable_without_tables() -> None:
    assert table_cell_f1("text", "more text") is None
    assert score("text", "more text").tables is None
    assert table_cell_f1("| a |\n|---|", "no table") == 0.0
    assert table_cell_f1("no table", "| a |\n|---|") == 0.0


# ---------------------------------------------------------------------- properties

_MD_PIECES = st.sampled_from(
    [
        "# ",
        "## ",
        "- ",
        "1. ",
        "| ",
        " |",
        "\n",
        "\n\n",
        "**",
        "_",
        "`",
        "```\n",
        "---",
        "<!-- image -->",
        "[",
        "](u)",
        "<td>",
        "</td>",
        "<table>",
        "</table>",
        "alpha",
        "beta",
        "gamma",
        "Δelta",
        "漢",
        " ",
        "x",
        "1",
    ]
)
_MARKDOWN = st.lists(_MD_PIECES, max_size=30).map("".join)


@settings(max_examples=200)
@given(_MARKDOWN, _MARKDOWN)
def test_scores_in_unit_interval_and_symmetric(a: str, b: str) -> None:
    ab, ba = score(a, b), score(b, a)
    for value in (ab.text, ab.headings, ab.tables):
        assert value is None or 0.0 <= value <= 1.0
    assert ab.text == pytest.approx(ba.text)
    assert ab.headings == pytest.approx(ba.headings)
    assert (ab.tables is None) == (ba.tables is None)
    if ab.tables is not None and ba.tables is not None:
        assert ab.tables == pytest.approx(ba.tables)


@given(_MARKDOWN)
def test_self_score_is_perfect(a: str) -> None:
    result = score(a, a)
    assert result.text == 1.0
    assert result.headings == 1.0
    assert result.tables in (None, 1.0)


@given(st.lists(st.sampled_from("abc"), max_size=10), st.lists(st.sampled_from("abc"), max_size=10))
def test_multiset_f1_bounds(a: list[str], b: list[str]) -> None:
    value = multiset_f1(a, b)
    assert 0.0 <= value <= 1.0
    assert value == multiset_f1(b, a)


# ------------------------------------------------------------- benchmark script


def test_bench_extract_smoke(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """The benchmark runs end to end on a tiny corpus; a missing peer is not a crash."""
    import bench_extract

    folder = tmp_path / "corpus" / "md"
    folder.mkdir(parents=True)
    (folder / "a.md").write_text("# Title\n\nSome text.\n", encoding="utf-8")
    (folder / "a.md.gt.md").write_text("# Title\n\nSome text.\n", encoding="utf-8")
    (folder / "b.md").write_text("no reference, not benchmarked\n", encoding="utf-8")
    out = tmp_path / "report.md"
    argv = ["--corpus", str(tmp_path / "corpus"), "--tools", "ragbase,markitdown"]
    argv += ["--peer-python", f"markitdown={tmp_path / 'no-such-python'}", "--repeat", "1"]
    assert bench_extract.main([*argv, "--out", str(out)]) == 0
    report = out.read_text(encoding="utf-8")
    assert report in capsys.readouterr().out
    assert "| md | ragbase | 1/1 |" in report
    assert "| md | markitdown | not installed |" in report


def test_bench_extract_excludes_scans_and_encrypted(tmp_path: Path) -> None:
    import bench_extract

    folder = tmp_path / "pdf"
    folder.mkdir()
    for name in ("ocr_test.pdf", "2206.01062_pg3.pdf", "text.pdf"):
        (folder / name).write_bytes(b"%PDF-1.4")
        (folder / f"{name}.gt.md").write_text("x", encoding="utf-8")
    inputs = bench_extract.discover(tmp_path, None)
    assert [p.name for p in inputs.by_format["pdf"]] == ["text.pdf"]
    assert sorted(p.name for p, _ in inputs.excluded) == ["2206.01062_pg3.pdf", "ocr_test.pdf"]
    with_scans = bench_extract.discover(tmp_path, None, include_scans=True)
    assert [p.name for p in with_scans.by_format["pdf"]] == ["ocr_test.pdf", "text.pdf"]
