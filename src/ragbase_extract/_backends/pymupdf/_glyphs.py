"""Repair of ligature glyphs that a font without a Unicode map reports as punctuation.

A font whose ``ff``/``fi``/``fl``/``ffi``/``ffl`` ligature glyphs have no
Unicode mapping makes MuPDF report their glyph codes as whatever character the
code means in the font's base encoding, typically ``!``, ``"`` or ``#``:
``di!culties``, ``e!ect``, ``signi"cant``. Such a character between two
letters of one word is replaced by the ligature that turns the word into one
the document spells elsewhere (in text set in a font with a proper map, or
words without a ligature). Words the document never spells otherwise stay as
they are: guessing without a dictionary would trade one error for another.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import replace
from typing import Final

from ._lines import Line

__all__ = ["repair_ligatures", "word_set"]

_LIGATURES: Final = ("ffi", "ffl", "ff", "fi", "fl")
_BROKEN_RE: Final = re.compile(r"[^\W\d_]*[^\W\d_][!\"#$%&'*+][^\W\d_]+")
"""A word with one stand-in character between letters (the ligature's slot)."""
_STAND_IN_RE: Final = re.compile(r"(?<=[^\W\d_])[!\"#$%&'*+](?=[^\W\d_])")
_WORD_RE: Final = re.compile(r"[^\W\d_]{3,}")


def word_set(texts: Iterable[str]) -> frozenset[str]:
    """Lower-case words of three letters or more in ``texts``."""
    return frozenset(w.lower() for text in texts for w in _WORD_RE.findall(text))


def _repair_word(word: str, words: frozenset[str]) -> str:
    slots = list(_STAND_IN_RE.finditer(word))
    if len(slots) != 1:
        return word
    at = slots[0].start()
    for ligature in _LIGATURES:
        candidate = word[:at] + ligature + word[at + 1 :]
        if candidate.lower() in words:
            return candidate
    return word


def repair_ligatures(lines: Sequence[Line], words: frozenset[str]) -> tuple[Line, ...]:
    """``lines`` with stand-in ligature characters replaced where ``words`` confirms the word."""
    out: list[Line] = []
    for line in lines:
        if _STAND_IN_RE.search(line.text) is None:
            out.append(line)
            continue
        text = _BROKEN_RE.sub(lambda m: _repair_word(m.group(0), words), line.text)
        out.append(line if text == line.text else replace(line, text=text))
    return tuple(out)
