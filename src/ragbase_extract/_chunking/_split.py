"""Boundaries inside a block: lines, then sentences, then words, with exact offsets.

Everything here works on spans of the document text, never on copies with
their own offsets, so a piece's ``(start, end)`` always slices the original.
A unit's span starts and ends on a non-space character; what lies between two
units is whitespace.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Final, NamedTuple

__all__ = [
    "CODE_LADDER",
    "TABLE_LADDER",
    "TEXT_LADDER",
    "Ladder",
    "Unit",
    "atoms",
    "split_unit",
    "trim",
    "word_starts",
]

# A line break and all the whitespace after it. A gap that contains a line break
# also takes the spaces before it (see ``_line_gaps``): searching for those in the
# pattern itself would try a match at every space of the text.
_NEWLINE: Final = re.compile(r"\n\s*")
# The whitespace after a sentence end: terminal punctuation, then closing quotes
# or brackets. Group 1 is the gap. A full stop after a lone letter or digit
# ("J. Smith", "1. Intro") or a common abbreviation does not end a sentence.
_ABBREVIATIONS: Final = (
    "[A-Za-z]", r"\d", r"e\.g", r"i\.e", "vs", "cf", "al", "Dr", "Mr", "Ms", "Mrs",
    "St", "No", "Fig", "Eq", "Ref", "Sec", "Vol", "approx", "incl",
)  # fmt: skip
# Checked only once a full stop matched, so ordinary text costs one test per character.
# (They end with a full stop, so after ``!`` or ``?`` they always pass.) The pattern
# starts with a character set, which the regex engine scans for quickly.
_NOT_AFTER: Final = "".join(rf"(?<!\b{word}\.)" for word in _ABBREVIATIONS)
_SENTENCES: Final = re.compile(rf"[.!?…。！？]{_NOT_AFTER}(?:[\"'”’»)\]]*)(\s+)(?=\S)")
_WORDS: Final = re.compile(r"\s+")
_NON_SPACE: Final = re.compile(r"\S")
_WORD_START: Final = re.compile(r"(?<!\S)\S")

Gaps = Callable[[str, int, int], list[tuple[int, int]]]
"""Finds the gaps of one boundary kind in ``text[start:end]``, in order."""


def _line_gaps(text: str, start: int, end: int) -> list[tuple[int, int]]:
    r"""Whitespace runs in ``[start, end)`` that contain a line break.

    The same spans as the pattern ``[^\S\n]*\n\s*`` would find: each starts at
    the spaces before a line break and takes all whitespace after it.
    """
    gaps: list[tuple[int, int]] = []
    floor = start
    for match in _NEWLINE.finditer(text, start, end):
        gap_start, gap_end = match.span()
        while gap_start > floor and text[gap_start - 1] != "\n" and text[gap_start - 1].isspace():
            gap_start -= 1
        gaps.append((gap_start, gap_end))
        floor = gap_end
    return gaps


def _sentence_gaps(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The whitespace after each sentence end in ``[start, end)``."""
    return [match.span(1) for match in _SENTENCES.finditer(text, start, end)]


def _word_gaps(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Whitespace runs in ``[start, end)``."""
    return [match.span() for match in _WORDS.finditer(text, start, end)]


class Ladder(NamedTuple):
    """The boundary kinds a block is split at, coarsest first."""

    name: str
    levels: tuple[Gaps, ...]


TEXT_LADDER: Final = Ladder("text", (_line_gaps, _sentence_gaps, _word_gaps))
"""Prose: lines, sentences, words."""
TABLE_LADDER: Final = Ladder("table", (_line_gaps, _word_gaps))
"""Tables: rows (one per line of ``Table.text``), then words for a row too long alone."""
CODE_LADDER: Final = Ladder("code", (_line_gaps, _word_gaps))
"""Code and formulas: lines, then words."""


class Unit(NamedTuple):
    """A span that packs as a whole unless it is too large alone.

    ``depth`` is the next level of ``ladder`` to split it at; a unit with
    ``depth == len(ladder.levels)`` is a single word and cannot be split.
    ``heading`` marks a heading block, which prefers to start a chunk.
    """

    start: int
    end: int
    ladder: Ladder
    depth: int = 0
    heading: bool = False

    @property
    def splittable(self) -> bool:
        """Whether a finer level is left to split at."""
        return self.depth < len(self.ladder.levels)


def trim(text: str, start: int, end: int) -> tuple[int, int] | None:
    """Shrink ``[start, end)`` to start and end on non-space; ``None`` if all space."""
    match = _NON_SPACE.search(text, start, end)
    if match is None:
        return None
    first = match.start()
    last = end
    while last > first and text[last - 1].isspace():
        last -= 1
    return (first, last)


def split_unit(text: str, unit: Unit) -> list[Unit]:
    """Split ``unit`` at the first level of its ladder that yields two or more pieces.

    Returns ``[unit]`` marked unsplittable when no level separates it (one word).
    """
    ladder = unit.ladder
    depth = unit.depth
    while depth < len(ladder.levels):
        gaps = ladder.levels[depth](text, unit.start, unit.end)
        depth += 1
        pieces: list[Unit] = []
        position = unit.start
        for gap_start, gap_end in gaps:
            if gap_start > position:
                pieces.append(Unit(position, gap_start, ladder, depth))
            position = gap_end
        if not pieces:
            continue
        if position < unit.end:
            pieces.append(Unit(position, unit.end, ladder, depth))
        if len(pieces) > 1:
            return pieces
    return [Unit(unit.start, unit.end, ladder, len(ladder.levels), unit.heading)]


def atoms(text: str, unit: Unit) -> list[tuple[int, int]]:
    """The finest spans a block is cut into before words: lines, then sentences.

    Their boundaries are the boundaries :func:`split_unit` finds at every
    level but the word level.
    """
    spans = [(unit.start, unit.end)]
    for find_gaps in unit.ladder.levels:
        if find_gaps is _word_gaps:
            break
        finer: list[tuple[int, int]] = []
        add = finer.append
        for start, end in spans:
            position = start
            for gap_start, gap_end in find_gaps(text, start, end):
                if gap_start > position:
                    add((position, gap_start))
                position = gap_end
            if position < end:
                add((position, end))
        spans = finer
    return spans


def word_starts(text: str, start: int, end: int) -> list[int]:
    """Offsets in ``[start, end)`` where a word begins."""
    return [m.start() for m in _WORD_START.finditer(text, start, end)]


def sentence_starts(text: str, start: int, end: int) -> list[int]:
    """Offsets in ``(start, end)`` where a sentence or line begins."""
    found = {m.end(1) for m in _SENTENCES.finditer(text, start, end)}
    found.update(gap_end for _, gap_end in _line_gaps(text, start, end))
    return sorted(p for p in found if start < p < end)
