"""Measure the expectations and benefit findings: our own messages (recall, false alarms) and the noise on real mail.

    .venv/bin/python scripts/measure_expectations_benefit.py [--emails ../shared/external/business_emails.jsonl]

Our own messages are tests/data/{expectations,benefit}_{messages,heldout}.jsonl. The
business emails (../shared/external, evaluation only) are counted, never printed: the rate of messages with
an expectations or a benefit finding is what ordinary mail gets.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from coach import Coach
from coach.nlp import load_model

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "tests" / "data"


def read_jsonl(path: Path) -> list[dict]:
    """Return the JSON objects of a .jsonl file."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def confusion(flags: list[bool], truth: list[bool]) -> str:
    """Return precision, recall and the counts as one line."""
    tp = sum(f and t for f, t in zip(flags, truth, strict=True))
    fp = sum(f and not t for f, t in zip(flags, truth, strict=True))
    fn = sum(t and not f for f, t in zip(flags, truth, strict=True))
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 1.0
    return f"precision={precision:.2f} recall={recall:.2f} (tp={tp} fp={fp} fn={fn}, {len(flags)} messages)"


def main() -> None:
    """Print the numbers."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--emails", type=Path, default=ROOT.parent / "shared" / "external" / "business_emails.jsonl")
    args = parser.parse_args()
    coach = Coach(nlp=load_model(), semantic=False)

    def flagged(text: str, category: str) -> bool:
        found = coach.analyse(text).by_category(category)
        return any(f.rule != "benefit.risk_as_cost" for f in found)

    for part in ("messages", "heldout"):
        exp = read_jsonl(DATA / f"expectations_{part}.jsonl")
        flags = [flagged(c["text"], "expectations") for c in exp]
        print(f"expectations, own {part}:", confusion(flags, [bool(c["open"]) for c in exp]))
        ben = read_jsonl(DATA / f"benefit_{part}.jsonl")
        flags = [flagged(c["text"], "benefit") for c in ben]
        print(f"benefit, own {part}:     ", confusion(flags, [c["benefit_missing"] for c in ben]))
    if args.emails.exists():
        emails = [e["text"] for e in read_jsonl(args.emails)]
        reports = [coach.analyse(t[:100_000]) for t in emails]
        for category in ("expectations", "benefit"):
            n = sum(
                any(f.category == category and f.rule != "benefit.risk_as_cost" for f in r.findings) for r in reports
            )
            print(f"{category} on {len(emails)} business emails: {n} flagged ({100 * n / len(emails):.1f}%)")


if __name__ == "__main__":
    main()
