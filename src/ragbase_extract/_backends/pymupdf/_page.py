"""One pass over a page: text lines, images, tables and the page's geometry.

Per page we ask PyMuPDF for one text page (``get_textpage`` then
``extractDICT``; ``extractRAWDICT`` from the same text page only when the page
holds Arabic script, whose lam-alef ligatures need character boxes, or a font
whose ligature glyphs MuPDF reads short, see :mod:`._glyphnames`), one
drawing log (``get_bboxlog``: image boxes and rule lines, without decoding any
image) and, only where rules were drawn, the table finder.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any, Final, Literal

from ..._ocr import PageSignals
from ._cells import page_chars
from ._checkboxes import checkbox_chars, checkbox_fragments, page_checkboxes
from ._geometry import Rect, contains_centre
from ._glyphnames import ligature_codes, repair_glyph_names
from ._layout import find_gutters
from ._lines import Line, build_fragments, merge_fragments
from ._rtl import has_rtl
from ._tables import TableRegion, find_table_regions, table_search_areas, union

__all__ = ["FigureRegion", "PageData", "read_page", "text_flags"]

_MIN_FIGURE: Final = 24.0
"""Images narrower or lower than this (points) are decoration, not figures."""
_BACKGROUND: Final = 0.85
"""An image covering this much of a page that has text is a background."""


def text_flags() -> int:
    """The ``get_text`` flags: whitespace kept, ligatures expanded, no images.

    Images are read from the drawing log instead: with ``TEXT_PRESERVE_IMAGES``
    PyMuPDF copies every image's bytes into the dictionary (60+ ms on pages with
    many images). Text outside the media box is clipped. Invisible text (render
    mode 3, the OCR layer of scanned PDFs) is kept: it is the page's real text.
    """
    import pymupdf

    return int(
        pymupdf.TEXT_PRESERVE_WHITESPACE
        | pymupdf.TEXT_MEDIABOX_CLIP
        | getattr(pymupdf, "TEXT_CID_FOR_UNKNOWN_UNICODE", 0)
    )


@dataclass(frozen=True, slots=True)
class FigureRegion:
    """An image (or a cluster of touching images) on a page.

    Attributes:
        x0: Left edge.
        y0: Top edge.
        x1: Right edge.
        y1: Bottom edge.
    """

    x0: float
    y0: float
    x1: float
    y1: float


@dataclass(frozen=True, slots=True)
class PageData:
    """What one page yielded.

    Attributes:
        number: 1-based page number.
        width: Page width in points (as displayed, rotation applied).
        height: Page height in points.
        rotation: The page's rotation.
        lines: Text lines outside tables (furniture lines carry their role
            once :func:`._furniture.detect_furniture` has run).
        all_lines: Every text line, tables included (for font statistics).
        tables: Tables found.
        figures: Image regions.
        needs_ocr: The page's text is missing (set by :mod:`._ocrpage`).
        gutters: Column gutters found on the page's text.
        signals: What the OCR decision reads (:mod:`._ocrpage`).
        charts: Plot areas of vector charts (no text table is made in them).
    """

    number: int
    width: float
    height: float
    rotation: Literal[0, 90, 180, 270]
    lines: tuple[Line, ...] = ()
    all_lines: tuple[Line, ...] = ()
    tables: tuple[TableRegion, ...] = ()
    figures: tuple[FigureRegion, ...] = ()
    needs_ocr: bool = False
    gutters: tuple[tuple[float, float], ...] = ()
    signals: PageSignals | None = None
    charts: tuple[Rect, ...] = ()


def _rotation(page: Any) -> Literal[0, 90, 180, 270]:
    value = int(page.rotation) % 360
    if value == 90:
        return 90
    if value == 180:
        return 180
    if value == 270:
        return 270
    return 0


def _read_lines(
    page: Any, flags: int, checks: list[tuple[Rect, bool]]
) -> tuple[list[Line], list[tuple[float, float]], Any]:
    """Lines and gutters of a page, plus its ``rawdict`` blocks if they were read.

    Check boxes drawn as paths join the lines as ``☐``/``☒`` (:mod:`._checkboxes`).
    """
    textpage = page.get_textpage(flags=flags)
    raw_blocks = None
    frags, rotated = build_fragments(textpage.extractDICT()["blocks"])
    ligatures = ligature_codes(page)
    if ligatures or any(has_rtl(frag.text) for frag in frags):
        raw_blocks = textpage.extractRAWDICT()["blocks"]
        repair_glyph_names(raw_blocks, ligatures)
        frags, rotated = build_fragments(raw_blocks)
    gutters = find_gutters(frags)
    if checks:
        frags = [*frags, *checkbox_fragments(checks, frags)]
    return merge_fragments(frags, gutters) + rotated, gutters, raw_blocks


def _side(rect: Sequence[float], gutters: Sequence[tuple[float, float]]) -> int:
    centre = (rect[0] + rect[2]) / 2
    return sum(1 for g0, g1 in gutters if centre > (g0 + g1) / 2)


def _merge_images(
    rects: list[list[float]], gutters: Sequence[tuple[float, float]]
) -> list[list[float]]:
    """Unite overlapping images of one column into figures (a picture is often tiled)."""
    merged: list[list[float]] = []
    for rect in sorted(rects, key=lambda r: (r[1], r[0])):
        for other in merged:
            if (
                rect[0] < other[2]
                and rect[2] > other[0]
                and rect[1] < other[3]
                and rect[3] > other[1]
                and _side(rect, gutters) == _side(other, gutters)
            ):
                other[:] = [
                    min(rect[0], other[0]),
                    min(rect[1], other[1]),
                    max(rect[2], other[2]),
                    max(rect[3], other[3]),
                ]
                break
        else:
            merged.append(list(rect))
    return merged


def _figures(
    bboxlog: list[tuple[str, Rect]],
    size: tuple[float, float],
    gutters: Sequence[tuple[float, float]],
    has_text: bool,
) -> tuple[FigureRegion, ...]:
    width, height = size
    rects: list[list[float]] = []
    for kind, (x0, y0, x1, y1) in bboxlog:
        if kind != "fill-image":
            continue
        x0, y0, x1, y1 = max(x0, 0.0), max(y0, 0.0), min(x1, width), min(y1, height)
        if x1 - x0 >= 4 and y1 - y0 >= 4:
            rects.append([x0, y0, x1, y1])
    figures: list[FigureRegion] = []
    for x0, y0, x1, y1 in _merge_images(rects, gutters):
        if x1 - x0 < _MIN_FIGURE or y1 - y0 < _MIN_FIGURE:
            continue
        if has_text and (x1 - x0) * (y1 - y0) >= _BACKGROUND * width * height:
            continue
        figures.append(FigureRegion(x0, y0, x1, y1))
    return tuple(figures)


def read_page(page: Any, number: int, flags: int) -> PageData:
    """Extract one page's raw material.

    Args:
        page: A ``pymupdf.Page``.
        number: Its 1-based number.
        flags: Text extraction flags from :func:`text_flags`.
    """
    rotation = _rotation(page)
    if rotation and page.parent.is_pdf:
        # MuPDF reports text in unrotated page space, where the lines of a page
        # shown turned (/Rotate) run vertically. Baking the rotation into the
        # content (our in-memory copy only) gives displayed-space coordinates:
        # horizontal lines, and boxes matching the page size we report.
        page.remove_rotation()
    size = (float(page.rect.width), float(page.rect.height))
    bboxlog: list[tuple[str, Rect]] = [(k, tuple(r)) for k, r in page.get_bboxlog()]
    checks = page_checkboxes(page, bboxlog)
    lines, gutters, raw_blocks = _read_lines(page, flags, checks)
    has_text = any(line.text.strip() for line in lines)
    signals = PageSignals.from_page(bboxlog, (ln.text for ln in lines), *size)
    base = PageData(number, size[0], size[1], rotation, gutters=tuple(gutters), signals=signals)
    if not has_text:
        return base
    tables: tuple[TableRegion, ...] = ()
    charts: tuple[Rect, ...] = ()
    areas = table_search_areas(bboxlog, size[0], size[1])
    if areas:
        if raw_blocks is None:
            # A text page clipped to the search areas: MuPDF filters the
            # characters in C, far cheaper than a full-page rawdict in Python.
            clip = union(areas)
            raw_blocks = page.get_textpage(clip=clip, flags=flags).extractRAWDICT()["blocks"]
        chars = page_chars(raw_blocks)
        chars += checkbox_chars(checks, chars)
        found = find_table_regions(page, number, areas, chars)
        tables, charts = tuple(found.tables), tuple(found.charts)
    boxes = [(t.x0, t.y0, t.x1, t.y1) for t in tables]
    return replace(
        base,
        lines=tuple(ln for ln in lines if not any(contains_centre(b, *ln.bbox) for b in boxes)),
        all_lines=tuple(lines),
        tables=tables,
        figures=_figures(bboxlog, size, gutters, has_text),
        charts=charts,
    )
