"""Apply findings' fixes to a draft: the library's coach.rewrite when it exists, else a plain splice.

coach.rewrite (edit_for / apply_one / apply_all) is used whenever it is
importable: it also fixes findings without a ready ``replacement`` (blame
retold, a benefit sentence added). Without it, a finding's ``replacement`` is
spliced in here, right to left, skipping fixes that overlap one already made
and any finding whose span no longer matches the text.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from types import ModuleType

from coach import Finding


def rewrite_module() -> ModuleType | None:
    """Return coach.rewrite if it is installed, else None (a broken module still raises)."""
    try:
        return importlib.import_module("coach.rewrite")
    except ModuleNotFoundError as exc:
        if exc.name in ("coach.rewrite", "coach"):
            return None
        raise


@dataclass(frozen=True)
class Fix:
    """What Apply will do to a finding's part of the draft: replace text[start:end] by new."""

    start: int
    end: int
    new: str


def planned_fix(text: str, finding: Finding) -> Fix | None:
    """Return the change Apply would make for a finding, or None when only the writer can fix it."""
    module = rewrite_module()
    if module is not None and hasattr(module, "edit_for"):
        edit = module.edit_for(text, finding)
        return None if edit is None else Fix(edit.start, edit.end, edit.text)
    if finding.replacement is None or text[finding.start : finding.end] != finding.text:
        return None
    return Fix(finding.start, finding.end, finding.replacement)


def can_apply(text: str, finding: Finding) -> bool:
    """Return whether Apply can fix this finding in text without the writer's own words."""
    return planned_fix(text, finding) is not None


def _tidy_join(left: str, insert: str, right: str) -> str:
    """Join three pieces; after a cut, drop the doubled space, stray punctuation and fix the capital."""
    if insert:
        return left + insert + right
    sentence_start = left.strip() == "" or bool(re.search(r"(?:[.!?]\s+|\n\s*)$", left))
    right = right.lstrip(" \t")
    if sentence_start:
        right = re.sub(r"^[,;:?!.]+\s*", "", right)
        right = right[:1].upper() + right[1:]
        return left + right
    left = left.rstrip(" \t")
    joiner = "" if right[:1] in tuple(",.;:!?)") or right == "" else " "
    return left + joiner + right


def splice(text: str, finding: Finding) -> str:
    """Return text with one finding's replacement spliced in (unchanged if it has none or is stale)."""
    if finding.replacement is None or text[finding.start : finding.end] != finding.text:
        return text
    return _tidy_join(text[: finding.start], finding.replacement, text[finding.end :])


def splice_all(text: str, findings: Iterable[Finding]) -> str:
    """Return text with every non-overlapping replacement spliced in, right to left."""
    chosen: list[Finding] = []
    for f in sorted((f for f in findings if f.replacement is not None), key=lambda f: (f.start, -(f.end - f.start))):
        if chosen and f.start < chosen[-1].end:
            continue  # overlaps a fix already chosen (e.g. "!!" inside "#$!@!!")
        chosen.append(f)
    for f in reversed(chosen):
        text = splice(text, f)
    return re.sub(r"[ \t]{2,}", " ", text) if chosen else text


def apply_one(text: str, finding: Finding) -> str:
    """Return the draft with one finding fixed, by coach.rewrite.apply_one when available."""
    module = rewrite_module()
    if module is not None and hasattr(module, "apply_one"):
        return module.apply_one(text, finding)
    return splice(text, finding)


def apply_all(text: str, findings: Iterable[Finding]) -> str:
    """Return the draft with every fixable finding fixed, by coach.rewrite.apply_all when available."""
    module = rewrite_module()
    findings = tuple(findings)
    if module is not None and hasattr(module, "apply_all"):
        return module.apply_all(text, findings)
    return splice_all(text, findings)


def suggested_revision(report: object) -> str | None:
    """Return the report's own revision when the library provides one that differs from the text."""
    revision = getattr(report, "revision", None)
    text = getattr(report, "text", None)
    return revision if isinstance(revision, str) and revision.strip() and revision != text else None
