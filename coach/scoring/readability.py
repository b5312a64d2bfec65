"""Readability numbers and long-sentence findings, per audience."""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

import pyphen

from coach.report import AUDIENCES
from coach.scoring.strategies import ensure_doc, sentences
from coach.token_table import token_table

# Flesch-Kincaid grade bands. Plain-language guidance (US Plainlanguage.gov,
# UK GDS) aims general readers at about grade 8; busy executives skim, so they
# get the same band. Technical readers cope with denser prose.
TARGETS: dict[str, tuple[float, float]] = {
    "non-technical": (8.0, 10.0),
    "executive": (8.0, 10.0),
    "technical": (10.0, 12.0),
}
# Words per sentence before we suggest a split. Comprehension drops sharply
# past ~25 words and collapses by ~43 (American Press Institute: ~90% understood
# at 14 words, <10% at 43). Executives read on phones between meetings, so they
# get the strictest limit (25); for other readers we flag only sentences nearing
# the collapse point (40; 45 for engineers), so a careful long sentence such as
# the model answer in the seed article is left alone. The grade target still
# reports overall difficulty.
LONG_SENTENCE_WORDS: dict[str, int] = {"executive": 25, "non-technical": 40, "technical": 45}


WORD_RE = re.compile(r"[A-Za-z]+(?:'[A-Za-z]+)*")


# The sentence count of textstat 0.7.13's `sentence_count`, the count its Flesch-Kincaid grade uses:
# runs of text up to a stop, ignoring runs of two words or fewer (headings, "Hi Sam," and the like).
# Words are what is left, split on white space, once punctuation is removed (apostrophes inside the
# contractions 't 's 'd 've 'll 're are kept). textstat itself is not imported: it imports NLTK, and
# NLTK SciPy, which took about seven of the nine seconds `import coach` needed. `tests/test_scoring.py`
# compares the count with textstat's over the project's written messages.
SENTENCE_RUN_RE = re.compile(r"\b[^.!?]+[.!?]*")
NON_CONTRACTION_APOSTROPHE_RE = re.compile(r"'(?!(?:[tsd]|ve|ll|re))")
PUNCTUATION_RE = re.compile(r"[^\w\s']")


def _textstat_words(text: str) -> int:
    """Return the number of words in the text as textstat counts them (punctuation removed)."""
    return len(PUNCTUATION_RE.sub("", NON_CONTRACTION_APOSTROPHE_RE.sub("", text)).split())


def sentence_count(text: str) -> int:
    """Return textstat's sentence count: runs ending at a stop, not counting runs of two words or fewer."""
    if not text:
        return 0
    runs = SENTENCE_RUN_RE.findall(text)
    return max(1, len(runs) - sum(1 for run in runs if _textstat_words(run) <= 2))


@lru_cache(maxsize=1)
def _hyphenator() -> pyphen.Pyphen:
    """Return the pyphen hyphenator (the syllable counter textstat itself falls back to)."""
    return pyphen.Pyphen(lang="en_US")


def fk_grade(text: str) -> float:
    """Return the Flesch-Kincaid grade, with pyphen syllables and textstat's sentence count."""
    words = WORD_RE.findall(text)
    if not words:
        return 0.0
    syllables = sum(len(_hyphenator().positions(w.lower())) + 1 for w in words)
    n_sentences = max(1, sentence_count(text))
    return 0.39 * len(words) / n_sentences + 11.8 * syllables / len(words) - 15.59


def _audience(audience: str) -> str:
    """Return a known audience, defaulting to non-technical."""
    return audience if audience in AUDIENCES else "non-technical"


def readability_target(audience: str) -> tuple[float, float]:
    """Return the (low, high) Flesch-Kincaid grade band for the audience."""
    return TARGETS[_audience(audience)]


def long_sentence_threshold(audience: str) -> int:
    """Return the number of words above which a sentence is long for the audience."""
    return LONG_SENTENCE_WORDS[_audience(audience)]


def readability_scores(text: str, doc: Any, audience: str = "non-technical") -> dict[str, Any]:
    """Return grade, average sentence length, target band and long-sentence count."""
    audience = _audience(audience)
    doc = ensure_doc(text, doc)
    table = token_table(doc)  # word counts from one table per Doc, not Token objects
    spans = (doc.char_span(s.start, s.end, alignment_mode="expand") for s in sentences(text, doc))
    lengths = [table.word_count(span.start, span.end) if span is not None else 0 for span in spans]
    lengths = [n for n in lengths if n > 0]
    grade = fk_grade(text) if lengths else 0.0
    limit = long_sentence_threshold(audience)
    return {
        "grade": round(grade, 1),
        "avg_sentence_words": round(sum(lengths) / len(lengths), 1) if lengths else 0.0,
        "target": list(readability_target(audience)),
        "long_sentences": sum(1 for n in lengths if n > limit),
    }
