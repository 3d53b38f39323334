"""Style guesses from a span's font name and flags: bold, italic, monospace, math, symbols."""

from __future__ import annotations

from functools import lru_cache
from typing import Any, Final

__all__ = ["is_bold", "is_dingbat", "is_italic", "is_math_font", "is_mono"]

_DINGBAT_HINTS: Final = ("wingding", "webding", "dingbat", "zapf")
_MONO_HINTS: Final = ("mono", "courier", "consol", "menlo", "inconsolata", "cmtt", "sftt", "code")
_BOLD_HINTS: Final = ("bold", "black", "heavy", "semibold", "demi")


@lru_cache(maxsize=1024)
def _hints(font: str) -> tuple[bool, bool, bool, bool]:
    """``(bold, mono, italic, dingbat)`` as the font's name says.

    Cached: a page has a few fonts but thousands of spans (the name tests were
    ~5% of extraction time on DP-Bench).
    """
    name = font.lower()
    return (
        any(h in name for h in _BOLD_HINTS),
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


def is_math_font(font: str) -> bool:
    """A TeX or OpenType math font (``CMMI10``, ``STIXMath`` ...), subset prefix ignored."""
    name = font.lower().split("+")[-1]
    return name.startswith(("cmmi", "cmsy", "cmex", "msam", "msbm", "stixmath", "xits")) or (
        "math" in name
    )


def is_dingbat(span: dict[str, Any]) -> bool:
    """A symbol font (Wingdings, Zapf Dingbats ...), whose glyphs map to arbitrary letters."""
    return _font(span)[3]
