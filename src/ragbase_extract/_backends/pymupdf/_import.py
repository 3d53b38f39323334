"""Importing PyMuPDF without the add-ons PyMuPDF 2 loads on ``import pymupdf``.

The ``pymupdf`` 2.x distribution depends on ``pymupdf-layout`` and ``pymupdf4llm``,
and its ``__init__`` imports both when they are installed (each in a
``try: import ... except ImportError``): ``pymupdf.layout`` loads an ONNX layout
model through onnxruntime and numpy on import. Measured with PyMuPDF 2.0: about
2.5 s and 85 MiB more than ``pymupdf-lite`` 2.0, which has neither add-on
(docs/installation.rst). This backend uses neither (``get_text``, drawings,
``get_toc`` and rendering only), so when it is the first to import PyMuPDF it
makes those two imports fail for the duration of its own import: the cost and
the output are then those of ``pymupdf-lite``. The ``None`` entries in
``sys.modules`` are removed right after, so the application can still
``import pymupdf.layout`` later. An application that imported ``pymupdf``
itself first keeps the module it imported, add-ons included; so does one that
needs PyMuPDF's own ``Document.to_markdown`` (a pymupdf4llm hook, which stays off
in a process where this module imported PyMuPDF). PyMuPDF 1.x and
``pymupdf-lite`` have no such imports; there this is a plain import.
"""

from __future__ import annotations

import sys
import threading
from types import ModuleType
from typing import Final

__all__ = ["ADDONS", "load_pymupdf"]

#: What ``import pymupdf`` 2.x imports when installed, and this backend never uses.
ADDONS: Final = ("pymupdf.layout", "pymupdf4llm")

_lock = threading.Lock()


def load_pymupdf() -> ModuleType:
    """Return the ``pymupdf`` module, importing it without :data:`ADDONS` if needed."""
    with _lock:
        loaded = sys.modules.get("pymupdf")
        if loaded is not None:
            return loaded
        blocked = [name for name in ADDONS if name not in sys.modules]
        for name in blocked:
            # A None entry makes `import name` raise ImportError, which PyMuPDF catches.
            sys.modules[name] = None  # type: ignore[assignment]
        try:
            import pymupdf
        finally:
            for name in blocked:
                if sys.modules.get(name, ModuleType(name)) is None:
                    del sys.modules[name]
        return pymupdf
