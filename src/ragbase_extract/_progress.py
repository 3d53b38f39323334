"""A progress bar for batches, drawn by tqdm in a terminal or a notebook."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from ._optional import import_optional

if TYPE_CHECKING:
    from ._batch import BatchResult

__all__ = ["ProgressBar"]


class ProgressBar:
    """Shows how far :func:`~ragbase_extract.extract_many` has got, and how many failed.

    Pass one as ``on_progress``; the bar appears with the first result and closes
    after the last. ``tqdm.auto`` draws it as a widget in Jupyter and as a text
    bar in a terminal. Needs the ``progress`` extra
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

    .. versionadded:: 0.1
    """

    def __init__(
        self, *, desc: str = "extracting", file: IO[str] | None = None, leave: bool = True
    ) -> None:
        auto = import_optional(
            "tqdm.auto", needed_by="ProgressBar", package="tqdm", extra="progress"
        )
        self._tqdm = auto.tqdm
        self._options: dict[str, Any] = {"desc": desc, "file": file, "leave": leave, "unit": "doc"}
        self._bar: Any = None
        self._failed = 0

    def __call__(self, done: int, total: int | None, result: BatchResult) -> None:
        """Advance to ``done`` of ``total`` (``None``: unknown), counting failures."""
        if self._bar is None:
            self._bar = self._tqdm(total=total, **self._options)
        if not result.ok:
            self._failed += 1
            self._bar.set_postfix(failed=self._failed, refresh=False)
        self._bar.update(done - self._bar.n)
        if total is not None and done >= total:
            self.close()

    def close(self) -> None:
        """Close the bar (done by itself after the last of a known number of inputs)."""
        if self._bar is not None:
            self._bar.close()
