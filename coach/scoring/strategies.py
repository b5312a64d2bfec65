"""Find the politeness strategies of lexicons/tone/politeness.yml in a parsed message."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from spacy.tokens import Doc

from coach.casefold_scan import ScanText
from coach.nlp import doc_text
from coach.nlp import sentences as sentence_index
from coach.scoring.lexicon import Strategy

LEAD_CHARS = " \t\r\n\"'“”‘’()[]*-–—•>#:;,.|"
TRAILING_MARKS = re.compile(r"[\W_]*")  # matched on the reversed text: searching "\?[\W_]*$" was quadratic on "????"
SUBJECTS = ("nsubj", "nsubjpass", "expl", "csubj")
FALLBACK_SPLIT = re.compile(r"[^.!?\n]+(?:[.!?]+|\n|$)")


@dataclass(frozen=True, slots=True)
class Sentence:
    """One sentence: its offsets in the text, its text and the spaCy span (if any)."""

    start: int
    end: int
    text: str
    span: Any = None


@dataclass(frozen=True, slots=True)
class Hit:
    """One sentence in which a strategy fired."""

    strategy: str
    start: int
    end: int
    text: str


@lru_cache(maxsize=1)
def _blank_nlp() -> Any:
    """Return a blank English pipeline with a sentencizer (no model needed)."""
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    return nlp


def ensure_doc(text: str, doc: Any) -> Any:
    """Return doc if it is a Doc of text, else a cheap blank-pipeline Doc of text."""
    if isinstance(doc, Doc) and doc_text(doc) == text:
        return doc
    return _blank_nlp()(text)


def _fallback_sentences(text: str) -> list[tuple[int, int]]:
    """Split text on sentence punctuation and line breaks when the doc has no boundaries."""
    return [(m.start(), m.end()) for m in FALLBACK_SPLIT.finditer(text) if m.group().strip()]


def sentences(text: str, doc: Any) -> list[Sentence]:
    """Return the non-empty sentences of the message, trimmed of surrounding whitespace."""
    if doc is not None and (doc.has_annotation("SENT_START") or doc.has_annotation("DEP")):
        bounds: list[tuple[int, int, Any]] = [(s.start_char, s.end_char, s) for s in sentence_index(doc).spans]
    else:
        bounds = [(a, b, None) for a, b in _fallback_sentences(text)]
    out = []
    for start, end, span in bounds:
        chunk = text[start:end]
        stripped = chunk.strip()
        if not stripped:
            continue
        start += len(chunk) - len(chunk.lstrip())
        out.append(Sentence(start, start + len(stripped), stripped, span))
    return out


def _body(sentence_text: str) -> str:
    """Return the sentence without leading punctuation, quotes and bullets."""
    return sentence_text.lstrip(LEAD_CHARS).replace("’", "'").replace("‘", "'")


def _is_imperative(
    sentence: Sentence, strategy: Strategy, body: str, tagged: bool, scan: ScanText | None = None
) -> bool:
    """Return True if the sentence opens with a bare verb and has no subject."""
    if not tagged or sentence.span is None:
        return (scan or ScanText(body)).match(strategy.regex) is not None
    first = next((t for t in sentence.span if not (t.is_punct or t.is_space)), None)  # the first word only
    if first is None:
        return False
    if first.tag_ != "VB":
        return False
    head = first.head if first.dep_ in ("aux", "neg") else first
    return head.dep_ == "ROOT" and not any(c.dep_ in SUBJECTS for c in head.children)


def ends_with_question(body: str) -> bool:
    """Return whether the text ends with a question mark, ignoring closing marks after it."""
    trailing = TRAILING_MARKS.match(body[::-1])
    return trailing is not None and "?" in trailing.group()


def fires(strategy: Strategy, sentence: Sentence, tagged: bool) -> bool:
    """Return True if the strategy fires in this sentence."""
    body = _body(sentence.text)
    return bool(body) and _fires_in(strategy, sentence, body, ends_with_question(body), tagged)


def _fires_in(
    strategy: Strategy, sentence: Sentence, body: str, question: bool, tagged: bool, scan: ScanText | None = None
) -> bool:
    """Return True if the strategy fires in the sentence whose trimmed body (and question mark) are given.

    `scan` is the body ready for case-sensitive twins of IGNORECASE patterns (coach/casefold_scan.py): the same
    matches, found faster; only their spans are read.
    """
    if strategy.question and not question:
        return False
    if scan is None:
        scan = ScanText(body)
    if any(scan.search(x) for x in strategy.exclude):
        return False
    if strategy.match == "imperative":
        return _is_imperative(sentence, strategy, body, tagged, scan)
    if strategy.position == "sentence_start":
        return scan.match(strategy.regex) is not None
    if strategy.position == "not_sentence_start":
        return any(m.start() > 0 for m in scan.finditer(strategy.regex))
    return scan.search(strategy.regex) is not None


# Lookarounds that read a line break as they read the end of a string (the phrase lists' word boundaries),
# and what else makes a sentence's match depend on the string ending there.
EDGE_SAFE = ("(?<![\\w'])", "(?![\\w'])", "(?<!\\w)", "(?!\\w)")
EDGE_BOUND = re.compile(r"\\A|\\Z|\^|\$|\(\?<?!")


@lru_cache(maxsize=256)
def _prefilter_safe(pattern: str) -> bool:
    """Return whether a match in one sentence implies a match in the sentences joined by line breaks.

    True unless the pattern anchors to the string's ends or uses a negative lookaround other than the
    word-boundary forms of the phrase lists.
    """
    for form in EDGE_SAFE:
        pattern = pattern.replace(form, "")
    return EDGE_BOUND.search(pattern) is None


WORD = re.compile(r"[\w']+")


@lru_cache(maxsize=256)
def _phrase_heads(strategy: Strategy) -> frozenset[str] | None:
    """Return the lower-cased first words of a phrase strategy, or None where a word set cannot stand in for it."""
    if strategy.match != "phrases" or not strategy.regex.flags & re.IGNORECASE:
        return None
    heads = [p.split()[0].lower() for p in strategy.patterns if p.split()]
    return frozenset(heads) if all(h.isascii() and WORD.fullmatch(h) for h in heads) else None


def _may_fire(strategy: Strategy, joined: str | ScanText, words: set[str]) -> bool:
    """Return False only when the strategy cannot fire in any sentence of the joined message."""
    if strategy.match == "imperative":
        return True
    heads = _phrase_heads(strategy)
    if heads is not None:
        return not heads.isdisjoint(words)
    if not _prefilter_safe(strategy.regex.pattern):
        return True
    scan = joined if isinstance(joined, ScanText) else ScanText(joined)
    return scan.search(strategy.regex) is not None


def find_hits(sents: Iterable[Sentence], strategies: Iterable[Strategy], tagged: bool) -> list[Hit]:
    """Return one Hit per (strategy, sentence) where the strategy fires.

    A strategy that cannot fire anywhere in the message (none of its phrases' first words is a word
    of it, or its regex finds nothing in the sentences joined by line breaks) is not tried sentence
    by sentence: most strategies fire nowhere in a given email.
    """
    sents = list(sents)
    bodies = [_body(sent.text) for sent in sents]
    questions = [ends_with_question(b) if b else False for b in bodies]
    scans = [ScanText(b) for b in bodies]  # each body lower-cased once for the patterns' case-sensitive twins
    joined = "\n".join(bodies)
    words = set(WORD.findall(joined.lower()))
    whole = ScanText(joined)
    hits: list[Hit] = []
    for s in strategies:
        if not _may_fire(s, whole, words):
            continue
        hits.extend(
            Hit(s.name, sent.start, sent.end, sent.text)
            for sent, body, question, scan in zip(sents, bodies, questions, scans)
            if body and _fires_in(s, sent, body, question, tagged, scan)
        )
    return hits


def is_tagged(doc: Any) -> bool:
    """Return True if the doc carries part-of-speech tags and a dependency parse."""
    return doc is not None and doc.has_annotation("TAG") and doc.has_annotation("DEP")
