"""The HTTP API's /v1 endpoints, /healthz and /docs, against a real uvicorn server on loopback."""

from __future__ import annotations

import io
import json
import zipfile
from concurrent.futures import ThreadPoolExecutor

import pytest
from server_harness import client, running_server

from coach.ingest import iter_messages
from coach.review import analyse_stream
from coach.server import Settings

DRAFT = "Obviously the DHCP server was misconfigured by whoever set this up."


@pytest.fixture(scope="module")
def url(coach_full):
    with running_server(Settings(rate_limit=0), coach_full) as base:
        yield base


@pytest.fixture
def http(url):
    with client(url) as c:
        yield c


def test_healthz_says_ok_with_limits(http):
    body = http.get("/healthz").json()
    assert body["status"] == "ok" and body["model_loaded"] is True
    assert body["limits"]["max_text_chars"] == 100_000
    assert body["token_required"] is False


def test_analyse_returns_the_pinned_report(http, coach_full):
    response = http.post("/v1/analyse", json={"text": DRAFT})
    assert response.status_code == 200
    assert response.json() == coach_full.analyse(DRAFT).to_dict()  # the same Report the library gives
    rules = [(f["rule"], f["text"]) for f in response.json()["findings"]]
    assert ("condescension.obviously", "Obviously") in rules and ("jargon.dhcp", "DHCP server") in rules


def test_analyse_audience_and_disable(http):
    technical = http.post("/v1/analyse", json={"text": DRAFT, "audience": "technical"}).json()
    assert technical["audience"] == "technical"
    assert not [f for f in technical["findings"] if f["category"] == "jargon"]
    quiet = http.post("/v1/analyse", json={"text": DRAFT, "disable": ["jargon", "condescension.obviously"]}).json()
    assert {f["category"] for f in quiet["findings"]} == {"blame"}
    assert quiet["scores"]["counts"]["jargon"] == 0


@pytest.mark.parametrize(
    "kwargs, status, says",
    [
        ({"content": b'{"text": "hi",', "headers": {"content-type": "application/json"}}, 400, "not valid JSON"),
        ({"content": bytes(range(256)) * 4, "headers": {"content-type": "application/octet-stream"}}, 415, "JSON"),
        ({"content": b'{"text": "caf\xe9 \xff"}', "headers": {"content-type": "application/json"}}, 400, "UTF-8"),
        ({"json": ["not", "an", "object"]}, 422, "body"),
        ({"json": {"text": "Hello there.", "audience": "martians"}}, 400, "unknown audience 'martians'"),
        ({"json": {"text": "   \n "}}, 400, "nothing to analyse"),
        ({"json": {"audience": "executive"}}, 422, "text"),
        ({"json": {"text": 42}}, 422, "text"),
        ({"json": {"text": "Hello there.", "disable": ["jargon.nonesuch"]}}, 400, "jargon.nonesuch"),
        ({"json": {"text": "x" * 100_001}}, 413, "100,000"),
    ],
)
def test_analyse_bad_input_is_a_clear_json_error(http, kwargs, status, says):
    response = http.post("/v1/analyse", **kwargs)
    assert response.status_code == status
    body = response.json()
    assert body["status"] == status and says in body["error"]
    assert http.get("/healthz").status_code == 200  # and the server goes on


def test_unknown_paths_and_methods_are_json_too(http):
    missing = http.get("/v1/nothing")
    assert missing.status_code == 404 and missing.json() == {"error": "Not Found", "status": 404}
    assert http.get("/v1/analyse").json()["status"] == 405


def test_lone_surrogates_are_replaced_not_fatal(http):
    response = http.post(
        "/v1/analyse", content=b'{"text": "Obviously \\ud800 the DHCP"}', headers={"content-type": "application/json"}
    )
    assert response.status_code == 200 and response.json()["text"] == "Obviously \ufffd the DHCP"


def test_hostile_text_comes_back_as_data(http):
    text = "<script>alert(1)</script> Obviously the </textarea> DHCP is down. 你好 😀"
    response = http.post("/v1/analyse", json={"text": text})
    assert response.headers["content-type"].startswith("application/json")
    assert response.json()["text"] == text


def _mbox(*bodies: str) -> bytes:
    mails = [
        f"From a@example.com Mon Jan  1 00:00:00 2024\nFrom: a@example.com\nSubject: m{i}\n\n{body}\n"
        for i, body in enumerate(bodies)
    ]
    return "\n".join(mails).encode()


def test_review_streams_the_cli_records(http, coach_full, tmp_path, monkeypatch):
    files = {
        "a.txt": b"Obviously the DHCP is down.",
        "b.mbox": _mbox("Per my last email, you should have told us.", "Thanks, the backup finished tonight."),
        "c.txt": b"\x00\x01\x02\xff\xfe binary \x00" * 50,
        "d.exe": b"MZ\x90\x00",
    }
    for name, data in files.items():
        (tmp_path / name).write_bytes(data)
    monkeypatch.chdir(tmp_path)
    expected = list(analyse_stream(coach_full, iter_messages(list(files)), "non-technical"))  # the CLI's code

    upload = [("files", (name, data)) for name, data in files.items()]
    with http.stream("POST", "/v1/review", files=upload) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("application/x-ndjson")
        records = [json.loads(line) for line in response.iter_lines() if line]
    assert records == expected
    assert [r["source"] for r in records][:1] == ["a.txt"] and len(records) == 5
    errors = {r["source"]: r["error"] for r in records if "error" in r}
    assert "binary" in errors["c.txt"] and "unsupported file type" in errors["d.exe"]


def test_review_reads_a_zip_and_takes_the_audience(http):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as zf:
        zf.writestr("one.txt", "Obviously the DHCP is down.")
        zf.writestr("two.txt", "Thank you for your patience while we fixed the printer.")
    response = http.post(
        "/v1/review", files=[("files", ("drafts.zip", buffer.getvalue()))], data={"audience": "technical"}
    )
    records = [json.loads(line) for line in response.text.splitlines()]
    assert [r["source"] for r in records] == ["drafts.zip!one.txt", "drafts.zip!two.txt"]
    assert all(f["category"] != "jargon" for r in records for f in r["findings"])


def test_review_bad_requests(http):
    raw = http.post("/v1/review", content=b"\x00\xff" * 100, headers={"content-type": "application/octet-stream"})
    assert raw.status_code == 415 and "multipart" in raw.json()["error"]
    audience = http.post("/v1/review", files=[("files", ("a.txt", b"Hello."))], data={"audience": "x"})
    assert audience.status_code == 400 and "unknown audience" in audience.json()["error"]


def test_rules_lists_every_rule(http, coach_full):
    rules = http.get("/v1/rules").json()
    ids = [r["id"] for r in rules]
    assert len(ids) == len(set(ids)) == len(coach_full.rule_ids())
    dhcp = next(r for r in rules if r["id"] == "jargon.dhcp")
    assert dhcp["category"] == "jargon" and "{text}" in dhcp["message"] and dhcp["severity"] == "warning"


def test_docs_are_served_without_a_cdn(http):
    page = http.get("/docs")
    assert page.status_code == 200 and "swagger-ui" in page.text
    assert "http://" not in page.text and "https://" not in page.text  # every asset from this server
    assert '"validatorUrl": null' in page.text
    assert http.get("/static-offline-docs/swagger-ui-bundle.js").status_code == 200
    redoc = http.get("/redoc")
    assert redoc.status_code == 200 and "https://" not in redoc.text
    schema = http.get("/openapi.json").json()
    assert {"/v1/analyse", "/v1/review", "/v1/rules", "/v2/check", "/v2/languages", "/healthz"} <= set(schema["paths"])


def test_fifty_parallel_requests_are_all_answered(coach_full):
    texts = [f"Message {i}: obviously the VPN is down again." for i in range(50)]
    with running_server(Settings(), coach_full) as base, client(base) as http:  # default limits

        def send(text: str) -> tuple[int, str]:
            response = http.post("/v1/analyse", json={"text": text})
            return response.status_code, response.json().get("text", "")

        with ThreadPoolExecutor(max_workers=50) as pool:
            answers = list(pool.map(send, texts))
    assert [status for status, _ in answers] == [200] * 50
    assert [text for _, text in answers] == texts  # each answer is its own request's, none lost or swapped
