"""The strategies' whole-message prefilter finds exactly what trying every sentence finds."""

from __future__ import annotations

import pytest

from coach.scoring.lexicon import default_tone_data
from coach.scoring.strategies import Hit, _prefilter_safe, ensure_doc, find_hits, fires, sentences

DATA = default_tone_data()
EXAMPLES = [text for s in DATA.strategies for text in (*s.examples, *s.non_examples)]
MESSAGES = [
    " ".join(EXAMPLES),
    "\n".join(EXAMPLES),
    "Hi Sam,\nthanks!! Why is it down?\nYou should restart it, right?\n\nBest,\nAna",
    "Please send it.\nplease\nsend it. Could you? I'm sorry. WHY NOT NOW",
    "«Dear team» — is it OK? (Maybe.) Your report... we'll see; ok?",
    "",
    "????!!!!",
]


def naive(text: str) -> list[Hit]:
    """Return the hits found by trying every strategy on every sentence."""
    sents = sentences(text, ensure_doc(text, None))
    return [Hit(s.name, x.start, x.end, x.text) for s in DATA.strategies for x in sents if fires(s, x, False)]


@pytest.mark.parametrize("text", MESSAGES)
def test_prefilter_keeps_every_hit(text):
    sents = sentences(text, ensure_doc(text, None))
    assert sorted(find_hits(sents, DATA.strategies, False), key=repr) == sorted(naive(text), key=repr)


def test_anchored_or_lookaround_patterns_are_not_prefiltered():
    assert not _prefilter_safe(r"^(?:hi|hello)\b")
    assert not _prefilter_safe(r"ok\s*\?+\W*$")
    assert not _prefilter_safe(r"foo(?!\s)")
    assert _prefilter_safe(r"(?<![\w'])(?:thanks|please)(?![\w'])")
    assert _prefilter_safe(r"\bthank\s*you\b")


def test_phrase_strategies_are_skipped_only_when_none_of_their_first_words_occurs():
    from coach.scoring.strategies import _may_fire, _phrase_heads

    thanks = next(s for s in DATA.strategies if s.name == "positive_lexicon")
    assert _phrase_heads(thanks) is not None
    assert not _may_fire(thanks, "Send the logs.", {"send", "the", "logs"})
    assert _may_fire(thanks, "Great, thanks.", {"great", "thanks"})
