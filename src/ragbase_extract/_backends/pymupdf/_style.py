"""Style from span fonts and flags: bold, italic, monospace, math, symbols, small caps."""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any, Final

__all__ = [
    "is_bold",
    "is_dingbat",
    "is_italic",
    "is_math_font",
    "is_mono",
    "small_caps",
    "span_box",
    "span_style",
]

_TALL: Final = 2.0
"""A font whose ascender-to-descender height exceeds this (em) has metrics that are not
its glyphs' (TeX's symbol fonts reach 1.7 em, and their big delimiters are that tall)."""
_ASCENT: Final = 1.1
_DESCENT: Final = -0.35
"""Where such a font's box is cut (em from the baseline)."""
_DINGBAT_HINTS: Final = ("wingding", "webding", "dingbat", "zapf")
_MONO_HINTS: Final = ("mono", "courier", "consol", "menlo", "inconsolata", "cmtt", "sftt", "code")
_BOLD_HINTS: Final = ("bold", "black", "heavy", "semibold", "demi")
_TEX_BOLD_RE: Final = re.compile(
    r"^(?:[a-z]{6}\+)?(?:cmbx|cmssbx|cmb\d|ec-?bx|lmbx)|-medi(?:ital)?$"
)
"""Bold fonts whose names do not say so: TeX's Computer Modern Bold Extended
(``CMBX12``, ``CMSSBX10``) and URW's "Medium" (``NimbusRomNo9L-Medi``, the bold
of their Times)."""


@lru_cache(maxsize=1024)
def _hints(font: str) -> tuple[bool, bool, bool, bool]:
    """``(bold, mono, italic, dingbat)`` as the font's name says.

    Cached: a page has a few fonts but thousands of spans (the name tests were
    ~5% of extraction time on DP-Bench).
    """
    name = font.lower()
    return (
        any(h in name for h in _BOLD_HINTS) or _TEX_BOLD_RE.search(name) is not None,
        any(h in name for h in _MONO_HINTS),
        "italic" in name or "oblique" in name,
        any(h in name for h in _DINGBAT_HINTS),
    )


def _font(span: dict[str, Any]) -> tuple[bool, bool, bool, bool]:
    return _hints(str(span.get("font", "")))


def is_bold(span: dict[str, Any]) -> bool:
    """Bold by PyMuPDF's flag (bit 4) or by the font's name."""
    return bool(int(span.get("flags", 0)) & 16) or _font(span)[0]


def is_mono(span: dict[str, Any]) -> bool:
    """Monospaced by PyMuPDF's flag (bit 3) or by the font's name."""
    return bool(int(span.get("flags", 0)) & 8) or _font(span)[1]


def is_italic(span: dict[str, Any]) -> bool:
    """Italic by PyMuPDF's flag (bit 1) or by the font's name."""
    return bool(int(span.get("flags", 0)) & 2) or _font(span)[2]


def span_style(span: dict[str, Any]) -> tuple[bool, bool, bool]:
    """``(bold, mono, italic)``: :func:`is_bold`, :func:`is_mono`, :func:`is_italic` in one pass."""
    flags = int(span.get("flags", 0))
    bold, mono, italic, _ = _font(span)
    return bool(flags & 16) or bold, bool(flags & 8) or mono, bool(flags & 2) or italic


def is_math_font(font: str) -> bool:
    """A TeX or OpenType math font (``CMMI10``, ``STIXMath`` ...), subset prefix ignored."""
    name = font.lower().split("+")[-1]
    return name.startswith(("cmmi", "cmsy", "cmex", "msam", "msbm", "stixmath", "xits")) or (
        "math" in name
    )


def is_dingbat(span: dict[str, Any]) -> bool:
    """A symbol font (Wingdings, Zapf Dingbats ...), whose glyphs map to arbitrary letters."""
    return _font(span)[3]


def small_caps(runs: Sequence[tuple[str, float]]) -> float | None:
    """The capitals' size of a line set in emulated small caps, else ``None``.

    Writers without a small-caps font set each word's first capital in the full
    size and the rest of the word in smaller capitals (``R`` 14 pt +
    ``ECOLLECTION`` 11 pt): the line reads in its larger size, not in the body
    size its most characters have.

    Args:
        runs: The line's spans as ``(text, size)``.
    """
    letters = [(t, z) for t, z in runs if any(c.isalpha() for c in t)]
    sizes = {z for _, z in letters}
    if len(sizes) != 2 or any(c.islower() for t, _ in letters for c in t):
        return None
    small, big = sorted(sizes)
    if big > 1.5 * small:
        return None
    previous = ""
    for text, size in runs:
        # Each smaller run continues a word a full-size capital began.
        if size == small and text[:1].isalpha() and not previous[-1:].isalpha():
            return None
        previous = text if size == big else ""
    return big


def span_box(span: dict[str, Any]) -> tuple[float, float, float, float]:
    """The span's box, its height cut to the usual line height when the font's metrics are bogus.

    MuPDF sizes a span's box by the font's ascender and descender. Some fonts
    report values far beyond their glyphs (Cambria, whose metrics carry Cambria
    Math's tall stacks: +3.1 / -2.5 em, a 56-point box for 10-point text), and
    such boxes overlap the lines above and below. A box over 2 em tall is cut
    to ``+1.1`` and ``-0.35`` em around the baseline; a rotated span keeps its box.
    """
    x0, y0, x1, y1 = (float(v) for v in span["bbox"])
    ascent, descent = float(span.get("ascender", 0.0)), float(span.get("descender", 0.0))
    if ascent - descent <= _TALL or "origin" not in span:
        return (x0, y0, x1, y1)
    size, baseline = float(span["size"]), float(span["origin"][1])
    if not y0 <= baseline <= y1 or (y1 - y0) < 0.9 * (ascent - descent) * size:
        return (x0, y0, x1, y1)  # not a horizontal box of those metrics
    return (
        x0,
        baseline - min(ascent, _ASCENT) * size,
        x1,
        baseline - max(descent, _DESCENT) * size,
    )
