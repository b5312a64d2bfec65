"""A Streamlit server on a free loopback port and Debian's chromium, for the real-browser tests.

`tests/conftest.py` builds one of each per test process (session fixtures `app_url` and `browser`),
shared by tests/test_browser*.py, which xdist keeps together on one worker (the `browser-app` group).
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Seconds for the server to answer its health check and for a fresh server's first page (90 s ran out at load 20).
STARTUP_TIMEOUT = 180.0


def free_port() -> int:
    """Return a TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(url: str, server: subprocess.Popen, timeout: float) -> None:
    """Poll the health endpoint until it answers ok, the server dies, or timeout passes."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"streamlit exited with {server.returncode}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        time.sleep(0.2)  # poll interval, not a wait for readiness
    raise TimeoutError(f"{url} did not answer within {timeout:.0f}s")


@contextmanager
def serve_streamlit(env: dict[str, str], log_path: Path) -> Iterator[str]:
    """Serve app.py on a free loopback port with env, logging to log_path; yield its URL once healthy."""
    port = free_port()
    command = [sys.executable, "-m", "streamlit", "run", "app.py", "--server.port", str(port)]
    command += ["--server.headless", "true", "--server.address", "127.0.0.1"]
    with log_path.open("w") as log:
        server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
        try:
            wait_healthy(f"http://127.0.0.1:{port}/_stcore/health", server, STARTUP_TIMEOUT)
            yield f"http://127.0.0.1:{port}/"
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()


@contextmanager
def serve_app(private: Path, log_path: Path) -> Iterator[str]:
    """Serve app.py on a free port with its allow lists, aliases and history in private; yield its URL."""
    env = {
        **os.environ,
        "STREAMLIT_BROWSER_GATHER_USAGE_STATS": "false",
        "COACH_ALLOWLIST": str(private / "allowlist.json"),
        "COACH_ALIASES": str(private / "aliases.json"),
        "COACH_HISTORY_DB": str(private / "history.sqlite3"),
    }
    with serve_streamlit(env, log_path) as url:
        yield url
