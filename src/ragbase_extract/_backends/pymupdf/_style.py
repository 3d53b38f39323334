"""Style guesses from a span's font name and flags: bold, italic, monospace, math, symbols."""

from __future__ import annotations

from typing import Any, Final

__all__ = ["is_bold", "is_dingbat", "is_italic", "is_math_font", "is_mono"]

_DINGBAT_HINTS: Final = ("wingding", "webding", "dingbat", "zapf")
_MONO_HINTS: Final = ("mono", "courier", "consol", "menlo", "inconsolata", "cmtt", "sftt", "code")
_BOLD_HINTS: Final = ("bold", "black", "heavy", "semibold", "demi")


def _font(span: dict[str, Any]) -> str:
    return str(span.get("font", "")).lower()


def is_bold(span: dict[str, Any]) -> bool:
    """Bold by PyMuPDF's flag (bit 4) or by the font's name."""
    return bool(int(span.get("flags", 0)) & 16) or any(h in _font(span) for h in _BOLD_HINTS)


def is_mono(span: dict[str, Any]) -> bool:
    """Monospaced by PyMuPDF's flag (bit 3) or by the font's name."""
    return bool(int(span.get("flags", 0)) & 8) or any(h in _font(span) for h in _MONO_HINTS)


def is_italic(span: dict[str, Any]) -> bool:
    """Italic by PyMuPDF's flag (bit 1) or by the font's name."""
    font = _font(span)
    return bool(int(span.get("flags", 0)) & 2) or "italic" in font or "oblique" in font


def is_math_font(font: str) -> bool:
    """A TeX or OpenType math font (``CMMI10``, ``STIXMath`` ...), subset prefix ignored."""
    name = font.lower().split("+")[-1]
    return name.startswith(("cmmi", "cmsy", "cmex", "msam", "msbm", "stixmath", "xits")) or (
        "math" in name
    )


def is_dingbat(span: dict[str, Any]) -> bool:
    """A symbol font (Wingdings, Zapf Dingbats ...), whose glyphs map to arbitrary letters."""
    return any(hint in _font(span) for hint in _DINGBAT_HINTS)
