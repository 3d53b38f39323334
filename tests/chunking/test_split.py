"""Boundaries inside a block: lines, sentences, words, with exact offsets."""

from __future__ import annotations

from ragbase_extract._chunking._split import (
    TABLE_LADDER,
    TEXT_LADDER,
    Unit,
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
