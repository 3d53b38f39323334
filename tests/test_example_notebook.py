"""examples/tour.ipynb runs top to bottom in a real Jupyter kernel and shows what it says."""

from __future__ import annotations

import base64
from pathlib import Path
from typing import Any

import pymupdf
import pytest

NOTEBOOK = Path(__file__).resolve().parent.parent / "examples" / "tour.ipynb"


def _outputs(cell: Any) -> str:
    return "".join(
        o.get("text", "") + str(o.get("data", {}).get("text/plain", "")) for o in cell.outputs
    )


def test_tour_notebook_executes_and_draws_the_cited_boxes() -> None:
    nbformat = pytest.importorskip("nbformat")
    nbclient = pytest.importorskip("nbclient")
    pytest.importorskip("ipykernel")
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert all(not c.get("outputs") for c in notebook.cells if c.cell_type == "code"), (
        "commit the notebook without outputs"
    )
    client = nbclient.NotebookClient(
        notebook,
        timeout=120,
        kernel_name="python3",
        resources={"metadata": {"path": str(NOTEBOOK.parent)}},
    )
    client.execute()  # raises CellExecutionError on the first failing cell

    code = [c for c in notebook.cells if c.cell_type == "code"]
    assert "1 page(s), 10 blocks" in _outputs(code[0])
    assert "6 rows x 8 columns; 2 header row(s)" in _outputs(code[2])
    assert "| 6 | 6 | OTSL HTML |" in _outputs(code[2])
    assert "'heading_path': ['5.1 Hyper Parameter Optimization']" in _outputs(code[4])

    image = next(o for o in code[-1].outputs if "image/png" in o.get("data", {}))
    make_pixmap: Any = pymupdf.Pixmap  # PyMuPDF's stubs are partial
    pix = make_pixmap(base64.b64decode(image["data"]["image/png"]))
    # Page 1 (612 x 792 pt) at 60 dpi, with the red boxes drawn on it.
    assert (pix.width, pix.height) == (510, 660)
    samples = [pix.pixel(x, y) for y in range(0, pix.height, 2) for x in range(0, pix.width, 2)]
    red = len([p for p in samples if p[0] > 150 and p[1] < 90 and p[2] < 90])
    assert red > 100, red
