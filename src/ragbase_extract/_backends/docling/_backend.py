"""The Docling backend: Office, OpenDocument, HTML, Markdown, AsciiDoc, CSV, JATS,
USPTO and WebVTT through Docling's light format backends (``[office]``), and PDF
through Docling's layout-model pipeline where its models are installed
(``[docling]``)."""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Final

from ..._containers import check_xml_entities, check_zip_xml_parts
from ..._errors import UnsupportedFormatError
from ..._formats import Format
from ..._model import Document
from ..._options import ExtractOptions
from ..._source import Source
from ._convert import SPECS, XML_FORMATS, ZIP_FORMATS, missing_modules
from ._errors import PDF_EXTRA, docling_unavailable

if TYPE_CHECKING:
    from ._mapping import Mapped

__all__ = ["DoclingBackend"]

_FORMATS: Final = frozenset({*SPECS, Format.PDF})


class DoclingBackend:
    """Extract Office, HTML and other formats with Docling; PDFs with its layout models.

    Args:
        artifacts_path: Directory holding Docling's model files, for PDFs
            (``docling-tools models download -o DIR``). Defaults to
            ``$RAGBASE_DOCLING_ARTIFACTS``, then Docling's ``$DOCLING_ARTIFACTS_PATH``.
            Nothing is ever downloaded.

    ``backend="auto"`` keeps PDFs on PyMuPDF; ask for ``backend="docling"`` (or
    pass an instance) to use Docling's PDF pipeline.

    .. versionadded:: 0.1
    """

    name: Final = "docling"
    formats: Final = _FORMATS
    extra: Final = "office"

    def __init__(self, artifacts_path: str | os.PathLike[str] | None = None) -> None:
        self._artifacts_path = Path(artifacts_path) if artifacts_path is not None else None

    def __repr__(self) -> str:
        return f"DoclingBackend(artifacts_path={self._artifacts_path!r})"

    def is_available(self) -> bool:
        """Docling and its format libraries are installed (checked without importing them)."""
        return not missing_modules()

    def unavailable_reason(self) -> str:
        """Why :meth:`is_available` is false, for the registry's error message."""
        missing = missing_modules()
        return f"missing {', '.join(missing)}" if missing else ""

    def extract(self, source: Source, options: ExtractOptions) -> Document:
        """Extract ``source`` with the Docling backend for its detected format."""
        fmt = source.format
        if fmt == Format.PDF:
            return self._extract_pdf(source, options)
        if fmt not in SPECS:
            raise UnsupportedFormatError(
                f"the docling backend does not read {fmt or 'unrecognised'} documents",
                format=str(fmt) if fmt else None,
            )
        what = source.name or str(fmt).upper()
        if fmt in ZIP_FORMATS:
            check_zip_xml_parts(source.data, options, what=what)
        elif fmt in XML_FORMATS:
            check_xml_entities(source.data, what=what)
        from ._convert import convert
        from ._mapping import to_blocks

        doc = convert(source, fmt, options)
        mapped = to_blocks(doc, fmt)
        return self._build(source, fmt, options, mapped)

    def _extract_pdf(self, source: Source, options: ExtractOptions) -> Document:
        from ._pdf_pipeline import check_pdf_pipeline, convert_pdf, resolve_artifacts_path

        artifacts = check_pdf_pipeline(resolve_artifacts_path(self._artifacts_path))
        if missing_modules():
            raise docling_unavailable(
                f"Docling is not installed ({self.unavailable_reason()})", extra=PDF_EXTRA
            )
        from ._mapping import to_blocks

        doc = convert_pdf(source, options, artifacts)
        return self._build(source, Format.PDF, options, to_blocks(doc, Format.PDF))

    def _build(
        self, source: Source, fmt: Format, options: ExtractOptions, mapped: Mapped
    ) -> Document:
        from ._metadata import read_metadata

        blocks = mapped.blocks
        pages = mapped.pages
        if pages and options.pages is not None:
            wanted = set(options.select_pages(len(pages)))
            pages = [p for p in pages if p.number in wanted]
            blocks = [b for b in blocks if b.prov.page is None or b.prov.page in wanted]
        metadata = read_metadata(
            source.data,
            fmt,
            options,
            title=mapped.title,
            page_count=len(mapped.pages) or None,
        )
        return Document.build(
            backend=self.name,
            source=source.info(fmt),
            blocks=blocks,
            pages=pages,
            metadata=metadata,
        )
