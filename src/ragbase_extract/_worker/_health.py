"""A tiny HTTP server for probes and Prometheus: ``/healthz``, ``/readyz``, ``/metrics``.

Plain asyncio streams, so the worker needs no web framework; it answers GET
only, one request per connection.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Awaitable, Callable

    from ._metrics import Metrics

__all__ = ["HealthServer"]

_MAX_REQUEST_LINE = 8192


class HealthServer:
    """Serves liveness (``/healthz``), readiness (``/readyz``) and ``/metrics``.

    ``ready`` is awaited on each ``/readyz``: true when the worker is taking jobs
    and Redis answers.
    """

    def __init__(self, metrics: Metrics, ready: Callable[[], Awaitable[bool]]) -> None:
        self._metrics = metrics
        self._ready = ready
        self._server: asyncio.Server | None = None

    async def start(self, host: str, port: int) -> int:
        """Listen on ``host:port`` (``0``: a free port); returns the bound port."""
        self._server = await asyncio.start_server(self._handle, host, port)
        sockets = self._server.sockets
        return int(sockets[0].getsockname()[1])

    async def close(self) -> None:
        """Stop listening."""
        if self._server is not None:
            self._server.close()
            await self._server.wait_closed()

    async def _respond(self, path: str) -> tuple[int, str, str]:
        if path == "/healthz":
            return 200, "text/plain", "ok\n"
        if path == "/readyz":
            ready = await self._ready()
            return (200, "text/plain", "ready\n") if ready else (503, "text/plain", "not ready\n")
        if path == "/metrics":
            return 200, "text/plain; version=0.0.4", self._metrics.render()
        return 404, "text/plain", "not found\n"

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            line = await asyncio.wait_for(reader.readline(), timeout=5)
            parts = line[:_MAX_REQUEST_LINE].decode("latin-1").split()
            if len(parts) < 2 or parts[0] != "GET":
                status, kind, body = 405, "text/plain", "GET only\n"
            else:
                status, kind, body = await self._respond(parts[1].split("?", 1)[0])
            data = body.encode()
            head = (
                f"HTTP/1.1 {status} {'OK' if status == 200 else 'Error'}\r\n"
                f"Content-Type: {kind}\r\nContent-Length: {len(data)}\r\n"
                "Connection: close\r\n\r\n"
            )
            writer.write(head.encode() + data)
            await writer.drain()
        except (TimeoutError, ConnectionError):
            return  # a probe that hung up or never spoke: nothing to answer
        finally:
            writer.close()
