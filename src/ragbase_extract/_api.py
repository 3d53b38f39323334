"""The one-call entry point: :func:`extract`."""

from __future__ import annotations

import io
import zipfile

from ._backends import Backend, default_registry
from ._containers import check_zip
from ._errors import (
    CorruptDocumentError,
    RagbaseExtractError,
    ResourceLimitError,
    UnsupportedFormatError,
)
from ._formats import Format
from ._model import Document
from ._options import ExtractOptions
from ._source import Source, SourceLike

__all__ = ["extract", "extract_in_process"]

_ZIP_FORMATS = frozenset(
    {
        Format.DOCX,
        Format.PPTX,
        Format.XLSX,
        Format.ODT,
        Format.ODS,
        Format.ODP,
        Format.EPUB,
        Format.XPS,
        Format.CBZ,
    }
)


def extract(
    source: SourceLike,
    *,
    backend: str | Backend = "auto",
    options: ExtractOptions | None = None,
) -> Document:
    """Extract a document into a typed :class:`~ragbase_extract.Document`.

    Args:
        source: A path, the document's bytes, or a binary file object.
        backend: ``"auto"`` (choose by detected format), a backend name such as
            ``"pymupdf"``, or a :class:`~ragbase_extract.Backend` instance.
        options: Page selection, password and limits; defaults apply when omitted.

    Returns:
        The extracted document.

    Raises:
        UnsupportedFormatError: No backend reads this format.
        BackendUnavailableError: The backend needed is not installed (the
            message names the extra).
        EncryptedDocumentError: The document needs a password, or the one given
            is wrong.
        CorruptDocumentError: The bytes cannot be parsed.
        ResourceLimitError: A limit in ``options`` was exceeded (its subclass
            :class:`~ragbase_extract.ExtractionTimeoutError` for ``timeout``).
        ExtractionCrashedError: The worker running a timed extraction died.
        PageOutOfRangeError: ``options.pages`` names pages the document lacks.

    Example:
        >>> from ragbase_extract import extract
        >>> doc = extract(b"# Title\\n\\nSome text.", backend="text")
        >>> [block.kind for block in doc.blocks]
        ['heading', 'paragraph']
    """
    options = options or ExtractOptions()
    if options.timeout is not None:
        from ._isolation import extract_isolated

        return extract_isolated(source, backend=backend, options=options)
    return extract_in_process(source, backend=backend, options=options)


def extract_in_process(
    source: SourceLike,
    *,
    backend: str | Backend = "auto",
    options: ExtractOptions,
) -> Document:
    """Extract in this process, with no timeout; what :func:`extract` runs by default."""
    src = Source.from_any(source, max_bytes=options.max_bytes)
    if not src.data:
        raise CorruptDocumentError(f"{src.name or 'input'} is empty (0 bytes)")
    try:
        chosen = default_registry().resolve(src.format, backend)
    except UnsupportedFormatError:
        _raise_if_damaged_zip(src)
        raise
    if src.format in _ZIP_FORMATS:
        # Every backend gets the same zip-bomb guard, from the central directory
        # alone, before its library inflates anything (MuPDF reads EPUB/XPS/CBZ
        # members whole).
        check_zip(src.data, options, what=src.name or f"the {src.format} input")
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


def _raise_if_damaged_zip(src: Source) -> None:
    """A ZIP we cannot open is a damaged DOCX/XLSX/EPUB..., not an unknown format."""
    if src.format is not Format.ZIP:
        return
    try:
        with zipfile.ZipFile(io.BytesIO(src.data)) as archive:
            archive.namelist()
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise CorruptDocumentError(
            f"{src.name or 'input'} is a damaged ZIP container (Office, ODF or EPUB?): {exc}"
        ) from exc
