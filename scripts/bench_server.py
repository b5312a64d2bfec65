"""Measure the HTTP API on this machine: one request's latency and throughput under 50 parallel clients.

    .venv/bin/python scripts/bench_server.py

Starts the real server (uvicorn, default limits except the rate limit) on a
free loopback port in this process, then prints the median latency of
POST /v1/analyse and POST /v2/check for a 150-word draft (model warm,
sequential, beside coach.analyse in the same process), the answers per second when 50 clients send 200 requests at
once, and the time of a /v1/review upload of 200 messages in one mbox.
"""

from __future__ import annotations

import socket
import statistics
import threading
import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import uvicorn

from coach.server import Settings, create_app
from scripts.bench import time_single, words


def start() -> tuple[str, uvicorn.Server, threading.Thread]:
    """Start the server on a free loopback port and return its URL once it answers."""
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(256)
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(rate_limit=0)), log_level="warning", backlog=256))
    thread = threading.Thread(target=server.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    httpx.get(f"{url}/healthz", timeout=300, trust_env=False).raise_for_status()  # queued until it is ready
    return url, server, thread


def median_ms(send, repeats: int = 30) -> float:
    """Return the median milliseconds of send() after one warm-up call."""
    send()
    times = []
    for _ in range(repeats):
        begin = time.perf_counter()
        send()
        times.append(time.perf_counter() - begin)
    return statistics.median(times) * 1000


def main() -> None:
    """Print the measurements."""
    url, server, thread = start()
    draft = words(150)
    with httpx.Client(base_url=url, timeout=300, trust_env=False) as http:
        v1 = median_ms(lambda: http.post("/v1/analyse", json={"text": draft}).raise_for_status())
        v2 = median_ms(lambda: http.post("/v2/check", data={"language": "en-US", "text": draft}).raise_for_status())
        library = time_single(draft) * 1000
        print(f"coach.analyse in this process, same draft (for comparison): median {library:.0f} ms")
        print(f"POST /v1/analyse, 150-word draft, sequential: median {v1:.0f} ms")
        print(f"POST /v2/check, 150-word draft, sequential: median {v2:.0f} ms")

        texts = [f"{draft} Ref {i}." for i in range(200)]
        begin = time.perf_counter()
        with ThreadPoolExecutor(max_workers=50) as pool:
            statuses = list(pool.map(lambda t: http.post("/v1/analyse", json={"text": t}).status_code, texts))
        elapsed = time.perf_counter() - begin
        print(
            f"POST /v1/analyse, 200 requests from 50 parallel clients: {len(texts) / elapsed:.1f} answers/s, "
            f"{statuses.count(200)} of {len(texts)} answered 200"
        )

        mbox = "".join(
            f"From a@example.com Mon Jan  1 00:00:00 2024\nFrom: a@example.com\nSubject: m{i}\n\n{words(150)}\n\n"
            for i in range(200)
        ).encode()
        begin = time.perf_counter()
        response = http.post("/v1/review", files=[("files", ("archive.mbox", mbox))])
        lines = response.text.count("\n")
        print(f"POST /v1/review, 200 messages in one mbox: {time.perf_counter() - begin:.1f} s ({lines} records)")
    server.should_exit = True
    thread.join(timeout=30)


if __name__ == "__main__":
    main()
