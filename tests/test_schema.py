"""The published JSON Schema changes only together with SCHEMA_VERSION."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pydantic
import pytest

from ragbase_extract import SCHEMA_VERSION, Document
from ragbase_extract._model._schema import document_json_schema, render_schema

PUBLISHED = Path(__file__).parent.parent / "docs" / "schema" / "document.schema.json"

# The schema's hash for each released SCHEMA_VERSION. Changing the model changes
# the hash: bump SCHEMA_VERSION, regenerate the file, and add a line here.
# pydantic's schema output varies across its minor releases (``const`` versus
# ``enum`` for one-value literals, for instance), so the byte-level checks run
# only with the release the published file was generated with.
GENERATED_WITH = ("2.13.", "2.14.")  # identical output, checked
same_pydantic = pytest.mark.skipif(
    not pydantic.VERSION.startswith(GENERATED_WITH),
    reason=f"schema published with pydantic {GENERATED_WITH}, running {pydantic.VERSION}",
)

KNOWN_SCHEMAS = {
    "1.0": "8c03f501aa2c81c6320b8ea25f40056cd1b0ea1b008a46ae5dbf97b482481c95",
    # OCR: Page.text_source / ocr / ocr_skipped, Provenance.ocr (OcrInfo).
    "1.1": "630f126d49a5dfc04fa13eceecba4b74a4c8ab88bf2320a21d9b80789f2319a8",
}


def _structure(node: object) -> object:
    """The schema without prose: descriptions may change freely, structure may not."""
    if isinstance(node, dict):
        return {k: _structure(v) for k, v in node.items() if k != "description"}
    if isinstance(node, list):
        return [_structure(v) for v in node]
    return node


@same_pydantic
def test_schema_hash_is_recorded_for_this_version() -> None:
    structure = json.dumps(_structure(document_json_schema()), sort_keys=True)
    digest = hashlib.sha256(structure.encode()).hexdigest()
    assert KNOWN_SCHEMAS.get(SCHEMA_VERSION) == digest, (
        "the Document JSON Schema changed but SCHEMA_VERSION did not: bump it, regenerate "
        "docs/schema/document.schema.json and record the new hash in KNOWN_SCHEMAS"
    )


@same_pydantic
def test_published_schema_matches_the_model() -> None:
    assert PUBLISHED.read_text(encoding="utf-8") == render_schema(), (
        "regenerate: python -m ragbase_extract._model._schema > docs/schema/document.schema.json"
    )


def test_schema_describes_the_block_union() -> None:
    schema = document_json_schema()
    assert schema["x-schema-version"] == SCHEMA_VERSION
    kinds = set(schema["$defs"]) & {"Heading", "Paragraph", "Table", "Furniture", "ListItem"}
    assert len(kinds) == 5
    assert json.loads(PUBLISHED.read_text())["properties"]["blocks"]["type"] == "array"
    assert Document.model_fields["schema_version"].default == SCHEMA_VERSION


def test_a_1_0_document_still_reads() -> None:
    old = {
        "schema_version": "1.0",
        "backend": "pymupdf",
        "source": {"format": "pdf", "media_type": "application/pdf", "size": 1, "sha256": "0" * 64},
        "pages": [{"number": 1, "width": 10.0, "height": 10.0, "rotation": 0, "needs_ocr": True}],
    }
    doc = Document.model_validate(old)
    assert doc.schema_version == "1.0"
    assert doc.pages[0].text_source == "native"
    assert doc.pages[0].ocr is None
