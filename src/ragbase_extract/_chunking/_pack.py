"""Greedy packing of units and sections into chunks under a token limit.

The packer guesses how far a chunk can reach from the running
tokens-per-character ratio, counts that span exactly once, and corrects: it
drops trailing items when the count is over the limit and tries to take more
when it is well under. An item too large alone is split one level finer (a
section into its own blocks and subsections, a block into lines, sentences,
words) and packing goes on. So each character is counted about once, and no
chunk is over the limit unless it is a single word.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, NamedTuple

from ._engine import Context, PathEntry, Piece
from ._split import Unit, sentence_starts, split_unit, word_starts

__all__ = ["Item", "Packer", "Section"]


class Section(NamedTuple):
    """A whole section (heading and everything under it) as one packable item."""

    start: int
    end: int
    path: tuple[PathEntry, ...]
    node: Any
    heading: bool = False  # as on Unit: a section is never a lone heading


Item = Unit | Section
Path = tuple[PathEntry, ...] | Callable[[int], tuple[PathEntry, ...]]
Expand = Callable[[Section, list[Item]], list[Piece]]

_TARGET = 0.95  # fill aimed at when guessing from the ratio
_GOOD_ENOUGH = 0.9  # a counted chunk this full is not grown further
_MAX_OVERLAP_TRIES = 8


def _no_expand(section: Section, lead: list[Item]) -> list[Piece]:
    raise AssertionError("sections need an expand callback")  # pragma: no cover


class Packer:
    """Packs items for one :class:`Context`; ``expand`` opens a section too large alone."""

    def __init__(self, ctx: Context, expand: Expand = _no_expand) -> None:
        self.ctx = ctx
        self.expand = expand

    def pack(self, items: Sequence[Item], path: Path) -> list[Piece]:
        """Pack ``items`` (in text order) into pieces no larger than ``max_tokens``.

        Args:
            items: Units and sections; a chunk spans consecutive items.
            path: The heading path of a chunk made of several items, or a
                function giving it from the chunk's start offset.
        """
        ctx = self.ctx
        limit = ctx.max_tokens
        work: list[Item] = list(items)
        out: list[Piece] = []
        previous: Piece | None = None
        i = 0
        while i < len(work):
            n = len(work)
            start = work[i].start
            chunk_path = path(start) if callable(path) else path
            prefix, prefix_tokens = ctx.prefix(chunk_path, start)
            cap = limit - (ctx.overlap if previous is not None else 0)
            # Guess the reach from the ratio, then count once.
            room = (cap - prefix_tokens) * _TARGET / ctx.ratio
            j = i
            while j + 1 < n and work[j + 1].end - start <= room:
                j += 1
            tokens = ctx.measure(start, work[j].end, prefix, prefix_tokens)
            if tokens > cap:
                while tokens > cap and j > i:
                    target = start + (work[j].end - start) * (cap / tokens) * 0.97
                    k = j - 1
                    while k > i and work[k].end > target:
                        k -= 1
                    j = k
                    tokens = ctx.measure(start, work[j].end, prefix, prefix_tokens)
            else:
                while j + 1 < n and tokens < cap * _GOOD_ENOUGH:
                    per_char = tokens / max(work[j].end - start, 1)
                    extra = (cap - tokens) * _TARGET / max(per_char, 1e-6)
                    base = work[j].end
                    k = j
                    while k + 1 < n and work[k + 1].end - base <= extra:
                        k += 1
                    if k == j:
                        break
                    more = ctx.measure(start, work[k].end, prefix, prefix_tokens)
                    if more > cap:
                        break
                    j, tokens = k, more
            if tokens <= cap and j + 1 < n:
                # A heading should not end a chunk when text follows it.
                last = j
                while last > i and work[last].heading:
                    last -= 1
                if last != j and not work[last].heading:
                    j = last
                    tokens = ctx.measure(start, work[j].end, prefix, prefix_tokens)
            end = work[j].end
            ctx.learn(tokens, end - start)
            if tokens <= cap and j + 1 < n and work[i].heading and _only_headings(work, i, j):
                # A heading should not end a chunk: carry it into what follows.
                following = work[j + 1]
                if isinstance(following, Section):
                    out.extend(self.expand(following, work[i : j + 1]))
                    previous = None
                    i = j + 2
                    continue
                if following.splittable:
                    work[j + 1 : j + 2] = split_unit(ctx.text, following)
                    continue
            oversized = False
            if tokens > cap:
                item = work[i]
                if isinstance(item, Section):
                    out.extend(self.expand(item, []))
                    previous = None
                    i += 1
                    continue
                if item.splittable:
                    work[i : i + 1] = split_unit(ctx.text, item)
                    continue
                if previous is not None and tokens <= limit:
                    previous = None  # fits without the overlap it would carry
                elif prefix and ctx.text_tokens(start, end) <= limit:
                    # One word that fits alone: drop the context rather than the limit.
                    prefix, tokens = "", ctx.text_tokens(start, end)
                    previous = None
                else:
                    oversized = tokens > limit
            item = work[i]
            own_path = item.path if i == j and isinstance(item, Section) else chunk_path
            piece = Piece(
                start,
                end,
                tokens,
                ctx.text_tokens(start, end),
                prefix,
                own_path,
                oversized,
            )
            if previous is not None and ctx.overlap and not oversized:
                piece = self._overlap(previous, piece, chunk_path)
            out.append(piece)
            previous = piece
            i = j + 1
        return out

    def _overlap(self, previous: Piece, piece: Piece, path: tuple[PathEntry, ...]) -> Piece:
        """Move ``piece``'s start back over up to ``overlap`` tokens of ``previous``.

        The new start is the earliest sentence start whose tail fits, else the
        earliest word start that does; the chunk keeps within ``max_tokens``.
        """
        ctx = self.ctx
        text = ctx.text
        window = int(ctx.overlap / ctx.ratio * 1.5) + 16
        low = max(previous.start, previous.end - window)
        # Never the previous chunk's own start: a chunk must not swallow its predecessor.
        starts = [p for p in word_starts(text, low, previous.end) if p > previous.start]
        lo, hi = 0, len(starts)
        while lo < hi:  # first start whose tail is within the overlap
            mid = (lo + hi) // 2
            if ctx.text_tokens(starts[mid], previous.end) <= ctx.overlap:
                hi = mid
            else:
                lo = mid + 1
        if lo == len(starts):
            return piece
        first = starts[lo]
        sentences = sentence_starts(text, max(first - 1, 0), previous.end)
        candidates = starts[lo:]
        sentence = next((p for p in sentences if p >= first), None)
        if sentence is not None:
            candidates = [sentence, *[p for p in candidates if p > sentence]]
        for new_start in candidates[:_MAX_OVERLAP_TRIES]:
            prefix, prefix_tokens = ctx.prefix(path, new_start)
            tokens = ctx.measure(new_start, piece.end, prefix, prefix_tokens)
            if tokens <= ctx.max_tokens:
                return piece._replace(
                    start=new_start,
                    tokens=tokens,
                    text_tokens=ctx.text_tokens(new_start, piece.end),
                    prefix=prefix,
                )
        return piece


def _only_headings(items: list[Item], i: int, j: int) -> bool:
    return all(items[k].heading for k in range(i, j + 1))
