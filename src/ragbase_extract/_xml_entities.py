"""The XML entity check: refuse entity-expansion bombs and external entities before parsing.

Docling's XML readers (JATS, USPTO, Office parts through lxml) would expand the
entities a DTD declares. :func:`check_xml_entities` reads the internal subsets
of every ``<!DOCTYPE`` in one linear scan (``str.find`` and anchored matches
only, never a pattern that backtracks over the input), honouring quoted
literals, comments and processing instructions, so a ``]>`` inside an entity
value cannot end the subset early and hide the declarations after it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Final

from ._errors import ResourceLimitError

__all__ = ["MAX_ENTITY_EXPANSION", "check_xml_entities"]

MAX_ENTITY_EXPANSION: Final = 1_000_000
"""Characters that the internal entities of one XML document may expand to in total."""

_MAX_ENTITY_DEPTH: Final = 64
_DOCTYPE = re.compile(r"<!DOCTYPE", re.IGNORECASE)
_PROLOG_STOP = re.compile(r"[\[>\"']")
_DECL_STOP = re.compile(r"[>\"']")
_SUBSET_TOKEN = re.compile(r"<!--|<\?|<!ENTITY|[\"'\]]", re.IGNORECASE)
_ENTITY_HEAD = re.compile(r"\s+(%\s+)?([^\s\"'>%]+)\s*")
_ENTITY_REF = re.compile(r"[&%]([A-Za-z_:][\w.:-]*);")
_PREDEFINED: Final = frozenset({"lt", "gt", "amp", "apos", "quot"})


@dataclass
class _Declarations:
    """What the internal subsets declare: literal values, external parsed entities."""

    values: dict[str, str] = field(default_factory=dict)
    external: list[str] = field(default_factory=list)


def _skip_quoted(text: str, quote_at: int) -> int:
    """The index after the literal that opens at ``quote_at`` (the end when unterminated)."""
    end = text.find(text[quote_at], quote_at + 1)
    return len(text) if end == -1 else end + 1


def _skip_to(text: str, pos: int, stop: re.Pattern[str]) -> int:
    """Index of the first match of ``stop`` at or after ``pos`` outside literals; -1: none."""
    while True:
        found = stop.search(text, pos)
        if found is None:
            return -1
        if found.group() in "\"'":
            pos = _skip_quoted(text, found.start())
            continue
        return found.start()


def _entity(text: str, pos: int, decls: _Declarations) -> int:
    """Read one ``<!ENTITY`` declaration whose keyword ends at ``pos``; return where to go on."""
    head = _ENTITY_HEAD.match(text, pos)
    if head is None:
        return pos
    key = ("%" if head.group(1) else "") + head.group(2)
    start = head.end()
    if start < len(text) and text[start] in "\"'":
        end = _skip_quoted(text, start)
        decls.values[key] = text[start + 1 : max(start + 1, end - 1)]
        return end
    # SYSTEM/PUBLIC: an external entity; up to the closing ">" outside literals.
    close = _skip_to(text, start, _DECL_STOP)
    external = text[start : len(text) if close == -1 else close]
    if not key.startswith("%") and "NDATA" not in external.upper():
        decls.external.append(key)
    return len(text) if close == -1 else close + 1


def _subset(text: str, pos: int, decls: _Declarations) -> int:
    """Scan an internal subset that starts at ``pos``; return the index after its ``]``."""
    while True:
        token = _SUBSET_TOKEN.search(text, pos)
        if token is None:
            return len(text)
        word = token.group()
        if word == "]":
            return token.end()
        if word in "\"'":
            pos = _skip_quoted(text, token.start())
        elif word == "<!--" or word == "<?":
            closer = "-->" if word == "<!--" else "?>"
            end = text.find(closer, token.end())
            pos = len(text) if end == -1 else end + len(closer)
        else:
            pos = _entity(text, token.end(), decls)


def _declarations(text: str) -> _Declarations:
    """The entity declarations of every DOCTYPE's internal subset (bulk files have many)."""
    decls = _Declarations()
    pos = 0
    while True:
        doctype = _DOCTYPE.search(text, pos)
        if doctype is None:
            return decls
        bracket = _skip_to(text, doctype.end(), _PROLOG_STOP)
        if bracket == -1:
            return decls
        if text[bracket] == ">":
            pos = bracket + 1
            continue
        pos = _subset(text, bracket + 1, decls)


def _expanded_sizes(values: dict[str, str], max_expansion: int, what: str) -> dict[str, int]:
    """Each entity's expanded size, computed on paper with a cycle and depth check."""
    sizes: dict[str, int] = {}

    def size(key: str, trail: frozenset[str]) -> int:
        if key in sizes:
            return sizes[key]
        if key in trail:
            raise ResourceLimitError(
                f"{what}: entity {key!r} refers to itself", limit="xml_entity_expansion"
            )
        if len(trail) > _MAX_ENTITY_DEPTH:
            raise ResourceLimitError(
                f"{what}: entities nest more than {_MAX_ENTITY_DEPTH} deep",
                limit="xml_entity_expansion",
            )
        total = 0
        for ref in _ENTITY_REF.finditer(values[key]):
            ref_key = ("%" if ref.group(0)[0] == "%" else "") + ref.group(1)
            if ref_key in values:
                total += size(ref_key, trail | {key})
            if total > max_expansion:
                break
        total += len(values[key])
        sizes[key] = total
        return total

    for key in values:
        expanded = size(key, frozenset())
        if expanded > max_expansion:
            raise ResourceLimitError(
                f"{what}: entity {key.lstrip('%')!r} expands to more than "
                f"{max_expansion} characters (an entity-expansion bomb)",
                limit="xml_entity_expansion",
                value=max_expansion,
                actual=expanded,
            )
    return sizes


def check_xml_entities(
    data: bytes | str,
    *,
    max_expansion: int = MAX_ENTITY_EXPANSION,
    what: str = "the XML document",
) -> None:
    """Refuse XML whose DTD declares entities that expand too far, or external parsed entities.

    Internal entities are expanded on paper (sizes only, recursively, with a
    cycle check); a document whose entities could expand to more than
    ``max_expansion`` characters is refused before a parser sees it. External
    parsed entities (``<!ENTITY x SYSTEM "file:///etc/passwd">``) are refused
    too; unparsed ones (``NDATA``, as USPTO uses for drawings) and parameter
    entities naming external DTDs are harmless and allowed. Time and memory are
    linear in the size of ``data``.

    Raises:
        ResourceLimitError: ``limit="xml_entity_expansion"`` or
            ``limit="xml_external_entity"``.

    .. versionadded:: 0.1
    """
    text = data.decode("utf-8", "replace") if isinstance(data, bytes) else data
    if _DOCTYPE.search(text) is None:
        return
    decls = _declarations(text)
    if decls.external:
        raise ResourceLimitError(
            f"{what} declares the external entity {decls.external[0]!r}; "
            "external entities are refused",
            limit="xml_external_entity",
        )
    if not decls.values:
        return
    sizes = _expanded_sizes(decls.values, max_expansion, what)
    # Many references to a moderately large entity add up as well.
    used = 0
    for ref in _ENTITY_REF.finditer(text):
        if ref.group(1) not in _PREDEFINED:
            used += sizes.get(ref.group(1), 0)
            if used > max_expansion:
                raise ResourceLimitError(
                    f"{what}: entity references expand to more than {max_expansion} characters",
                    limit="xml_entity_expansion",
                    value=max_expansion,
                    actual=used,
                )
