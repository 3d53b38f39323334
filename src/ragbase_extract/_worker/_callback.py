"""Signed HTTP callbacks with retries: exponential backoff and full jitter.

Connection errors, timeouts, 5xx, 408 and 429 are retried; any other 4xx is
final (the receiver rejected this body and will reject it again).
"""

from __future__ import annotations

import asyncio
import hashlib
import hmac
import random
from dataclasses import dataclass
from typing import TYPE_CHECKING

import httpx

if TYPE_CHECKING:
    from collections.abc import Callable

__all__ = [
    "SIGNATURE_HEADER",
    "CallbackRejectedError",
    "CallbackUndeliveredError",
    "RetryPolicy",
    "deliver",
    "sign",
]

SIGNATURE_HEADER = "X-Ragbase-Signature"
"""Header carrying ``sha256=<hex HMAC-SHA256 of the raw body>``."""

_RETRYABLE_4XX = frozenset({408, 429})


class CallbackRejectedError(Exception):
    """The receiver answered with a final 4xx: retrying the same body is pointless."""

    def __init__(self, status: int) -> None:
        super().__init__(f"callback rejected with HTTP {status}")
        self.status = status


class CallbackUndeliveredError(Exception):
    """Every attempt failed with a connection error, a timeout or a retryable status."""


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    """How often and how patiently to retry one callback."""

    attempts: int = 8
    backoff: float = 0.5
    backoff_max: float = 30.0
    timeout: float = 30.0

    def delay(self, retry: int, rand: Callable[[], float] = random.random) -> float:
        """Seconds before retry ``retry`` (1-based): full jitter over a doubling cap."""
        cap = min(self.backoff_max, self.backoff * 2 ** (retry - 1))
        return float(cap * rand())


def sign(secret: bytes, body: bytes) -> str:
    """The signature header's value for ``body``.

    Example:
        >>> sign(b"key", b"{}")[:7]
        'sha256='
    """
    return "sha256=" + hmac.new(secret, body, hashlib.sha256).hexdigest()


def _retryable(status: int) -> bool:
    return status >= 500 or status in _RETRYABLE_4XX


async def deliver(
    client: httpx.AsyncClient,
    url: str,
    body: bytes,
    *,
    secret: bytes | None,
    policy: RetryPolicy,
    headers: dict[str, str] | None = None,
) -> int:
    """POST ``body`` to ``url`` until a 2xx/3xx, a final 4xx, or attempts run out.

    Returns:
        The HTTP status of the accepted response.

    Raises:
        CallbackRejectedError: A 4xx other than 408 or 429.
        CallbackUndeliveredError: All attempts failed.
    """
    sent = {"Content-Type": "application/json", **(headers or {})}
    if secret is not None:
        sent[SIGNATURE_HEADER] = sign(secret, body)
    last = "no attempt made"
    for attempt in range(1, policy.attempts + 1):
        if attempt > 1:
            await asyncio.sleep(policy.delay(attempt - 1))
        try:
            response = await client.post(url, content=body, headers=sent, timeout=policy.timeout)
        except httpx.TransportError as exc:  # connect, read, timeouts, protocol errors
            last = f"{type(exc).__name__}: {exc}"
            continue
        if response.status_code < 400:
            return response.status_code
        if not _retryable(response.status_code):
            raise CallbackRejectedError(response.status_code)
        last = f"HTTP {response.status_code}"
    raise CallbackUndeliveredError(
        f"callback to {url} failed {policy.attempts} times; last: {last}"
    )
