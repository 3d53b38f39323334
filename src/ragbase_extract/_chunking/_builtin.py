"""Simple counters with no dependency: words and characters."""

from __future__ import annotations

import re

__all__ = ["CharTokenizer", "WordTokenizer"]

_WORDS = re.compile(r"\w+|[^\w\s]")


class WordTokenizer:
    """Counts words and punctuation marks: a quick approximation, not a bound.

    Each run of word characters and each other non-space character counts as one
    token. On English prose this lands about 15% below the count of OpenAI's
    ``cl100k_base``, and far below it for other scripts (a Korean or Arabic
    text can have four to five times as many real tokens), so chunks sized by
    it can be longer than an embedding model takes. The default,
    :class:`BpeEstimateTokenizer`, does not have that problem.

    Example:
        >>> WordTokenizer().count("Hello, world!")
        4

    .. versionadded:: 0.1
    """

    name = "words"
    additive = True
    joins_after_line_break = ""

    def count(self, text: str) -> int:
        """Return the number of words and punctuation marks in ``text``."""
        return _WORDS.subn("", text)[1]

    def count_many(self, texts: list[str]) -> list[int]:
        """Counts of several strings at once (same as :meth:`count` on each)."""
        subn = _WORDS.subn
        return [subn("", text)[1] for text in texts]

    def __repr__(self) -> str:
        return "WordTokenizer()"


class CharTokenizer:
    """Counts characters (Unicode code points): for character-limited stores.

    Example:
        >>> CharTokenizer().count("Hello")
        5

    .. versionadded:: 0.1
    """

    name = "chars"
    additive = True
    joins_after_line_break = ""

    def count(self, text: str) -> int:
        """Return ``len(text)``."""
        return len(text)

    def count_many(self, texts: list[str]) -> list[int]:
        """Counts of several strings at once (same as :meth:`count` on each)."""
        return [len(text) for text in texts]

    def __repr__(self) -> str:
        return "CharTokenizer()"
