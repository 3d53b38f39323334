"""The messages between the parent and a worker process.

Parent to worker: a task, pickled (the worker trusts its parent), or :data:`STOP`.
Worker to parent: :data:`READY` once, then per task any number of progress
messages (:data:`PROGRESS` and two counts, :data:`PAGES`; only for a task that
asked for them) and one reply: a tag (:data:`DOC` or :data:`ERR`), the
extraction time (:data:`SECONDS`), and either the ``Document`` as JSON or an
error. Errors are pickles read by a *restricted*
unpickler that only rebuilds exception classes already imported in the parent,
so a worker compromised by a hostile document cannot make the parent run code.
"""

from __future__ import annotations

import contextlib
import io
import os
import pickle
import struct
import sys
from typing import TYPE_CHECKING, Any, Final

from .._errors import RagbaseExtractError

if TYPE_CHECKING:
    from .._backends import Backend
    from .._model import Document
    from .._source import SourceLike

__all__ = [
    "DOC",
    "ERR",
    "PAGES",
    "PROGRESS",
    "READY",
    "SECONDS",
    "STOP",
    "decode_progress",
    "decode_reply",
    "encode_error",
    "encode_progress",
    "encode_task",
    "pickle_backend",
    "task_payload",
]

SECONDS: Final = struct.Struct("!d")
"""The extraction time in a reply, after its tag."""

READY: Final = b"R"
"""Worker to parent: started and warm, ready for a task."""

STOP: Final = b"S"
"""Parent to worker: exit now."""

DOC: Final = b"D"
"""Tag of a reply that carries a document."""

ERR: Final = b"E"
"""Tag of a reply that carries an error."""

PROGRESS: Final = b"P"
"""Tag of a progress message: pages done and pages in all (:data:`PAGES`), before the reply."""

PAGES: Final = struct.Struct("!II")
"""The two counts of a progress message."""

_CONTROL_FLOW: Final = (StopIteration, StopAsyncIteration)
"""Exceptions that would change the caller's control flow if raised from ``extract``."""


# --------------------------------------------------------------------------- tasks


def task_payload(source: SourceLike, max_bytes: int | None) -> Any:
    """What stands for ``source`` in a task: a path stays a path, streams are read here."""
    from .._source import Source

    if isinstance(source, str | os.PathLike):
        # Absolute, so the child resolves it the same way whatever its cwd.
        return os.path.abspath(source)
    if isinstance(source, bytes):
        return source
    if isinstance(source, bytearray | memoryview):
        return bytes(source)
    if isinstance(source, Source):
        return source
    return Source.from_any(source, max_bytes=max_bytes)


def encode_task(
    source: Any, backend_blob: bytes, options_blob: bytes, *, progress: bool = False
) -> bytes:
    """Pickle one task from a payload (:func:`task_payload`) and pre-pickled parts.

    With ``progress``, the worker sends :data:`PROGRESS` messages before its reply.
    """
    # Backend and options are pickled once per batch and spliced in, so a large
    # batch does not pay for them per document.
    return pickle.dumps(
        (source, _Prepickled(backend_blob), _Prepickled(options_blob), progress),
        protocol=pickle.HIGHEST_PROTOCOL,
    )


class _Prepickled:
    """A value pickled once, unpickled in the child as the original value."""

    def __init__(self, blob: bytes) -> None:
        self.blob = blob

    def __reduce__(self) -> tuple[Any, ...]:
        return (pickle.loads, (self.blob,))


def pickle_backend(backend: str | Backend) -> bytes:
    """Pickle the backend argument, or explain why an instance cannot cross processes.

    Raises:
        TypeError: ``backend`` is an instance that cannot be pickled.
    """
    try:
        return pickle.dumps(backend, protocol=pickle.HIGHEST_PROTOCOL)
    except Exception as exc:
        raise TypeError(
            f"backend {backend!r} cannot be sent to a worker process ({type(exc).__name__}: "
            f"{exc}); with a timeout or in extract_many pass a backend name, or an instance "
            "of a module-level class that pickles"
        ) from exc


# --------------------------------------------------------------------------- progress


def encode_progress(done: int, total: int) -> bytes:
    """A progress message: ``done`` of ``total`` pages."""
    return PROGRESS + PAGES.pack(done, total)


def decode_progress(message: bytes) -> tuple[int, int] | None:
    """The counts of a progress message, or ``None`` when it is not a valid one."""
    if message[:1] != PROGRESS or len(message) != 1 + PAGES.size:
        return None
    done, total = PAGES.unpack_from(message, 1)
    return (done, total) if 0 <= done <= total and total > 0 else None


# --------------------------------------------------------------------------- replies


def encode_error(exc: BaseException, seconds: float = 0.0) -> bytes:
    """The reply for a task that failed with ``exc`` after ``seconds`` (in the worker)."""
    cause = exc.__cause__ or exc.__context__
    if cause is not None and hasattr(exc, "add_note"):
        with contextlib.suppress(Exception):
            exc.add_note(f"caused in the worker process by {type(cause).__name__}: {cause}")
    try:
        text = str(exc)
    except Exception:  # an exception whose __str__ fails
        text = repr(type(exc))
    try:
        pickled = pickle.dumps(exc, protocol=pickle.HIGHEST_PROTOCOL)
        _restricted_loads(pickled)  # what the parent will accept
    except Exception:
        pickled = pickle.dumps(
            RagbaseExtractError(f"{type(exc).__name__}: {text}"), protocol=pickle.HIGHEST_PROTOCOL
        )
    header = f"{type(exc).__module__}.{type(exc).__qualname__}\0{text}".encode("utf-8", "replace")
    return ERR + SECONDS.pack(seconds) + len(header).to_bytes(4, "big") + header + pickled


class _RestrictedUnpickler(pickle.Unpickler):
    """Rebuild only exceptions whose classes the parent has already imported."""

    def find_class(self, module: str, name: str) -> Any:
        loaded = sys.modules.get(module)
        if loaded is None:
            raise pickle.UnpicklingError(f"{module} is not imported")
        obj: Any = loaded
        for part in name.split("."):
            obj = getattr(obj, part, None)
        if module == "ragbase_extract._errors" and name == "_rebuild":
            return obj
        if isinstance(obj, type) and issubclass(obj, Exception):
            return obj
        raise pickle.UnpicklingError(f"{module}.{name} is not an exception class")


def _restricted_loads(data: bytes) -> Any:
    return _RestrictedUnpickler(io.BytesIO(data)).load()


def decode_reply(reply: bytes) -> tuple[Document | Exception, float | None]:
    """A worker's reply to a task: the document or the error, and the worker's seconds."""
    tag = reply[:1]
    if tag not in (DOC, ERR) or len(reply) < 1 + SECONDS.size:
        error = RagbaseExtractError(f"the worker sent an unexpected message {reply[:20]!r}")
        return error, None
    (seconds,) = SECONDS.unpack_from(reply, 1)
    body = reply[1 + SECONDS.size :]
    return _decode_body(tag, body), seconds


def _decode_body(tag: bytes, body: bytes) -> Document | Exception:
    from .._model import Document

    if tag == DOC:
        try:
            return Document.from_json(body)
        except Exception as exc:
            error = RagbaseExtractError(f"the worker sent an invalid document: {exc}")
            error.__cause__ = exc
            return error
    size = int.from_bytes(body[:4], "big")
    header = body[4 : 4 + size].decode("utf-8", "replace")
    type_name, _, message = header.partition("\0")
    try:
        decoded = _restricted_loads(body[4 + size :])
    except Exception:
        decoded = None
    if isinstance(decoded, Exception) and not isinstance(decoded, _CONTROL_FLOW):
        return decoded
    return RagbaseExtractError(f"{type_name}: {message}")
