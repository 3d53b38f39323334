"""Which pages need OCR: the decision ``ocr="auto"`` makes, from cheap page signals.

A page pays for OCR only when its text is missing or unreadable:

* **no text layer** over images that cover a real share of the page (a scan,
  a photographed page, a JBIG2 fax page);
* **text drawn as outlines**: no text layer, but many small filled paths (every
  glyph a curve, as "convert text to outlines" leaves it);
* **unreadable glyphs**: a text layer whose characters mostly map to no Unicode
  (U+FFFD, private-use code points, control characters), which would pass junk
  into ``text`` and chunks; or one where a real share of the characters are
  control characters or U+FFFD, which no font means as text (a font without a
  Unicode map among readable ones: whole sentences read ``'\\x04\\x07\\x0c...'``).
  Private-use glyphs alone need the larger share: symbol fonts draw icons,
  bullets and math with them.

An **invisible text layer** (render mode 3: an earlier OCR behind a scan) is
real text: ``auto`` keeps it and marks the page ``text_source="invisible"``,
``always`` replaces it with a fresh recognition. A page whose text layer is
good never gets OCR under ``auto``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Final, Literal, TypeAlias

__all__ = ["OcrDecision", "PageSignals", "decide", "is_junk"]

Rect: TypeAlias = tuple[float, float, float, float]
Reason = Literal["no_text_layer", "vector_text", "unreadable_text", "forced"]

_MIN_TEXT: Final = 5
"""Fewer non-space characters than this is no text layer (a stray page number of a scan)."""
_IMAGE_SHARE: Final = 0.1
"""Images covering this share of a text-less page make it a scan worth reading."""
_GLYPH_PATHS: Final = 40
"""This many small filled paths on a text-less page are glyphs drawn as outlines."""
_JUNK_SHARE: Final = 0.3
"""A text layer with this share of unmappable characters is unreadable."""
_JUNK_MIN: Final = 20
"""Fewer characters than this are too few to call a whole page unreadable."""
_MEANINGLESS_SHARE: Final = 0.05
"""A text layer with this share of control characters and U+FFFD has lost words.

Bullets of a font without a Unicode map come out as one control character per
list item (under 2 % of a list's characters); a lost sentence is 5 % of a page
on its own."""
_IMAGE_KINDS: Final = frozenset({"fill-image", "fill-imgmask"})
_VISIBLE_TEXT: Final = frozenset({"fill-text", "stroke-text"})
_GLYPH_HEIGHT: Final = 40.0
"""Filled paths lower than this (points) may be glyph outlines."""


# The same sets as ``str.isspace`` and :func:`is_junk` on a non-space character,
# as patterns: a page's text is counted in C, not one character at a time.
# (``\s`` in a str pattern is ``str.isspace``; the controls that are not spaces
# are U+0000-0008, 000E-001B, 007F-0084 and 0086-009F; private use is Co.)
_SPACE: Final = re.compile(r"\s")
_JUNK: Final = re.compile(
    "[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ufffd\ue000-\uf8ff"
    "\U000f0000-\U000ffffd\U00100000-\U0010fffd]"
)
_MEANINGLESS: Final = re.compile("[\x00-\x08\x0e-\x1b\x7f-\x84\x86-\x9f\ufffd]")
"""The part of :data:`_JUNK` that is never text: controls and U+FFFD, no private use."""


def is_junk(char: str) -> bool:
    """Whether ``char`` is a glyph with no Unicode meaning: U+FFFD, private use, control."""
    if char in "\t\n\r":
        return False
    return char == "\ufffd" or unicodedata.category(char) in ("Co", "Cc")


@dataclass(frozen=True, slots=True)
class PageSignals:
    """What a page shows, gathered without rendering it.

    Attributes:
        area: The page's area in square points.
        chars: Non-space characters of its text layer (visible or invisible).
        junk: How many of those are :func:`is_junk`.
        invisible: More of its text is drawn invisibly (render mode 3) than visibly.
        image_area: Area covered by images, clipped to the page (square points).
        glyph_paths: Small filled paths, the size of glyphs.
        meaningless: How many of ``junk`` are control characters or U+FFFD.
    """

    area: float
    chars: int
    junk: int
    invisible: bool
    image_area: float
    glyph_paths: int
    meaningless: int = 0

    @classmethod
    def from_page(
        cls,
        bboxlog: Iterable[tuple[str, Rect]],
        texts: Iterable[str],
        width: float,
        height: float,
    ) -> PageSignals:
        """Gather the OCR decision's inputs from a page's drawing log and text lines."""
        image_area = visible = invisible = 0.0
        glyph_paths = 0
        for kind, (x0, y0, x1, y1) in bboxlog:
            w = max(0.0, min(x1, width) - max(x0, 0.0))
            h = max(0.0, min(y1, height) - max(y0, 0.0))
            if kind in _IMAGE_KINDS:
                image_area += w * h
            elif kind in _VISIBLE_TEXT:
                visible += w * h
            elif kind == "ignore-text":  # render mode 3: invisible text
                invisible += w * h
            elif kind == "fill-path" and 0 < h <= _GLYPH_HEIGHT:
                glyph_paths += 1
        texts = list(texts)
        chars, junk = cls.count_text(texts)
        return cls(
            area=width * height,
            chars=chars,
            junk=junk,
            invisible=invisible > visible,
            image_area=min(image_area, width * height),
            glyph_paths=glyph_paths,
            meaningless=sum(len(_MEANINGLESS.findall(text)) for text in texts),
        )

    @classmethod
    def count_text(cls, texts: Iterable[str]) -> tuple[int, int]:
        """``(chars, junk)`` over the non-space characters of ``texts``."""
        chars = junk = 0
        for text in texts:
            chars += len(text) - len(_SPACE.findall(text))
            junk += len(_JUNK.findall(text))
        return chars, junk


@dataclass(frozen=True, slots=True)
class OcrDecision:
    """The outcome for one page.

    Attributes:
        needed: The page's text is missing or unreadable without OCR.
        run: OCR should run (``needed`` under ``auto``, every page under ``always``).
        reason: Why it runs or would run; ``None`` for a page with good text.
        text_source: What the page's text is when OCR does not run.
    """

    needed: bool
    run: bool
    reason: Reason | None
    text_source: Literal["native", "invisible", "none"]


def _lost_words(signals: PageSignals) -> bool:
    """Enough of a text layer is junk that words are missing from ``text``."""
    if signals.junk >= _JUNK_SHARE * signals.chars:
        return True
    meaningless = signals.meaningless
    return meaningless >= _JUNK_MIN and meaningless >= _MEANINGLESS_SHARE * signals.chars


def decide(signals: PageSignals, mode: Literal["auto", "always", "never"]) -> OcrDecision:
    """Decide whether a page needs OCR and whether it gets it under ``mode``."""
    has_text = signals.chars >= _MIN_TEXT
    reason: Reason | None = None
    if not has_text:
        if signals.image_area >= _IMAGE_SHARE * signals.area:
            reason = "no_text_layer"
        elif signals.glyph_paths >= _GLYPH_PATHS:
            reason = "vector_text"
    elif signals.chars >= _JUNK_MIN and _lost_words(signals):
        reason = "unreadable_text"
    if not has_text:
        source: Literal["native", "invisible", "none"] = "none"
    else:
        source = "invisible" if signals.invisible else "native"
    needed = reason is not None
    if mode == "always":
        return OcrDecision(needed, True, reason or "forced", source)
    return OcrDecision(needed, needed and mode == "auto", reason, source)
