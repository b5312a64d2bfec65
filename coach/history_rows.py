"""Rows of the review history and back: review records to table rows, rows to records, mail fingerprints."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import Any

from sqlalchemy import Row

from .review import author_of


def message_row(
    review_id: int,
    position: int,
    record: dict[str, Any],
    bodies: Sequence[str | None],
    store_bodies: bool,
    when: str,
) -> dict[str, Any]:
    """Return the messages row of one record."""
    text = bodies[position] if position < len(bodies) else None
    return _storable(
        {
            "review_id": review_id,
            "position": position,
            "source": record["source"],
            "sender": record.get("sender"),
            "author": author_of(record),
            "subject": record.get("subject"),
            "date": record.get("date"),
            "period": record.get("date") or when,
            "fingerprint": fingerprint(record, text),
            "tone": (record.get("scores") or {}).get("tone"),
            "scores": json.dumps(record["scores"]) if "scores" in record else None,
            "warnings": json.dumps(record.get("warnings") or []),
            "error": record.get("error"),
            "body": text if store_bodies else None,
        }
    )


def finding_row(message_id: int, f: dict[str, Any]) -> dict[str, Any]:
    """Return the findings row of one finding of a record."""
    return _storable(
        {
            "message_id": message_id,
            "category": f["category"],
            "rule": f["rule"],
            "severity": f["severity"],
            "start": f["start"],
            "end": f["end"],
            "text": f["text"],
            "message": f.get("message") or "",
            "suggestion": f.get("suggestion"),
            "note": f.get("note") or "",
            "replacement": f.get("replacement"),
        }
    )


def _storable(row: dict[str, Any]) -> dict[str, Any]:
    """Return the row with text every database stores: lone surrogates and NUL become U+FFFD."""
    return {key: _clean(value) if isinstance(value, str) else value for key, value in row.items()}


def _clean(text: str) -> str:
    """Return text as valid UTF-8 without NUL (PostgreSQL refuses both; SQLite would differ from it)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace")
    return text.replace("\x00", "\ufffd")


def finding_record(f: Any) -> dict[str, Any]:
    """Return a finding as the review record has it, from its row (no note or replacement before 0002)."""
    return {
        "category": f["category"],
        "rule": f["rule"],
        "start": f["start"],
        "end": f["end"],
        "text": f["text"],
        "message": f["message"],
        "suggestion": f["suggestion"],
        "severity": f["severity"],
        "note": f["note"] or "",
        "replacement": f["replacement"],
    }


def record_of(row: Row[Any], found: dict[int, list[dict[str, Any]]]) -> dict[str, Any]:
    """Return the review record of a messages row, with its findings."""
    record: dict[str, Any] = {
        "source": row.source,
        "subject": row.subject,
        "sender": row.sender,
        "recipients": [],
        "date": row.date,
        "warnings": json.loads(row.warnings),
    }
    if row.error is not None:
        record["error"] = row.error
    else:
        record["findings"] = found.get(row.id, [])
        record["scores"] = json.loads(row.scores) if row.scores else {}
    return record


def fingerprint(record: dict[str, Any], body: str | None) -> str:
    """Return a digest naming one mail: author, date, subject and its body's digest (else its source)."""
    which = hashlib.sha256(body.encode("utf-8", "surrogatepass")).hexdigest() if body else record["source"]
    key = [record.get("sender"), record.get("date"), record.get("subject"), which]
    return hashlib.sha256(json.dumps(key).encode()).hexdigest()
