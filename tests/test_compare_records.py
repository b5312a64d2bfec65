"""scripts/compare_records.py: two review outputs compared finding by finding and score by score."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parent.parent / "scripts" / "compare_records.py"


def record(source: str, findings: list[tuple[str, int, int]], tone: float) -> dict:
    """Return a review record with findings (rule, start, end) and a tone score."""
    return {
        "source": source,
        "findings": [{"rule": r, "category": r.split(".")[0], "start": s, "end": e} for r, s, e in findings],
        "scores": {"tone": tone, "counts": {"blame": sum(r.startswith("blame") for r, _, _ in findings)}},
        "warnings": [],
    }


def write(path: Path, records: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return path


def run(a: Path, b: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, str(SCRIPT), str(a), str(b)], capture_output=True, text=True, check=False)


def test_equal_runs_agree(tmp_path: Path) -> None:
    records = [record("a.txt", [("blame.told_you", 0, 12)], 40.0), record("b.txt", [], 63.0)]
    proc = run(write(tmp_path / "x.jsonl", records), write(tmp_path / "y.jsonl", records[::-1]))
    assert proc.returncode == 0, proc.stdout
    assert "2 vs 2 messages; 0 differ" in proc.stdout


def test_every_difference_is_named(tmp_path: Path) -> None:
    before = [record("a.txt", [("blame.told_you", 0, 12)], 40.0), record("b.txt", [], 63.0)]
    after = [record("a.txt", [("blame.told_you", 0, 13)], 41.5), record("b.txt", [], 63.0), record("c.txt", [], 1.0)]
    proc = run(write(tmp_path / "x.jsonl", before), write(tmp_path / "y.jsonl", after))
    assert proc.returncode == 1
    out = proc.stdout
    assert "  - blame.told_you (blame) 0-12" in out
    assert "  + blame.told_you (blame) 0-13" in out
    assert "  score tone: 40.0 -> 41.5" in out
    assert "c.txt: only after" in out
    assert "blame.told_you: 1 lost, 1 gained" in out
    assert "b.txt" not in out
    assert "2 vs 3 messages; 2 differ" in out


def test_a_broken_line_is_a_clear_error(tmp_path: Path) -> None:
    good = write(tmp_path / "x.jsonl", [record("a.txt", [], 63.0)])
    bad = tmp_path / "y.jsonl"
    bad.write_text('{"source": "a.txt"\n', encoding="utf-8")
    proc = run(good, bad)
    assert proc.returncode != 0
    assert "y.jsonl:1: not a JSON record" in proc.stderr
