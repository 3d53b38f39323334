"""The PyMuPDF backend: PDF and the other formats MuPDF opens."""

from ._backend import PyMuPDFBackend

__all__ = ["PyMuPDFBackend"]
