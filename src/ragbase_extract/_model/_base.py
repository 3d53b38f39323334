"""Shared base and the provenance value objects."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["BBox", "Frozen", "OcrInfo", "Provenance"]


class Frozen(BaseModel):
    """Immutable, strict base of every result type."""

    model_config = ConfigDict(frozen=True, extra="forbid", validate_default=False)


class BBox(Frozen):
    """A rectangle on a page in PDF points (1/72 inch), origin at the top left.

    ``x0 <= x1`` and ``y0 <= y1``; ``y`` grows downwards, as in PyMuPDF.

    .. versionadded:: 0.1
    """

    x0: float
    y0: float
    x1: float
    y1: float

    @model_validator(mode="after")
    def _ordered(self) -> BBox:
        if self.x0 > self.x1 or self.y0 > self.y1:
            raise ValueError(f"bbox corners out of order: {self.as_tuple()}")
        return self

    def as_tuple(self) -> tuple[float, float, float, float]:
        """Return ``(x0, y0, x1, y1)``."""
        return (self.x0, self.y0, self.x1, self.y1)

    def union(self, other: BBox) -> BBox:
        """Return the smallest box that holds both boxes."""
        return BBox(
            x0=min(self.x0, other.x0),
            y0=min(self.y0, other.y0),
            x1=max(self.x1, other.x1),
            y1=max(self.y1, other.y1),
        )


class OcrInfo(Frozen):
    """How text was recognised from a page's image rather than read from the document.

    Attributes:
        engine: The OCR engine's name (``"tesseract"``).
        languages: The languages it was told to read, in Tesseract's codes (``"eng"``).
        dpi: The resolution the page was rendered at for recognition.
        confidence: The engine's mean word confidence in ``[0, 1]`` over the text
            it covers (a block's words, or the page's); ``None`` when it reports none.
        orientation: Degrees clockwise the text stood turned on the page as
            displayed (a scan fed in sideways or upside down); it was read after
            turning it upright, and boxes are in the page's coordinates.

    .. versionadded:: 0.1
    """

    engine: str
    languages: tuple[str, ...] = ()
    dpi: int = Field(ge=1)
    confidence: float | None = Field(default=None, ge=0, le=1)
    orientation: Literal[0, 90, 180, 270] = 0


class Provenance(Frozen):
    """Where a block came from and where its text sits in ``Document.text``.

    Attributes:
        page: 1-based page number (slide for PPTX, sheet for XLSX); ``None`` when
            the format has no pages.
        bbox: The block's box on that page in PDF points, where the backend knows it.
        start: Offset of the block's text in ``Document.text``; ``None`` for blocks
            outside the body text (furniture, figures without a caption).
        end: End offset (exclusive), so ``document.text[start:end] == block.text``.
        ocr: Set when the block's text came from OCR: engine, languages, dpi and
            the block's confidence.

    .. versionadded:: 0.1
    """

    page: int | None = Field(default=None, ge=1)
    bbox: BBox | None = None
    start: int | None = Field(default=None, ge=0)
    end: int | None = Field(default=None, ge=0)
    ocr: OcrInfo | None = None

    @model_validator(mode="after")
    def _span(self) -> Provenance:
        if (self.start is None) != (self.end is None):
            raise ValueError("start and end must both be set or both be None")
        if self.start is not None and self.end is not None and self.end < self.start:
            raise ValueError(f"span end {self.end} before start {self.start}")
        return self

    @property
    def span(self) -> tuple[int, int] | None:
        """``(start, end)`` in ``Document.text``, or ``None`` outside the body text."""
        if self.start is None or self.end is None:
            return None
        return (self.start, self.end)
