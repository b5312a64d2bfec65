"""Tone Coach: coach client emails towards patient, plain, blame-free, benefit-first writing.

    >>> import coach
    >>> report = coach.analyse("Obviously you should have told us.")
    >>> [(f.category, f.text) for f in report.findings]

One public entry, `analyse(text, audience=...)`, and its batch twin
`analyse_many(texts, ...)`. Nothing here imports a front-end.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from functools import lru_cache
from typing import Any

from .engine import MAX_CHARS, Coach, InputError, check_text
from .lexicon import LexiconError
from .nlp import ModelNotFound
from .report import AUDIENCES, CATEGORIES, Finding, Report, RevisionEdit

__version__ = "0.1.0"
__all__ = [
    "analyse",
    "analyse_many",
    "Coach",
    "Report",
    "Finding",
    "RevisionEdit",
    "InputError",
    "LexiconError",
    "ModelNotFound",
    "AUDIENCES",
    "CATEGORIES",
    "MAX_CHARS",
    "check_text",
    "default_coach",
]


@lru_cache(maxsize=1)
def default_coach() -> Coach:
    """Return the shared Coach with the default model and lexicons (built once)."""
    return Coach()


def analyse(text: str, audience: str = "non-technical") -> Report:
    """Analyse one client message for the given reader and return its Report."""
    return default_coach().analyse(text, audience)


def analyse_many(texts: Iterable[Any], audience: str = "non-technical", **kwargs: Any) -> Iterator[Any]:
    """Analyse many messages, streaming them through the spaCy pipeline in batches."""
    return default_coach().analyse_many(texts, audience, **kwargs)
