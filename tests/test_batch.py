"""extract_many: ordered and as-completed results, per-file errors, bounded work, async."""

from __future__ import annotations

import asyncio
import io
import multiprocessing
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from ragbase_extract._api import aextract
from ragbase_extract._batch import BatchResult, aextract_many, extract_many
from ragbase_extract._errors import (
    CorruptDocumentError,
    EncryptedDocumentError,
    ExtractionCrashedError,
    ExtractionTimeoutError,
    RagbaseExtractError,
    ResourceLimitError,
)
from ragbase_extract._model import Document
from ragbase_extract._options import ExtractOptions
from tests._hanging_backend import ScriptedBackend
from tests._hostile import encrypted_pdf, make_pdf, real_pdfs

SCRIPTED = ScriptedBackend()


@pytest.fixture(autouse=True)
def _no_leftover_workers() -> Iterator[None]:
    yield
    assert multiprocessing.active_children() == []


def test_results_in_input_order_despite_completion_order() -> None:
    commands = [b"sleep:0.6", b"a", b"sleep:0.2", b"b", b"c"]
    results = list(extract_many(commands, workers=2, backend=SCRIPTED))
    assert [r.index for r in results] == [0, 1, 2, 3, 4]
    assert [r.source for r in results] == [0, 1, 2, 3, 4]  # bytes are named by index
    assert [r.unwrap().text for r in results] == ["sleep:0.6", "a", "sleep:0.2", "b", "c"]
    assert all(r.ok and isinstance(r.document, Document) for r in results)
    assert results[0].seconds >= 0.6


def test_as_completed_mode_yields_fast_results_first() -> None:
    commands = [b"sleep:1.0", b"a", b"b", b"c"]
    results = list(extract_many(commands, workers=2, backend=SCRIPTED, ordered=False))
    assert sorted(r.index for r in results) == [0, 1, 2, 3]
    assert results[0].index != 0
    assert results[-1].index == 0


def test_pdf_paths_and_per_file_errors(tmp_path: Path) -> None:
    good = tmp_path / "good.pdf"
    good.write_bytes(make_pdf("A good document."))
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(b"%PDF-1.7\nthis is not really a pdf at all")
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    missing = tmp_path / "missing.pdf"
    sources: list[str | Path] = [good, fake, str(empty), missing, good]
    results = list(extract_many(sources, workers=2))
    assert [r.source for r in results] == sources
    assert results[0].ok
    assert results[0].unwrap().text.startswith("A good document.")
    assert results[4].ok
    assert isinstance(results[1].error, CorruptDocumentError)
    assert isinstance(results[2].error, CorruptDocumentError)
    # an error that is not ours is wrapped, with the original as the cause
    assert type(results[3].error) is RagbaseExtractError
    assert isinstance(results[3].error.__cause__, FileNotFoundError)
    assert "FileNotFoundError" in str(results[3].error)
    assert not results[3].ok
    assert results[3].document is None
    with pytest.raises(RagbaseExtractError):
        results[3].unwrap()


@pytest.mark.corpus
def test_corpus_pdfs(corpus: Path) -> None:
    paths = sorted((corpus / "pdf").glob("*.pdf"))
    results = list(extract_many(paths, workers=2, options=ExtractOptions(timeout=60)))
    assert len(results) == len(paths)
    by_name = {Path(str(r.source)).name: r for r in results}
    assert isinstance(by_name["2206.01062_pg3.pdf"].error, EncryptedDocumentError)
    assert by_name["multi_page.pdf"].ok


def test_timeout_kills_only_the_stuck_document() -> None:
    commands = [b"a", b"hang", b"b", b"hang-native", b"c", b"d"]
    started = time.monotonic()
    results = list(
        extract_many(commands, workers=2, backend=SCRIPTED, options=ExtractOptions(timeout=1.0))
    )
    elapsed = time.monotonic() - started
    assert [r.ok for r in results] == [True, False, True, False, True, True]
    for stuck in (results[1], results[3]):
        assert isinstance(stuck.error, ExtractionTimeoutError)
        assert stuck.error.limit == "timeout"
        assert stuck.seconds >= 1.0
    assert elapsed < 5.0


def test_crashes_are_per_file() -> None:
    commands = [b"a", b"segv", b"b", b"abort", b"c", b"exit:7", b"d"]
    results = list(extract_many(commands, workers=2, backend=SCRIPTED))
    assert [r.ok for r in results] == [True, False, True, False, True, False, True]
    assert [r.error.exitcode for r in results if isinstance(r.error, ExtractionCrashedError)] == [
        -11,
        -6,
        7,
    ]


def test_generator_input_is_consumed_lazily() -> None:
    pulled = 0

    def sources() -> Iterator[bytes]:
        nonlocal pulled
        for number in range(40):
            pulled += 1
            yield f"doc {number}".encode()

    results = extract_many(sources(), workers=2, backend=SCRIPTED)
    assert pulled == 0  # nothing happens before the first result is asked for
    first = next(results)
    assert first.index == 0
    assert pulled <= 2 * 2 + 1  # bounded in-flight work: about 2 x workers
    rest = list(results)
    assert pulled == 40
    assert [r.unwrap().text for r in [first, *rest]] == [f"doc {n}" for n in range(40)]


def test_in_flight_work_stays_bounded_behind_a_slow_head() -> None:
    pulled = 0

    def sources() -> Iterator[bytes]:
        nonlocal pulled
        yield b"sleep:1.0"
        for _ in range(100):
            pulled += 1
            yield b"fast"

    results = extract_many(sources(), workers=2, backend=SCRIPTED)
    assert next(results).index == 0
    assert pulled <= 4  # the window (2 x workers) held while the head was slow
    assert sum(1 for _ in results) == 100


def test_progress_callback() -> None:
    calls: list[tuple[int, int | None, int]] = []

    def progress(done: int, total: int | None, result: BatchResult) -> None:
        calls.append((done, total, result.index))

    list(extract_many([b"a", b"b", b"c"], workers=2, backend=SCRIPTED, on_progress=progress))
    assert calls == [(1, 3, 0), (2, 3, 1), (3, 3, 2)]
    calls.clear()
    list(extract_many(iter([b"a", b"b"]), workers=1, backend=SCRIPTED, on_progress=progress))
    assert calls == [(1, None, 0), (2, None, 1)]


def test_streams_and_their_names() -> None:
    named = io.BytesIO(b"from a stream")
    named.name = "/somewhere/notes.txt"
    results = list(extract_many([named, io.BytesIO(b"anonymous")], workers=1))
    assert results[0].source == "/somewhere/notes.txt"
    assert results[0].unwrap().source.name == "notes.txt"
    assert results[1].source == 1


def test_limits_apply_to_each_document() -> None:
    options = ExtractOptions(max_bytes=100)
    results = list(extract_many([b"small", b"x" * 1000, io.BytesIO(b"y" * 1000)], options=options))
    assert results[0].ok
    for result in results[1:]:
        assert isinstance(result.error, ResourceLimitError)
        assert result.error.limit == "max_bytes"


def test_unsupported_input_type_is_a_per_file_error() -> None:
    results = list(extract_many([b"fine", 42, b"also fine"], backend=SCRIPTED))  # type: ignore[list-item]
    assert [r.ok for r in results] == [True, False, True]
    assert results[1].error is not None
    assert isinstance(results[1].error.__cause__, TypeError)


def test_breaking_out_early_stops_the_workers() -> None:
    results = extract_many([b"a", b"sleep:30", b"sleep:30", b"b"], workers=2, backend=SCRIPTED)
    assert next(results).ok
    started = time.monotonic()
    results.close()
    assert time.monotonic() - started < 3
    assert multiprocessing.active_children() == []


def test_arguments_are_checked_at_the_call() -> None:
    with pytest.raises(ValueError, match="workers"):
        extract_many([b"a"], workers=0)

    class Local(ScriptedBackend):
        pass

    with pytest.raises(TypeError, match="backend"):
        extract_many([b"a"], backend=Local())


def test_empty_input() -> None:
    assert list(extract_many([])) == []
    assert list(extract_many(iter([]))) == []


def test_default_workers_and_real_pdfs() -> None:
    paths = real_pdfs()[:4]
    if not paths:
        pytest.skip("no real PDFs around")
    results = list(extract_many(paths))
    assert [r.source for r in results] == paths
    for result in results:
        if result.source == encrypted_pdf():
            assert isinstance(result.error, EncryptedDocumentError)
        else:
            assert result.ok, result.error
            assert result.unwrap().pages


# --------------------------------------------------------------------------- asyncio


def test_aextract() -> None:
    doc = asyncio.run(aextract(b"async one", backend=SCRIPTED))
    assert doc.text == "async one"
    timed = asyncio.run(
        aextract(b"async two", backend=SCRIPTED, options=ExtractOptions(timeout=10))
    )
    assert timed.text == "async two"


def test_aextract_many() -> None:
    async def main() -> list[BatchResult]:
        return [
            r
            async for r in aextract_many(
                [b"x", b"segv", b"y"], workers=2, backend=SCRIPTED, ordered=True
            )
        ]

    results = asyncio.run(main())
    assert [r.ok for r in results] == [True, False, True]
    assert isinstance(results[1].error, ExtractionCrashedError)


def test_aextract_many_cancellation_stops_promptly() -> None:
    async def main() -> float:
        seen: list[BatchResult] = []

        async def consume() -> None:
            async for result in aextract_many(
                [b"a", b"sleep:30", b"sleep:30"], workers=2, backend=SCRIPTED
            ):
                seen.append(result)

        task = asyncio.create_task(consume())
        while not seen:
            await asyncio.sleep(0.05)
        await asyncio.sleep(0.2)
        started = time.monotonic()
        task.cancel()
        with pytest.raises(asyncio.CancelledError):
            await task
        return time.monotonic() - started

    assert asyncio.run(main()) < 3
    deadline = time.monotonic() + 5
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)


def test_importing_the_batch_and_cli_modules_stays_light() -> None:
    import subprocess
    import sys

    code = (
        "import sys, ragbase_extract._batch, ragbase_extract._cli; "
        "print(sorted(m for m in ('asyncio', 'pymupdf', 'multiprocessing', "
        "'ragbase_extract._isolation') if m in sys.modules))"
    )
    # Coverage's subprocess measurement imports multiprocessing into every child
    # it starts; this child measures imports, so it runs without coverage.
    env = {k: v for k, v in os.environ.items() if not k.startswith("COVERAGE_PROCESS")}
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        timeout=60,
        env=env,
    ).stdout
    assert out.strip() == "[]"
