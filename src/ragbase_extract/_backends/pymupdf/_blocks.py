"""Turning one page's lines and regions into typed blocks in reading order."""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Final, TypeAlias

from ..._model import (
    Block,
    Code,
    Figure,
    Formula,
    Furniture,
    Heading,
    ListItem,
    Paragraph,
    Provenance,
    check_box_item,
)
from ._assemble import (
    SENTENCE_END,
    Placed,
    attach_captions,
    contents_entries,
    initials,
    join_paragraphs,
    list_depths,
    open_paragraph,
)
from ._classify import CAPTION_RE, FontStats, join_lines, list_marker, prose_styles
from ._geometry import contains_centre, make_bbox
from ._headings import demote_bylines, heading, looks_like_heading
from ._layout import reading_order
from ._lines import FurnitureRole, Line
from ._outline import Outline
from ._page import FigureRegion, PageData
from ._tables import TableRegion
from ._texttables import page_text_tables, text_tables

__all__ = ["DocumentFacts", "page_blocks"]

Item: TypeAlias = Line | TableRegion | FigureRegion
_MATH_SIGNS: Final = re.compile(r"[=<>≤≥≈≠≡∝±∓×÷∑∏∫∮√∞∂∇→⇒⇔∈∉⊂⊆∪∩^]")


@dataclass(frozen=True, slots=True)
class DocumentFacts:
    """Document-wide facts every page's classification needs.

    Attributes:
        stats: Font statistics.
        vocabulary: Hyphenated words spelled within lines (for dehyphenation).
        outline: The document outline; a matcher whose entries are each used
            once, as headings are matched page by page.
        reflowable: The format is laid out by MuPDF (EPUB, FB2, MOBI ...), whose
            text blocks are the source's paragraphs.
    """

    stats: FontStats
    vocabulary: frozenset[str]
    outline: Outline
    reflowable: bool = False


def _prov(page: int, x0: float, y0: float, x1: float, y1: float) -> Provenance:
    return Provenance(page=page, bbox=make_bbox(x0, y0, x1, y1))


def _lines_prov(page: int, lines: Sequence[Line]) -> Provenance:
    return _prov(
        page,
        min(ln.x0 for ln in lines),
        min(ln.y0 for ln in lines),
        max(ln.x1 for ln in lines),
        max(ln.y1 for ln in lines),
    )


def _typical_gap(segments: Sequence[Sequence[Item]]) -> float:
    gaps: list[float] = []
    for segment in segments:
        for prev, line in itertools.pairwise(segment):
            if isinstance(prev, Line) and isinstance(line, Line):
                gap = line.y0 - prev.y1
                if -0.5 * line.size < gap < 2 * line.size:
                    gaps.append(gap)
    return statistics.median(gaps) if gaps else 1.0


@dataclass(slots=True)
class _Frame:
    left: float
    right: float
    gap: float
    rtl: bool
    reflowable: bool = False
    prose: frozenset[tuple[str, float, bool]] = frozenset()


def _is_short(prev: Line, frame: _Frame) -> bool:
    slack = max(0.15 * (frame.right - frame.left), 3 * prev.size)
    if frame.rtl:
        return prev.x0 > frame.left + slack
    return prev.x1 < frame.right - slack


def _breaks(group: Sequence[Line], line: Line, frame: _Frame) -> bool:
    prev = group[-1]
    if abs(line.size - prev.size) > 0.6 or line.mono != prev.mono:
        return True
    if list_marker(line.text) is not None:
        return True
    gap = line.y0 - prev.y1
    if gap > frame.gap + 0.45 * max(line.size, prev.size) or line.y1 < prev.y0:
        return True
    if line.mono and prev.mono:
        return False  # code keeps its lines together, indented or not
    if _value_of(prev, line, frame):
        return False  # "Name:   Jane Smith": a form's label and its value read as one
    if line.x0 > prev.x1 or line.x1 < prev.x0:
        return True
    if frame.reflowable and line.block != prev.block:
        return True  # EPUB, FB2, MOBI: MuPDF lays out one block per paragraph
    is_list = list_marker(group[0].text) is not None
    if (prev.bold, prev.italic) != (line.bold, line.italic) and (
        not is_list or _numbered_title(group, frame)
    ):
        # A bold run-in head ("Ablation. From ...") goes on in the plain text below.
        return not (prev.bold and prev.plain_end and not line.bold)
    return _ends_paragraph(group, line, frame, is_list)


def _value_of(label: Line, line: Line, frame: _Frame) -> bool:
    """``line`` is the value written on the row of ``label``, a field name ending in a colon."""
    if not label.text.endswith(":") or (line.x1 > label.x0 if frame.rtl else line.x0 < label.x1):
        return False
    overlap = min(label.y1, line.y1) - max(label.y0, line.y0)
    return overlap > 0.5 * min(label.height, line.height)


def _ends_paragraph(group: Sequence[Line], line: Line, frame: _Frame, is_list: bool) -> bool:
    """Whether ``line`` starts a new paragraph of the same style (indent, short line before)."""
    prev = group[-1]
    if not is_list and _indented(prev, line, frame):
        return True
    return prev.text.endswith(SENTENCE_END) and _is_short(prev, frame)


def _numbered_title(group: Sequence[Line], frame: _Frame) -> bool:
    """A lone short bold line opening with a number (``1. Shipping ...``): a title, not an item.

    Its style differs from the next line's, as a list item's wrapped lines do not.
    """
    return len(group) == 1 and group[0].bold and _is_short(group[0], frame)


def _indented(prev: Line, line: Line, frame: _Frame) -> bool:
    """A first-line indent: the line starts in by about 1-4 em, the one before did not."""
    if frame.rtl:
        inset, before = frame.right - line.x1, frame.right - prev.x1
    else:
        inset, before = line.x0 - frame.left, prev.x0 - frame.left
    return before <= 0.3 * line.size and 0.8 * line.size <= inset <= 4 * line.size


@dataclass(frozen=True, slots=True)
class _Group:
    """Lines that read as one block; ``crowded``: some share their row with another item."""

    lines: tuple[Line, ...]
    crowded: bool


def _groups(segment: Sequence[Item], frame: _Frame) -> Iterator[Item | _Group]:
    crowded = _crowded(segment)
    current: list[Line] = []
    tight = False
    for index, item in enumerate(segment):
        if not isinstance(item, Line) or not item.horizontal:
            if current:
                yield _Group(tuple(current), tight)
                current, tight = [], False
            yield item
            continue
        if current and _breaks(current, item, frame):
            yield _Group(tuple(current), tight)
            current, tight = [], False
        current.append(item)
        tight = tight or index in crowded
    if current:
        yield _Group(tuple(current), tight)


def _code(number: int, lines: Sequence[Line]) -> Code:
    left = min(ln.x0 for ln in lines)
    rows = [" " * max(0, round((ln.x0 - left) / (0.6 * ln.size))) + ln.text for ln in lines]
    return Code(text="\n".join(rows), prov=_lines_prov(number, lines))


def _crowded(segment: Sequence[Item]) -> set[int]:
    """Positions of items sharing their visual row with another item (table-like rows)."""
    order = sorted(range(len(segment)), key=lambda i: segment[i].y0)
    crowded: set[int] = set()
    for rank, i in enumerate(order):
        item = segment[i]
        for j in order[rank + 1 :]:
            other = segment[j]
            if other.y0 >= item.y1:
                break
            overlap = min(item.y1, other.y1) - other.y0
            if overlap > 0.5 * min(item.y1 - item.y0, other.y1 - other.y0):
                crowded.update((i, j))
    return crowded


def _is_formula(lines: Sequence[Line], text: str, frame: _Frame) -> bool:
    """A displayed formula: short lines set (partly) in math fonts, narrower than the column."""
    if len(lines) > 3 or len(text.split()) > 16 or not any(ln.math for ln in lines):
        return False
    if not _MATH_SIGNS.search(text):
        return False
    width = max(ln.x1 for ln in lines) - min(ln.x0 for ln in lines)
    return width < 0.75 * (frame.right - frame.left)


def _classify(number: int, group: _Group, ctx: DocumentFacts, frame: _Frame) -> Placed:
    lines = group.lines
    texts = [ln.text for ln in lines]
    prov = _lines_prov(number, lines)
    if all(ln.mono for ln in lines):
        return _code(number, lines)
    heading_text = " ".join(texts)
    if _is_formula(lines, heading_text, frame):
        return Formula(text="\n".join(texts), prov=prov)
    if len(lines) <= 3 and len(heading_text) <= 200:
        level = ctx.outline.match(number, heading_text) if ctx.outline else None
        if level is not None:
            return Heading(text=heading_text, level=level, prov=prov)
    marker = list_marker(texts[0])
    if (
        not group.crowded
        and looks_like_heading(lines, heading_text, ctx.stats, frame.prose)
        and (marker is None or marker[1])
    ):
        return heading(heading_text, max(ln.size for ln in lines), prov)
    if marker is not None:
        symbol, ordered, rest = marker
        text = join_lines([rest, *texts[1:]], ctx.vocabulary)
        if symbol in ("- [ ]", "- [x]"):
            return check_box_item(text, checked=symbol == "- [x]", prov=prov)
        return ListItem(text=text, marker=symbol, ordered=ordered, prov=prov)
    return Paragraph(text=join_lines(texts, ctx.vocabulary), prov=prov)


def _region_block(number: int, item: TableRegion | FigureRegion) -> Block:
    if isinstance(item, TableRegion):
        return item.table
    return Figure(prov=_prov(number, item.x0, item.y0, item.x1, item.y1))


def _furniture(number: int, line: Line, role: FurnitureRole) -> Furniture:
    return Furniture(text=line.text, role=role, prov=_lines_prov(number, [line]))


def _figure_label(line: Line, figures: Sequence[FigureRegion], stats: FontStats) -> bool:
    """Small print inside a picture (callouts, axis labels) is part of the picture."""
    if line.size > stats.body_size - 0.5 or CAPTION_RE.match(line.text):
        return False
    return any(contains_centre((f.x0, f.y0, f.x1, f.y1), *line.bbox) for f in figures)


def _split_furniture(
    page: PageData, ctx: DocumentFacts
) -> tuple[list[Block], list[Block], list[Line]]:
    """Headers, footers (and page numbers), and the body lines of a page."""
    top: list[Block] = []
    bottom: list[Block] = []
    body: list[Line] = []
    for line in page.lines:
        if line.role is None:
            if not _figure_label(line, page.figures, ctx.stats):
                body.append(line)
        elif line.role == "header":
            top.append(_furniture(page.number, line, line.role))
        else:
            bottom.append(_furniture(page.number, line, line.role))
    return top, bottom, body


def _segment_blocks(
    segment: Sequence[Item], frame: _Frame, number: int, ctx: DocumentFacts, out: list[Placed]
) -> None:
    """Append one segment's blocks; its first paragraph may continue the previous column."""
    first = True
    for group in _groups(segment, frame):
        block: Placed
        if isinstance(group, _Group):
            block = _classify(number, group, ctx, frame)
        elif isinstance(group, Line):
            block = Paragraph(text=group.text, prov=_lines_prov(number, [group]))
        else:
            block = _region_block(number, group)
        found = open_paragraph(out, block) if first and isinstance(block, Paragraph) else None
        first = False
        if found is not None and isinstance(block, Paragraph):
            at, before = found
            out[at] = join_paragraphs(before, block, ctx.vocabulary)
        else:
            out.append(block)


def page_blocks(page: PageData, ctx: DocumentFacts) -> list[Placed]:
    """The page's blocks in reading order: headers, body, then footers.

    Headings levelled by font size come as :class:`HeadingDraft` records, levelled
    by :func:`._headings.assign_levels` once every page is read.

    Args:
        page: The page's lines and regions.
        ctx: Document-wide facts.
    """
    top, bottom, body = _split_furniture(page, ctx)
    rtl = sum(len(ln.text) for ln in body if ln.rtl) * 2 > sum(len(ln.text) for ln in body)
    body, found = page_text_tables(body, page.number, page.charts)
    items: list[Item] = [*body, *page.tables, *found, *page.figures]
    segments: list[list[Item]] = [
        text_tables(segment, page.number, page.charts)
        for segment in reading_order(items, page.gutters, rtl=rtl)
    ]
    typical = _typical_gap(segments)
    prose = prose_styles(body)
    blocks: list[Placed] = []
    for segment in segments:
        frame = _Frame(
            left=min(it.x0 for it in segment),
            right=max(it.x1 for it in segment),
            gap=typical,
            rtl=rtl,
            reflowable=ctx.reflowable,
            prose=prose,
        )
        _segment_blocks(segment, frame, page.number, ctx, blocks)
    blocks = contents_entries(list_depths(initials(attach_captions(blocks)), rtl))
    blocks = demote_bylines(blocks, ctx.stats.body_size)
    return [*sorted(top, key=_y), *blocks, *sorted(bottom, key=_y)]


def _y(block: Block) -> tuple[float, float]:
    bbox = block.prov.bbox
    return (bbox.y0, bbox.x0) if bbox else (0.0, 0.0)
