"""Author aliases: a lead's "these names are one person", kept locally beside the review history.

Authors are identified by coach.review.author_key (the address when there is
one, else the normalised display name). A helpdesk sheet that says "Sam
Carter" and mail from "Sam Carter <sam@acme.example>" are two keys until a
lead maps one onto the other; the map is kept in a small JSON file so every
view (page filters and charts, the HTML report, month over month, the CLI
summary) counts that person once.

Where: ``Aliases(path)``, else the ``COACH_ALIASES`` environment variable,
else ``aliases.json`` under ``platformdirs.user_data_dir("tone-coach")``.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from pathlib import Path

import platformdirs

ENV_VAR = "COACH_ALIASES"


def default_path() -> Path:
    """Return where aliases live: $COACH_ALIASES, else the user data folder."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("tone-coach", appauthor=False)) / "aliases.json"


def resolve(author: str, aliases: Mapping[str, str]) -> str:
    """Return the person an author key stands for, following chains (a -> b -> c) without looping."""
    seen = {author}
    while author in aliases and aliases[author] not in seen:
        author = aliases[author]
        seen.add(author)
    return author


class Aliases:
    """The alias map in one JSON file: {alias key: person key}."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()

    def load(self) -> dict[str, str]:
        """Return the alias map ({} when the file is missing or unreadable)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {k: v for k, v in data.items() if isinstance(k, str) and isinstance(v, str) and k != v}

    def merge(self, alias: str, person: str) -> dict[str, str]:
        """Record that alias is the same person as person, and return the map."""
        data = self.load()
        target = resolve(person, data)
        if alias and target and alias != target:
            data[alias] = target
            data = {k: (target if v == alias else v) for k, v in data.items() if k != target}
        self._save(data)
        return data

    def split(self, alias: str) -> dict[str, str]:
        """Forget an alias (it becomes its own person again) and return the map."""
        data = self.load()
        data.pop(alias, None)
        self._save(data)
        return data

    def _save(self, data: dict[str, str]) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".aliases-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=1, sort_keys=True)
        os.replace(tmp, self.path)


def load_default() -> dict[str, str]:
    """Return the alias map from the default file ({} when there is none)."""
    return Aliases().load()
