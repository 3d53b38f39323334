"""The in-process extraction pipeline: read, detect, guard, run the backend, map errors.

It sits below both :mod:`._api` (which runs it directly, or in a worker process
through :mod:`._isolation`) and the worker processes themselves, so that
neither imports the other to reach it.
"""

from __future__ import annotations

import io
import zipfile
import zlib

from ._backends import Backend, default_registry
from ._containers import check_zip
from ._errors import (
    CorruptDocumentError,
    EncryptedDocumentError,
    RagbaseExtractError,
    ResourceLimitError,
    UnsupportedFormatError,
)
from ._formats import ZIP_CONTAINERS, Format
from ._model import Document
from ._nesting import check_nesting
from ._options import ExtractOptions
from ._page_progress import PageProgressCallback, run_reporting_pages
from ._source import Source, SourceLike

__all__ = ["extract_in_process"]


_MARKUP_FORMATS = frozenset(
    {Format.HTML, Format.XML, Format.JATS, Format.USPTO, Format.FB2, Format.SVG}
)


def extract_in_process(
    source: SourceLike,
    *,
    backend: str | Backend = "auto",
    options: ExtractOptions,
    on_progress: PageProgressCallback | None = None,
) -> Document:
    """Extract in this process, with no timeout; what :func:`extract` runs by default.

    ``on_progress(pages_done, pages_total)`` gets the backend's page counts and,
    once the document is complete, ``(total, total)`` (see :mod:`._page_progress`).
    """
    src = Source.from_any(source, max_bytes=options.max_bytes)
    if not src.data:
        raise CorruptDocumentError(f"{src.name or 'input'} is empty (0 bytes)")
    try:
        chosen = default_registry().resolve(src.format, backend)
    except UnsupportedFormatError:
        _raise_if_damaged_zip(src)
        _raise_if_encrypted_office(src)
        raise
    if src.format in _MARKUP_FORMATS:
        check_nesting(src.data, html=src.format is Format.HTML, what=src.name or "the input")
    if src.format in ZIP_CONTAINERS:
        # Every backend gets the same zip-bomb guard, from the central directory
        # alone, before its library inflates anything (MuPDF reads EPUB/XPS/CBZ
        # members whole).
        check_zip(src.data, options, what=src.name or f"the {src.format} input")
    return run_reporting_pages(on_progress, lambda: _run_backend(chosen, src, options))


def _run_backend(chosen: Backend, src: Source, options: ExtractOptions) -> Document:
    """``chosen.extract``, with any failure that is not ours mapped to one of ours."""
    try:
        return chosen.extract(src, options)
    except RagbaseExtractError:
        raise
    except MemoryError as exc:
        raise ResourceLimitError(
            f"ran out of memory extracting {src.name or 'input'}", limit="memory"
        ) from exc
    except RecursionError as exc:
        raise CorruptDocumentError(f"{src.name or 'input'} nests too deeply to parse") from exc
    except Exception as exc:
        # The last line of defence: a backend bug or an unmapped library error
        # still reaches the caller as one of ours, with the original chained.
        raise CorruptDocumentError(
            f"backend {chosen.name!r} failed on {src.name or 'input'}: {type(exc).__name__}: {exc}"
        ) from exc


_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")


def _raise_if_encrypted_office(src: Source) -> None:
    """A password-protected DOCX/XLSX/PPTX is an OLE2 file with an ``EncryptedPackage``.

    Office wraps the encrypted ZIP package in a compound file ([MS-OFFCRYPTO]),
    so detection sees neither a ZIP nor a legacy Office stream.
    """
    if src.data.startswith(_OLE_MAGIC) and _ENCRYPTED_PACKAGE in src.data:
        raise EncryptedDocumentError(
            f"{src.name or 'input'} is a password-protected Office document (an encrypted "
            "package); ragbase-extract cannot decrypt it: remove the password and try again"
        )


def _raise_if_damaged_zip(src: Source) -> None:
    """A ZIP we cannot open is a damaged DOCX/XLSX/EPUB..., not an unknown format."""
    if src.format is not Format.ZIP:
        return
    what = src.name or "input"
    encrypted = False
    try:
        with zipfile.ZipFile(io.BytesIO(src.data)) as archive:
            encrypted = any(info.flag_bits & 0x1 for info in archive.infolist())
            if not encrypted and "mimetype" in archive.namelist():
                # What detection could not read: an ODF/EPUB type marker that is
                # deflated into garbage (zlib.error) or stored in a broken way.
                with archive.open("mimetype") as member:
                    member.read(256)
    except (
        zipfile.BadZipFile,
        zlib.error,
        OSError,
        ValueError,
        EOFError,
        NotImplementedError,
    ) as exc:
        raise CorruptDocumentError(
            f"{what} is a damaged ZIP container (Office, ODF or EPUB?): {exc}"
        ) from exc
    if encrypted:  # outside the try: EncryptedDocumentError is an OSError
        raise EncryptedDocumentError(
            f"{what} is a ZIP container with encrypted members; they cannot be read"
        )
