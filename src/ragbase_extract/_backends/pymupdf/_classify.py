"""Facts for classifying groups of lines: font statistics, list markers, captions, joining.

Font statistics come from the whole document: the body size is the most common
font size by character count; lines clearly larger than it, or bold lines at
body size when the body is not bold, are heading candidates (:mod:`._headings`
decides headings and their levels).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from ._lines import Line
from ._symbols import CHECKED, UNCHECKED

__all__ = [
    "CAPTION_RE",
    "FontStats",
    "is_heading_size",
    "join_lines",
    "list_marker",
    "prose_styles",
    "style",
]

_BULLETS: Final = "•◦▪▫■□●○‣⁃∙·◆◇►▶➢➤✓✔❖–—-*+"
# Private-use code points: bullets drawn from symbol fonts (Wingdings, Symbol).
_BULLET_RE: Final = re.compile(
    rf"^([{re.escape(_BULLETS)}\ue000-\uf8ff☐☑☒❏❑])(?:\s+|(?=[^\W\d_]))(?=\S)"
)
_TASK_MARKERS: Final = {UNCHECKED: "- [ ]", CHECKED: "- [x]", "☑": "- [x]"}
_ORDERED_RE: Final = re.compile(
    r"^(\(?(?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})[.)]|\((?:\d{1,3}|[a-zA-Z]|[ivxIVX]{1,5})\))\s+(?=\S)"
)
CAPTION_RE: Final = re.compile(r"^(?:Figure|Fig\.|Table|Listing|Chart|Exhibit)\s*[A-Z]?\d", re.I)
"""A caption's opening words: ``Figure 3``, ``Fig. 2``, ``Table 1-2`` ..."""
_CJK_RE: Final = re.compile(r"[\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_WORD_END_RE: Final = re.compile(r"(\S+)-$")
_PROSE_RUN: Final = 4
"""Lines of one style stacked this deep are running text (a heading has at most three)."""


def list_marker(text: str) -> tuple[str, bool, str] | None:
    """Split a list marker off ``text``.

    Args:
        text: A line's text.

    Returns:
        ``(marker, ordered, rest)`` or ``None`` when the line starts no list item.
    """
    match = _BULLET_RE.match(text)
    if match:
        rest = text[match.end() :].strip()
        if match.group(1) in "-–—*+" and not match.group(0).endswith(" "):
            return None  # "-5 dB", "*emphasis": no space after the dash, not a bullet
        # A check box item takes the marker the Docling backend gives one, also
        # behind a bullet ("• ☐ Other").
        symbol = _TASK_MARKERS.get(match.group(1), match.group(1))
        inner = list_marker(rest) if rest[:1] in _TASK_MARKERS else None
        if inner is not None and symbol not in _TASK_MARKERS.values():
            return inner
        return (symbol, False, rest) if rest else None
    match = _ORDERED_RE.match(text)
    if match:
        rest = text[match.end() :].strip()
        if rest:
            return (match.group(1), True, rest)
    return None


@dataclass(frozen=True, slots=True)
class FontStats:
    """Document-wide font statistics.

    Attributes:
        body_size: The most common font size, weighted by characters.
        body_bold: The body text is set in bold.
        body_italic: The body text is set in italics.
        body_font: The most common font at the body size.
    """

    body_size: float
    body_bold: bool
    body_italic: bool = False
    body_font: str = ""

    @classmethod
    def from_lines(cls, lines: Iterable[Line]) -> FontStats:
        """Compute the statistics from every horizontal line of the document."""
        sizes: Counter[float] = Counter()
        bold: Counter[bool] = Counter()
        italic: Counter[bool] = Counter()
        fonts: Counter[tuple[float, str]] = Counter()
        for line in lines:
            if line.horizontal:
                sizes[line.size] += len(line.text)
                fonts[(line.size, line.font)] += len(line.text)
                bold[line.bold] += len(line.text)
                italic[line.italic] += len(line.text)
        if not sizes:
            return cls(body_size=10.0, body_bold=False)
        body = sizes.most_common(1)[0][0]
        return cls(
            body_size=body,
            body_bold=bold[True] > bold[False],
            body_italic=italic[True] > italic[False],
            body_font=max((n, font) for (size, font), n in fonts.items() if size == body)[1],
        )


def style(line: Line) -> tuple[str, float, bool]:
    """A line's style: dominant font, size, and whether it reads bold."""
    return (line.font, line.size, line.bold)


def prose_styles(lines: Sequence[Line]) -> frozenset[tuple[str, float, bool]]:
    """Styles (:func:`style`) a page sets running text in.

    A style is running text where at least four of its lines stand one under
    the other at line spacing: a paragraph. Text in such a style is no heading
    by its size, even when most of the page's characters (footnotes, a
    caption) are smaller and make it look large.
    """
    flat = sorted((ln for ln in lines if ln.horizontal), key=lambda ln: ln.y0)
    depth: dict[int, int] = {}
    styles: set[tuple[str, float, bool]] = set()
    for i, line in enumerate(flat):
        run = depth.get(i, 1)
        if run >= _PROSE_RUN:
            styles.add(style(line))
        for j in range(i + 1, len(flat)):
            below = flat[j]
            if below.y0 > line.y1 + line.height:
                break
            if _stacked(line, below):
                depth[j] = max(depth.get(j, 1), run + 1)
                break
    return frozenset(styles)


def _stacked(line: Line, below: Line) -> bool:
    """``below`` is the next line of ``line``'s paragraph: same style, under it, edges aligned.

    The left (or, right to left, the right) edges may differ by a first-line
    indent, not more: centred lines (a title, a list of authors) are no running text.
    """
    return (
        style(below) == style(line)
        and below.y0 >= line.y1 - 0.3 * line.height
        and min(abs(below.x0 - line.x0), abs(below.x1 - line.x1)) <= 1.5 * line.size
        and min(line.x1, below.x1) - max(line.x0, below.x0) > 0.5 * min(line.width, below.width)
    )


def is_heading_size(size: float, body: float) -> bool:
    """Clearly larger than the body size: a heading candidate by size alone."""
    return size >= body + 0.9 and size >= body * 1.08


def _ends_cjk(text: str) -> bool:
    return bool(text) and _CJK_RE.match(text[-1]) is not None


def join_lines(texts: Sequence[str], vocabulary: frozenset[str] = frozenset()) -> str:
    """Join a paragraph's lines, repairing words hyphenated at line ends.

    ``infor-`` + ``mation`` gives ``information``; a hyphen is kept when the word
    before it already holds one (``state-of-the-`` + ``art``), when the next line
    starts with a capital or a digit, or when the document spells the hyphenated
    form elsewhere (``vocabulary``). Lines of CJK text join without a space.

    Args:
        texts: The lines' texts, in order.
        vocabulary: Lower-case hyphenated words seen within lines of the document.
    """
    if not texts:
        return ""
    out = texts[0].strip()
    for raw in texts[1:]:
        text = raw.strip()
        if not text:
            continue
        if out.endswith("\u00ad"):
            out = out[:-1] + text
        elif out.endswith("-") and len(out) > 1 and out[-2].isalpha():
            out = _join_hyphen(out, text, vocabulary)
        elif _ends_cjk(out) and _CJK_RE.match(text[0]):
            out += text
        else:
            out += " " + text
    return out


def _join_hyphen(out: str, text: str, vocabulary: frozenset[str]) -> str:
    head = _WORD_END_RE.search(out)
    stem = head.group(1) if head else ""
    tail = text.split(" ", 1)[0]
    keep = (
        "-" in stem
        or not text[0].islower()
        or f"{stem}-{tail}".lower().strip(".,;:!?)") in vocabulary
    )
    return out + text if keep else out[:-1] + text
