"""Image documents of every supported format, detected from their bytes and read."""

from __future__ import annotations

import io
from typing import Any

import pytest

from ragbase_extract import extract
from ragbase_extract._detect import detect_format
from ragbase_extract._formats import Format

from ._scans import LINES, needs_engine, render_text_page, text_similarity

PIL = pytest.importorskip("PIL.Image", reason="Pillow (installed by the [ocr] extra) is missing")


def _page_image(lines: tuple[str, ...]) -> Any:
    return PIL.open(io.BytesIO(render_text_page(lines, dpi=150).tobytes("png")))


def _image_bytes(fmt: str) -> bytes:
    """The generated text page (see ``_scans``) saved as ``fmt`` by Pillow."""
    image = _page_image(LINES)
    out = io.BytesIO()
    if fmt == "TIFF":  # two pages; the second its lines in reverse (else they are running headers)
        second = _page_image(LINES[::-1])
        image.save(out, fmt, save_all=True, append_images=[second], dpi=(150, 150))
    else:
        image.save(out, fmt, **({"dpi": (150, 150)} if fmt in ("PNG", "JPEG", "BMP") else {}))
    return out.getvalue()


FORMATS = ["PNG", "JPEG", "TIFF", "WEBP", "BMP", "GIF"]


@pytest.mark.parametrize("fmt", FORMATS)
def test_image_formats_are_detected_from_bytes(fmt: str) -> None:
    assert detect_format(_image_bytes(fmt), name="no-extension") is Format.IMAGE


@needs_engine
@pytest.mark.parametrize("fmt", FORMATS)
def test_image_formats_are_read(fmt: str) -> None:
    doc = extract(_image_bytes(fmt))
    assert doc.source.format == "image"
    pages = 2 if fmt == "TIFF" else 1
    assert [p.text_source for p in doc.pages] == ["ocr"] * pages
    for number, lines in ((1, LINES), (2, LINES[::-1]))[:pages]:
        text = " ".join(b.text for b in doc.body_blocks if b.prov.page == number)
        assert text_similarity(text, " ".join(lines)) >= 0.95
