"""Measure revision success on our own blunt client drafts (tests/data/revision_drafts.jsonl).

The three criteria of ../shared/devset/coaching_score.py: the revision (1) has no finding left in the
draft's labelled categories (benefit aside), (2) keeps at least 70% of the draft's content words and
(3) scores a higher tone than the draft. Run: .venv/bin/python scripts/measure_revision_drafts.py [--show]
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DRAFTS = ROOT / "tests" / "data" / "revision_drafts.jsonl"
STOP = set(
    "a an the to of and or in on for with at by is are was were be been it this that these those you "
    "your we our i my me they them their he she his her as so if but not no do did does have has had "
    "will would should could can just".split()
)


def content(text: str) -> set[str]:
    """Return the content words of a text (the dev scorer's definition)."""
    return {w for w in re.findall(r"[a-z][a-z'-]+", text.lower()) if w not in STOP and len(w) > 2}


def load_drafts(path: Path = DRAFTS) -> list[dict]:
    """Return the labelled drafts of a JSON Lines file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def judge(coach: Any, draft: dict) -> tuple[bool, str, dict]:
    """Return whether one draft's revision succeeds, the revision, and the three criteria (coach: a Coach or the module)."""
    report = coach.analyse(draft["text"])
    revision = report.revision or ""
    after = coach.analyse(revision) if revision else report
    left = sorted({f.category for f in after.findings} & set(draft["labels"]) - {"benefit"})
    keep = len(content(draft["text"]) & content(revision)) / max(1, len(content(draft["text"])))
    up = after.scores.get("tone", 0) > report.scores.get("tone", 0)
    return bool(revision) and not left and keep >= 0.7 and up, revision, {"left": left, "keep": keep, "up": up}


def main() -> None:
    """Print each failure (with --show) and the success share."""
    import coach

    drafts = load_drafts()
    ok = 0
    for d in drafts:
        good, revision, why = judge(coach, d)
        ok += good
        if "--show" in sys.argv and (not good or "--all" in sys.argv):
            print(f"{'OK  ' if good else 'FAIL'} {why}\n  - {d['text']}\n  + {revision}")
    print(f"SUMMARY revision_drafts success={ok}/{len(drafts)} ({ok / len(drafts):.1%})")


if __name__ == "__main__":
    main()
