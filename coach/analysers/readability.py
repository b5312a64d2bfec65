"""Readability: sentences too long for the reader, and for executives a long message or no bottom line.

Three code rules, one category (`readability`, severity suggestion), so
`--disable readability` turns them all off:

- readability.long_sentence: a sentence over the audience's limit (25 words
  for executives, 40 for non-technical readers, 45 for technical ones; see
  coach/scoring/readability.py for the thresholds and why), with a split
  point near the middle (a comma or a conjunction) when there is one;
- readability.executive_length and readability.bottom_line (executive
  readers only; coach/analysers/executive.py).

None has a ready-made fix: only the writer can split, cut or reorder the
message, so each finding's card says what to do and the revision leaves it.

Why: "Same conversation, different client" (Erik Eckel): plain words, short
answers; "She Loves Me, He Loves Me Not": show every manager the value, early.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from spacy.tokens import Doc

from ..lexicon import NO_ACTION, Rule, WordLists, code_rule
from ..message_parts import MessageParts
from ..report import Finding
from ..scoring.readability import _audience, long_sentence_threshold
from ..scoring.strategies import Sentence, ensure_doc, sentences
from ..token_table import token_table
from .base import LexiconAnalyser, doc_text, make_finding
from .executive import BOTTOM, LENGTH, bottom_line_pattern, executive_findings

SPLIT_WORDS = frozenset(
    {"and", "but", "so", "because", "which", "while", "although", "though", "whereas", "or", "since", "then"}
)
LONG_SENTENCE = code_rule(
    "readability.long_sentence",
    "This sentence is long for the reader.",
    "Split it into two or three shorter sentences, one idea each.",
    "Comprehension drops sharply past about 25 words a sentence.",
    severity="suggestion",
    file=__file__,
    source="Same conversation, different client (Erik Eckel): plain words and patience",
    action=NO_ACTION,  # only the writer knows where to split it; the suggestion says how
    examples={
        "bad": (
            "We looked at the printers on Monday and found that the drum in the big one is worn and the small one "
            "needs a new tray and both of them are slow to wake up in the morning, which is why the front desk "
            "has been waiting so long for the first print of the day and getting stuck.",
        ),
        "good": ("We looked at the printers on Monday. The drum in the big one is worn.",),
    },
)


def _split_point(tokens: list[Any]) -> str | None:
    """Return advice naming a comma or conjunction near the middle of the sentence, if any."""
    words = [t for t in tokens if not (t.is_punct or t.is_space)]
    index = {t.i: n for n, t in enumerate(words)}
    middle, best = len(words) / 2, None
    for t in tokens:
        if t.i not in index and t.text == "," and t.i > tokens[0].i:
            prev = t.doc[t.i - 1]
            position = index.get(prev.i, 0) + 1
            advice = f"after '{prev.text},'"
        elif t.i in index and t.lower_ in SPLIT_WORDS and index[t.i] > 0:
            position = index[t.i]
            advice = f"before '{t.text}'"
        else:
            continue
        if 0.25 * len(words) <= position <= 0.75 * len(words):
            if best is None or abs(position - middle) < best[0]:
                best = (abs(position - middle), advice)
    return best[1] if best else None


def _long_finding(text: str, sentence: Sentence, tokens: list[Any], n_words: int, limit: int, audience: str) -> Finding:
    """Build the readability finding for one long sentence."""
    where = _split_point(tokens)
    suggestion = (
        f"Split this {n_words}-word sentence {where}."
        if where
        else f"Split this {n_words}-word sentence into two or three shorter ones, one idea each."
    )
    return make_finding(
        LONG_SENTENCE,
        text,
        sentence.start,
        sentence.end,
        suggestion=suggestion,
        message=f"This sentence has {n_words} words; for {audience} readers keep sentences to {limit} or fewer.",
        note=f"Threshold for {audience} readers: {limit} words.",
    )


def long_sentence_findings(text: str, doc: Any, audience: str = "non-technical") -> list[Finding]:
    """Return one readability suggestion per sentence longer than the audience's limit."""
    audience = _audience(audience)
    doc = ensure_doc(text, doc)
    limit = long_sentence_threshold(audience)
    findings = []
    for sentence in sentences(text, doc):
        span = doc.char_span(sentence.start, sentence.end, alignment_mode="expand")
        n_words = token_table(doc).word_count(span.start, span.end) if span is not None else 0
        if n_words > limit:
            findings.append(_long_finding(text, sentence, list(span or []), n_words, limit, audience))
    return findings


class ReadabilityAnalyser(LexiconAnalyser):
    """Flag sentences too long for the reader, and for executives a long message or a missing bottom line."""

    category = "readability"  # code rules only: thresholds, not vocabularies
    code_rules = (LONG_SENTENCE, LENGTH, BOTTOM)

    def __init__(self, rules: Sequence[Rule], lists: WordLists | None = None):
        super().__init__(rules, lists)
        self.bottom_line = bottom_line_pattern(self.lists)
        self.parts = MessageParts.from_lists(self.lists)

    def __call__(self, doc: Doc, audience: str) -> list[Finding]:
        """Return the readability findings for a parsed message."""
        found = long_sentence_findings(doc_text(doc), doc, audience)
        return found + executive_findings(doc, audience, self.bottom_line, self.parts)
