"""Passes over a page's placed blocks: captions, list depths, paragraphs across columns."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Final, TypeAlias

from ..._model import Block, Figure, Heading, ListItem, Paragraph, Provenance
from ._classify import CAPTION_RE, join_lines
from ._headings import HeadingDraft, is_contents_title

__all__ = [
    "SENTENCE_END",
    "Placed",
    "attach_captions",
    "contents_entries",
    "initials",
    "join_paragraphs",
    "list_depths",
    "open_paragraph",
]

Placed: TypeAlias = Block | HeadingDraft
"""A page's output: blocks, and headings still waiting for their level."""
_LETTER_MARKER_RE: Final = re.compile(r"^([A-Z])[.)]$")
_MORE_NAMES_RE: Final = re.compile(r"(?:,|\band\b|&)\s*(?:[A-Z]\.\s?)+[A-Z][a-z]")
"""Another initialled name after a comma or "and": ``, N. Shazeer``, ``and J.-P. Doe``."""
SENTENCE_END: Final = (".", "!", "?", ":", ";", "。", "．", "؟", "۔")


def attach_captions(blocks: list[Placed]) -> list[Placed]:
    """Give figures the caption paragraph right after (or before) them."""
    out: list[Placed] = []
    skip: set[int] = set()
    for index, block in enumerate(blocks):
        if index in skip:
            continue
        if isinstance(block, Figure):
            for near in (index + 1, index - 1):
                if 0 <= near < len(blocks) and near not in skip:
                    cand = blocks[near]
                    if (
                        isinstance(cand, Paragraph)
                        and CAPTION_RE.match(cand.text)
                        and not cand.text.lower().startswith("table")
                    ):
                        block = block.model_copy(update={"text": cand.text, "caption": cand.text})
                        skip.add(near)
                        if near == index - 1 and out and out[-1] is cand:
                            out.pop()
                        break
        out.append(block)
    return out


def list_depths(blocks: list[Placed], rtl: bool) -> list[Placed]:
    """Nest list items by their indent (right edge on right-to-left pages).

    Indents compare within one column: an item wholly beside the previous one
    (a list going on in the next column) measures them afresh.
    """
    out: list[Placed] = []
    levels: list[float] = []
    previous: Placed | None = None
    for block in blocks:
        if not isinstance(block, ListItem) or block.prov.bbox is None:
            levels = []
            out.append(block)
            continue
        box = block.prov.bbox
        before = previous.prov.bbox if isinstance(previous, ListItem) else None
        if before is not None and (box.x1 <= before.x0 if rtl else box.x0 >= before.x1):
            levels = []
        previous = block
        x = -box.x1 if rtl else box.x0
        if not any(abs(x - level) <= 3 for level in levels):
            levels = sorted([*levels, x])
        depth = next(i for i, level in enumerate(levels) if abs(x - level) <= 3)
        out.append(block.model_copy(update={"depth": min(depth, 5)}) if depth else block)
    return out


def _continues(before: Paragraph, after: Paragraph) -> bool:
    """A paragraph broken at a column end: no sentence end, next starts lower case."""
    if not before.text or not after.text or before.text.endswith(SENTENCE_END):
        return False
    return after.text[0].islower()


def open_paragraph(blocks: Sequence[Placed], block: Paragraph) -> tuple[int, Paragraph] | None:
    """The paragraph (and its index) that ``block`` continues after a column break.

    Figures and their captions between the two (a picture at the foot of the
    column) are skipped over.
    """
    for index in range(len(blocks) - 1, -1, -1):
        prev = blocks[index]
        if isinstance(prev, Figure) or (
            isinstance(prev, Paragraph) and CAPTION_RE.match(prev.text)
        ):
            continue
        if isinstance(prev, Paragraph) and _continues(prev, block):
            return index, prev
        return None
    return None


def join_paragraphs(before: Paragraph, after: Paragraph, vocabulary: frozenset[str]) -> Paragraph:
    """One paragraph from two halves split by a column or page break."""
    a, b = before.prov.bbox, after.prov.bbox
    box = a.union(b) if a is not None and b is not None else a or b
    prov = Provenance(page=before.prov.page, bbox=box)
    return Paragraph(text=join_lines([before.text, after.text], vocabulary), prov=prov)


def contents_entries(blocks: list[Placed]) -> list[Placed]:
    """Headings after a "Contents" heading on its page are entries of the table of contents.

    A table of contents repeats the section titles, often in the headings'
    fonts; they are not sections of the contents page (nor is "Contents" their
    parent), so they stay paragraphs.
    """
    out: list[Placed] = []
    listing = False
    for block in blocks:
        if isinstance(block, Heading | HeadingDraft):
            if listing:
                block = Paragraph(text=block.text, prov=block.prov)
            else:
                listing = is_contents_title(block.text)
        out.append(block)
    return out


def initials(blocks: list[Placed]) -> list[Placed]:
    """Items "numbered" by a capital letter out of sequence are a name's initial: ``J. Smith``.

    A capital-letter label is an enumerator when its list starts at ``A`` (or
    at a Roman ``I``, ``V``, ``X``) or the page has the letter before it, and
    its text names no further initialled person (``A. Vaswani, N. Shazeer``);
    otherwise the line is text that begins with an initial.
    """
    out: list[Placed] = []
    seen: set[str] = set()
    for block in blocks:
        match = _LETTER_MARKER_RE.match(block.marker) if isinstance(block, ListItem) else None
        if isinstance(block, ListItem) and block.ordered and match is not None:
            letter = match.group(1)
            names = _MORE_NAMES_RE.search(block.text) is not None
            if not names and (letter in "AIVX" or chr(ord(letter) - 1) in seen):
                seen.add(letter)
            else:
                block = Paragraph(text=f"{block.marker} {block.text}", prov=block.prov)
        out.append(block)
    return out
