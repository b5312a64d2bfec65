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
