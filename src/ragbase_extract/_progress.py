"""A progress bar for batches and for the pages of one document, drawn by tqdm."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from ._optional import import_optional

if TYPE_CHECKING:
    from ._batch import BatchResult

__all__ = ["ProgressBar"]


class ProgressBar:
    """Shows how far an extraction has got: documents of a batch, or pages of one document.

    Pass one as ``on_progress`` to :func:`~ragbase_extract.extract_many` (it counts
    documents and failures) or to :func:`~ragbase_extract.extract` /
    :func:`~ragbase_extract.aextract` (it counts pages); the bar appears with the
    first report and closes after the last. ``tqdm.auto`` draws it as a widget
    in Jupyter and as a text bar in a terminal. One bar serves one call; use it
    as a context manager (``with ProgressBar() as bar:``) to close it also when
    the extraction fails part-way. Needs the ``progress`` extra
    (``pip install 'ragbase-extract[progress]'``).

    Args:
        desc: The label before the bar.
        file: Where a text bar is written (default: standard error).
        leave: Keep the finished bar on screen.

    Raises:
        BackendUnavailableError: tqdm is not installed.

    Example:
        >>> from ragbase_extract import ProgressBar, extract_many
        >>> for result in extract_many(paths, on_progress=ProgressBar()):  # doctest: +SKIP
        ...     ...
        >>> from ragbase_extract import extract
        >>> doc = extract("book.pdf", on_progress=ProgressBar(desc="book"))  # doctest: +SKIP

    .. versionadded:: 0.1
    """

    def __init__(
        self, *, desc: str = "extracting", file: IO[str] | None = None, leave: bool = True
    ) -> None:
        auto = import_optional(
            "tqdm.auto", needed_by="ProgressBar", package="tqdm", extra="progress"
        )
        self._tqdm = auto.tqdm
        self._options: dict[str, Any] = {"desc": desc, "file": file, "leave": leave}
        self._bar: Any = None
        self._failed = 0

    def __call__(self, done: int, total: int | None, result: BatchResult | None = None) -> None:
        """Advance to ``done`` of ``total`` (``None``: unknown), counting failures.

        Called with a batch's ``result``, the bar counts documents; without
        one (:func:`~ragbase_extract.extract`'s ``on_progress(pages_done,
        pages_total)``), pages.
        """
        if self._bar is None:
            unit = "page" if result is None else "doc"
            self._bar = self._tqdm(total=total, unit=unit, **self._options)
        elif total is not None and total != self._bar.total:
            self._bar.total = total  # a backend learnt the page count late
        if result is not None and not result.ok:
            self._failed += 1
            self._bar.set_postfix(failed=self._failed, refresh=False)
        self._bar.update(done - self._bar.n)
        if total is not None and done >= total:
            self.close()

    def __enter__(self) -> ProgressBar:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the bar (done by itself after the last of a known number of inputs); idempotent."""
        if self._bar is not None:
            self._bar.close()
