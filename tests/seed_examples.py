"""The worked bad and good example of "Same conversation, different client", read from ../shared/seeds."""

from __future__ import annotations

import re

from conftest import SEEDS, need_shared


def seed_003() -> str:
    """Return the article's text; without the shared folder, skip (fail in CI)."""
    files = sorted(SEEDS.glob("003_*.txt"))
    if not files:
        need_shared("the seed articles")
    return files[0].read_text(encoding="utf-8")


def bad_example() -> str:
    """Return the engineer's blunt answer in the article."""
    return re.search(r'say, "(.+?)" \(Okay', seed_003(), re.S).group(1)


def good_example() -> str:
    """Return the model answer in the article."""
    return re.search(r'needs to hear, "(.+?)"\s+You better', seed_003(), re.S).group(1)
