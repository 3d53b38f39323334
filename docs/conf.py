"""Sphinx configuration for ragbase-extract."""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))

from ragbase_extract import __version__  # noqa: E402

project = "ragbase-extract"
author = "ragbase-extract developers"
copyright = "2026, ragbase-extract developers"
release = __version__
version = ".".join(__version__.split(".")[:2])

extensions = [
    "sphinx.ext.autodoc",
    "sphinx.ext.napoleon",
    "sphinx.ext.doctest",
    "sphinx.ext.viewcode",
    "myst_parser",
]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build", "schema"]
nitpicky = True
# Third-party and pydantic internals that autodoc mentions but we do not document.
nitpick_ignore_regex = [
    (r"py:.*", r"pydantic\..*"),
    (r"py:.*", r"(annotated_types|typing_extensions|_io|os)\..*"),
    (r"py:.*", r".*\.(model_config|model_fields|model_computed_fields)"),
    (
        r"py:class",
        r"(IO|Path|PathLike|BinaryIO|TypeAliasType|ConfigDict|FieldInfo|ComputedFieldInfo)",
    ),
    (r"py:class", r"ragbase_extract\._.*"),
    (
        r"py:class",
        r"(Block|SourceLike|_B|T|ProgressCallback|SourceLabel|TokenizerLike|BaseChunker|Strategy)",
    ),
    (r"py:func", r"contextlib\..*"),
    # The frameworks the integration loaders subclass (docs/integrations.rst).
    (r"py:class", r"(langchain_core|llama_index)\..*"),
    # No intersphinx (the docs build offline), so standard-library targets stay unresolved.
    (r"py:.*", r"(collections|datetime|pathlib|enum|types|typing|abc|io|collections\.abc)\..*"),
    (r"py:class", r"(NoneType|annotation=.*|required=.*|discriminator=.*|default=.*)"),
]
autodoc_member_order = "bysource"
autodoc_typehints = "description"
autodoc_default_options = {
    "members": True,
    "show-inheritance": True,
    "exclude-members": "model_config, model_fields, model_computed_fields, model_post_init",
}
napoleon_google_docstring = True
napoleon_numpy_docstring = False
myst_heading_anchors = 3

# Doctests run in the repository root so examples can use bundled files.
# Docstring examples may use any public name without importing it.
doctest_global_setup = f"""
import os
os.chdir({str(ROOT)!r})
from ragbase_extract import *
"""

html_theme = "alabaster"
html_static_path: list[str] = []
