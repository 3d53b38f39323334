"""Docling's layout-model PDF pipeline (the ``[docling]`` extra), strictly offline.

The layout and table-structure models are not on PyPI. Users fetch them once
with ``docling-tools models download -o DIR`` and point us at ``DIR`` through
``DoclingBackend(artifacts_path=DIR)``, ``$RAGBASE_DOCLING_ARTIFACTS`` or
Docling's own ``$DOCLING_ARTIFACTS_PATH``. The files are checked before any
conversion starts, and the Hugging Face libraries are switched to offline mode
for the call: this path never downloads anything.
"""

from __future__ import annotations

import contextlib
import importlib.util
import io
import os
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Final

from ..._errors import BackendUnavailableError, EncryptedDocumentError, ResourceLimitError
from ..._optional import install_hint
from ..._options import ExtractOptions
from ..._source import Source
from ._errors import PDF_EXTRA, docling_unavailable, map_error

if TYPE_CHECKING:
    from docling_core.types.doc.document import DoclingDocument

__all__ = [
    "ARTIFACTS_ENV",
    "DOCLING_ARTIFACTS_ENV",
    "REQUIRED_ARTIFACTS",
    "check_password",
    "check_pdf_pipeline",
    "convert_pdf",
    "missing_artifacts",
    "resolve_artifacts_path",
]

ARTIFACTS_ENV: Final = "RAGBASE_DOCLING_ARTIFACTS"
"""Our environment variable naming the Docling model directory."""

DOCLING_ARTIFACTS_ENV: Final = "DOCLING_ARTIFACTS_PATH"
"""Docling's own setting (``docling.datamodel.settings.settings.artifacts_path``)."""

REQUIRED_ARTIFACTS: Final = (
    "docling-project--docling-layout-heron/config.json",
    "docling-project--docling-layout-heron/model.safetensors",
    "docling-project--docling-models/model_artifacts/tableformer/accurate/tm_config.json",
)
"""Files the default pipeline (layout model Heron + TableFormer accurate) loads."""

_FULL_MODULES: Final = ("torch", "docling_ibm_models")
_OFFLINE_ENV: Final = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "HF_DATASETS_OFFLINE": "1",
    "HF_HUB_DISABLE_TELEMETRY": "1",
}
_HOW_TO_FETCH: Final = (
    "fetch them once with `docling-tools models download -o DIR` (from "
    f"`{install_hint('docling')}`), then pass DoclingBackend(artifacts_path=DIR) "
    f"or set {ARTIFACTS_ENV}=DIR; ragbase-extract never downloads models itself"
)


def resolve_artifacts_path(explicit: str | os.PathLike[str] | None) -> Path | None:
    """The model directory: the argument, else ``$RAGBASE_DOCLING_ARTIFACTS``, else Docling's."""
    if explicit is not None:
        return Path(explicit).expanduser()
    for variable in (ARTIFACTS_ENV, DOCLING_ARTIFACTS_ENV):
        value = os.environ.get(variable)
        if value:
            return Path(value).expanduser()
    return None


def missing_artifacts(path: Path) -> list[str]:
    """The required model files that ``path`` lacks (relative names)."""
    return [name for name in REQUIRED_ARTIFACTS if not (path / name).is_file()]


def check_pdf_pipeline(path: Path | None) -> Path:
    """Check the models and libraries of the PDF pipeline are present, without importing them.

    Raises:
        BackendUnavailableError: No artifacts path, missing model files (the
            message says how to fetch them once), or Docling's full install
            (torch, ``docling-ibm-models``) missing.
    """
    if path is None:
        raise BackendUnavailableError(
            "Docling's PDF pipeline needs its layout models, which are not on PyPI and "
            f"no model directory is configured: {_HOW_TO_FETCH}",
            backend="docling",
            extra="docling",
        )
    if not path.is_dir():
        raise BackendUnavailableError(
            f"the Docling model directory {str(path)!r} does not exist: {_HOW_TO_FETCH}",
            backend="docling",
            extra="docling",
        )
    missing = missing_artifacts(path)
    if missing:
        raise BackendUnavailableError(
            f"the Docling model directory {str(path)!r} lacks {', '.join(missing)}: "
            f"{_HOW_TO_FETCH}",
            backend="docling",
            extra="docling",
        )
    absent = [name for name in _FULL_MODULES if importlib.util.find_spec(name) is None]
    if absent:
        raise docling_unavailable(
            f"Docling's PDF pipeline needs the full Docling install (missing {', '.join(absent)})",
            extra=PDF_EXTRA,
        )
    return path


@contextlib.contextmanager
def offline() -> Iterator[None]:
    """Force the Hugging Face libraries offline for the duration of the block."""
    saved = {key: os.environ.get(key) for key in _OFFLINE_ENV}
    os.environ.update(_OFFLINE_ENV)
    try:
        yield
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


def convert_pdf(source: Source, options: ExtractOptions, artifacts: Path) -> DoclingDocument:
    """Run Docling's standard PDF pipeline offline, with the models in ``artifacts``.

    Raises:
        BackendUnavailableError: The pipeline cannot be built from the local files.
        EncryptedDocumentError: The PDF needs a password.
        CorruptDocumentError: Docling cannot convert the PDF.
        ResourceLimitError: More pages than ``max_pages``.
    """
    from ._convert import quiet_docling

    name = source.name or "input.pdf"
    check_password(source, options)
    with offline(), quiet_docling():
        converter = _converter(options, artifacts)
        try:
            result = _run(converter, source, options, name)
        except (OSError, RuntimeError, ValueError) as exc:
            raise _pdf_error(exc, name) from exc
    return _document(result, name, options)


def check_password(source: Source, options: ExtractOptions) -> None:
    """Refuse a locked PDF before Docling runs: PyMuPDF tells, Docling only says so in prose.

    Raises:
        EncryptedDocumentError: The PDF needs a password, and none or a wrong one was given.
    """
    import pymupdf

    name = source.name or "input.pdf"
    opener: Any = pymupdf.open  # PyMuPDF's stubs are partial: keep its objects untyped
    try:
        pdf = opener(stream=source.data, filetype="pdf")
    except Exception:  # damaged: Docling reports it in its own words
        return
    with pdf:
        if not pdf.needs_pass:
            return
        if not options.password:
            raise EncryptedDocumentError(f"{name} is encrypted: pass ExtractOptions(password=...)")
        # authenticate() returns 0 for a wrong password, a positive code otherwise.
        if not pdf.authenticate(options.password):
            raise EncryptedDocumentError(f"{name}: the password is wrong")


def _converter(options: ExtractOptions, artifacts: Path) -> Any:
    try:
        from docling.datamodel.base_models import InputFormat
        from docling.datamodel.pipeline_options import PdfPipelineOptions
        from docling.document_converter import DocumentConverter, PdfFormatOption
    except ImportError as exc:
        raise docling_unavailable(
            f"Docling's PDF pipeline cannot be imported ({exc})", extra=PDF_EXTRA
        ) from exc
    pipeline_options = PdfPipelineOptions(
        artifacts_path=str(artifacts),
        do_ocr=False,
        do_table_structure=True,
        enable_remote_services=False,
    )
    format_option = PdfFormatOption(pipeline_options=pipeline_options)
    if options.password is not None:
        from docling.datamodel.backend_options import PdfBackendOptions
        from pydantic import SecretStr

        format_option = PdfFormatOption(
            pipeline_options=pipeline_options,
            backend_options=PdfBackendOptions(password=SecretStr(options.password)),
        )
    return DocumentConverter(
        allowed_formats=[InputFormat.PDF],
        format_options={InputFormat.PDF: format_option},
    )


def _run(converter: Any, source: Source, options: ExtractOptions, name: str) -> Any:
    from docling.datamodel.base_models import DocumentStream

    max_num_pages = options.max_pages if options.max_pages is not None else sys.maxsize
    page_range = (min(options.pages), max(options.pages)) if options.pages else (1, sys.maxsize)
    stream = DocumentStream(
        name=name if name.lower().endswith(".pdf") else f"{name}.pdf",
        stream=io.BytesIO(source.data),
    )
    return converter.convert(
        stream, raises_on_error=False, max_num_pages=max_num_pages, page_range=page_range
    )


def _document(result: Any, name: str, options: ExtractOptions) -> DoclingDocument:
    from docling.datamodel.base_models import ConversionStatus

    if result.status not in (ConversionStatus.SUCCESS, ConversionStatus.PARTIAL_SUCCESS):
        messages = "; ".join(e.error_message for e in result.errors) or str(result.status)
        if "max_num_pages" in messages or "exceeding" in messages:
            raise ResourceLimitError(
                f"{name}: {messages}", limit="max_pages", value=options.max_pages
            )
        raise _pdf_error(RuntimeError(messages), name)
    document: DoclingDocument = result.document
    return document


def _pdf_error(exc: BaseException, name: str) -> Exception:
    text = str(exc)
    if "artifacts" in text.lower() or ("model" in text.lower() and "not found" in text.lower()):
        # No API tells a missing model file from a broken PDF: the files were
        # checked up front (check_pdf_pipeline), this covers what they load.
        return docling_unavailable(
            f"Docling's PDF pipeline could not load its models: {text}", extra=PDF_EXTRA
        )
    return map_error(exc, name, f"Docling could not convert {name}")
