"""Entry point for spark-submit: `spark-submit [spark options] .../coach/spark/submit.py PATH... [review options]`.

The same as `python -m coach review PATH... --engine spark`, with the master and every other Spark
setting taken from spark-submit. `python -m coach.spark.submit --where` prints this file's path.
"""

from __future__ import annotations

import sys

from coach.cli import main


def run(argv: list[str]) -> int:
    """Run `coach review --engine spark` with argv, or print this file's path for --where."""
    if argv == ["--where"]:
        print(__file__)
        return 0
    return main(["review", "--engine", "spark", *argv])


if __name__ == "__main__":
    sys.exit(run(sys.argv[1:]))
