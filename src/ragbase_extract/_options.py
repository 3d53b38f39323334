"""Extraction options: page selection, password and enforced resource limits."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from pydantic import Field, field_validator

from ._errors import PageOutOfRangeError, ResourceLimitError
from ._model import Frozen

__all__ = [
    "DEFAULT_ISOLATED_TIMEOUT",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_MAX_MEMORY",
    "DEFAULT_MAX_SHEET_CELLS",
    "MAX_TIMEOUT",
    "ExtractOptions",
]

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
"""Default ``max_bytes``: 512 MiB."""

DEFAULT_MAX_MEMORY = 2 * 1024 * 1024 * 1024
"""Default ``max_memory``: 2 GiB of address-space growth per document in a worker process."""

DEFAULT_ISOLATED_TIMEOUT = 600.0
"""Seconds per document in worker processes (``extract_many``, the CLI) when ``timeout`` is unset."""

DEFAULT_MAX_SHEET_CELLS = 2_000_000
"""Default ``max_sheet_cells``: a 100,000-row sheet of 20 columns fits."""

MAX_TIMEOUT = 7 * 24 * 3600.0
"""The largest ``timeout`` accepted: a week (larger values overflow OS timers)."""


class ExtractOptions(Frozen):
    """How to extract: immutable, validated, shared by every backend.

    Args:
        pages: 1-based page numbers to extract, in any order (duplicates are
            dropped, pages come out in document order); ``None`` for all pages.
        password: Password for encrypted documents.
        max_bytes: Refuse inputs larger than this many bytes (``None``: no limit).
        max_pages: Refuse documents with more pages than this (``None``: no limit).
        timeout: Seconds per document, finite, at most a week; when
            set, extraction runs in a worker process that is killed when time runs
            out. ``None``: :func:`~ragbase_extract.extract` runs in-process with no
            limit, while worker processes (``extract_many``, the CLI) apply
            600 s.
        max_memory: Bytes of memory (address-space growth) one document may use
            in a worker process; past it the worker stops and the error is a
            :class:`~ragbase_extract.ResourceLimitError` with
            ``limit="max_memory"``. Enforced on Linux only (see the security
            page). It applies wherever extraction runs in a worker process;
            setting it explicitly also makes :func:`~ragbase_extract.extract` use
            one. ``None``: no limit.
        max_unpacked_bytes: For ZIP-based formats (DOCX, PPTX, XLSX, EPUB, ...),
            the limit on the total uncompressed size of the members.
        max_archive_members: For ZIP-based formats, the limit on the member count.
        max_compression_ratio: For ZIP-based formats, the highest uncompressed to
            compressed ratio accepted for any member (zip bombs reach thousands).
        max_sheet_cells: For XLSX, the largest grid of any sheet: the rows times
            the columns of the smallest box that holds every cell with a value.
            Spreadsheet readers visit every cell of that box, so a sheet with one
            value in A1 and one in XFD1048576 is refused from its XML before it
            is loaded.
        ocr: ``"auto"`` recognises a page only when its text is missing (no text
            layer over a scanned image, text drawn as outlines, glyphs with no
            Unicode map) and keeps an invisible text layer; ``"always"`` recognises
            every page, replacing any text layer; ``"never"`` flags such pages
            ``needs_ocr`` instead. See the OCR guide.
        ocr_languages: Tesseract language codes to read, for example
            ``("eng", "deu")``; each needs its traineddata installed.
        ocr_dpi: Resolution pages are rendered at for recognition (cost grows
            with its square; 200 reads body text of 9 pt and up).
        ocr_engine: Name of the registered OCR engine (``"tesseract"``).

    .. versionadded:: 0.1
    """

    pages: tuple[int, ...] | None = None
    password: str | None = None
    max_bytes: int | None = Field(default=DEFAULT_MAX_BYTES, ge=0)
    max_pages: int | None = Field(default=None, ge=1)
    timeout: float | None = Field(default=None, gt=0, le=MAX_TIMEOUT, allow_inf_nan=False)
    max_memory: int | None = Field(default=DEFAULT_MAX_MEMORY, ge=16 * 1024 * 1024)
    max_unpacked_bytes: int | None = Field(default=2 * 1024 * 1024 * 1024, ge=0)
    max_archive_members: int | None = Field(default=100_000, ge=1)
    max_compression_ratio: float | None = Field(default=200.0, gt=1)
    max_sheet_cells: int | None = Field(default=DEFAULT_MAX_SHEET_CELLS, ge=1)
    ocr: Literal["auto", "always", "never"] = "auto"
    ocr_languages: tuple[str, ...] = Field(default=("eng",), min_length=1)
    ocr_dpi: int = Field(default=200, ge=50, le=600)
    ocr_engine: str = "tesseract"

    @field_validator("ocr_languages", mode="before")
    @classmethod
    def _normalise_languages(cls, value: object) -> object:
        # "eng+deu" is how Tesseract spells several languages; accept it too.
        if isinstance(value, str):
            value = tuple(part for part in value.split("+") if part)
        if isinstance(value, Sequence) and not all(
            isinstance(v, str) and v.replace("_", "").isalnum() for v in value
        ):
            raise ValueError("OCR languages are Tesseract codes such as 'eng' or 'chi_sim'")
        return value

    @field_validator("pages", mode="before")
    @classmethod
    def _normalise_pages(cls, value: object) -> object:
        if value is None:
            return None
        if isinstance(value, int):
            value = (value,)
        if isinstance(value, range | Sequence) and not isinstance(value, str | bytes):
            pages = tuple(sorted(set(value)))
            if any(not isinstance(p, int) or p < 1 for p in pages):
                raise ValueError("page numbers are 1-based positive integers")
            return pages
        return value

    @property
    def isolated(self) -> bool:
        """Whether :func:`~ragbase_extract.extract` runs in a worker process.

        It does when ``timeout`` is set, or ``max_memory`` was set explicitly: a
        memory limit cannot be enforced in the caller's own process.
        """
        return self.timeout is not None or (
            "max_memory" in self.model_fields_set and self.max_memory is not None
        )

    @property
    def worker_timeout(self) -> float:
        """Seconds per document in worker processes (``timeout``, else 600)."""
        return DEFAULT_ISOLATED_TIMEOUT if self.timeout is None else self.timeout

    def select_pages(self, page_count: int) -> tuple[int, ...]:
        """The 1-based pages to extract from a document of ``page_count`` pages.

        Raises:
            ResourceLimitError: The document has more than ``max_pages`` pages.
            PageOutOfRangeError: A requested page does not exist.
        """
        self.check_page_count(page_count)
        if self.pages is None:
            return tuple(range(1, page_count + 1))
        missing = [p for p in self.pages if p > page_count]
        if missing:
            raise PageOutOfRangeError(
                f"pages {missing} out of range: the document has {page_count}",
                pages=tuple(missing),
                page_count=page_count,
            )
        return self.pages

    def check_page_count(self, page_count: int) -> None:
        """Raise :class:`ResourceLimitError` when ``page_count`` exceeds ``max_pages``."""
        if self.max_pages is not None and page_count > self.max_pages:
            raise ResourceLimitError(
                f"document has {page_count} pages, more than max_pages={self.max_pages}",
                limit="max_pages",
                value=self.max_pages,
                actual=page_count,
            )
