"""The windowed VADER gives exactly the stock analyser's scores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

from coach.scoring.vader import WindowedVader

ROOT = Path(__file__).resolve().parent.parent
EDGE = [
    "",
    "good",
    "not good",
    "not so good",
    "never so good at all",
    "without doubt the best",
    "It is kind of bad, sort of good.",
    "Yeah right, that is the bomb. The shit was the bomb!",
    "At least it works. Not least the very least good thing.",
    "good not never",  # near the start VADER reads past the end of the list: kept
    "I do NOT like this at all, but the fix is GREAT!!! :) 😀",
    "Thanks so much, I really appreciate it, you've been very kind and not unhelpful in the least.",
    "cut the mustard, hand to mouth, back handed, kiss of death, the bomb, bad ass, yeah right",
]


def own_texts() -> list[str]:
    """Return the rated emails of data/tone."""
    return [
        json.loads(line)["text"]
        for path in sorted((ROOT / "data" / "tone").rglob("*.jsonl"))
        for line in path.read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]


@pytest.fixture(scope="module")
def analysers() -> tuple[SentimentIntensityAnalyzer, WindowedVader]:
    return SentimentIntensityAnalyzer(), WindowedVader()


@pytest.mark.parametrize("text", EDGE)
def test_edge_cases_score_the_same(text, analysers):
    stock, windowed = analysers
    assert windowed.polarity_scores(text) == stock.polarity_scores(text)


def test_every_rated_email_and_a_long_one_score_the_same(analysers):
    stock, windowed = analysers
    texts = own_texts()
    assert len(texts) > 1000
    long = " ".join(texts[:40])
    for text in [*texts, long]:
        assert windowed.polarity_scores(text) == stock.polarity_scores(text), text[:80]
