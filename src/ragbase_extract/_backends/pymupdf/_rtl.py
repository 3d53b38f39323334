"""Right-to-left text: detection, visual-to-logical order, Arabic ligature repair."""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any, Final

__all__ = ["fix_lam_alef", "has_rtl", "is_rtl_text", "split_scripts", "visual_to_logical"]

_RTL_RE: Final = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_LTR_RE: Final = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")
_ALEFS: Final = frozenset("\u0627\u0623\u0625\u0622")
_LAM: Final = "\u0644"
_LTR_RUN_RE: Final = re.compile(r"[0-9A-Za-z\u00c0-\u024f]+(?:[.,:/\-][0-9A-Za-z\u00c0-\u024f]+)*")
# Where Arabic/Hebrew letters meet Latin letters or digits without a space; PDF
# writers position such runs apart instead of emitting a space character.
_SCRIPT_SWITCH_RE: Final = re.compile(
    r"(?<=[\u0590-\u08ff])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[\u0590-\u08ff])"
)
_MIRROR: Final = str.maketrans("()[]{}<>«»", ")(][}{><»«")


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds any Hebrew or Arabic-script character."""
    return _RTL_RE.search(text) is not None


def is_rtl_text(text: str) -> bool:
    """Whether right-to-left letters outnumber left-to-right ones in ``text``."""
    rtl = len(_RTL_RE.findall(text))
    return rtl > 0 and rtl >= len(_LTR_RE.findall(text))


def visual_to_logical(text: str) -> str:
    """Reorder one line given in visual (left-to-right screen) order into logical order.

    A light bidi reversal for right-to-left lines: the whole line is reversed,
    then runs of left-to-right characters (Latin words, numbers such as
    ``1403/09/19``) are turned back, and brackets outside them are mirrored.
    Lines without Hebrew or Arabic letters are returned unchanged.
    """
    if not has_rtl(text):
        return text
    reversed_text = text[::-1].translate(_MIRROR)
    return _LTR_RUN_RE.sub(lambda m: m.group(0)[::-1].translate(_MIRROR), reversed_text)


def split_scripts(text: str) -> str:
    """Put a space where Arabic or Hebrew letters touch Latin letters or digits."""
    return _SCRIPT_SWITCH_RE.sub(" ", text)


def fix_lam_alef(chars: Sequence[dict[str, Any]]) -> str:
    """Join rawdict characters, repairing MuPDF's expansion of lam-alef ligatures.

    MuPDF expands the single lam-alef glyph to "alef, lam" with a zero-width alef
    first; logically lam comes first. The zero width tells the ligature apart
    from a real alef followed by a lam (the Arabic article).
    """
    out = [c["c"] for c in chars]
    text = "".join(out)
    if _LAM not in text:
        return text
    for i in range(len(chars) - 1):
        box = chars[i]["bbox"]
        if out[i] in _ALEFS and out[i + 1] == _LAM and abs(box[2] - box[0]) < 0.01:
            out[i], out[i + 1] = out[i + 1], out[i]
    return "".join(out)
