"""A history made by the code before Alembic (SQLite, PRAGMA user_version=1) is upgraded in place, losing nothing.

The schema and the writes below are copied from coach/history.py as it was before the SQLAlchemy
rewrite, so the test builds exactly the file a user of that version has.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

from sqlalchemy import inspect, text
from test_history import APRIL, MARCH, finding, record

from coach import migrations
from coach.history import History
from coach.review import author_of

OLD_SCHEMA = """
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


def old_save(db: sqlite3.Connection, name: str, records: list[dict], when: str, bodies: list[str] | None = None) -> int:
    """Save a review the way the pre-Alembic code did (its INSERTs, its fingerprint)."""
    import hashlib

    analysed = sum("error" not in r for r in records)
    db.execute("BEGIN IMMEDIATE")
    review_id = db.execute(
        "INSERT INTO reviews (name, saved_at, audience, messages, analysed, skipped, bodies) VALUES (?,?,?,?,?,?,?)",
        (name, when, "non-technical", len(records), analysed, len(records) - analysed, int(bodies is not None)),
    ).lastrowid
    for position, r in enumerate(records):
        body = bodies[position] if bodies else None
        which = hashlib.sha256(body.encode()).hexdigest() if body else r["source"]
        key = [r.get("sender"), r.get("date"), r.get("subject"), which]
        message_id = db.execute(
            "INSERT INTO messages (review_id, position, source, sender, author, subject, date, period,"
            " fingerprint, tone, scores, warnings, error, body) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            (
                review_id,
                position,
                r["source"],
                r.get("sender"),
                author_of(r),
                r.get("subject"),
                r.get("date"),
                r.get("date") or when,
                hashlib.sha256(json.dumps(key).encode()).hexdigest(),
                (r.get("scores") or {}).get("tone"),
                json.dumps(r["scores"]) if "scores" in r else None,
                json.dumps(r.get("warnings") or []),
                r.get("error"),
                body,
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
                    f["message"],
                    f["suggestion"],
                )
                for f in r.get("findings") or ()
            ],
        )
    db.execute("COMMIT")
    return int(review_id)


def old_database(path: Path) -> dict[int, list[dict]]:
    """Make the file the old code made, with four saved reviews; return what each review held."""
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute("BEGIN IMMEDIATE")
    for statement in OLD_SCHEMA.split(";"):
        if statement.strip():
            db.execute(statement)
    db.execute("PRAGMA user_version=1")
    db.execute("COMMIT")
    saved = {
        old_save(db, "March", MARCH, "2024-04-01T08:00:00+00:00"): MARCH,
        old_save(db, "April", APRIL, "2024-05-01T08:00:00+00:00"): APRIL,
        old_save(db, "April bodies", APRIL, "2024-05-02T08:00:00+00:00", ["first body", "second body"]): APRIL,
        old_save(db, "March again", MARCH, "2024-05-03T08:00:00+00:00"): MARCH,
    }
    db.close()
    return saved


def test_the_pre_alembic_database_is_upgraded_in_place_keeping_every_review(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    saved = old_database(path)
    history = History(path)
    with history.engine.connect() as db:
        assert migrations.current_revision(db) == migrations.HEAD
        assert {"note", "replacement"} <= {c["name"] for c in inspect(db).get_columns("findings")}
        assert db.execute(text("PRAGMA journal_mode")).scalar() == "wal"
    assert [(r.id, r.name) for r in history.list_reviews()] == [
        (4, "March again"),
        (3, "April bodies"),
        (2, "April"),
        (1, "March"),
    ]
    for review_id, records in saved.items():
        # Everything the old code kept (it never kept recipients); findings with note "" and no replacement.
        assert history.load(review_id).records == [dict(r, recipients=[]) for r in records]
    assert history.load(3).bodies == ["first body", "second body"] and history.load(3).info.bodies
    # Comparisons over the old rows work as before: March saved twice counts once; April saved with and
    # without bodies has two fingerprints per mail (as before the upgrade), so it counts twice.
    assert history.periods() == ["2024-04", "2024-03"]
    rows = {(r["author"], r["category"]): r for r in history.compare("2024-03", "2024-04")}
    team = rows[("(team)", "jargon")]
    assert (rows[("ann@msp.com", "jargon")]["findings_a"], team["messages_a"], team["messages_b"]) == (2, 3, 4)
    # New saves keep note and replacement; old ids go on; deleting an old review cascades.
    fixed = dict(finding("jargon", "jargon.dns", "DNS"), note="why", replacement="web addresses")
    new_id = history.save_review("May", [record("a@msp.com", "2024-05-01", [fixed])])
    assert new_id == 5 and history.load(new_id).records[0]["findings"] == [fixed]
    assert history.delete(1) is True
    with history.engine.connect() as db:
        assert db.execute(text("SELECT count(*) FROM messages")).scalar() == 2 + 2 + 4 + 1


def test_reopening_an_upgraded_database_does_not_migrate_again(tmp_path: Path) -> None:
    path = tmp_path / "history.sqlite3"
    old_database(path)
    History(path)
    before = path.read_bytes()
    again = History(path)  # current already: only reads
    assert len(again.list_reviews()) == 4
    with again.engine.connect() as db:
        assert db.execute(text("SELECT count(*) FROM alembic_version")).scalar() == 1
    assert path.read_bytes() == before
