"""The history's comparisons as queries: findings and tone per author in a period, each mail counted once."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from sqlalchemy import Connection, func, select

from .history_tables import findings, messages


def _latest(period: str) -> Any:
    """Return the analysed messages of a period (a date prefix), the latest save of each mail only."""
    newest = select(func.max(messages.c.id)).where(messages.c.error.is_(None)).group_by(messages.c.fingerprint)
    return (
        select(messages)
        .where(
            messages.c.error.is_(None),
            messages.c.period.startswith(period, autoescape=True),
            messages.c.id.in_(newest),
        )
        .subquery()
    )


def period_stats(db: Connection, period: str) -> dict[str, dict[str, int]]:
    """Return {author: {'messages': n, category: findings}} for one period, each mail counted once."""
    stats: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    latest = _latest(period)
    for author, n in db.execute(select(latest.c.author, func.count()).group_by(latest.c.author)):
        stats[author]["messages"] = n
    for author, category, n in db.execute(
        select(latest.c.author, findings.c.category, func.count())
        .join(findings, findings.c.message_id == latest.c.id)
        .group_by(latest.c.author, findings.c.category)
    ):
        stats[author][category] = n
    return stats


def tone_stats(db: Connection, period: str) -> dict[str, tuple[int, float | None]]:
    """Return {author: (messages, mean tone)} for one period, with a '(team)' entry."""
    latest = _latest(period)
    rows = db.execute(select(latest.c.author, func.count(), func.avg(latest.c.tone)).group_by(latest.c.author)).all()
    team = db.execute(select(func.count(), func.avg(latest.c.tone)).select_from(latest)).one()
    result = {a: (n, round(float(t), 1) if t is not None else None) for a, n, t in rows}
    if team[0]:
        result["(team)"] = (team[0], round(float(team[1]), 1) if team[1] is not None else None)
    return result


def totals(stats: dict[str, dict[str, int]], author: str, category: str) -> tuple[int, int]:
    """Return (messages, findings of category) for an author, or summed over everyone for '(team)'."""
    people = stats.values() if author == "(team)" else [stats.get(author, {})]
    return sum(p.get("messages", 0) for p in people), sum(p.get(category, 0) for p in people)
