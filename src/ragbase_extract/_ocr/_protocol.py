"""The OCR engine protocol and the plain values that cross it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, Protocol, runtime_checkable

__all__ = ["OcrEngine", "OcrImage", "OcrLine", "OcrResult", "OcrWord"]


@dataclass(frozen=True, slots=True)
class OcrImage:
    """An 8-bit image to read: rows of ``width * channels`` bytes, top row first.

    Attributes:
        samples: The pixel bytes (gray for 1 channel, RGB for 3).
        width: Width in pixels.
        height: Height in pixels.
        channels: Bytes per pixel, 1 or 3.
        dpi: The resolution it was rendered at.
    """

    samples: bytes
    width: int
    height: int
    channels: int
    dpi: int


@dataclass(frozen=True, slots=True)
class OcrWord:
    """One recognised word: text, box in image pixels and confidence in ``[0, 1]``."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float


@dataclass(frozen=True, slots=True)
class OcrLine:
    """One recognised text line.

    Attributes:
        words: Its words, left to right.
        block: The number of the engine's layout block (column, text region) it
            belongs to; lines of one block read in order.
        size: Line height in pixels without ascender and descender extras, the
            closest the engine gets to a font size.
    """

    words: tuple[OcrWord, ...]
    block: int
    size: float


@dataclass(frozen=True, slots=True)
class OcrResult:
    """What an engine read from one image.

    Attributes:
        lines: Text lines in the engine's reading order.
        orientation: Degrees (clockwise) the page's text was turned by; the
            engine read the image after turning it upright, but the boxes are in
            the coordinates of the image it was given.
    """

    lines: tuple[OcrLine, ...]
    orientation: Literal[0, 90, 180, 270] = 0


@runtime_checkable
class OcrEngine(Protocol):
    """An OCR engine, registered by name like backends.

    Register a third-party engine with :func:`register_ocr_engine` or under the
    entry-point group ``ragbase_extract.ocr_engines`` (a factory taking no
    arguments). An optional ``extra`` attribute names the packaging extra that
    installs it.

    An instance may hold native state that is not thread-safe: the library
    creates one per thread and process, lazily, and
    reuses it for every page and document that thread reads.
    """

    @property
    def name(self) -> str:
        """Registry name, as ``ExtractOptions.ocr_engine`` spells it."""
        ...

    def is_available(self) -> bool:
        """Whether the engine's library and data are installed (cheap, no model load)."""
        ...

    def orientation(self, image: OcrImage) -> Literal[0, 90, 180, 270]:
        """Degrees clockwise the text of ``image`` is turned (0 when upright or unsure)."""
        ...

    def recognize(self, image: OcrImage, languages: tuple[str, ...]) -> OcrResult:
        """Read the upright ``image`` in ``languages``; boxes in its pixels."""
        ...
