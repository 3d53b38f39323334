"""A cheap bound on form XObjects before MuPDF draws a page (issue 13.5).

A form XObject is a content stream a page draws by name (``/X0 Do``); it may
draw other forms, and a form drawn twice that draws the next one twice, 25
levels deep, makes MuPDF run 2**25 draws for one page: an 8 KB PDF that never
finished. MuPDF refuses cycles but has no bound on such a tree, and text
extraction cannot be interrupted from Python.

So before any page is read, each selected page's form XObjects are counted,
not run: the page's content and each form's stream are scanned once for
``/Name Do`` operators (a linear pattern over the decompressed bytes), names are
resolved through the ``Resources/XObject`` dictionaries PyMuPDF reads by key, and
the expanded count of each form is memoized, so the walk costs one pass over
each distinct stream however often it is drawn. Past :data:`MAX_FORM_DRAWS`
expanded draws on one page, or forms nested deeper than
:data:`MAX_FORM_DEPTH`, the document is refused with a
:class:`~ragbase_extract.ResourceLimitError`.

What it does not see: forms drawn from tiling patterns, Type 3 glyphs and
annotation appearances, and names written so that the scan misses them (the
count is a bound on what the scan finds). The worker timeout and memory cap
remain the backstop for those.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from typing import Any, Final

from ..._errors import ResourceLimitError

__all__ = ["MAX_FORM_DEPTH", "MAX_FORM_DRAWS", "check_form_xobjects"]

MAX_FORM_DRAWS: Final = 100_000
"""Expanded form-XObject draws allowed on one page (a form drawn 3 times counts 3).

Our pipeline spends about 70 microseconds per drawn path, so this is a few
seconds of work; a plot drawing a marker form per point stays well below it.
"""

MAX_FORM_DEPTH: Final = 32
"""Form XObjects nested deeper than this on a page are refused."""

_NAME: Final = rb"/([^\s/()<>\[\]{}%]{1,127})"
# A name, then white space or comments (each running to its line end), then the
# Do operator ending at a delimiter: one linear pass, no nested ambiguity.
_DO: Final = re.compile(_NAME + rb"(?:\s|%[^\r\n]*[\r\n])*Do(?![^\s/()<>\[\]{}%])")
_ENTRY: Final = re.compile(_NAME + rb"\s*(\d{1,10})\s+\d{1,5}\s+R")
_HEX: Final = re.compile(rb"#([0-9A-Fa-f]{2})")
_MAX_PARENTS: Final = 64


def _name(raw: bytes) -> bytes:
    """A PDF name with its ``#xx`` escapes decoded, as MuPDF's lexer reads it."""
    return _HEX.sub(lambda m: bytes((int(m.group(1), 16),)), raw)


def _draws_in(content: bytes) -> Counter[bytes]:
    """How many times ``content`` draws each XObject name."""
    if b"Do" not in content:  # the operator's bytes must be there for any match
        return Counter()
    return Counter(_name(m.group(1)) for m in _DO.finditer(content))


class _Walker:
    """Counts expanded form draws in one document, memoized per (form, resources)."""

    def __init__(self, doc: Any) -> None:
        self.doc = doc
        self.memo: dict[tuple[int, int], tuple[int, int]] = {}
        """(form xref, resources owner xref) -> (expanded draws, nesting height)."""
        self.active: set[int] = set()

    def names(self, owner: int) -> dict[bytes, int]:
        """The ``Resources/XObject`` entries of object ``owner``: name -> xref."""
        kind, value = self.doc.xref_get_key(owner, "Resources/XObject")
        if kind == "xref":
            value = self.doc.xref_object(int(value.split()[0]), compressed=True)
        elif kind != "dict":
            return {}
        text = value.encode("latin-1", "replace")
        last = self.doc.xref_length()
        # A reference to no object (dangling, or 0) draws nothing in MuPDF either.
        return {
            _name(m.group(1)): xref
            for m in _ENTRY.finditer(text)
            if 0 < (xref := int(m.group(2))) < last
        }

    def draws(self, content: bytes, owner: int, depth: int) -> tuple[int, int]:
        """Expanded draws and nesting height of ``content`` whose resources ``owner`` has."""
        drawn = _draws_in(content)
        if not drawn:
            return 0, 0  # no Do operator: the resources need not be read
        names = self.names(owner)
        total = height = 0
        for name, times in drawn.items():
            xref = names.get(name)
            if xref is None:
                continue
            count, below = self.form(xref, owner, depth + 1)
            total += times * count
            height = max(height, below)
            if total > MAX_FORM_DRAWS:
                break
        return total, height

    def form(self, xref: int, inherited: int, depth: int) -> tuple[int, int]:
        """Expanded draws and height of drawing XObject ``xref`` once (an image counts 1)."""
        if self.doc.xref_get_key(xref, "Subtype")[1] != "/Form" or xref in self.active:
            return 1, 0  # an image; or a cycle, which MuPDF refuses to follow
        has_own = self.doc.xref_get_key(xref, "Resources")[0] != "null"
        owner = xref if has_own else inherited  # MuPDF: no Resources, the caller's
        key = (xref, owner)
        if key not in self.memo:
            if depth > MAX_FORM_DEPTH:
                _refuse_depth(depth)
            self.active.add(xref)
            try:
                count, height = self.draws(self.doc.xref_stream(xref) or b"", owner, depth)
            finally:
                self.active.discard(xref)
            self.memo[key] = (1 + count, 1 + height)
        count, height = self.memo[key]
        if depth - 1 + height > MAX_FORM_DEPTH:
            _refuse_depth(depth - 1 + height)
        return count, height


def _refuse_depth(depth: int) -> None:
    raise ResourceLimitError(
        f"form XObjects nest {depth} deep, deeper than {MAX_FORM_DEPTH}",
        limit="form_xobject_depth",
        value=MAX_FORM_DEPTH,
        actual=depth,
    )


def _resources_owner(doc: Any, page_xref: int) -> int:
    """The page, or the ancestor in the page tree its resources are inherited from."""
    owner = page_xref
    for _ in range(_MAX_PARENTS):
        if doc.xref_get_key(owner, "Resources")[0] != "null":
            return owner
        kind, parent = doc.xref_get_key(owner, "Parent")
        if kind != "xref":
            break
        owner = int(parent.split()[0])
    return page_xref


def check_form_xobjects(doc: Any, numbers: Iterable[int]) -> None:
    """Refuse ``doc`` if a page in ``numbers`` (1-based) expands form XObjects past the limits.

    Raises:
        ResourceLimitError: ``limit="form_xobject_draws"`` or ``"form_xobject_depth"``.
    """
    if not doc.is_pdf:
        return
    walker = _Walker(doc)
    for number in numbers:
        page = doc[number - 1]
        try:
            owner = _resources_owner(doc, page.xref)
            count, _ = walker.draws(page.read_contents(), owner, 0)
        except (ResourceLimitError, MemoryError):
            raise
        except Exception:
            # An object PyMuPDF cannot read (ValueError, RuntimeError, MuPDF's
            # FzErrorBase, "compression bomb detected" for a page's whole content):
            # the count is a guard, not a reader; reading the page, streamed under
            # the worker's limits, decides.
            continue
        if count > MAX_FORM_DRAWS:
            raise ResourceLimitError(
                f"page {number} draws form XObjects more than {MAX_FORM_DRAWS} times "
                "(a nested form tree); it is refused before MuPDF runs it",
                limit="form_xobject_draws",
                value=MAX_FORM_DRAWS,
                actual=count,
            )
