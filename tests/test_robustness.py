"""Hostile inputs: every one ends in a Document or a RagbaseExtractError, in time, parent alive.

Each case runs through ``extract(..., options=ExtractOptions(timeout=...))``, so a
hang or a crash in a native library is contained in a child process; the tests
check the outcome's type and that it arrived within the timeout plus a small
margin for killing the child.
"""

from __future__ import annotations

import importlib
import os
import random
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ragbase_extract._api import extract
from ragbase_extract._batch import extract_many
from ragbase_extract._errors import (
    CorruptDocumentError,
    EncryptedDocumentError,
    ExtractionTimeoutError,
    RagbaseExtractError,
    ResourceLimitError,
    UnsupportedFormatError,
)
from ragbase_extract._model import Document
from ragbase_extract._options import ExtractOptions
from tests._hostile import (
    encrypted_pdf,
    epub_bomb,
    flate_bomb_pdf,
    make_pdf,
    many_pages_pdf,
    seed_pdfs,
    zip_bomb,
)

MARGIN = 3.0
"""Seconds allowed beyond a timeout: killing the child and reaping it."""

SEEDS = seed_pdfs()
PARENT = os.getpid()

HYPOTHESIS = settings(
    deadline=None,
    max_examples=40,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
    derandomize=True,
)


def outcome(
    data: bytes, *, timeout: float = 10.0, **options: object
) -> Document | RagbaseExtractError:
    """Extract with a timeout; fail the test on anything but a Document or one of our errors."""
    started = time.monotonic()
    try:
        result: Document | RagbaseExtractError = extract(
            data,
            options=ExtractOptions(timeout=timeout, **options),
        )
    except RagbaseExtractError as exc:
        result = exc
    elapsed = time.monotonic() - started
    assert elapsed < timeout + MARGIN, f"took {elapsed:.1f} s with timeout={timeout}"
    assert os.getpid() == PARENT
    return result


def test_zero_bytes() -> None:
    assert isinstance(outcome(b""), CorruptDocumentError)


@pytest.mark.parametrize(
    "data",
    [
        b"%PDF-",
        b"%PDF-1.7\n",
        b"%PDF-1.7\n%%EOF\n",
        b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF",
        b"%PDF-1.7\n" + b"(" * 100_000,  # deep nesting
        b"%PDF-1.7\n" + b"[" * 100_000,
        b"%PDF-1.7\n" + b"<<" * 50_000,
        b"%PDF-" + os.urandom(4096),
    ],
    ids=["magic", "header", "eof", "no-pages", "parens", "arrays", "dicts", "random"],
)
def test_degenerate_pdfs(data: bytes) -> None:
    outcome(data)


@given(seed=st.sampled_from(SEEDS), fraction=st.floats(0.0, 0.999))
@HYPOTHESIS
def test_truncated_pdfs(seed: bytes, fraction: float) -> None:
    outcome(seed[: int(len(seed) * fraction)])


@given(
    seed=st.sampled_from(SEEDS),
    flips=st.lists(st.tuples(st.floats(0.0, 0.999), st.integers(1, 255)), min_size=1, max_size=40),
)
@HYPOTHESIS
def test_bit_flipped_pdfs(seed: bytes, flips: list[tuple[float, int]]) -> None:
    data = bytearray(seed)
    for where, mask in flips:
        data[int(where * len(data))] ^= mask
    outcome(bytes(data))


@given(
    seed=st.sampled_from(SEEDS),
    where=st.floats(0.0, 0.999),
    junk=st.binary(min_size=1, max_size=512),
)
@HYPOTHESIS
def test_pdfs_with_spliced_junk(seed: bytes, where: float, junk: bytes) -> None:
    cut = int(where * len(seed))
    outcome(seed[:cut] + junk + seed[cut + len(junk) :])


def test_many_mutants_through_a_batch() -> None:
    # A wider, seeded sweep: 160 mutants through extract_many's worker pool.
    rng = random.Random(20261127)
    mutants: list[bytes] = []
    for number in range(160):
        data = bytearray(SEEDS[number % len(SEEDS)])
        if number % 2:
            del data[rng.randrange(len(data)) :]
        for _ in range(rng.randrange(1, 64)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        mutants.append(bytes(data))
    started = time.monotonic()
    # Parsers under test here; OCR of the scan seed's mutants would only add its cost
    # (about a second a page) to the time budget. OCR robustness: tests/ocr.
    options = ExtractOptions(timeout=10, ocr="never")
    results = list(extract_many(mutants, workers=2, options=options))
    assert len(results) == len(mutants)
    for result in results:
        assert (result.document is None) != (result.error is None)
        assert result.ok or isinstance(result.error, RagbaseExtractError)
    assert time.monotonic() - started < 60


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        # detected as PNG from its signature: a damaged image, not a damaged PDF
        (b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, (CorruptDocumentError, "png file")),
        (b"PK\x03\x04" + b"\x00" * 64, (CorruptDocumentError, "damaged ZIP container")),
        (b"<!doctype html><html><body><p>Hello</p></body></html>", ("html", "Hello")),
        (b"\x7fELF\x02\x01\x01" + bytes(range(256)) * 4, (UnsupportedFormatError, "")),
        (bytes(random.Random(7).sample(range(256), 256)) * 16, (UnsupportedFormatError, "")),
        ("Hello in UTF-16".encode("utf-16"), ("text", "Hello in UTF-16")),
    ],
    ids=["png", "zip", "html", "elf", "random", "utf16"],
)
def test_non_pdf_named_pdf(
    tmp_path: Path, data: bytes, expected: tuple[type[RagbaseExtractError] | str, str]
) -> None:
    """The content decides the format, not the name: none of these is read as a PDF."""
    path = tmp_path / "renamed.pdf"
    path.write_bytes(data)
    # HTML goes to Docling, whose import alone takes seconds in a fresh worker
    # on a loaded machine: the limit guards against a hang, not for speed.
    started = time.monotonic()
    try:
        result: Document | RagbaseExtractError = extract(path, options=ExtractOptions(timeout=60))
    except RagbaseExtractError as exc:
        result = exc
    assert time.monotonic() - started < 60 + MARGIN
    kind, text = expected
    if isinstance(kind, str):
        assert isinstance(result, Document), result
        assert (result.source.format, result.text.strip()) == (kind, text)
    else:
        assert type(result) is kind
        assert text in str(result)


def test_encrypted_without_password() -> None:
    path = encrypted_pdf()
    if path is None:
        pytest.skip("the real encrypted sample is not around")
    data = path.read_bytes()
    assert isinstance(outcome(data), EncryptedDocumentError)
    assert isinstance(outcome(data, password="wrong"), EncryptedDocumentError)
    assert isinstance(outcome(data, password="1234"), Document)


def test_encrypted_generated() -> None:
    pymupdf: Any = importlib.import_module("pymupdf")
    doc = pymupdf.open(stream=make_pdf("Secret text."))
    data = doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, user_pw="u", owner_pw="o")
    assert isinstance(outcome(data), EncryptedDocumentError)
    opened = outcome(data, password="u")
    assert isinstance(opened, Document)
    assert "Secret text." in opened.text


def test_thousands_of_pages() -> None:
    data = many_pages_pdf(5000)
    started = time.monotonic()
    limited = outcome(data, max_pages=100)
    assert isinstance(limited, ResourceLimitError)
    assert (limited.limit, limited.actual) == ("max_pages", 5000)
    assert time.monotonic() - started < 2  # refused before any page is read
    # without the limit it finishes (or is stopped) within the timeout
    unlimited = outcome(data, timeout=20)
    if isinstance(unlimited, Document):
        assert len(unlimited.pages) == 5000
    else:
        assert isinstance(unlimited, ExtractionTimeoutError)


def test_pages_of_a_huge_document() -> None:
    result = outcome(many_pages_pdf(5000), pages=(1, 4999))
    assert isinstance(result, Document)
    assert [p.number for p in result.pages] == [1, 4999]


def test_flate_bomb_pdf() -> None:
    # 1 GiB of zeros in a ~1 MiB content stream.
    result = outcome(flate_bomb_pdf(1 << 30), timeout=4)
    # Either MuPDF gets through the zeros in time (a page with no text, so it
    # needs OCR) or the worker is killed at the timeout; nothing else.
    if isinstance(result, Document):
        assert [page.needs_ocr for page in result.pages] == [True]
        assert result.text == ""
    else:
        assert isinstance(result, ExtractionTimeoutError)


@pytest.mark.parametrize("builder", [zip_bomb, epub_bomb], ids=["docx-zip-bomb", "epub-zip-bomb"])
def test_zip_bombs(builder: object) -> None:
    data = builder()  # type: ignore[operator]
    result = outcome(data, timeout=5)
    # refused from the ZIP directory by the default ratio limit, before inflating
    assert isinstance(result, ResourceLimitError)
    assert result.limit == "max_compression_ratio"


def test_max_bytes_refuses_before_reading() -> None:
    result = outcome(b"%PDF-1.7\n" + b" " * 10_000, max_bytes=1000)
    assert isinstance(result, ResourceLimitError)
    assert result.limit == "max_bytes"
