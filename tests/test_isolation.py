"""extract() with a timeout: the work runs in a child process that is killed or contained."""

from __future__ import annotations

import io
import multiprocessing
import os
import pickle
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ragbase_extract._api import extract
from ragbase_extract._errors import (
    CorruptDocumentError,
    EncryptedDocumentError,
    ExtractionCrashedError,
    ExtractionTimeoutError,
    RagbaseExtractError,
    ResourceLimitError,
    UnknownBackendError,
)
from ragbase_extract._isolation import WorkerPool, _decode_reply, encode_task, extract_isolated
from ragbase_extract._isolation._spawner import server_pid
from ragbase_extract._model import Document
from ragbase_extract._options import ExtractOptions
from ragbase_extract._source import Source
from tests._hanging_backend import ScriptedBackend
from tests._hostile import encrypted_pdf, make_pdf, many_pages_pdf, real_pdfs

SCRIPTED = ScriptedBackend()


def _zombies() -> list[int]:
    """Children of this process that exited and were never reaped (Linux only)."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat.rsplit(")", 1)[1].split()
        if fields[0] == "Z" and int(fields[1]) == os.getpid():
            found.append(int(entry.name))
    return found


def _server_workers() -> list[int]:
    """Workers still running under the worker server (Linux only)."""
    server = server_pid()
    if server is None:
        return []
    children = Path(f"/proc/{server}/task/{server}/children")
    return [int(pid) for pid in children.read_text().split()] if children.exists() else []


@pytest.fixture(autouse=True)
def _no_leftover_processes() -> object:
    yield
    assert multiprocessing.active_children() == []
    if sys.platform.startswith("linux"):
        assert _zombies() == []
        deadline = time.monotonic() + 2  # the server reaps asynchronously
        while _server_workers() and time.monotonic() < deadline:
            time.sleep(0.02)
        assert _server_workers() == []


def test_timeout_result_equals_in_process_result() -> None:
    data = make_pdf("First page text.", "Second page text.")
    isolated = extract(data, options=ExtractOptions(timeout=30))
    in_process = extract(data)
    assert isolated == in_process
    assert isolated.to_json() == in_process.to_json()


def test_real_pdfs_through_a_child() -> None:
    paths = [p for p in real_pdfs() if p != encrypted_pdf()][:4]
    if not paths:
        pytest.skip("no real PDFs around")
    for path in paths:
        assert extract(path, options=ExtractOptions(timeout=30)) == extract(path)


def test_inputs_of_every_kind_cross(tmp_path: Path) -> None:
    data = make_pdf("Kinds of input.")
    path = tmp_path / "kinds.pdf"
    path.write_bytes(data)
    options = ExtractOptions(timeout=30)
    expected = extract(data)
    by_path = extract(path, options=options)
    assert by_path.source.name == "kinds.pdf"
    assert by_path.text == expected.text
    assert extract(str(path), options=options).text == expected.text
    assert extract(bytearray(data), options=options) == expected
    assert extract(io.BytesIO(data), options=options) == expected
    assert extract(Source(data), options=options) == expected


def test_relative_path_is_resolved_in_the_caller(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "rel.pdf").write_bytes(make_pdf("Relative."))
    monkeypatch.chdir(tmp_path)
    assert extract("rel.pdf", options=ExtractOptions(timeout=30)).text.startswith("Relative.")


def test_hanging_backend_is_killed_at_the_timeout() -> None:
    started = time.monotonic()
    with pytest.raises(ExtractionTimeoutError) as caught:
        extract(b"hang", backend=SCRIPTED, options=ExtractOptions(timeout=1.0))
    elapsed = time.monotonic() - started
    assert 1.0 <= elapsed < 4.0
    error = caught.value
    assert isinstance(error, ResourceLimitError)
    assert isinstance(error, TimeoutError)
    assert error.limit == "timeout"
    assert error.value == 1.0
    assert error.actual is not None
    assert error.actual >= 1.0


def test_native_hang_holding_the_gil_is_killed() -> None:
    started = time.monotonic()
    with pytest.raises(ExtractionTimeoutError):
        extract(b"hang-native", backend=SCRIPTED, options=ExtractOptions(timeout=0.5))
    assert time.monotonic() - started < 3.5


def test_timeout_does_not_cut_work_that_finishes_in_time() -> None:
    doc = extract(b"sleep:0.3", backend=SCRIPTED, options=ExtractOptions(timeout=5))
    assert doc.text == "sleep:0.3"


@pytest.mark.parametrize(
    ("command", "exitcode"),
    [("segv", -signal.SIGSEGV), ("abort", -signal.SIGABRT), ("exit:3", 3)],
)
def test_crashing_backend_becomes_a_typed_error(command: str, exitcode: int) -> None:
    parent = os.getpid()
    with pytest.raises(ExtractionCrashedError) as caught:
        extract(command.encode(), backend=SCRIPTED, options=ExtractOptions(timeout=10))
    assert caught.value.exitcode == exitcode
    assert os.getpid() == parent  # still here, still the same process
    # and extraction still works afterwards
    assert extract(b"ok", backend=SCRIPTED, options=ExtractOptions(timeout=10)).text == "ok"


def test_crash_message_names_the_signal() -> None:
    with pytest.raises(ExtractionCrashedError, match="SIGSEGV"):
        extract(b"segv", backend=SCRIPTED, options=ExtractOptions(timeout=10))


def test_errors_cross_with_their_attributes() -> None:
    with pytest.raises(ResourceLimitError) as caught:
        extract(many_pages_pdf(5), options=ExtractOptions(timeout=30, max_pages=2))
    assert (caught.value.limit, caught.value.value, caught.value.actual) == ("max_pages", 2, 5)
    with pytest.raises(ResourceLimitError) as too_big:
        extract(make_pdf("x"), options=ExtractOptions(timeout=30, max_bytes=10))
    assert too_big.value.limit == "max_bytes"


def test_encrypted_pdf() -> None:
    path = encrypted_pdf()
    if path is None:
        pytest.skip("the real encrypted sample is not around")
    with pytest.raises(EncryptedDocumentError):
        extract(path, options=ExtractOptions(timeout=30))
    doc = extract(path, options=ExtractOptions(timeout=30, password="1234"))
    assert doc.text


def test_unmapped_backend_errors_arrive_mapped() -> None:
    with pytest.raises(CorruptDocumentError, match="the library failed") as caught:
        extract(b"raise", backend=SCRIPTED, options=ExtractOptions(timeout=10))
    # the original cause, lost with the traceback, is kept as a note
    assert any("RuntimeError" in note for note in getattr(caught.value, "__notes__", []))
    with pytest.raises(ResourceLimitError) as memory:
        extract(b"memory", backend=SCRIPTED, options=ExtractOptions(timeout=10))
    # in a worker with a memory cap (the default), running out is the cap
    assert memory.value.limit == "max_memory"


def test_non_library_errors_keep_their_type(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        extract(tmp_path / "missing.pdf", options=ExtractOptions(timeout=10))


def test_unpicklable_backend_instance_is_refused_clearly() -> None:
    class Local(ScriptedBackend):  # a local class cannot be pickled
        pass

    with pytest.raises(TypeError, match="backend name"):
        extract(b"ok", backend=Local(), options=ExtractOptions(timeout=10))


def test_unknown_backend_name_reports_from_the_child() -> None:
    with pytest.raises(UnknownBackendError, match="known backends: pymupdf, text, docling"):
        extract(b"ok", backend="no-such-backend", options=ExtractOptions(timeout=10))


def test_extract_isolated_directly() -> None:
    doc = extract_isolated(b"direct", backend=SCRIPTED, options=ExtractOptions(timeout=10))
    assert isinstance(doc, Document)
    assert doc.backend == "scripted"


# --------------------------------------------------------------------------- the pool


def _task(command: str) -> bytes:
    return encode_task(
        command.encode(),
        pickle.dumps(SCRIPTED),
        pickle.dumps(ExtractOptions()),
    )


def test_pool_replaces_killed_and_crashed_workers() -> None:
    with WorkerPool(2, timeout=1.0) as pool:
        for key, command in enumerate(["hang", "segv", "ok", "sleep:0.2", "ok"]):
            pool.submit(key, _task(command))
        results = {}
        while pool.pending:
            for outcome in pool.collect():
                results[outcome.key] = outcome.result
    assert isinstance(results[0], ExtractionTimeoutError)
    assert isinstance(results[1], ExtractionCrashedError)
    assert [results[k].text for k in (2, 3, 4)] == ["ok", "sleep:0.2", "ok"]  # type: ignore[union-attr]


def test_pool_recycles_workers_after_max_tasks() -> None:
    with WorkerPool(1, timeout=None, max_tasks_per_worker=2) as pool:
        for key in range(5):
            pool.submit(key, _task("ok"))
        seen = 0
        while pool.pending:
            seen += len(pool.collect())
    assert seen == 5


def test_pool_collect_returns_on_interrupt() -> None:
    with WorkerPool(1, timeout=None) as pool:
        pool.submit(0, _task("sleep:5"))
        pool.interrupt()
        started = time.monotonic()
        assert pool.collect() == []
        assert time.monotonic() - started < 2


# --------------------------------------------------------------------------- what the parent accepts


class _Evil:
    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, ("echo pwned > /dev/null",))


def test_parent_refuses_pickles_that_are_not_exceptions() -> None:
    # A child compromised by a hostile document must not make the parent run code.
    payload = pickle.dumps(_Evil())
    header = b"builtins.ValueError\0boom"
    reply = b"E" + bytes(8) + len(header).to_bytes(4, "big") + header + payload
    result, _ = _decode_reply(reply)
    assert type(result) is RagbaseExtractError
    assert "ValueError: boom" in str(result)


def test_parent_refuses_system_exit_from_a_child() -> None:
    payload = pickle.dumps(SystemExit(3))
    header = b"builtins.SystemExit\x003"
    reply = b"E" + bytes(8) + len(header).to_bytes(4, "big") + header + payload
    result, _ = _decode_reply(reply)
    assert type(result) is RagbaseExtractError


def test_parent_validates_documents_from_a_child() -> None:
    result, _ = _decode_reply(b"D" + bytes(8) + b'{"not": "a document"}')
    assert isinstance(result, RagbaseExtractError)
    result, _ = _decode_reply(b"?garbage")
    assert isinstance(result, RagbaseExtractError)


def test_parent_refuses_control_flow_exceptions_from_a_child() -> None:
    payload = pickle.dumps(StopIteration("done"))
    header = b"builtins.StopIteration\0done"
    reply = b"E" + bytes(8) + len(header).to_bytes(4, "big") + header + payload
    result, _ = _decode_reply(reply)
    assert type(result) is RagbaseExtractError


# --------------------------------------------------------------------------- process lifetime

REPO = Path(__file__).resolve().parent.parent


def _python(code: str) -> subprocess.Popen[str]:
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])
    )
    return subprocess.Popen(
        [sys.executable, "-c", code],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
    )


def test_start_up_does_not_count_against_the_timeout() -> None:
    # In a fresh interpreter the fork server starts first (a few hundred ms);
    # a 0.2 s timeout still holds because the clock starts with the document.
    code = (
        "from ragbase_extract._api import extract\n"
        "from ragbase_extract._options import ExtractOptions\n"
        "from tests._hanging_backend import ScriptedBackend\n"
        "if __name__ == '__main__':\n"
        "    doc = extract(b'quick', backend=ScriptedBackend(), options=ExtractOptions(timeout=0.2))\n"
        "    print(doc.text)\n"
    )
    process = _python(code)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 0, err
    assert out.strip() == "quick"


def test_concurrent_calls_from_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    def one(number: int) -> str:
        command = b"hang" if number == 3 else f"call {number}".encode()
        try:
            return extract(command, backend=SCRIPTED, options=ExtractOptions(timeout=1)).text
        except ExtractionTimeoutError:
            return "timeout"

    with ThreadPoolExecutor(4) as pool:
        texts = list(pool.map(one, range(12)))
    assert texts == [("timeout" if n == 3 else f"call {n}") for n in range(12)]


def test_spawn_start_method_works_too(monkeypatch: pytest.MonkeyPatch) -> None:
    # Where there is no fork server (Windows), children are spawned.
    import ragbase_extract._isolation._startup as startup

    monkeypatch.setattr(startup, "_context", multiprocessing.get_context("spawn"))
    assert (
        extract(b"spawned", backend=SCRIPTED, options=ExtractOptions(timeout=30)).text == "spawned"
    )
    with pytest.raises(ExtractionTimeoutError):
        extract(b"hang", backend=SCRIPTED, options=ExtractOptions(timeout=0.5))
    with pytest.raises(ExtractionCrashedError):
        extract(b"segv", backend=SCRIPTED, options=ExtractOptions(timeout=30))
