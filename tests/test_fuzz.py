"""Fuzzing: mutated files of every format through the isolated path, under a memory cap.

Seeds are the small real files in ``tests/data`` (PDF, DOCX, PPTX, XLSX, HTML,
Markdown, CSV) and a few generated ones (SVG, JATS-like XML, EPUB). Mutations flip,
cut, repeat and insert bytes, or, for ZIP containers, damage one member and
repack it so the parsers behind the container checks see it. Every mutant must
come back from a worker process as a document or a *typed* error: never a crash
of the worker, never the untyped base class. The budget is fixed (derandomized,
two batches) so CI time stays bounded; raise ``max_examples`` locally to dig.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ragbase_extract import (
    CorruptDocumentError,
    EncryptedDocumentError,
    ExtractOptions,
    PageOutOfRangeError,
    ResourceLimitError,
    UnsupportedFormatError,
    extract_many,
)
from tests._hostile import make_pdf

DATA = Path(__file__).parent / "data"
_TYPED = (
    CorruptDocumentError,
    EncryptedDocumentError,
    ResourceLimitError,  # ExtractionTimeoutError included
    UnsupportedFormatError,
    PageOutOfRangeError,
)
_TOKENS = [
    b"<!DOCTYPE a [",
    b'<!ENTITY e "&e;&e;">',
    b"]>",
    b"<!--",
    b"-->",
    b"<div>" * 64,
    b"obj",
    b"endobj",
    b"<<",
    b">>",
    b"/FlateDecode",
    b"stream\n",
    b"xref",
    b"\xff" * 8,
    b"\x00" * 8,
    b"PK\x03\x04",
]


def _epub() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        archive.writestr(
            "META-INF/container.xml",
            '<?xml version="1.0"?><container version="1.0" '
            'xmlns="urn:oasis:names:tc:opendocument:xmlns:container"><rootfiles>'
            '<rootfile full-path="c.opf" media-type="application/oebps-package+xml"/>'
            "</rootfiles></container>",
        )
        archive.writestr(
            "c.opf",
            '<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
            '<manifest><item id="t" href="t.xhtml" media-type="application/xhtml+xml"/>'
            '</manifest><spine><itemref idref="t"/></spine></package>',
        )
        archive.writestr(
            "t.xhtml",
            '<html xmlns="http://www.w3.org/1999/xhtml"><body><h1>Title</h1>'
            "<p>Some text.</p></body></html>",
        )
    return out.getvalue()


def _seeds() -> list[bytes]:
    names = [
        "pdf/invisible_text_layer.pdf",
        "office/unit_test_headers.docx",
        "office/powerpoint_sample.pptx",
        "office/xlsx_01.xlsx",
        "office/example_04.html",
        "text/nested.md",
        "text/csv-semicolon.csv",
    ]
    seeds = [(DATA / name).read_bytes() for name in names if (DATA / name).exists()]
    seeds += [
        make_pdf("First page", "Second page"),
        b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" width="10" '
        b'height="10"><text x="1" y="5">hi</text></svg>',
        b'<?xml version="1.0"?><!DOCTYPE article [<!ENTITY x "text">]><article '
        b'article-type="research-article" dtd-version="1.2"><front><article-meta>'
        b"<title-group><article-title>&x;</article-title></title-group></article-meta>"
        b"</front><body><p>Body.</p></body></article>",
        _epub(),
    ]
    return seeds


SEEDS = _seeds()


def _repack(data: bytes, member: int, draw: st.DrawFn) -> bytes:
    """The archive with one member's content damaged, recompressed (valid CRCs)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        contents = [archive.read(info) for info in infos]
    target = member % len(infos)
    contents[target] = _mutate_bytes(contents[target], draw)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, content in zip(infos, contents, strict=True):
            archive.writestr(info.filename, content)
    return out.getvalue()


def _mutate_bytes(data: bytes, draw: st.DrawFn) -> bytes:
    for _ in range(draw(st.integers(1, 4))):
        at = draw(st.integers(0, max(len(data), 1) - 1))
        op = draw(st.sampled_from(["flip", "cut", "repeat", "insert", "delete"]))
        if op == "flip" and data:
            data = data[:at] + bytes([draw(st.integers(0, 255))]) + data[at + 1 :]
        elif op == "cut":
            data = data[:at]
        elif op == "repeat":
            piece = data[at : at + draw(st.integers(1, 256))]
            data = data[:at] + piece * draw(st.integers(2, 64)) + data[at:]
        elif op == "insert":
            data = data[:at] + draw(st.sampled_from(_TOKENS)) + data[at:]
        else:
            data = data[:at] + data[at + draw(st.integers(1, 512)) :]
    return data


@st.composite
def mutants(draw: st.DrawFn) -> bytes:
    seed = draw(st.sampled_from(SEEDS))
    if seed.startswith(b"PK\x03\x04") and draw(st.booleans()):
        return _repack(seed, draw(st.integers(0, 64)), draw)
    return _mutate_bytes(seed, draw)


@pytest.mark.slow
@settings(
    max_examples=2,
    derandomize=True,
    deadline=None,
    suppress_health_check=list(HealthCheck),
)
@given(st.lists(mutants(), min_size=24, max_size=24))
def test_mutants_of_every_format_give_documents_or_typed_errors(batch: list[bytes]) -> None:
    options = ExtractOptions(timeout=30, max_memory=768 * 1024 * 1024)
    results = list(extract_many(batch, workers=2, options=options))
    assert len(results) == len(batch)
    for result in results:
        if result.error is None:
            assert result.document is not None
            continue
        assert isinstance(result.error, _TYPED), (result.index, repr(result.error))
