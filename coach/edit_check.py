"""Accept or reject one edit: a fix is applied only when the sentence it leaves is no worse than the draft's.

An edit is rejected (the finding keeps its suggestion for the writer and the text is left alone)
when, compared with the sentence it changes, the new sentence
- has a word doubled that the draft did not ("the the database");
- leaves an article or determiner, a comma or an infinitive "to", dangling before punctuation or the
  end ("the investor the.", "needs to they don't"), or a preposition without its object ("anyone with would");
- has no verb where the draft sentence had one, or is only an infinitive where the draft was not
  ("To break the printer every week."), or leaves a verb of the draft without its subject so that it
  reads as something else ("it's works at all"), checked with the Coach's parse;
- drops a number, or a named thing (a proper noun: people, systems, products, places) outside the
  flagged words;
- keeps fewer than 80% of the content words outside the flagged words, when there are three or
  more of them (a retelling, a tested
  transformer that rewords the sentence to drop the reproach, is held to the other checks only).
The flagged words are the finding's own, or for a swap the phrase its rule rewords: they are the
ones the fix is meant to change.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Collection
from functools import lru_cache

from spacy.tokens import Doc

from .lexicon import BUILTIN_DIR, load_lists

KEEP_SHARE = 0.8
RETELL_KEEP_SHARE = 0.0  # a retelling drops the reproach on purpose: grammar, verbs, names, numbers only
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
# "Anyone with would have checked": a preposition left without its object, right before a verb.
DANGLING_PREPOSITION = re.compile(
    r"\b(?:with|of|for|from|about|by|at|in|on|into|without|than)\s+"
    r"(?:would|will|should|could|can|must|might|may|is|are|was|were|has|have|had)\b",
    re.IGNORECASE,
)
NUMBER = re.compile(r"\d+(?:[.,:/]\d+)*")


@lru_cache(maxsize=1)
def default_openers() -> frozenset[str]:
    """Return the openers the rewriter drops on purpose ("Honestly, ..."), from lexicons/lists/revision.yml."""
    return load_lists((BUILTIN_DIR,)).words("revision_interjections")


def content_words(text: str, openers: Collection[str] | None = None) -> list[str]:
    """Return the content words of a text, stemmed (lower case; stop words, openers, short words left out)."""
    skip = default_openers() if openers is None else openers
    words = re.findall(r"[a-z][a-z'’-]+", text.lower())
    return [_stem(w) for w in words if w not in STOP and w not in skip and len(w) > 2]


def _stem(word: str) -> str:
    """Return a word without a plural or tense ending ("changing", "changed" and "changes" are one word)."""
    return re.sub(r"(?:ing|ed|es|s)$", "", word) if len(word) > 4 else word


def _outside(text: str, flagged: str) -> str:
    """Return the text with the flagged words taken out once."""
    i = text.find(flagged) if flagged else -1
    return text if i < 0 else text[:i] + " " + text[i + len(flagged) :]


def _count(pattern: re.Pattern[str], text: str) -> int:
    return len(pattern.findall(text))


def _has_verb(doc: Doc) -> bool:
    return any(t.pos_ in {"VERB", "AUX"} for t in doc)


def _infinitive_fragment(doc: Doc) -> bool:
    """Return whether a sentence is only an infinitive ("To break the printer every week."): its root has "to"."""
    return any(
        t.dep_ == "ROOT" and t.tag_ == "VB" and any(c.tag_ == "TO" and c.i < t.i for c in t.children) for t in doc
    )


def _verbs_unmade(old: Doc, new: Doc, at: int, length: int) -> bool:
    """Return whether a verb of the draft outside the flagged words is no verb in the new sentence.

    Taking out a clause's subject with the flagged words ("astonishing that your booking diary still")
    leaves its verb stranded, and the parse reads it as something else ("it's works at all").
    """
    verbs = Counter(
        t.lower_ for t in old if t.pos_ == "VERB" and t.tag_ in FINITE and not (0 <= at <= t.idx < at + length)
    )
    if not verbs:
        return False
    # Stranded: the verb now follows another verb or "be" ("it's works"), and the parse no longer reads it as one.
    stranded = Counter(
        t.lower_ for t in new if t.i > 0 and t.pos_ not in {"VERB", "AUX"} and new[t.i - 1].pos_ in {"VERB", "AUX"}
    )
    return any(stranded[w] for w in verbs)


FINITE = frozenset({"VBZ", "VBD", "VBP"})


# The verb and name checks parse the sentence before and after each edit. A run-on "sentence" of many
# thousands of characters with hundreds of findings would be parsed once per edit (quadratic): past this
# length only the checks that need no parse run.
PARSE_LIMIT = 1_000


def _names(doc: Doc) -> set[str]:
    # A common word capitalised because it opens a sentence ("Please try ...") is no name; "Linda ..." is.
    return {
        t.text.lower() for t in doc if t.pos_ == "PROPN" and len(t.text) > 1 and not (t.is_sent_start and t.is_stop)
    }


def rejection(
    before: str,
    after: str,
    flagged: str,
    parse: Callable[[str], Doc] | None = None,
    keep_share: float = KEEP_SHARE,
    openers: Collection[str] | None = None,
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
    if _count(DANGLING_PREPOSITION, after) > _count(DANGLING_PREPOSITION, before):
        return "a dangling preposition"
    rest = _outside(before, flagged)
    lost_numbers = set(NUMBER.findall(rest)) - set(NUMBER.findall(after))
    if lost_numbers:
        return f"drops {sorted(lost_numbers)[0]}"
    words = content_words(rest, openers)
    if len(words) >= MIN_WORDS:  # a share of one or two words says nothing ("..., not ours")
        kept = set(content_words(after, openers))
        if sum(w in kept for w in words) / len(words) < keep_share:
            return "drops the writer's words"
    if parse is not None and len(before) <= PARSE_LIMIT:
        old, new = parse(before), parse(after)
        if _has_verb(old) and not _has_verb(new):
            return "no verb left"
        if _infinitive_fragment(new) and not _infinitive_fragment(old):
            return "only an infinitive left"  # "I don't know how you manage to break it" -> "To break it."
        if _verbs_unmade(old, new, before.find(flagged) if flagged else -1, len(flagged)):
            return "a verb left without its subject"  # "it's astonishing that your diary still works" -> "it's works"
        lost = {n for n in _names(old) - _names(new) if n not in after.lower() and n not in flagged.lower()}
        if lost:
            return f"drops {sorted(lost)[0]}"
    return None
