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
_HEAD = 1.5  # an item longer than this many guesses is first judged by its head


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
        work: list[Item] = list(items)
        out: list[Piece] = []
        previous: Piece | None = None
        i = 0
        while i < len(work):
            start = work[i].start
            chunk_path = path(start) if callable(path) else path
            prefix, prefix_tokens = ctx.prefix(chunk_path, start)
            cap = ctx.max_tokens - (ctx.overlap if previous is not None else 0)
            j, tokens = self._reach(work, i, cap, prefix, prefix_tokens)
            go_on = self._open(work, i, j, tokens, cap, out)
            if go_on is not None:  # split or expanded: pack from there
                previous = previous if go_on == i else None
                i = go_on
                continue
            ctx.counter.learn(tokens, work[j].end - start)
            oversized = False
            if tokens > cap:  # one word over the cap: what to give up for it
                prefix, tokens, keep, oversized = self._fit_word(start, work[j].end, prefix, tokens)
                previous = previous if keep else None
            item = work[i]
            own_path = item.path if i == j and isinstance(item, Section) else chunk_path
            end = work[j].end
            text_tokens = ctx.counter.span(start, end)
            piece = Piece(start, end, tokens, text_tokens, prefix, own_path, oversized)
            if previous is not None and ctx.overlap and not oversized:
                piece = self._overlap(previous, piece, chunk_path)
            out.append(piece)
            previous = piece
            i = j + 1
        return out

    def _reach(
        self, work: list[Item], i: int, cap: int, prefix: str, prefix_tokens: int
    ) -> tuple[int, int]:
        """The last item ``j`` of the chunk starting with item ``i``, and its tokens.

        Guessed from the ratio and counted once, then shrunk when over ``cap`` or
        grown when well under; a heading is not left at the end when text follows.
        An item that can be opened and is far longer than the guess is judged
        by its head (:meth:`~._counting.Counter.over`): when that is over,
        ``(i, cap + 1)`` is returned without counting the item whole.
        """
        counter = self.ctx.counter
        start = work[i].start

        def measure(k: int) -> int:
            return counter.measure(start, work[k].end, prefix, prefix_tokens)

        room = (cap - prefix_tokens) * _TARGET / counter.ratio
        j = _last_within(work, i, start + room)
        item = work[i]
        openable = isinstance(item, Section) or item.splittable
        if (
            j == i
            and room > 0
            and openable
            and counter.over(start, item.end, prefix, prefix_tokens, cap, int(room * _HEAD))
        ):
            return i, cap + 1
        tokens = measure(j)
        first_fits = tokens <= cap
        while tokens > cap and j > i:  # shrink in proportion to the excess
            target = start + (work[j].end - start) * (cap / tokens) * 0.97
            j = max(i, min(j - 1, _last_within(work, i, target)))
            tokens = measure(j)
        while first_fits and tokens < cap * _GOOD_ENOUGH and j + 1 < len(work):  # grow
            per_char = max(tokens / max(work[j].end - start, 1), 1e-6)
            k = _last_within(work, j, work[j].end + (cap - tokens) * _TARGET / per_char)
            more = measure(k) if k > j else cap + 1
            if more > cap:
                break
            j, tokens = k, more
        if tokens <= cap and j + 1 < len(work):
            # A heading should not end a chunk when text follows it.
            last = j
            while last > i and work[last].heading:
                last -= 1
            if last != j and not work[last].heading:
                j, tokens = last, measure(last)
        return j, tokens

    def _open(
        self, work: list[Item], i: int, j: int, tokens: int, cap: int, out: list[Piece]
    ) -> int | None:
        """Split or expand what cannot be a chunk as it is; where to pack on, or ``None``.

        A chunk of headings only is carried into the item after it; an item over
        the cap alone is split one level finer (a section into its own items).
        Pieces from an expanded section go to ``out``.
        """
        text = self.ctx.text
        if tokens <= cap and j + 1 < len(work) and _only_headings(work, i, j):
            following = work[j + 1]
            if isinstance(following, Section):
                out.extend(self.expand(following, work[i : j + 1]))
                return j + 2
            if following.splittable:
                work[j + 1 : j + 2] = split_unit(text, following)
                return i
        if tokens > cap:
            item = work[i]
            if isinstance(item, Section):
                out.extend(self.expand(item, []))
                return i + 1
            if item.splittable:
                work[i : i + 1] = split_unit(text, item)
                return i
        return None

    def _fit_word(
        self, start: int, end: int, prefix: str, tokens: int
    ) -> tuple[str, int, bool, bool]:
        """For a single word over the cap: ``(prefix, tokens, keep_previous, oversized)``.

        It goes without the overlap if that makes it fit, else without its context
        prefix, else it is let through as ``oversized``.
        """
        ctx = self.ctx
        if tokens <= ctx.max_tokens:
            return prefix, tokens, False, False  # fits without the overlap it would carry
        text_tokens = ctx.counter.span(start, end)
        if prefix and text_tokens <= ctx.max_tokens:
            return "", text_tokens, False, False  # drop the context rather than the limit
        return prefix, tokens, True, tokens > ctx.max_tokens

    def _overlap(self, previous: Piece, piece: Piece, path: tuple[PathEntry, ...]) -> Piece:
        """Move ``piece``'s start back over up to ``overlap`` tokens of ``previous``.

        The new start is the earliest sentence start whose tail fits, else the
        earliest word start that does; the chunk keeps within ``max_tokens``.
        """
        ctx = self.ctx
        text = ctx.text
        window = int(ctx.overlap / ctx.counter.ratio * 1.5) + 16
        low = max(previous.start, previous.end - window)
        # Never the previous chunk's own start: a chunk must not swallow its predecessor.
        starts = [p for p in word_starts(text, low, previous.end) if p > previous.start]
        lo, hi = 0, len(starts)
        while lo < hi:  # first start whose tail is within the overlap
            mid = (lo + hi) // 2
            if ctx.counter.span(starts[mid], previous.end) <= ctx.overlap:
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
            tokens = ctx.counter.measure(new_start, piece.end, prefix, prefix_tokens)
            if tokens <= ctx.max_tokens:
                return piece._replace(
                    start=new_start,
                    tokens=tokens,
                    text_tokens=ctx.counter.span(new_start, piece.end),
                    prefix=prefix,
                )
        return piece


def _only_headings(items: list[Item], i: int, j: int) -> bool:
    return all(items[k].heading for k in range(i, j + 1))


def _last_within(work: list[Item], j: int, limit: float) -> int:
    """The last item from ``j`` on that ends at or before ``limit`` (at least ``j``)."""
    while j + 1 < len(work) and work[j + 1].end <= limit:
        j += 1
    return j
