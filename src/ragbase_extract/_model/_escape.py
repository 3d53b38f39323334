"""Markdown escaping: keep the text's characters, change nothing it would structure.

The rule (documented in docs/model.rst): characters are written as they are,
``&``, ``<`` and ``>`` included, because the Markdown is read by people and
LLMs. A backslash goes in only where a CommonMark renderer would otherwise read
the text as structure:

- a backslash before ASCII punctuation (it would escape it) or a line end
  (a hard line break);
- ``&`` that starts an entity reference (``&amp;``, ``&#38;``);
- ``<`` that starts a tag, comment or declaration (``<b>``, ``</p>``, ``<!--``);
- at the start of a line: ATX heading hashes, ``>``, list markers (``-``,
  ``+``, ``*``, ``1.``, ``1)``), thematic breaks and setext underlines
  (``---``, ``***``, ``===``) and code fences;
- in table cells, ``|``.

Inline emphasis, code and link characters (``*``, ``_``, backticks, ``[``)
are left alone inside a line: documents rarely pair them, and escaping every
one would fill the text with backslashes.
"""

from __future__ import annotations

import re

_BACKSLASH = re.compile(r"\\(?=[!-/:-@\[-`{-~]|\n|$)")
_ENTITY = re.compile(r"&(?=#?[0-9A-Za-z]+;)")
_TAG = re.compile(r"<(?=[A-Za-z/!?])")
# What a line may start with (after up to three spaces) that makes it a block.
_LINE_START = re.compile(
    r"^( {0,3})(?:"
    r"(?P<mark>#{1,6}(?=[ \t]|$)|>|[-+*](?=[ \t]|$)|```|~~~|[-*_=](?=(?:[ \t]*[-*_=])*[ \t]*$))"
    r"|(?P<num>\d{1,9})(?P<delim>[.)])(?=[ \t]|$))",
    re.MULTILINE,
)
_CLOSING_HASHES = re.compile(r"(^|[ \t])(#+)[ \t]*$")


def escape_inline(text: str) -> str:
    """Escape what would start markup anywhere in a line; keep every character."""
    text = _BACKSLASH.sub(r"\\\\", text)
    text = _ENTITY.sub(r"\\&", text)
    return _TAG.sub(r"\\<", text)


def _line_start(match: re.Match[str]) -> str:
    indent = match.group(1)
    if match.group("mark") is not None:
        return f"{indent}\\{match.group('mark')}"
    return f"{indent}{match.group('num')}\\{match.group('delim')}"


def escape_text(text: str) -> str:
    """Escape a paragraph-like text: inline markup and block starts on every line.

    Leading blanks and blank lines go: a renderer drops the first and reads the
    second as a paragraph break, and four blanks would start a code block.
    """
    lines = (line.strip() for line in text.split("\n"))
    return _LINE_START.sub(_line_start, escape_inline("\n".join(line for line in lines if line)))


def escape_heading(text: str) -> str:
    """Escape one-line heading text, including a trailing run of ``#`` it would lose."""
    return _CLOSING_HASHES.sub(r"\1\\\2", escape_inline(text))


def escape_cell(text: str) -> str:
    """Escape a table cell for a GFM pipe row (one line, ``|`` escaped)."""
    return escape_inline(" ".join(text.split())).replace("|", "\\|")
