"""Benchmark `coach review --engine spark --master local[2]` against the local CLI on the same mailbox.

    .venv/bin/python scripts/bench_spark.py                 # 2,000 messages in one mbox
    .venv/bin/python scripts/bench_spark.py --messages 5000 --split-mb 1

Writes the generated mbox of scripts/bench_review.py, runs both engines as
subprocesses (`review box.mbox --format jsonl -o out.jsonl --quiet`), checks
that both wrote the same records in the same order, and prints wall time and
messages per second (JVM start and model loads included: that is what a user
waits for). COACH_SPARK_SPLIT_MB is set so the mbox is cut into byte ranges,
as a real archive would be.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from scripts.bench_review import write_mbox

ROOT = Path(__file__).resolve().parent.parent


def run(mbox: Path, out: Path, extra: list[str], env: dict[str, str]) -> float:
    """Run the CLI and return its wall time in seconds."""
    began = time.perf_counter()
    cmd = [sys.executable, "-m", "coach", "review", str(mbox), "--format", "jsonl", "-o", str(out), "--quiet", *extra]
    proc = subprocess.run(cmd, cwd=ROOT, capture_output=True, env=env)
    seconds = time.perf_counter() - began
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(extra) or 'local'} failed ({proc.returncode}): {proc.stderr.decode()[-2000:]}")
    return seconds


def main() -> None:
    """Generate the mailbox, run both engines and print the comparison and the README line."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--messages", type=int, default=2000)
    parser.add_argument("--master", default="local[2]")
    parser.add_argument("--split-mb", type=float, default=0.25, help="mbox range size (COACH_SPARK_SPLIT_MB)")
    args = parser.parse_args()
    env = {**os.environ, "COACH_SPARK_SPLIT_MB": str(args.split_mb)}
    with tempfile.TemporaryDirectory(prefix="coach-bench-spark-") as tmp:
        mbox = Path(tmp, "box.mbox")
        write_mbox(mbox, args.messages)
        local_out, spark_out = Path(tmp, "local.jsonl"), Path(tmp, "spark.jsonl")
        local = run(mbox, local_out, [], env)
        spark = run(mbox, spark_out, ["--engine", "spark", "--master", args.master], env)
        same = local_out.read_bytes() == spark_out.read_bytes()
        size = mbox.stat().st_size / 2**20
    print(f"{args.messages} messages ({size:.1f} MB mbox, {os.cpu_count()} cores)")
    print(f"  local CLI:         {local:6.1f} s  {args.messages / local:6.1f} msg/s")
    print(f"  spark {args.master:<10}  {spark:6.1f} s  {args.messages / spark:6.1f} msg/s")
    print(f"  same records, same order: {same}")
    if not same:
        raise SystemExit("the engines disagree")


if __name__ == "__main__":
    main()
