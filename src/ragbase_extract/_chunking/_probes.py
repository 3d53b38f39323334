"""Probe cuts: how chunking finds out whether a tokenizer's counts add up."""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["ADDITIVITY_PROBES", "probe_additivity"]


ADDITIVITY_PROBES: tuple[tuple[str, str], ...] = (
    # After a line break, before a word, a digit, a mark or a table row.
    ("word\n\n", "Next"),
    ("word\n", "Next"),
    ("end.\n\n", "Next"),
    ("end:\n", "- item"),
    ("a \n\n", "b"),
    ("x\r\n", "y"),
    ("1\n\n", "2"),
    ("Title\n", "Body"),
    ("| a | b |\n", "| 1 | 2 |"),
    # o200k_base takes a "/" after punctuation and line breaks into the same piece.
    ("end:\n", "/path"),
    ("end.\n\n", "/x"),
    # Before a space.
    ("word", " next"),
    ("end.", " Next"),
    ("12", " 34"),
    ("a", "  b"),
    ("don't", " stop"),
)
"""Cuts chunking relies on, as ``(left, right)``: a tokenizer whose counts add up on
every one of them is taken to be additive (see :class:`Tokenizer`)."""

_JOIN_CANDIDATES = "/"
"""Characters a pre-tokenizer may join across a line break (o200k's ``/``)."""


def probe_additivity(count: Callable[[str], int]) -> tuple[bool, str]:
    """``(additive, joins_after_line_break)`` for ``count``, from the probe cuts.

    A cut after a line break that fails only because the right side starts with
    a character of ``"/"`` makes that character a ``joins_after_line_break``
    one rather than the whole tokenizer non-additive.
    """
    joins = ""
    for left, right in ADDITIVITY_PROBES:
        if count(left + right) == count(left) + count(right):
            continue
        if left.endswith(("\n", "\r")) and right[0] in _JOIN_CANDIDATES:
            joins += "" if right[0] in joins else right[0]
            continue
        return False, ""
    return True, joins
