"""Headings: whether a group of lines is one, and which level it gets.

A heading's level is decided here and only here. The outline (bookmarks) names
it when it has an entry for the text; otherwise the heading's own numbering
(``2.1.3 Scope`` is level 3); otherwise its font size, ranked among the sizes of
the headings actually found in the document (:func:`assign_levels`), so display
type on a cover does not push section headings down to level 5 or 6.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from ..._model import Block, Heading, Paragraph, Provenance
from ._classify import CAPTION_RE, FontStats, is_heading_size, style
from ._lines import Line

__all__ = [
    "HeadingDraft",
    "assign_levels",
    "demote_bylines",
    "is_contents_title",
    "looks_like_heading",
    "numbered_level",
]

_LETTER_RE: Final = re.compile(r"[^\W\d_]")
_PARENTHESISED: Final = re.compile(r"^\(.*\)$|^\[.*\]$")
_SECTION_RE: Final = re.compile(r"^(\d{1,3}(?:\.\d{1,3}){0,5})\.?\s+[^\W\d_]")
_CHAPTER_RE: Final = re.compile(r"^(?:chapter|part|appendix|kapitel|chapitre)\s+\w+\b", re.I)
_CHAPTER_LABEL_RE: Final = re.compile(
    r"^(?:chapter|part|appendix|kapitel|chapitre)\s+(?:\d{1,3}|[IVXLC]{1,6}|[A-Z])\.?$", re.I
)
"""A chapter label on a line of its own: ``CHAPTER 1.``, ``Part II``, ``Appendix B``."""
_CONTENTS_RE: Final = re.compile(
    r"^(?:table of contents|contents|inhalt|inhaltsverzeichnis|table des matières|"
    r"sommaire|índice|indice|contenido|contenidos|sumário|inhoud|inhoudsopgave)$",
    re.I,
)
_LITTLE_LARGER: Final = 1.15
"""Text in the body's font less than this much larger is a heading only when numbered."""
_CHAPTER_NUMBER_RE: Final = re.compile(r"^(?:\d{1,3}|[IVXLC]{1,6})$")
_CHAPTER_NUMBER: Final = 1.5
"""A bare number this many times the body size, on a line of its own, is a chapter number."""
_SAME_SIZE: Final = 0.9
"""Heading sizes closer than this (points) share a level."""
_LARGER: Final = 0.5
"""A heading this much larger (points) than the one before it outranks it."""


@dataclass(frozen=True, slots=True)
class HeadingDraft:
    """A heading whose level comes from its font size, known once every page is read.

    Attributes:
        text: The heading's text.
        size: Its largest font size.
        prov: Where it is.
    """

    text: str
    size: float
    prov: Provenance


def is_contents_title(text: str) -> bool:
    """Whether ``text`` is the title of a table of contents (``Contents``, ``Inhalt`` ...)."""
    return _CONTENTS_RE.match(" ".join(text.split()).rstrip(":")) is not None


def looks_like_heading(
    lines: Sequence[Line],
    text: str,
    stats: FontStats,
    prose: frozenset[tuple[str, float, bool]] = frozenset(),
) -> bool:
    """Whether a group of lines is a heading, from its font, length and shape.

    A line that reads "Contents" (or "Table of Contents" ...) on its own is one
    whatever its font, unless it is set smaller than the body.

    Args:
        lines: The group's lines.
        text: The group's joined text.
        stats: Document font statistics.
        prose: Styles the page sets paragraphs in (:func:`._classify.prose_styles`):
            lines in them are no heading, whatever their size.
    """
    size = max(line.size for line in lines)
    if len(lines) == 1 and is_contents_title(text) and text[:1].isupper():
        return size >= stats.body_size - 0.6
    if all(style(line) in prose for line in lines):
        return False
    if len(lines) == 1 and _CHAPTER_LABEL_RE.match(text) and text[:1].isupper():
        return size >= stats.body_size - 0.6  # set in any style over the chapter's title
    if len(lines) == 1 and _CHAPTER_NUMBER_RE.match(text):
        return size >= _CHAPTER_NUMBER * stats.body_size  # "2" in display type over a title
    if len(lines) > 3 or len(text) > 160 or not _LETTER_RE.search(text):
        return False
    if text.endswith((",", ";")) or CAPTION_RE.match(text) or _PARENTHESISED.match(text):
        return False
    first = _LETTER_RE.search(text)
    if first is not None and first.group(0).islower():
        return False  # headings start with a capital (in scripts that have case)
    if is_heading_size(size, stats.body_size):
        return len(text) > 1 and not _body_type_a_little_larger(lines, text, stats)
    emphasized = all(line.bold for line in lines) or (
        all(line.italic for line in lines) and not stats.body_italic
    )
    if not emphasized or stats.body_bold or size < stats.body_size - 0.6:
        return False
    if len(lines) > 2 or len(text) > 100 or text.endswith((".", ":")):
        return False
    return len(text.split()) <= 14


def _body_type_a_little_larger(lines: Sequence[Line], text: str, stats: FontStats) -> bool:
    """The body's own font, plain, under 15% larger: an author line or a lead-in, no heading.

    Such a line needs a number (``2.1 Scope``) to be a heading; in another
    font (a sans-serif heading over serif text) it is one by its size.
    """
    plain = not any(line.bold or line.italic for line in lines)
    same = all(line.font == stats.body_font for line in lines)
    small = max(line.size for line in lines) < _LITTLE_LARGER * stats.body_size
    return plain and same and small and numbered_level(text) is None


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


def heading(text: str, size: float, prov: Provenance) -> Heading | HeadingDraft:
    """A heading levelled by its numbering, or a draft to be levelled by its size."""
    level = numbered_level(text)
    if level is None:
        return HeadingDraft(text=text, size=size, prov=prov)
    return Heading(text=text, level=level, prov=prov)


def demote_bylines(
    blocks: Sequence[Block | HeadingDraft], body_size: float
) -> list[Block | HeadingDraft]:
    """Headings by emphasis alone that head nothing, turned back into paragraphs.

    An italic or bold line in the body's size that is followed directly by a
    larger heading has no section of its own: it is a byline, a kicker or a
    subtitle ("Staff of the Global Legal Research Directorate" between a title
    and "I. Introduction").
    """
    out = list(blocks)
    for i in range(len(out) - 2, -1, -1):
        here, after = out[i], out[i + 1]
        if (
            isinstance(here, HeadingDraft)
            and isinstance(after, HeadingDraft)
            and not is_heading_size(here.size, body_size)
            and after.size >= here.size + _LARGER
        ):
            out[i] = Paragraph(text=here.text, prov=here.prov)
    return out


def _ranks(sizes: Iterable[float]) -> list[float]:
    ranks: list[float] = []
    for size in sorted(set(sizes), reverse=True):
        if not ranks or ranks[-1] - size > _SAME_SIZE:
            ranks.append(size)
    return ranks


def assign_levels(items: Sequence[Block | HeadingDraft]) -> list[Block]:
    """Level the drafts by the font sizes the document's drafts use, largest first 1, 2, 3 ...

    Args:
        items: Every page's blocks and heading drafts, in document order.
    """
    ranks = _ranks(it.size for it in items if isinstance(it, HeadingDraft))
    out: list[Block] = []
    for item in items:
        if isinstance(item, HeadingDraft):
            level = next(i for i, r in enumerate(ranks) if item.size >= r - _SAME_SIZE) + 1
            item = Heading(text=item.text, level=min(level, 6), prov=item.prov)
        out.append(item)
    return out
