"""One input type for paths, bytes and binary streams."""

from __future__ import annotations

import hashlib
import os
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import IO, TypeAlias

from ._detect import detect_format
from ._errors import ResourceLimitError
from ._formats import Format
from ._model import SourceInfo

__all__ = ["Source", "SourceLike"]

SourceLike: TypeAlias = (
    "str | os.PathLike[str] | bytes | bytearray | memoryview | IO[bytes] | Source"
)
"""What :func:`~ragbase_extract.extract` accepts as input."""


@dataclass(frozen=True)
class Source:
    """A document's bytes with its name; the format is detected from the bytes.

    Build one with :meth:`Source.from_any`, which reads paths and streams and
    enforces ``max_bytes`` before reading more than that.

    .. versionadded:: 0.1
    """

    data: bytes = field(repr=False)
    name: str | None = None
    path: Path | None = None

    @classmethod
    def from_any(cls, source: SourceLike, *, max_bytes: int | None = None) -> Source:
        """Read ``source`` (path, bytes, binary stream or :class:`Source`)."""
        if isinstance(source, Source):
            _check_size(len(source.data), max_bytes)
            return source
        if isinstance(source, bytes | bytearray | memoryview):
            _check_size(len(source), max_bytes)
            return cls(bytes(source))
        if isinstance(source, str | os.PathLike):
            return cls._from_path(Path(source), max_bytes)
        if hasattr(source, "read"):
            return cls._from_stream(source, max_bytes)
        raise TypeError(
            f"cannot extract from {type(source).__name__}: pass a path, bytes or a binary file"
        )

    @classmethod
    def _from_path(cls, path: Path, max_bytes: int | None) -> Source:
        # OSError (missing file, directory, no permission) propagates as is,
        # as from open(): it is about the path, not the document.
        _check_size(path.stat().st_size, max_bytes)
        with path.open("rb") as handle:
            data = _read_limited(handle, max_bytes)
        return cls(data, name=path.name, path=path)

    @classmethod
    def _from_stream(cls, stream: IO[bytes], max_bytes: int | None) -> Source:
        data = _read_limited(stream, max_bytes)
        if not isinstance(data, bytes):
            raise TypeError("the stream must be opened in binary mode")
        raw_name = getattr(stream, "name", None)
        name = os.path.basename(raw_name) if isinstance(raw_name, str) else None
        return cls(data, name=name)

    @cached_property
    def format(self) -> Format | None:
        """The detected format, or ``None`` when unknown."""
        return detect_format(self.data, self.name)

    @cached_property
    def sha256(self) -> str:
        """Hex SHA-256 of the bytes."""
        return hashlib.sha256(self.data).hexdigest()

    def info(self, fmt: Format | None = None) -> SourceInfo:
        """The :class:`SourceInfo` recorded in the resulting document."""
        fmt = fmt or self.format
        return SourceInfo(
            name=None if self.name is None else _text_name(self.name),
            format=str(fmt) if fmt else "unknown",
            media_type=fmt.media_type if fmt else "application/octet-stream",
            size=len(self.data),
            sha256=self.sha256,
        )


def _text_name(name: str) -> str:
    """``name`` as valid Unicode: undecodable bytes of a file name (``os.fsdecode``
    keeps them as lone surrogates, which JSON cannot carry) become U+FFFD."""
    try:
        raw = name.encode("utf-8", "surrogateescape")
    except UnicodeEncodeError:
        raw = name.encode("utf-8", "replace")
    return raw.decode("utf-8", "replace")


def _check_size(size: int, max_bytes: int | None) -> None:
    if max_bytes is not None and size > max_bytes:
        raise ResourceLimitError(
            f"input is {size} bytes, more than max_bytes={max_bytes}",
            limit="max_bytes",
            value=max_bytes,
            actual=size,
        )


def _read_limited(stream: IO[bytes], max_bytes: int | None) -> bytes:
    # Read one byte past the limit so an oversized stream is refused without
    # ever holding more than max_bytes + 1 bytes.
    data = stream.read() if max_bytes is None else stream.read(max_bytes + 1)
    if isinstance(data, bytes):
        _check_size(len(data), max_bytes)
    return data
