"""Opening documents with PyMuPDF and mapping its failures to our errors.

PyMuPDF raises ``pymupdf.FileDataError`` (a ``RuntimeError``) for bytes it cannot
parse, ``ValueError("document closed or encrypted")`` when pages of a locked
document are touched, and plain ``RuntimeError`` / ``mupdf.FzErrorBase`` for
damage found later, while a page is read. Everything is mapped here or in
:func:`guard`, so no PyMuPDF exception leaves the backend.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any, Final

from ..._errors import (
    CorruptDocumentError,
    EncryptedDocumentError,
    RagbaseExtractError,
    UnsupportedFormatError,
)
from ..._formats import Format
from ._images import is_webp, webp_to_png

if TYPE_CHECKING:
    from ..._options import ExtractOptions
    from ..._source import Source

__all__ = ["filetype_for", "guard", "open_document"]

# MuPDF picks its parser from the "filetype" hint; images use their own type
# names, but "png" serves all raster formats MuPDF sniffs (it reads the magic).
_FILETYPES: Final[dict[Format, str]] = {
    Format.PDF: "pdf",
    Format.XPS: "xps",
    Format.EPUB: "epub",
    Format.MOBI: "mobi",
    Format.FB2: "fb2",
    Format.CBZ: "cbz",
    Format.SVG: "svg",
    Format.IMAGE: "png",
}


def filetype_for(fmt: Format | None) -> str:
    """The PyMuPDF ``filetype`` hint for a detected format (PDF when unknown)."""
    if fmt is None:
        return "pdf"
    return _FILETYPES.get(fmt, "pdf")


def _label(source: Source) -> str:
    return source.name or "input"


@contextmanager
def guard(source: Source) -> Iterator[None]:
    """Map any exception raised inside the block to :class:`CorruptDocumentError`.

    Our own errors pass through unchanged; everything else (PyMuPDF's
    ``FileDataError``, ``RuntimeError``, ``ValueError`` ...) is chained.
    """
    try:
        yield
    except RagbaseExtractError:
        raise
    except MemoryError:
        raise
    except Exception as exc:
        if "unknown image file format" in str(exc):
            # MuPDF builds without a codec (WebP before 1.26, JPEG XL ...) say so lazily.
            raise UnsupportedFormatError(
                f"{_label(source)}: this PyMuPDF build cannot decode the image format",
                format=str(source.format) if source.format else None,
            ) from exc
        raise CorruptDocumentError(
            f"{_label(source)}: PyMuPDF could not read the document: {type(exc).__name__}: {exc}"
        ) from exc


def open_document(source: Source, options: ExtractOptions) -> Any:
    """Open ``source`` with PyMuPDF and authenticate it when it is encrypted.

    Args:
        source: The document's bytes and detected format.
        options: Supplies the password.

    Returns:
        An open ``pymupdf.Document`` ready for page access.

    Raises:
        CorruptDocumentError: The bytes cannot be parsed as the format.
        EncryptedDocumentError: A password is needed and was missing or wrong.
    """
    import pymupdf

    filetype = filetype_for(source.format)
    opener: Any = pymupdf.open  # PyMuPDF's stubs are partial: keep its objects untyped
    data = webp_to_png(source.data, source.name) if is_webp(source.data) else source.data
    try:
        doc: Any = opener(stream=data, filetype=filetype)
    except Exception as exc:
        raise CorruptDocumentError(
            f"{_label(source)} is not a readable {filetype.upper()} document: {exc}"
        ) from exc
    try:
        if doc.needs_pass:
            _authenticate(doc, source, options.password)
        if doc.page_count <= 0:
            # MuPDF "repairs" badly truncated PDFs into documents without pages.
            raise CorruptDocumentError(f"{_label(source)}: no page could be read")
    except RagbaseExtractError:
        doc.close()
        raise
    except Exception as exc:
        doc.close()
        raise CorruptDocumentError(f"{_label(source)}: cannot open: {exc}") from exc
    return doc


def _authenticate(doc: Any, source: Source, password: str | None) -> None:
    if not password:
        raise EncryptedDocumentError(
            f"{_label(source)} is encrypted: pass ExtractOptions(password=...)"
        )
    # authenticate() returns 0 for a wrong password, a positive code otherwise.
    if not doc.authenticate(password):
        raise EncryptedDocumentError(f"{_label(source)}: the password is wrong")
