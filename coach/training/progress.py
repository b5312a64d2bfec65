"""A trainee's progress from their stored attempts: per skill over time, the weakest skill, the next exercise, CSV.

Turning an AttemptScore into the fields the store keeps also lives here, so
the page, the CLI and the tests store the same record.
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Iterable, Sequence
from typing import Any

from .exercises import DIFFICULTIES, Exercise
from .guidance import skill_label
from .scoring import AttemptScore
from .store import StoredAttempt

CSV_COLUMNS = ("submitted_at", "trainee", "session", "exercise", "score", "passed", "failed_skills", "tone", "rewrite")
MAX_REMAINING_KEPT = 50


def attempt_fields(result: AttemptScore, rewrite: str, skills: Sequence[str]) -> dict[str, Any]:
    """Return the store's fields for a scored attempt (pass them to TrainingStore.add_attempt)."""
    remaining = [
        {"category": f.category, "rule": f.rule, "text": f.text[:200], "message": f.message, "note": f.note}
        for f in result.remaining[:MAX_REMAINING_KEPT]
    ]
    tone = result.report.scores.get("tone")
    return {
        "exercise_id": result.exercise_id,
        "skills": list(skills),
        "score": result.score,
        "passed": result.passed,
        "failed_skills": list(result.failed_skills),
        "parts": [p.to_dict() for p in result.parts],
        "remaining": remaining,
        "tone": float(tone) if isinstance(tone, (int, float)) else None,
        "rewrite": rewrite,
    }


def skill_results(attempt: StoredAttempt) -> dict[str, bool]:
    """Return, for each skill the attempt practised, whether it passed."""
    return {skill: skill not in attempt.failed_skills for skill in attempt.skills}


def progress_rows(attempts: Iterable[StoredAttempt]) -> list[dict[str, Any]]:
    """Return one row per attempt and skill (when, exercise, skill, passed, score), oldest first, for a chart."""
    rows = []
    for n, attempt in enumerate(attempts, start=1):
        for skill, passed in skill_results(attempt).items():
            rows.append(
                {
                    "attempt": n,
                    "submitted_at": attempt.submitted_at,
                    "exercise": attempt.exercise_id,
                    "skill": skill_label(skill),
                    "passed": passed,
                    "score": attempt.score,
                }
            )
    return rows


def skill_table(attempts: Iterable[StoredAttempt]) -> list[dict[str, Any]]:
    """Return per skill practised: attempts, passes, pass rate and whether the latest attempt passed it."""
    tries: dict[str, list[bool]] = defaultdict(list)
    for attempt in attempts:
        for skill, passed in skill_results(attempt).items():
            tries[skill].append(passed)
    return [
        {
            "skill": skill_label(skill),
            "key": skill,
            "attempts": len(results),
            "passed": sum(results),
            "pass_rate": round(sum(results) / len(results), 2),
            "latest": "passed" if results[-1] else "not yet",
        }
        for skill, results in sorted(tries.items(), key=lambda kv: (sum(kv[1]) / len(kv[1]), kv[0]))
    ]


def weakest_skill(attempts: Sequence[StoredAttempt]) -> str | None:
    """Return the skill the trainee passes least often (recent attempts weigh more), or None before any attempt."""
    weight: dict[str, float] = defaultdict(float)
    failed: dict[str, float] = defaultdict(float)
    for i, attempt in enumerate(attempts, start=1):
        for skill, passed in skill_results(attempt).items():
            weight[skill] += i
            failed[skill] += 0 if passed else i
    if not weight:
        return None
    return max(sorted(weight), key=lambda s: failed[s] / weight[s])


def suggest_next(exercises: Sequence[Exercise], attempts: Sequence[StoredAttempt]) -> tuple[Exercise, str] | None:
    """Return the exercise to take next and why: one practising the weakest skill, not yet passed, easiest first."""
    if not exercises:
        return None
    passed = {a.exercise_id for a in attempts if a.passed}
    tried: dict[str, int] = defaultdict(int)
    for a in attempts:
        tried[a.exercise_id] += 1
    skill = weakest_skill(attempts)
    if skill is not None and all(skill not in a.failed_skills for a in attempts):
        skill = None  # every skill tried so far was passed: move on to something new
    pool = [e for e in exercises if skill in e.skills] if skill else list(exercises)
    fresh = [e for e in pool if e.id not in passed] or [e for e in exercises if e.id not in passed] or list(pool)

    def order(e: Exercise) -> tuple[int, int, int]:
        return (tried[e.id], DIFFICULTIES.index(e.difficulty), exercises.index(e))

    choice = min(fresh, key=order)
    if skill is None:
        if attempts:
            return choice, "You passed every skill you tried so far: here is one you have not done yet."
        return choice, "A good place to start: an easy exercise you have not done yet."
    return choice, f"Your weakest skill so far is {skill_label(skill).lower()}: this exercise practises it."


def attempts_csv(attempts: Iterable[StoredAttempt], names: dict[str, str] | None = None) -> str:
    """Return the attempts as CSV (one row per attempt); spreadsheet formulas in user text are neutralised."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for a in attempts:
        who = (names or {}).get(a.trainee_key) or a.trainee or ""
        writer.writerow(
            [
                a.submitted_at,
                _cell(who),
                a.session_code or "",
                a.exercise_id,
                a.score,
                "yes" if a.passed else "no",
                " ".join(a.failed_skills),
                "" if a.tone is None else a.tone,
                _cell(a.rewrite),
            ]
        )
    return out.getvalue()


def _cell(text: str) -> str:
    """Return text safe for a spreadsheet cell: a leading =, +, - or @ would run as a formula."""
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
