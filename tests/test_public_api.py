"""The public surface: __all__ is honest and importing stays light."""

from __future__ import annotations

import subprocess
import sys

import ragbase_extract


def test_all_names_exist_and_are_public() -> None:
    for name in ragbase_extract.__all__:
        assert hasattr(ragbase_extract, name), name
    assert len(set(ragbase_extract.__all__)) == len(ragbase_extract.__all__)


def test_every_public_object_is_exported() -> None:
    public = {
        name
        for name, value in vars(ragbase_extract).items()
        if not name.startswith("_") and not isinstance(value, type(sys))
    }
    assert public <= set(ragbase_extract.__all__), public - set(ragbase_extract.__all__)


def test_import_does_not_load_backend_libraries() -> None:
    code = (
        "import sys, ragbase_extract\n"
        "heavy = {'fitz', 'pymupdf', 'docling', 'docling_core', 'torch', 'onnxruntime',"
        " 'numpy', 'tiktoken', 'tokenizers', 'langchain_core', 'llama_index'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
