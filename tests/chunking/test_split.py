"""Boundaries inside a block: lines, sentences, words, with exact offsets."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from ragbase_extract._chunking._split import (
    _NOT_AFTER,
    TABLE_LADDER,
    TEXT_LADDER,
    Unit,
    _line_gaps,
    _sentence_gaps,
    atoms,
    sentence_starts,
    split_unit,
    trim,
)

PROSE = (
    "In 1911, J. Smith founded it (see Fig. 2). It grew fast! Did it last? "
    "Yes, e.g. in 1924 it became IBM.\nA new line. 1. Not a sentence end."
)


def _texts(text: str, units: list[Unit]) -> list[str]:
    return [text[u.start : u.end] for u in units]


def test_prose_splits_at_lines_then_sentences_then_words() -> None:
    whole = Unit(0, len(PROSE), TEXT_LADDER)
    lines = split_unit(PROSE, whole)
    assert _texts(PROSE, lines) == PROSE.split("\n")
    sentences = split_unit(PROSE, lines[0])
    assert _texts(PROSE, sentences) == [
        "In 1911, J. Smith founded it (see Fig. 2).",
        "It grew fast!",
        "Did it last?",
        "Yes, e.g. in 1924 it became IBM.",
    ]
    words = split_unit(PROSE, sentences[1])
    assert _texts(PROSE, words) == ["It", "grew", "fast!"]
    (single,) = split_unit(PROSE, words[0])
    assert not single.splittable
    assert _texts(PROSE, [single]) == ["It"]


def test_atoms_are_lines_and_sentences() -> None:
    spans = atoms(PROSE, Unit(0, len(PROSE), TEXT_LADDER))
    assert [PROSE[a:b] for a, b in spans][-2:] == ["A new line.", "1. Not a sentence end."]
    assert all(PROSE[a:b] == PROSE[a:b].strip() for a, b in spans)


def test_table_rows_are_never_split_at_sentences() -> None:
    table = "| Name | Note |\n| A. B. | Ends here. Starts there. |"
    rows = split_unit(table, Unit(0, len(table), TABLE_LADDER))
    assert _texts(table, rows) == table.split("\n")
    assert atoms(table, Unit(0, len(table), TABLE_LADDER)) == [(0, 15), (16, len(table))]


def test_sentence_starts_and_trim() -> None:
    assert [PROSE[p : p + 3] for p in sentence_starts(PROSE, 0, 80)] == ["It ", "Did", "Yes"]
    assert trim("  a b \n", 0, 7) == (2, 5)
    assert trim(" \n\t ", 0, 4) is None


_SPACES = " \t\n\r\x0b\x0c\x1c\x1f\x85\u00a0\u2003\u2028"


@settings(max_examples=400, deadline=None)
@given(
    st.text(alphabet=_SPACES + "ab.!?)\"'”Ie1。", max_size=40),
    st.integers(0, 40),
    st.integers(0, 40),
)
def test_gap_finders_match_the_reference_patterns(text: str, a: int, b: int) -> None:
    # The fast finders give exactly the spans of the plain patterns they replace.
    start, end = sorted((min(a, len(text)), min(b, len(text))))
    lines = re.compile(r"[^\S\n]*\n\s*")
    assert _line_gaps(text, start, end) == [m.span() for m in lines.finditer(text, start, end)]
    sentences = re.compile(rf"(?:\.{_NOT_AFTER}|[!?…。！？])(?:[\"'”’»)\]]*)(\s+)(?=\S)")
    assert _sentence_gaps(text, start, end) == [
        m.span(1) for m in sentences.finditer(text, start, end)
    ]
