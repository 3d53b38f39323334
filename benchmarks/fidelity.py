"""Fidelity scores of an extractor's Markdown against a reference Markdown.

Importable on its own (standard library only): ``sys.path.insert(0, "benchmarks")``
then ``from fidelity import score``.

Three figures, each in ``[0, 1]``:

* **text** — order-sensitive word similarity: both sides are reduced to plain words by
  :func:`normalize_words`, and ``1 - indel / (len_a + len_b)`` is taken, where ``indel``
  is the Indel distance (insertions and deletions only) between the two word sequences.
  Equivalently ``2 * LCS / (len_a + len_b)``. Two empty documents score 1.0.
* **headings** — multiset F1 of the normalized heading texts (ATX ``#`` headings,
  setext headings and HTML ``<h1>``-``<h6>``). Both without headings: 1.0; only one: 0.0.
* **tables** — multiset F1 of the normalized, non-empty cell texts of every pipe table
  and every HTML ``<table>`` in the Markdown. ``None`` (not applicable) when neither
  side has a table, so means over files should skip it.

Normalization (:func:`normalize_words`), decided once for all tools:

* Markdown syntax goes: heading markers, blockquote markers, list markers (bullets,
  ``1.`` / ``1)`` numbers and task boxes at the start of a line), emphasis and code
  backticks, table pipes and rule rows, code-fence lines (the code itself stays),
  HTML comments (``<!-- image -->``), HTML tags (their text stays), images entirely
  (alt text included, since references render images as ``<!-- image -->``), link
  targets (link text stays), link reference definitions.
* HTML entities are unescaped, then Unicode NFKC, then ``str.casefold`` (case
  differences are not a fidelity question for RAG retrieval; ligatures and full-width
  forms fold through NFKC).
* Words are maximal runs of letters, digits and combining marks; punctuation and
  ``_`` separate words and are dropped, so ``state-of-the-art`` is four words on both
  sides. Each CJK ideograph or kana is a word of its own (those scripts have no
  spaces between words).
"""

from __future__ import annotations

import html
import re
import sys
import unicodedata
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser

__all__ = [
    "Scores",
    "heading_f1",
    "headings",
    "lcs_length",
    "multiset_f1",
    "normalize_words",
    "score",
    "table_cell_f1",
    "table_cells",
    "text_similarity",
]


def _mark_class() -> str:
    """Return a regex character-class body of the combining marks in the BMP."""
    ranges: list[tuple[int, int]] = []
    for cp in range(0x300, 0x10000):
        if unicodedata.category(chr(cp)).startswith("M"):
            if ranges and ranges[-1][1] == cp - 1:
                ranges[-1] = (ranges[-1][0], cp)
            else:
                ranges.append((cp, cp))
    return "".join(f"\\u{a:04x}-\\u{b:04x}" if a != b else f"\\u{a:04x}" for a, b in ranges)


_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_WORD_RE = re.compile(f"[{_CJK}]|(?:[^\\W_{_CJK}]|[{_mark_class()}])+")

_FENCE_RE = re.compile(r"^\s{0,3}(`{3,}|~{3,})")
_ATX_RE = re.compile(r"^\s{0,3}(#{1,6})(?:\s+|$)(.*?)(?:\s+#+)?\s*$")
_SETEXT_RE = re.compile(r"^\s{0,3}(=+|-+)\s*$")
_LINE_PREFIX_RE = re.compile(
    r"^\s{0,3}#{1,6}(?:\s+|$)"  # ATX heading marker
    r"|^(?:\s*>)+"  # blockquote markers
)
_LIST_MARKER_RE = re.compile(r"^\s*(?:[-*+•]|\d{1,9}[.)])\s+(?:\[[ xX]\]\s+)?")
# Quantifiers are bounded so that pathological input stays linear.
_URL_PART = (
    r"\((?:[^()\s]|\([^()]{0,500}\)){0,2000}"
    r"(?:\s+(?:\"[^\"]{0,500}\"|'[^']{0,500}'))?\s{0,10}\)"
)
_IMAGE_RE = re.compile(r"!\[[^\[\]]{0,1000}\]" + _URL_PART)
_LINK_RE = re.compile(r"\[([^\[\]]{0,1000})\]" + _URL_PART)
_REF_LINK_RE = re.compile(r"\[([^\[\]]{1,1000})\]\[[^\[\]]{0,200}\]")
_LINK_DEF_RE = re.compile(r"^\s{0,3}\[[^\]]+\]:\s+\S+.*$")
_AUTOLINK_RE = re.compile(r"<((?:https?|ftp|mailto):[^>\s]*)>", re.IGNORECASE)
_TAG_RE = re.compile(r"</?[A-Za-z][^<>]*>")
_HTML_HEADING_RE = re.compile(
    r"<h([1-6])\b[^<>]{0,500}>(.{0,1000}?)</h\1\s*>", re.IGNORECASE | re.DOTALL
)
# A backslash-escaped ``\\<table ...>`` is literal text in CommonMark, not a tag:
# counting it opened an unclosed "HTML table" that swallowed the rest of the file.
_HTML_TABLE_TAG_RE = re.compile(r"(?<!\\)<table\b[^<>]{0,2000}>|(?<!\\)</table\s*>", re.IGNORECASE)
_DELIMITER_ROW_RE = re.compile(r"^\s*\|?\s*:?-+:?\s*(?:\|\s*:?-+:?\s*)*\|?\s*$")


@dataclass(frozen=True)
class Scores:
    """Fidelity of one prediction against one reference.

    Attributes:
        text: Order-sensitive word similarity in ``[0, 1]``.
        headings: Heading-text multiset F1 in ``[0, 1]``.
        tables: Table-cell multiset F1 in ``[0, 1]``, or ``None`` when neither side
            has a table.
    """

    text: float
    headings: float
    tables: float | None


# --------------------------------------------------------------------------- lines


def _drop_html_comments(text: str) -> str:
    """Replace every ``<!-- … -->`` by a space (an unclosed one runs to the end)."""
    parts: list[str] = []
    pos = 0
    while (start := text.find("<!--", pos)) >= 0:
        parts.append(text[pos:start])
        end = text.find("-->", start + 4)
        pos = len(text) if end < 0 else end + 3
        parts.append(" ")
    parts.append(text[pos:])
    return "".join(parts)


def _content_lines(markdown: str) -> Iterator[tuple[str, bool]]:
    """Yield ``(line, in_code)`` for each line, dropping HTML comments and fence lines."""
    fence: str | None = None
    for line in _drop_html_comments(markdown).splitlines():
        match = _FENCE_RE.match(line)
        if fence is None and match:
            fence = match.group(1)[0] * 3
            continue
        if fence is not None and line.strip().startswith(fence) and not line.strip(fence[0]):
            fence = None
            continue
        yield line, fence is not None


def _strip_inline(text: str) -> str:
    """Remove inline Markdown/HTML markup from ``text``, keeping its visible words."""
    text = _IMAGE_RE.sub(" ", text)
    text = _LINK_RE.sub(r"\1", text)
    text = _REF_LINK_RE.sub(r"\1", text)
    text = _AUTOLINK_RE.sub(r" \1 ", text)
    text = _TAG_RE.sub(" ", text)
    return html.unescape(text)


def _strip_line(line: str) -> str:
    """Remove block-level Markdown markers from one line, then inline markup."""
    if _LINK_DEF_RE.match(line):
        return ""
    line = _LINE_PREFIX_RE.sub("", line)
    line = _LIST_MARKER_RE.sub("", line)
    return _strip_inline(line)


def _words(text: str) -> list[str]:
    """Split already de-marked ``text`` into normalized words."""
    return _WORD_RE.findall(unicodedata.normalize("NFKC", text).casefold())


def normalize_words(markdown: str) -> list[str]:
    """Reduce Markdown to its plain, normalized words in reading order.

    Args:
        markdown: Markdown text (may contain inline HTML).

    Returns:
        The words, NFKC-normalized and casefolded, Markdown syntax removed.

    Example:
        >>> normalize_words("## The *Title*\\n\\n- [a link](http://x.org) <!-- image -->")
        ['the', 'title', 'a', 'link']
    """
    parts = [line if in_code else _strip_line(line) for line, in_code in _content_lines(markdown)]
    return _words("\n".join(parts))


def _phrase(text: str) -> str:
    """Normalize a heading or cell text to a single space-joined phrase."""
    return " ".join(_words(_strip_line(text)))


# ----------------------------------------------------------------------- similarity


def _word_masks(seq: list[int]) -> dict[int, int]:
    """Map each symbol of ``seq`` to the bitmask of the positions where it occurs."""
    positions: dict[int, list[int]] = {}
    for i, sym in enumerate(seq):
        positions.setdefault(sym, []).append(i)
    masks: dict[int, int] = {}
    for sym, where in positions.items():
        bits = bytearray((len(seq) + 7) // 8)
        for i in where:
            bits[i >> 3] |= 1 << (i & 7)
        masks[sym] = int.from_bytes(bits, "little")
    return masks


def lcs_length(a: list[int], b: list[int]) -> int:
    """Length of the longest common subsequence of two integer sequences.

    Bit-parallel (Hyyrö 2004) over Python integers: ``O(len(a) * len(b) / w)``.

    Example:
        >>> lcs_length([1, 2, 3, 4], [2, 4, 3])
        2
    """
    start = 0
    while start < len(a) and start < len(b) and a[start] == b[start]:
        start += 1
    end = 0
    while end < len(a) - start and end < len(b) - start and a[-1 - end] == b[-1 - end]:
        end += 1
    a_mid, b_mid = a[start : len(a) - end], b[start : len(b) - end]
    if len(a_mid) > len(b_mid):
        a_mid, b_mid = b_mid, a_mid
    if not a_mid:
        return start + end
    masks = _word_masks(a_mid)
    full = (1 << len(a_mid)) - 1
    v = full
    for sym in b_mid:
        m = masks.get(sym)
        if m is None:
            continue
        u = v & m
        v = ((v + u) | (v - u)) & full
    return start + end + len(a_mid) - v.bit_count()


def _to_ints(*seqs: list[str]) -> list[list[int]]:
    """Map words to integers consistently across ``seqs``."""
    ids: dict[str, int] = {}
    return [[ids.setdefault(w, len(ids)) for w in seq] for seq in seqs]


def word_sequence_similarity(a: list[str], b: list[str]) -> float:
    """Normalized Indel similarity ``2 * LCS / (len(a) + len(b))`` of two word lists."""
    total = len(a) + len(b)
    if total == 0:
        return 1.0
    ia, ib = _to_ints(a, b)
    return 2 * lcs_length(ia, ib) / total


def text_similarity(pred_md: str, ref_md: str) -> float:
    """Order-sensitive word similarity of two Markdown texts, in ``[0, 1]``.

    Example:
        >>> text_similarity("# A b\\n\\nc d", "a b c d")
        1.0
        >>> round(text_similarity("a b c d", "a b"), 3)
        0.667
    """
    return word_sequence_similarity(normalize_words(pred_md), normalize_words(ref_md))


# ------------------------------------------------------------------------ multisets


def multiset_f1(pred: Iterable[str], ref: Iterable[str]) -> float:
    """F1 of two multisets: ``2 * |pred ∩ ref| / (|pred| + |ref|)``; both empty → 1.0."""
    p, r = Counter(pred), Counter(ref)
    total = p.total() + r.total()
    if total == 0:
        return 1.0
    return 2 * (p & r).total() / total


# ------------------------------------------------------------------------- headings


def headings(markdown: str) -> list[str]:
    """Normalized texts of the headings in ``markdown`` (ATX, setext and HTML ``<hN>``).

    Example:
        >>> headings("# One\\n\\nTwo\\n---\\n\\n<h3>Three</h3>\\n\\n```\\n# not\\n```")
        ['one', 'two', 'three']
    """
    found: list[str] = []
    previous = ""
    for line, in_code in _content_lines(markdown):
        if in_code:
            previous = ""
            continue
        atx = _ATX_RE.match(line)
        if atx:
            found.append(_phrase(atx.group(2)))
        elif _SETEXT_RE.match(line) and _is_setext_text(previous):
            found.append(_phrase(previous))
        found.extend(_phrase(m.group(2)) for m in _HTML_HEADING_RE.finditer(line))
        previous = line
    return [h for h in found if h]


def _is_setext_text(line: str) -> bool:
    """Whether ``line`` can be the text line of a setext heading."""
    stripped = line.strip()
    return bool(stripped) and not (
        stripped.startswith(("|", "#", ">", "<"))
        or _LIST_MARKER_RE.match(line)
        or _SETEXT_RE.match(line)
        or (len(line) - len(line.lstrip())) >= 4
    )


def heading_f1(pred_md: str, ref_md: str) -> float:
    """Multiset F1 of normalized heading texts; both empty → 1.0, one empty → 0.0."""
    return multiset_f1(headings(pred_md), headings(ref_md))


# --------------------------------------------------------------------------- tables


class _CellParser(HTMLParser):
    """Collect the texts of ``<td>``/``<th>`` cells (innermost cell wins)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.cells: list[str] = []
        self._open: list[list[str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        """Open a cell buffer on ``td``/``th``; a ``br`` is a word break."""
        if tag in ("td", "th"):
            self._open.append([])
        elif self._open:
            self._open[-1].append(" ")

    def handle_endtag(self, tag: str) -> None:
        """Close the innermost cell on ``</td>``/``</th>``."""
        if tag in ("td", "th") and self._open:
            self.cells.append("".join(self._open.pop()))
        elif self._open:
            self._open[-1].append(" ")

    def unclosed(self) -> list[list[str]]:
        """Buffers of cells still open at the end of the input (unclosed ``<td>``)."""
        return self._open

    def handle_data(self, data: str) -> None:
        """Append text to the innermost open cell."""
        if self._open:
            self._open[-1].append(data)


def _html_table_spans(markdown: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each outermost HTML table (an unclosed one runs to the end)."""
    spans: list[tuple[int, int]] = []
    depth, start = 0, 0
    for match in _HTML_TABLE_TAG_RE.finditer(markdown):
        if match.group().startswith("</"):
            if depth == 1:
                spans.append((start, match.end()))
            depth = max(depth - 1, 0)
        else:
            if depth == 0:
                start = match.start()
            depth += 1
    if depth:
        spans.append((start, len(markdown)))
    return spans


def _without_html_tables(markdown: str) -> str:
    """``markdown`` with every HTML table replaced by a blank line."""
    parts, pos = [], 0
    for start, end in _html_table_spans(markdown):
        parts += [markdown[pos:start], "\n\n"]
        pos = end
    return "".join([*parts, markdown[pos:]])


def _html_table_cells(markdown: str) -> tuple[list[str], int]:
    """Raw cell texts of all HTML tables and the number of tables."""
    tables = [markdown[start:end] for start, end in _html_table_spans(markdown)]
    cells: list[str] = []
    for table in tables:
        parser = _CellParser()
        # Declarations and marked sections mean nothing in a cell and can make the
        # stdlib parser raise on malformed input: neutralize them.
        try:
            parser.feed(_drop_html_comments(table).replace("<!", "&lt;!"))
            parser.close()
        except (AssertionError, ValueError):  # malformed beyond repair: keep what parsed
            pass
        cells.extend(parser.cells)
        cells.extend("".join(buffer) for buffer in parser.unclosed())
    return cells, len(tables)


def _split_row(line: str) -> list[str]:
    """Split a pipe-table row into raw cell texts (``\\|`` is a literal pipe)."""
    row = line.strip()
    row = row.removeprefix("|")
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return [cell.replace("\\|", "|") for cell in re.split(r"(?<!\\)\|", row)]


def _pipe_table_cells(markdown: str) -> tuple[list[str], int]:
    """Raw cell texts of all pipe tables and the number of tables.

    A table is a run of lines starting with ``|``, or a header line containing ``|``
    followed by a delimiter row (GFM tables without outer pipes). Delimiter rows
    are skipped.
    """
    lines = [(line, code) for line, code in _content_lines(_without_html_tables(markdown))]
    cells: list[str] = []
    count = 0
    i = 0
    while i < len(lines):
        line, code = lines[i]
        starts = not code and line.lstrip().startswith("|")
        gfm = (
            not code
            and "|" in line
            and i + 1 < len(lines)
            and "|" in lines[i + 1][0]
            and bool(_DELIMITER_ROW_RE.match(lines[i + 1][0]))
        )
        if not (starts or gfm):
            i += 1
            continue
        count += 1
        while i < len(lines) and not lines[i][1] and "|" in lines[i][0]:
            if not _DELIMITER_ROW_RE.match(lines[i][0]):
                cells.extend(_split_row(lines[i][0]))
            i += 1
    return cells, count


def table_cells(markdown: str) -> list[str] | None:
    """Normalized non-empty cell texts of every table, or ``None`` if there is no table.

    Example:
        >>> table_cells("| A | B |\\n|---|---|\\n| 1 | *two* |")
        ['a', 'b', '1', 'two']
        >>> table_cells("no tables") is None
        True
    """
    pipe_cells, pipe_count = _pipe_table_cells(markdown)
    html_cells, html_count = _html_table_cells(markdown)
    if pipe_count + html_count == 0:
        return None
    phrases = (_phrase(cell) for cell in [*pipe_cells, *html_cells])
    return [p for p in phrases if p]


def table_cell_f1(pred_md: str, ref_md: str) -> float | None:
    """Multiset F1 of table cell texts; ``None`` when neither side has a table."""
    pred, ref = table_cells(pred_md), table_cells(ref_md)
    if pred is None and ref is None:
        return None
    return multiset_f1(pred or [], ref or [])


# --------------------------------------------------------------------------- scores


def score(pred_md: str, ref_md: str) -> Scores:
    """All three fidelity figures of ``pred_md`` against ``ref_md``."""
    return Scores(
        text=text_similarity(pred_md, ref_md),
        headings=heading_f1(pred_md, ref_md),
        tables=table_cell_f1(pred_md, ref_md),
    )


def _main(argv: list[str]) -> int:
    """``python fidelity.py PRED.md REF.md``: print the three scores."""
    if len(argv) != 2:
        print("usage: python benchmarks/fidelity.py PRED.md REF.md", file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as p, open(argv[1], encoding="utf-8") as r:
        result = score(p.read(), r.read())
    print(result)
    return 0


if __name__ == "__main__":
    raise SystemExit(_main(sys.argv[1:]))
