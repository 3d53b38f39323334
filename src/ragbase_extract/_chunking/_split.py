"""Boundaries inside a block: lines, then sentences, then words, with exact offsets.

Everything here works on spans of the document text, never on copies with
their own offsets, so a piece's ``(start, end)`` always slices the original.
A unit's span starts and ends on a non-space character; what lies between two
units is whitespace.
"""

from __future__ import annotations

import re
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

# A gap that contains a line break.
_LINES: Final = re.compile(r"[^\S\n]*\n\s*")
# The whitespace after a sentence end: terminal punctuation, then closing quotes
# or brackets. Group 1 is the gap. A full stop after a lone letter or digit
# ("J. Smith", "1. Intro") or a common abbreviation does not end a sentence.
_ABBREVIATIONS: Final = (
    "[A-Za-z]", r"\d", r"e\.g", r"i\.e", "vs", "cf", "al", "Dr", "Mr", "Ms", "Mrs",
    "St", "No", "Fig", "Eq", "Ref", "Sec", "Vol", "approx", "incl",
)  # fmt: skip
# Checked only once a full stop matched, so ordinary text costs one test per character.
_NOT_AFTER: Final = "".join(rf"(?<!\b{word}\.)" for word in _ABBREVIATIONS)
_SENTENCES: Final = re.compile(rf"(?:\.{_NOT_AFTER}|[!?…。！？])(?:[\"'”’»)\]]*)(\s+)(?=\S)")
_WORDS: Final = re.compile(r"\s+")
_NON_SPACE: Final = re.compile(r"\S")
_WORD_START: Final = re.compile(r"(?<!\S)\S")


class Ladder(NamedTuple):
    """The boundary kinds a block is split at, coarsest first."""

    name: str
    levels: tuple[re.Pattern[str], ...]
    groups: tuple[int, ...]


TEXT_LADDER: Final = Ladder("text", (_LINES, _SENTENCES, _WORDS), (0, 1, 0))
"""Prose: lines, sentences, words."""
TABLE_LADDER: Final = Ladder("table", (_LINES, _WORDS), (0, 0))
"""Tables: rows (one per line of ``Table.text``), then words for a row too long alone."""
CODE_LADDER: Final = Ladder("code", (_LINES, _WORDS), (0, 0))
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
        pattern = ladder.levels[depth]
        group = ladder.groups[depth]
        depth += 1
        pieces: list[Unit] = []
        position = unit.start
        for match in pattern.finditer(text, unit.start, unit.end):
            gap_start, gap_end = match.span(group)
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
    for depth, pattern in enumerate(unit.ladder.levels):
        if pattern is _WORDS:
            break
        group = unit.ladder.groups[depth]
        finer: list[tuple[int, int]] = []
        for start, end in spans:
            position = start
            for match in pattern.finditer(text, start, end):
                gap_start, gap_end = match.span(group)
                if gap_start > position:
                    finer.append((position, gap_start))
                position = gap_end
            if position < end:
                finer.append((position, end))
        spans = finer
    return spans


def word_starts(text: str, start: int, end: int) -> list[int]:
    """Offsets in ``[start, end)`` where a word begins."""
    return [m.start() for m in _WORD_START.finditer(text, start, end)]


def sentence_starts(text: str, start: int, end: int) -> list[int]:
    """Offsets in ``(start, end)`` where a sentence or line begins."""
    found = {m.end(1) for m in _SENTENCES.finditer(text, start, end)}
    found.update(m.end() for m in _LINES.finditer(text, start, end))
    return sorted(p for p in found if start < p < end)
