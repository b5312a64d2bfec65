"""Our own labelled test messages (tests/data/*.jsonl, written for the project, nothing from ../shared)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"


def load_messages(*names: str) -> list[dict[str, Any]]:
    """Return every message of these JSON Lines files in tests/data, in file order."""
    return [
        json.loads(line) for name in names for line in (DATA / name).read_text("utf-8").splitlines() if line.strip()
    ]


def written_texts(*, with_training_data: bool = False) -> list[str]:
    """Return the text of every message in tests/data/*.jsonl, and of data/*/*/*.jsonl when asked, in path order."""
    root = DATA.parent.parent
    paths = sorted(DATA.glob("*.jsonl"))
    if with_training_data:
        paths += sorted((root / "data").glob("*/*/*.jsonl"))
    return [json.loads(line)["text"] for p in paths for line in p.read_text("utf-8").splitlines() if line.strip()]
