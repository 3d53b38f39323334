"""The document outline (bookmarks) as a source of headings and their levels."""

from __future__ import annotations

import re
import unicodedata
from collections import defaultdict
from typing import Any, Final

__all__ = ["Outline", "outline_key"]

_NON_WORD: Final = re.compile(r"[\W_]+")


def outline_key(text: str) -> str:
    """Compare-key for outline titles and lines: NFKC, lower case, letters and digits only."""
    return _NON_WORD.sub("", unicodedata.normalize("NFKC", text).lower())


class Outline:
    """Outline entries by page, each usable once.

    Args:
        toc: ``doc.get_toc()`` output: ``[level, title, page]`` rows.
    """

    def __init__(self, toc: list[list[Any]]) -> None:
        self._by_page: dict[int, list[tuple[int, str]]] = defaultdict(list)
        for row in toc:
            if len(row) < 3:
                continue
            level, title, page = row[0], row[1], row[2]
            key = outline_key(str(title))
            if isinstance(level, int) and isinstance(page, int) and page >= 1 and len(key) >= 2:
                self._by_page[page].append((max(1, min(level, 6)), key))

    def __bool__(self) -> bool:
        return bool(self._by_page)

    def match(self, page: int, text: str) -> int | None:
        """The outline level of ``text`` on ``page`` if an entry names it, else ``None``.

        A match consumes the entry. Titles match when the compare-keys are equal,
        or when one starts with the other and covers at least 80% of it (titles
        shortened in the outline, or headings broken over several blocks).
        """
        key = outline_key(text)
        if len(key) < 2:
            return None
        entries = self._by_page.get(page)
        if not entries:
            return None
        for index, (level, title) in enumerate(entries):
            short, long_ = sorted((key, title), key=len)
            if key == title or (long_.startswith(short) and len(short) >= 0.8 * len(long_)):
                del entries[index]
                return level
        return None
