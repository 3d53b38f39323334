"""From a job's ``source`` and ``options`` to what :func:`extract` takes."""

from __future__ import annotations

import base64
import binascii
from pathlib import Path
from typing import TYPE_CHECKING

from .._options import ExtractOptions
from .._source import Source
from ._contract import InlineSource, JobData
from ._errors import InvalidJobError, SourceUnavailableError

if TYPE_CHECKING:
    from ._settings import WorkerSettings

__all__ = ["effective_options", "resolve_source"]


def resolve_source(data: JobData, settings: WorkerSettings) -> Path | Source:
    """The path to read, or the inline bytes with their file name.

    Raises:
        InvalidJobError: ``base64`` does not decode.
        SourceUnavailableError: The path is missing, not a regular file, or
            outside ``settings.source_root``.
    """
    source = data.source
    if isinstance(source, InlineSource):
        try:
            raw = base64.b64decode(source.base64, validate=True)
        except (binascii.Error, ValueError) as exc:
            raise InvalidJobError(f"source.base64 is not valid base64: {exc}") from exc
        return Source(raw, name=source.filename)
    path = Path(source.path)
    if settings.source_root is not None:
        root = Path(settings.source_root).resolve()
        if not path.is_absolute():
            path = root / path
        if not path.resolve().is_relative_to(root):
            raise SourceUnavailableError(f"source.path {source.path!r} is outside source_root")
    # A FIFO or device would block or never end: only regular files are documents.
    if not path.is_file():
        raise SourceUnavailableError(f"source.path {source.path!r} is not a readable file")
    return path


def _ceiling(asked: float | None, limit: float | None) -> float | None:
    if limit is None:
        return asked
    return limit if asked is None else min(asked, limit)


def effective_options(data: JobData, settings: WorkerSettings) -> ExtractOptions:
    """The job's options under the worker's ceilings: a job may ask for less, never more.

    ``timeout`` is always set, so extraction always runs in a killable child.
    """
    asked = data.options or ExtractOptions()
    timeout = _ceiling(asked.timeout, settings.job_timeout)
    max_bytes = _ceiling(asked.max_bytes, settings.max_bytes)
    max_pages = _ceiling(asked.max_pages, settings.max_pages)
    return asked.model_copy(
        update={
            "timeout": timeout,
            "max_bytes": None if max_bytes is None else int(max_bytes),
            "max_pages": None if max_pages is None else int(max_pages),
        }
    )
