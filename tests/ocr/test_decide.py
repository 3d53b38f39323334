"""The ``auto`` decision: which pages need OCR, from page signals (no engine needed)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from ragbase_extract._ocr import PageSignals, decide, is_junk

A4 = 595.0 * 842.0


def _signals(
    *,
    chars: int = 0,
    junk: int = 0,
    invisible: bool = False,
    image_area: float = 0.0,
    glyph_paths: int = 0,
) -> PageSignals:
    return PageSignals(A4, chars, junk, invisible, image_area, glyph_paths)


def test_scan_without_text_layer_is_read() -> None:
    decision = decide(_signals(image_area=A4), "auto")
    assert (decision.needed, decision.run, decision.reason) == (True, True, "no_text_layer")


def test_small_logo_on_an_empty_page_is_not_a_scan() -> None:
    decision = decide(_signals(image_area=0.02 * A4), "auto")
    assert not decision.needed
    assert decision.text_source == "none"


def test_outlined_text_is_read() -> None:
    assert decide(_signals(glyph_paths=400), "auto").reason == "vector_text"


def test_unreadable_glyphs_are_read() -> None:
    chars, junk = PageSignals.count_text(["\x02\x03 \x04\x05 di\ufffdculties", "\ue011" * 30])
    decision = decide(_signals(chars=chars, junk=junk), "auto")
    assert decision.reason == "unreadable_text"
    assert decision.run


@pytest.mark.parametrize(
    ("text", "unreadable"),
    [
        ("\ufffd\ufffd\x03\x04" * 10, True),
        ("\ue011\ue012 " * 15, True),
        ("Plain readable words " * 3, False),
        ("\ufffd\ufffd", False),  # too little to judge
        ("Mostly words with one \ufffd replacement here and there " * 2, False),
    ],
)
def test_unreadable_share(text: str, unreadable: bool) -> None:
    chars, junk = PageSignals.count_text([text])
    assert decide(_signals(chars=chars, junk=junk), "auto").run is unreadable


def test_good_text_over_a_full_page_image_is_not_read() -> None:
    decision = decide(_signals(chars=2000, image_area=A4), "auto")
    assert (decision.needed, decision.run, decision.text_source) == (False, False, "native")


def test_invisible_layer_is_kept_under_auto_and_replaced_under_always() -> None:
    signals = _signals(chars=800, invisible=True, image_area=A4)
    kept = decide(signals, "auto")
    assert (kept.run, kept.text_source) == (False, "invisible")
    assert decide(signals, "always").run


def test_never_flags_instead_of_reading() -> None:
    decision = decide(_signals(image_area=A4), "never")
    assert (decision.needed, decision.run) == (True, False)


def test_junk_characters() -> None:
    assert all(is_junk(c) for c in "\ufffd\ue000\uf8ff\x02\x7f")
    assert not any(is_junk(c) for c in "aé€\n\t中")


def test_signals_from_a_drawing_log() -> None:
    log = [
        ("fill-image", (0.0, 0.0, 595.0, 842.0)),
        ("ignore-text", (72.0, 72.0, 500.0, 90.0)),
        ("fill-text", (72.0, 100.0, 100.0, 110.0)),
        ("fill-path", (10.0, 10.0, 16.0, 20.0)),
        ("fill-path", (0.0, 0.0, 595.0, 842.0)),  # a page background, not a glyph
    ]
    signals = PageSignals.from_page(log, ["Hello world"], 595.0, 842.0)
    assert signals.chars == 10
    assert signals.invisible
    assert signals.image_area == A4
    assert signals.glyph_paths == 1


readable = st.text(
    alphabet=st.characters(categories=("L", "N", "P", "Zs")), min_size=20, max_size=400
)


@given(text=readable, images=st.floats(min_value=0, max_value=1))
def test_readable_text_layer_never_pays_for_ocr(text: str, images: float) -> None:
    chars, junk = PageSignals.count_text([text])
    decision = decide(_signals(chars=chars, junk=junk, image_area=images * A4), "auto")
    if chars >= 5:
        assert not decision.run


@given(
    chars=st.integers(0, 5000),
    junk_share=st.floats(0, 1),
    images=st.floats(0, 1),
    paths=st.integers(0, 1000),
)
def test_modes_agree(chars: int, junk_share: float, images: float, paths: int) -> None:
    signals = _signals(
        chars=chars, junk=int(chars * junk_share), image_area=images * A4, glyph_paths=paths
    )
    auto, always, never = (decide(signals, m) for m in ("auto", "always", "never"))
    assert always.run
    assert not never.run
    assert auto.run == auto.needed == never.needed == always.needed


@given(st.lists(st.text(), max_size=4))
def test_counting_a_page_agrees_with_the_character_rules(texts: list[str]) -> None:
    # count_text runs two patterns over each line; the rules are per character.
    chars = [c for text in texts for c in text if not c.isspace()]
    assert PageSignals.count_text(texts) == (len(chars), sum(map(is_junk, chars)))


def test_counting_every_control_and_private_use_edge() -> None:
    for code in [*range(0xA0), 0xFFFD, 0xE000, 0xF8FF, 0xF0000, 0xFFFFD, 0x100000, 0x10FFFD]:
        char = chr(code)
        expected = (0, 0) if char.isspace() else (1, int(is_junk(char)))
        assert PageSignals.count_text([char]) == expected, hex(code)


def test_a_lost_sentence_of_control_characters_makes_a_readable_page_unreadable() -> None:
    # A font without a Unicode map among readable ones: one sentence of
    # control characters on a page of words (10 % of it) means lost words.
    words = "Readable words set in a font with a Unicode map. " * 8
    lost = (
        "\x04\x05\x06\x07\x05\x08\t\x03\n\x06\t\x03\x0b\t\x0c\r\x0e\x0c\x0f\x07\x05\x08\x10\x11" * 2
    )
    chars, junk = PageSignals.count_text([words, lost])
    signals = PageSignals.from_page([], [words, lost], 595.0, 842.0)
    assert (signals.chars, signals.junk) == (chars, junk)
    assert junk < 0.3 * chars  # under the share that makes a whole page unreadable
    decision = decide(signals, "auto")
    assert (decision.needed, decision.reason) == (True, "unreadable_text")


def test_bullets_of_a_font_without_a_unicode_map_do_not_make_a_page_unreadable() -> None:
    items = ["\x02 A list item of ordinary length, long enough to read." for _ in range(30)]
    signals = PageSignals.from_page([], items, 595.0, 842.0)
    assert signals.meaningless == 30
    assert not decide(signals, "auto").needed
    icons = ["\ue011 An icon from a symbol font before a line of text." for _ in range(30)]
    assert not decide(PageSignals.from_page([], icons, 595.0, 842.0), "auto").needed
