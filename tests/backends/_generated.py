"""PDFs generated in the tests with PyMuPDF, and their extraction."""

from __future__ import annotations

from typing import Any

import pymupdf

from ragbase_extract import Document, Source, extract


def new_pdf() -> Any:
    """An empty PyMuPDF document to draw test pages into."""
    opener: Any = pymupdf.open  # untyped library
    return opener()


def extract_generated(doc: Any) -> Document:
    """Save, close and extract ``doc`` as ``generated.pdf``."""
    data = doc.tobytes()
    doc.close()
    return extract(Source(data, name="generated.pdf"))
