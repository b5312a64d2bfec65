"""Snapshot what the coach finds on a fixed corpus, and compare two snapshots: speed work must not change quality.

    .venv/bin/python scripts/quality_snapshot.py save before.json
    .venv/bin/python scripts/quality_snapshot.py save after.json
    .venv/bin/python scripts/quality_snapshot.py compare before.json after.json

The corpus: the dev set's labelled messages (../shared/devset/cases.jsonl, when
present), the semantic layer's writers' sentences joined into short mails
(data/semantic/), 300 generated client mails (scripts/bench_review.py's
generator), the generated 250-word emails of the speed benchmark and the
written messages of tests/data/. `save`
runs `python -m coach review DIR --format jsonl` on them (the pinned record:
findings' rule ids and offsets, scores) and `coach.analyse(text).revision`
for each, and writes one JSON file. `compare` prints every difference and
exits 1 when there is one.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
from email import message_from_bytes
from pathlib import Path
from typing import Any

from scripts.bench_corpus import email_corpus
from scripts.bench_review import make_mail

ROOT = Path(__file__).resolve().parent.parent


def corpus() -> dict[str, str]:
    """Return the fixed corpus: name -> text."""
    texts: dict[str, str] = {}
    devset = ROOT.parent / "shared" / "devset" / "cases.jsonl"
    if devset.exists():
        for i, line in enumerate(devset.read_text(encoding="utf-8").splitlines()):
            if line.strip():
                texts[f"dev{i:04d}"] = json.loads(line)["text"]
    sentences = [
        json.loads(line)["text"]
        for path in sorted((ROOT / "data" / "semantic").glob("w*/part*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    rng = random.Random(11)
    for i in range(150):
        texts[f"sem{i:04d}"] = "Hi Sam,\n\n" + " ".join(rng.sample(sentences, 4)) + "\n\nThanks,\nAlex"
    rng = random.Random(7)
    start = __import__("datetime").datetime(2024, 1, 1, 8)
    for i in range(300):
        mail = message_from_bytes(make_mail(rng, i, start))
        texts[f"gen{i:04d}"] = str(mail.get_payload(decode=True).decode("utf-8"))
    for i, text in enumerate(email_corpus(100, seed=3)):
        texts[f"bench{i:04d}"] = text
    for path in sorted((ROOT / "tests" / "data").glob("*.jsonl")):  # the written test messages
        for i, line in enumerate(path.read_text(encoding="utf-8").splitlines()):
            if line.strip():
                texts[f"{path.stem}{i:04d}"] = json.loads(line)["text"]
    return texts


def review_records(texts: dict[str, str], python: str) -> dict[str, Any]:
    """Run the CLI review over the corpus and return name -> (findings, scores)."""
    with tempfile.TemporaryDirectory(prefix="coach-quality-") as tmp:
        for name, text in texts.items():
            (Path(tmp) / f"{name}.txt").write_text(text, encoding="utf-8")
        proc = subprocess.run(
            [python, "-m", "coach", "review", tmp, "--format", "jsonl", "--quiet"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=True,
        )
    out = {}
    for line in proc.stdout.splitlines():
        record = json.loads(line)
        name = Path(record["source"]).stem
        out[name] = {
            "findings": [[f["rule"], f["start"], f["end"]] for f in record.get("findings", ())],
            "scores": record.get("scores"),
            "warnings": record.get("warnings"),
        }
    return out


def save(path: Path, python: str) -> None:
    """Write the snapshot of the corpus to path."""
    import coach

    texts = corpus()
    records = review_records(texts, python)
    for name, text in texts.items():
        report = coach.analyse(text)
        records[name]["revision"] = report.revision
        records[name]["single"] = [[f.rule, f.start, f.end] for f in report.findings]
    path.write_text(json.dumps(records, indent=0, sort_keys=True), encoding="utf-8")
    print(f"{len(records)} messages written to {path}")


def compare(before: Path, after: Path) -> int:
    """Print every difference between two snapshots; return how many messages differ."""
    a = json.loads(before.read_text(encoding="utf-8"))
    b = json.loads(after.read_text(encoding="utf-8"))
    differ = 0
    for name in sorted(set(a) | set(b)):
        x, y = a.get(name), b.get(name)
        if x == y:
            continue
        differ += 1
        if x is None or y is None:
            print(f"{name}: only in {'after' if x is None else 'before'}")
            continue
        for key in sorted(set(x) | set(y)):
            if x.get(key) != y.get(key):
                print(f"{name} {key}:\n  before {x.get(key)}\n  after  {y.get(key)}")
    print(f"{len(a)} vs {len(b)} messages; {differ} differ")
    return differ


def main() -> None:
    """Save or compare snapshots."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    s = sub.add_parser("save")
    s.add_argument("path", type=Path)
    s.add_argument("--python", default=sys.executable)
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.command == "save":
        save(args.path, args.python)
    else:
        sys.exit(1 if compare(args.before, args.after) else 0)


if __name__ == "__main__":
    main()
