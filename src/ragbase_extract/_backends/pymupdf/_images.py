"""Image inputs MuPDF cannot decode itself, converted before opening.

PyMuPDF 1.x builds decode PNG, JPEG, TIFF (all pages), BMP, GIF, JPX and
PNM, but not WebP ("cannot find document handler"). A WebP input is turned
into PNG with Pillow, which the ``[ocr]`` extra installs: an image document's
text only exists through OCR, so that extra is what image inputs need anyway.
"""

from __future__ import annotations

import io

from ..._errors import BackendUnavailableError, CorruptDocumentError
from ..._optional import install_hint

__all__ = ["is_webp", "webp_to_png"]


def is_webp(data: bytes) -> bool:
    """Whether ``data`` is a WebP image (RIFF container of type WEBP)."""
    return data[:4] == b"RIFF" and data[8:12] == b"WEBP"


def webp_to_png(data: bytes, name: str | None) -> bytes:
    """The first frame of a WebP image as PNG bytes.

    Raises:
        BackendUnavailableError: Pillow is not installed.
        CorruptDocumentError: Pillow cannot decode the image.
    """
    try:
        from PIL import Image
    except ImportError as exc:
        raise BackendUnavailableError(
            f"{name or 'input'}: reading WebP images needs Pillow: {install_hint('ocr')}",
            backend="pymupdf",
            extra="ocr",
        ) from exc
    try:
        with Image.open(io.BytesIO(data)) as image:
            out = io.BytesIO()
            image.save(out, "PNG")
    except Exception as exc:  # Pillow raises OSError, ValueError, SyntaxError ...
        raise CorruptDocumentError(f"{name or 'input'}: not a readable WebP image: {exc}") from exc
    return out.getvalue()
