"""ExtractOptions validation and Source reading with enforced size limits."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from pydantic import ValidationError

from ragbase_extract import ExtractOptions, Format, PageOutOfRangeError, ResourceLimitError, Source


def test_pages_are_normalised_sorted_and_unique() -> None:
    assert ExtractOptions(pages=[3, 1, 3]).pages == (1, 3)
    assert ExtractOptions(pages=2).pages == (2,)
    assert ExtractOptions(pages=range(1, 4)).pages == (1, 2, 3)
    with pytest.raises(ValidationError, match="1-based"):
        ExtractOptions(pages=[0])


def test_select_pages_enforces_max_pages_and_range() -> None:
    assert ExtractOptions().select_pages(3) == (1, 2, 3)
    assert ExtractOptions(pages=(2,)).select_pages(3) == (2,)
    with pytest.raises(PageOutOfRangeError, match="out of range") as missing:
        ExtractOptions(pages=(2, 5, 7)).select_pages(3)
    assert (missing.value.pages, missing.value.page_count) == ((5, 7), 3)
    with pytest.raises(ResourceLimitError) as info:
        ExtractOptions(max_pages=2).select_pages(3)
    assert (info.value.limit, info.value.value, info.value.actual) == ("max_pages", 2, 3)


def test_options_are_frozen_and_checked() -> None:
    options = ExtractOptions(timeout=1.5)
    with pytest.raises(ValidationError):
        options.timeout = 2  # type: ignore[misc]
    with pytest.raises(ValidationError):
        ExtractOptions(timeout=0)
    with pytest.raises(ValidationError):
        ExtractOptions(unknown=1)  # type: ignore[call-arg]


def test_source_from_path_bytes_and_stream(tmp_path: Path) -> None:
    path = tmp_path / "note.md"
    path.write_bytes(b"# Hi\n")
    from_path = Source.from_any(path)
    assert (from_path.name, from_path.format, from_path.data) == (
        "note.md",
        Format.MARKDOWN,
        b"# Hi\n",
    )
    assert Source.from_any(str(path)).sha256 == from_path.sha256
    assert Source.from_any(b"# Hi\n").name is None
    with path.open("rb") as handle:
        assert Source.from_any(handle).name == "note.md"
    assert Source.from_any(io.BytesIO(b"x")).data == b"x"
    assert Source.from_any(from_path) is from_path
    info = from_path.info()
    assert (info.format, info.media_type, info.size) == ("markdown", "text/markdown", 5)


def test_source_refuses_oversized_input_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "big.bin"
    path.write_bytes(b"x" * 1000)
    with pytest.raises(ResourceLimitError, match="max_bytes"):
        Source.from_any(path, max_bytes=999)
    with pytest.raises(ResourceLimitError):
        Source.from_any(io.BytesIO(b"x" * 1000), max_bytes=10)
    with pytest.raises(ResourceLimitError):
        Source.from_any(b"x" * 11, max_bytes=10)


def test_source_rejects_text_streams_and_other_types() -> None:
    with pytest.raises(TypeError, match="binary"):
        Source.from_any(io.StringIO("text"))  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="cannot extract"):
        Source.from_any(42)  # type: ignore[arg-type]


def test_missing_file_raises_the_builtin_error(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        Source.from_any(tmp_path / "absent.pdf")
