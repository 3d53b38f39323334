"""The markup nesting guard: refuse HTML or XML nested deeper than any real document.

Parsers and the tree walkers after them recurse per level: 50,000 nested
``<div>`` elements (22 KB) took 8 to 80 CPU-seconds before a ``RecursionError``.
:func:`check_nesting` estimates the depth in one linear pass over the tags
(a pattern with bounded repetitions only) and refuses the document before any
parser sees it. HTML elements that the parser closes implicitly (``<p>``,
``<li>``, table cells, void elements) are not counted, so sloppy real pages pass.
"""

from __future__ import annotations

import re
from typing import Final

from ._errors import ResourceLimitError

__all__ = ["MAX_NESTING_DEPTH", "check_nesting"]

MAX_NESTING_DEPTH: Final = 512
"""Element depth refused in HTML and XML inputs (libxml2 stops at 256 by default)."""

_TAG = re.compile(rb"<(/?)([A-Za-z][A-Za-z0-9:_.-]{0,63})(?:\s[^<>]{0,4096}?)?(/?)>")
_UNCOUNTED: Final = frozenset(
    b"area base br col colgroup dd dt embed hr img input li link meta option p param "
    b"rp rt source tbody td tfoot th thead tr track wbr".split()
)


def check_nesting(
    data: bytes, *, html: bool, max_depth: int = MAX_NESTING_DEPTH, what: str = "the input"
) -> None:
    """Raise when elements in ``data`` nest deeper than ``max_depth``.

    Args:
        data: The document's bytes (any ASCII-compatible encoding).
        html: Apply HTML's implicit closing rules (else every element counts).
        max_depth: The deepest nesting accepted.
        what: How to name the input in the message.

    Raises:
        ResourceLimitError: ``limit="nesting_depth"``.
    """
    depth = 0
    for match in _TAG.finditer(data):
        closing, name, empty = match.groups()
        if empty or (html and name.lower() in _UNCOUNTED):
            continue
        if closing:
            depth = max(0, depth - 1)
            continue
        depth += 1
        if depth > max_depth:
            raise ResourceLimitError(
                f"{what} nests elements more than {max_depth} deep; refused before parsing",
                limit="nesting_depth",
                value=max_depth,
                actual=depth,
            )
