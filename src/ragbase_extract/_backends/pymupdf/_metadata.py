"""Document metadata: the info dictionary, XMP-free, plus the catalog language."""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta, timezone
from typing import Any, Final

from ..._model import Metadata

__all__ = ["parse_pdf_date", "read_metadata"]

_PDF_DATE: Final = re.compile(
    r"""^(?:D:)?
    (?P<Y>\d{4})(?P<m>\d{2})?(?P<d>\d{2})?
    (?P<H>\d{2})?(?P<M>\d{2})?(?P<S>\d{2})?
    (?P<tz>[Zz]|[+\-]\d{2}'?(?:\d{2}'?)?)?
    """,
    re.VERBOSE,
)
_SPLIT: Final = re.compile(r"\s*[;,]\s*")


def parse_pdf_date(value: str | None) -> datetime | None:
    """Parse a PDF date string such as ``D:20240822125427+02'00'``.

    Missing fields default to their minimum; no zone, or ``Z``, is read as UTC so
    the result is always timezone-aware.

    Args:
        value: The raw string from the info dictionary.

    Returns:
        An aware :class:`datetime`, or ``None`` when the string is empty or invalid.
    """
    if not value:
        return None
    match = _PDF_DATE.match(value.strip())
    if not match:
        return None
    parts = match.groupdict()
    tz = UTC
    raw_tz = parts["tz"]
    if raw_tz and raw_tz not in ("Z", "z"):
        digits = raw_tz[1:].replace("'", "")
        hours = int(digits[:2])
        minutes = int(digits[2:4] or 0)
        if hours > 23 or minutes > 59:
            return None
        offset = timedelta(hours=hours, minutes=minutes)
        tz = timezone(offset if raw_tz[0] == "+" else -offset)
    try:
        return datetime(
            int(parts["Y"]),
            int(parts["m"] or 1),
            int(parts["d"] or 1),
            int(parts["H"] or 0),
            int(parts["M"] or 0),
            int(parts["S"] or 0),
            tzinfo=tz,
        )
    except ValueError:
        return None


def _clean(value: Any) -> str | None:
    if not isinstance(value, str):
        return None
    text = " ".join(value.replace("\x00", "").split())
    return text or None


def _split_list(value: str | None) -> tuple[str, ...]:
    if not value:
        return ()
    return tuple(part for part in (p.strip() for p in _SPLIT.split(value)) if part)


def _language(doc: Any) -> str | None:
    if not doc.is_pdf:
        return None
    try:
        kind, value = doc.xref_get_key(doc.pdf_catalog(), "Lang")
    except Exception:
        return None
    if kind not in ("string", "name"):
        return None
    return _clean(value.lstrip("/"))


def read_metadata(doc: Any) -> Metadata:
    """Read title, authors, dates and the rest from an open PyMuPDF document.

    Args:
        doc: An open, authenticated ``pymupdf.Document``.

    Returns:
        The :class:`Metadata`; fields the document does not record are ``None``.
    """
    try:
        info: dict[str, Any] = doc.metadata or {}
    except Exception:  # a damaged info dictionary loses the metadata, not the text
        info = {}
    return Metadata(
        title=_clean(info.get("title")),
        authors=_split_list(_clean(info.get("author"))),
        subject=_clean(info.get("subject")),
        keywords=_split_list(_clean(info.get("keywords"))),
        created=parse_pdf_date(info.get("creationDate")),
        modified=parse_pdf_date(info.get("modDate")),
        producer=_clean(info.get("producer")),
        creator=_clean(info.get("creator")),
        language=_language(doc),
        page_count=doc.page_count,
    )
