"""From PyMuPDF's text dictionary to visual lines with font statistics.

PyMuPDF groups characters into spans (one font, size, colour) and spans into
lines, but it often splits one printed line into several "lines" in different
blocks (justified text, an inline font change, RTL runs). This module glues such
fragments back together when they share a baseline and sit close enough, and
records per line what classification needs: dominant font size, boldness,
monospace, writing direction.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

__all__ = [
    "Fragment",
    "Line",
    "build_fragments",
    "fix_lam_alef",
    "has_rtl",
    "is_bold",
    "is_rtl_text",
    "merge_fragments",
    "normalize_text",
    "split_scripts",
    "visual_to_logical",
]

# Ligatures and presentation forms MuPDF may hand over unexpanded (from a
# font's ToUnicode map) even with TEXT_PRESERVE_LIGATURES off.
_LIGATURES: Final = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u202f": " ",
        "\u3000": " ",
        "\t": " ",
        "\x00": "",
        "\ufeff": "",
    }
)
_RTL_RE: Final = re.compile("[\u0590-\u08ff\ufb1d-\ufdff\ufe70-\ufeff]")
_LTR_RE: Final = re.compile(r"[A-Za-z\u00c0-\u024f\u0370-\u03ff\u0400-\u04ff]")
_ALEFS: Final = frozenset("\u0627\u0623\u0625\u0622")
_LAM: Final = "\u0644"
_DINGBAT_HINTS: Final = ("wingding", "webding", "dingbat", "zapf")
_BULLET_RUN_RE: Final = re.compile(r"•(?:\s*•)+")
_MONO_HINTS: Final = ("mono", "courier", "consol", "menlo", "inconsolata", "cmtt", "sftt", "code")
_BOLD_HINTS: Final = ("bold", "black", "heavy", "semibold", "demi")
_STYLED: Final = 0.8
"""Share of a line's characters that must be bold (italic, monospaced) for the line to be."""
_SPACE_FRACTION: Final = 0.12
"""A gap wider than this fraction of the font size between fragments is a space."""
_MERGE_GAP: Final = 2.0
"""Fragments on one baseline closer than this many font sizes form one line
(TeX sets "5.1<quad>Title" and "Table 1.<quad>Caption" 1.2-1.4 em apart), unless
a column gutter lies between them."""


_LTR_RUN_RE: Final = re.compile(r"[0-9A-Za-z\u00c0-\u024f]+(?:[.,:/\-][0-9A-Za-z\u00c0-\u024f]+)*")
# Where Arabic/Hebrew letters meet Latin letters or digits without a space; PDF
# writers position such runs apart instead of emitting a space character.
_SCRIPT_SWITCH_RE: Final = re.compile(
    r"(?<=[\u0590-\u08ff])(?=[A-Za-z0-9])|(?<=[A-Za-z0-9])(?=[\u0590-\u08ff])"
)
_MIRROR: Final = str.maketrans("()[]{}<>«»", ")(][}{><»«")


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


def normalize_text(text: str) -> str:
    """Expand ligatures, turn exotic spaces into plain ones and apply NFC."""
    return unicodedata.normalize("NFC", text.translate(_LIGATURES))


def has_rtl(text: str) -> bool:
    """Whether ``text`` holds any Hebrew or Arabic-script character."""
    return _RTL_RE.search(text) is not None


def is_rtl_text(text: str) -> bool:
    """Whether right-to-left letters outnumber left-to-right ones in ``text``."""
    rtl = len(_RTL_RE.findall(text))
    return rtl > 0 and rtl >= len(_LTR_RE.findall(text))


@dataclass(slots=True)
class Line:
    """One printed line: text in logical order, box, and font statistics.

    Attributes:
        text: The line's text, normalised, without surrounding spaces.
        x0: Left edge in points.
        y0: Top edge.
        x1: Right edge.
        y1: Bottom edge.
        size: Dominant font size, weighted by character count.
        bold: Most characters are in a bold font.
        mono: Most characters are in a monospaced font.
        italic: Most characters are in an italic or oblique font.
        block: Number of the PyMuPDF text block of its first fragment.
        math: Some of its characters are set in a math font.
        rtl: The line reads right to left.
        horizontal: The line runs left to right on the page (not rotated).
        font: The dominant font's name.
        parts: The merged fragments, ``(x0, x1, text)`` left to right.
    """

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    size: float
    bold: bool
    mono: bool
    rtl: bool
    horizontal: bool = True
    italic: bool = False
    block: int = 0
    math: bool = False
    font: str = ""
    parts: list[tuple[float, float, str]] = field(default_factory=list, repr=False)

    @property
    def width(self) -> float:
        """Width of the line's box."""
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        """Height of the line's box."""
        return self.y1 - self.y0

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        """``(x0, y0, x1, y1)``."""
        return (self.x0, self.y0, self.x1, self.y1)


def is_bold(span: dict[str, Any]) -> bool:
    font = str(span.get("font", "")).lower()
    return bool(int(span.get("flags", 0)) & 16) or any(h in font for h in _BOLD_HINTS)


def _is_mono(span: dict[str, Any]) -> bool:
    font = str(span.get("font", "")).lower()
    return bool(int(span.get("flags", 0)) & 8) or any(h in font for h in _MONO_HINTS)


def _is_math_font(font: str) -> bool:
    name = font.lower().split("+")[-1]
    return name.startswith(("cmmi", "cmsy", "cmex", "msam", "msbm", "stixmath", "xits")) or (
        "math" in name
    )


def _is_italic(span: dict[str, Any]) -> bool:
    font = str(span.get("font", "")).lower()
    return bool(int(span.get("flags", 0)) & 2) or "italic" in font or "oblique" in font


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


def _span_text(span: dict[str, Any]) -> str:
    text = str(span["text"]) if "text" in span else fix_lam_alef(span.get("chars", ()))
    font = str(span.get("font", "")).lower()
    if text.strip() and any(hint in font for hint in _DINGBAT_HINTS):
        # Symbol fonts map their glyphs to arbitrary letters or control codes:
        # what they draw at a line start is a bullet or a check box.
        return "•"
    return text


@dataclass(slots=True)
class Fragment:
    """A run of text PyMuPDF reported as one line, before merging.

    Attributes:
        x0: Left edge.
        y0: Top edge.
        x1: Right edge.
        y1: Bottom edge.
        text: Normalised text in logical order.
        stats: Character counts by ``(size, bold, mono, font)``.
        italic: How many characters are italic.
        block: Number of the PyMuPDF text block it came from.
    """

    x0: float
    y0: float
    x1: float
    y1: float
    text: str
    stats: dict[tuple[float, bool, bool, str], int]
    italic: int = 0
    block: int = 0


def _fragment(line: dict[str, Any]) -> Fragment | None:
    stats: dict[tuple[float, bool, bool, str], int] = {}
    pieces: list[str] = []
    x0 = y0 = float("inf")
    x1 = y1 = float("-inf")
    italic = 0
    for span in line["spans"]:
        text = _span_text(span)
        pieces.append(text)
        weight = len(text.strip())
        if not weight:
            continue
        key = (round(float(span["size"]) * 2) / 2, is_bold(span), _is_mono(span), span["font"])
        stats[key] = stats.get(key, 0) + weight
        italic += weight if _is_italic(span) else 0
        bx0, by0, bx1, by1 = span["bbox"]
        x0, y0, x1, y1 = min(x0, bx0), min(y0, by0), max(x1, bx1), max(y1, by1)
    text = normalize_text("".join(pieces))
    if not stats or not text.strip():
        return None
    return Fragment(x0, y0, x1, y1, text, stats, italic)


def _finish(frags: list[Fragment], horizontal: bool) -> Line:
    stats: dict[tuple[float, bool, bool, str], int] = {}
    for frag in frags:
        for key, count in frag.stats.items():
            stats[key] = stats.get(key, 0) + count
    total = sum(stats.values())
    (size, _, _, font), _count = max(stats.items(), key=lambda kv: (kv[1], kv[0][0]))
    # Styled lines (for headings and paragraph breaks) are styled nearly
    # throughout; a few bold or italic words leave a line plain.
    bold = sum(c for k, c in stats.items() if k[1]) >= _STYLED * total
    mono = sum(c for k, c in stats.items() if k[2]) >= _STYLED * total
    italic = sum(f.italic for f in frags) >= _STYLED * total
    math = any(_is_math_font(k[3]) for k in stats)
    frags.sort(key=lambda f: f.x0)
    raw = [f.text for f in frags]
    rtl = is_rtl_text("".join(raw))
    joins = [""]
    for i in range(1, len(frags)):
        gap = frags[i].x0 - frags[i - 1].x1
        # Facing edges: in a right-to-left line the left fragment's logical start
        # touches the right fragment's logical end.
        left, right = (raw[i], raw[i - 1]) if rtl else (raw[i - 1], raw[i])
        spaced = gap > _SPACE_FRACTION * size or left[-1:].isspace() or right[:1].isspace()
        joins.append(" " if spaced else "")
    texts = [t.strip() for t in raw]
    if rtl:
        # Each fragment is in logical order already; the fragments of a
        # right-to-left line read from the rightmost one.
        text = texts[-1] + "".join(joins[i] + texts[i - 1] for i in range(len(texts) - 1, 0, -1))
    else:
        text = "".join(j + t for j, t in zip(joins, texts, strict=True))
    parts = [(f.x0, f.x1, t) for f, t in zip(frags, texts, strict=True)]
    if rtl:
        text = split_scripts(text)
    return Line(
        text=" ".join(_BULLET_RUN_RE.sub("•", text).split()),
        x0=min(f.x0 for f in frags),
        y0=min(f.y0 for f in frags),
        x1=max(f.x1 for f in frags),
        y1=max(f.y1 for f in frags),
        size=size,
        bold=bold,
        mono=mono,
        rtl=rtl,
        horizontal=horizontal,
        italic=italic,
        block=frags[0].block,
        math=math,
        font=font,
        parts=parts,
    )


def _same_line(
    a: Fragment, b: Fragment, size: float, gutters: Sequence[tuple[float, float]]
) -> bool:
    overlap = min(a.y1, b.y1) - max(a.y0, b.y0)
    if overlap < 0.5 * min(a.y1 - a.y0, b.y1 - b.y0):
        return False
    gap = b.x0 - a.x1
    if not -0.3 * size <= gap <= _MERGE_GAP * size:
        return False
    return not any(a.x1 <= g1 and b.x0 >= g0 for g0, g1 in gutters)


def _frag_size(frag: Fragment) -> float:
    return max(frag.stats.items(), key=lambda kv: kv[1])[0][0]


def build_fragments(blocks: Iterable[dict[str, Any]]) -> tuple[list[Fragment], list[Line]]:
    """Read the ``blocks`` of ``get_text("dict")`` into fragments.

    Args:
        blocks: The page dictionary's ``blocks`` (text blocks; others skipped).

    Returns:
        Horizontal fragments (to be merged into lines) and rotated lines.
    """
    horizontal: list[Fragment] = []
    others: list[Line] = []
    for number, block in enumerate(blocks):
        if block.get("type", 0) != 0:
            continue
        for raw in block.get("lines", ()):
            frag = _fragment(raw)
            if frag is None:
                continue
            frag.block = number
            dx, dy = raw.get("dir", (1.0, 0.0))
            if dx > 0.99 and abs(dy) < 0.02:
                horizontal.append(frag)
            else:
                others.append(_finish([frag], horizontal=False))
    return horizontal, others


def merge_fragments(
    fragments: Sequence[Fragment], gutters: Sequence[tuple[float, float]] = ()
) -> list[Line]:
    """Glue fragments sharing a baseline into lines, never across a column gutter.

    Args:
        fragments: Horizontal fragments from :func:`build_fragments`.
        gutters: Column gutters ``(x0, x1)`` of the page.

    Returns:
        The merged lines, in no particular order.
    """
    ordered = sorted(fragments, key=lambda f: (f.x0, f.y0))
    rows: list[list[Fragment]] = []
    # Index rows by the rounded vertical centre of their first fragment, so
    # each fragment only looks at rows near its own baseline.
    index: dict[int, list[list[Fragment]]] = {}
    for frag in ordered:
        size = _frag_size(frag)
        centre = round((frag.y0 + frag.y1) / 2)
        reach = max(1, round(size / 3))
        target = next(
            (
                row
                for key in range(centre - reach, centre + reach + 1)
                for row in index.get(key, ())
                if _same_line(row[-1], frag, size, gutters)
            ),
            None,
        )
        if target is None:
            target = []
            rows.append(target)
            index.setdefault(centre, []).append(target)
        target.append(frag)
    return [_finish(row, horizontal=True) for row in rows]
