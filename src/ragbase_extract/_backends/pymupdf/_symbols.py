"""What a symbol font's glyph means: a check box, a check mark, or just a bullet.

Symbol fonts (Wingdings, Zapf Dingbats ...) put their pictures on letter
codes, so MuPDF reports letters, control codes or private-use code points for
them. Most are bullets, but forms draw their check boxes with a few well-known
glyphs; those are told by font family and code, from the fonts' published
character sets:

* **Wingdings** (Microsoft): ``o`` ❏ ``q`` ❑ ``r`` ❒ ``0xA8`` ◻ are empty boxes,
  ``x`` ⌧ and ``0xFD`` 🗵 boxes with an X, ``0xFE`` 🗹 a box with a check,
  ``0xFC`` 🗸 a check mark, ``0xFB`` 🗴 a cross.
* **Wingdings 2**: ``0xA3`` □ an empty box, ``R`` 🗹 a checked box, ``S`` and
  ``T`` boxes with an X, ``P`` ✓ and ``O`` ✗.
* **Webdings**: ``a`` ✓ a check mark.
* **Zapf Dingbats** (Adobe, one of the PDF standard 14): its glyphs are named
  ``aN``; ``a74`` ❏ ``a203`` ❐ ``a75`` ❑ ``a204`` ❒ are empty boxes, ``a19``
  ✓ ``a20`` ✔ check marks, ``a23`` ✗ ``a24`` ✘ crosses. Without a Unicode map
  MuPDF reports such a glyph as the character ``chr(N)`` (its glyph-name
  fallback reads the digits), so those numbers are what is looked up. A form
  field's "on" state draws only the check mark, in its own box.

A Word export maps a symbol font's code to U+F000 plus the code (Microsoft's
symbol code page), so that private-use form counts as the code. A glyph that
already has its proper Unicode (``☐``, ``✔``) is read as what it is.
"""

from __future__ import annotations

from typing import Any, Final

from ._rtl import fix_lam_alef
from ._style import is_dingbat

__all__ = ["CHECKED", "UNCHECKED", "span_text", "symbol_chars", "symbol_text"]

UNCHECKED: Final = "☐"
CHECKED: Final = "☒"
_CHECK: Final = "✓"
_CROSS: Final = "✗"
_BULLET: Final = "•"

_WINGDINGS: Final = {
    **dict.fromkeys((0x6F, 0x71, 0x72, 0xA8), UNCHECKED),
    **dict.fromkeys((0x78, 0xFD, 0xFE), CHECKED),
    0xFC: _CHECK,
    0xFB: _CROSS,
}
_WINGDINGS_2: Final = {
    0xA3: UNCHECKED,
    **dict.fromkeys((0x52, 0x53, 0x54), CHECKED),
    0x50: _CHECK,
    0x4F: _CROSS,
}
_WEBDINGS: Final = {0x61: _CHECK}
_ZAPF: Final = {
    **dict.fromkeys((74, 203, 75, 204), UNCHECKED),
    **dict.fromkeys((19, 20), _CHECK),
    **dict.fromkeys((23, 24), _CROSS),
}
_UNICODE: Final = {
    **dict.fromkeys("☐□❏❐❑❒◻⬜", UNCHECKED),
    **dict.fromkeys("☑☒⌧🗵🗷🗹", CHECKED),
    **dict.fromkeys("✓✔🗸", _CHECK),
    **dict.fromkeys("✗✘🗴", _CROSS),
}


def _table(font: str) -> dict[int, str]:
    name = font.lower().split("+")[-1].replace(" ", "").replace("-", "")
    if name.startswith("wingdings2"):
        return _WINGDINGS_2
    if name.startswith("wingdings3"):
        return {}
    if name.startswith("wingdings"):
        return _WINGDINGS
    if name.startswith("webdings"):
        return _WEBDINGS
    if "zapf" in name or name.startswith("dingbats"):
        return _ZAPF
    return {}


def _meaning(char: str, table: dict[int, str]) -> str:
    if char in _UNICODE:
        return _UNICODE[char]
    code = ord(char)
    if 0xF020 <= code <= 0xF0FF:
        code -= 0xF000
    return table.get(code, _BULLET)


def symbol_text(font: str, text: str) -> str:
    """What a span of a symbol font shows: its boxes and check marks, else one bullet.

    Args:
        font: The span's font name (a subset prefix is ignored).
        text: The characters MuPDF reported for it.

    Returns:
        ``☐`` (empty box), ``☒`` (checked box), ``✓``, ``✗`` or ``•`` per
        glyph, space-separated, or a single ``•`` when none is a box or mark.
    """
    table = _table(font)
    meanings = [_meaning(c, table) for c in text if not c.isspace()]
    if all(m == _BULLET for m in meanings):
        return _BULLET
    return " ".join(meanings)


def symbol_chars(font: str, text: str) -> str:
    """``text`` of a symbol font character by character (``☐``, ``☒``, ``✓``, ``✗``, ``•``).

    Spaces stay; the result is as long as ``text`` (for per-character boxes).
    """
    table = _table(font)
    return "".join(c if c.isspace() else _meaning(c, table) for c in text)


def span_text(span: dict[str, Any]) -> str:
    """A ``dict`` or ``rawdict`` span's text, a symbol font's glyphs read as :func:`symbol_text`."""
    text = str(span["text"]) if "text" in span else fix_lam_alef(span.get("chars", ()))
    if text.strip() and is_dingbat(span):
        # Symbol fonts map their glyphs to arbitrary letters or control codes:
        # what they draw is a check box, a check mark or else a bullet.
        return symbol_text(str(span.get("font", "")), text)
    return text
