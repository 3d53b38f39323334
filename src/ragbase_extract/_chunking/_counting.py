"""Counting: the one place that knows how token counts of the text are found.

A :class:`Counter` lives for one ``chunk()`` call. It answers two questions,
the tokens in ``text[start:end]`` and in ``prefix + text[start:end]``, and
picks once, from the tokenizer's ``additive`` and ``joins_after_line_break``
(see :class:`~ragbase_extract.Tokenizer`), how to answer them:

* exact: each span is counted whole, every count memoized (a span or string
  asked for again costs a dict look-up), right for any counter;
* additive: each atom of the text (a small block, or a line or sentence of a
  larger one) is counted once up front, and a span's count is a difference of
  prefix sums corrected at its two ends (:class:`Segments`).

Both give the same numbers; packing and chunk building only ever see the
numbers. A running tokens-per-character ratio lets packing guess how far a
chunk reaches before it asks for a count.
"""

from __future__ import annotations

from collections.abc import Callable

from ._segments import Segments
from ._split import Unit
from ._tokenizers import Tokenizer

__all__ = ["Counter"]


class Counter:
    """Token counts of spans of ``text`` for one tokenizer, each found at most once.

    Args:
        text: The document's text.
        units: Its body blocks as units, in text order (atoms for the
            additive path are cut from them).
        tokenizer: What counts.
        max_tokens: The chunk limit: blocks small enough never to be split are
            kept whole as atoms.
    """

    def __init__(self, text: str, units: list[Unit], tokenizer: Tokenizer, max_tokens: int):
        self.text = text
        self._count = tokenizer.count
        self._strings: dict[str, int] = {}
        self._spans: dict[tuple[int, int], int] = {}
        self._prefixed: dict[tuple[int, int, str], int] = {}
        self.ratio = self._calibrate(max(1024, 8 * max_tokens))
        # Where a line break followed by one of these starts the text, prefix and
        # text counts do not add up: the whole is counted.
        self._joins = tokenizer.joins_after_line_break
        self._additive = tokenizer.additive is True
        self._segments: Segments | None = None
        if self._additive:
            # Blocks this short are never split: one atom each, no sentence scan.
            whole = int(max_tokens / (1.5 * self.ratio))
            self._segments = Segments(
                text, units, self.count, self._count_many(tokenizer), whole, self._joins
            )

    def _calibrate(self, size: int) -> float:
        """Tokens per character on a sample about as long as a chunk or two, to
        guess spans before counting them."""
        sample = self.text[:size]
        if not sample:
            return 0.25
        return max(self.count(sample), 1) / len(sample)

    @staticmethod
    def _count_many(tokenizer: Tokenizer) -> Callable[[list[str]], list[int]]:
        def count_many(texts: list[str]) -> list[int]:
            """Counts of many strings, each distinct string counted once."""
            found: dict[str, int] = dict.fromkeys(texts, 0)
            todo = list(found)
            found.update(zip(todo, tokenizer.count_many(todo), strict=True))
            return list(map(found.__getitem__, texts))

        return count_many

    def learn(self, tokens: int, chars: int) -> None:
        """Fold an exact count into the running tokens-per-character ratio."""
        if chars > 0 and tokens > 0:
            self.ratio = 0.7 * self.ratio + 0.3 * (tokens / chars)

    def count(self, text: str) -> int:
        """Tokens in any string, memoized."""
        found = self._strings.get(text)
        if found is None:
            found = self._strings[text] = self._count(text)
        return found

    def span(self, start: int, end: int) -> int:
        """Tokens in ``text[start:end]``."""
        key = (start, end)
        found = self._spans.get(key)
        if found is None:
            segments = self._segments
            found = segments.tokens(start, end) if segments is not None else None
            if found is None:
                found = self.count(self.text[start:end])
            self._spans[key] = found
        return found

    def over(
        self, start: int, end: int, prefix: str, prefix_tokens: int, cap: int, head: int
    ) -> bool:
        """Whether ``prefix + text[start:end]`` has more than ``cap`` tokens.

        Counted whole, a long span is first judged by its head, cut before a
        space about ``head`` characters in: when the head is over, so is the
        whole, and the rest is never counted. For an additive tokenizer that
        is a fact (the head's count and the rest's add up); for any other it
        is how counts grow with text, as semchunk assumes too; a span wrongly
        judged over is only split finer, never let through over the limit.
        On the additive path the whole costs nothing and is counted instead:
        by additivity the answer is the same.
        """
        if not self._additive and end - start > head:
            cut = _space_cut(self.text, start + head, end)
            if cut is not None and self.measure(start, cut, prefix, prefix_tokens) > cap:
                return True
        return self.measure(start, end, prefix, prefix_tokens) > cap

    def measure(self, start: int, end: int, prefix: str, prefix_tokens: int) -> int:
        """Tokens in ``prefix + text[start:end]``, ``prefix`` (ending with a line
        break) having ``prefix_tokens``: what a chunk's ``token_count`` will be."""
        if not prefix:
            return self.span(start, end)
        if self._additive and self.text[start] not in self._joins:
            return prefix_tokens + self.span(start, end)
        # Counted whole, the text alone is not counted: only a chunk's final
        # span needs that (its ``text_token_count``).
        key = (start, end, prefix)
        found = self._prefixed.get(key)
        if found is None:
            found = self._prefixed[key] = self._count(prefix + self.text[start:end])
        return found


def _space_cut(text: str, start: int, end: int) -> int | None:
    """The first place in ``[start, end)`` before a space that follows a non-space
    (a cut where additive counts add up), or ``None``."""
    cut = text.find(" ", start, end)
    while cut > 0:
        if not text[cut - 1].isspace():
            return cut
        cut = text.find(" ", cut + 1, end)
    return None
