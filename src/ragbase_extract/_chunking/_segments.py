"""Token counts of any span of the body text from one count per atom.

For tokenizers whose counts add up at whitespace (see
:class:`~ragbase_extract.Tokenizer`'s ``additive``), each atom (a small block,
or a line or sentence of a larger one) is counted once with a whitespace gap
attached, and the count of a span is a difference of prefix sums, corrected at
its two ends by recounting one word.
"""

from __future__ import annotations

from collections.abc import Callable
from itertools import accumulate
from typing import Final

from ._split import Unit, atoms

__all__ = ["Segments"]


class Segments:
    """Counts of any span between atom boundaries, from one count per atom.

    Used for additive tokenizers. The body text is cut into atoms (lines, and
    sentences in prose); each atom's segment takes the whitespace gap before it,
    or the gap after it when that gap ends with a line break. Those are the
    cuts at which a BPE pre-tokenizer such as tiktoken's ``cl100k_base`` starts
    afresh, so the count of a span is the sum of its segments' counts with the
    two edge atoms counted bare. A gap that has a line break but does not end
    with one (``"\\n  "``) is not such a cut: spans across it are counted whole.
    """

    def __init__(
        self,
        text: str,
        units: list[Unit],
        count: Callable[[str], int],
        count_many: Callable[[list[str]], list[int]],
        whole: int,
        joins: str = "",
    ) -> None:
        self._text = text
        self._count = count
        self._joins = joins
        self._trails: dict[int, tuple[int, int]] = {}  # atom -> _trail_delta(atom)
        starts, ends = _atom_spans(text, units, whole)
        n = len(starts)
        self._starts = starts
        self._ends = ends
        self._index_of_start = dict(zip(starts, range(n), strict=True))
        self._index_of_end = dict(zip(ends, range(n), strict=True))
        # The gap between atoms k - 1 and k is text[ends[k - 1]:starts[k]]. Gaps
        # repeat ("\n\n", " "), so each distinct one is classified once. Bit 1: it
        # ends with a line break (the segment before takes it); bit 2: it is not
        # a cut where counts add up ("\n  ", or a space BPE does not take for one).
        gaps = list(map(text.__getitem__, map(slice, ends[:-1], starts[1:])))
        kinds = {gap: _gap_kind(gap) for gap in set(gaps)}
        gap_kinds = list(map(kinds.__getitem__, gaps))
        if joins:  # Tokenizer.joins_after_line_break: no cut after a line break before these
            gap_kinds = [
                kind | 2 if kind & 1 and text[after] in joins else kind
                for kind, after in zip(gap_kinds, starts[1:], strict=True)
            ]
        # cuts[k] is where atom k's segment begins; cuts[k + 1] where it ends.
        cuts = [
            after if kind & 1 else before
            for kind, before, after in zip(gap_kinds, ends[:-1], starts[1:], strict=True)
        ]
        cuts = [starts[0], *cuts, ends[-1]] if n else [0]
        self._cuts = cuts
        # inexact[k]: how many of cuts 1..k are not cuts where counts add up (the
        # last entry, for the end of the text, repeats the one before).
        inexact = list(accumulate([kind >> 1 for kind in gap_kinds], initial=0))
        self._inexact = [*inexact, inexact[-1]]
        pieces = list(map(text.__getitem__, map(slice, cuts, cuts[1:])))
        self._cumulative = list(accumulate(count_many(pieces), initial=0))

    def tokens(self, start: int, end: int) -> int | None:
        """Tokens in ``text[start:end]``, or ``None`` when the span is not atom-aligned."""
        first = self._index_of_start.get(start)
        last = self._index_of_end.get(end)
        if first is None or last is None or last < first:
            return None
        if self._inexact[last] != self._inexact[first]:
            return None
        cuts = self._cuts
        cumulative = self._cumulative
        total = cumulative[last + 1] - cumulative[first]
        lead_cut = start
        if cuts[first] != start:  # the segment has the gap before the span: take it off
            delta, lead_cut = self._lead_delta(first)
            total -= delta
        if cuts[last + 1] != end:  # the segment has the gap after the span: take it off
            trail = self._trails.get(last)
            if trail is None:
                trail = self._trails[last] = self._trail_delta(last)
            delta, trail_cut = trail
            if trail_cut < lead_cut:
                return None  # one short atom corrected at both ends: count it directly
            total -= delta
        return total

    def _lead_delta(self, k: int) -> tuple[int, int]:
        """How many tokens the gap before atom ``k`` adds to its segment, and where
        the recount stopped.

        Only the first word is recounted with and without the gap: after it the
        text is cut where counts add up (before a space, after a line break), or
        at the segment's end when the atom has no such place.
        """
        text = self._text
        start, end, seg_start = self._starts[k], self._ends[k], self._cuts[k]
        found = [text.find(c, start, end) for c in _BREAKS]
        cut = min((p for p in found if p >= 0), default=end)
        while cut > start and text[cut - 1].isspace():
            cut -= 1
        if cut >= end or cut == start or not _clean_gap(text, cut, end):
            cut = self._cuts[k + 1]
        count = self._count
        return count(text[seg_start:cut]) - count(text[start:cut]), cut

    def _trail_delta(self, k: int) -> tuple[int, int]:
        """How many tokens the gap after atom ``k`` adds to its segment, and where
        the recount started (the last word, or the segment's start)."""
        text = self._text
        start, end, seg_end = self._starts[k], self._ends[k], self._cuts[k + 1]
        last = max(
            text.rfind(" ", start, end), text.rfind("\n", start, end), text.rfind("\t", start, end)
        )
        if last <= start:
            cut = self._cuts[k]
        else:
            gap_end = last + 1
            while text[gap_end].isspace():  # the atom ends on non-space
                gap_end += 1
            cut = last
            while cut > start and text[cut - 1].isspace():
                cut -= 1
            gap = text[cut:gap_end]
            if gap == " ":  # the usual case, a plain cut unless at the atom's start
                if cut == start:
                    cut = self._cuts[k]
            elif not _plain_gap(gap):
                cut = self._cuts[k]
            elif gap[-1] in _LINE_BREAKS and text[gap_end] not in self._joins:
                # After a line break: a clean cut. (Where the tokenizer joins across it,
                # the join is the same with and without the gap and cancels out below;
                # not so for a joins_after_line_break character, which o200k joins to
                # the marks before the line break: ".\n/" + "?" is not "/?" recounted.)
                cut = gap_end
            elif cut == start or any(c in gap for c in _LINE_BREAKS):
                cut = self._cuts[k]
        count = self._count
        return count(text[cut:seg_end]) - count(text[cut:end]), cut


_BREAKS: Final = (" ", "\n", "\t")
"""The whitespace searched for word ends; other spaces just make a word longer."""
_LINE_BREAKS: Final = "\r\n"
"""What BPE pre-tokenizers treat as line breaks."""
_NOT_SPACE_TO_BPE: Final = frozenset("\x0b\x0c\x1c\x1d\x1e\x1f\x85")
"""Characters Python calls whitespace that tokenizers may not: ``\\x1c``-``\\x1f`` are
not Unicode whitespace (so not tiktoken's ``\\s``), and BERT's normalizer deletes
control characters such as ``\\x0b``, ``\\x0c`` and ``\\x85`` outright."""


def _atom_spans(text: str, units: list[Unit], whole: int) -> tuple[list[int], list[int]]:
    """Starts and ends of the atoms: units up to ``whole`` characters stay whole,
    longer ones are cut at lines and sentences."""
    starts = [unit[0] for unit in units]
    ends = [unit[1] for unit in units]
    long = [
        i for i, (start, end) in enumerate(zip(starts, ends, strict=True)) if end - start > whole
    ]
    if not long:
        return starts, ends
    atom_starts: list[int] = []
    atom_ends: list[int] = []
    done = 0
    for i in long:
        atom_starts += starts[done:i]
        atom_ends += ends[done:i]
        for start, end in atoms(text, units[i]):
            atom_starts.append(start)
            atom_ends.append(end)
        done = i + 1
    atom_starts += starts[done:]
    atom_ends += ends[done:]
    return atom_starts, atom_ends


def _gap_kind(gap: str) -> int:
    """Bit 1: ``gap`` ends with a line break; bit 2: it is not a cut where counts add up."""
    return (gap[-1] in _LINE_BREAKS) | (0 if _plain_gap(gap) else 2)


def _plain_gap(gap: str) -> bool:
    """Whether a gap is a cut where counts add up: any line break only at its end,
    and no character that only Python takes for whitespace."""
    if _NOT_SPACE_TO_BPE.intersection(gap):
        return False
    return gap[-1] in _LINE_BREAKS or not any(c in gap for c in _LINE_BREAKS)


def _clean_gap(text: str, cut: int, end: int) -> bool:
    """Whether the whitespace run at ``cut`` has no line break (a clean cut before it)."""
    position = cut
    while position < end and text[position].isspace():
        if text[position] in _LINE_BREAKS or text[position] in _NOT_SPACE_TO_BPE:
            return False
        position += 1
    return True
