"""The published JSON Schema of :class:`Document`.

Regenerate ``docs/schema/document.schema.json`` with::

    python -m ragbase_extract._model._schema > docs/schema/document.schema.json

A test fails when the schema changes while ``SCHEMA_VERSION`` stays the same.
"""

from __future__ import annotations

import json
from typing import Any

from ._document import SCHEMA_VERSION, Document


def document_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a serialized :class:`Document`."""
    schema = Document.model_json_schema(mode="serialization")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["x-schema-version"] = SCHEMA_VERSION
    return schema


def render_schema() -> str:
    """The schema as stable, indented JSON text with a trailing newline."""
    return json.dumps(document_json_schema(), indent=2, sort_keys=True, ensure_ascii=False) + "\n"


if __name__ == "__main__":
    print(render_schema(), end="")
