"""Unicode repair of extracted text: ligatures, exotic spaces, normalisation."""

from __future__ import annotations

import unicodedata
from typing import Final

__all__ = ["normalize_text"]

# Ligatures and presentation forms MuPDF may hand over unexpanded (from a
# font's ToUnicode map) even with TEXT_PRESERVE_LIGATURES off.
_LIGATURES: Final = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\ufb05": "st",
        "\ufb06": "st",
        "\u00a0": " ",
        "\u2002": " ",
        "\u2003": " ",
        "\u2009": " ",
        "\u200a": " ",
        "\u202f": " ",
        "\u3000": " ",
        "\t": " ",
        "\x00": "",
        "\ufeff": "",
    }
)


def normalize_text(text: str) -> str:
    """Expand ligatures, turn exotic spaces into plain ones and apply NFC."""
    return unicodedata.normalize("NFC", text.translate(_LIGATURES))
