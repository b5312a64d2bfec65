"""Shared fixtures: the real model loaded once per session, and a parser-free coach."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
import spacy

from coach import Coach
from coach.nlp import load_model

ROOT = Path(__file__).resolve().parent.parent

SEEDS = ROOT.parent / "shared" / "seeds"


def need_shared(what: str) -> None:
    """Stop a test that needs ../shared: skip it on a developer's machine, fail it in CI (CI=true), where it must run."""
    message = f"{what} is not beside this checkout (../shared)"
    if os.environ.get("CI", "").lower() in {"true", "1", "yes"}:
        pytest.fail(message + "; CI must provide it", pytrace=False)
    pytest.skip(message)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "browser: needs Debian chromium (skipped when it is absent)")


@pytest.fixture(scope="session")
def coach_full() -> Coach:
    """A coach with the real spaCy model (parser and tagger), built once."""
    return Coach(nlp=load_model(), semantic=False)  # the rules alone; tests/test_semantic.py tests the layer


@pytest.fixture(scope="session")
def blank_coach() -> Coach:
    """A coach on spacy.blank('en'): tokenizer and sentencizer only, for rules needing no parse."""
    return Coach(nlp=spacy.blank("en"), semantic=False)


def rules_of(report, category: str | None = None) -> list[str]:
    """Return the rule ids of a report's findings (optionally one category)."""
    return [f.rule for f in report.findings if category is None or f.category == category]
