"""Per-job notes in Redis so that overlapping or repeated runs of a job call back once.

A callback and BullMQ's move to *completed* (or *failed*) cannot be one atomic
step, and a run of a job does not stop when its lock is lost: Redis away for
longer than ``lock_duration_ms`` (a restart, a pause) lets BullMQ's stalled-job
check hand the job to another slot or worker while the first run is still
calling back. So every callback goes through :meth:`DeliveryLedger.deliver_once`:

- a *claim* (``SET NX`` with a short expiry, renewed while the callback is in
  flight) makes runs of the same job take turns;
- a *record* of the delivered callback (the job's summary, or the failure that
  was reported) makes every later run return it instead of calling back again.

Runs that find the claim taken wait until the record appears (or the claim
expires, its holder having died). Only a worker killed between the receiver's
answer and the record can still deliver twice (at-least-once): receivers
should treat ``(document_id, job_id)`` as the idempotency key.

Keys are ``<prefix>:<queue>:<job id>:<job timestamp>:ragbase-delivered`` (and
``...:ragbase-delivering``): the job's creation time keeps a job re-added later
under the same custom id from inheriting an old record.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from typing import TYPE_CHECKING, Any, Final

from redis.exceptions import RedisError

from ._logging import get_logger

if TYPE_CHECKING:
    from collections.abc import AsyncIterator, Awaitable, Callable

    from redis.asyncio import Redis

__all__ = ["DeliveryLedger"]

_TTL_SECONDS: Final = 7 * 24 * 3600
_CLAIM_MS: Final = 10_000
"""A claim's expiry; renewed every third of it while its callback is in flight."""
_POLL: Final = 0.1
"""Seconds between looks at a claim held by another run."""

_RENEW: Final = (
    "if redis.call('GET', KEYS[1]) == ARGV[1] then "
    "return redis.call('PEXPIRE', KEYS[1], ARGV[2]) end return 0"
)
_RELEASE: Final = (
    "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"
)


class DeliveryLedger:
    """The claim and the record of one job's callback, in the queue's Redis."""

    def __init__(self, client: Redis, prefix: str, queue: str, patience: float = 120.0):
        self._client = client
        self._base = f"{prefix}:{queue}"
        self._patience = patience

    def _key(self, job: str, suffix: str = "delivered") -> str:
        return f"{self._base}:{job}:ragbase-{suffix}"

    async def recall(self, job: str) -> dict[str, Any] | None:
        """What was recorded when this job's callback was delivered, if it was.

        ``job`` is the job's id and creation timestamp (``"<id>:<timestamp>"``).

        Raises:
            redis.exceptions.RedisError: Redis stayed away past the patience.
        """
        raw = await self._patiently(lambda: self._client.get(self._key(job)))
        if raw is None:
            return None
        found: dict[str, Any] = json.loads(raw)
        return found

    async def deliver_once(
        self, job: str, send: Callable[[], Awaitable[dict[str, Any]]]
    ) -> tuple[dict[str, Any], bool]:
        """Run ``send`` (call back; returns what to record) unless a run of ``job`` did.

        Returns:
            The record, and whether this call sent it (false: an earlier or
            concurrent run of the same job had).

        Raises:
            redis.exceptions.RedisError: Redis stayed away past the patience.
            Exception: Whatever ``send`` raises; the claim is released first.
        """
        token = uuid.uuid4().hex
        while True:
            recorded = await self.recall(job)
            if recorded is not None:
                return recorded, False
            if await self._claim(job, token):
                break
            await asyncio.sleep(_POLL)  # another run of this job is calling back
        try:
            async with self._renewing(job, token):
                # Recorded between our look and our claim: the holder finished.
                recorded = await self.recall(job)
                if recorded is not None:
                    return recorded, False
                record = await send()
            if not await self._record(job, record):  # a re-run would call back again
                get_logger().warning("ledger.unwritten", job=job)
            return record, True
        finally:
            with contextlib.suppress(RedisError, OSError):
                await self._client.eval(_RELEASE, 1, self._key(job, "delivering"), token)

    async def _claim(self, job: str, token: str) -> bool:
        key = self._key(job, "delivering")
        return bool(
            await self._patiently(lambda: self._client.set(key, token, nx=True, px=_CLAIM_MS))
        )

    @contextlib.asynccontextmanager
    async def _renewing(self, job: str, token: str) -> AsyncIterator[None]:
        async def renew() -> None:
            while True:
                await asyncio.sleep(_CLAIM_MS / 3000)
                with contextlib.suppress(RedisError, OSError):  # away: try again next time
                    await self._client.eval(
                        _RENEW, 1, self._key(job, "delivering"), token, _CLAIM_MS
                    )

        task = asyncio.ensure_future(renew())
        try:
            yield
        finally:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    async def _record(self, job: str, record: dict[str, Any]) -> bool:
        body = json.dumps(record, sort_keys=True)
        try:
            await self._patiently(lambda: self._client.set(self._key(job), body, ex=_TTL_SECONDS))
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
                delay = min(delay * 2, 1.0)
