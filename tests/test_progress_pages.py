"""Per-page progress of one document: ``extract(..., on_progress=...)`` (issue #9.8).

Real PDFs generated with PyMuPDF, extracted in this process and in a worker
process (``timeout=``); callbacks that record, fail, and a tqdm bar.
"""

from __future__ import annotations

import asyncio
import io
import pickle
import time
from pathlib import Path
from typing import Final

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ragbase_extract import (
    CorruptDocumentError,
    Document,
    ExtractOptions,
    Format,
    ProgressBar,
    Source,
    aextract,
    extract,
)
from ragbase_extract._isolation import WorkerPool, encode_task, pickle_backend, task_payload
from ragbase_extract._isolation._spawner import server_pid
from ragbase_extract._isolation._wire import PAGES, PROGRESS, decode_progress, encode_progress
from ragbase_extract._page_progress import run_reporting_pages
from ragbase_extract.backends import default_registry, report_progress
from tests._hostile import make_pdf

ISOLATED: Final = ExtractOptions(timeout=60)

needs_office = pytest.mark.skipif(
    not default_registry().get("docling").is_available(),
    reason="the [office] extra (Docling) is not installed",
)


def _record(source: bytes | Path, options: ExtractOptions | None = None) -> list[tuple[int, int]]:
    seen: list[tuple[int, int]] = []
    extract(source, options=options, on_progress=lambda done, total: seen.append((done, total)))
    return seen


def _assert_well_formed(seen: list[tuple[int, int]], total: int) -> None:
    """Counts rise, one total throughout, ``(total, total)`` exactly once and last."""
    assert seen, "no progress reported"
    assert {t for _, t in seen} == {total}
    dones = [d for d, _ in seen]
    assert dones == sorted(set(dones))
    assert seen[-1] == (total, total)
    assert dones.count(total) == 1


@settings(max_examples=12)
@given(pages=st.integers(1, 6), data=st.data())
def test_pages_reported_in_order_then_once_complete(pages: int, data: st.DataObject) -> None:
    selected = data.draw(st.lists(st.integers(1, pages), min_size=1, unique=True))
    pdf = make_pdf(*(f"Page {n} of the report." for n in range(1, pages + 1)))
    seen = _record(pdf, ExtractOptions(pages=tuple(sorted(selected))))
    _assert_well_formed(seen, len(selected))
    # The PyMuPDF backend reports the count up front and after every page.
    assert [d for d, _ in seen] == list(range(len(selected) + 1))


def test_the_worker_process_reports_the_same_pages() -> None:
    pdf = make_pdf("One.", "Two.", "Three.")
    assert _record(pdf, ISOLATED) == _record(pdf) == [(0, 3), (1, 3), (2, 3), (3, 3)]


def test_documents_without_pages_still_complete() -> None:
    assert _record(b"# Notes\n\nPlain text has no pages.") == [(1, 1)]
    assert _record(b"# Notes\n\nPlain text has no pages.", ISOLATED) == [(1, 1)]


@needs_office
def test_a_docling_document_reports_once_complete() -> None:
    # Docling has no per-page hook: only the final report, and a DOCX has no pages.
    docx = Path(__file__).parent / "data" / "office" / "docx_lists.docx"
    assert _record(docx) == [(1, 1)]


def test_no_report_on_failure_and_the_error_is_unchanged() -> None:
    seen: list[tuple[int, int]] = []
    with pytest.raises(CorruptDocumentError):
        extract(b"%PDF-1.7\nnot a pdf", on_progress=lambda *counts: seen.append(counts))
    assert seen == []


class _StopError(Exception):
    pass


def _stop_at(page: int) -> object:
    def callback(done: int, total: int) -> None:
        if done == page:
            raise _StopError(f"stopped at {done}/{total}")

    return callback


@pytest.mark.parametrize("page", [1, 4], ids=["mid-document", "final-report"])
def test_a_raising_callback_propagates_unchanged_in_process(page: int) -> None:
    pdf = make_pdf("One.", "Two.", "Three.", "Four.")
    with pytest.raises(_StopError, match=f"stopped at {page}/4") as caught:
        extract(pdf, on_progress=_stop_at(page))  # type: ignore[arg-type]
    # Not wrapped in a CorruptDocumentError, and no internal exception chained.
    assert caught.value.__cause__ is None
    assert caught.value.__context__ is None


def _worker_children() -> list[str]:
    server = server_pid()
    assert server is not None
    return Path(f"/proc/{server}/task/{server}/children").read_text().split()


@pytest.mark.skipif(not Path("/proc/self/task").is_dir(), reason="reads /proc (Linux)")
def test_a_raising_callback_stops_the_worker_then_propagates() -> None:
    pdf = make_pdf("One.", "Two.", "Three.", "Four.")
    assert _record(pdf, ISOLATED)[-1] == (4, 4)  # the worker server is up
    before = set(_worker_children())  # workers other tests' pools may still hold
    with pytest.raises(_StopError, match="stopped at 2/4"):
        extract(pdf, options=ISOLATED, on_progress=_stop_at(2))  # type: ignore[arg-type]
    # Killed and reaped before the exception left extract().
    assert set(_worker_children()) <= before
    assert _record(pdf, ISOLATED)[-1] == (4, 4)  # and the next extraction runs normally


def test_a_slow_callback_still_gets_every_page_from_the_worker() -> None:
    pdf = make_pdf(*(f"Page {n}." for n in range(1, 6)))
    seen: list[tuple[int, int]] = []

    def slow(done: int, total: int) -> None:
        time.sleep(0.02)  # the worker runs ahead; its messages wait in the pipe
        seen.append((done, total))

    doc = extract(pdf, options=ISOLATED, on_progress=slow)
    assert len(doc.pages) == 5
    assert seen == [(n, 5) for n in range(6)]


def test_aextract_reports_pages() -> None:
    seen: list[tuple[int, int]] = []
    pdf = make_pdf("One.", "Two.")
    asyncio.run(aextract(pdf, on_progress=lambda *counts: seen.append(counts)))
    assert seen == [(0, 2), (1, 2), (2, 2)]


def test_progress_bar_counts_pages(tmp_path: Path) -> None:
    path = tmp_path / "book.pdf"
    path.write_bytes(make_pdf(*(f"Chapter {n}." for n in range(1, 8))))
    out = io.StringIO()
    extract(path, on_progress=ProgressBar(desc="book", file=out))
    drawn = out.getvalue()
    assert "book" in drawn
    assert "7/7" in drawn
    assert "page/s" in drawn  # the unit of one document
    assert drawn.endswith("\n")  # closed at the final report


class _WaveringBackend:
    """A third-party backend whose reports go back and forth: the caller sees them sorted."""

    name = "wavering"
    formats = frozenset({Format.TEXT})
    extra = None

    def is_available(self) -> bool:
        return True

    def extract(self, source: Source, options: ExtractOptions) -> Document:
        for done in (0, 2, 1, 2, 3, 4, 4):  # 4 of 4: held until the document exists
            report_progress(done, 4)
        report_progress(5, 4)  # impossible counts are dropped
        return extract(source, backend="text")  # a nested extract reports to nobody


def test_reports_are_monotonic_whatever_a_backend_sends() -> None:
    seen: list[tuple[int, int]] = []
    extract(b"Some text.", backend=_WaveringBackend(), on_progress=lambda *c: seen.append(c))
    assert seen == [(0, 4), (2, 4), (3, 4), (4, 4)]


def test_report_progress_without_a_listener_does_nothing() -> None:
    report_progress(1, 2)  # outside extract(): no reporter, no error


@given(st.binary(max_size=12))
def test_a_malformed_progress_message_is_ignored(message: bytes) -> None:
    counts = decode_progress(message)
    if counts is not None:
        assert message[:1] == PROGRESS
        assert len(message) == 1 + PAGES.size
        done, total = counts
        assert 0 <= done <= total
        assert total > 0
        assert encode_progress(done, total) == message


def test_a_progress_message_round_trips() -> None:
    assert decode_progress(encode_progress(3, 300)) == (3, 300)
    assert decode_progress(encode_progress(4, 3)) is None
    assert decode_progress(encode_progress(0, 0)) is None


def _drain(pool: WorkerPool) -> None:
    while pool.pending:
        pool.collect()


def test_the_pool_goes_on_after_a_raising_callback() -> None:
    def task(pdf: bytes) -> bytes:
        return encode_task(
            task_payload(pdf, None),
            pickle_backend("auto"),
            pickle.dumps(ExtractOptions()),
            progress=True,
        )

    second: list[tuple[int, int]] = []
    with WorkerPool(1, timeout=60) as pool:
        pool.submit("first", task(make_pdf("A.", "B.", "C.")), on_progress=_stop_at(1))  # type: ignore[arg-type]
        pool.submit("second", task(make_pdf("D.", "E.")), on_progress=lambda *c: second.append(c))
        with pytest.raises(_StopError):
            _drain(pool)
        assert pool.pending == 1  # the first task is gone with its worker
        outcomes = pool.collect()
    assert [o.key for o in outcomes] == ["second"]
    assert isinstance(outcomes[0].result, Document)
    assert second == [(0, 2), (1, 2), (2, 2)]


def test_a_progress_bar_closes_where_a_cancelled_extraction_stopped() -> None:
    pdf = make_pdf("One.", "Two.", "Three.", "Four.")
    out = io.StringIO()

    def cancel_at_two(done: int, total: int) -> None:
        bar(done, total)
        if done == 2:
            raise _StopError("cancelled by the user")

    with pytest.raises(_StopError), ProgressBar(file=out) as bar:
        extract(pdf, options=ISOLATED, on_progress=cancel_at_two)
    drawn = out.getvalue()
    assert "2/4" in drawn
    assert "3/4" not in drawn
    assert drawn.endswith("\n")  # closed by the with block, not left half-drawn


@given(st.lists(st.tuples(st.integers(-2, 12), st.integers(-1, 10)), max_size=30))
def test_whatever_a_backend_reports_the_caller_sees_a_clean_sequence(
    reports: list[tuple[int, int]],
) -> None:
    seen: list[tuple[int, int]] = []
    document = extract(b"Some text.", backend="text")

    def backend() -> Document:
        for done, total in reports:
            report_progress(done, total)
        return document

    run_reporting_pages(lambda *counts: seen.append(counts), backend)
    assert len(seen) == len(set(seen))  # nothing repeated
    dones = [d for d, _ in seen]
    assert dones == sorted(dones)  # never going down
    assert all(0 <= d <= t for d, t in seen)
    final = seen[-1]
    assert final[0] == final[1]  # the last report is the completion
    assert [d == t for d, t in seen].count(True) == 1  # and the only one
