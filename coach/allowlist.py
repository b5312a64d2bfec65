"""Per-client allow lists ("my client knows this word"), kept locally and exported as a lexicon directory.

A client who runs their own servers knows "VPN"; a clinic knows "EHR". The
coaching page lets the writer mark a flagged word as known to this client;
the words are kept per client in a small JSON file on this machine and can be
written out as a lexicon directory (one ``allow.yml``) that ``--lexicons DIR``
and ``Coach(lexicons=[DIR])`` read, so the command line agrees with the page.

Where: ``AllowList(path)``, else the ``COACH_ALLOWLIST`` environment variable,
else ``allowlist.json`` under ``platformdirs.user_data_dir("tone-coach")``
(the folder the review history uses).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import tempfile
from collections.abc import Iterable
from pathlib import Path

import platformdirs
import yaml

ENV_VAR = "COACH_ALLOWLIST"
DEFAULT_CLIENT = "Any client"
MAX_WORD_CHARS = 80
MAX_WORDS = 2_000


def default_path() -> Path:
    """Return where allow lists live: $COACH_ALLOWLIST, else the user data folder."""
    env = os.environ.get(ENV_VAR, "").strip()
    if env:
        return Path(env)
    return Path(platformdirs.user_data_dir("tone-coach", appauthor=False)) / "allowlist.json"


def clean_word(word: str) -> str:
    """Return a word or phrase as it is kept: one line, single spaces, no control characters."""
    flat = " ".join("".join(c for c in str(word) if c.isprintable()).split())
    return flat[:MAX_WORD_CHARS]


def slug(client: str) -> str:
    """Return a rule-id-safe name for a client ('Dr Patel's clinic' -> 'dr_patel_s_clinic')."""
    return re.sub(r"[^a-z0-9]+", "_", client.casefold()).strip("_") or "client"


def sorted_words(words: Iterable[str]) -> list[str]:
    """Return words cleaned, without case-insensitive duplicates, sorted case-insensitively."""
    kept: dict[str, str] = {}
    for word in words:
        cleaned = clean_word(word)
        if cleaned:
            kept.setdefault(cleaned.casefold(), cleaned)
    return sorted(kept.values(), key=str.casefold)[:MAX_WORDS]


def lexicon_entries(client: str, words: Iterable[str]) -> list[dict[str, object]]:
    """Return the lexicon entries (YAML-ready) that allow a client's words."""
    chosen = sorted_words(words)
    if not chosen:
        return []
    return [
        {
            "id": f"allow.client_{slug(client)}",
            "match": {"phrases": chosen},
            "note": f"Words {client} knows; never jargon for them.",
        }
    ]


def write_lexicon(directory: str | os.PathLike[str], client: str, words: Iterable[str]) -> Path:
    """Write a client's words as DIRECTORY/allow.yml (a lexicon --lexicons reads) and return the directory."""
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    text = "# Tone Coach allow list: words this client knows (exported from the coaching page).\n"
    text += yaml.safe_dump(lexicon_entries(client, words), allow_unicode=True, sort_keys=False)
    (path / "allow.yml").write_text(text, encoding="utf-8")
    return path


def lexicon_dir_for(client: str, words: Iterable[str]) -> Path | None:
    """Return a lexicon directory for these words, written once per distinct list (None for no words)."""
    chosen = sorted_words(words)
    if not chosen:
        return None
    digest = hashlib.sha256(json.dumps([client, chosen]).encode()).hexdigest()[:16]
    directory = Path(tempfile.gettempdir()) / f"tone-coach-allow-{os.getuid() if hasattr(os, 'getuid') else 0}"
    target = directory / digest
    if not (target / "allow.yml").is_file():
        write_lexicon(target, client, chosen)
    return target


class AllowList:
    """The allow lists of every client in one JSON file: {client: [words]}."""

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = Path(path) if path is not None else default_path()

    def load(self) -> dict[str, list[str]]:
        """Return every client's words ({} when the file is missing or unreadable)."""
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict):
            return {}
        return {
            clean_word(k): sorted_words(v)
            for k, v in data.items()
            if isinstance(k, str) and clean_word(k) and isinstance(v, list)
        }

    def clients(self) -> list[str]:
        """Return the client names, the default one first."""
        names = sorted(self.load(), key=str.casefold)
        return [DEFAULT_CLIENT, *(n for n in names if n != DEFAULT_CLIENT)]

    def words(self, client: str) -> list[str]:
        """Return the words a client knows."""
        return self.load().get(clean_word(client), [])

    def set_words(self, client: str, words: Iterable[str]) -> list[str]:
        """Replace a client's words (an empty list removes the client) and return what was kept."""
        name = clean_word(client) or DEFAULT_CLIENT
        data = self.load()
        kept = sorted_words(words)
        if kept:
            data[name] = kept
        else:
            data.pop(name, None)
        self._save(data)
        return kept

    def add(self, client: str, word: str) -> list[str]:
        """Add one word or phrase to a client's list and return the list."""
        return self.set_words(client, [*self.words(client), word])

    def remove(self, client: str, word: str) -> list[str]:
        """Remove one word (any case) from a client's list and return the list."""
        gone = clean_word(word).casefold()
        return self.set_words(client, [w for w in self.words(client) if w.casefold() != gone])

    def _save(self, data: dict[str, list[str]]) -> None:
        """Write the file atomically (a temp file renamed over it)."""
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".allowlist-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as out:
            json.dump(data, out, ensure_ascii=False, indent=1, sort_keys=True)
        os.replace(tmp, self.path)
