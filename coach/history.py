"""Past reviews in a local SQLite database, so a lead can compare this month with last month.

What is kept by default: per message its source, author, date, subject and
scores, and per finding its category, rule, severity, offsets and the flagged
span with its coaching. Message bodies are NOT kept unless the caller asks
(``store_bodies=True``). Nothing leaves the machine.

Where: ``History(path)``, else the ``COACH_HISTORY_DB`` environment variable,
else ``history.sqlite3`` under ``platformdirs.user_data_dir("tone-coach")``.

Two browser tabs may save at once: every write is one ``BEGIN IMMEDIATE``
transaction on its own connection, the database runs in WAL mode (readers
never block the writer) and waits up to ``BUSY_TIMEOUT_S`` for a lock instead
of failing, so no save is lost.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from .report import CATEGORIES
from .review import author_of

ENV_VAR = "COACH_HISTORY_DB"
BUSY_TIMEOUT_S = 30.0
SCHEMA_VERSION = 1
SCHEMA = """
CREATE TABLE IF NOT EXISTS reviews (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    saved_at TEXT NOT NULL,
    audience TEXT NOT NULL,
    messages INTEGER NOT NULL,
    analysed INTEGER NOT NULL,
    skipped INTEGER NOT NULL,
    bodies INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS messages (
    id INTEGER PRIMARY KEY,
    review_id INTEGER NOT NULL REFERENCES reviews(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    source TEXT NOT NULL,
    sender TEXT,
    author TEXT NOT NULL,
    subject TEXT,
    date TEXT,
    period TEXT NOT NULL,          -- the message's date, else the day the review was saved
    fingerprint TEXT NOT NULL,     -- the same mail saved in two reviews counts once in compare()
    tone REAL,
    scores TEXT,
    warnings TEXT NOT NULL,
    error TEXT,
    body TEXT                      -- NULL unless saved with store_bodies=True
);
CREATE INDEX IF NOT EXISTS messages_review ON messages(review_id);
CREATE INDEX IF NOT EXISTS messages_period ON messages(period);
CREATE TABLE IF NOT EXISTS findings (
    id INTEGER PRIMARY KEY,
    message_id INTEGER NOT NULL REFERENCES messages(id) ON DELETE CASCADE,
    category TEXT NOT NULL,
    rule TEXT NOT NULL,
    severity TEXT NOT NULL,
    start INTEGER NOT NULL,
    "end" INTEGER NOT NULL,
    text TEXT NOT NULL,
    message TEXT NOT NULL,
    suggestion TEXT
);
CREATE INDEX IF NOT EXISTS findings_message ON findings(message_id);
"""


def default_path() -> Path:
    """Return where the history lives: $COACH_HISTORY_DB, else the user's data folder."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("tone-coach")) / "history.sqlite3"


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


def _review_info(row: Any) -> ReviewInfo:
    """Return the ReviewInfo of a reviews row (id, name, saved_at, audience, counts, bodies)."""
    return ReviewInfo(row[0], row[1], row[2], row[3], row[4], row[5], row[6], bodies=bool(row[7]))


@dataclass(frozen=True, slots=True)
class SavedReview:
    """A saved review loaded back: its info, its records (the review contract) and bodies if kept."""

    info: ReviewInfo
    records: list[dict[str, Any]]
    bodies: list[str | None]


def _enable_wal(db: sqlite3.Connection, tries: int = 50) -> None:
    """Switch the database to WAL; switching is not covered by busy_timeout, so retry while another opener holds it."""
    for attempt in range(tries):
        try:
            db.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == tries - 1:
                raise
            time.sleep(0.05 * (attempt + 1))  # back off: another process is creating the same database


class History:
    """Save, list, load, delete and compare reviews in one SQLite file."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        with self._connect() as db:
            _enable_wal(db)
            with _write(db):
                for statement in _statements(SCHEMA):
                    db.execute(statement)
                db.execute(f"PRAGMA user_version={SCHEMA_VERSION}")

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        """Open a connection for one operation (autocommit; transactions are explicit) and close it."""
        db = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT_S, isolation_level=None)
        try:
            db.execute(f"PRAGMA busy_timeout={int(BUSY_TIMEOUT_S * 1000)}")
            db.execute("PRAGMA foreign_keys=ON")
            yield db
        finally:
            db.close()

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
        with self._connect() as db, _write(db):
            review_id = db.execute(
                "INSERT INTO reviews (name, saved_at, audience, messages, analysed, skipped, bodies)"
                " VALUES (?,?,?,?,?,?,?)",
                (
                    name.strip() or "Untitled review",
                    when,
                    audience,
                    len(records),
                    analysed,
                    len(records) - analysed,
                    int(store_bodies),
                ),
            ).lastrowid
            for position, record in enumerate(records):
                text = bodies[position] if position < len(bodies) else None
                message_id = db.execute(
                    "INSERT INTO messages (review_id, position, source, sender, author, subject, date, period,"
                    " fingerprint, tone, scores, warnings, error, body) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                    (
                        review_id,
                        position,
                        record["source"],
                        record.get("sender"),
                        author_of(record),
                        record.get("subject"),
                        record.get("date"),
                        record.get("date") or when,
                        _fingerprint(record, text),
                        (record.get("scores") or {}).get("tone"),
                        json.dumps(record["scores"]) if "scores" in record else None,
                        json.dumps(record.get("warnings") or []),
                        record.get("error"),
                        text if store_bodies else None,
                    ),
                ).lastrowid
                db.executemany(
                    'INSERT INTO findings (message_id, category, rule, severity, start, "end", text, message,'
                    " suggestion) VALUES (?,?,?,?,?,?,?,?,?)",
                    [
                        (
                            message_id,
                            f["category"],
                            f["rule"],
                            f["severity"],
                            f["start"],
                            f["end"],
                            f["text"],
                            f.get("message") or "",
                            f.get("suggestion"),
                        )
                        for f in record.get("findings") or ()
                    ],
                )
        assert review_id is not None
        return int(review_id)

    def list_reviews(self) -> list[ReviewInfo]:
        """Return every saved review, newest first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT id, name, saved_at, audience, messages, analysed, skipped, bodies FROM reviews"
                " ORDER BY saved_at DESC, id DESC"
            ).fetchall()
        return [_review_info(row) for row in rows]

    def load(self, review_id: int) -> SavedReview:
        """Return a saved review's records (and bodies, if kept); KeyError if there is no such review."""
        with self._connect() as db:
            row = db.execute(
                "SELECT id, name, saved_at, audience, messages, analysed, skipped, bodies FROM reviews WHERE id = ?",
                (review_id,),
            ).fetchone()
            if row is None:
                raise KeyError(f"no saved review with id {review_id}")
            messages = db.execute(
                "SELECT id, source, sender, subject, date, scores, warnings, error, body"
                " FROM messages WHERE review_id = ? ORDER BY position",
                (review_id,),
            ).fetchall()
            found: dict[int, list[dict[str, Any]]] = defaultdict(list)
            for f in db.execute(
                'SELECT f.message_id, category, rule, start, "end", text, message, suggestion,'
                " severity FROM findings f JOIN messages m ON m.id = f.message_id"
                " WHERE m.review_id = ? ORDER BY f.id",
                (review_id,),
            ):
                found[f[0]].append(
                    {
                        "category": f[1],
                        "rule": f[2],
                        "start": f[3],
                        "end": f[4],
                        "text": f[5],
                        "message": f[6],
                        "suggestion": f[7],
                        "severity": f[8],
                        "note": "",
                        "replacement": None,
                    }
                )
        records, bodies = [], []
        for mid, source, sender, subject, date, scores, warnings, error, body in messages:
            record: dict[str, Any] = {
                "source": source,
                "subject": subject,
                "sender": sender,
                "recipients": [],
                "date": date,
                "warnings": json.loads(warnings),
            }
            if error is not None:
                record["error"] = error
            else:
                record["findings"] = found.get(mid, [])
                record["scores"] = json.loads(scores) if scores else {}
            records.append(record)
            bodies.append(body)
        return SavedReview(_review_info(row), records, bodies)

    def delete(self, review_id: int) -> bool:
        """Delete a saved review with its messages and findings; return whether it existed."""
        with self._connect() as db, _write(db):
            return db.execute("DELETE FROM reviews WHERE id = ?", (review_id,)).rowcount > 0

    def periods(self) -> list[str]:
        """Return the months (YYYY-MM) that hold analysed messages, newest first."""
        with self._connect() as db:
            rows = db.execute(
                "SELECT DISTINCT substr(period, 1, 7) FROM messages WHERE error IS NULL ORDER BY 1 DESC"
            ).fetchall()
        return [r[0] for r in rows]

    def compare(self, period_a: str, period_b: str) -> list[dict[str, Any]]:
        """Return per author and category the findings per message in two periods (e.g. '2024-03', '2024-04').

        A period is any prefix of an ISO date ('2024', '2024-03', '2024-03-15'). Each row:
        author, category, messages_a/b, findings_a/b, per_message_a/b (None without messages) and
        change (b minus a). Authors are listed with a '(team)' total first; the same mail saved in
        several reviews counts once.
        """
        stats = {p: self._period_stats(p) for p in (period_a, period_b)}
        authors = sorted({a for s in stats.values() for a in s}, key=str.casefold)
        rows = []
        for author in ["(team)", *authors]:
            for category in CATEGORIES:
                a, b = (_totals(stats[p], author, category) for p in (period_a, period_b))
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
        means = {p: self._tone_stats(p) for p in (period_a, period_b)}
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

    def _period_stats(self, period: str) -> dict[str, dict[str, int]]:
        """Return {author: {'messages': n, category: findings}} for one period, each mail counted once."""
        stats: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        with self._connect() as db:
            for author, n in db.execute(f"SELECT author, count(*) FROM ({_LATEST}) GROUP BY author", (period + "%",)):
                stats[author]["messages"] = n
            for author, category, n in db.execute(
                f"SELECT m.author, f.category, count(*) FROM ({_LATEST}) m JOIN findings f"
                " ON f.message_id = m.id GROUP BY m.author, f.category",
                (period + "%",),
            ):
                stats[author][category] = n
        return stats

    def _tone_stats(self, period: str) -> dict[str, tuple[int, float | None]]:
        """Return {author: (messages, mean tone)} for one period, with a '(team)' entry."""
        with self._connect() as db:
            rows = db.execute(
                f"SELECT author, count(*), avg(tone) FROM ({_LATEST}) GROUP BY author", (period + "%",)
            ).fetchall()
            team = db.execute(f"SELECT count(*), avg(tone) FROM ({_LATEST})", (period + "%",)).fetchone()
        result = {a: (n, round(t, 1) if t is not None else None) for a, n, t in rows}
        if team[0]:
            result["(team)"] = (team[0], round(team[1], 1) if team[1] is not None else None)
        return result


# The analysed messages of a period (bound as a LIKE prefix), the latest save of each mail only.
_LATEST = (
    "SELECT * FROM messages WHERE error IS NULL AND period LIKE ? AND id IN"
    " (SELECT max(id) FROM messages WHERE error IS NULL GROUP BY fingerprint)"
)


def _totals(stats: dict[str, dict[str, int]], author: str, category: str) -> tuple[int, int]:
    """Return (messages, findings of category) for an author, or summed over everyone for '(team)'."""
    people = stats.values() if author == "(team)" else [stats.get(author, {})]
    return sum(p.get("messages", 0) for p in people), sum(p.get(category, 0) for p in people)


def _fingerprint(record: dict[str, Any], body: str | None) -> str:
    """Return a digest naming one mail: author, date, subject and its body's digest (else its source)."""
    which = hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest() if body else record["source"]
    key = [record.get("sender"), record.get("date"), record.get("subject"), which]
    return hashlib.sha256(json.dumps(key).encode()).hexdigest()


@contextmanager
def _write(db: sqlite3.Connection) -> Iterator[None]:
    """Run the block as one write transaction, taking the write lock up front (BEGIN IMMEDIATE)."""
    db.execute("BEGIN IMMEDIATE")
    try:
        yield
    except BaseException:
        db.execute("ROLLBACK")
        raise
    db.execute("COMMIT")


def _statements(script: str) -> list[str]:
    """Split the schema into statements (comments dropped) for execution inside one transaction."""
    lines = [line.split("--", 1)[0] for line in script.splitlines()]
    return [s.strip() for s in "\n".join(lines).split(";") if s.strip()]
