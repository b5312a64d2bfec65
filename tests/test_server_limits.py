"""The server's limits and token: 413, 429, 503 and 401/403 as clear JSON, and the server keeps serving."""

from __future__ import annotations

import copy
import os
import socket
import subprocess
import sys
import threading

import httpx
import pytest
from server_harness import client, running_server

from coach.server import Settings, SettingsError
from coach.server.limits import ApiError, RateLimiter
from coach.server.settings import check_listen, is_loopback, settings_from_env


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def test_rate_limiter_window_slides():
    clock = FakeClock()
    limiter = RateLimiter(2, 60, clock=clock)
    limiter.check("a")
    clock.now += 30
    limiter.check("a")
    with pytest.raises(ApiError) as over:
        limiter.check("a")
    assert over.value.status == 429 and over.value.headers["Retry-After"] == "30"
    limiter.check("b")  # per client
    clock.now += 30.5  # the first request has left the window
    limiter.check("a")


def test_rate_limiter_stays_bounded():
    clock = FakeClock()
    limiter = RateLimiter(1, 10, clock=clock, max_clients=3)
    for i in range(10):
        limiter.check(f"client-{i}")
        clock.now += 1
    assert len(limiter._hits) <= 3


def test_rate_limit_over_http(coach_full):
    with running_server(Settings(rate_limit=3, rate_window=3600), coach_full) as url, client(url) as http:
        assert [http.get("/v1/rules").status_code for _ in range(3)] == [200] * 3
        over = http.post("/v2/check", data={"language": "en-US", "text": "Hello."})
        assert over.status_code == 429
        assert "3 per 3600 seconds" in over.json()["error"] and int(over.headers["retry-after"]) > 0
        assert http.get("/healthz").status_code == 200  # health checks are never limited


def test_request_and_text_size_limits(coach_full):
    settings = Settings(max_text_chars=200, max_body_bytes=4096, max_upload_bytes=8192)
    with running_server(settings, coach_full) as url, client(url) as http:
        long_text = http.post("/v1/analyse", json={"text": "Hello there. " * 20})
        assert long_text.status_code == 413 and "limit is 200" in long_text.json()["error"]
        lt_long = http.post("/v2/check", data={"language": "en-US", "text": "a" * 201})
        assert lt_long.status_code == 413
        big = http.post("/v1/analyse", json={"text": "x" * 5000})
        assert big.status_code == 413 and "4,096 bytes" in big.json()["error"]

        def chunks():  # no Content-Length: the limit counts bytes as they arrive
            yield b'{"text": "'
            for _ in range(10):
                yield b"y" * 1000
            yield b'"}'

        chunked = http.post("/v1/analyse", content=chunks(), headers={"content-type": "application/json"})
        assert chunked.status_code == 413
        upload = http.post("/v1/review", files=[("files", ("a.txt", b"Hello. " * 2000))])
        assert upload.status_code == 413 and "8,192 bytes" in upload.json()["error"]
        ok = http.post("/v1/analyse", json={"text": "Obviously the DHCP is down."})
        assert ok.status_code == 200  # and the server goes on


class Gate:
    """A coach whose analyses wait until the test opens the gate (no sleeping, no timing guesses)."""

    def __init__(self, coach):
        self.entered = threading.Event()
        self.release = threading.Event()
        self.coach = copy.copy(coach)
        real = coach.report

        def report(doc, audience, **kwargs):
            if "SLOW" in doc.text:
                self.entered.set()
                self.release.wait(60)
            return real(doc, audience, **kwargs)

        self.coach.report = report


def test_check_time_limit_answers_503_and_keeps_serving(coach_full):
    gate = Gate(coach_full)
    with running_server(Settings(check_timeout=2), gate.coach) as url, client(url) as http:
        slow = http.post("/v1/analyse", json={"text": "SLOW: obviously the DHCP is down."})
        assert slow.status_code == 503
        assert "longer than this server's limit of 2 seconds" in slow.json()["error"]
        lt_slow = http.post("/v2/check", data={"language": "en-US", "text": "SLOW: hello there."})
        assert lt_slow.status_code == 503
        gate.release.set()
        assert http.get("/v1/rules").status_code == 200
        assert http.post("/v1/analyse", json={"text": "Obviously the DHCP is down."}).status_code == 200


def test_waiting_in_the_queue_does_not_count_against_the_time_limit(coach_full):
    gate = Gate(coach_full)
    settings = Settings(workers=1, check_timeout=2, max_pending=8)
    with running_server(settings, gate.coach) as url, client(url) as one, client(url) as two:
        answers: dict[str, httpx.Response] = {}
        slow = threading.Thread(
            target=lambda: answers.setdefault("slow", one.post("/v1/analyse", json={"text": "SLOW."}))
        )
        slow.start()
        assert gate.entered.wait(60)  # the only worker is now held
        queued = threading.Thread(
            target=lambda: answers.setdefault("queued", two.post("/v1/analyse", json={"text": "Obviously the DHCP."}))
        )
        queued.start()
        slow.join(60)  # the held check runs out of time while the other waits its turn
        assert answers["slow"].status_code == 503
        gate.release.set()  # the worker comes free; the queued check now gets its own 2 seconds
        queued.join(60)
        assert answers["queued"].status_code == 200, answers["queued"].text


def test_busy_server_answers_503_then_recovers(coach_full):
    gate = Gate(coach_full)
    settings = Settings(workers=1, max_pending=1, check_timeout=60)
    with running_server(settings, gate.coach) as url, client(url) as http, client(url) as other:
        result: dict[str, httpx.Response] = {}
        first = threading.Thread(
            target=lambda: result.setdefault("r", other.post("/v1/analyse", json={"text": "SLOW first draft."}))
        )
        first.start()
        assert gate.entered.wait(60)
        busy = http.post("/v1/analyse", json={"text": "Second draft."})
        assert busy.status_code == 503 and "busy" in busy.json()["error"]
        gate.release.set()
        first.join(60)
        assert result["r"].status_code == 200 and result["r"].json()["text"] == "SLOW first draft."


def test_token_is_required_when_set(coach_full):
    with running_server(Settings(token="s3cret-token"), coach_full) as url, client(url) as http:
        assert http.get("/healthz").json()["token_required"] is True
        missing = http.post("/v1/analyse", json={"text": "Hello there."})
        assert missing.status_code == 401 and "Bearer" in missing.json()["error"]
        wrong = http.get("/v1/rules", headers={"Authorization": "Bearer nope"})
        assert wrong.status_code == 403
        assert http.get("/v1/rules", headers={"Authorization": "Bearer s3cret-token"}).status_code == 200
        assert http.get("/v2/languages", headers={"X-API-Key": "s3cret-token"}).status_code == 200
        lt_missing = http.post("/v2/check", data={"language": "en-US", "text": "Hello there."})
        assert lt_missing.status_code == 401
        lt_key = http.post("/v2/check", data={"language": "en-US", "text": "Hello.", "apiKey": "s3cret-token"})
        assert lt_key.status_code == 200 and "matches" in lt_key.json()  # LanguageTool clients send apiKey


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost"])
def test_loopback_needs_no_token(host):
    assert is_loopback(host)
    check_listen(host, Settings())


@pytest.mark.parametrize("host", ["0.0.0.0", "::", "192.168.1.20", "example.com"])
def test_other_addresses_need_a_token(host):
    assert not is_loopback(host)
    with pytest.raises(SettingsError, match="COACH_API_TOKEN"):
        check_listen(host, Settings())
    check_listen(host, Settings(token="t"))


def test_settings_from_env(monkeypatch):
    monkeypatch.setenv("COACH_API_TOKEN", " tok ")
    monkeypatch.setenv("COACH_API_RATE_LIMIT", "7")
    settings = settings_from_env(check_timeout=3.0)
    assert (settings.token, settings.rate_limit, settings.check_timeout) == ("tok", 7, 3.0)
    monkeypatch.setenv("COACH_API_RATE_LIMIT", "lots")
    with pytest.raises(SettingsError, match="COACH_API_RATE_LIMIT"):
        settings_from_env()
    with pytest.raises(SettingsError):
        Settings(max_text_chars=10**9)


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "COACH_API_TOKEN"}
    env["PYTHONUNBUFFERED"] = "1"
    return env


def test_cli_refuses_a_public_address_without_a_token():
    run = subprocess.run(
        [sys.executable, "-m", "coach", "serve", "--host", "0.0.0.0", "--port", "9"],
        capture_output=True,
        text=True,
        env=_env(),
        timeout=120,
    )
    assert run.returncode == 2 and "COACH_API_TOKEN" in run.stderr


def test_cli_serve_starts_on_loopback():
    with socket.socket() as probe:  # a port free a moment ago
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    proc = subprocess.Popen(
        [sys.executable, "-m", "coach", "serve", "--port", str(port), "--rate-limit", "5"],
        stderr=subprocess.PIPE,
        stdout=subprocess.DEVNULL,
        text=True,
        env=_env(),
    )
    try:
        assert proc.stderr is not None
        seen = []
        for line in proc.stderr:  # blocks until uvicorn logs; ends if the process dies
            seen.append(line)
            if "Uvicorn running on" in line:
                break
        assert f"http://127.0.0.1:{port}" in "".join(seen), "".join(seen)
        health = httpx.get(f"http://127.0.0.1:{port}/healthz", timeout=60, trust_env=False).json()
        assert health["status"] == "ok" and health["limits"]["rate_limit"] == 5
    finally:
        proc.terminate()
        proc.wait(timeout=60)


def test_a_failing_check_is_a_json_500_and_the_server_goes_on(coach_full):
    broken = copy.copy(coach_full)
    real = coach_full.report

    def report(doc, audience, **kwargs):
        if "CRASH" in doc.text:
            raise RuntimeError("analyser bug")
        return real(doc, audience, **kwargs)

    broken.report = report
    with running_server(Settings(), broken) as url, client(url) as http:
        crash = http.post("/v1/analyse", json={"text": "CRASH please."})
        assert crash.status_code == 500 and crash.json()["error"].startswith("internal error (RuntimeError)")
        assert http.post("/v1/analyse", json={"text": "Obviously the DHCP is down."}).status_code == 200


def test_the_gate_turns_clients_away_before_reading_the_upload(coach_full):
    settings = Settings(token="s3cret-token", rate_limit=2, rate_window=3600)
    with running_server(settings, coach_full) as url, client(url) as http:
        garbage = b"not multipart at all " * 1000  # parsing it would be a 400: the gate answers first
        refused = http.post("/v1/review", content=garbage, headers={"content-type": "multipart/form-data; boundary=x"})
        assert refused.status_code == 401
        parsed = http.post(
            "/v1/review",
            content=garbage,
            headers={"content-type": "multipart/form-data; boundary=x", "X-API-Key": "s3cret-token"},
        )
        assert parsed.status_code in (400, 422) and parsed.json()["error"]
        limited = http.post(
            "/v1/review", files=[("files", ("a.txt", b"Hello."))], headers={"X-API-Key": "s3cret-token"}
        )
        assert limited.status_code == 429 and "retry-after" in limited.headers
