"""The PyMuPDF backend imports PyMuPDF without the layout-model add-ons of PyMuPDF 2.

Each case runs in a fresh interpreter, since ``pymupdf`` is imported once per process.
Under PyMuPDF 1.x and ``pymupdf-lite`` the add-ons are not installed and only the
clean-up is checked; tox's ``pymupdf2`` environment runs the same tests with
``pymupdf-layout`` and ``pymupdf4llm`` installed (docs/installation.rst).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

PDF = Path(__file__).parent / "data" / "pdf" / "2305.03393v1-pg9.pdf"

_REPORT = """
import importlib.util, json, sys
from ragbase_extract._backends.pymupdf._import import ADDONS

def report(**extra):
    print(json.dumps({
        "loaded": sorted(n for n in (*ADDONS, "onnxruntime") if sys.modules.get(n)),
        "blocked": sorted(n for n in ADDONS if n in sys.modules and sys.modules[n] is None),
        "installed": sorted(n for n in ADDONS if _installed(n)),
        **extra,
    }))

def _installed(name):
    try:
        return importlib.util.find_spec(name) is not None
    except ImportError:
        return False
"""


def _run(body: str) -> dict[str, Any]:
    proc = subprocess.run(
        [sys.executable, "-c", _REPORT + body, str(PDF)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    result: dict[str, Any] = json.loads(proc.stdout.strip().splitlines()[-1])
    return result


def test_extraction_imports_pymupdf_without_addons_and_leaves_them_importable() -> None:
    out = _run(
        """
from ragbase_extract import extract
doc = extract(sys.argv[1])  # in this process: no timeout or memory limit set
before = sorted(n for n in ADDONS if sys.modules.get(n))
import pymupdf
late = []
for name in ADDONS:
    if _installed(name):
        __import__(name)  # the application can still import an add-on later
        late.append(name)
report(blocks=len(doc.blocks), before=before, late=late)
"""
    )
    assert out["blocks"] > 0
    assert out["before"] == []  # extraction loaded neither add-on (nor onnxruntime through them)
    assert out["blocked"] == []  # and left no None entry behind in sys.modules
    assert out["late"] == out["installed"]
    assert set(out["loaded"]) >= set(out["late"])


def test_a_pymupdf_the_application_imported_first_is_kept_as_it_is() -> None:
    out = _run(
        """
import pymupdf
first = sorted(n for n in ADDONS if sys.modules.get(n))
from ragbase_extract._backends.pymupdf._import import load_pymupdf
same = load_pymupdf() is pymupdf
report(first=first, same=same)
"""
    )
    assert out["same"] is True
    # PyMuPDF 2 imports every installed add-on itself; nothing of it was undone.
    assert out["first"] == out["installed"]
    assert out["blocked"] == []
