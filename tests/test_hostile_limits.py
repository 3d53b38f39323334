"""Memory and option limits against issue 13's crafted inputs, through real worker processes.

Each reproducer runs in a fresh interpreter that reports the outcome, its own
memory growth and the peak resident set of its worker processes (reaped
descendants' ``ru_maxrss``), so the bounds are on what really ran.
"""

from __future__ import annotations

import io
import json
import math
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

import pytest
from pydantic import ValidationError

from ragbase_extract import (
    CorruptDocumentError,
    EncryptedDocumentError,
    ExtractOptions,
    ResourceLimitError,
    extract,
)
from ragbase_extract._options import DEFAULT_ISOLATED_TIMEOUT, DEFAULT_MAX_MEMORY
from tests._bombs import pdf_stream_bomb, xlsx_far_corner

REPO = Path(__file__).resolve().parent.parent
MIB = 1 << 20

_RUNNER = """\
import json, resource, sys, time
from ragbase_extract import ExtractOptions, extract
from ragbase_extract._isolation._spawner import _stop_server
data = open(sys.argv[1], "rb").read()
options = ExtractOptions.model_validate_json(sys.argv[2])
before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
started = time.perf_counter()
try:
    doc = extract(data, options=options)
    outcome = {"error": None, "text": doc.text[:100]}
except Exception as exc:
    outcome = {"error": type(exc).__name__, "limit": getattr(exc, "limit", None), "message": str(exc)}
outcome["seconds"] = time.perf_counter() - started
_stop_server()  # reaps the server, which reaped its workers: their peaks are now counted
outcome["worker_peak_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
outcome["parent_growth_mib"] = (resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before) / 1024
print(json.dumps(outcome))
"""


def _run(tmp_path: Path, data: bytes, **options: Any) -> dict[str, Any]:
    path = tmp_path / "input.bin"
    path.write_bytes(data)
    env = dict(
        os.environ, PYTHONPATH=os.pathsep.join([str(REPO), os.environ.get("PYTHONPATH", "")])
    )
    done = subprocess.run(
        [sys.executable, "-c", _RUNNER, str(path), ExtractOptions(**options).model_dump_json()],
        capture_output=True,
        text=True,
        env=env,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr
    outcome: dict[str, Any] = json.loads(done.stdout.strip().splitlines()[-1])
    return outcome


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="max_memory is enforced on Linux")
def test_pdf_stream_bomb_stops_at_max_memory(tmp_path: Path) -> None:
    # ~7 KB of PDF whose content stream inflates to 1 GiB of text operators:
    # without a cap the worker passed 6 GB of RSS before its timeout.
    data = pdf_stream_bomb(1024)
    assert len(data) < 30_000
    outcome = _run(tmp_path, data, max_memory=256 * MIB, timeout=120)
    assert outcome["error"] == "ResourceLimitError", outcome
    assert outcome["limit"] == "max_memory"
    assert "max_memory" in outcome["message"]
    assert outcome["seconds"] < 100  # the cap fired, not the timeout
    assert outcome["worker_peak_mib"] < 256 + 384  # the cap plus a warm worker's baseline
    assert outcome["parent_growth_mib"] < 64  # the parent is unharmed


def test_xlsx_far_corner_is_refused_from_its_xml(tmp_path: Path) -> None:
    pytest.importorskip("docling", reason="the docling backend ([office] extra) is not installed")
    # One cell in A1 and one in XFD1048576: readers visit 17 billion cells.
    data = xlsx_far_corner()
    assert len(data) < 10_000
    outcome = _run(tmp_path, data, timeout=120)
    assert outcome["error"] == "ResourceLimitError", outcome
    assert outcome["limit"] == "max_sheet_cells"
    assert "16384 columns" in outcome["message"]
    assert outcome["seconds"] < 100
    # Refused before openpyxl loaded the sheet: no worker grew past a docling import.
    assert outcome["worker_peak_mib"] < 1024


def test_sheet_limit_lets_real_workbooks_through() -> None:
    pytest.importorskip("docling", reason="the docling backend ([office] extra) is not installed")
    openpyxl = pytest.importorskip("openpyxl")
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for row in range(1, 41):
        sheet.append([f"r{row}c{col}" for col in range(1, 6)])
    sheet.merge_cells("A41:E41")  # merged, no value: does not count
    sheet["Z1048000"].number_format = "0.00"  # styled, no value: does not count either
    out = io.BytesIO()
    book.save(out)
    doc = extract(out.getvalue())
    assert "r40c5" in doc.text
    with pytest.raises(ResourceLimitError) as info:
        extract(out.getvalue(), options=ExtractOptions(max_sheet_cells=40 * 5 - 1))
    assert info.value.limit == "max_sheet_cells"
    assert info.value.actual == 40 * 5


@pytest.mark.parametrize("value", [math.inf, -math.inf, math.nan, 1e10, 0, -1])
def test_timeout_is_validated_at_the_edge(value: float) -> None:
    # inf and 1e10 once passed and then overflowed an OS timer inside a batch.
    with pytest.raises(ValidationError):
        ExtractOptions(timeout=value)


def test_isolated_paths_have_default_limits() -> None:
    options = ExtractOptions()
    assert options.max_memory == DEFAULT_MAX_MEMORY
    assert options.worker_timeout == DEFAULT_ISOLATED_TIMEOUT
    assert not options.isolated  # extract() stays in-process by default
    assert ExtractOptions(max_memory=512 * MIB).isolated  # a cap needs a worker
    assert not ExtractOptions(max_memory=None).isolated
    assert ExtractOptions(timeout=5).worker_timeout == 5


def test_explicit_max_memory_runs_in_a_worker() -> None:
    # A cap cannot be enforced in the caller's own process: extract() isolates.
    started = time.perf_counter()
    doc = extract(b"# Title\n\nBody.", backend="text", options=ExtractOptions(max_memory=256 * MIB))
    assert doc.blocks[0].text == "Title"
    assert time.perf_counter() - started < 60


def _zip(members: list[tuple[str, bytes, int]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data, method in members:
            archive.writestr(zipfile.ZipInfo(name), data, compress_type=method)
    return out.getvalue()


def _corrupt_member(data: bytes, name: str) -> bytes:
    """Overwrite the start of member ``name``'s data with bytes that do not inflate."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        info = archive.getinfo(name)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    return data[:start] + b"\xff" * 8 + data[start + 8 :]  # block type 3: reserved


def test_deflated_mimetype_that_does_not_inflate_is_corrupt() -> None:
    epub = _zip(
        [
            ("mimetype", b"application/epub+zip", zipfile.ZIP_DEFLATED),
            ("META-INF/container.xml", b"<container/>", zipfile.ZIP_STORED),
        ]
    )
    broken = _corrupt_member(epub, "mimetype")
    with pytest.raises(CorruptDocumentError):
        extract(broken)


def test_encrypted_mimetype_is_an_encrypted_document() -> None:
    epub = bytearray(
        _zip(
            [
                ("mimetype", b"application/epub+zip", zipfile.ZIP_STORED),
                ("META-INF/container.xml", b"<container/>", zipfile.ZIP_STORED),
            ]
        )
    )
    # Set the "encrypted" flag bit in the local header and the central directory.
    for signature, offset in ((b"PK\x03\x04", 6), (b"PK\x01\x02", 8)):
        at = bytes(epub).index(signature)
        epub[at + offset] |= 0x1
    with pytest.raises(EncryptedDocumentError):
        extract(bytes(epub))


def test_undecodable_file_name_in_a_document(tmp_path: Path) -> None:
    if sys.platform != "linux":
        pytest.skip("needs a file system that takes arbitrary bytes in names")
    path = os.fsencode(tmp_path) + b"/caf\xe9.md"  # Latin-1, not UTF-8
    with open(path, "wb") as handle:
        handle.write(b"# Title\n\nBody.")
    doc = extract(os.fsdecode(path))
    assert doc.source.name == "caf\ufffd.md"
    assert json.loads(doc.to_json())["source"]["name"] == "caf\ufffd.md"
