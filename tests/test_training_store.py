"""The training store on a real SQLite file: sessions, attempts, progress queries and 20 trainees at once."""

from __future__ import annotations

import glob
import multiprocessing
import os
import pwd
import shutil
import sqlite3
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_browser import free_port

from coach.training.store import (
    CODE_ALPHABET,
    CODE_LENGTH,
    SessionClosed,
    TrainingStore,
    clean_name,
    default_url,
    normalise_code,
    trainee_key,
)

TRAINEES = 20


def _attempt(store: TrainingStore, key: str, code: str | None = None, score: int = 50, **extra) -> int:
    fields = {
        "trainee_key": key,
        "exercise_id": "pitch-phones",
        "skills": ["jargon", "benefit"],
        "score": score,
        "passed": score >= 90,
        "failed_skills": [] if score >= 90 else ["benefit"],
        "remaining": [{"category": "benefit", "rule": "benefit.phone", "message": "m", "note": "n"}],
        "rewrite": f"rewrite by {key}",
        "session_code": code,
    }
    fields.update(extra)
    return store.add_attempt(**fields)


@pytest.fixture()
def store(tmp_path: Path) -> TrainingStore:
    s = TrainingStore(f"sqlite:///{tmp_path / 'history.sqlite3'}")
    yield s
    s.close()


def test_default_url_is_the_review_historys_file(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.delenv("COACH_HISTORY_URL", raising=False)
    monkeypatch.setenv("COACH_HISTORY_DB", str(tmp_path / "h.sqlite3"))
    from coach.history import History, default_path

    assert default_url() == f"sqlite:///{default_path()}"
    store = TrainingStore()
    History()  # both live in one file, side by side
    tables = {r[0] for r in sqlite3.connect(tmp_path / "h.sqlite3").execute("SELECT name FROM sqlite_master")}
    assert {"training_sessions", "training_attempts", "reviews", "messages"} <= tables
    store.close()
    monkeypatch.setenv("COACH_HISTORY_URL", f"sqlite:///{tmp_path / 'other.sqlite3'}")
    assert default_url().endswith("other.sqlite3")


def test_sessions_get_short_readable_codes_and_can_be_joined_in_any_case(store: TrainingStore) -> None:
    session = store.create_session("  Monday   class ", ["pitch-phones", "pitch-backup", "pitch-phones"])
    assert len(session.code) == CODE_LENGTH and set(session.code) <= set(CODE_ALPHABET)
    assert session.title == "Monday class"
    assert session.exercises == ("pitch-phones", "pitch-backup")
    joined = store.get_session(f" {session.code[:3].lower()}-{session.code[3:].lower()} ")
    assert joined == session and joined.active
    assert store.get_session("NOPE99") is None
    with pytest.raises(ValueError):
        store.create_session("empty", [])


def test_a_session_keeps_the_uploaded_files_its_exercises_come_from(store: TrainingStore) -> None:
    files = [("ours.yml", "- id: x\n  title: <script>t</script>\n"), ("more.yaml", "# ünïcode\n[]\n")]
    session = store.create_session("S", ["x"], files=files)
    assert store.session_files(session.code.lower()) == files
    assert store.session_files(store.create_session("T", ["y"]).code) == []


def test_ending_a_session_stops_new_attempts(store: TrainingStore) -> None:
    session = store.create_session("s", ["pitch-phones"])
    _attempt(store, "anon:a", session.code)
    ended = store.end_session(session.code)
    assert not ended.active and ended.ended_at
    with pytest.raises(SessionClosed):
        _attempt(store, "anon:b", session.code)
    with pytest.raises(SessionClosed):
        _attempt(store, "anon:b", "ZZZZZZ")
    assert [a.trainee_key for a in store.attempts(session_code=session.code)] == ["anon:a"]
    assert store.list_sessions(active_only=True) == []
    with pytest.raises(KeyError):
        store.end_session("ZZZZZZ")


def test_attempts_round_trip_and_filter(store: TrainingStore) -> None:
    first = _attempt(store, "name:ana", trainee="Ana", score=40, tone=31.6)
    _attempt(store, "anon:x", score=95)
    _attempt(store, "name:ana", trainee="Ana", score=92, exercise_id="pitch-backup")
    mine = store.attempts(trainee_key="name:ana")
    assert [a.score for a in mine] == [40, 92]
    assert mine[0].id == first and mine[0].trainee == "Ana" and mine[0].tone == 32
    assert mine[0].failed_skills == ("benefit",) and mine[0].skills == ("jargon", "benefit")
    assert mine[0].remaining[0]["rule"] == "benefit.phone"
    assert mine[0].rewrite == "rewrite by name:ana"
    assert [a.score for a in store.attempts(exercise_id="pitch-backup")] == [92]
    assert len(store.attempts(since_id=first)) == 2


def test_names_are_optional_cleaned_and_never_required() -> None:
    assert clean_name(None) is None and clean_name("   ") is None
    assert clean_name("  Ana\n\x00 B.  ") == "Ana B."
    assert len(clean_name("x" * 500)) == 40
    assert trainee_key("  ANA ", "t") == "name:ana" == trainee_key("ana", "other")
    assert trainee_key("", "tok") == "anon:tok" and trainee_key(None, "tok") == "anon:tok"
    assert normalise_code(" ab-c 12 ") == "ABC12"


def test_hostile_names_and_rewrites_are_stored_verbatim_as_data(store: TrainingStore) -> None:
    evil = "<script>alert(1)</script>'); DROP TABLE training_attempts; --"
    _attempt(store, "name:evil", trainee=evil, rewrite=evil)
    (stored,) = store.attempts(trainee_key="name:evil")
    assert stored.rewrite == evil and stored.trainee == clean_name(evil)
    assert len(store.attempts()) == 1


def _submit_from_thread(url: str, code: str, n: int, barrier: threading.Barrier) -> None:
    store = TrainingStore(url)  # each browser session has its own store, as on the page
    barrier.wait()
    _attempt(store, f"anon:thread-{n}", code, score=n)
    store.close()


def test_twenty_trainees_submitting_at_once_from_threads_lose_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'class.sqlite3'}"
    session = TrainingStore(url).create_session("threads", ["pitch-phones"])
    barrier = threading.Barrier(TRAINEES)
    threads = [
        threading.Thread(target=_submit_from_thread, args=(url, session.code, n, barrier)) for n in range(TRAINEES)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stored = TrainingStore(url).attempts(session_code=session.code)
    assert sorted(a.score for a in stored) == list(range(TRAINEES))
    assert len({a.trainee_key for a in stored}) == TRAINEES


def _submit_from_process(url: str, code: str, n: int, start) -> None:
    start.wait()
    store = TrainingStore(url)  # opening, creating tables and writing all race with 19 other processes
    _attempt(store, f"anon:proc-{n}", code, score=n)
    store.close()


def test_twenty_trainees_submitting_at_once_from_processes_lose_nothing(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'fresh.sqlite3'}"
    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    procs = [ctx.Process(target=_submit_from_process, args=(url, None, n, start)) for n in range(TRAINEES)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0] * TRAINEES
    stored = TrainingStore(url).attempts()
    assert sorted(a.score for a in stored) == list(range(TRAINEES))


def test_twenty_processes_into_one_session(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'session.sqlite3'}"
    session = TrainingStore(url).create_session("processes", ["pitch-phones"])
    ctx = multiprocessing.get_context("fork")
    start = ctx.Event()
    procs = [ctx.Process(target=_submit_from_process, args=(url, session.code, n, start)) for n in range(TRAINEES)]
    for p in procs:
        p.start()
    start.set()
    for p in procs:
        p.join(timeout=120)
    assert [p.exitcode for p in procs] == [0] * TRAINEES
    assert len(TrainingStore(url).attempts(session_code=session.code)) == TRAINEES


# ---- the same store on a real PostgreSQL (COACH_HISTORY_URL), when the server binaries are installed ----


def _pg_binary(name: str) -> str | None:
    """Return the path of a PostgreSQL server binary (Debian keeps them under /usr/lib/postgresql/N/bin)."""
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


@pytest.fixture(scope="module")
def postgres_url() -> Iterator[str]:
    """Start a throwaway PostgreSQL cluster on a free loopback port and return its SQLAlchemy URL."""
    initdb, pg_ctl = _pg_binary("initdb"), _pg_binary("pg_ctl")
    if not initdb or not pg_ctl:
        pytest.skip("needs the PostgreSQL server (apt-get install postgresql)")
    pytest.importorskip("psycopg")
    folder = Path(tempfile.mkdtemp(prefix="coach-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:  # initdb refuses to run as root: run the cluster as the postgres user
        try:
            owner = pwd.getpwnam("postgres")
        except KeyError:
            pytest.skip("running as root and there is no postgres user to run the cluster")
        os.chown(folder, owner.pw_uid, owner.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = folder / "data", free_port()
    options = f"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=100"
    subprocess.run(
        [*as_user, initdb, "-D", str(data), "-U", "coach", "-A", "trust", "--no-sync"], check=True, capture_output=True
    )
    subprocess.run(
        [*as_user, pg_ctl, "-D", str(data), "-l", str(folder / "log"), "-w", "-o", options, "start"],
        check=True,
        capture_output=True,
    )
    try:
        yield f"postgresql+psycopg://coach@127.0.0.1:{port}/postgres"
    finally:
        subprocess.run([*as_user, pg_ctl, "-D", str(data), "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


def test_postgresql_by_url_sessions_attempts_and_twenty_at_once(
    postgres_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COACH_HISTORY_URL", postgres_url)
    store = TrainingStore()  # the URL from the environment
    assert store.url == postgres_url
    session = store.create_session("on postgres", ["pitch-phones"])
    barrier = threading.Barrier(TRAINEES)
    threads = [
        threading.Thread(target=_submit_from_thread, args=(postgres_url, session.code, n, barrier))
        for n in range(TRAINEES)
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    stored = store.attempts(session_code=session.code)
    assert sorted(a.score for a in stored) == list(range(TRAINEES))
    assert stored[0].remaining[0]["rule"] == "benefit.phone" and stored[0].skills == ("jargon", "benefit")
    assert not store.end_session(session.code).active
    with pytest.raises(SessionClosed):
        _attempt(store, "anon:late", session.code)
    store.close()
