"""Training sessions and attempts in the review-history database (SQLAlchemy 2 Core, tables prefixed training_).

Where: ``TrainingStore(url)``, else ``$COACH_HISTORY_URL`` (any SQLAlchemy URL,
e.g. ``postgresql+psycopg://...``), else the SQLite file of the review history
(``coach.history.default_path()``: ``$COACH_HISTORY_DB`` or the user's data
folder). Tables are created with ``metadata.create_all``.

Many trainees submit at once during a session: on SQLite every write is one
``BEGIN IMMEDIATE`` transaction (the write lock is taken up front), the file
runs in WAL mode (readers never block the writer), each connection waits up to
``BUSY_TIMEOUT_S`` for the lock, and a write that still meets a busy database is
retried, so no attempt is lost.

A trainee is stored by the name they chose (``trainee``, optional) and a key
(``trainee_key``: the name folded to lower case, or an anonymous token for
someone who gave no name), so progress works without anyone being named.
"""

from __future__ import annotations

import os
import random
import secrets
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Engine,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    create_engine,
    event,
    insert,
    select,
    update,
)
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

URL_ENV = "COACH_HISTORY_URL"
BUSY_TIMEOUT_S = 30.0
WRITE_TRIES = 8
CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O or 1/I: read aloud across a room
CODE_LENGTH = 6
MAX_NAME_CHARS = 40
MAX_TITLE_CHARS = 120

T = TypeVar("T")

metadata = MetaData()
sessions_table = Table(
    "training_sessions",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("code", String(16), nullable=False, unique=True),
    Column("title", String(MAX_TITLE_CHARS), nullable=False),
    Column("exercises", JSON, nullable=False),
    Column("created_at", String(32), nullable=False),
    Column("ended_at", String(32)),
)
attempts_table = Table(
    "training_attempts",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_code", String(16), ForeignKey("training_sessions.code", ondelete="SET NULL")),
    Column("trainee", String(MAX_NAME_CHARS)),  # the name they chose, or NULL
    Column("trainee_key", String(64), nullable=False),
    Column("exercise_id", String(80), nullable=False),
    Column("skills", JSON, nullable=False),
    Column("submitted_at", String(32), nullable=False),
    Column("score", Integer, nullable=False),
    Column("passed", Boolean, nullable=False),
    Column("failed_skills", JSON, nullable=False),
    Column("parts", JSON, nullable=False),
    Column("remaining", JSON, nullable=False),
    Column("tone", Integer),
    Column("rewrite", Text, nullable=False),
)
session_files_table = Table(  # a trainer's uploaded exercise files a session uses, so every trainee gets them
    "training_session_files",
    metadata,
    Column("id", Integer, primary_key=True),
    Column("session_code", String(16), ForeignKey("training_sessions.code", ondelete="CASCADE"), nullable=False),
    Column("name", String(255), nullable=False),
    Column("content", Text, nullable=False),
)
Index("training_session_files_session", session_files_table.c.session_code)
Index("training_attempts_session", attempts_table.c.session_code)
Index("training_attempts_trainee", attempts_table.c.trainee_key)


def default_url() -> str:
    """Return $COACH_HISTORY_URL, else an SQLite URL for the review history's default file."""
    if os.environ.get(URL_ENV):
        return os.environ[URL_ENV]
    from ..history import default_path  # the review history decides where its file lives

    return f"sqlite:///{default_path()}"


def now_iso() -> str:
    """Return the current UTC time as an ISO string to the second."""
    return datetime.now(UTC).isoformat(timespec="seconds")


def clean_name(name: str | None) -> str | None:
    """Return a trainee's chosen name on one line and cut to size, or None for no name."""
    if name is None:
        return None
    flat = " ".join("".join(ch for ch in name if ch.isprintable()).split())
    return flat[:MAX_NAME_CHARS] or None


def trainee_key(name: str | None, anonymous_token: str) -> str:
    """Return the key progress is stored under: the folded name, else the anonymous token."""
    cleaned = clean_name(name)
    return f"name:{cleaned.casefold()}" if cleaned else f"anon:{anonymous_token}"


def new_token() -> str:
    """Return a random token for a trainee who gives no name."""
    return secrets.token_hex(8)


def normalise_code(code: str) -> str:
    """Return a join code as typed, upper-cased with spaces and dashes removed."""
    return "".join(ch for ch in code.upper() if ch.isalnum())[:16]


@dataclass(frozen=True, slots=True)
class TrainingSession:
    """A facilitator's session: a join code, a title, its exercises and when it started and ended."""

    code: str
    title: str
    exercises: tuple[str, ...]
    created_at: str
    ended_at: str | None = None

    @property
    def active(self) -> bool:
        """Return whether trainees can still submit into it."""
        return self.ended_at is None


@dataclass(frozen=True, slots=True)
class StoredAttempt:
    """One submitted rewrite as stored: who (if named), which exercise, when, the score and what was left."""

    id: int
    session_code: str | None
    trainee: str | None
    trainee_key: str
    exercise_id: str
    skills: tuple[str, ...]
    submitted_at: str
    score: int
    passed: bool
    failed_skills: tuple[str, ...]
    parts: tuple[dict[str, Any], ...]
    remaining: tuple[dict[str, Any], ...]
    tone: int | None
    rewrite: str = field(repr=False)


class SessionClosed(ValueError):
    """The session was ended (or never existed); no more attempts go into it."""


def _session(row: Any) -> TrainingSession:
    return TrainingSession(row.code, row.title, tuple(row.exercises or ()), row.created_at, row.ended_at)


def _attempt(row: Any) -> StoredAttempt:
    return StoredAttempt(
        id=row.id,
        session_code=row.session_code,
        trainee=row.trainee,
        trainee_key=row.trainee_key,
        exercise_id=row.exercise_id,
        skills=tuple(row.skills or ()),
        submitted_at=row.submitted_at,
        score=row.score,
        passed=bool(row.passed),
        failed_skills=tuple(row.failed_skills or ()),
        parts=tuple(row.parts or ()),
        remaining=tuple(row.remaining or ()),
        tone=row.tone,
        rewrite=row.rewrite,
    )


def _is_busy(exc: DBAPIError) -> bool:
    text = str(exc.orig).lower()
    return "locked" in text or "busy" in text


def _sqlite_engine(url: str) -> Engine:
    """Return an SQLite engine in WAL mode whose write transactions begin IMMEDIATE."""
    engine = create_engine(url, connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # transactions are begun by the "begin" hook below
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
        cursor.execute("PRAGMA foreign_keys=ON")
        for attempt in range(50):  # switching to WAL is not covered by busy_timeout
            try:
                cursor.execute("PRAGMA journal_mode=WAL")
                break
            except Exception as exc:  # sqlite3.OperationalError: another opener holds the file
                if "locked" not in str(exc).lower() or attempt == 49:
                    raise
                time.sleep(0.02 * (attempt + 1))
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        immediate = conn.get_execution_options().get("immediate", False)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine


class TrainingStore:
    """Create and end sessions, store attempts and read them back per session, trainee or exercise."""

    def __init__(self, url: str | None = None) -> None:
        self.url = url or default_url()
        if self.url.startswith("sqlite:///") and self.url != "sqlite:///:memory:":
            Path(self.url.removeprefix("sqlite:///")).expanduser().parent.mkdir(parents=True, exist_ok=True)
            self.engine = _sqlite_engine(self.url)
        else:
            self.engine = create_engine(self.url, pool_pre_ping=True)
        self._writer = self.engine.execution_options(immediate=True)
        self._retry(lambda: metadata.create_all(self._writer))

    def close(self) -> None:
        """Release the database connections."""
        self.engine.dispose()

    def _retry(self, work: Callable[[], T]) -> T:
        """Run a write, retrying while the database is busy or two openers race to create the tables."""
        for attempt in range(WRITE_TRIES):
            try:
                return work()
            except (OperationalError, DBAPIError) as exc:
                text = str(exc.orig).lower()
                racing = "already exists" in text
                if not (_is_busy(exc) or racing) or attempt == WRITE_TRIES - 1:
                    raise
                time.sleep(0.05 * (attempt + 1) + random.random() * 0.05)  # back off before retrying
        raise AssertionError("unreachable")

    # ---- sessions ----

    def create_session(
        self, title: str, exercise_ids: Sequence[str], files: Sequence[tuple[str, str]] = ()
    ) -> TrainingSession:
        """Create a session with a fresh join code for these exercises (and the uploaded files holding some)."""
        if not exercise_ids:
            raise ValueError("a session needs at least one exercise")
        session = TrainingSession(
            code="",
            title=" ".join(title.split())[:MAX_TITLE_CHARS] or "Training session",
            exercises=tuple(dict.fromkeys(exercise_ids)),
            created_at=now_iso(),
        )
        for _ in range(20):
            code = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
            row: dict[str, Any] = {
                "code": code,
                "title": session.title,
                "exercises": list(session.exercises),
                "created_at": session.created_at,
            }
            try:
                self._retry(partial(self._insert_session, row, files))
            except IntegrityError:
                continue  # the code is taken: draw another
            return TrainingSession(code, session.title, session.exercises, session.created_at)
        raise RuntimeError("could not find a free join code")

    def _insert_session(self, row: dict[str, Any], files: Sequence[tuple[str, str]]) -> None:
        with self._writer.begin() as conn:  # the session and its files in one transaction
            conn.execute(insert(sessions_table).values(**row))
            for name, content in files:
                conn.execute(insert(session_files_table).values(session_code=row["code"], name=name, content=content))

    def session_files(self, code: str) -> list[tuple[str, str]]:
        """Return the uploaded exercise files (name, YAML text) a session's exercises come from, in upload order."""
        query = (
            select(session_files_table.c.name, session_files_table.c.content)
            .where(session_files_table.c.session_code == normalise_code(code))
            .order_by(session_files_table.c.id)
        )
        with self.engine.connect() as conn:
            return [(row.name, row.content) for row in conn.execute(query)]

    def _insert(self, table: Table, row: dict[str, Any]) -> int:
        with self._writer.begin() as conn:
            result = conn.execute(insert(table).values(**row))
            key = result.inserted_primary_key
            return int(key[0]) if key else 0

    def get_session(self, code: str) -> TrainingSession | None:
        """Return the session with this join code (as typed, any case), or None."""
        with self.engine.connect() as conn:
            row = conn.execute(select(sessions_table).where(sessions_table.c.code == normalise_code(code))).first()
        return _session(row) if row is not None else None

    def list_sessions(self, *, active_only: bool = False) -> list[TrainingSession]:
        """Return every session, newest first (only those not ended with active_only)."""
        query = select(sessions_table).order_by(sessions_table.c.created_at.desc(), sessions_table.c.id.desc())
        if active_only:
            query = query.where(sessions_table.c.ended_at.is_(None))
        with self.engine.connect() as conn:
            return [_session(r) for r in conn.execute(query)]

    def end_session(self, code: str) -> TrainingSession:
        """End a session (no more attempts go into it) and return it; KeyError if there is none."""
        code = normalise_code(code)

        def work() -> None:
            with self._writer.begin() as conn:
                conn.execute(
                    update(sessions_table)
                    .where(sessions_table.c.code == code, sessions_table.c.ended_at.is_(None))
                    .values(ended_at=now_iso())
                )

        self._retry(work)
        session = self.get_session(code)
        if session is None:
            raise KeyError(f"no session with code {code}")
        return session

    # ---- attempts ----

    def add_attempt(
        self,
        *,
        trainee_key: str,
        exercise_id: str,
        skills: Iterable[str],
        score: int,
        passed: bool,
        failed_skills: Iterable[str] = (),
        parts: Iterable[dict[str, Any]] = (),
        remaining: Iterable[dict[str, Any]] = (),
        tone: float | None = None,
        rewrite: str = "",
        trainee: str | None = None,
        session_code: str | None = None,
        submitted_at: str | None = None,
    ) -> int:
        """Store one attempt in one transaction and return its id (SessionClosed if its session has ended)."""
        code = normalise_code(session_code) if session_code else None
        row = {
            "session_code": code,
            "trainee": clean_name(trainee),
            "trainee_key": trainee_key[:64],
            "exercise_id": exercise_id[:80],
            "skills": list(skills),
            "submitted_at": submitted_at or now_iso(),
            "score": int(score),
            "passed": bool(passed),
            "failed_skills": list(failed_skills),
            "parts": list(parts),
            "remaining": list(remaining),
            "tone": None if tone is None else round(tone),
            "rewrite": rewrite,
        }

        def work() -> int:
            with self._writer.begin() as conn:
                if code is not None:
                    ended = conn.execute(select(sessions_table.c.ended_at).where(sessions_table.c.code == code)).first()
                    if ended is None or ended[0] is not None:
                        raise SessionClosed(f"session {code} has ended or does not exist")
                result = conn.execute(insert(attempts_table).values(**row))
                key = result.inserted_primary_key
                return int(key[0]) if key else 0

        return self._retry(work)

    def attempts(
        self,
        *,
        session_code: str | None = None,
        trainee_key: str | None = None,
        exercise_id: str | None = None,
        since_id: int = 0,
    ) -> list[StoredAttempt]:
        """Return stored attempts, oldest first, filtered by session, trainee and exercise (and id > since_id)."""
        query = select(attempts_table).where(attempts_table.c.id > since_id).order_by(attempts_table.c.id)
        if session_code is not None:
            query = query.where(attempts_table.c.session_code == normalise_code(session_code))
        if trainee_key is not None:
            query = query.where(attempts_table.c.trainee_key == trainee_key)
        if exercise_id is not None:
            query = query.where(attempts_table.c.exercise_id == exercise_id)
        with self.engine.connect() as conn:
            return [_attempt(r) for r in conn.execute(query)]
