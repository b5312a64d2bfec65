"""What a session's group practised, what improved from first to last attempt, and the problems most often left.

``summarise`` builds the figures from the stored attempts; ``to_markdown`` and
``to_html`` write them as self-contained documents (the HTML carries its own
styles and no script). Every piece of trainee or trainer text is escaped for
the format it goes into, so a name like ``<script>`` stays text. Nobody is
named unless they chose a name; the others are "Trainee 1", "Trainee 2", ...
"""

from __future__ import annotations

import html
import re
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from statistics import mean
from typing import Any

from .exercises import Exercise
from .guidance import guidance_for, skill_label
from .store import StoredAttempt, TrainingSession

TOP_PROBLEMS = 3
# Enough to keep user text from becoming markup (links, images, HTML, emphasis, tables, maths), no more,
# so the exported file still reads well as plain text.
_MARKDOWN_SPECIALS = re.compile(r"([\\`*_{}\[\]#|<>~$&])")
_LINE_START = re.compile(r"^(\s*)([-+=>]|\d+[.)])")


@dataclass(frozen=True)
class Problem:
    """A finding left in the group's last attempts: how often, an example and the guidance behind it."""

    rule: str
    category: str
    count: int
    message: str
    note: str
    guidance: str


@dataclass(frozen=True)
class ExerciseLine:
    """How the group did on one exercise: attempts, trainees, first and last mean score, who passed."""

    id: str
    title: str
    skills: tuple[str, ...]
    attempts: int
    trainees: int
    first_mean: float
    last_mean: float
    passed: int


@dataclass(frozen=True)
class SessionSummary:
    """A session's summary: who took part (counted), per exercise and per skill results, the top problems."""

    code: str
    title: str
    created_at: str
    ended_at: str | None
    trainees: int
    attempts: int
    exercises: tuple[ExerciseLine, ...]
    skills: tuple[dict[str, Any], ...]  # skill, label, first_rate, last_rate
    problems: tuple[Problem, ...]
    improvement: float | None  # mean change from first to last score, per trainee and exercise
    names: tuple[str, ...]  # display names: chosen names, else "Trainee N"


def display_names(attempts: Sequence[StoredAttempt]) -> dict[str, str]:
    """Return each trainee key's display name: the name they chose, else "Trainee N" in order of arrival."""
    names: dict[str, str] = {}
    anonymous = 0
    for a in attempts:
        if a.trainee_key in names:
            continue
        if a.trainee:
            names[a.trainee_key] = a.trainee
        else:
            anonymous += 1
            names[a.trainee_key] = f"Trainee {anonymous}"
    return names


def first_and_last(attempts: Sequence[StoredAttempt]) -> dict[tuple[str, str], tuple[StoredAttempt, StoredAttempt]]:
    """Return per (trainee, exercise) their first and their last attempt."""
    pairs: dict[tuple[str, str], list[StoredAttempt]] = defaultdict(list)
    for a in attempts:
        pairs[(a.trainee_key, a.exercise_id)].append(a)
    return {key: (tries[0], tries[-1]) for key, tries in pairs.items()}


def common_problems(attempts: Sequence[StoredAttempt], limit: int = TOP_PROBLEMS) -> list[Problem]:
    """Return the findings most often left in each trainee's last attempt per exercise, with their guidance."""
    counts: Counter[str] = Counter()
    example: dict[str, dict[str, Any]] = {}
    for _first, last in first_and_last(attempts).values():
        for rule in dict.fromkeys(str(f.get("rule", "")) for f in last.remaining):
            counts[rule] += 1
        for f in last.remaining:
            example.setdefault(str(f.get("rule", "")), f)
    problems = []
    for rule, count in counts.most_common(limit):
        f = example[rule]
        category = str(f.get("category", ""))
        problems.append(
            Problem(rule, category, count, str(f.get("message", "")), str(f.get("note", "")), guidance_for(category))
        )
    return problems


def summarise(
    session: TrainingSession, attempts: Sequence[StoredAttempt], exercises: Mapping[str, Exercise]
) -> SessionSummary:
    """Return the summary of a session from its attempts (exercises by id give titles and skills)."""
    pairs = first_and_last(attempts)
    lines = []
    for exercise_id in dict.fromkeys([*session.exercises, *(a.exercise_id for a in attempts)]):
        tries = [a for a in attempts if a.exercise_id == exercise_id]
        ends = [pair for key, pair in pairs.items() if key[1] == exercise_id]
        exercise = exercises.get(exercise_id)
        lines.append(
            ExerciseLine(
                id=exercise_id,
                title=exercise.title if exercise else exercise_id,
                skills=exercise.skills if exercise else (),
                attempts=len(tries),
                trainees=len(ends),
                first_mean=round(mean(f.score for f, _ in ends), 1) if ends else 0.0,
                last_mean=round(mean(last.score for _, last in ends), 1) if ends else 0.0,
                passed=sum(last.passed for _, last in ends),
            )
        )
    skill_first: dict[str, list[bool]] = defaultdict(list)
    skill_last: dict[str, list[bool]] = defaultdict(list)
    for first, last in pairs.values():
        for skill in first.skills:
            skill_first[skill].append(skill not in first.failed_skills)
            skill_last[skill].append(skill not in last.failed_skills)
    skills = tuple(
        {
            "skill": skill,
            "label": skill_label(skill),
            "first_rate": round(sum(skill_first[skill]) / len(skill_first[skill]), 2),
            "last_rate": round(sum(skill_last[skill]) / len(skill_last[skill]), 2),
            "trainees": len(skill_first[skill]),
        }
        for skill in sorted(skill_first)
    )
    changes = [last.score - first.score for first, last in pairs.values()]
    names = display_names(attempts)
    return SessionSummary(
        code=session.code,
        title=session.title,
        created_at=session.created_at,
        ended_at=session.ended_at,
        trainees=len(names),
        attempts=len(attempts),
        exercises=tuple(lines),
        skills=skills,
        problems=tuple(common_problems(attempts)),
        improvement=round(mean(changes), 1) if changes else None,
        names=tuple(names.values()),
    )


def md_escape(text: str) -> str:
    """Return text on one line with the characters that would make Markdown or HTML of it backslash-escaped."""
    flat = _MARKDOWN_SPECIALS.sub(r"\\\1", " ".join(text.split()))
    return _LINE_START.sub(lambda m: m.group(1) + m.group(2)[:-1] + "\\" + m.group(2)[-1], flat)


def _when(iso: str) -> str:
    """Return an ISO UTC time as '2026-03-12 09:30 UTC'."""
    return iso[:16].replace("T", " ") + " UTC"


def _pct(rate: float) -> str:
    return f"{rate * 100:.0f}%"


def to_markdown(summary: SessionSummary) -> str:
    """Return the summary as a self-contained Markdown document."""
    out = [
        f"# Training session summary: {md_escape(summary.title)}",
        "",
        f"Join code {md_escape(summary.code)} · started {_when(summary.created_at)}"
        + (f" · ended {_when(summary.ended_at)}" if summary.ended_at else " · still open"),
        "",
        f"{summary.trainees} trainee(s), {summary.attempts} attempt(s).",
    ]
    if summary.improvement is not None:
        out.append(f"From first to last attempt, scores changed by {summary.improvement:+.1f} points on average.")
    out += [
        "",
        "## What the group practised",
        "",
        "| exercise | skills | trainees | attempts | first | last | passed |",
    ]
    out.append("|---|---|---|---|---|---|---|")
    for e in summary.exercises:
        skills = ", ".join(skill_label(s) for s in e.skills)
        out.append(
            f"| {md_escape(e.title)} | {md_escape(skills)} | {e.trainees} | {e.attempts} | "
            f"{e.first_mean:.0f} | {e.last_mean:.0f} | {e.passed} |"
        )
    out += ["", "## What improved from first to last attempt", ""]
    if not summary.skills:
        out.append("No attempts were submitted.")
    for s in summary.skills:
        out.append(
            f"- **{md_escape(s['label'])}**: passed by {_pct(s['first_rate'])} on the first attempt, "
            f"{_pct(s['last_rate'])} on the last ({s['trainees']} trainee-exercise pair(s))."
        )
    out += ["", "## The problems most often left", ""]
    if not summary.problems:
        out.append("Nothing was left in the last attempts: well done.")
    for i, p in enumerate(summary.problems, start=1):
        out.append(
            f"{i}. **{md_escape(skill_label(p.category))}**, left in {p.count} last attempt(s): {md_escape(p.message)}"
        )
        if p.note:
            out.append(f"   Why: {md_escape(p.note)}")
        if p.guidance:
            out.append(f"   The guidance: {md_escape(p.guidance)}")
    out += ["", "## Who took part", "", md_escape(", ".join(summary.names)) or "Nobody submitted.", ""]
    return "\n".join(out)


def _e(text: str) -> str:
    return html.escape(text, quote=True)


CSS = (
    "body{font-family:system-ui,-apple-system,Segoe UI,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;"
    "color:#1f2430;line-height:1.5}table{border-collapse:collapse;width:100%}th,td{border:1px solid #d0d4dc;"
    "padding:.3rem .5rem;text-align:left}th{background:#f3f4f6}.muted{color:#5b6170}"
    ".bar{display:inline-block;height:.7rem;background:#4e79a7;border-radius:.2rem;vertical-align:middle}"
)


def to_html(summary: SessionSummary) -> str:
    """Return the summary as one self-contained HTML page (inline styles, no script, every value escaped)."""
    rows = "".join(
        f"<tr><td>{_e(e.title)}</td><td>{_e(', '.join(skill_label(s) for s in e.skills))}</td>"
        f"<td>{e.trainees}</td><td>{e.attempts}</td><td>{e.first_mean:.0f}</td><td>{e.last_mean:.0f}</td>"
        f"<td>{e.passed}</td></tr>"
        for e in summary.exercises
    )
    skills = "".join(
        f"<tr><td>{_e(s['label'])}</td><td>{_pct(s['first_rate'])} "
        f'<span class="bar" style="width:{s["first_rate"] * 6:.1f}rem"></span></td>'
        f"<td>{_pct(s['last_rate'])} "
        f'<span class="bar" style="width:{s["last_rate"] * 6:.1f}rem"></span></td></tr>'
        for s in summary.skills
    )
    problems = "".join(
        f"<li><b>{_e(skill_label(p.category))}</b>, left in {p.count} last attempt(s): {_e(p.message)}"
        + (f'<br><span class="muted">Why: {_e(p.note)}</span>' if p.note else "")
        + (f"<br>The guidance: {_e(p.guidance)}" if p.guidance else "")
        + "</li>"
        for p in summary.problems
    )
    ended = f" · ended {_e(_when(summary.ended_at))}" if summary.ended_at else " · still open"
    change = (
        f"<p>From first to last attempt, scores changed by {summary.improvement:+.1f} points on average.</p>"
        if summary.improvement is not None
        else ""
    )
    return (
        '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
        f"<title>Training session summary: {_e(summary.title)}</title><style>{CSS}</style></head><body>"
        f"<h1>Training session summary: {_e(summary.title)}</h1>"
        f'<p class="muted">Join code {_e(summary.code)} · started {_e(_when(summary.created_at))}{ended}</p>'
        f"<p>{summary.trainees} trainee(s), {summary.attempts} attempt(s).</p>{change}"
        "<h2>What the group practised</h2><table><tr><th>exercise</th><th>skills</th><th>trainees</th>"
        f"<th>attempts</th><th>first</th><th>last</th><th>passed</th></tr>{rows}</table>"
        "<h2>What improved from first to last attempt</h2>"
        + (
            f"<table><tr><th>skill</th><th>passed on first attempt</th><th>passed on last attempt</th></tr>{skills}</table>"
            if skills
            else "<p>No attempts were submitted.</p>"
        )
        + "<h2>The problems most often left</h2>"
        + (f"<ol>{problems}</ol>" if problems else "<p>Nothing was left in the last attempts: well done.</p>")
        + f"<h2>Who took part</h2><p>{_e(', '.join(summary.names)) or 'Nobody submitted.'}</p></body></html>"
    )
