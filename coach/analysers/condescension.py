"""Condescension: talking down to the client.

Catches "obviously" and "it's not rocket science", minimising "just"/"simply"
before a step the client is told to do, counting repetitions ("for the third
time", "as I've explained several times"), remarks on the client's
intelligence ("it would go over your head"), disbelief ("I'm not surprised",
"what were you thinking", "surprised you've stayed in business"), rhetorical
questions at the reader, scare quotes around the client's words, and, in
code here, shouting in capitals and strings of exclamation marks.

Why: "Same conversation, different client" names patience as the key to client work, especially with the
most basic questions, and its bad example is built of exactly these moves.
Context decides: "we just finished the backup" and "just let me know" do not
talk down, so rules carry the words around them that decide.

Sources: "Same conversation, different client"; write-good's and proselint's weasel and "obviously" checks,
narrowed by context.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from spacy.tokens import Doc
from wordfreq import zipf_frequency

from ..lexicon import Action, Rule, WordLists, code_rule
from ..report import Finding
from .base import LexiconAnalyser, builtin_lists, doc_text, make_finding, sentences

CAPS_WORD = re.compile(r"\b[A-Z][A-Z']{2,}\b")
CAPS_RUN = re.compile(r"\b[A-Z][A-Z']+(?:[ \t]+[A-Z][A-Z']+)+\b")
# The first branch starts only where a run of marks starts and never gives back '?'s: written as
# "(?:[!?]*!){3}" it rescanned the run from every position (quadratic: 100,000 '?' took 40 s).
EXCLAIM = re.compile(r"(?<![!?])(?:\?*+!){3}[!?1]*|\?!+[!?]*|!\?[!?]*")
AT_READER = re.compile(r"\b(?:you|your|yours|this|these|why|what|how)\b", re.IGNORECASE)


@dataclass(frozen=True)
class RaisedVoice:
    """What raises the voice at the reader, from the named lists (lexicons/lists/condescension.yml)."""

    shouted: frozenset[str]  # one capitalised word that shouts alone (lower case)
    directive: frozenset[str]  # a capitalised run holding one of these speaks to the reader (lower case)
    cheerful: re.Pattern[str]  # wording that makes exclamation marks cheerful

    @classmethod
    def from_lists(cls, lists: WordLists) -> RaisedVoice:
        """Return the vocabularies from the named word lists."""
        return cls(lists.words("shouted_words"), lists.words("directive_words"), lists.pattern("cheerful"))


BUILTIN_VOICE = RaisedVoice.from_lists(builtin_lists())

PATIENCE = "Same conversation, different client (Erik Eckel): patience with the most basic questions"
SHOUTING = code_rule(
    "condescension.shouting",
    "'{text}' is written in capitals, which reads as shouting.",
    "Write it in normal case; if it matters, say why it matters.",
    "Capitals are the written form of a raised voice; the client hears impatience, not emphasis.",
    file=__file__,
    source=PATIENCE,
    action=Action("replace"),  # the words in lower case, supplied per finding
    examples={"bad": ("DO NOT unplug the server.",), "good": ("Please leave the server plugged in.",)},
)
EXCLAMATIONS = code_rule(
    "condescension.exclamations",
    "'{text}': several exclamation marks read as exasperation.",
    "Use a single full stop; let the facts carry the urgency.",
    "A pile of exclamation marks sounds like the writer has lost patience.",
    severity="suggestion",
    file=__file__,
    source=PATIENCE,
    action=Action("replace", text="."),
    examples={"bad": ("Why would you unplug it again!!!",), "good": ("Thanks so much, that's great news!!!",)},
)


def _common_word(word: str) -> bool:
    return zipf_frequency(word.lower().replace("'", ""), "en") >= 3.3


def find_shouting(doc: Doc, voice: RaisedVoice = BUILTIN_VOICE) -> list[Finding]:
    """Return runs of capitalised ordinary words (not acronyms) in mixed-case text."""
    text = doc_text(doc)
    letters = [c for c in text if c.isalpha()]
    if not letters or sum(c.isupper() for c in letters) / len(letters) > 0.85:
        return []  # all-caps input (a pasted subject line, an old terminal) is not one shout
    found = []
    taken: list[tuple[int, int]] = []
    for m in CAPS_RUN.finditer(text):
        words = m.group().split()
        lowered = {w.lower() for w in words}
        ordinary = [w for w in words if len(w) <= 2 or w.lower() in voice.directive or _common_word(w)]
        if len(ordinary) >= max(2, len(words) - 1) and voice.directive & lowered:
            found.append(make_finding(SHOUTING, text, m.start(), m.end(), replacement=m.group().lower()))
            taken.append(m.span())
    for m in CAPS_WORD.finditer(text):
        if m.group().lower() in voice.shouted and not any(s <= m.start() < e for s, e in taken):
            found.append(make_finding(SHOUTING, text, m.start(), m.end(), replacement=m.group().lower()))
    return found


def find_exclamations(doc: Doc, voice: RaisedVoice = BUILTIN_VOICE) -> list[Finding]:
    """Return runs of three or more exclamation marks (or "?!") aimed at the reader, not cheerful ones."""
    found = []
    index = sentences(doc)
    for m in EXCLAIM.finditer(doc_text(doc)):
        sentence = index.around(m.start())
        said = doc_text(doc)[max(sentence.start_char, m.start() - 300) : m.end()]  # bounded on run-on text
        if voice.cheerful.search(said) or not AT_READER.search(said):
            continue
        found.append(make_finding(EXCLAMATIONS, doc_text(doc), m.start(), m.end(), replacement="."))
    return found


class CondescensionAnalyser(LexiconAnalyser):
    """Find condescension: lexicon rules in context, plus shouting and exclamations."""

    category = "condescension"
    code_rules = (SHOUTING, EXCLAMATIONS)

    def __init__(self, rules: Sequence[Rule], lists: WordLists | None = None):
        super().__init__(rules, lists)
        self.voice = RaisedVoice.from_lists(self.lists)

    def extra(self, doc: Doc, audience: str) -> list[Finding]:
        """Return shouting and exclamation findings."""
        return find_shouting(doc, self.voice) + find_exclamations(doc, self.voice)
