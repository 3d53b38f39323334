"""Per-page progress of one document: how backends report it and how it reaches the caller.

:func:`~ragbase_extract.extract` installs a :class:`PageReporter` around the
backend call (:func:`run_reporting_pages`); a backend calls :func:`report_progress`
after each page. A context variable carries the reporter instead of a new
parameter of :meth:`Backend.extract <ragbase_extract.Backend.extract>`: the
protocol is public, and third-party backends written against it keep working
(they report nothing, and the caller still gets the final report).
:func:`asyncio.to_thread` copies the context, so :func:`~ragbase_extract.aextract`
reports too.

The reporter makes the caller's view simple whatever the backend does: counts
never go down, nothing is repeated, and ``done == total`` is reported exactly
once, when the document is complete (not when the backend has read its last
page but still assembles the blocks).
"""

from __future__ import annotations

from collections.abc import Callable
from contextvars import ContextVar
from typing import TYPE_CHECKING, TypeAlias

if TYPE_CHECKING:
    from ._model import Document

__all__ = ["PageProgressCallback", "PageReporter", "report_progress", "run_reporting_pages"]

PageProgressCallback: TypeAlias = Callable[[int, int], object]
"""``on_progress(pages_done, pages_total)``: how far :func:`~ragbase_extract.extract` has got.

Called in the thread that called :func:`~ragbase_extract.extract` (for
:func:`~ragbase_extract.aextract`, its worker thread): ``(0, total)`` once the
page count is known, then after each page, and ``(total, total)`` exactly once,
when the document is complete. Counts never go down and never repeat. The
PyMuPDF backend reports every page, OCR'd pages included; Docling has no
per-page hook, so its documents report only the final count; a document without
pages (text, Office) reports ``(1, 1)``. Nothing is reported for a document that
fails. When the extraction runs in a worker process (``timeout``,
``max_memory``), the worker sends the counts and the callback still runs in
the caller's process. An exception raised by the callback stops the extraction
(a worker process is killed first) and propagates from ``extract`` unchanged.
:class:`~ragbase_extract.ProgressBar` is one.

Example:
    >>> from ragbase_extract import extract
    >>> _ = extract(b"Some text.", backend="text", on_progress=lambda *n: print(n))
    (1, 1)

.. versionadded:: 0.1
"""

_reporter: ContextVar[PageReporter | None] = ContextVar(
    "ragbase_extract_page_reporter", default=None
)


class _CallbackFailed(BaseException):
    """Unwinds the backend after the caller's callback raised.

    A ``BaseException`` so that no backend's ``except Exception`` maps it to a
    :class:`~ragbase_extract.CorruptDocumentError`; :func:`run_reporting_pages`
    re-raises the callback's own exception once the backend has unwound.
    """


class PageReporter:
    """Forwards a backend's page counts to the caller's callback, monotonic and once each."""

    def __init__(self, callback: PageProgressCallback) -> None:
        self._callback = callback
        self._last: tuple[int, int] | None = None
        self.failure: BaseException | None = None

    def __call__(self, done: int, total: int) -> None:
        """A backend's report: ``done`` of ``total`` pages (the final count is held back)."""
        if total < 1 or not 0 <= done < total:
            return  # done == total waits for finish(): the document is not built yet
        if self._last is not None and (done, total) <= self._last:
            return  # only ever forward: a later page, or the same with a larger total
        self._send(done, total)

    def finish(self, document: Document) -> None:
        """The final report, ``(total, total)``, once the document is complete."""
        total = self._last[1] if self._last is not None else max(1, len(document.pages))
        self._send(total, total)

    def _send(self, done: int, total: int) -> None:
        self._last = (done, total)
        try:
            self._callback(done, total)
        except BaseException as exc:
            self.failure = exc
        if self.failure is not None:  # raised outside the handler: no __context__ cycle
            raise _CallbackFailed


def report_progress(done: int, total: int) -> None:
    """Report that ``done`` of ``total`` pages are extracted (for backend authors).

    Call it from :meth:`Backend.extract <ragbase_extract.Backend.extract>`, in the
    thread that runs it, after each page (and with ``done=0`` once the page count
    is known); it does nothing when the caller asked for no progress. The final
    ``(total, total)`` is reported by :func:`~ragbase_extract.extract` itself when
    the backend returns. If the caller's callback raises, this raises an exception
    that is not an :class:`Exception`: let it propagate.

    .. versionadded:: 0.1
    """
    reporter = _reporter.get()
    if reporter is not None:
        reporter(done, total)


def run_reporting_pages(
    callback: PageProgressCallback | None, run: Callable[[], Document]
) -> Document:
    """``run()`` with :func:`report_progress` reaching ``callback``, then the final report.

    Raises:
        BaseException: Whatever ``callback`` raised, unchanged, once ``run`` has
            unwound; else whatever ``run`` raised.
    """
    reporter = PageReporter(callback) if callback is not None else None
    token = _reporter.set(reporter)  # None too: a nested extract() reports to nobody
    try:
        document = run()
        if reporter is not None:
            reporter.finish(document)
        return document
    except _CallbackFailed:
        pass
    finally:
        _reporter.reset(token)
    # Raised here, outside the handler, so the caller's exception does not get
    # our internal one as its __context__.
    assert reporter is not None
    assert reporter.failure is not None
    raise reporter.failure
