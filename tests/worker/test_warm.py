"""The worker's warm pool of extraction children (no Redis needed).

Real children forked by the library's worker server, running the scripted
backend of the isolation tests: warm across jobs, retired after N jobs, killed
at each job's own timeout, replaced after a crash, never blocking the loop.
"""

from __future__ import annotations

import asyncio
import time
from pathlib import Path

import pytest

from ragbase_extract._errors import ExtractionCrashedError, ExtractionTimeoutError
from ragbase_extract._isolation._spawner import available, server_pid
from ragbase_extract._options import ExtractOptions
from ragbase_extract._worker._warm import WarmPool
from tests._hanging_backend import ScriptedBackend

SCRIPTED = ScriptedBackend()
pytestmark = pytest.mark.skipif(not available(), reason="needs the fork-based worker server")


def _children() -> set[int]:
    """The processes forked by this test process's worker server: the pool's children."""
    server = server_pid()
    found = set()
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:  # the process exited meanwhile
            continue
        if int(fields[1]) == server and fields[0] != "Z":
            found.add(int(stat.parent.name))
    return found


async def _run(pool: WarmPool, command: str, timeout: float = 30.0) -> str:
    document = await pool.extract(command.encode(), ExtractOptions(timeout=timeout), SCRIPTED)
    return document.text


def test_children_stay_warm_across_jobs_and_retire_after_max_jobs() -> None:
    async def main() -> list[set[int]]:
        pool = WarmPool(1, max_jobs_per_child=3)
        try:
            seen = []
            for i in range(4):
                assert await _run(pool, f"job {i}") == f"job {i}"
                seen.append(_children())
            return seen
        finally:
            pool.close()

    first, second, third, fourth = asyncio.run(main())
    assert len(first) == 1
    assert first == second  # the same child served the second job
    assert third == set()  # retired after its third job
    assert len(fourth) == 1
    assert fourth != first


def test_each_job_has_its_own_timeout_and_crashes_are_replaced() -> None:
    async def main() -> list[object]:
        pool = WarmPool(2, max_jobs_per_child=100)
        try:
            jobs = [
                _run(pool, "hang", timeout=0.5),
                _run(pool, "sleep:1.0", timeout=30),  # longer than the other job's timeout
                _run(pool, "segv"),
            ]
            outcomes: list[object] = list(await asyncio.gather(*jobs, return_exceptions=True))
            outcomes.append(await _run(pool, "after"))
            return outcomes
        finally:
            pool.close()

    hung, slow, crashed, after = asyncio.run(main())
    assert isinstance(hung, ExtractionTimeoutError)
    assert hung.value == 0.5
    assert slow == "sleep:1.0"
    assert isinstance(crashed, ExtractionCrashedError)
    assert after == "after"


def test_the_event_loop_runs_while_children_extract() -> None:
    async def main() -> int:
        pool = WarmPool(1, max_jobs_per_child=100)
        ticks = 0

        async def tick() -> None:
            nonlocal ticks
            while True:
                await asyncio.sleep(0.05)
                ticks += 1

        ticker = asyncio.ensure_future(tick())
        try:
            await _run(pool, "hang-native", timeout=1.0)  # holds the child's GIL
        except ExtractionTimeoutError:
            pass
        finally:
            ticker.cancel()
            pool.close()
        return ticks

    assert asyncio.run(main()) >= 8  # ~20 in a second on an idle machine


def test_a_closed_pool_refuses_and_fails_waiting_jobs() -> None:
    async def main() -> tuple[object, object]:
        pool = WarmPool(1, max_jobs_per_child=100)
        waiting = asyncio.ensure_future(_run(pool, "hang"))
        await asyncio.sleep(0.5)
        started = time.monotonic()
        await asyncio.to_thread(pool.close)
        assert time.monotonic() - started < 5  # the busy child is killed, not awaited
        failed = await asyncio.gather(waiting, return_exceptions=True)
        refused = await asyncio.gather(_run(pool, "ok"), return_exceptions=True)
        return failed[0], refused[0]

    failed, refused = asyncio.run(main())
    assert isinstance(failed, RuntimeError)
    assert "closed" in str(failed)
    assert isinstance(refused, RuntimeError)
    assert "closed" in str(refused)
