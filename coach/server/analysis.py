"""The work the server's endpoints do with the library: analysis with the sentences LanguageTool wants, rules."""

from __future__ import annotations

import copy
from collections.abc import Iterable
from typing import Any

from ..engine import SKIPPED_PIPES, Coach, InputError, check_audience, check_text
from ..nlp import sentences
from ..report import CATEGORIES, Report


def coach_with(base: Coach, disable: Iterable[str]) -> Coach:
    """Return the base coach with some rules or categories silenced, sharing its model and rules."""
    wanted = frozenset(d.strip() for d in disable if d and d.strip())
    if not wanted:
        return base
    unknown = {d for d in wanted if d not in base.rule_ids() and d not in CATEGORIES}
    if unknown:
        raise InputError(f"cannot disable unknown rule(s): {', '.join(sorted(unknown))}; see GET /v1/rules")
    silenced = copy.copy(base)  # the model, rules and analysers are read-only and shared
    silenced.disabled = base.disabled | wanted
    return silenced


def analyse_text(
    coach: Coach, text: str, audience: str, *, revise_text: bool = True
) -> tuple[Report, list[tuple[int, int]]]:
    """Return the report of one text and its sentences' character spans."""
    check_audience(audience)
    skipped = [p for p in SKIPPED_PIPES if p in coach.nlp.pipe_names]
    doc = next(iter(coach.nlp.pipe([check_text(text)], disable=skipped)))
    report = coach.report(doc, audience, revise_text=revise_text)
    return report, [(s.start_char, s.end_char) for s in sentences(doc).spans]


def rule_list(coach: Coach) -> list[dict[str, Any]]:
    """Return every rule the coach can report: id, category, message, severity, audiences and why."""
    rules: dict[str, dict[str, Any]] = {}
    found = [r for r in coach.rules if r.category != "allow"]
    for analyser in coach.analysers:
        found += list(analyser.rules)
    if coach.semantic is not None:
        found += list(coach.semantic.rules)
    for rule in found:
        rules.setdefault(
            rule.id,
            {
                "id": rule.id,
                "category": rule.category,
                "message": rule.message,
                "suggestion": rule.suggestion,
                "severity": rule.severity,
                "audience": sorted(rule.audience),
                "note": rule.note,
            },
        )
    rules.setdefault(
        "readability.long_sentence",
        {
            "id": "readability.long_sentence",
            "category": "readability",
            "message": "A sentence longer than the audience's limit (25, 40 or 45 words) is hard to follow.",
            "suggestion": "Split it in two where the coach shows.",
            "severity": "suggestion",
            "audience": ["executive", "non-technical", "technical"],
            "note": "",
        },
    )
    return sorted(
        rules.values(), key=lambda r: (CATEGORIES.index(r["category"]) if r["category"] in CATEGORIES else 99, r["id"])
    )
