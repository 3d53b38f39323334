"""Classifying groups of lines: headings, list items, code, captions, paragraphs.

Font statistics come from the whole document: the body size is the most common
font size by character count; lines clearly larger than it, or bold lines at
body size when the body is not bold, are heading candidates, and the distinct
heading sizes, largest first, become levels 1, 2, 3 ...
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from ._lines import Line

__all__ = [
    "CAPTION_RE",
    "FontStats",
    "join_lines",
    "list_marker",
    "looks_like_heading",
    "numbered_level",
]

_BULLETS: Final = "•◦▪▫■□●○‣⁃∙·◆◇►▶➢➤✓✔❖–—-*+"
# Private-use code points: bullets drawn from symbol fonts (Wingdings, Symbol).
_BULLET_RE: Final = re.compile(
    rf"^([{re.escape(_BULLETS)}\ue000-\uf8ff☐☑☒❏❑])(?:\s+|(?=[^\W\d_]))(?=\S)"
)
_ORDERED_RE: Final = re.compile(
    r"^(\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})[.)]|\((?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})\))\s+(?=\S)"
)
CAPTION_RE: Final = re.compile(r"^(?:Figure|Fig\.|Table|Listing|Chart|Exhibit)\s*[A-Z]?\d", re.I)
"""A caption's opening words: ``Figure 3``, ``Fig. 2``, ``Table 1-2`` ..."""
_CJK_RE: Final = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD_END_RE: Final = re.compile(r"(\S+)-$")
_LETTER_RE: Final = re.compile(r"[^\W\d_]")
_PARENTHESISED: Final = re.compile(r"^\(.*\)$|^\[.*\]$")


def list_marker(text: str) -> tuple[str, bool, str] | None:
    """Split a list marker off ``text``.

    Args:
        text: A line's text.

    Returns:
        ``(marker, ordered, rest)`` or ``None`` when the line starts no list item.
    """
    match = _BULLET_RE.match(text)
    if match:
        rest = text[match.end() :].strip()
        if match.group(1) in "-–—*+" and not match.group(0).endswith(" "):
            return None  # "-5 dB", "*emphasis": no space after the dash, not a bullet
        return (match.group(1), False, rest) if rest else None
    match = _ORDERED_RE.match(text)
    if match:
        rest = text[match.end() :].strip()
        if rest:
            return (match.group(1), True, rest)
    return None


@dataclass(frozen=True, slots=True)
class FontStats:
    """Document-wide font statistics.

    Attributes:
        body_size: The most common font size, weighted by characters.
        body_bold: The body text is set in bold.
        body_italic: The body text is set in italics.
        heading_sizes: Distinct heading font sizes, largest first (level order).
    """

    body_size: float
    body_bold: bool
    heading_sizes: tuple[float, ...]
    body_italic: bool = False

    @classmethod
    def from_lines(cls, lines: Iterable[Line]) -> FontStats:
        """Compute the statistics from every horizontal line of the document."""
        sizes: Counter[float] = Counter()
        bold: Counter[bool] = Counter()
        italic: Counter[bool] = Counter()
        for line in lines:
            if line.horizontal:
                sizes[line.size] += len(line.text)
                bold[line.bold] += len(line.text)
                italic[line.italic] += len(line.text)
        if not sizes:
            return cls(body_size=10.0, body_bold=False, heading_sizes=())
        body = sizes.most_common(1)[0][0]
        body_bold = bold[True] > bold[False]
        candidates = sorted(
            (s for s, n in sizes.items() if _is_heading_size(s, body)), reverse=True
        )
        levels: list[float] = []
        for size in candidates:
            if not levels or levels[-1] - size > 0.9:
                levels.append(size)
        return cls(
            body_size=body,
            body_bold=body_bold,
            heading_sizes=tuple(levels),
            body_italic=italic[True] > italic[False],
        )

    def level_for(self, size: float) -> int:
        """The heading level (1-6) of a heading set in ``size`` points."""
        for index, level_size in enumerate(self.heading_sizes):
            if size >= level_size - 0.9:
                return min(index + 1, 6)
        return min(len(self.heading_sizes) + 1, 6)


def _is_heading_size(size: float, body: float) -> bool:
    return size >= body + 0.9 and size >= body * 1.08


def looks_like_heading(lines: Sequence[Line], text: str, stats: FontStats) -> bool:
    """Whether a group of lines is a heading, from its font, length and shape.

    Args:
        lines: The group's lines.
        text: The group's joined text.
        stats: Document font statistics.
    """
    if len(lines) > 3 or len(text) > 160 or not _LETTER_RE.search(text):
        return False
    if text.endswith((",", ";")) or CAPTION_RE.match(text) or _PARENTHESISED.match(text):
        return False
    first = _LETTER_RE.search(text)
    if first is not None and first.group(0).islower():
        return False  # headings start with a capital (in scripts that have case)
    size = max(line.size for line in lines)
    if _is_heading_size(size, stats.body_size):
        return len(text) > 1
    emphasized = all(line.bold for line in lines) or (
        all(line.italic for line in lines) and not stats.body_italic
    )
    if not emphasized or stats.body_bold or size < stats.body_size - 0.6:
        return False
    if len(lines) > 2 or len(text) > 100 or text.endswith((".", ":")):
        return False
    return len(text.split()) <= 14


_SECTION_RE: Final = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,5})\.?\s+[^\W\d_]")
_CHAPTER_RE: Final = re.compile(r"^(?:chapter|part|appendix|kapitel|chapitre)\s+\w+\b", re.I)


def numbered_level(text: str) -> int | None:
    """The level a heading's own numbering states: ``2.1.3 Scope`` is level 3.

    ``Chapter 4``, ``Part II`` and ``Appendix A`` are level 1; unnumbered
    headings give ``None`` (their level then comes from font size).
    """
    if _CHAPTER_RE.match(text):
        return 1
    match = _SECTION_RE.match(text)
    if match is None:
        return None
    return min(match.group(1).count(".") + 1, 6)


def _ends_cjk(text: str) -> bool:
    return bool(text) and _CJK_RE.match(text[-1]) is not None


def join_lines(texts: Sequence[str], vocabulary: frozenset[str] = frozenset()) -> str:
    """Join a paragraph's lines, repairing words hyphenated at line ends.

    ``infor-`` + ``mation`` gives ``information``; a hyphen is kept when the word
    before it already holds one (``state-of-the-`` + ``art``), when the next line
    starts with a capital or a digit, or when the document spells the hyphenated
    form elsewhere (``vocabulary``). Lines of CJK text join without a space.

    Args:
        texts: The lines' texts, in order.
        vocabulary: Lower-case hyphenated words seen within lines of the document.
    """
    if not texts:
        return ""
    out = texts[0].strip()
    for raw in texts[1:]:
        text = raw.strip()
        if not text:
            continue
        if out.endswith("\u00ad"):
            out = out[:-1] + text
        elif out.endswith("-") and len(out) > 1 and out[-2].isalpha():
            out = _join_hyphen(out, text, vocabulary)
        elif _ends_cjk(out) and _CJK_RE.match(text[0]):
            out += text
        else:
            out += " " + text
    return out


def _join_hyphen(out: str, text: str, vocabulary: frozenset[str]) -> str:
    head = _WORD_END_RE.search(out)
    stem = head.group(1) if head else ""
    tail = text.split(" ", 1)[0]
    keep = (
        "-" in stem
        or not text[0].islower()
        or f"{stem}-{tail}".lower().strip(".,;:!?)") in vocabulary
    )
    return out + text if keep else out[:-1] + text
