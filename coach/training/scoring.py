"""Score a trainee's rewrite against what its exercise asks: a 0-100 score built from parts, each with why.

The parts come from the exercise and from ``coach.analyse`` only (its findings
and ``report.scores``):

- one part per skill: a category to clear (jargon, blame, condescension,
  profanity, readability: none left, partial credit for each one cleared), or
  something to add (benefit stated, expectations answered, empathy first: the
  coach no longer flags it);
- tone: the rewrite's tone against the draft's;
- readability for the exercise's audience (its grade against the target), when
  readability is not already one of the skills;
- the points the rewrite must still mention, when the exercise lists some (so
  deleting the hard part of a message does not pass).

An attempt passes when every required part passes (all but the general
readability part, which only counts in the score).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ..report import Finding, Report
from .exercises import ADD_SKILLS, SKILLS, Exercise
from .guidance import SKILL_GUIDANCE, skill_label

Analyse = Callable[[str, str], Report]
SKILL_WEIGHT = 60.0  # shared by the exercise's skills
TONE_WEIGHT = 20.0
READABILITY_WEIGHT = 10.0
POINTS_WEIGHT = 10.0
# On the learned tone scale (coach/scoring/learned.py) plain civil mail with no politeness marker sits
# at 39, emails people rated 1-5 of 5 average 31, 35, 50, 65 and 74 (one rating point 5-15 points).
TONE_GAIN = 5.0  # a rewrite passes on tone when it is this much warmer than the draft (half a rating point)...
WARM_TONE = 38.0  # ...or about as warm as plain civil mail (a civil draft need not get warmer)
GRADE_SLACK = 2.0  # grades above the audience's target still earn full marks up to this much
GRADE_SPAN = 4.0  # and nothing this much further on


@dataclass(frozen=True, slots=True)
class Part:
    """One part of an attempt's score: what was checked, how much of it was earned, and why."""

    name: str
    label: str
    weight: float
    earned: float  # 0..1
    passed: bool
    required: bool
    why: str

    @property
    def points(self) -> float:
        """Return the points this part contributes (weight times the share earned)."""
        return self.weight * self.earned

    def to_dict(self) -> dict[str, Any]:
        """Return the part as a JSON-ready dict."""
        return {
            "name": self.name,
            "label": self.label,
            "weight": round(self.weight, 1),
            "earned": round(self.earned, 3),
            "points": round(self.points, 1),
            "passed": self.passed,
            "required": self.required,
            "why": self.why,
        }


@dataclass(frozen=True)
class AttemptScore:
    """The score of one rewrite: 0-100, passed or not, its parts and the coach's report on the rewrite."""

    exercise_id: str
    score: int
    passed: bool
    parts: tuple[Part, ...]
    report: Report
    draft_report: Report

    @property
    def remaining(self) -> tuple[Finding, ...]:
        """Return the findings the coach still has on the rewrite."""
        return tuple(self.report.findings)

    @property
    def failed_skills(self) -> tuple[str, ...]:
        """Return the skills whose part did not pass."""
        return tuple(p.name for p in self.parts if p.name in SKILLS and not p.passed)

    def to_dict(self) -> dict[str, Any]:
        """Return the score as a JSON-ready dict (parts, tone, remaining findings)."""
        return {
            "exercise": self.exercise_id,
            "score": self.score,
            "passed": self.passed,
            "parts": [p.to_dict() for p in self.parts],
            "tone": self.report.scores.get("tone"),
            "draft_tone": self.draft_report.scores.get("tone"),
            "remaining": [
                {"category": f.category, "rule": f.rule, "text": f.text, "message": f.message} for f in self.remaining
            ],
        }


def _quoted(findings: list[Finding], limit: int = 3) -> str:
    shown = [f"'{' '.join(f.text.split())[:40]}'" for f in findings[:limit] if f.text.strip()]
    more = f" and {len(findings) - limit} more" if len(findings) > limit else ""
    return ", ".join(shown) + more


def _clear_part(skill: str, weight: float, draft: Report, rewrite: Report) -> Part:
    before = [f for f in draft.findings if f.category == skill]
    left = [f for f in rewrite.findings if f.category == skill]
    label = skill_label(skill)
    if not left:
        earned, why = 1.0, f"No {label.lower()} left" + (f" (the draft had {len(before)})." if before else ".")
    else:
        earned = max(0.0, 1.0 - len(left) / max(len(before), 1))
        quoted = _quoted(left)
        why = f"{len(left)} {label.lower()} finding(s) left" + (f": {quoted}." if quoted else ".")
        why += f" {SKILL_GUIDANCE[skill]}"
    return Part(skill, label, weight, earned, not left, True, why)


def _add_part(skill: str, weight: float, rewrite: Report) -> Part:
    left = [f for f in rewrite.findings if f.category == skill]
    label = skill_label(skill)
    done = {
        "benefit": "The recommendation now says what the client gains.",
        "expectations": "The who, what, when, where and how are answered.",
        "empathy": "It opens by acknowledging the client's situation.",
    }
    if not left:
        return Part(skill, label, weight, 1.0, True, True, done[skill])
    return Part(skill, label, weight, 0.0, False, True, f"{left[0].message} {SKILL_GUIDANCE[skill]}")


def _number(scores: dict[str, Any], *path: str) -> float | None:
    value: Any = scores
    for key in path:
        value = value.get(key) if isinstance(value, dict) else None
    return float(value) if isinstance(value, (int, float)) else None


def _tone_part(draft: Report, rewrite: Report) -> Part:
    before, after = _number(draft.scores, "tone") or 0.0, _number(rewrite.scores, "tone") or 0.0
    gain = after - before
    passed = gain >= TONE_GAIN or after >= WARM_TONE
    earned = 1.0 if passed else min(1.0, max(0.0, gain / TONE_GAIN))
    if passed:
        why = f"Tone {after:.0f}/100 against the draft's {before:.0f} ({gain:+.0f}): a client will feel the difference."
    else:
        why = (
            f"Tone {after:.0f}/100 against the draft's {before:.0f} ({gain:+.0f}); aim for +{TONE_GAIN:.0f} or "
            f"{WARM_TONE:.0f}. {SKILL_GUIDANCE['tone']}"
        )
    return Part("tone", "Tone change", TONE_WEIGHT, earned, passed, True, why)


def _readability_part(audience: str, rewrite: Report) -> Part:
    grade = _number(rewrite.scores, "readability", "grade")
    target = (rewrite.scores.get("readability") or {}).get("target") or [8, 10]
    top = float(target[-1])
    long_ones = [f for f in rewrite.findings if f.category == "readability"]
    if grade is None:
        earned = 1.0
    else:
        earned = min(1.0, max(0.0, 1.0 - (grade - top - GRADE_SLACK) / GRADE_SPAN))
    if long_ones:
        earned = min(earned, 0.5)
    passed = earned >= 1.0
    shown = "–" if grade is None else f"{grade:.1f}"
    why = f"Reading grade {shown} for a {audience} reader (aim for grade {top:g} or below)."
    if long_ones:
        why += f" {len(long_ones)} sentence(s) too long or a bottom line missing."
    if not passed:
        why += f" {SKILL_GUIDANCE['readability']}"
    return Part("readability_audience", "Readability for the reader", READABILITY_WEIGHT, earned, passed, False, why)


def mentions(text: str, word: str) -> bool:
    """Return whether text mentions a word or phrase (case-insensitive, whole words)."""
    return re.search(rf"(?<!\w){re.escape(word)}", text, re.IGNORECASE) is not None


def _points_part(exercise: Exercise, text: str) -> Part:
    missing = [p for p in exercise.points if not any(mentions(text, word) for word in p)]
    earned = 1.0 - len(missing) / len(exercise.points)
    if not missing:
        why = "Everything the client needs to hear is still there."
    else:
        listed = "; ".join(" / ".join(p) for p in missing)
        why = f"The rewrite no longer mentions: {listed}. Keep the substance; change how it is said."
    return Part("points", "Content kept", POINTS_WEIGHT, earned, not missing, True, why)


def score_parts(exercise: Exercise, text: str, draft: Report, rewrite: Report) -> tuple[Part, ...]:
    """Return the parts of an attempt's score, given the coach's reports on the draft and the rewrite."""
    weight = SKILL_WEIGHT / len(exercise.skills)
    parts = [
        _add_part(s, weight, rewrite) if s in ADD_SKILLS else _clear_part(s, weight, draft, rewrite)
        for s in exercise.skills
    ]
    parts.append(_tone_part(draft, rewrite))
    if "readability" not in exercise.skills:
        parts.append(_readability_part(exercise.audience, rewrite))
    if exercise.points:
        parts.append(_points_part(exercise, text))
    return tuple(parts)


def score_attempt(exercise: Exercise, text: str, analyse: Analyse | None = None) -> AttemptScore:
    """Score a rewrite of the exercise's draft (raises coach.InputError for empty or oversized text)."""
    if analyse is None:
        from .. import analyse as analyse_default

        analyse = analyse_default
    rewrite = analyse(text, exercise.audience)
    draft = analyse(exercise.draft, exercise.audience)
    parts = score_parts(exercise, rewrite.text, draft, rewrite)
    total = sum(p.weight for p in parts)
    score = round(100 * sum(p.points for p in parts) / total) if total else 0
    passed = all(p.passed for p in parts if p.required)
    return AttemptScore(exercise.id, score, passed, parts, rewrite, draft)
