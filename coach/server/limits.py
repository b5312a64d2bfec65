"""Limits that keep one client from starving the others: request size, rate and check time.

Like LanguageTool's server (its requestLimit, maxTextLength and maxCheckTimeMillis
settings): a request over a limit gets a clear JSON error (413, 429 or 503) and
the server goes on serving everyone else.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from collections import deque
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")
Send = Callable[[dict[str, Any]], Any]


class ApiError(Exception):
    """A request the server answers with an error: over a limit (413, 429, 503), refused (401, 403) or failed."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None):
        super().__init__(message)
        self.status = status
        self.message = message
        self.headers = headers or {}


class RateLimiter:
    """Allow at most `limit` requests per client in any `window` seconds (a sliding window)."""

    def __init__(
        self, limit: int, window: float, clock: Callable[[], float] = time.monotonic, max_clients: int = 10_000
    ):
        self.limit, self.window, self.clock, self.max_clients = limit, window, clock, max_clients
        self._hits: dict[str, deque[float]] = {}
        self._lock = threading.Lock()

    def check(self, client: str) -> None:
        """Count one request from client, or raise ApiError (429) when it is over the limit."""
        if self.limit <= 0:
            return
        now = self.clock()
        with self._lock:
            hits = self._hits.get(client)
            if hits is None:
                if len(self._hits) >= self.max_clients:
                    self._forget_idle(now)
                hits = self._hits[client] = deque()
            while hits and hits[0] <= now - self.window:
                hits.popleft()
            if len(hits) >= self.limit:
                retry = max(1, int(hits[0] + self.window - now + 0.999))
                raise ApiError(
                    429,
                    f"too many requests: the limit is {self.limit} per {self.window:g} seconds per client; "
                    f"try again in {retry} s",
                    {"Retry-After": str(retry)},
                )
            hits.append(now)

    def _forget_idle(self, now: float) -> None:
        for client in [c for c, h in self._hits.items() if not h or h[-1] <= now - self.window]:
            del self._hits[client]
        if len(self._hits) >= self.max_clients:  # all active: drop the oldest to stay bounded
            del self._hits[next(iter(self._hits))]


class Checker:
    """Run analyses in worker threads, each bounded by a time limit and a queue limit."""

    def __init__(self, workers: int, timeout: float, max_pending: int):
        self.timeout, self.max_pending = timeout, max_pending
        self._pool = ThreadPoolExecutor(max_workers=workers, thread_name_prefix="coach-check")
        self._pending = 0
        self._lock = threading.Lock()

    async def run(self, fn: Callable[..., T], *args: Any) -> T:
        """Return fn(*args) run in a worker, or raise ApiError (503) when busy or too slow.

        The time limit counts from when a worker starts the check, so a burst of
        requests waiting their turn is not failed for waiting (the queue itself is
        bounded by max_pending).
        """
        with self._lock:
            if self._pending >= self.max_pending:
                raise ApiError(503, f"the server is busy ({self.max_pending} checks waiting); try again shortly")
            self._pending += 1
        loop = asyncio.get_running_loop()
        started = asyncio.Event()

        def job() -> T:
            loop.call_soon_threadsafe(started.set)
            return fn(*args)

        future = self._pool.submit(job)
        future.add_done_callback(self._done)
        result = asyncio.wrap_future(future)
        starting = asyncio.ensure_future(started.wait())
        waiters: set[asyncio.Future[Any]] = {starting, result}
        try:
            await asyncio.wait(waiters, return_when=asyncio.FIRST_COMPLETED)
            return await asyncio.wait_for(result, self.timeout)
        except TimeoutError:
            raise ApiError(
                503, f"the check took longer than this server's limit of {self.timeout:g} seconds; send a shorter text"
            ) from None
        finally:
            starting.cancel()
            if not future.done():
                future.cancel()  # drops it if still queued (the client left); a running check ends on its own

    def _done(self, _future: object) -> None:
        with self._lock:
            self._pending -= 1

    def close(self) -> None:
        """Stop the worker threads (running checks finish first)."""
        self._pool.shutdown(wait=False, cancel_futures=True)


class BodyLimit:
    """ASGI middleware answering 413 when a request body is bigger than its path's limit.

    A declared Content-Length over the limit is refused before reading (the
    HTTP server holds the client to the length it declared). A body without
    one (chunked) is read here up to the limit, then handed on, so it cannot
    slip past either.
    """

    def __init__(self, app: Any, limit_for: Callable[[str], int]):
        self.app, self.limit_for = app, limit_for

    async def __call__(self, scope: dict[str, Any], receive: Callable[[], Any], send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.limit_for(scope.get("path", ""))
        declared = dict(scope.get("headers") or []).get(b"content-length")
        if declared is not None:
            if not declared.isdigit() or int(declared) > limit:
                await send_json(send, 413, too_large(limit))
                return
            await self.app(scope, receive, send)
            return
        chunks, size, more = [], 0, True
        while more:
            message = await receive()
            if message["type"] != "http.request":  # the client went away
                return
            chunks.append(message.get("body", b""))
            size += len(chunks[-1])
            more = message.get("more_body", False)
            if size > limit:
                await send_json(send, 413, too_large(limit))
                return
        body = b"".join(chunks)
        replayed = False

        async def replay() -> Any:
            nonlocal replayed
            if not replayed:
                replayed = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)


def too_large(limit: int) -> str:
    """Return the 413 message naming the limit."""
    return f"request too large: the limit is {limit:,} bytes ({limit / 1024 / 1024:.1f} MB)"


async def send_json(send: Send, status: int, message: str, extra: dict[str, str] | None = None) -> None:
    """Send a complete JSON error response from ASGI middleware."""
    body = json.dumps({"error": message, "status": status}).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    headers += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in (extra or {}).items()]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})
