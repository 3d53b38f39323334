"""Format detection from bytes, with the name only breaking ties among text formats."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from ragbase_extract import Format
from ragbase_extract._detect import decode_text, detect_format

from .conftest import CORPUS, corpus_files

# Corpus folder -> the format its files must be detected as, from content alone
# (except text formats, where the extension is the documented tie-breaker).
FOLDER_FORMATS = {
    "pdf": {Format.PDF},
    "docx": {Format.DOCX},
    "pptx": {Format.PPTX},
    "xlsx": {Format.XLSX},
    "html": {Format.HTML},
    "md": {Format.MARKDOWN},
    "csv": {Format.CSV},
    "epub": {Format.EPUB},
    "jats": {Format.JATS},
    "uspto": {Format.USPTO},
    "webvtt": {Format.WEBVTT},
    "asciidoc": {Format.ASCIIDOC},
    "odf": {Format.ODT, Format.ODS, Format.ODP},
    "doc": {Format.DOC},
    "ppt": {Format.PPT},
    "xls": {Format.XLS},
    "image": {Format.IMAGE},
}


def _all_corpus_inputs() -> list[Path]:
    return [p for folder in FOLDER_FORMATS for p in corpus_files(folder)] if CORPUS else []


@pytest.mark.corpus
@pytest.mark.parametrize("path", _all_corpus_inputs(), ids=lambda p: f"{p.parent.name}/{p.name}")
def test_corpus_file_detected(path: Path) -> None:
    assert detect_format(path.read_bytes(), path.name) in FOLDER_FORMATS[path.parent.name]


@pytest.mark.corpus
@pytest.mark.parametrize(
    "path",
    [p for p in _all_corpus_inputs() if p.parent.name not in {"md", "csv", "asciidoc"}],
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_binary_and_markup_formats_ignore_the_name(path: Path) -> None:
    assert detect_format(path.read_bytes(), "misleading.txt") in FOLDER_FORMATS[path.parent.name]


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"%PDF-1.7\n...", Format.PDF),
        (b"\x89PNG\r\n\x1a\n....", Format.IMAGE),
        (b"RIFF\x00\x00\x00\x00WEBPVP8 ", Format.IMAGE),
        (b"WEBVTT\n\n00:01.000 --> 00:02.000\nHi", Format.WEBVTT),
        (b"<!DOCTYPE html><html><body>x</body></html>", Format.HTML),
        (b"<?xml version='1.0'?><svg xmlns='http://www.w3.org/2000/svg'/>", Format.SVG),
        (b"<?xml version='1.0'?><FictionBook></FictionBook>", Format.FB2),
        (b"<?xml version='1.0'?><root/>", Format.XML),
        (b"# Title\n\n- item\n- item\n", Format.MARKDOWN),
        (b"a,b,c\n1,2,3\n4,5,6\n", Format.CSV),
        (b"Just a sentence.\n", Format.TEXT),
        (b"", Format.TEXT),
        (b"\x00\x01\x02\x03binary", None),
        (_zip({"word/document.xml": b"<w/>"}), Format.DOCX),
        (_zip({"ppt/presentation.xml": b"<p/>"}), Format.PPTX),
        (_zip({"xl/workbook.xml": b"<x/>"}), Format.XLSX),
        (_zip({"mimetype": b"application/epub+zip"}), Format.EPUB),
        (_zip({"a.jpg": b"\xff\xd8\xff", "b.png": b"\x89PNG"}), Format.CBZ),
        (_zip({"notes.txt": b"x"}), Format.ZIP),
        (b"PK\x03\x04broken", Format.ZIP),
        (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, None),
    ],
)
def test_signatures(data: bytes, expected: Format | None) -> None:
    assert detect_format(data) == expected


def test_text_extension_breaks_ties_but_not_signatures() -> None:
    assert detect_format(b"plain words", "notes.md") is Format.MARKDOWN
    assert detect_format(b"a;b\n1;2\n", "table.csv") is Format.CSV
    assert detect_format(b"%PDF-1.4", "notes.md") is Format.PDF


def test_decode_text_handles_boms_and_binary() -> None:
    assert decode_text("hé".encode("utf-16")) == "hé"
    assert decode_text(b"\xef\xbb\xbfhi") == "hi"
    assert decode_text("caf\xe9".encode("latin-1")) == "café"
    assert decode_text("“quoted”".encode("cp1252")) == "“quoted”"
    assert decode_text(bytes(range(128, 256)) * 4) is None
    assert decode_text(b"\x00\x00") is None


def test_media_types_are_defined_for_every_format() -> None:
    assert all("/" in fmt.media_type for fmt in Format)
