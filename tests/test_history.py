"""The review history: what is kept (no bodies unless asked), delete, month comparison, concurrent saves."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from datetime import UTC, datetime
from pathlib import Path

import pytest

from coach.history import ENV_VAR, History, default_path

ROOT = Path(__file__).resolve().parent.parent
SECRET = "The quarterly invoice for Contoso is attached"


def finding(category: str, rule: str, text: str, start: int = 0) -> dict:
    return {
        "category": category,
        "rule": rule,
        "start": start,
        "end": start + len(text),
        "text": text,
        "message": f"'{text}' is flagged.",
        "suggestion": "Say it plainly.",
        "severity": "warning",
        "note": "",
        "replacement": None,
    }


def record(sender: str, date: str | None, findings: list[dict], tone: float = 60.0, n: int = 0) -> dict:
    counts = {c: sum(f["category"] == c for f in findings) for c in ("jargon", "blame", "condescension")}
    return {
        "source": f"box.mbox#{n}",
        "subject": f"Ticket {n}",
        "sender": sender,
        "recipients": ["c@client.com"],
        "date": date,
        "warnings": [],
        "findings": findings,
        "scores": {"tone": tone, "counts": counts},
    }


MARCH = [
    record(
        "Ann Lee <ann@msp.com>",
        "2024-03-04T09:00:00+00:00",
        [finding("jargon", "jargon.dns", "DNS"), finding("blame", "blame.should_have", "you should have")],
        40,
        1,
    ),
    record("Ann Lee <ann@msp.com>", "2024-03-20T09:00:00+00:00", [finding("jargon", "jargon.vpn", "VPN")], 50, 2),
    record("bo@msp.com", "2024-03-21T09:00:00+00:00", [], 80, 3),
    {
        "source": "broken.msg",
        "subject": None,
        "sender": None,
        "recipients": [],
        "date": None,
        "warnings": [],
        "error": "cannot read this Outlook file",
    },
]
APRIL = [
    record("Ann Lee <ann@msp.com>", "2024-04-02T09:00:00+00:00", [], 75, 4),
    record(
        "bo@msp.com",
        "2024-04-03T09:00:00+00:00",
        [finding("condescension", "condescension.obviously", "Obviously")],
        55,
        5,
    ),
]


@pytest.fixture()
def history(tmp_path: Path) -> History:
    return History(tmp_path / "history.sqlite3")


def test_save_list_load_round_trip_keeps_records_but_not_bodies(history: History) -> None:
    bodies = [f"{SECRET} (message {i})." for i in range(len(MARCH))]
    review_id = history.save_review("March drafts", MARCH, bodies=bodies, audience="executive")
    [info] = history.list_reviews()
    assert (info.id, info.name, info.audience, info.messages, info.analysed, info.skipped, info.bodies) == (
        review_id,
        "March drafts",
        "executive",
        4,
        3,
        1,
        False,
    )
    saved = history.load(review_id)
    assert saved.bodies == [None] * 4
    assert [r["source"] for r in saved.records] == [r["source"] for r in MARCH]
    assert saved.records[3]["error"] == "cannot read this Outlook file" and "findings" not in saved.records[3]
    first = saved.records[0]
    assert (first["sender"], first["subject"], first["date"]) == (MARCH[0]["sender"], "Ticket 1", MARCH[0]["date"])
    assert [(f["category"], f["rule"], f["text"]) for f in first["findings"]] == [
        ("jargon", "jargon.dns", "DNS"),
        ("blame", "blame.should_have", "you should have"),
    ]
    assert first["scores"] == MARCH[0]["scores"]
    # The body is nowhere in the database files (main file and write-ahead log).
    stored = b"".join(p.read_bytes() for p in history.path.parent.glob("history.sqlite3*"))
    assert SECRET.encode() not in stored


def test_bodies_are_kept_only_when_asked(history: History) -> None:
    bodies = [f"{SECRET} (message {i})." for i in range(len(MARCH))]
    review_id = history.save_review("with bodies", MARCH, store_bodies=True, bodies=bodies)
    saved = history.load(review_id)
    assert saved.info.bodies and saved.bodies == bodies


def test_delete_removes_the_review_its_messages_and_findings(history: History) -> None:
    keep = history.save_review("April", APRIL)
    gone = history.save_review("March", MARCH)
    assert history.delete(gone) is True
    assert history.delete(gone) is False
    assert [r.id for r in history.list_reviews()] == [keep]
    with pytest.raises(KeyError):
        history.load(gone)
    with sqlite3.connect(history.path) as db:
        assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == len(APRIL)
        assert db.execute("SELECT count(*) FROM findings").fetchone()[0] == 1


def test_compare_two_months_per_author_and_category(history: History) -> None:
    history.save_review("March", MARCH)
    history.save_review("April", APRIL)
    history.save_review("March again", MARCH)  # the same mail saved twice counts once
    assert history.periods() == ["2024-04", "2024-03"]
    rows = {(r["author"], r["category"]): r for r in history.compare("2024-03", "2024-04")}
    ann_jargon = rows[("ann@msp.com", "jargon")]
    assert (ann_jargon["messages_a"], ann_jargon["findings_a"], ann_jargon["per_message_a"]) == (2, 2, 1.0)
    assert (ann_jargon["messages_b"], ann_jargon["findings_b"], ann_jargon["per_message_b"]) == (1, 0, 0.0)
    assert ann_jargon["change"] == -1.0
    bo = rows[("bo@msp.com", "condescension")]
    assert (bo["findings_a"], bo["findings_b"], bo["change"]) == (0, 1, 1.0)
    team = rows[("(team)", "jargon")]
    assert (team["messages_a"], team["findings_a"], team["messages_b"], team["findings_b"]) == (3, 2, 2, 0)
    tone = {r["author"]: r for r in history.compare_tone("2024-03", "2024-04")}
    assert (tone["ann@msp.com"]["tone_a"], tone["ann@msp.com"]["tone_b"], tone["ann@msp.com"]["change"]) == (
        45.0,
        75.0,
        30.0,
    )
    assert tone["(team)"]["messages_a"] == 3


def test_undated_messages_count_in_the_month_they_were_saved(history: History) -> None:
    undated = [record("cy@msp.com", None, [finding("jargon", "jargon.dns", "DNS")], 50, 9)]
    history.save_review("helpdesk", undated, saved_at=datetime(2024, 5, 6, tzinfo=UTC))
    rows = {(r["author"], r["category"]): r for r in history.compare("2024-04", "2024-05")}
    assert rows[("cy@msp.com", "jargon")]["findings_b"] == 1


def test_database_location_and_wal_mode(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env" / "h.db"))
    assert History().path == tmp_path / "env" / "h.db"
    monkeypatch.delenv(ENV_VAR)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    assert default_path() == tmp_path / "xdg" / "tone-coach" / "history.sqlite3"
    with sqlite3.connect(tmp_path / "env" / "h.db") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_concurrent_saves_from_threads_lose_nothing(history: History) -> None:
    threads, saves = 8, 5
    start = threading.Barrier(threads)
    ids: list[int] = []
    errors: list[BaseException] = []

    def save(worker: int) -> None:
        mine = History(history.path)  # one History per tab, same file
        start.wait()
        try:
            for i in range(saves):
                ids.append(mine.save_review(f"tab {worker} save {i}", MARCH + APRIL))
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    workers = [threading.Thread(target=save, args=(w,)) for w in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert errors == []
    assert len(set(ids)) == threads * saves == len(history.list_reviews())
    with sqlite3.connect(history.path) as db:
        assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == threads * saves * 6
        assert db.execute("SELECT count(*) FROM findings").fetchone()[0] == threads * saves * 4


def test_concurrent_saves_from_processes_lose_nothing(history: History, tmp_path: Path) -> None:
    records = tmp_path / "records.json"
    records.write_text(json.dumps(MARCH + APRIL))
    # Each process says "ready" once imported and waits for "go": all four then write at once.
    script = (
        "import json, sys; from coach.history import History\n"
        "h = History(sys.argv[1]); rs = json.load(open(sys.argv[2]))\n"
        "print('ready', flush=True); sys.stdin.readline()\n"
        "for i in range(25): h.save_review(f'{sys.argv[3]}-{i}', rs)\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, str(history.path), str(records), f"p{n}"],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for n in range(4)
    ]
    assert [p.stdout.readline().strip() for p in procs] == [b"ready"] * 4
    for p in procs:
        p.stdin.write(b"go\n")
        p.stdin.flush()
    failures = [p.stderr.read().decode() for p in procs if p.wait(timeout=120) != 0]
    assert failures == []
    names = {r.name for r in history.list_reviews()}
    assert names == {f"p{n}-{i}" for n in range(4) for i in range(25)}
    with sqlite3.connect(history.path) as db:
        assert db.execute("SELECT count(*) FROM messages").fetchone()[0] == 100 * 6
