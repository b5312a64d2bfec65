"""Where the review history lives and how to connect to it: SQLite by default, PostgreSQL by URL.

``COACH_HISTORY_URL`` (any SQLAlchemy URL, e.g. ``postgresql+psycopg://coach@db/coach``) selects the
database; without it the history is the SQLite file ``COACH_HISTORY_DB``, else ``history.sqlite3``
under ``platformdirs.user_data_dir("tone-coach")``.

Engines are made once per URL. SQLite connections run in autocommit at the driver level so that
SQLAlchemy's transactions are the database's own: a transaction begins ``BEGIN IMMEDIATE`` (the write
lock up front, waiting up to ``BUSY_TIMEOUT_S`` for another writer) unless the connection carries the
``READ`` execution option, which begins a plain deferred ``BEGIN`` that works on a read-only file.
Foreign keys are enforced, so deleting a review deletes its messages and findings.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool, StaticPool

ENV_VAR = "COACH_HISTORY_DB"
URL_ENV_VAR = "COACH_HISTORY_URL"
BUSY_TIMEOUT_S = 30.0
READ = "coach_read"  # execution option: a read-only transaction (plain BEGIN on SQLite)

_engines: dict[str, Engine] = {}
_lock = threading.Lock()


def default_path() -> Path:
    """Return where the SQLite history lives: $COACH_HISTORY_DB, else the user's data folder."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("tone-coach")) / "history.sqlite3"


def sqlite_url(path: str | os.PathLike[str]) -> str:
    """Return the SQLAlchemy URL of a SQLite file (any characters in the path are safe)."""
    return URL.create("sqlite", database=str(Path(path).expanduser())).render_as_string(hide_password=False)


def default_url() -> str:
    """Return the history's database URL: $COACH_HISTORY_URL, else the SQLite file of default_path()."""
    return os.environ.get(URL_ENV_VAR, "").strip() or sqlite_url(default_path())


def read_only_url(path: str | os.PathLike[str]) -> str:
    """Return a URL that opens a SQLite file read-only (immutable when its WAL index cannot be made)."""
    path = Path(path)
    query = {"mode": "ro", "uri": "true"}
    if not path.with_name(path.name + "-shm").is_file():
        query["immutable"] = "1"  # no writer is running, and a read-only folder cannot hold a new -shm file
    return URL.create("sqlite", database="file:" + quote(str(path)), query=query).render_as_string(False)


def writable(path: Path) -> bool:
    """Return whether this process may write a SQLite file and create its journal files beside it."""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def display_name(url: str | URL) -> str:
    """Return how to name the database to a user: the file for SQLite, else the URL without its password."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        return str(sqlite_file(parsed) or ":memory:")
    return parsed.render_as_string(hide_password=True)


def sqlite_file(url: str | URL) -> Path | None:
    """Return the file of a SQLite URL (None for another database or an in-memory one)."""
    parsed = make_url(url)
    database = parsed.database
    if parsed.get_backend_name() != "sqlite" or not database or database == ":memory:":
        return None
    if parsed.query.get("uri") in ("true", "1") and database.startswith("file:"):
        return Path(unquote(database[5:]))
    return Path(database)


def is_read_only(url: str | URL) -> bool:
    """Return whether a SQLite URL opens its file read-only (mode=ro)."""
    return make_url(url).query.get("mode") == "ro"


def engine_for(url: str | None = None) -> Engine:
    """Return the (shared) engine for a history URL, default_url() when none is given."""
    key = url or default_url()
    with _lock:
        engine = _engines.get(key)
        if engine is None:
            engine = _engines[key] = _create(key)
    return engine


def dispose_engines() -> None:
    """Close every pooled connection of the engines made so far (tests, and before a fork)."""
    with _lock:
        for engine in _engines.values():
            engine.dispose()
        _engines.clear()


def _create(url: str) -> Engine:
    """Make an engine: SQLite with its pragmas and explicit transactions, other databases as they come."""
    parsed = make_url(url)
    if parsed.get_backend_name() != "sqlite":
        return create_engine(parsed, pool_pre_ping=True)
    memory = parsed.database in (None, "", ":memory:")
    engine = create_engine(
        parsed,
        poolclass=StaticPool if memory else NullPool,  # a file is opened per operation, as sqlite3 users expect
        connect_args={"timeout": BUSY_TIMEOUT_S, "check_same_thread": False},
    )
    event.listen(engine, "connect", _sqlite_connect)
    event.listen(engine, "begin", _sqlite_begin)
    return engine


def _sqlite_connect(dbapi_connection: Any, _record: Any) -> None:
    """Let SQLAlchemy issue BEGIN itself, wait for locks instead of failing, and enforce foreign keys."""
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    cursor.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.close()


def _sqlite_begin(connection: Any) -> None:
    """Begin a write transaction with the write lock taken up front, or a plain one for reads."""
    read = connection.get_execution_options().get(READ, False)
    connection.exec_driver_sql("BEGIN" if read else "BEGIN IMMEDIATE")
