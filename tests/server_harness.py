"""A real uvicorn server on a free loopback port, in a thread, for the HTTP API tests."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import httpx
import uvicorn

from coach import Coach
from coach.server import Settings, create_app


def wait_ready(url: str, attempts: int = 20) -> None:
    """Poll /healthz until the server answers 200 (bounded; each try blocks until the server accepts)."""
    last: Exception | None = None
    for _ in range(attempts):
        try:
            if httpx.get(f"{url}/healthz", timeout=120, trust_env=False).status_code == 200:
                return
        except httpx.TransportError as exc:  # the listening socket queues us until uvicorn accepts
            last = exc
    raise RuntimeError(f"server at {url} never became ready: {last}")


@contextmanager
def running_server(settings: Settings | None = None, coach: Coach | None = None) -> Iterator[str]:
    """Run the API on 127.0.0.1 and a free port; yield its base URL; stop it afterwards."""
    sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind(("127.0.0.1", 0))  # the socket is ours from here on: no race for the port
    sock.listen(256)
    port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(settings, coach), log_level="warning", backlog=256))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{port}"
    try:
        wait_ready(url)
        yield url
    finally:
        server.should_exit = True
        thread.join(timeout=30)
        sock.close()


def client(url: str, **kwargs) -> httpx.Client:
    """Return an httpx client for the server that ignores proxy settings from the environment."""
    return httpx.Client(base_url=url, timeout=120, trust_env=False, **kwargs)
