"""Compare two runs of review records: every finding (rule, category, offsets) and score that differs, by message.

    .venv/bin/python -m coach review DIR --format jsonl > before.jsonl
    ... change the code ...
    .venv/bin/python -m coach review DIR --format jsonl > after.jsonl
    .venv/bin/python scripts/compare_records.py before.jsonl after.jsonl

Records are matched by `source`. For each message that differs it prints the
findings only before, only after, and every score that changed; then a
summary per rule (findings lost and gained) and exits 1 when anything
differs, 0 when the two runs agree. scripts/quality_snapshot.py produces and
compares a fixed corpus's records the same way; this script takes any two
review outputs (a real mailbox, a new corpus).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

Key = tuple[str, str, int, int]  # rule, category, start, end


def read_records(path: Path) -> dict[str, dict[str, Any]]:
    """Return source -> record for a JSON Lines review output."""
    records: dict[str, dict[str, Any]] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise SystemExit(f"{path}:{number}: not a JSON record ({exc.msg})") from None
        records[str(record.get("source", f"line {number}"))] = record
    return records


def finding_keys(record: dict[str, Any]) -> Counter[Key]:
    """Return the record's findings as (rule, category, start, end), counted."""
    return Counter((f["rule"], f["category"], f["start"], f["end"]) for f in record.get("findings") or ())


def flat_scores(scores: Any, prefix: str = "") -> dict[str, Any]:
    """Return nested scores as dotted names -> values."""
    if not isinstance(scores, dict):
        return {prefix: scores} if prefix else {}
    out: dict[str, Any] = {}
    for key, value in scores.items():
        out.update(flat_scores(value, f"{prefix}.{key}" if prefix else str(key)))
    return out


def differences(before: dict[str, Any], after: dict[str, Any]) -> Iterator[str]:
    """Yield one line per difference between two records of the same message."""
    if ("error" in before) != ("error" in after) or before.get("error") != after.get("error"):
        yield f"  error: {before.get('error')!r} -> {after.get('error')!r}"
    a, b = finding_keys(before), finding_keys(after)
    for key in sorted((a - b).elements()):
        yield f"  - {key[0]} ({key[1]}) {key[2]}-{key[3]}"
    for key in sorted((b - a).elements()):
        yield f"  + {key[0]} ({key[1]}) {key[2]}-{key[3]}"
    x, y = flat_scores(before.get("scores")), flat_scores(after.get("scores"))
    for name in sorted(set(x) | set(y)):
        if x.get(name) != y.get(name):
            yield f"  score {name}: {x.get(name)!r} -> {y.get(name)!r}"
    if before.get("warnings") != after.get("warnings"):
        yield f"  warnings: {before.get('warnings')} -> {after.get('warnings')}"


def compare(before: dict[str, dict[str, Any]], after: dict[str, dict[str, Any]], out: Any = sys.stdout) -> int:
    """Print every difference and a per-rule summary; return how many messages differ."""
    differ = 0
    lost: Counter[str] = Counter()
    gained: Counter[str] = Counter()
    for source in sorted(set(before) | set(after)):
        x, y = before.get(source), after.get(source)
        if x is None or y is None:
            differ += 1
            print(f"{source}: only {'after' if x is None else 'before'}", file=out)
            continue
        lines = list(differences(x, y))
        if lines:
            differ += 1
            print(source, file=out)
            print("\n".join(lines), file=out)
            a, b = finding_keys(x), finding_keys(y)
            lost.update(k[0] for k in (a - b).elements())
            gained.update(k[0] for k in (b - a).elements())
    for rule in sorted(set(lost) | set(gained)):
        print(f"{rule}: {lost[rule]} lost, {gained[rule]} gained", file=out)
    print(f"{len(before)} vs {len(after)} messages; {differ} differ", file=out)
    return differ


def main() -> None:
    """Compare the two files named on the command line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("before", type=Path)
    parser.add_argument("after", type=Path)
    args = parser.parse_args()
    sys.exit(1 if compare(read_records(args.before), read_records(args.after)) else 0)


if __name__ == "__main__":
    main()
