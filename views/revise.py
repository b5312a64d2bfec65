"""Apply findings' fixes to a draft for the page: a thin view over coach.rewrite.

coach.rewrite dispatches on each finding's rule action (replace, remove, swap,
retell, insert_before/insert_after) and refuses a stale finding (one whose text
no longer matches the draft), so the page never splices text itself. Apply all
is coach.rewrite.revise, the code path of report.revision, so the suggested
revision and Apply all give the same text.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from html import escape

from coach import Finding, rewrite

from .why import public_note


@dataclass(frozen=True)
class Fix:
    """What Apply will do to a finding's part of the draft: replace text[start:end] by new."""

    start: int
    end: int
    new: str


def planned_fix(text: str, finding: Finding) -> Fix | None:
    """Return the change Apply would make for a finding, or None when only the writer can fix it."""
    edit = rewrite.edit_for(text, finding)
    return None if edit is None else Fix(edit.start, edit.end, edit.text)


def can_apply(text: str, finding: Finding) -> bool:
    """Return whether Apply can fix this finding in text without the writer's own words."""
    return planned_fix(text, finding) is not None


def apply_one(text: str, finding: Finding) -> str:
    """Return the draft with one finding fixed (unchanged when it has no fix or is stale)."""
    return rewrite.apply_one(text, finding)


def apply_all(text: str, findings: Iterable[Finding]) -> str:
    """Return the draft with every fixable finding fixed: the same text as the coach's suggested revision."""
    return rewrite.revise(text, tuple(findings))


def edits_html(report: object) -> str:
    """Return the suggested revision as one HTML block, each change marked with its reason on hover (escaped)."""
    revision = getattr(report, "revision", None)
    changes = getattr(report, "edits", ())
    if not isinstance(revision, str) or not changes:
        return ""
    out: list[str] = []
    pos = 0
    text = getattr(report, "text", "")
    for e in changes:
        if e.start < pos:
            continue
        why = escape(public_note(e.why), quote=True)
        out.append(escape(text[pos : e.start]))
        removed = f"<del>{escape(e.before)}</del>" if e.before.strip() else ""
        added = f"<ins>{escape(e.after)}</ins>" if e.after.strip() else ""
        out.append(f'<span class="tc-change" title="{why}" tabindex="0">{removed}{added}</span>')
        pos = e.end
    out.append(escape(text[pos:]))
    return f'<div class="tc-diff tc-changes" data-testid="tc-changes">{"".join(out)}</div>'


def suggested_revision(report: object) -> str | None:
    """Return the report's own revision when it differs from the text."""
    revision = getattr(report, "revision", None)
    text = getattr(report, "text", None)
    return revision if isinstance(revision, str) and revision.strip() and revision != text else None
