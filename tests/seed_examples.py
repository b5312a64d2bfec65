"""The worked bad and good example of seed 003, read from ../shared/seeds (not copied into the repo)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parent.parent.parent / "shared" / "seeds"


def seed_003() -> str:
    """Return the text of seed 003, or skip the test when the shared folder is absent."""
    files = sorted(SEEDS.glob("003_*.txt"))
    if not files:
        pytest.skip("../shared/seeds is not beside this checkout")
    return files[0].read_text(encoding="utf-8")


def bad_example() -> str:
    """Return the engineer's blunt answer in seed 003."""
    return re.search(r'say, "(.+?)" \(Okay', seed_003(), re.S).group(1)


def good_example() -> str:
    """Return the model answer in seed 003."""
    return re.search(r'needs to hear, "(.+?)"\s+You better', seed_003(), re.S).group(1)
