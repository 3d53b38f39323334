"""Format detection from content: magic numbers first, the file name only as a hint.

Binary formats are told apart by their signatures (and, for ZIP and OLE
containers, by the names of their members). Text formats have no signature
that separates Markdown from plain text or CSV, so for text the extension, when
it names a text format, breaks the tie; without one the content is sniffed.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import PurePath

from ._formats import Format
from ._textlike import code_language

__all__ = ["decode_text", "detect_format"]

_HEAD = 8192

_IMAGE_MAGIC = (
    b"\x89PNG\r\n\x1a\n",
    b"\xff\xd8\xff",
    b"GIF87a",
    b"GIF89a",
    b"II*\x00",
    b"MM\x00*",
    b"\x00\x00\x00\x0cjP  ",
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ODF_MIMETYPES = {
    "application/vnd.oasis.opendocument.text": Format.ODT,
    "application/vnd.oasis.opendocument.spreadsheet": Format.ODS,
    "application/vnd.oasis.opendocument.presentation": Format.ODP,
    "application/epub+zip": Format.EPUB,
}
_TEXT_EXTENSIONS = {
    ".md": Format.MARKDOWN,
    ".markdown": Format.MARKDOWN,
    ".mdown": Format.MARKDOWN,
    ".adoc": Format.ASCIIDOC,
    ".asciidoc": Format.ASCIIDOC,
    ".asc": Format.ASCIIDOC,
    ".csv": Format.CSV,
    ".tsv": Format.CSV,
    ".txt": Format.TEXT,
    ".text": Format.TEXT,
}
_IMAGE_MEMBER = re.compile(r"\.(jpe?g|png|gif|webp|bmp|tiff?)$", re.IGNORECASE)
_MD_SIGNALS = re.compile(
    r"^(#{1,6}\s|\s*[-*+]\s|\s*\d+[.)]\s|```|\|.*\|\s*$|>\s)|\[[^\]]+\]\([^)]+\)", re.MULTILINE
)
_SPACES = re.compile(r"\s*")
_ADOC_SIGNALS = re.compile(r"^(={1,5}\s\S|\|===|\[source|:[\w-]+:|----$|\.\w)", re.MULTILINE)


def detect_format(data: bytes, name: str | None = None) -> Format | None:
    """Return the format of ``data``, or ``None`` when it is not recognised.

    Args:
        data: The document's bytes.
        name: The file name, used only to choose among text formats.
    """
    head = data[:_HEAD]
    if b"%PDF-" in head[:1024]:
        return Format.PDF
    if head.startswith((b"PK\x03\x04", b"PK\x05\x06")):
        return _detect_zip(data)
    if head.startswith(_OLE_MAGIC):
        return _detect_ole(data)
    if head[60:68] in (b"BOOKMOBI", b"TEXtREAd"):
        return Format.MOBI
    if (
        head.startswith(_IMAGE_MAGIC)
        or _is_bmp(head)
        or (head[:4] == b"RIFF" and head[8:12] == b"WEBP")
    ):
        return Format.IMAGE
    text = decode_text(head, truncated=len(data) > _HEAD)
    if text is None:
        return None
    return _detect_text(text, name)


def _is_bmp(head: bytes) -> bool:
    # "BM" alone is too weak (text can start with it): also require the header's
    # reserved zero bytes and a known DIB header size.
    return (
        head[:2] == b"BM"
        and len(head) >= 18
        and head[6:10] == b"\x00\x00\x00\x00"
        and int.from_bytes(head[14:18], "little") in (12, 40, 52, 56, 64, 108, 124)
    )


def decode_text(data: bytes, *, truncated: bool = False) -> str | None:
    """Decode bytes that look like text (UTF-8/16 with BOM, UTF-8, Latin-1); else ``None``.

    Args:
        data: The bytes.
        truncated: ``data`` is a prefix, so a multi-byte character may be cut at its end.
    """
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16", errors="replace")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data:
        return None
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if truncated and exc.start >= len(data) - 4:  # a character cut by the prefix
            return data[: exc.start].decode("utf-8")
    # Not UTF-8: accept Windows-1252 (a superset of Latin-1's printable range)
    # only when control characters are rare, so random binary is not "text".
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f\v")
    return text if controls <= len(text) // 100 else None


def _detect_zip(data: bytes) -> Format | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = archive.namelist()
            if "mimetype" in names:
                info = archive.getinfo("mimetype")
                if info.file_size < 200:
                    mime = archive.read("mimetype").decode("ascii", "replace").strip()
                    if mime in _ODF_MIMETYPES:
                        return _ODF_MIMETYPES[mime]
    except (
        zipfile.BadZipFile,
        zlib.error,  # a deflated "mimetype" member that does not inflate
        RuntimeError,  # an encrypted one
        OSError,
        ValueError,
        NotImplementedError,
        EOFError,
    ):
        return Format.ZIP  # a broken archive: the pipeline reports it as corrupt
    members = set(names)
    if "word/document.xml" in members:
        return Format.DOCX
    if "ppt/presentation.xml" in members:
        return Format.PPTX
    if "xl/workbook.xml" in members:
        return Format.XLSX
    if any(n.endswith((".fdseq", ".fdoc")) for n in names):
        return Format.XPS
    files = [n for n in names if not n.endswith("/")]
    if files and all(_IMAGE_MEMBER.search(n) or n.lower().endswith(".xml") for n in files):
        return Format.CBZ
    return Format.ZIP


def _detect_ole(data: bytes) -> Format | None:
    # OLE2 directory entries hold UTF-16LE stream names.
    if "WordDocument".encode("utf-16-le") in data:
        return Format.DOC
    if "PowerPoint Document".encode("utf-16-le") in data:
        return Format.PPT
    if "Workbook".encode("utf-16-le") in data or "Book".encode("utf-16-le") in data:
        return Format.XLS
    return None


def _detect_markup(lowered: str) -> Format | None:
    if "<fictionbook" in lowered:
        return Format.FB2
    if re.search(r"<!doctype\s+(us-patent|patent-application|patdoc)|<us-patent-", lowered):
        return Format.USPTO
    if re.search(r"jats|<!doctype\s+article\s+public\s+\"-//nlm//dtd", lowered):
        return Format.JATS
    if re.search(r"<!doctype\s+html|<html[\s>]", lowered):
        return Format.HTML
    if _is_svg(lowered):
        return Format.SVG
    if lowered.startswith("<?xml"):
        return Format.XML
    if re.match(r"<(head|body|div|p|h[1-6]|table|ul|ol|section|article|span|a)[\s>]", lowered):
        return Format.HTML
    return None


def _is_svg(lowered: str) -> bool:
    """``<svg`` first, or after an XML declaration and comments: one forward scan.

    Written with ``str.find`` rather than a pattern such as
    ``<\\?xml[^>]*>\\s*(<!--.*?-->\\s*)*<svg``, which backtracks exponentially on
    ``<!---->`` repeated without a following ``<svg`` (a 460-byte file held the
    GIL for minutes).
    """
    if lowered.startswith("<svg"):
        return True
    if not lowered.startswith("<?xml"):
        return False
    pos = lowered.find(">")
    while pos != -1:
        pos = _SPACES.match(lowered, pos + 1).end()  # type: ignore[union-attr]
        if lowered.startswith("<svg", pos):
            return True
        if not lowered.startswith("<!--", pos):
            return False
        end = lowered.find("-->", pos + 4)
        pos = -1 if end == -1 else end + 2
    return False


def _detect_text(text: str, name: str | None) -> Format:
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("WEBVTT"):
        return Format.WEBVTT
    if stripped.startswith(("PATN\n", "PATN\r\n")):
        return Format.USPTO
    if stripped.startswith("<"):
        markup = _detect_markup(stripped[:_HEAD].lower())
        if markup is not None:
            return markup
    if code_language(name, stripped) is not None:
        return Format.TEXT  # config, data or code: kept whole by the text backend
    suffix = PurePath(name).suffix.lower() if name else ""
    if suffix in _TEXT_EXTENSIONS:
        return _TEXT_EXTENSIONS[suffix]
    if suffix in (".html", ".htm", ".xhtml"):
        return Format.HTML
    return _sniff_plain(stripped)


def _sniff_plain(text: str) -> Format:
    lines = [line for line in text.splitlines()[:50] if line.strip()]
    if not lines:
        return Format.TEXT
    if len(_ADOC_SIGNALS.findall(text)) >= 2 and re.match(r"=\s\S", lines[0]):
        return Format.ASCIIDOC
    if re.match(r"#{1,6}\s+\S", lines[0]) or len(_MD_SIGNALS.findall(text)) >= 2:
        return Format.MARKDOWN
    if _looks_like_csv(lines):
        return Format.CSV
    return Format.TEXT


def _looks_like_csv(lines: list[str]) -> bool:
    if len(lines) < 2:
        return False
    for delimiter in (",", ";", "\t", "|"):
        counts = {line.count(delimiter) for line in lines[:20]}
        if len(counts) == 1 and counts.pop() >= 1:
            return True
    return False
