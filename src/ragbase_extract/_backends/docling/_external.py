"""No external programs: keep Docling's Office backends from starting LibreOffice.

Where ``soffice`` (or ``libreoffice``) is on ``PATH`` and ``pypdfium2`` is
installed, Docling's DOCX, PPTX and XLSX backends convert EMF/WMF pictures,
DrawingML shapes and charts by running LibreOffice on files they write to a
temporary folder: a large external program, fed with attacker-controlled
bytes, outside every limit of ours. Each backend looks its converter up lazily
once (``<fmt>_to_pdf_converter``, guarded by ``<fmt>_to_pdf_converter_init``);
marking the lookup as done with no converter makes those pictures be skipped,
as on a machine without LibreOffice.
"""

from __future__ import annotations

from typing import Any, Final

__all__ = ["forbid_external_programs"]

_CONVERTERS: Final = ("docx", "pptx", "xlsx")


def forbid_external_programs(backend: Any) -> None:
    """Make a Docling format backend behave as if LibreOffice were not installed."""
    for prefix in _CONVERTERS:
        if hasattr(backend, f"{prefix}_to_pdf_converter_init"):
            setattr(backend, f"{prefix}_to_pdf_converter", None)
            setattr(backend, f"{prefix}_to_pdf_converter_init", True)
