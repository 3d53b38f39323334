"""A small, forgiving Markdown block parser (CommonMark-ish, GFM tables)."""

from __future__ import annotations

import re
from collections.abc import Iterator

from ..._model import Block, Code, Figure, Heading, ListItem, Paragraph, Table
from ._html_blocks import html_to_blocks
from ._inline import inline_to_text

__all__ = ["parse_markdown"]

_ATX = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$")
_SETEXT = re.compile(r"^ {0,3}(=+|-+)[ \t]*$")
_FENCE = re.compile(r"^( {0,3})(`{3,}|~{3,})[ \t]*([^`\s]*)")
_LIST = re.compile(r"^([ \t]*)([-*+]|\d{1,9}[.)])(?:[ \t]+(.*)|[ \t]*$)")
_RULE = re.compile(r"^ {0,3}([-*_])([ \t]*\1){2,}[ \t]*$")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(\|\s*:?-{1,}:?\s*)*\|?\s*$")
_IMAGE_LINE = re.compile(r"^\s*!\[([^\]]*)\]\([^)]*\)\s*$")
_HTML_START = re.compile(r"^ {0,3}<(/?[A-Za-z][\w-]*|!--)")


def _indent_width(prefix: str) -> int:
    return len(prefix.expandtabs(4))


def _split_row(line: str) -> list[str]:
    body = line.strip()
    if body.startswith("|"):
        body = body[1:]
    if body.endswith("|") and not body.endswith("\\|"):
        body = body[:-1]
    cells = re.split(r"(?<!\\)\|", body)
    return [inline_to_text(c.replace("\\|", "|")) for c in cells]


class _Parser:
    def __init__(self, text: str) -> None:
        self.lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
        self.i = 0
        self.blocks: list[Block] = []
        self.list_indents: list[int] = []

    def parse(self) -> list[Block]:
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if not line.strip():
                self.i += 1
                continue
            self._block(line)
        return self.blocks

    def _block(self, line: str) -> None:
        if (m := _FENCE.match(line)) is not None:
            self._fenced(m)
        elif (m := _ATX.match(line)) is not None:
            self.list_indents = []
            self.i += 1
            text = inline_to_text(m.group(2) or "")
            if text:
                self.blocks.append(Heading(text=text, level=len(m.group(1))))
        elif _RULE.match(line):
            self.i += 1
        elif (m := _LIST.match(line)) is not None:
            self._list_item(m)
        elif line.startswith(("    ", "\t")) and not self.list_indents:
            self._indented_code()
        elif _HTML_START.match(line):
            self._html()
        elif (
            "|" in line
            and self.i + 1 < len(self.lines)
            and _TABLE_RULE.match(self.lines[self.i + 1])
        ):
            self._table()
        else:
            self._paragraph()

    def _fenced(self, match: re.Match[str]) -> None:
        fence, language = match.group(2), match.group(3) or None
        body: list[str] = []
        self.i += 1
        while self.i < len(self.lines) and not self.lines[self.i].strip().startswith(fence):
            body.append(self.lines[self.i])
            self.i += 1
        self.i += 1
        code = "\n".join(body).strip("\n")
        if code.strip():
            self.blocks.append(Code(text=code, language=language))

    def _indented_code(self) -> None:
        body: list[str] = []
        while self.i < len(self.lines) and (
            self.lines[self.i].startswith(("    ", "\t")) or not self.lines[self.i].strip()
        ):
            body.append(self.lines[self.i].expandtabs(4)[4:])
            self.i += 1
        code = "\n".join(body).strip("\n")
        if code.strip():
            self.blocks.append(Code(text=code))

    def _list_item(self, match: re.Match[str]) -> None:
        indent = _indent_width(match.group(1))
        while self.list_indents and indent < self.list_indents[-1]:
            self.list_indents.pop()
        if not self.list_indents or indent > self.list_indents[-1]:
            self.list_indents.append(indent)
        marker = match.group(2)
        parts = [match.group(3) or ""]
        self.i += 1
        while self.i < len(self.lines):
            nxt = self.lines[self.i]
            if not nxt.strip() or _LIST.match(nxt) or _ATX.match(nxt) or _FENCE.match(nxt):
                break
            parts.append(nxt.strip())
            self.i += 1
        text = inline_to_text(" ".join(parts))
        if text:
            ordered = marker[0].isdigit()
            self.blocks.append(
                ListItem(
                    text=text, depth=len(self.list_indents) - 1, marker=marker, ordered=ordered
                )
            )

    def _html(self) -> None:
        if self.lines[self.i].lstrip().startswith("<!--"):
            while self.i < len(self.lines) and "-->" not in self.lines[self.i]:
                self.i += 1
            self.i += 1  # a comment is not content
            return
        start = self.i
        while self.i < len(self.lines) and self.lines[self.i].strip():
            self.i += 1
        fragment = "\n".join(self.lines[start : self.i])
        # An HTML block runs to the first blank line, but tables and lists
        # often contain blank lines: extend to the closing tag when one follows.
        opener = re.match(r"\s*<(\w+)", fragment)
        if opener and f"</{opener.group(1)}>" not in fragment:
            closing = f"</{opener.group(1)}>"
            while self.i < len(self.lines) and closing not in self.lines[self.i - 1]:
                fragment += "\n" + self.lines[self.i]
                self.i += 1
        self.list_indents = []
        self.blocks.extend(html_to_blocks(fragment))

    def _table(self) -> None:
        header = _split_row(self.lines[self.i])
        self.i += 2
        rows = [header]
        while self.i < len(self.lines) and "|" in self.lines[self.i] and self.lines[self.i].strip():
            rows.append(_split_row(self.lines[self.i]))
            self.i += 1
        width = max(len(r) for r in rows)
        rows = [r + [""] * (width - len(r)) for r in rows]
        self.list_indents = []
        self.blocks.append(Table.from_rows(rows, header_rows=1))

    def _paragraph(self) -> None:
        parts: list[str] = []
        while self.i < len(self.lines):
            line = self.lines[self.i]
            if parts and _SETEXT.match(line):
                self.i += 1
                level = 1 if line.strip()[0] == "=" else 2
                self.blocks.append(Heading(text=inline_to_text(" ".join(parts)), level=level))
                return
            if not line.strip() or (parts and self._interrupts(line)):
                break
            parts.append(line.strip())
            self.i += 1
        self.list_indents = []
        if len(parts) == 1 and (m := _IMAGE_LINE.match(parts[0])) is not None:
            caption = inline_to_text(m.group(1)) or None
            self.blocks.append(Figure(text=caption or "", caption=caption))
            return
        text = inline_to_text(" ".join(parts))
        if text:
            self.blocks.append(Paragraph(text=text))

    def _interrupts(self, line: str) -> bool:
        return bool(
            _ATX.match(line) or _FENCE.match(line) or _LIST.match(line) or _RULE.match(line)
        )


def parse_markdown(text: str) -> list[Block]:
    """Parse Markdown into blocks in document order."""
    return _Parser(text).parse()


def iter_paragraphs(text: str) -> Iterator[str]:
    """Plain text: paragraphs are separated by blank lines; line breaks inside are kept."""
    for chunk in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line.rstrip() for line in chunk.strip("\n").split("\n")]
        paragraph = "\n".join(lines).strip()
        if paragraph:
            yield paragraph
