"""Turning one page's lines and regions into typed blocks in reading order."""

from __future__ import annotations

import itertools
import re
import statistics
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
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
)
from ._classify import (
    CAPTION_RE,
    FontStats,
    join_lines,
    list_marker,
    looks_like_heading,
    numbered_level,
)
from ._furniture import FurnitureRole
from ._geometry import contains_centre, make_bbox
from ._layout import reading_order
from ._lines import Line
from ._outline import Outline
from ._page import FigureRegion, PageData
from ._tables import TableRegion
from ._texttables import text_tables

__all__ = ["PageContext", "page_blocks", "relevel_headings"]

Item: TypeAlias = Line | TableRegion | FigureRegion
_MATH_SIGNS: Final = re.compile(r"[=<>≤≥≈≠≡∝±∓×÷∑∏∫∮√∞∂∇→⇒⇔∈∉⊂⊆∪∩^]")
_SENTENCE_END: Final = (".", "!", "?", ":", ";", "。", "．", "؟", "۔")


@dataclass(slots=True)
class PageContext:
    """Document-wide facts every page's classification needs.

    Attributes:
        stats: Font statistics.
        roles: Furniture roles by ``id(line)``.
        vocabulary: Hyphenated words spelled within lines (for dehyphenation).
        outline: The document outline, consumed as headings are matched.
        reflowable: The format is laid out by MuPDF (EPUB, FB2, MOBI ...), whose
            text blocks are the source's paragraphs.
        font_headings: Font size by ``id(heading)`` of headings levelled by font
            size, renumbered by :func:`relevel_headings` once all pages are read.
    """

    stats: FontStats
    roles: dict[int, FurnitureRole]
    vocabulary: frozenset[str]
    outline: Outline
    reflowable: bool = False
    font_headings: dict[int, float] = field(default_factory=dict)


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
    if line.x0 > prev.x1 or line.x1 < prev.x0:
        return True
    if frame.reflowable and line.block != prev.block:
        return True  # EPUB, FB2, MOBI: MuPDF lays out one block per paragraph
    is_list = list_marker(group[0].text) is not None
    if (prev.bold, prev.italic) != (line.bold, line.italic) and not is_list:
        return True
    if not is_list and _indented(prev, line, frame):
        return True
    return prev.text.endswith(_SENTENCE_END) and _is_short(prev, frame)


def _indented(prev: Line, line: Line, frame: _Frame) -> bool:
    """A first-line indent: the line starts in by about 1-4 em, the one before did not."""
    if frame.rtl:
        inset, before = frame.right - line.x1, frame.right - prev.x1
    else:
        inset, before = line.x0 - frame.left, prev.x0 - frame.left
    return before <= 0.3 * line.size and 0.8 * line.size <= inset <= 4 * line.size


def _groups(segment: Sequence[Item], frame: _Frame) -> Iterator[Item | list[Line]]:
    current: list[Line] = []
    for item in segment:
        if not isinstance(item, Line) or not item.horizontal:
            if current:
                yield current
                current = []
            yield item
            continue
        if current and _breaks(current, item, frame):
            yield current
            current = []
        current.append(item)
    if current:
        yield current


def _code(number: int, lines: Sequence[Line]) -> Code:
    left = min(ln.x0 for ln in lines)
    rows = [" " * max(0, round((ln.x0 - left) / (0.6 * ln.size))) + ln.text for ln in lines]
    return Code(text="\n".join(rows), prov=_lines_prov(number, lines))


def _crowded(segment: Sequence[Item]) -> set[int]:
    """Ids of lines sharing their visual row with another item (table-like rows)."""
    ordered = sorted(segment, key=lambda it: it.y0)
    crowded: set[int] = set()
    for i, item in enumerate(ordered):
        for other in ordered[i + 1 :]:
            if other.y0 >= item.y1:
                break
            overlap = min(item.y1, other.y1) - other.y0
            if overlap > 0.5 * min(item.y1 - item.y0, other.y1 - other.y0):
                crowded.update((id(item), id(other)))
    return crowded


def _is_formula(lines: Sequence[Line], text: str, frame: _Frame) -> bool:
    """A displayed formula: short lines set (partly) in math fonts, narrower than the column."""
    if len(lines) > 3 or len(text.split()) > 16 or not any(ln.math for ln in lines):
        return False
    if not _MATH_SIGNS.search(text):
        return False
    width = max(ln.x1 for ln in lines) - min(ln.x0 for ln in lines)
    return width < 0.75 * (frame.right - frame.left)


def _classify(
    number: int, lines: list[Line], ctx: PageContext, crowded: set[int], frame: _Frame
) -> Block:
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
    alone = not any(id(ln) in crowded for ln in lines)
    if (
        alone
        and looks_like_heading(lines, heading_text, ctx.stats)
        and (marker is None or marker[1])
    ):
        size = max(ln.size for ln in lines)
        numbered = numbered_level(heading_text)
        heading = Heading(text=heading_text, level=numbered or ctx.stats.level_for(size), prov=prov)
        if numbered is None:
            ctx.font_headings[id(heading)] = size
        return heading
    if marker is not None:
        symbol, ordered, rest = marker
        text = join_lines([rest, *texts[1:]], ctx.vocabulary)
        return ListItem(text=text, marker=symbol, ordered=ordered, prov=prov)
    return Paragraph(text=join_lines(texts, ctx.vocabulary), prov=prov)


def _region_block(number: int, item: TableRegion | FigureRegion) -> Block:
    if isinstance(item, TableRegion):
        return item.table
    return Figure(prov=_prov(number, item.x0, item.y0, item.x1, item.y1))


def _attach_captions(blocks: list[Block]) -> list[Block]:
    out: list[Block] = []
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


def _list_depths(blocks: list[Block], rtl: bool) -> list[Block]:
    out: list[Block] = []
    levels: list[float] = []
    for block in blocks:
        if not isinstance(block, ListItem) or block.prov.bbox is None:
            levels = []
            out.append(block)
            continue
        x = -block.prov.bbox.x1 if rtl else block.prov.bbox.x0
        if not any(abs(x - level) <= 3 for level in levels):
            levels = sorted([*levels, x])
        depth = next(i for i, level in enumerate(levels) if abs(x - level) <= 3)
        out.append(block.model_copy(update={"depth": min(depth, 5)}) if depth else block)
    return out


def _furniture(number: int, line: Line, role: FurnitureRole) -> Furniture:
    return Furniture(text=line.text, role=role, prov=_lines_prov(number, [line]))


def _continues(before: Paragraph, after: Paragraph) -> bool:
    """A paragraph broken at a column end: no sentence end, next starts lower case."""
    if not before.text or not after.text or before.text.endswith(_SENTENCE_END):
        return False
    return after.text[0].islower()


def _open_paragraph(blocks: Sequence[Block], block: Paragraph) -> tuple[int, Paragraph] | None:
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


def _join_paragraphs(before: Paragraph, after: Paragraph, vocabulary: frozenset[str]) -> Paragraph:
    a, b = before.prov.bbox, after.prov.bbox
    box = a.union(b) if a is not None and b is not None else a or b
    prov = Provenance(page=before.prov.page, bbox=box)
    return Paragraph(text=join_lines([before.text, after.text], vocabulary), prov=prov)


def _figure_label(line: Line, figures: Sequence[FigureRegion], stats: FontStats) -> bool:
    """Small print inside a picture (callouts, axis labels) is part of the picture."""
    if line.size > stats.body_size - 0.5 or CAPTION_RE.match(line.text):
        return False
    return any(contains_centre((f.x0, f.y0, f.x1, f.y1), *line.bbox) for f in figures)


def _split_furniture(
    page: PageData, ctx: PageContext
) -> tuple[list[Block], list[Block], list[Line]]:
    """Headers, footers (and page numbers), and the body lines of a page."""
    top: list[Block] = []
    bottom: list[Block] = []
    body: list[Line] = []
    for line in page.lines:
        role = ctx.roles.get(id(line))
        if role is None:
            if not _figure_label(line, page.figures, ctx.stats):
                body.append(line)
        elif role == "header":
            top.append(_furniture(page.number, line, role))
        else:
            bottom.append(_furniture(page.number, line, role))
    return top, bottom, body


def _segment_blocks(
    segment: Sequence[Item], frame: _Frame, number: int, ctx: PageContext, blocks: list[Block]
) -> None:
    """Append one segment's blocks; its first paragraph may continue the previous column."""
    crowded = _crowded(segment)
    first = True
    for group in _groups(segment, frame):
        if isinstance(group, list):
            block = _classify(number, group, ctx, crowded, frame)
        elif isinstance(group, Line):
            block = Paragraph(text=group.text, prov=_lines_prov(number, [group]))
        else:
            block = _region_block(number, group)
        found = _open_paragraph(blocks, block) if first and isinstance(block, Paragraph) else None
        first = False
        if found is not None and isinstance(block, Paragraph):
            at, before = found
            blocks[at] = _join_paragraphs(before, block, ctx.vocabulary)
        else:
            blocks.append(block)


def page_blocks(page: PageData, ctx: PageContext) -> list[Block]:
    """The page's blocks in reading order: headers, body, then footers.

    Args:
        page: The page's lines and regions.
        ctx: Document-wide statistics and lookups.
    """
    top, bottom, body = _split_furniture(page, ctx)
    rtl = sum(len(ln.text) for ln in body if ln.rtl) * 2 > sum(len(ln.text) for ln in body)
    items: list[Item] = [*body, *page.tables, *page.figures]
    segments: list[list[Item]] = [
        text_tables(segment, page.number) for segment in reading_order(items, page.gutters, rtl=rtl)
    ]
    typical = _typical_gap(segments)
    blocks: list[Block] = []
    for segment in segments:
        frame = _Frame(
            left=min(it.x0 for it in segment),
            right=max(it.x1 for it in segment),
            gap=typical,
            rtl=rtl,
            reflowable=ctx.reflowable,
        )
        _segment_blocks(segment, frame, page.number, ctx, blocks)
    blocks = _list_depths(_attach_captions(blocks), rtl)
    return [*sorted(top, key=_y), *blocks, *sorted(bottom, key=_y)]


def _y(block: Block) -> tuple[float, float]:
    bbox = block.prov.bbox
    return (bbox.y0, bbox.x0) if bbox else (0.0, 0.0)


def relevel_headings(blocks: list[Block], ctx: PageContext) -> list[Block]:
    """Give font-sized headings levels by the sizes headings actually use.

    Sizes seen anywhere in the document (a cover's display type) would push
    ordinary section headings down to level 5 or 6; ranking only the sizes of
    the headings found, largest first, gives levels 1, 2, 3 ...
    """
    sizes = sorted({ctx.font_headings[id(b)] for b in blocks if id(b) in ctx.font_headings})
    ranks: list[float] = []
    for size in reversed(sizes):
        if not ranks or ranks[-1] - size > 0.9:
            ranks.append(size)
    out: list[Block] = []
    for block in blocks:
        found = ctx.font_headings.get(id(block))
        if isinstance(block, Heading) and found is not None:
            level = next(i for i, r in enumerate(ranks) if found >= r - 0.9) + 1
            block = block.model_copy(update={"level": min(level, 6)})
        out.append(block)
    return out
