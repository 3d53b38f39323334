"""More PDF failure classes of issue #10, on PDFs generated here with PyMuPDF.

Like ``test_pymupdf_classes``: each test draws a small page that shows one
class and checks a small hand-made expectation on what
:func:`ragbase_extract.extract` returns.
"""

from __future__ import annotations

from typing import Any

import pymupdf

from ragbase_extract import Document, Furniture, Source, extract


def _new_pdf() -> Any:
    opener: Any = pymupdf.open  # untyped library
    return opener()


def _extract(doc: Any) -> Document:
    data = doc.tobytes()
    doc.close()
    return extract(Source(data, name="generated.pdf"))


def test_contents_entries_reaching_the_bottom_band_are_no_footer() -> None:
    doc = _new_pdf()
    page = doc.new_page(width=612, height=792)
    page.insert_text((72, 72), "Contents", fontsize=20)
    for i in range(30):  # entries at a steady pitch down to the last 5% of the page
        y = 130 + 21.5 * i
        page.insert_text((72, y), f"Section {i + 1}: Topic number {i + 1}", fontsize=10)
        page.insert_text((520, y), str(3 + 2 * i), fontsize=10)
    page.insert_text((303, 782), "1", fontsize=10)  # the folio, set apart below
    result = _extract(doc)
    furniture = [(b.text, b.role) for b in result.blocks if isinstance(b, Furniture)]
    assert furniture == [("1", "page_number")]
    assert "Section 30: Topic number 30" in result.text
    assert result.text.rstrip().endswith("61")
