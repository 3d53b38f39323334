"""Safety checks for container and XML inputs, run before any parser sees the bytes.

ZIP-based formats (DOCX, PPTX, XLSX, ODF, EPUB, XPS, CBZ, ...) are checked from
the archive's central directory alone: member count, declared uncompressed sizes
and per-member compression ratios. Nothing is decompressed, so a zip bomb is
refused in microseconds. :func:`read_member` then reads one member while
re-checking the real inflated size, for callers that decompress themselves.

XML inputs (JATS, USPTO, the XML parts of Office files) are checked for entity
declarations that expand (the "billion laughs" attack) and for external parsed
entities, which a resolving parser would fetch from disk.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from collections.abc import Iterable
from typing import IO, Final

from ._errors import CorruptDocumentError, ResourceLimitError
from ._options import ExtractOptions
from ._sheets import check_sheet_extents
from ._xml_entities import MAX_ENTITY_EXPANSION, check_xml_entities

__all__ = [
    "MAX_ENTITY_EXPANSION",
    "check_xml_entities",
    "check_zip",
    "check_zip_xml_parts",
    "read_member",
]

_XML_HEAD: Final = 64 * 1024
_XML_PROLOG_MAX: Final = 4 * 1024 * 1024
_READ_CHUNK: Final = 64 * 1024
_XML_MEMBER = re.compile(r"\.(xml|rels|xhtml|html?|opf|ncx|fdoc|fpage|fdseq|vml)$", re.IGNORECASE)
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_ROOT_START = re.compile(rb"<[A-Za-z_]")


def _open_zip(data: bytes, what: str) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise CorruptDocumentError(f"{what} is not a readable ZIP archive: {exc}") from exc


def check_zip(data: bytes, options: ExtractOptions, *, what: str = "the archive") -> None:
    """Refuse a ZIP archive that exceeds the container limits in ``options``.

    Only the central directory is read: member count, the sum of the declared
    uncompressed sizes (``max_unpacked_bytes``) and each member's declared
    compression ratio (``max_compression_ratio``). No member is decompressed.

    Args:
        data: The archive's bytes.
        options: Where the limits come from; ``None`` limits are not enforced.
        what: How to name the input in messages.

    Raises:
        ResourceLimitError: A limit is exceeded; ``limit`` names the option.
        CorruptDocumentError: The bytes are not a readable ZIP archive.

    .. versionadded:: 0.1
    """
    with _open_zip(data, what) as archive:
        try:
            infos = archive.infolist()
        except (zipfile.BadZipFile, OSError, ValueError) as exc:  # pragma: no cover - opened above
            raise CorruptDocumentError(f"{what} has a broken ZIP directory: {exc}") from exc
    _check_infos(infos, options, what)


def _check_infos(infos: Iterable[zipfile.ZipInfo], options: ExtractOptions, what: str) -> None:
    members = list(infos)
    limit_members = options.max_archive_members
    if limit_members is not None and len(members) > limit_members:
        raise ResourceLimitError(
            f"{what} has {len(members)} members, more than max_archive_members={limit_members}",
            limit="max_archive_members",
            value=limit_members,
            actual=len(members),
        )
    total = 0
    ratio_limit = options.max_compression_ratio
    for info in members:
        if info.file_size < 0 or info.compress_size < 0:  # pragma: no cover - zipfile forbids
            raise CorruptDocumentError(f"{what}: member {info.filename!r} has a negative size")
        total += info.file_size
        if ratio_limit is not None and info.file_size > 0:
            # A stored member cannot be a bomb; a deflated one of a few bytes may
            # have a large ratio without mattering, so tiny members are let through.
            ratio = info.file_size / max(info.compress_size, 1)
            if ratio > ratio_limit and info.file_size > 1024 * 1024:
                raise ResourceLimitError(
                    f"{what}: member {info.filename!r} expands {ratio:.0f}x "
                    f"({info.compress_size} -> {info.file_size} bytes), "
                    f"more than max_compression_ratio={ratio_limit:g}",
                    limit="max_compression_ratio",
                    value=ratio_limit,
                    actual=ratio,
                )
    limit_bytes = options.max_unpacked_bytes
    if limit_bytes is not None and total > limit_bytes:
        raise ResourceLimitError(
            f"{what} unpacks to {total} bytes, more than max_unpacked_bytes={limit_bytes}",
            limit="max_unpacked_bytes",
            value=limit_bytes,
            actual=total,
        )


def read_member(
    archive: zipfile.ZipFile,
    name: str,
    options: ExtractOptions,
    *,
    max_bytes: int | None = None,
) -> bytes:
    """Read one member, stopping as soon as it inflates past its declared size or a limit.

    The declared sizes in a ZIP directory can lie; this counts the bytes that
    really come out of the decompressor.

    Args:
        archive: An open archive (already passed through :func:`check_zip`).
        name: The member's name.
        options: ``max_unpacked_bytes`` bounds the member.
        max_bytes: A tighter bound for this read; reading stops there (no error).

    Raises:
        ResourceLimitError: The member inflates past ``max_unpacked_bytes`` or
            its declared size.
        CorruptDocumentError: The member cannot be decompressed.

    .. versionadded:: 0.1
    """
    try:
        info = archive.getinfo(name)
    except KeyError as exc:
        raise CorruptDocumentError(f"the archive has no member {name!r}") from exc
    try:
        with archive.open(info) as stream:
            return _inflate(stream, info, options.max_unpacked_bytes, max_bytes)
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        EOFError,
        ValueError,
        NotImplementedError,
    ) as exc:
        raise CorruptDocumentError(f"member {name!r} cannot be decompressed: {exc}") from exc
    except RuntimeError as exc:  # encrypted member without a password
        raise CorruptDocumentError(f"member {name!r} cannot be read: {exc}") from exc


def _inflate(
    stream: IO[bytes], info: zipfile.ZipInfo, limit: int | None, max_bytes: int | None
) -> bytes:
    """Read ``stream`` in chunks: up to ``max_bytes``, refused past its declared size or ``limit``."""
    out = bytearray()
    while chunk := stream.read(_READ_CHUNK):
        out += chunk
        if max_bytes is not None and len(out) >= max_bytes:
            return bytes(out[:max_bytes])
        if len(out) > info.file_size or (limit is not None and len(out) > limit):
            raise ResourceLimitError(
                f"member {info.filename!r} inflates past its declared {info.file_size} bytes "
                f"(or max_unpacked_bytes={limit})",
                limit="max_unpacked_bytes",
                value=limit,
                actual=len(out),
            )
    return bytes(out)


def check_zip_xml_parts(data: bytes, options: ExtractOptions, *, what: str = "the archive") -> None:
    """Run :func:`check_zip`, :func:`check_xml_entities` on the head of every XML member,
    and the XLSX sheet-extent guard (``max_sheet_cells``).

    Office and ODF XML parts never need a DTD; only the first 64 KiB of each
    member (where a DOCTYPE must sit) is inflated. Worksheet parts are streamed
    whole, once, for their cell references.

    .. versionadded:: 0.1
    """
    with _open_zip(data, what) as archive:
        infos = archive.infolist()
        _check_infos(infos, options, what)
        for info in infos:
            if info.is_dir() or not _XML_MEMBER.search(info.filename):
                continue
            head = read_member(archive, info.filename, options, max_bytes=_XML_HEAD)
            if len(head) == _XML_HEAD and not _ROOT_START.search(head):
                # A prolog longer than the head (comments before the DOCTYPE): read on.
                head = read_member(archive, info.filename, options, max_bytes=_XML_PROLOG_MAX)
            if _DOCTYPE.search(head):
                check_xml_entities(head, what=f"{what}: {info.filename}")
        check_sheet_extents(archive, options, what=what)
