"""Ligature glyphs that MuPDF reads as their first letter: ``T_h`` as ``T``.

A simple font (Type 1, TrueType) without a ``/ToUnicode`` map names its
glyphs in the ``/Differences`` of its encoding. MuPDF maps a ligature name
built by the Adobe Glyph List rule (components joined by ``_``: ``T_h``,
``f_t``, ``s_t``, ``c_t``, ``f_f_j``) to its first component only, so
"The" comes out as "Te" (it knows only ``ff``/``fi``/``fl``/``ffi``/``ffl``).
The character a span reports does not say which code drew it, but the
advance does: a character whose width is the ligature code's ``/Widths``
entry, and no plain code of the same letter has that width, was drawn by the
ligature and is spelled out in full. Anything ambiguous is left as it is.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Final

__all__ = ["LigatureCode", "ligature_codes", "repair_glyph_names"]

_TOLERANCE: Final = 0.004
"""Advances (in em) closer than this are the same width (``/Widths`` are integers per mille)."""
_KNOWN: Final = frozenset({"f_f", "f_i", "f_l", "f_f_i", "f_f_l"})
"""Ligatures MuPDF maps in full (to U+FB00-FB04, expanded by :mod:`._unicode`)."""
_TOKEN_RE: Final = re.compile(r"/([^\s/\[\]<>()]+)|(-?\d+)")
_UNI_RE: Final = re.compile(r"uni((?:[0-9A-F]{4})+)")
_U_RE: Final = re.compile(r"u([0-9A-F]{4,6})")
_SUBSET_RE: Final = re.compile(r"^[A-Z]{6}\+")


@dataclass(frozen=True, slots=True)
class LigatureCode:
    """A ligature glyph of one font that MuPDF reads short.

    Attributes:
        short: The character MuPDF reports for it (its first component).
        full: The ligature spelled out (``"Th"``).
        width: Its advance in em, from the font's ``/Widths``.
    """

    short: str
    full: str
    width: float


def _component(name: str) -> str:
    """The Unicode of one glyph-name component (Adobe Glyph List rules), ``""`` if unknown."""
    match = _UNI_RE.fullmatch(name)
    if match:
        hexes = match.group(1)
        codes = [int(hexes[i : i + 4], 16) for i in range(0, len(hexes), 4)]
        return "".join(map(chr, codes)) if all(map(_scalar, codes)) else ""
    match = _U_RE.fullmatch(name)
    if match:
        code = int(match.group(1), 16)
        return chr(code) if _scalar(code) else ""
    import pymupdf

    lookup = getattr(pymupdf.mupdf, "fz_unicode_from_glyph_name_strict", None)
    code = int(lookup(name)) if lookup is not None else 0
    return chr(code) if _scalar(code) else ""


def _scalar(code: int) -> bool:
    """A Unicode scalar value that is text: no NUL, no surrogate (the glyph list rules)."""
    return 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF


def _expansion(name: str) -> str:
    """The text a ligature name stands for, or ``""`` when it is no ligature or unknown."""
    base = name.split(".", 1)[0]
    if "_" not in base or base in _KNOWN:
        return ""
    parts = [_component(part) for part in base.split("_")]
    return "".join(parts) if all(parts) else ""


def _differences(doc: Any, font: int) -> dict[int, str]:
    """Code -> glyph name from the font's ``/Encoding /Differences``."""
    kind, value = doc.xref_get_key(font, "Encoding")
    if kind == "xref":
        kind, value = doc.xref_get_key(int(value.split()[0]), "Differences")
    elif kind == "dict":
        kind, value = doc.xref_get_key(font, "Encoding/Differences")
    if kind != "array":
        return {}
    names: dict[int, str] = {}
    code = 0
    for match in _TOKEN_RE.finditer(value):
        if match.group(2) is not None:
            code = int(match.group(2))
        else:
            names[code] = match.group(1)
            code += 1
    return names


def _widths(doc: Any, font: int) -> dict[int, float]:
    kind, first = doc.xref_get_key(font, "FirstChar")
    wkind, value = doc.xref_get_key(font, "Widths")
    if kind != "int" or wkind != "array":
        return {}
    numbers = re.findall(r"-?\d+(?:\.\d+)?", value)
    return {int(first) + i: float(w) / 1000 for i, w in enumerate(numbers)}


def _font_codes(doc: Any, font: int) -> tuple[LigatureCode, ...]:
    names = _differences(doc, font)
    fulls = {code: _expansion(name) for code, name in names.items()}
    if not any(fulls.values()):
        return ()
    widths = _widths(doc, font)
    found: list[LigatureCode] = []
    for code, full in fulls.items():
        if not full or code not in widths:
            continue
        # Every other code MuPDF reads as the same letter (base encoding, or a
        # Differences name such as "T" or "T.alt") must have another width.
        rivals = [
            widths.get(c, -1.0)
            for c in widths
            if c != code and _reads_as(names.get(c), c) in ("", full[0])
        ]
        if all(abs(w - widths[code]) > _TOLERANCE for w in rivals):
            found.append(LigatureCode(full[0], full, widths[code]))
    return tuple(found)


def _reads_as(name: str | None, code: int) -> str:
    """The first letter a code reads as, ``""`` when unknown (then it counts as a rival)."""
    if name is None:
        return chr(code) if 32 < code < 127 else ""
    return _component(name.split(".", 1)[0].split("_", 1)[0])


def ligature_codes(page: Any) -> dict[str, tuple[LigatureCode, ...]]:
    """The ligature glyphs MuPDF reads short on ``page``, by font name as spans report it."""
    if not page.parent.is_pdf:
        return {}
    doc = page.parent
    out: dict[str, tuple[LigatureCode, ...]] = {}
    for xref, _ext, kind, basefont, *_ in page.get_fonts():
        if kind not in ("Type1", "MMType1", "TrueType") or not xref:
            continue
        if doc.xref_get_key(xref, "ToUnicode")[0] != "null":
            continue  # MuPDF reads the map, which spells ligatures out
        codes = _font_codes(doc, xref)
        if codes:
            out[_SUBSET_RE.sub("", basefont)] = codes
    return out


def repair_glyph_names(
    blocks: Iterable[dict[str, Any]], codes: dict[str, tuple[LigatureCode, ...]]
) -> None:
    """Spell out, in place, the ligature characters of ``rawdict`` blocks drawn by ``codes``."""
    for block in blocks:
        for line in block.get("lines", ()):
            for span in line["spans"]:
                fixes = codes.get(str(span["font"]))
                size = float(span["size"])
                if not fixes or size <= 0:
                    continue
                for char in span["chars"]:
                    width = (char["bbox"][2] - char["bbox"][0]) / size
                    for fix in fixes:
                        if char["c"] == fix.short and abs(width - fix.width) <= _TOLERANCE:
                            char["c"] = fix.full
                            break
