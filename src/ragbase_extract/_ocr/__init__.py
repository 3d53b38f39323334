"""Offline OCR: the engine protocol, the registry, and the per-page decision.

Nothing here imports an OCR library: engines import theirs when first used.
"""

from ._decide import OcrDecision, PageSignals, decide, is_junk
from ._protocol import OcrEngine, OcrImage, OcrLine, OcrResult, OcrWord
from ._registry import OCR_ENTRY_POINT_GROUP, engine_for, ocr_engine_names, register_ocr_engine
from ._tessdata import installed_languages, tessdata_dir
from ._warnings import OcrUnavailableWarning, warn_missing_ocr

__all__ = [
    "OCR_ENTRY_POINT_GROUP",
    "OcrDecision",
    "OcrEngine",
    "OcrImage",
    "OcrLine",
    "OcrResult",
    "OcrUnavailableWarning",
    "OcrWord",
    "PageSignals",
    "decide",
    "engine_for",
    "installed_languages",
    "is_junk",
    "ocr_engine_names",
    "register_ocr_engine",
    "tessdata_dir",
    "warn_missing_ocr",
]
