"""The review history: what is kept (no bodies unless asked), delete, month comparison, concurrent saves.

Every test that takes ``url`` runs twice: on a SQLite file and on a real PostgreSQL server (Debian's
binaries, started once per session by ``tests/pg_cluster.py``; skipped where they are absent, failed
under CI=true).
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from pg_cluster import Cluster, cluster_or_skip
from sqlalchemy import func, inspect, select, text

from coach import migrations
from coach.history import ENV_VAR, URL_ENV_VAR, History, HistoryError, default_path, default_url, engine_for
from coach.history_engine import sqlite_url
from coach.history_tables import findings, messages, metadata, reviews

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


@pytest.fixture(scope="session")
def postgres() -> Iterator[Cluster]:
    """One PostgreSQL server for the session, on a private port and folder, stopped at the end."""
    cluster = cluster_or_skip()
    try:
        yield cluster
    finally:
        cluster.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of an empty history database on each backend (a file not yet made, a new PostgreSQL database)."""
    if request.param == "sqlite":
        return sqlite_url(tmp_path / "history.sqlite3")
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture()
def history(url: str) -> History:
    return History(url=url)


def count(history: History, table) -> int:
    with history.engine.connect() as db:
        return db.execute(select(func.count()).select_from(table)).scalar_one()


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
    # The body is in no column of any table, and for SQLite nowhere in its files (main file and write-ahead log).
    with history.engine.connect() as db:
        for table in (reviews, messages, findings):
            assert not any(SECRET in str(value) for row in db.execute(select(table)) for value in row)
    if history.path is not None:
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
    assert (count(history, messages), count(history, findings)) == (len(APRIL), 1)


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
    monkeypatch.delenv(URL_ENV_VAR, raising=False)
    monkeypatch.setenv(ENV_VAR, str(tmp_path / "env" / "h.db"))
    assert History().path == tmp_path / "env" / "h.db"
    assert default_url() == f"sqlite:///{tmp_path}/env/h.db"
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
        mine = History(url=history.url)  # one History per tab, same database
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
    assert count(history, messages) == threads * saves * 6
    assert count(history, findings) == threads * saves * 4


def test_concurrent_saves_from_processes_lose_nothing(url: str, tmp_path: Path) -> None:
    records = tmp_path / "records.json"
    records.write_text(json.dumps(MARCH + APRIL))
    # Each process says "ready" once imported and waits for "go": all four then open the empty database
    # (each runs the migrations' check at the same moment) and write at once.
    script = (
        "import json, sys; from coach.history import History\n"
        "rs = json.load(open(sys.argv[2]))\n"
        "print('ready', flush=True); sys.stdin.readline()\n"
        "h = History(url=sys.argv[1])\n"
        "for i in range(25): h.save_review(f'{sys.argv[3]}-{i}', rs)\n"
    )
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", script, url, str(records), f"p{n}"],
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
    failures = [p.stderr.read().decode() for p in procs if p.wait(timeout=180) != 0]
    assert failures == []
    history = History(url=url)
    names = [r.name for r in history.list_reviews()]
    assert sorted(names) == sorted(f"p{n}-{i}" for n in range(4) for i in range(25))  # none lost, none twice
    assert count(history, messages) == 100 * 6
    assert count(history, findings) == 100 * 4
    with history.engine.connect() as db:  # migrated once
        assert db.execute(text("SELECT version_num FROM alembic_version")).scalars().all() == [migrations.HEAD]


def test_note_and_replacement_of_findings_are_kept(history: History) -> None:
    fixes = [
        dict(finding("jargon", "jargon.dns", "DNS"), note="Clients care that sites load.", replacement="web addresses"),
        dict(finding("condescension", "condescension.obviously", "Obviously ", 10), replacement=""),  # '' deletes
        finding("blame", "blame.should_have", "you should have", 30),  # no ready-made fix
    ]
    saved = history.load(history.save_review("fixes", [record("a@msp.com", "2024-03-01", fixes)]))
    assert saved.records[0]["findings"] == fixes


def test_any_text_round_trips_and_nul_or_lone_surrogates_do_not_break_a_save(history: History) -> None:
    odd = record("Zoë Ωmega <z@msp.com>", "2024-03-01", [finding("jargon", "jargon.dns", "DNS")], 50, 7)
    odd |= {"source": "mail/日本語 <b>x</b>.eml", "subject": "Ärger \U0001f600 <script>alert(1)</script>"}
    broken = record("x@msp.com", "2024-03-02", [], 60, 8) | {"source": "bad\udcff\x00name.txt", "subject": "a\x00b"}
    saved = history.load(
        history.save_review("odd", [odd, broken], store_bodies=True, bodies=["Grüße\n", "a\x00\ud800b"])
    )
    assert saved.records[0]["source"] == odd["source"] and saved.records[0]["subject"] == odd["subject"]
    assert saved.records[0]["sender"] == odd["sender"]
    assert saved.records[1]["source"] == "bad\ufffd\ufffdname.txt" and saved.records[1]["subject"] == "a\ufffdb"
    assert saved.bodies == ["Grüße\n", "a\ufffd\ufffdb"]


def test_migrations_build_exactly_the_declared_schema(history: History) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext
    from alembic.script import ScriptDirectory

    script = ScriptDirectory(str(Path(migrations.__file__).parent))
    assert script.get_current_head() == migrations.HEAD
    assert [r.revision for r in script.walk_revisions()][::-1] == list(migrations.KNOWN)
    with history.engine.connect() as db:
        assert migrations.current_revision(db) == migrations.HEAD
        assert compare_metadata(MigrationContext.configure(db), metadata) == []
        assert {"note", "replacement"} <= {c["name"] for c in inspect(db).get_columns("findings")}


def test_a_database_written_by_a_newer_version_is_refused_by_name(history: History) -> None:
    with history.engine.begin() as db:
        db.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    with pytest.raises(HistoryError, match="newer version of Tone Coach") as failure:
        History(url=history.url)
    assert history.where in str(failure.value)


def test_history_url_selects_postgresql(postgres: Cluster, monkeypatch: pytest.MonkeyPatch) -> None:
    url = postgres.new_database()
    monkeypatch.setenv(URL_ENV_VAR, url)
    monkeypatch.setenv(ENV_VAR, "/nonexistent/ignored.sqlite3")
    history = History()
    assert (history.url, history.path, history.engine.dialect.name) == (url, None, "postgresql")
    assert engine_for() is history.engine
    review_id = history.save_review("team", APRIL)
    assert [r.id for r in History(url=url).list_reviews()] == [review_id]


def test_an_unreachable_server_is_a_history_error_without_the_password() -> None:
    pytest.importorskip("psycopg")
    from pg_cluster import free_port

    url = f"postgresql+psycopg://coach:s3cret@127.0.0.1:{free_port()}/coach?connect_timeout=5"
    with pytest.raises(HistoryError) as failure:
        History(url=url)
    message = str(failure.value)
    assert "127.0.0.1" in message and "s3cret" not in message and "Cannot open the review history" in message


@pytest.mark.parametrize(
    "bad, reason",
    [
        ("not a url", "this is not a database URL"),
        ("postgresql+nosuchdriver://coach:s3cret@127.0.0.1/coach", "s3cret"),
        ("mysql://coach:s3cret@127.0.0.1/coach", "database driver is not installed"),
    ],
)
def test_a_bad_history_url_is_a_history_error(bad: str, reason: str) -> None:
    with pytest.raises(HistoryError, match="Cannot open the review history") as failure:
        History(url=bad)
    message = str(failure.value)
    assert "s3cret" not in message and (reason in message or reason == "s3cret")


def test_a_save_that_fails_half_way_leaves_nothing_behind(history: History) -> None:
    history.save_review("kept", APRIL)
    # The messages are written before the findings: a finding the database refuses (no text) and one the
    # code cannot read (no rule) each undo the whole review, messages included.
    refused = MARCH[:2] + [record("a@msp.com", "2024-03-05", [dict(finding("jargon", "jargon.dns", "DNS"), text=None)])]
    with pytest.raises(HistoryError, match="Cannot save to the review history"):
        history.save_review("refused", refused)
    broken = dict(finding("jargon", "jargon.dns", "DNS"))
    del broken["rule"]
    with pytest.raises(KeyError):
        history.save_review("broken", [*MARCH[:2], record("a@msp.com", "2024-03-05", [broken])])
    assert [r.name for r in history.list_reviews()] == ["kept"]
    assert (count(history, reviews), count(history, messages), count(history, findings)) == (1, len(APRIL), 1)
