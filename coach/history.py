"""Past reviews in a database, so a lead can compare this month with last month: SQLite or PostgreSQL.

What is kept by default: per message its source, author, date, subject and
scores, and per finding its category, rule, severity, offsets, the flagged
span with its coaching, its note and its ready-made replacement (so a reopened
review offers the same fixes as a fresh one). Message bodies are NOT kept
unless the caller asks (``store_bodies=True``).

Where: ``History(path)`` (a SQLite file) or ``History(url=...)`` (any
SQLAlchemy URL), else ``COACH_HISTORY_URL`` (e.g.
``postgresql+psycopg://coach@db.example/coach`` for a team), else the SQLite
file ``COACH_HISTORY_DB``, else ``history.sqlite3`` under
``platformdirs.user_data_dir("tone-coach")``. The schema is kept by Alembic
migrations (``coach/migrations``), applied when a History is opened.

Every write is one transaction: on SQLite ``BEGIN IMMEDIATE`` in WAL mode
(readers never block the writer; a writer waits up to ``BUSY_TIMEOUT_S``), on
PostgreSQL a READ COMMITTED transaction, with reads in one REPEATABLE READ
snapshot. Every failure of the database (a damaged, read-only or foreign file,
an unreachable server) is raised as HistoryError naming the database.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, Row, delete, func, insert, select
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from . import migrations
from .history_engine import (
    BUSY_TIMEOUT_S,
    ENV_VAR,
    READ,
    URL_ENV_VAR,
    default_path,
    default_url,
    display_name,
    engine_for,
    is_read_only,
    read_only_url,
    sqlite_file,
    sqlite_url,
    writable,
)
from .history_rows import finding_record, finding_row, message_row, record_of
from .history_stats import period_stats, tone_stats, totals
from .history_tables import findings, messages, reviews
from .report import CATEGORIES

__all__ = [
    "BUSY_TIMEOUT_S",
    "ENV_VAR",
    "URL_ENV_VAR",
    "History",
    "HistoryError",
    "ReviewInfo",
    "SavedReview",
    "default_path",
    "default_url",
    "engine_for",
]


class HistoryError(Exception):
    """The history database cannot be used for what was asked; the message names the database."""

    def __init__(self, message: str, where: str = "") -> None:
        super().__init__(message)
        self.where = where


@dataclass(frozen=True, slots=True)
class ReviewInfo:
    """One saved review as listed: id, name, when it was saved and what it holds."""

    id: int
    name: str
    saved_at: str
    audience: str
    messages: int
    analysed: int
    skipped: int
    bodies: bool


@dataclass(frozen=True, slots=True)
class SavedReview:
    """A saved review loaded back: its info, its records (the review contract) and bodies if kept."""

    info: ReviewInfo
    records: list[dict[str, Any]]
    bodies: list[str | None]


_INFO = (
    reviews.c.id,
    reviews.c.name,
    reviews.c.saved_at,
    reviews.c.audience,
    reviews.c.messages,
    reviews.c.analysed,
    reviews.c.skipped,
    reviews.c.bodies,
)


def _review_info(row: Row[Any]) -> ReviewInfo:
    """Return the ReviewInfo of a reviews row (id, name, saved_at, audience, counts, bodies)."""
    return ReviewInfo(row[0], row[1], row[2], row[3], row[4], row[5], row[6], bodies=bool(row[7]))


class History:
    """Save, list, load, delete and compare reviews in one database (a SQLite file by default)."""

    def __init__(self, path: str | os.PathLike[str] | None = None, *, url: str | None = None) -> None:
        if path is not None and url is not None:
            raise ValueError("give a path or a url, not both")
        self.url = sqlite_url(path) if path is not None else url or default_url()
        self.where = _masked(self.url)  # until the URL is known to parse
        self.path: Path | None = None  # the SQLite file; None for a server
        with self._failing("open"):
            self.where = display_name(self.url)
            self.path = sqlite_file(self.url)
            if self.path is not None:
                self._check_file(self.path)
                if not is_read_only(self.url) and self.path.is_file() and not writable(self.path):
                    self.url = read_only_url(self.path)  # a file we may not write is still read
            self.read_only = self.path is not None and is_read_only(self.url)
            self.engine = engine_for(self.url)
            migrations.upgrade(self.engine)

    # ---- writing ----

    def save_review(
        self,
        name: str,
        records: Iterable[dict[str, Any]],
        *,
        store_bodies: bool = False,
        bodies: Sequence[str | None] = (),
        audience: str = "non-technical",
        saved_at: datetime | None = None,
    ) -> int:
        """Save a review's records in one transaction and return its id.

        bodies (the analysed texts, in record order) identify each mail, so the same mail saved twice
        counts once in compare(); they are written to the database only with store_bodies=True.
        """
        records = list(records)
        when = (saved_at or datetime.now(UTC)).isoformat(timespec="seconds")
        analysed = sum("error" not in r for r in records)
        review = {
            "name": name.strip() or "Untitled review",
            "saved_at": when,
            "audience": audience,
            "messages": len(records),
            "analysed": analysed,
            "skipped": len(records) - analysed,
            "bodies": int(store_bodies),
        }
        with self._failing("save to"), self._write() as db:
            review_id = db.execute(insert(reviews).returning(reviews.c.id), review).scalar_one()
            rows = [
                message_row(review_id, position, record, bodies, store_bodies, when)
                for position, record in enumerate(records)
            ]
            ids = (
                db.execute(insert(messages).returning(messages.c.id, sort_by_parameter_order=True), rows)
                .scalars()
                .all()
                if rows
                else []
            )
            found = [finding_row(mid, f) for mid, r in zip(ids, records) for f in r.get("findings") or ()]
            if found:
                db.execute(insert(findings), found)
        return int(review_id)

    def delete(self, review_id: int) -> bool:
        """Delete a saved review with its messages and findings; return whether it existed."""
        with self._failing("delete from"), self._write() as db:
            return db.execute(delete(reviews).where(reviews.c.id == review_id)).rowcount > 0

    # ---- reading ----

    def list_reviews(self) -> list[ReviewInfo]:
        """Return every saved review, newest first."""
        with self._failing("list"), self._read() as db:
            rows = db.execute(select(*_INFO).order_by(reviews.c.saved_at.desc(), reviews.c.id.desc())).all()
        return [_review_info(row) for row in rows]

    def load(self, review_id: int) -> SavedReview:
        """Return a saved review's records (and bodies, if kept); KeyError if there is no such review."""
        with self._failing("read"), self._read() as db:
            row = db.execute(select(*_INFO).where(reviews.c.id == review_id)).first()
            if row is None:
                raise KeyError(f"no saved review with id {review_id}")
            rows = db.execute(
                select(
                    messages.c.id,
                    messages.c.source,
                    messages.c.sender,
                    messages.c.subject,
                    messages.c.date,
                    messages.c.scores,
                    messages.c.warnings,
                    messages.c.error,
                    messages.c.body,
                )
                .where(messages.c.review_id == review_id)
                .order_by(messages.c.position)
            ).all()
            found: dict[int, list[dict[str, Any]]] = defaultdict(list)
            for f in db.execute(
                select(findings, messages.c.id.label("mid"))
                .join(messages, messages.c.id == findings.c.message_id)
                .where(messages.c.review_id == review_id)
                .order_by(findings.c.id)
            ).mappings():
                found[f["mid"]].append(finding_record(f))
            records = [record_of(r, found) for r in rows]
        return SavedReview(_review_info(row), records, [r.body for r in rows])

    def periods(self) -> list[str]:
        """Return the months (YYYY-MM) that hold analysed messages, newest first."""
        month = func.substr(messages.c.period, 1, 7).label("month")
        query = select(month).where(messages.c.error.is_(None)).distinct().order_by(month.desc())
        with self._failing("read"), self._read() as db:
            return [r[0] for r in db.execute(query)]

    def compare(self, period_a: str, period_b: str) -> list[dict[str, Any]]:
        """Return per author and category the findings per message in two periods (e.g. '2024-03', '2024-04').

        A period is any prefix of an ISO date ('2024', '2024-03', '2024-03-15'). Each row:
        author, category, messages_a/b, findings_a/b, per_message_a/b (None without messages) and
        change (b minus a). Authors are listed with a '(team)' total first; the same mail saved in
        several reviews counts once.
        """
        with self._failing("read"), self._read() as db:
            stats = {p: period_stats(db, p) for p in (period_a, period_b)}
        authors = sorted({a for s in stats.values() for a in s}, key=str.casefold)
        rows = []
        for author in ["(team)", *authors]:
            for category in CATEGORIES:
                a, b = (totals(stats[p], author, category) for p in (period_a, period_b))
                rate_a = round(a[1] / a[0], 2) if a[0] else None
                rate_b = round(b[1] / b[0], 2) if b[0] else None
                rows.append(
                    {
                        "author": author,
                        "category": category,
                        "messages_a": a[0],
                        "messages_b": b[0],
                        "findings_a": a[1],
                        "findings_b": b[1],
                        "per_message_a": rate_a,
                        "per_message_b": rate_b,
                        "change": round(rate_b - rate_a, 2) if rate_a is not None and rate_b is not None else None,
                    }
                )
        return rows

    def compare_tone(self, period_a: str, period_b: str) -> list[dict[str, Any]]:
        """Return per author (and '(team)') the messages and mean tone in two periods."""
        with self._failing("read"), self._read() as db:
            means = {p: tone_stats(db, p) for p in (period_a, period_b)}
        authors = sorted({a for m in means.values() for a in m if a != "(team)"}, key=str.casefold)
        rows = []
        for author in ["(team)", *authors]:
            (n_a, tone_a), (n_b, tone_b) = (means[p].get(author, (0, None)) for p in (period_a, period_b))
            rows.append(
                {
                    "author": author,
                    "messages_a": n_a,
                    "messages_b": n_b,
                    "tone_a": tone_a,
                    "tone_b": tone_b,
                    "change": round(tone_b - tone_a, 1) if tone_a is not None and tone_b is not None else None,
                }
            )
        return rows

    # ---- transactions and errors ----

    @contextmanager
    def _write(self) -> Iterator[Connection]:
        """Run the block as one write transaction (SQLite: the write lock taken up front)."""
        with self.engine.begin() as db:
            yield db

    @contextmanager
    def _read(self) -> Iterator[Connection]:
        """Run the block as one read transaction: a consistent snapshot, no write lock."""
        with self.engine.connect() as db:
            options: dict[str, Any] = {READ: True}
            if db.dialect.name == "postgresql":
                options["isolation_level"] = "REPEATABLE READ"
            db.execution_options(**options)
            with db.begin():
                yield db

    @contextmanager
    def _failing(self, action: str) -> Iterator[None]:
        """Turn any database failure inside the block into a HistoryError naming the database."""
        try:
            yield
        except (SQLAlchemyError, sqlite3.Error, OSError, ImportError, migrations.SchemaError) as exc:
            raise HistoryError(f"Cannot {action} the review history {self.where}: {_reason(exc)}", self.where) from exc

    @staticmethod
    def _check_file(path: Path) -> None:
        """Make the folder of a new SQLite file; refuse a folder or a special file where the file should be."""
        if path.exists() and not path.is_file():
            raise OSError(f"{path} is not a regular file")
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)


def _reason(exc: BaseException) -> str:
    """Return a plain reason for a database failure, with the driver's own words."""
    detail = str(exc.orig if isinstance(exc, DBAPIError) else exc).strip().splitlines()
    said = detail[0] if detail else type(exc).__name__
    lowered = said.lower()
    for clue, plain in _PLAIN.items():
        if clue in lowered:
            return f"{plain} ({said})"
    return said


_PLAIN = {
    "not a database": "the file is not a history database (it is damaged or another kind of file); move it"
    " aside to start a new history",
    "malformed": "the database file is damaged; restore it from a backup, or move it aside to start a new history",
    "readonly": "the history is read-only; saving and deleting are not possible",
    "read-only": "the history is read-only; saving and deleting are not possible",
    "unable to open": "the file cannot be opened",
    "disk i/o error": "the disk could not be read or written",
    "database or disk is full": "the disk is full",
    "database is locked": f"another program held the database for more than {BUSY_TIMEOUT_S:.0f} s",
    "connection refused": "the database server is not reachable",
    "no module named": "its database driver is not installed (for PostgreSQL: pip install .[postgres])",
    "could not parse sqlalchemy url": "this is not a database URL (e.g. postgresql+psycopg://user@host/db)",
}


def _masked(url: str) -> str:
    """Return a URL with any password replaced by ***, for messages (it may not parse as a URL)."""
    return re.sub(r"(://[^:/@]*):[^@]*@", r"\1:***@", url)
