"""Document properties of Office and OpenDocument files, read from the container.

Docling does not carry core properties (title, author, dates) into its
document, so they are read here: ``docProps/core.xml`` for OOXML and
``meta.xml`` for ODF. The container has already passed
:func:`~ragbase_extract._containers.check_zip`; the part is read with a size cap
and checked for entity declarations before it is parsed.
"""

from __future__ import annotations

import io
import zipfile
import zlib
from datetime import datetime
from typing import Any, Final
from xml.etree.ElementTree import Element

from ..._containers import check_xml_entities, read_member
from ..._errors import RagbaseExtractError
from ..._formats import ODF, OOXML, Format
from ..._model import Metadata
from ..._options import ExtractOptions

__all__ = ["read_metadata"]

_MAX_PART: Final = 1024 * 1024

_DC: Final = "{http://purl.org/dc/elements/1.1/}"
_DCTERMS: Final = "{http://purl.org/dc/terms/}"
_CP: Final = "{http://schemas.openxmlformats.org/package/2006/metadata/core-properties}"
_ODF_META: Final = "{urn:oasis:names:tc:opendocument:xmlns:meta:1.0}"
_ODF_OFFICE: Final = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"


def _parse(data: bytes) -> Element | None:
    check_xml_entities(data, what="a document-properties part")
    try:
        from defusedxml.ElementTree import fromstring as safe_fromstring

        root: Any = safe_fromstring(data)
    except ImportError:  # pragma: no cover - defusedxml ships with the extras
        from xml.etree.ElementTree import fromstring

        root = fromstring(data)  # entity declarations were refused above
    except Exception:
        return None
    return root if isinstance(root, Element) else None


def _text(root: Element, tag: str) -> str | None:
    node = root.find(f".//{tag}")
    if node is None or node.text is None:
        return None
    text = " ".join(node.text.split())
    return text or None


def _date(value: str | None) -> datetime | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _split_keywords(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    separator = ";" if ";" in value else ","
    return tuple(k.strip() for k in value.split(separator) if k.strip())


def _ooxml(root: Element) -> dict[str, Any]:
    creator = _text(root, f"{_DC}creator")
    return {
        "title": _text(root, f"{_DC}title"),
        "authors": (creator,) if creator else (),
        "subject": _text(root, f"{_DC}subject"),
        "keywords": _split_keywords(_text(root, f"{_CP}keywords")),
        "created": _date(_text(root, f"{_DCTERMS}created")),
        "modified": _date(_text(root, f"{_DCTERMS}modified")),
        "language": _text(root, f"{_DC}language"),
    }


def _odf(root: Element) -> dict[str, Any]:
    creator = _text(root, f"{_DC}creator") or _text(root, f"{_ODF_META}initial-creator")
    keywords = tuple(
        " ".join(k.text.split())
        for k in root.iter(f"{_ODF_META}keyword")
        if k.text and k.text.strip()
    )
    return {
        "title": _text(root, f"{_DC}title"),
        "authors": (creator,) if creator else (),
        "subject": _text(root, f"{_DC}subject"),
        "keywords": keywords,
        "created": _date(_text(root, f"{_ODF_META}creation-date")),
        "modified": _date(_text(root, f"{_DC}date")),
        "creator": _text(root, f"{_ODF_META}generator"),
        "language": _text(root, f"{_DC}language"),
    }


def read_metadata(
    data: bytes,
    fmt: Format,
    options: ExtractOptions,
    *,
    title: str | None = None,
    page_count: int | None = None,
) -> Metadata:
    """Core properties of an OOXML/ODF file, with fallbacks from the extracted content.

    Broken or missing property parts give empty fields, never an error: the
    document's content matters more than its properties.
    """
    fields: dict[str, Any] = {}
    part = "docProps/core.xml" if fmt in OOXML else "meta.xml" if fmt in ODF else None
    if part is not None:
        try:
            with zipfile.ZipFile(io.BytesIO(data)) as archive:
                if part in archive.namelist():
                    raw = read_member(archive, part, options, max_bytes=_MAX_PART)
                    root = _parse(raw)
                    if root is not None:
                        fields = _ooxml(root) if fmt in OOXML else _odf(root)
        except (zipfile.BadZipFile, zlib.error, OSError, ValueError, RagbaseExtractError):
            fields = {}
    clean = {k: v for k, v in fields.items() if v not in (None, (), "")}
    if title and "title" not in clean:
        clean["title"] = title
    if page_count:
        clean["page_count"] = page_count
    return Metadata(**clean)
