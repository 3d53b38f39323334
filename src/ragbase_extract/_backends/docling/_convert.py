"""Running one of Docling's declarative format backends on our bytes.

Docling's ``DocumentConverter`` imports its audio pipeline (and with it torch)
at import time, so it is not used for the light formats: each format is handed
straight to its Docling backend class, as Docling's ``SimplePipeline`` does,
through an ``InputDocument``. Only the modules named in :data:`SPECS` are
imported, and only when a document of that format is converted.
"""

from __future__ import annotations

import contextlib
import importlib
import importlib.util
import io
import logging
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final, NoReturn

from ..._errors import CorruptDocumentError, RagbaseExtractError
from ..._formats import XML_DOCUMENTS, ZIP_CONTAINERS, Format
from ..._options import ExtractOptions
from ..._source import Source
from ._errors import docling_unavailable, map_error
from ._external import forbid_external_programs
from ._strict import to_transitional

if TYPE_CHECKING:
    from docling_core.types.doc.document import DoclingDocument

__all__ = ["SPECS", "ZIP_FORMATS", "FormatSpec", "convert", "missing_modules"]


@dataclass(frozen=True)
class FormatSpec:
    """Which Docling backend reads a format, and what it needs installed."""

    module: str
    cls: str
    input_format: str
    extension: str
    requires: tuple[str, ...]


_BASE: Final = ("docling", "docling_core")

SPECS: Final[dict[Format, FormatSpec]] = {
    Format.DOCX: FormatSpec(
        "docling.backend.msword_backend", "MsWordDocumentBackend", "docx", "docx", ("docx",)
    ),
    Format.PPTX: FormatSpec(
        "docling.backend.mspowerpoint_backend",
        "MsPowerpointDocumentBackend",
        "pptx",
        "pptx",
        ("pptx",),
    ),
    Format.XLSX: FormatSpec(
        "docling.backend.msexcel_backend", "MsExcelDocumentBackend", "xlsx", "xlsx", ("openpyxl",)
    ),
    Format.ODT: FormatSpec(
        "docling.backend.opendocument_backend", "OdtDocumentBackend", "odt", "odt", ("odfdo",)
    ),
    Format.ODS: FormatSpec(
        "docling.backend.opendocument_backend", "OdsDocumentBackend", "ods", "ods", ("odfdo",)
    ),
    Format.ODP: FormatSpec(
        "docling.backend.opendocument_backend", "OdpDocumentBackend", "odp", "odp", ("odfdo",)
    ),
    Format.HTML: FormatSpec(
        "docling.backend.html_backend", "HTMLDocumentBackend", "html", "html", ("bs4",)
    ),
    Format.MARKDOWN: FormatSpec(
        "docling.backend.md_backend", "MarkdownDocumentBackend", "md", "md", ("marko", "bs4")
    ),
    Format.ASCIIDOC: FormatSpec(
        "docling.backend.asciidoc_backend", "AsciiDocBackend", "asciidoc", "adoc", ()
    ),
    Format.CSV: FormatSpec("docling.backend.csv_backend", "CsvDocumentBackend", "csv", "csv", ()),
    Format.JATS: FormatSpec(
        "docling.backend.xml.jats_backend", "JatsDocumentBackend", "xml_jats", "nxml", ("lxml",)
    ),
    Format.USPTO: FormatSpec(
        "docling.backend.xml.uspto_backend",
        "PatentUsptoDocumentBackend",
        "xml_uspto",
        "xml",
        ("bs4", "lxml"),
    ),
    Format.EPUB: FormatSpec(
        "docling.backend.epub_backend",
        "EpubDocumentBackend",
        "epub",
        "epub",
        ("bs4", "defusedxml"),
    ),
    Format.WEBVTT: FormatSpec(
        "docling.backend.webvtt_backend", "WebVTTDocumentBackend", "vtt", "vtt", ()
    ),
}
"""The light formats: no model, no torch."""

_STRICT_READERS: Final = frozenset({Format.XLSX, Format.PPTX})
"""Formats whose Docling reader knows only Transitional namespaces (see :mod:`._strict`)."""

ZIP_FORMATS: Final = ZIP_CONTAINERS & SPECS.keys()
"""Docling's formats that are ZIP containers: their XML parts are checked before parsing."""

XML_FORMATS: Final = XML_DOCUMENTS & SPECS.keys()
"""Docling's formats that are one XML document: checked for entity-expansion bombs."""


def missing_modules(fmt: Format | None = None) -> list[str]:
    """Top-level modules a format (or, for ``None``, the core) needs but lacks; cheap."""
    wanted = _BASE + (SPECS[fmt].requires if fmt in SPECS else ())
    return [name for name in wanted if importlib.util.find_spec(name) is None]


@contextlib.contextmanager
def quiet_docling() -> Iterator[None]:
    """Silence Docling's warnings and log records for the duration of one conversion.

    Docling logs what it skips (and failures, with tracebacks) at WARNING/ERROR and
    warns about malformed parts; failures reach callers as our exceptions instead.
    The loggers' levels are restored afterwards, so an application's own logging
    setup is left as it was.
    """
    loggers = [logging.getLogger(name) for name in ("docling", "docling_core")]
    levels = [logger.level for logger in loggers]
    for logger in loggers:
        logger.setLevel(logging.CRITICAL)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def _load_backend_class(spec: FormatSpec, fmt: Format) -> Any:
    missing = missing_modules(fmt)
    if missing:
        raise docling_unavailable(f"Docling cannot read {fmt} here: missing {', '.join(missing)}")
    try:
        module = importlib.import_module(spec.module)
    except ImportError as exc:
        raise docling_unavailable(f"Docling's {fmt} reader cannot be imported ({exc})") from exc
    return getattr(module, spec.cls)


def _file_name(source: Source, spec: FormatSpec) -> str:
    # Some Docling backends look at the extension; give one that matches the
    # detected format, whatever the caller's file was called.
    stem = (source.name or "document").rsplit(".", 1)[0] or "document"
    return f"{stem}.{spec.extension}"


def convert(source: Source, fmt: Format, options: ExtractOptions) -> DoclingDocument:
    """Convert ``source`` (already security-checked) with Docling's backend for ``fmt``.

    Raises:
        BackendUnavailableError: Docling or the format's dependency is missing.
        CorruptDocumentError: Docling cannot parse the bytes.
        ResourceLimitError: More pages (slides, sheets) than ``max_pages``.
    """
    spec = SPECS[fmt]
    backend_cls = _load_backend_class(spec, fmt)
    data = source.data
    if fmt in _STRICT_READERS:
        data = to_transitional(data, options)
    with quiet_docling():
        return _convert(source, data, fmt, options, spec, backend_cls)


def _convert(
    source: Source,
    data: bytes,
    fmt: Format,
    options: ExtractOptions,
    spec: FormatSpec,
    backend_cls: Any,
) -> DoclingDocument:
    from docling.backend.abstract_backend import PaginatedDocumentBackend
    from docling.datamodel.base_models import InputFormat
    from docling.datamodel.document import InputDocument

    name = source.name or "input"
    try:
        in_doc = InputDocument(
            path_or_stream=io.BytesIO(data),
            format=InputFormat(spec.input_format),
            backend=backend_cls,
            filename=_file_name(source, spec),
        )
    except RagbaseExtractError:
        raise
    except Exception as exc:
        raise map_error(exc, name, f"{name} is not a readable {fmt} document") from exc
    if not in_doc.valid and not _no_pages(in_doc):
        _raise_rejection(in_doc, name, fmt)
    backend: Any = in_doc._backend
    forbid_external_programs(backend)  # no soffice for EMF/WMF pictures and charts
    try:
        if isinstance(backend, PaginatedDocumentBackend):
            options.check_page_count(backend.page_count())
        document: DoclingDocument = backend.convert()
    except RagbaseExtractError:
        raise
    except Exception as exc:
        raise map_error(exc, name, f"{name} is not a readable {fmt} document") from exc
    finally:
        unload = getattr(backend, "unload", None)
        if callable(unload):
            with contextlib.suppress(Exception):
                unload()
    options.check_page_count(len(document.pages))
    return document


def _no_pages(in_doc: Any) -> bool:
    """Whether Docling refused a valid document only because it has no pages.

    ``InputDocument`` rejects a paginated document with fewer pages than its
    page range starts at (1), so a well-formed presentation with no slides
    reads as invalid. Its backend opened it and converts it to an empty
    document; the caller gets that, with an
    :class:`~ragbase_extract.EmptyDocumentWarning`.
    """
    from docling.backend.abstract_backend import PaginatedDocumentBackend

    backend = getattr(in_doc, "_backend", None)
    return (
        isinstance(backend, PaginatedDocumentBackend)
        and backend.is_valid()
        and backend.page_count() == 0
    )


def _raise_rejection(in_doc: Any, name: str, fmt: Format) -> NoReturn:
    """Raise our error for a document Docling's ``InputDocument`` refused."""
    from docling.datamodel.document import get_input_rejection_cause

    cause = get_input_rejection_cause(in_doc)
    rejection = getattr(in_doc, "_rejection", None)
    reason = getattr(rejection, "message", None) or "Docling could not open it"
    error = (
        map_error(cause, name, f"{name} is not a readable {fmt} document")
        if cause is not None
        else None
    )
    if error is None or type(error) is CorruptDocumentError:
        error = CorruptDocumentError(f"{name} is not a readable {fmt} document: {reason}")
    if cause is not None:
        raise error from cause
    raise error
