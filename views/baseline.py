"""Tell a revision of the same email from a different email, for the first-draft baseline.

Two unrelated English emails of similar length share most characters and
common words ("the", "you", "to"), so character ratios (SequenceMatcher's
quick_ratio gives 0.5-0.8) cannot tell them apart. Pairs of consecutive words
can: an edit keeps most of the draft's word pairs, a different email shares
almost none. The check is linear in the text length.
"""

from __future__ import annotations

import re

# A text keeping at least this share of the other's word pairs is the same email, edited.
SAME_EMAIL_SHARE = 0.35
_WORD = re.compile(r"\w+", re.UNICODE)


def word_pairs(text: str) -> set[tuple[str, str]]:
    """Return the set of consecutive case-folded word pairs in text."""
    words = [w.casefold() for w in _WORD.findall(text)]
    return set(zip(words, words[1:]))


def shared_share(a: str, b: str) -> float:
    """Return the share of the smaller text's word pairs (or words) that the other text also has."""
    pa, pb = word_pairs(a), word_pairs(b)
    if not pa or not pb:  # one word or none: compare the words themselves
        wa, wb = set(_WORD.findall(a.casefold())), set(_WORD.findall(b.casefold()))
        return len(wa & wb) / min(len(wa), len(wb)) if wa and wb else float(a.strip() == b.strip())
    return len(pa & pb) / min(len(pa), len(pb))


def same_email(before: str, after: str) -> bool:
    """Return whether after is an edit of before rather than a different email."""
    if not before.strip() or not after.strip():
        return False
    return shared_share(before, after) >= SAME_EMAIL_SHARE
