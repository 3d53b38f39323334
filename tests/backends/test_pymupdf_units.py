"""Unit tests of the pymupdf backend's pure helpers (no PDF needed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta, timezone

import pytest

from ragbase_extract._backends.pymupdf._classify import FontStats, join_lines, list_marker
from ragbase_extract._backends.pymupdf._furniture import PageLines, detect_furniture
from ragbase_extract._backends.pymupdf._headings import (
    HeadingDraft,
    assign_levels,
    looks_like_heading,
    numbered_level,
)
from ragbase_extract._backends.pymupdf._layout import find_gutters, reading_order
from ragbase_extract._backends.pymupdf._lines import Line
from ragbase_extract._backends.pymupdf._metadata import parse_pdf_date
from ragbase_extract._backends.pymupdf._open import filetype_for
from ragbase_extract._backends.pymupdf._outline import Outline
from ragbase_extract._backends.pymupdf._rtl import split_scripts, visual_to_logical
from ragbase_extract._backends.pymupdf._unicode import normalize_text
from ragbase_extract._formats import Format
from ragbase_extract._model import Block, Heading, Paragraph, Provenance


def _line(
    text: str,
    x0: float,
    y0: float,
    x1: float,
    *,
    size: float = 10.0,
    bold: bool = False,
    height: float = 12.0,
) -> Line:
    return Line(
        text=text, x0=x0, y0=y0, x1=x1, y1=y0 + height, size=size, bold=bold, mono=False, rtl=False
    )


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("D:20240822125427Z00'00'", datetime(2024, 8, 22, 12, 54, 27, tzinfo=UTC)),
        (
            "D:20171211093519-06'00'",
            datetime(2017, 12, 11, 9, 35, 19, tzinfo=timezone(-timedelta(hours=6))),
        ),
        (
            "D:20241224153209+03'30'",
            datetime(2024, 12, 24, 15, 32, 9, tzinfo=timezone(timedelta(hours=3, minutes=30))),
        ),
        ("D:20241104100617", datetime(2024, 11, 4, 10, 6, 17, tzinfo=UTC)),
        ("D:2020", datetime(2020, 1, 1, tzinfo=UTC)),
        ("20200401", datetime(2020, 4, 1, tzinfo=UTC)),
    ],
)
def test_parse_pdf_date(raw: str, expected: datetime) -> None:
    parsed = parse_pdf_date(raw)
    assert parsed == expected
    assert parsed is not None
    assert parsed.tzinfo is not None


@pytest.mark.parametrize(
    "raw", [None, "", "yesterday", "D:20241341000000", "D:20240101250000", "D:2024+99'00'"]
)
def test_parse_pdf_date_invalid(raw: str | None) -> None:
    assert parse_pdf_date(raw) is None


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        (["the infor-", "mation age"], "the information age"),
        (["a state-of-the-", "art method"], "a state-of-the-art method"),
        (["COVID-", "19 cases"], "COVID-19 cases"),
        (["non-", "English text"], "non-English text"),
        (["soft\u00ad", "ware"], "software"),
        (["plain", "words"], "plain words"),
        (["日本語の", "文章"], "日本語の文章"),
        (["well-", "known facts"], "well-known facts"),
    ],
)
def test_join_lines(lines: list[str], expected: str) -> None:
    assert join_lines(lines, frozenset({"well-known"})) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("• First item", ("•", False, "First item")),
        ("– dash item", ("–", False, "dash item")),
        ("- minus item", ("-", False, "minus item")),
        ("\uf0b7 symbol-font bullet", ("\uf0b7", False, "symbol-font bullet")),
        ("1. Undo/Redo", ("1.", True, "Undo/Redo")),
        ("a) option", ("a)", True, "option")),
        ("(iv) roman", ("(iv)", True, "roman")),
        ("5.1 Hyper Parameter Optimization", None),
        ("-5 dB below", None),
        ("e.g. an example", None),
        ("•", None),
    ],
)
def test_list_marker(text: str, expected: tuple[str, bool, str] | None) -> None:
    assert list_marker(text) == expected


def test_normalize_text_expands_ligatures_and_composes() -> None:
    assert normalize_text("e\u0301\ufb01\ufb02\ufb00\ufb03\ufb04\u00a0x") == "\u00e9fiflffffiffl x"


def test_visual_to_logical_reverses_rtl_only() -> None:
    assert visual_to_logical("plain latin 12") == "plain latin 12"
    # Visual "ABC" in Hebrew letters with a number: letters reversed, number kept.
    assert visual_to_logical("םולש 2024") == "2024 שלום"
    assert visual_to_logical("(ןחבמ)") == "(מבחן)"


def test_split_scripts() -> None:
    assert split_scripts("وPython") == "و Python"
    assert split_scripts("حداقل50") == "حداقل 50"


@pytest.mark.parametrize(
    ("text", "level"),
    [
        ("5.1 Hyper Parameter Optimization", 2),
        ("1 Introduction", 1),
        ("2.1.3. Scope", 3),
        ("Chapter 3. Row and Column Access Control", 1),
        ("Appendix A Tables", 1),
        ("Results", None),
        ("2020 in review", None),
    ],
)
def test_numbered_level(text: str, level: int | None) -> None:
    assert numbered_level(text) == level


def test_font_stats_body() -> None:
    lines = [_line("body " * 20, 0, y, 400) for y in range(0, 600, 14)]
    lines += [_line("Title", 0, 700, 100, size=24), _line("Section", 0, 720, 100, size=16)]
    stats = FontStats.from_lines(lines)
    assert (stats.body_size, stats.body_bold, stats.body_italic) == (10.0, False, False)


def test_heading_levels_rank_the_sizes_headings_use() -> None:
    prov = Provenance(page=1)
    placed: list[Block | HeadingDraft] = [
        HeadingDraft(text="Title", size=24.0, prov=prov),
        Paragraph(text="body", prov=prov),
        HeadingDraft(text="Section", size=16.0, prov=prov),
        HeadingDraft(text="Same level", size=16.5, prov=prov),
        Heading(text="2.1 Numbered", level=2, prov=prov),
        HeadingDraft(text="Minor", size=12.0, prov=prov),
    ]
    levels = [(b.text, b.level) for b in assign_levels(placed) if isinstance(b, Heading)]
    assert levels == [
        ("Title", 1),
        ("Section", 2),
        ("Same level", 2),
        ("2.1 Numbered", 2),
        ("Minor", 3),
    ]


def test_heading_shape_rules() -> None:
    stats = FontStats(body_size=10.0, body_bold=False)
    assert looks_like_heading([_line("Results", 0, 0, 50, size=16)], "Results", stats)
    assert looks_like_heading([_line("2.1 Method", 0, 0, 50, bold=True)], "2.1 Method", stats)
    assert not looks_like_heading(
        [_line("ends with a full stop.", 0, 0, 50, bold=True)], "ends with a full stop.", stats
    )
    assert not looks_like_heading([_line("lower case", 0, 0, 50, size=16)], "lower case", stats)
    assert not looks_like_heading([_line("Figure 3: x", 0, 0, 50, size=16)], "Figure 3: x", stats)
    assert not looks_like_heading([_line("Plain", 0, 0, 50)], "Plain", stats)


@dataclass
class _Box:
    x0: float
    y0: float
    x1: float
    y1: float
    name: str


def test_two_columns_read_column_by_column_with_full_width_title() -> None:
    title = _Box(50, 20, 550, 40, "title")
    left = [_Box(50, 60 + 14 * i, 290, 72 + 14 * i, f"L{i}") for i in range(10)]
    right = [_Box(310, 60 + 14 * i, 550, 72 + 14 * i, f"R{i}") for i in range(10)]
    footer = _Box(50, 400, 550, 412, "wide")
    items = [title, *right, footer, *left]
    gutters = find_gutters([*left, *right, title, footer])
    assert len(gutters) == 1
    assert 290 <= gutters[0][0] < gutters[0][1] <= 310
    order = [b.name for seg in reading_order(items, gutters) for b in seg]
    assert order == ["title", *(f"L{i}" for i in range(10)), *(f"R{i}" for i in range(10)), "wide"]
    rtl_order = [b.name for seg in reading_order(items, gutters, rtl=True) for b in seg]
    assert rtl_order[1:11] == [f"R{i}" for i in range(10)]


def test_single_column_has_no_gutter() -> None:
    lines = [_Box(50, 60 + 14 * i, 550 - (i % 3) * 40, 72 + 14 * i, str(i)) for i in range(20)]
    assert find_gutters(lines) == []


def test_key_value_form_is_not_two_columns() -> None:
    rows = []
    for i in range(10):
        rows.append(_Box(50, 60 + 20 * i, 100 + 5 * (i % 4), 72 + 20 * i, f"k{i}"))
        rows.append(_Box(300, 60 + 20 * i, 330 + 20 * (i % 2), 72 + 20 * i, f"v{i}"))
    assert find_gutters(rows) == []


def test_furniture_repeated_lines_and_page_numbers() -> None:
    pages = []
    for n in (1, 2, 3):
        body = [_line(f"Body text {n} line {i}", 72, 100 + 14 * i, 500) for i in range(20)]
        pages.append(
            PageLines(
                n,
                612,
                792,
                [
                    _line(f"Annual Report 2024 — Chapter {n}", 72, 30, 400, size=8),
                    *body,
                    _line(str(n + 10), 300, 760, 310, size=8),
                ],
            )
        )
    marked = detect_furniture(pages, body_size=10.0)
    for page, lines in zip(pages, marked, strict=True):
        assert [ln.text for ln in lines] == [ln.text for ln in page.lines]
        assert lines[0].role == "header"
        assert lines[-1].role == "page_number"
        assert all(line.role is None for line in lines[1:-1])


def test_outline_matching_consumes_entries() -> None:
    outline = Outline([[1, "Introduction", 1], [2, "1.1 Scope and Aims", 2], [1, "", 3]])
    assert outline
    assert outline.match(1, "INTRODUCTION") == 1
    assert outline.match(1, "Introduction") is None
    assert outline.match(2, "1.1 Scope and aims.") == 2
    assert outline.match(3, "anything") is None
    assert not Outline([])


@pytest.mark.parametrize(
    ("fmt", "filetype"),
    [
        (Format.PDF, "pdf"),
        (Format.EPUB, "epub"),
        (Format.XPS, "xps"),
        (Format.IMAGE, "png"),
        (None, "pdf"),
    ],
)
def test_filetype_for(fmt: Format | None, filetype: str) -> None:
    assert filetype_for(fmt) == filetype
