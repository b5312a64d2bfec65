"""The records the coach returns: one Finding per flagged span, one Report per message."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

CATEGORIES = (
    "jargon",
    "blame",
    "condescension",
    "profanity",
    "benefit",
    "expectations",
    "empathy",
    "readability",
    "directness",
)
SEVERITIES = ("suggestion", "warning", "error")
AUDIENCES = ("non-technical", "executive", "technical")


@dataclass(frozen=True, slots=True)
class Finding:
    """One flagged span of the analysed text, with the coaching that goes with it."""

    category: str
    rule: str
    start: int
    end: int
    text: str
    message: str
    suggestion: str | None
    severity: str
    note: str = ""
    # The exact text that can replace text[start:end] ("" deletes it); None when
    # the fix needs the writer (e.g. a benefit only they can state).
    replacement: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return the finding as a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class RevisionEdit:
    """One change the revision made: text[start:end] (before) became revision[at:at_end] (after), and why."""

    start: int  # in Report.text
    end: int
    before: str  # == Report.text[start:end]
    after: str  # == Report.revision[at:at_end]
    at: int
    at_end: int
    rule: str  # the finding's rule
    why: str  # the finding's note (or its message)

    def to_dict(self) -> dict[str, Any]:
        """Return the edit as a JSON-ready dict."""
        return asdict(self)


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the coach says about one message."""

    text: str
    audience: str
    findings: tuple[Finding, ...] = ()
    scores: dict[str, Any] = field(default_factory=dict)
    revision: str | None = None
    warnings: tuple[str, ...] = ()
    edits: tuple[RevisionEdit, ...] = ()  # what the revision changed, in text order, each with its reason

    def by_category(self, category: str) -> list[Finding]:
        """Return the findings of one category, in text order."""
        return [f for f in self.findings if f.category == category]

    def to_dict(self) -> dict[str, Any]:
        """Return the report as a JSON-ready dict (the shape pinned in the README)."""
        return {
            "audience": self.audience,
            "text": self.text,
            "findings": [f.to_dict() for f in self.findings],
            "scores": self.scores,
            "revision": self.revision,
            "warnings": list(self.warnings),
            "edits": [e.to_dict() for e in self.edits],
        }

    def to_json(self, **kwargs: Any) -> str:
        """Return the report as a JSON string."""
        return json.dumps(self.to_dict(), ensure_ascii=False, **kwargs)
