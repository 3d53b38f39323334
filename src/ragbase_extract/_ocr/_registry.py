"""OCR engines by name: built-ins, :func:`register_ocr_engine`, then entry points.

Engines hold native models (Tesseract: ~40 MB per language set) that take a
while to load and are not thread-safe, so each thread of each process gets its
own instance, created on first use and reused for every later page and
document. A worker process of ``extract_many`` or the queue worker thus loads
its engine once.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Callable
from importlib.metadata import entry_points

from ._protocol import OcrEngine

__all__ = ["OCR_ENTRY_POINT_GROUP", "engine_for", "ocr_engine_names", "register_ocr_engine"]

OCR_ENTRY_POINT_GROUP = "ragbase_extract.ocr_engines"
"""Entry-point group third parties register OCR engine factories under."""

_factories: dict[str, Callable[[], OcrEngine]] = {}
_lock = threading.Lock()
_local = threading.local()
_entry_points_read = False


def _tesseract() -> OcrEngine:
    from ._tesseract import TesseractEngine

    return TesseractEngine()


def register_ocr_engine(name: str, factory: Callable[[], OcrEngine]) -> None:
    """Make an OCR engine available as ``ExtractOptions(ocr_engine=name)``.

    Args:
        name: The engine's name.
        factory: Creates one engine; called at most once per thread and process.

    .. versionadded:: 0.1
    """
    with _lock:
        _factories[name] = factory


def _load_entry_points() -> None:
    global _entry_points_read
    with _lock:
        if _entry_points_read:
            return
        _entry_points_read = True
        known = dict(_factories)
    for entry in entry_points(group=OCR_ENTRY_POINT_GROUP):
        if entry.name in known:
            continue
        try:
            factory = entry.load()
        except Exception as exc:  # a broken plugin must not break extraction
            warnings.warn(
                f"cannot load OCR engine {entry.name!r}: {exc!r}", RuntimeWarning, stacklevel=3
            )
            continue
        register_ocr_engine(entry.name, factory)


def ocr_engine_names() -> tuple[str, ...]:
    """Names of the registered OCR engines (installed or not)."""
    _load_entry_points()
    with _lock:
        return tuple(_factories)


def engine_for(name: str) -> OcrEngine:
    """This thread's instance of the engine called ``name``, created on first use.

    Raises:
        KeyError: No engine has that name.
    """
    cache: dict[str, OcrEngine] = _local.__dict__.setdefault("engines", {})
    engine = cache.get(name)
    if engine is None:
        if name not in _factories:
            _load_entry_points()
        with _lock:
            factory = _factories[name]
        engine = cache[name] = factory()
    return engine


register_ocr_engine("tesseract", _tesseract)
