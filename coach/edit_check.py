"""Accept or reject one edit: a fix is applied only when the sentence it leaves is no worse than the draft's.

An edit is rejected (the finding keeps its suggestion for the writer and the text is left alone)
when, compared with the sentence it changes, the new sentence
- has a word doubled that the draft did not ("the the database");
- leaves an article or determiner, a comma or an infinitive "to", dangling before punctuation or the
  end ("the investor the.", "needs to they don't");
- has no verb where the draft sentence had one (checked with the Coach's parse);
- drops a number, or a named thing (a proper noun: people, systems, products, places) outside the
  flagged words;
- keeps fewer than 80% of the content words outside the flagged words, when there are three or
  more of them (a retelling, which rewords
  the whole sentence on purpose to drop the reproach, must keep at least half of them).
The flagged words are the finding's own, or for a swap the phrase its rule rewords: they are the
ones the fix is meant to change.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.tokens import Doc

KEEP_SHARE = 0.8
RETELL_KEEP_SHARE = 0.5
MIN_WORDS = 3
STOP = frozenset(
    "a an the to of and or in on for with at by is are was were be been it this that these those you your we our "
    "i my me they them their he she his her as so if but not no do did does have has had will would should could "
    "can just".split()
)
DOUBLED = re.compile(r"\b(\w+)\s+\1\b", re.IGNORECASE)
DANGLING_DETERMINER = re.compile(
    r"\b(?:the|a|an|your|our|my|their|its|this|these|those)\s*(?:[.,;:!?)]|$)", re.IGNORECASE
)
DANGLING_COMMA = re.compile(r"(?:^\s*|[.!?;:]\s*),|,\s*(?:[.!?;:,]|$)")
# "needs to they don't understand": an infinitive marker left before a subject pronoun or a stop.
DANGLING_TO = re.compile(r"\bto\s+(?:they|we|I|he|she)\b|\bto\s*(?:[.,;:!?]|$)", re.IGNORECASE)
NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")


def content_words(text: str) -> list[str]:
    """Return the content words of a text (lower case, stop words and words under three letters left out)."""
    return [w for w in re.findall(r"[a-z][a-z'’-]+", text.lower()) if w not in STOP and len(w) > 2]


def _outside(text: str, flagged: str) -> str:
    """Return the text with the flagged words taken out once."""
    i = text.find(flagged) if flagged else -1
    return text if i < 0 else text[:i] + " " + text[i + len(flagged) :]


def _count(pattern: re.Pattern[str], text: str) -> int:
    return len(pattern.findall(text))


def _has_verb(doc: Doc) -> bool:
    return any(t.pos_ in {"VERB", "AUX"} for t in doc)


def _names(doc: Doc) -> set[str]:
    return {t.text.lower() for t in doc if t.pos_ == "PROPN" and len(t.text) > 1}


def rejection(
    before: str, after: str, flagged: str, parse: Callable[[str], Doc] | None = None, keep_share: float = KEEP_SHARE
) -> str | None:
    """Return why an edit that turns sentence `before` into `after` is worse than the draft, or None to accept it."""
    if _count(DOUBLED, after) > _count(DOUBLED, before):
        return "a doubled word"
    if _count(DANGLING_DETERMINER, after) > _count(DANGLING_DETERMINER, before):
        return "a dangling article"
    if _count(DANGLING_COMMA, after) > _count(DANGLING_COMMA, before):
        return "a dangling comma"
    if _count(DANGLING_TO, after) > _count(DANGLING_TO, before):
        return "a dangling 'to'"
    rest = _outside(before, flagged)
    lost_numbers = set(NUMBER.findall(rest)) - set(NUMBER.findall(after))
    if lost_numbers:
        return f"drops {sorted(lost_numbers)[0]}"
    words = content_words(rest)
    if len(words) >= MIN_WORDS:  # a share of one or two words says nothing ("..., not ours")
        kept = set(content_words(after))
        if sum(w in kept for w in words) / len(words) < keep_share:
            return "drops the writer's words"
    if parse is not None:
        old, new = parse(before), parse(after)
        if _has_verb(old) and not _has_verb(new):
            return "no verb left"
        lost = {n for n in _names(old) - _names(new) if n not in after.lower() and n not in flagged.lower()}
        if lost:
            return f"drops {sorted(lost)[0]}"
    return None
