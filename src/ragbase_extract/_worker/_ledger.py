"""A per-job note in Redis that the callback was delivered, so a re-run does not repeat it.

A callback and BullMQ's move to *completed* cannot be one atomic step. If the
move fails after the receiver has the result (Redis restarting, the lock lost),
BullMQ runs the job again; the note makes that run return the stored summary
instead of extracting and calling back a second time. Only a worker killed
between the delivery and the note can still deliver twice (at-least-once);
receivers should treat ``(document_id, job_id)`` as the idempotency key.
"""

from __future__ import annotations

import asyncio
import json
import time
from typing import TYPE_CHECKING, Any

from redis.exceptions import RedisError

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from redis.asyncio import Redis

__all__ = ["DeliveryLedger"]

_TTL_SECONDS = 7 * 24 * 3600


class DeliveryLedger:
    """Reads and writes ``<prefix>:<queue>:<job id>:ragbase-delivered``."""

    def __init__(self, client: Redis, prefix: str, queue: str, patience: float = 120.0):
        self._client = client
        self._base = f"{prefix}:{queue}"
        self._patience = patience

    def _key(self, job_id: str) -> str:
        return f"{self._base}:{job_id}:ragbase-delivered"

    async def recall(self, job_id: str) -> dict[str, Any] | None:
        """The summary stored when this job's callback was delivered, if it was.

        Raises:
            redis.exceptions.RedisError: Redis stayed away past the patience.
        """
        raw = await self._patiently(lambda: self._client.get(self._key(job_id)))
        if raw is None:
            return None
        found: dict[str, Any] = json.loads(raw)
        return found

    async def record(self, job_id: str, summary: dict[str, Any]) -> bool:
        """Store ``summary``, retrying while Redis is away; false if it never came back."""
        body = json.dumps(summary, sort_keys=True)
        try:
            await self._patiently(
                lambda: self._client.set(self._key(job_id), body, ex=_TTL_SECONDS)
            )
        except RedisError:
            return False
        return True

    async def _patiently(self, call: Callable[[], Awaitable[Any]]) -> Any:
        # Redis restarting is an outage of seconds: wait it out rather than fail the job.
        deadline = time.monotonic() + self._patience
        delay = 0.1
        while True:
            try:
                return await call()
            except (RedisError, OSError):
                if time.monotonic() + delay > deadline:
                    raise
                await asyncio.sleep(delay)
                delay = min(delay * 2, 2.0)
