"""Crafted inputs for the scans that run before any parser: detection, entities, nesting.

Each reproducer comes from issue 13: detection must be linear in a bounded prefix
(an SVG pattern once backtracked for minutes on ``<!---->`` repeated), and the
entity check must be one linear scan that a ``]>`` inside a literal cannot end early.
"""

from __future__ import annotations

import contextlib
import time
import tracemalloc

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ragbase_extract import Format, ResourceLimitError, extract
from ragbase_extract._containers import check_xml_entities
from ragbase_extract._detect import detect_format
from ragbase_extract._nesting import MAX_NESTING_DEPTH, check_nesting

# Generous bounds: they catch super-linear behaviour (the reproducers ran for
# minutes or gigabytes), not speed.
_SECONDS = 1.0

_PIECES = [
    b"<!--",
    b"-->",
    b"<!---->",
    b"<?xml ",
    b"?>",
    b"<svg",
    b"<!DOCTYPE",
    b"<!ENTITY",
    b"[",
    b"]",
    b"]>",
    b"(",
    b")",
    b"|",
    b'"',
    b"'",
    b" ",
    b"\n",
    b"#",
    b"=",
    b"-",
    b"a",
    b"<",
    b">",
    b"&a;",
    b"\xc3",
    b"PK\x03\x04",
]


def _timed(call: object, *args: object) -> float:
    started = time.perf_counter()
    call(*args)  # type: ignore[operator]
    return time.perf_counter() - started


def test_svg_comment_run_is_detected_in_linear_time() -> None:
    # The 460-byte reproducer: an XML declaration, then "<!---->" repeated, no <svg.
    data = b'<?xml version="1.0"?>' + b"<!---->" * 63 + b"x"
    assert _timed(detect_format, data) < _SECONDS
    data = b'<?xml version="1.0"?>' + b"<!---->" * 9000 + b"<svg"
    assert _timed(detect_format, data) < _SECONDS


def test_svg_after_declaration_and_comments_is_still_svg() -> None:
    svg = b'<svg xmlns="http://www.w3.org/2000/svg"/>'
    assert detect_format(b'<?xml version="1.0"?>\n<!-- a -->\n<!---->' + svg) == Format.SVG
    assert detect_format(svg) == Format.SVG
    assert detect_format(b'<?xml version="1.0"?><!-- a --><root/>') == Format.XML


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=64), st.booleans())
def test_detection_of_any_64k_input_is_bounded(pieces: list[bytes], xml_head: bool) -> None:
    unit = b"".join(pieces)
    data = (b'<?xml version="1.0"?>' if xml_head else b"") + unit * (65536 // len(unit) + 1)
    data = data[:65536]
    assert _timed(detect_format, data) < _SECONDS


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)
@given(st.lists(st.sampled_from(_PIECES), min_size=1, max_size=64))
def test_entity_check_of_any_64k_input_is_bounded(pieces: list[bytes]) -> None:
    unit = b"".join(pieces)
    data = (b"<!DOCTYPE a [" + unit * (65536 // len(unit) + 1))[:65536]
    started = time.perf_counter()
    with contextlib.suppress(ResourceLimitError):  # refusing is fine: the bound is the point
        check_xml_entities(data)
    assert time.perf_counter() - started < _SECONDS


def test_entity_check_memory_is_linear_in_the_input() -> None:
    # Every "<!DOCTYPE x [" left open once kept a copy of the rest of the document:
    # 136 KB of them reached gigabytes. Now the peak stays within a small multiple.
    data = "<!DOCTYPE x [" * 10_000 + "<a/>"
    tracemalloc.start()
    try:
        check_xml_entities(data)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 20 * len(data)


def test_bracket_inside_an_entity_value_does_not_end_the_subset() -> None:
    laughs = "".join(
        f'<!ENTITY l{i + 1} "{f"&l{i};" * 10}">' for i in range(9)
    )  # l9 expands to 10**9 characters
    data = f'<!DOCTYPE a [<!ENTITY l0 "]>">{laughs}]><a>&l9;</a>'
    with pytest.raises(ResourceLimitError) as info:
        check_xml_entities(data)
    assert info.value.limit == "xml_entity_expansion"


def test_bracket_inside_other_literals_and_comments_does_not_end_the_subset() -> None:
    hidden = '<!ENTITY xxe SYSTEM "file:///etc/passwd">'
    for cover in ('<!ATTLIST a b CDATA "]>">', "<!-- ]> -->", "<?pi ]> ?>", "<!ENTITY % p ']>'>"):
        data = f"<!DOCTYPE a [{cover}{hidden}]><a>&xxe;</a>"
        with pytest.raises(ResourceLimitError) as info:
            check_xml_entities(data)
        assert info.value.limit == "xml_external_entity", cover


def test_a_literal_in_the_external_id_does_not_hide_the_subset() -> None:
    data = '<!DOCTYPE a SYSTEM "x>[y" [<!ENTITY xxe SYSTEM "file:///etc/passwd">]><a>&xxe;</a>'
    with pytest.raises(ResourceLimitError):
        check_xml_entities(data)


# --------------------------------------------------------------------------- nesting


def test_deeply_nested_html_is_refused_before_parsing() -> None:
    pytest.importorskip("docling", reason="the docling backend ([office] extra) is not installed")
    # 50,000 nested <div>: 8 to 80 CPU-seconds in the parser before a RecursionError.
    data = b"<html><body>" + b"<div>" * 50_000 + b"deep" + b"</div>" * 50_000 + b"</body></html>"
    started = time.perf_counter()
    with pytest.raises(ResourceLimitError) as info:
        extract(data)
    assert info.value.limit == "nesting_depth"
    assert time.perf_counter() - started < _SECONDS


def test_sloppy_but_real_html_passes_the_nesting_check() -> None:
    # Thousands of implicitly closed elements, void elements and self-closing tags.
    body = b"<ul>" + b"<li><p>item<br><img src=x>" * 5000 + b"</ul>" + b"<span/>" * 5000
    check_nesting(b"<html><body>" + body + b"</body></html>", html=True)
    check_nesting(b"<div>" * MAX_NESTING_DEPTH + b"</div>" * MAX_NESTING_DEPTH, html=True)


def test_deeply_nested_xml_is_refused() -> None:
    deep = b"<a>" * (MAX_NESTING_DEPTH + 1)
    with pytest.raises(ResourceLimitError):
        check_nesting(b"<?xml version='1.0'?>" + deep, html=False)
    # In XML every element counts, even those HTML would close by itself.
    with pytest.raises(ResourceLimitError):
        check_nesting(b"<p>" * (MAX_NESTING_DEPTH + 1), html=False)
    check_nesting(b"<p>" * (MAX_NESTING_DEPTH + 1), html=True)
