"""``ExtractOptions.max_memory`` in a worker process: an address-space limit per task.

On Linux the worker sets its soft ``RLIMIT_AS`` to its address space at the start
of the task plus ``max_memory``, and restores it afterwards. Past the limit,
``malloc`` and ``mmap`` fail: Python raises :class:`MemoryError` and MuPDF
reports an allocation failure, which the worker turns into a
:class:`~ragbase_extract.ResourceLimitError` with ``limit="max_memory"``; the
parent is never affected. The limit counts address space, not resident memory,
so it is a cap on growth rather than an exact RSS figure. Where ``RLIMIT_AS``
is not available or not enforced (macOS, Windows), nothing is limited:
:func:`memory_cap_supported` says which, and the timeout still applies.
"""

from __future__ import annotations

import contextlib
import os
import sys
from collections.abc import Iterator

from .._errors import ResourceLimitError

__all__ = ["as_memory_error", "memory_cap", "memory_cap_supported"]

# How allocation failures read once mapped: MuPDF's "malloc (N bytes) failed" and
# its FzErrorMemory class, C++'s std::bad_alloc, libc's "Cannot allocate memory".
_MEMORY_WORDS = (
    "malloc",
    "calloc",
    "realloc",
    "out of memory",
    "bad_alloc",
    "cannot allocate",
    "fzerrormemory",
)


def memory_cap_supported() -> bool:
    """Whether ``max_memory`` is enforced on this platform (Linux)."""
    return sys.platform.startswith("linux")


def _address_space() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")


@contextlib.contextmanager
def memory_cap(limit: int | None) -> Iterator[None]:
    """Cap this process's address-space growth at ``limit`` bytes while the block runs."""
    if limit is None or not memory_cap_supported():
        yield
        return
    import resource

    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    wanted = _address_space() + limit
    if hard != resource.RLIM_INFINITY:
        wanted = min(wanted, hard)
    resource.setrlimit(resource.RLIMIT_AS, (wanted, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def as_memory_error(exc: BaseException, limit: int | None) -> ResourceLimitError | None:
    """The ``max_memory`` error when ``exc`` (or what it chains) is an allocation failure."""
    if limit is None or not memory_cap_supported():
        return None
    seen: BaseException | None = exc
    for _ in range(8):  # a short walk down the cause chain
        if seen is None:
            return None
        text = f"{type(seen).__name__} {seen}".lower()
        if (
            isinstance(seen, MemoryError)
            or (isinstance(seen, ResourceLimitError) and seen.limit == "memory")
            or any(word in text for word in _MEMORY_WORDS)
        ):
            return ResourceLimitError(
                f"extraction needed more memory than max_memory={limit} bytes "
                f"({limit / 2**20:.0f} MiB); its worker process was stopped",
                limit="max_memory",
                value=limit,
            )
        seen = seen.__cause__ or seen.__context__
    return None
