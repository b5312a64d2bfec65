"""Bring a history database to the latest schema with Alembic, safely when several processes open it at once.

Revision 0001 is the schema the history had before Alembic: a database made by that code (tables, no
``alembic_version``) is stamped 0001 and then upgraded in place, keeping every saved review. The whole
upgrade is one transaction holding the write lock (SQLite ``BEGIN IMMEDIATE``, a PostgreSQL advisory
lock), and the revision is read again once the lock is held, so two openers never migrate twice.
Opening a database that is already current only reads it, so a read-only history opens.
"""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import Connection, Engine, inspect, text

from ..history_engine import READ

HEAD = "0002"  # the newest revision in versions/; a test checks it against Alembic's own head
LEGACY = "legacy"  # tables from before Alembic, not stamped
KNOWN = ("0001", "0002")
_PG_LOCK = 7_201_712  # pg_advisory_xact_lock key: one migrating session at a time


class SchemaError(Exception):
    """The database holds something this version cannot use (a newer revision, foreign tables)."""


def current_revision(connection: Connection) -> str | None:
    """Return the database's revision, LEGACY for the pre-Alembic schema, None when it is empty."""
    names = set(inspect(connection).get_table_names())
    if "alembic_version" in names:
        return connection.execute(text("SELECT version_num FROM alembic_version")).scalar()
    return LEGACY if "reviews" in names else None


def is_current(engine: Engine) -> bool:
    """Return whether the database is at HEAD, reading only (no lock, works on a read-only file)."""
    with engine.connect() as connection:
        connection.execution_options(**{READ: True})
        with connection.begin():
            revision = current_revision(connection)
    if revision is not None and revision != LEGACY and revision not in KNOWN:
        raise SchemaError(f"it was written by a newer version of Tone Coach (schema revision {revision})")
    return revision == HEAD


def upgrade(engine: Engine) -> None:
    """Upgrade the database to HEAD in one locked transaction (nothing to do when it is current)."""
    if is_current(engine):
        return
    if engine.dialect.name == "sqlite":
        _enable_wal(engine)
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK})
        revision = current_revision(connection)  # again, now that this session holds the lock
        if revision == HEAD:
            return
        from alembic import command

        config = _config(connection)
        if revision == LEGACY:
            command.stamp(config, "0001")
        command.upgrade(config, "head")


def _config(connection: Connection):  # type: ignore[no-untyped-def]
    """Return an Alembic Config for this package's scripts, running on the given connection."""
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent))
    config.attributes["connection"] = connection
    return config


def _enable_wal(engine: Engine, tries: int = 50) -> None:
    """Switch SQLite to WAL outside any transaction; busy_timeout does not cover it, so retry while locked."""
    raw = engine.raw_connection()
    try:
        for attempt in range(tries):
            try:
                raw.driver_connection.execute("PRAGMA journal_mode=WAL")  # type: ignore[union-attr]
                return
            except Exception as exc:  # sqlite3.OperationalError: another process is creating the same file
                if "locked" not in str(exc) or attempt == tries - 1:
                    raise
                time.sleep(0.05 * (attempt + 1))
    finally:
        raw.close()
