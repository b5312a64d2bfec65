"""Repeated phrases: the pairs of content words a sentence says twice, which a fix must never add.

"We will configure the network settings and the network settings tunnel" says "network settings" twice:
two jargon terms of one family were given one gloss. The check is language-general: a content word is
any word outside spaCy's English stop words, so no vocabulary of our own lives here.
"""

from __future__ import annotations

import re
from collections import Counter

from spacy.lang.en.stop_words import STOP_WORDS

WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def content_pairs(text: str) -> Counter[tuple[str, str]]:
    """Return each pair of neighbouring content words in a text, with how often it occurs."""
    words = [w.lower() for w in WORD.findall(text)]
    words = [re.sub(r"['’]s$", "", w) for w in words]
    return Counter(
        (a, b) for a, b in zip(words, words[1:]) if a not in STOP_WORDS and b not in STOP_WORDS and not a.isdigit()
    )


def repeats_added(before: str, after: str) -> bool:
    """Return whether `after` says a pair of content words more than once where `before` did not."""
    was = content_pairs(before)
    return any(n > 1 and n > was[pair] for pair, n in content_pairs(after).items())


def same_words(a: str, b: str) -> bool:
    """Return whether two phrases share a pair of content words, or are the same words with a content word."""
    if content_pairs(a) & content_pairs(b):
        return True
    content_a, content_b = ([w.lower() for w in WORD.findall(s) if w.lower() not in STOP_WORDS] for s in (a, b))
    return bool(content_a) and content_a == content_b


def modifier_words(phrase: str) -> bool:
    """Return whether a phrase can stand before a noun: one or two content words ("virtual disk", "security chip")."""
    words = [w.lower() for w in WORD.findall(phrase)]
    if words[:1] and words[0] in ("the", "a", "an", "your", "our"):
        words = words[1:]
    return 0 < len(words) <= 2 and not any(w in STOP_WORDS for w in words)


def is_stop_word(word: str) -> bool:
    """Return whether a word is a function word (spaCy's English stop words), not a content word."""
    return word.lower() in STOP_WORDS
