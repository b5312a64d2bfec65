"""Selective parsing: split every text into sentences cheaply, tag and parse only the sentences a rule reads.

`COACH_PARSE=selective` (or `Coach(parse="selective")`) replaces the full
pipe. Every text is tokenized as before and split into sentences by the
model's small `senter` (its own 16-wide tok2vec: about 4% of the full pipe's
time on the bench corpus), with a break after a blank line unless the line before ends in
a comma (a greeting stays with the first sentence, as the parser keeps it).
Then the `Selector` picks the sentences some rule's check reads tags or the
parse of, by cheap triggers over the sentence's words:

- it names the reader or one of their people (blame's client-as-cause, the
  reader gate, the lexicon's `you ...` parse checks);
- it may open with a bare verb (an order or an ask: directness, the tone
  strategies' imperative), i.e. its first word is not one that never does;
- a lexicon rule that declares `needs: parse` (or `entities`) matches in it,
  or one of the analysers' `parse_patterns()` does (announcements, problem
  words, stated causes);
- it has a rare lower-case word (jargon's fallback reads POS and lemma).

Runs of adjacent selected sentences are parsed together (tok2vec, tagger,
parser, attribute ruler, lemmatizer: every pipe but NER, which stays on
demand) as small Docs, and their annotations are written back into the whole
Doc at their token offsets. A sentence no trigger selects keeps its words
and boundaries but no tags, lemmas or dependencies (its tokens hang off its
first token with spaCy's "unclassified" label, `dep`). Before a revision is written, the sentences with
a finding that were not parsed are parsed the same way (`parse_around`), so
the rewriter reads a parse wherever it edits. The default stays `full`.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

import numpy
from spacy.attrs import DEP, HEAD, LEMMA, MORPH, POS, SENT_START, TAG
from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc
from wordfreq import zipf_frequency

from .casefold_scan import ScanText
from .lexicon import WordLists
from .token_table import TokenTable, token_table

PARSE_ENV = "COACH_PARSE"
MODES = ("full", "selective")
ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD]
UNPARSED = "dep"  # the label of a token in a sentence left unparsed (spaCy's own "unclassified")
PARSED_KEY = "coach_parsed"  # doc.user_data: the (start, end) token ranges that were parsed
SENTENCES_KEY = "coach_sentences"  # nlp.Sentences' cache, stale once the parse changes boundaries
RARE_ZIPF = 1.0  # jargon's threshold for a rare word (analysers/jargon.py)
READER = re.compile(
    r"\b(?:you|your|yours|yourself|yourselves|y['’]all|u|ur|ya|someone|somebody|anyone|anybody|whoever|"
    r"everyone|everybody|nobody|no\s+one)\b",
    re.IGNORECASE,
)
# First words that never open an order or an ask (tagged VB at a sentence's start).
NEVER_OPENS = frozenset(
    """i i'm i've i'll i'd we we're we've we'll it it's its they he she this that these those there here our ours
    my their his her us me them the a an all some every each no any both most many several few another such
    in on at for from with after before during since because if when whenever while as by of about over until
    unless although though once than whether where who what which why how thanks thank sincerely regards
    cheers yes kind best warm warmest""".split()
)
# The semantic layer's neutral-cause check reads the parse of a stated cause (coach/semantic/cause.py),
# and only for a sentence with the reader or their people in view (its reader gate drops the rest).
CAUSE_WORDS = re.compile(r"\b(?:because|due|owing|caused|result)\b", re.IGNORECASE)
LY_VERBS = frozenset({"apply", "reply", "supply", "multiply", "comply", "rely", "rally", "tally", "bully"})
BLANK_LINE = re.compile(r"[ \t\r\f\v]*\n[ \t\r\f\v]*\n\s*")
THE = re.compile(r"\bthe\b", re.IGNORECASE)
GREETINGS = frozenset({"hi", "hello", "hey", "dear", "morning", "afternoon", "evening", "good"})


PAST_WORD = (
    r"[\w'’-]*ed|was|were|had|did|went|came|ran|shut|put|set|cut|took|began|broke|made|gave|sent|got|left|"
    r"brought|built|bought|kept|lost|met|paid|said|saw|told|found|held|hung|froze|rang|wrote|drove|fell|spent|"
    r"stood|began|rebuilt|reset|upgraded|rolled|moved|hit|let|quit|split|spread"
)


def starting_past_word(pattern: re.Pattern[str], gate: re.Pattern[str] | None = None) -> re.Pattern[str]:
    """Return a pattern for where `pattern` matches from a word that may be a past-tense verb (in a text `gate` matches)."""
    cue = rf"(?=(?:{pattern.pattern}))(?:{PAST_WORD})\b"
    if gate is None:
        return re.compile(cue, pattern.flags)
    try:
        return re.compile(rf"^(?=[\s\S]*?(?:{gate.pattern}))[\s\S]*?{cue}", pattern.flags | gate.flags)
    except re.error:  # the two patterns cannot be joined (a group name in both): the cue alone
        return re.compile(cue, pattern.flags)


class ParseModeError(ValueError):
    """The parse mode is not one of MODES."""


def parse_mode(value: str | None = None) -> str:
    """Return the parse mode: the value given, else COACH_PARSE, else "full"."""
    chosen = (value if value is not None else os.environ.get(PARSE_ENV, "")).strip().lower() or "full"
    if chosen not in MODES:
        raise ParseModeError(f"unknown parse mode '{chosen}'; choose one of: {', '.join(MODES)}")
    return chosen


@lru_cache(maxsize=65536)
def is_rare(word: str) -> bool:
    """Return whether a lower-case word is rare enough for jargon's fallback to read its POS and lemma."""
    return zipf_frequency(word, "en") < RARE_ZIPF


class Selector:
    """Decide, per sentence, whether some rule's check reads its tags or parse."""

    def __init__(
        self,
        patterns: Iterable[re.Pattern[str]],
        lists: WordLists | None = None,
        tests: Iterable[Callable[[str], bool]] = (),
    ):
        self.patterns = tuple(dict.fromkeys(patterns))
        self.tests = tuple(tests)
        # blame's client-as-cause: "your X" (the reader trigger) or "the X" for a named role (the cashier)
        roles = lists.words("client_roles") if lists is not None and "client_roles" in lists else frozenset()
        generic = lists.words("generic_roles") if lists is not None and "generic_roles" in lists else frozenset()
        self.roles = frozenset(w.lower() for w in roles - generic)
        skip = lists.words("directness_lead_skip") if lists is not None and "directness_lead_skip" in lists else ()
        self.lead_skip = frozenset(w.lower() for w in skip) | GREETINGS

    def opens_like_order(self, table: TokenTable, tokens: Sequence[int]) -> bool:
        """Return whether the sentence's first word (after greetings, lead words and a name) could be a bare verb.

        `tokens` are the indices (into the Doc of `table`) of the sentence's tokens that are not space.
        """
        lower, punct = table.lower, table.is_punct
        i, n = 0, len(tokens)
        while i < n and (punct[tokens[i]] or lower[tokens[i]] in self.lead_skip):
            i += 1
        if i + 1 < n and table.text[tokens[i]][:1].isupper() and table.text[tokens[i + 1]] == ",":
            i += 2  # "Sam, send me ..." addresses someone by name
            while i < n and (punct[tokens[i]] or lower[tokens[i]] in self.lead_skip):
                i += 1
        if i >= n or table.like_num[tokens[i]]:
            return False
        first = lower[tokens[i]]
        if first.endswith("ly") and len(first) > 4 and first not in LY_VERBS:
            return False  # "Obviously", "Unfortunately": an adverb, not a bare verb
        return first not in NEVER_OPENS

    def needs_parse(self, sent: Any, doc_text: str | None = None) -> bool:
        """Return whether a sentence (a Span) needs tags and the parse (doc_text: its Doc's text, if at hand)."""
        text = sent.text if doc_text is None else doc_text[sent.start_char : sent.end_char]
        if READER.search(text):
            return True
        table = token_table(sent.doc)  # the words' attributes read once per Doc, no Token objects
        space = table.is_space
        tokens = [i for i in range(sent.start, sent.end) if not space[i]]
        if not tokens:
            return False
        if self.opens_like_order(table, tokens):
            return True
        definite = THE.search(text) is not None
        lower, length, alpha, stop, words = table.lower, table.length, table.is_alpha, table.is_stop, table.text
        for i in tokens:
            low = lower[i]
            if definite and low in self.roles:
                return True
            if length[i] >= 5 and alpha[i] and not words[i][0].isupper() and not stop[i] and is_rare(low):
                return True
        scan = ScanText(text)  # IGNORECASE patterns by their case-sensitive twins (the same matches)
        return any(scan.search(p) for p in self.patterns) or any(test(text) for test in self.tests)


def selector_for(
    analysers: Iterable[Any], lists: WordLists | None, tests: Iterable[Callable[[str], bool]] = ()
) -> Selector:
    """Return the Selector for a Coach's analysers: their parse-reading rules' patterns and declared triggers."""
    patterns: list[re.Pattern[str]] = []
    for analyser in analysers:
        declared = getattr(analyser, "parse_patterns", None)
        if callable(declared):
            patterns += declared()
        else:
            patterns += [r.pattern for r in analyser.rules if r.needs != "tokens" and r.pattern.pattern != "(?!)"]
    return Selector(patterns, lists, tests)


def _ranges(flags: Sequence[bool], bounds: Sequence[tuple[int, int]]) -> list[tuple[int, int]]:
    """Return the token ranges of runs of adjacent flagged sentences."""
    out: list[tuple[int, int]] = []
    for flag, (a, b) in zip(flags, bounds):
        if not flag:
            continue
        if out and out[-1][1] == a:
            out[-1] = (out[-1][0], b)
        else:
            out.append((a, b))
    return out


class SelectiveParser:
    """Tokenize and split every text; run the tagging and parsing pipes only on the selected sentences."""

    def __init__(self, nlp: Language, selector: Selector):
        self.nlp = nlp
        self.selector = selector
        self.senter: Any = nlp.get_pipe("senter") if "senter" in nlp.component_names else None
        self.sentencizer = Sentencizer()

    def split(self, doc: Doc) -> Doc:
        """Set sentence starts: the small senter (or punctuation), and a break after a blank line."""
        return self._blank_lines((self.senter or self.sentencizer)(doc))

    def _split_all(self, docs: list[Doc]) -> list[Doc]:
        """Split a batch of Docs (the senter runs over the batch at once)."""
        if self.senter is None:
            return [self.split(doc) for doc in docs]
        return [self._blank_lines(doc) for doc in self.senter.pipe(docs, batch_size=len(docs))]

    @staticmethod
    def _blank_lines(doc: Doc) -> Doc:
        """Start a sentence after a blank line, unless the line before ends in a comma (a greeting)."""
        text = doc.text
        starts: list[int] = []
        for m in BLANK_LINE.finditer(text):
            after = doc.char_span(m.end(), m.end() + 1, alignment_mode="expand")
            if after is None or after.start == 0 or after[0].is_space:
                continue
            i = m.start() - 1
            while i >= 0 and text[i].isspace():
                i -= 1
            if i >= 0 and text[i] != ",":
                starts.append(after.start)
        if starts:  # one array write (setting Token.is_sent_start rescans the Doc each time)
            marks: Any = doc.to_array([SENT_START])
            marks[starts] = 1
            doc.from_array([SENT_START], marks)
        return doc

    def pipe(self, docs: Iterable[Doc], batch_size: int = 32) -> Iterator[Doc]:
        """Yield each tokenized Doc split into sentences, with the selected sentences tagged and parsed."""
        batch: list[Doc] = []
        for doc in docs:
            batch.append(doc)
            if len(batch) >= batch_size:
                yield from self._batch(batch)
                batch = []
        if batch:
            yield from self._batch(batch)

    def _batch(self, docs: list[Doc]) -> list[Doc]:
        jobs: list[tuple[Doc, list[tuple[int, int]]]] = []
        for doc in self._split_all([d for d in docs if len(d)]):
            spans = list(doc.sents)
            text = doc.text
            flags = [self.selector.needs_parse(s, text) for s in spans]
            jobs.append((doc, _ranges(flags, [(s.start, s.end) for s in spans])))
        self._parse(jobs)
        return docs

    def parse_around(self, doc: Doc, spans: Iterable[tuple[int, int]]) -> None:
        """Parse the not yet parsed sentences that overlap the given character spans (before a revision)."""
        parsed = doc.user_data.get(PARSED_KEY)
        if parsed is None:
            return  # not a selectively parsed Doc
        wanted = sorted(spans)
        if not wanted:
            return
        flags, bounds = [], []
        for sent in doc.sents:
            bounds.append((sent.start, sent.end))
            inside = any(a <= sent.start and sent.end <= b for a, b in parsed)
            flags.append(not inside and any(s < sent.end_char and sent.start_char < e for s, e in wanted))
        ranges = _ranges(flags, bounds)
        if ranges:
            self._parse([(doc, ranges)])

    def _parse(self, jobs: list[tuple[Doc, list[tuple[int, int]]]]) -> None:
        pieces = [
            Doc(doc.vocab, words=[t.text for t in doc[a:b]], spaces=[bool(t.whitespace_) for t in doc[a:b]])
            for doc, ranges in jobs
            for a, b in ranges
        ]
        parsed = iter(self.nlp.pipe(pieces, batch_size=64, disable=[p for p in self.nlp.pipe_names if p == "ner"]))
        for doc, ranges in jobs:
            write_back(doc, [(a, next(parsed)) for a, _ in ranges])


def write_back(doc: Doc, pieces: Sequence[tuple[int, Doc]]) -> None:
    """Copy each parsed piece's tags, lemmas and parse into doc at its token offset; the rest hangs off its sentence."""
    parsed: list[tuple[int, int]] = list(doc.user_data.get(PARSED_KEY, ()))
    if parsed:
        rows = doc.to_array(ATTRS).astype(numpy.int64)  # keep what an earlier pass parsed
    else:
        rows = numpy.zeros((len(doc), len(ATTRS)), dtype=numpy.int64)
        for sent in doc.sents:  # an unparsed sentence: its tokens hang off its first token as "dep"
            rows[sent.start : sent.end, 5] = sent.start - numpy.arange(sent.start, sent.end)
        rows[:, 4] = doc.vocab.strings.add(UNPARSED)  # a label of 0 would read as a missing head
    for start, piece in pieces:
        rows[start : start + len(piece)] = piece.to_array(ATTRS).astype(numpy.int64)
        parsed.append((start, start + len(piece)))
    doc.from_array(ATTRS, rows.astype(numpy.uint64))  # type: ignore[arg-type]
    doc.user_data[PARSED_KEY] = sorted(parsed)
    doc.user_data.pop(SENTENCES_KEY, None)
