"""Nested form XObjects (issue 13.5): counted before MuPDF runs them, refused past a bound.

An 8 KB PDF whose forms each draw the next one twice, 25 deep, never finished
(600 s); our pipeline took 55 s on the same tree 12 deep with text leaves.
"""

from __future__ import annotations

import importlib
import time
from typing import Any

import pytest

from ragbase_extract import ExtractOptions, ResourceLimitError, extract
from ragbase_extract._backends.pymupdf._xobjects import MAX_FORM_DEPTH, MAX_FORM_DRAWS
from tests._hostile import nested_forms_pdf


def _refused(data: bytes, options: ExtractOptions | None = None) -> ResourceLimitError:
    start = time.perf_counter()
    with pytest.raises(ResourceLimitError) as info:
        extract(data, options=options)
    assert time.perf_counter() - start < 15
    return info.value


@pytest.mark.parametrize("isolated", [False, True], ids=["in-process", "worker"])
def test_form_tree_of_two_to_the_25_draws_is_refused_at_once(isolated: bool) -> None:
    data = nested_forms_pdf(26, leaf=b"BT /F 8 Tf (x) Tj ET")
    assert len(data) < 10_000
    options = ExtractOptions(timeout=12) if isolated else None
    error = _refused(data, options)
    assert error.limit == "form_xobject_draws"  # not "timeout"
    assert error.value == MAX_FORM_DRAWS
    assert error.actual is not None
    assert error.actual > MAX_FORM_DRAWS


def test_deep_chain_of_forms_is_refused() -> None:
    error = _refused(nested_forms_pdf(MAX_FORM_DEPTH + 5, fanout=1))
    assert error.limit == "form_xobject_depth"


@pytest.mark.parametrize(
    "draw",
    [b"/#58 Do", b"/X %a comment\nDo", b"/X\r\nDo", b"/X%c1\n%c2\r  Do"],
    ids=["hex-escaped-name", "comment", "crlf", "two-comments"],
)
def test_spellings_of_a_draw_are_all_counted(draw: bytes) -> None:
    assert _refused(nested_forms_pdf(20, draw=draw)).limit == "form_xobject_draws"


def test_shared_forms_within_the_bound_extract() -> None:
    # 2**12 expanded draws (a marker form per point of a plot, say) is fine.
    start = time.perf_counter()
    document = extract(nested_forms_pdf(13))
    assert time.perf_counter() - start < 15
    assert "A page with a form tree." in document.text


def test_a_form_cycle_is_not_followed() -> None:
    # /X0 draws /X1 which draws /X0 again: MuPDF refuses the cycle, and so does the count.
    pymupdf: Any = importlib.import_module("pymupdf")
    doc = pymupdf.open(stream=nested_forms_pdf(2, fanout=1))
    first = int(doc.xref_get_key(doc[0].xref, "Resources/XObject/X0")[1].split()[0])
    second = int(doc.xref_get_key(first, "Resources/XObject/X")[1].split()[0])
    doc.xref_set_key(second, "Resources", f"<< /XObject << /X {first} 0 R >> >>")
    doc.update_stream(second, b"/X Do /X Do")
    document = extract(doc.tobytes())
    assert "A page with a form tree." in document.text


def test_dangling_and_damaged_form_references_do_not_fail_a_readable_page() -> None:
    # MuPDF skips an XObject it cannot find or read; the count must not refuse
    # (or fail) the page because of it.
    pymupdf: Any = importlib.import_module("pymupdf")
    doc = pymupdf.open(stream=nested_forms_pdf(3, fanout=1))
    first = int(doc.xref_get_key(doc[0].xref, "Resources/XObject/X0")[1].split()[0])
    doc.xref_set_key(first, "Resources", "<< /XObject << /X 99999 0 R /Y 0 0 R >> >>")
    doc.update_stream(first, b"/X Do /Y Do")
    document = extract(doc.tobytes())
    assert "A page with a form tree." in document.text
