"""The Coach: one spaCy pipeline, the validated rules and the analysers, turning text into Reports."""

from __future__ import annotations

import os
import re
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import numpy
from spacy.attrs import IS_ALPHA, LOWER
from spacy.lang.en.stop_words import STOP_WORDS
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc

from .analysers import Analyser, build_analysers
from .analysers.benefit import states_benefit
from .lexicon import lexicon_dirs, load_lists, load_rules
from .nlp import doc_text, ensure_sentences, forget_on_demand, load_model, on_demand_entities
from .report import AUDIENCES, CATEGORIES, Finding, Report
from .rewrite import Rewriter, revise_with_edits
from .scoring import score
from .selective import CAUSE_WORDS, ParseModeError, SelectiveParser, parse_mode, selector_for
from .semantic.layer import SemanticLayer, blame_in_view
from .semantic.layer import rule_ids as semantic_rule_ids
from .tokens import make_doc

SURROGATE = re.compile("[\ud800-\udfff]")
MAX_CHARS = 100_000  # about 15,000 words; longer input is rejected with this limit named
# Pipes the analysers never read: NER is run on demand, only where a rule needs entities.
SKIPPED_PIPES = ("ner",)
STOP_HASHES = numpy.array(sorted(get_string_id(w) for w in STOP_WORDS), dtype=numpy.uint64)


class InputError(ValueError):
    """The text cannot be analysed (empty, too long, wrong audience)."""


def check_text(text: Any) -> str:
    """Return the text if it can be analysed, else raise InputError saying why."""
    if not isinstance(text, str):
        raise InputError(f"expected text, got {type(text).__name__}")
    if not text.strip():
        raise InputError("nothing to analyse: the text is empty")
    if len(text) > MAX_CHARS:
        raise InputError(
            f"text is {len(text):,} characters; the limit is {MAX_CHARS:,} "
            "(about 15,000 words). Split it into separate messages."
        )
    # A lone surrogate (from a broken utf-7 or utf-16 part) cannot be encoded; one-for-one keeps offsets.
    return SURROGATE.sub("\ufffd", text)


def check_audience(audience: str) -> str:
    """Return the audience if known, else raise InputError listing the choices."""
    if audience not in AUDIENCES:
        raise InputError(f"unknown audience '{audience}'; choose one of: {', '.join(AUDIENCES)}")
    return audience


def language_warnings(doc: Doc) -> tuple[str, ...]:
    """Return a warning when the text does not look like English."""
    # The token attributes as one array (no Token objects): the share of alphabetic words that are stop words.
    attrs = doc.to_array([IS_ALPHA, LOWER]).reshape(-1, 2)
    words = attrs[attrs[:, 0] == 1, 1]
    if len(words) < 8:
        return ()
    english = int(numpy.isin(words, STOP_HASHES).sum()) / len(words)
    text = doc_text(doc)
    if text.isascii():  # the common case, without a loop over every character
        ascii_share = 1.0 if any(c.isalpha() for c in text) else 0.0
    else:
        letters = [c for c in text if c.isalpha()]
        ascii_share = sum(c.isascii() for c in letters) / max(1, len(letters))
    if english < 0.12 or ascii_share < 0.8:
        return (
            "This text does not look like English; the coach's rules are written for English, "
            "so findings may be missing or wrong.",
        )
    return ()


def _stated_cause_to_reader(sentence: str) -> bool:
    """Return whether the semantic layer's neutral-cause check could read this sentence's parse."""
    return bool(CAUSE_WORDS.search(sentence)) and blame_in_view(sentence)


class Coach:
    """Analyse client messages: build once, then call analyse() or analyse_many()."""

    def __init__(
        self,
        *,
        nlp: Language | None = None,
        lexicons: Iterable[str | os.PathLike] = (),
        disable: Iterable[str] = (),
        model: str | None = None,
        semantic: bool = True,
        parse: str | None = None,
    ):
        dirs = lexicon_dirs(lexicons)
        self.rules = load_rules(dirs)
        self.lists = load_lists(dirs)
        self.nlp = ensure_sentences(nlp) if nlp is not None else load_model(model)
        self.analysers = build_analysers(self.rules, self.lists)
        self.rewriter = Rewriter([r for a in self.analysers for r in a.rules], self.nlp, self.lists)
        self.semantic = SemanticLayer(self.rules) if semantic else None
        self.disabled = frozenset(disable)
        try:  # full (the default) or selective: tags and parse only where a rule reads them (coach/selective.py)
            self.parse = parse_mode(parse)
        except ParseModeError as exc:
            raise InputError(str(exc)) from exc
        self.selective = (
            SelectiveParser(self.nlp, selector_for(self.analysers, self.lists, tests=[_stated_cause_to_reader]))
            if self.parse == "selective" and "parser" in self.nlp.pipe_names
            else None
        )
        unknown = {d for d in self.disabled if d not in self.rule_ids() and d not in CATEGORIES}
        if unknown:
            raise InputError(f"cannot disable unknown rule(s): {', '.join(sorted(unknown))}")

    def variant(self, lexicons: Sequence[str | os.PathLike[str]] = (), disable: Iterable[str] = ()) -> Coach:
        """Return a coach with extra lexicon folders and disabled rules that shares this one's model (self if none)."""
        disable = tuple(disable)
        if not lexicons and not disable:
            return self
        return Coach(
            nlp=self.nlp,
            lexicons=list(lexicons),
            disable=disable,
            semantic=self.semantic is not None,
            parse=self.parse,
        )

    def rule_ids(self) -> set[str]:
        """Return every rule id this coach can report, lexicon and code rules alike."""
        ids = {r.id for analyser in self.analysers for r in analyser.rules}
        return ids | (semantic_rule_ids() if self.semantic is not None else set())

    def active_analysers(self) -> list[Analyser]:
        """Return the analysers whose category is not disabled."""
        return [a for a in self.analysers if a.category not in self.disabled]

    def _enabled(self, finding: Finding) -> bool:
        return finding.rule not in self.disabled and finding.category not in self.disabled

    def report(self, doc: Doc, audience: str, *, revise_text: bool = True) -> Report:
        """Return the report for one parsed message (with its revision unless revise_text is False)."""
        analysers = self.active_analysers()
        # NER runs only when an analyser first reads entities (nlp.entities): for an announcement whose
        # who/when/where its wording leaves open, not for every message that needs("entities").
        on_demand_entities(doc, self.nlp.get_pipe("ner") if "ner" in self.nlp.pipe_names else None)
        found = [f for a in analysers for f in a(doc, audience)]
        if self.semantic is not None:  # the meaning-based layer adds what the rules' wording missed
            found += self.semantic.find(doc, found, audience, states_benefit)
        # Disabled rules and categories go before anything reads the findings: a silenced finding (the
        # semantic layer's included) never takes another category's suggestion with it.
        found = [f for f in found if self._enabled(f)]
        # A softer retelling only where no blame, condescension or profanity finding rewrites the sentence.
        # (or where a finding with its own replacement, e.g. jargon's plain words, edits inside it).
        rewritten = [
            (f.start, f.end)
            for f in found
            if f.category in ("blame", "condescension", "profanity")
            or (f.category != "directness" and f.replacement is not None)
        ]
        found = [
            f for f in found if f.category != "directness" or not any(a < f.end and f.start < b for a, b in rewritten)
        ]
        findings = sorted(found, key=lambda f: (f.start, f.end, f.category))
        text = doc_text(doc)  # Doc.text joins every token on each call: read it once
        scores = score(text, doc, findings, audience)
        if revise_text and self.selective is not None:  # the rewriter reads the parse where it edits
            self.selective.parse_around(doc, [(f.start, f.end) for f in findings])
        revision, edits = (
            revise_with_edits(text, findings, rewriter=self.rewriter, doc=doc) if revise_text else (None, [])
        )
        report = Report(
            text=text,
            audience=audience,
            findings=tuple(findings),
            scores=scores,
            revision=revision,
            warnings=language_warnings(doc),
            edits=tuple(edits),
        )
        forget_on_demand(doc)
        return report

    def _pipe(self, texts: Iterable[str], batch_size: int) -> Iterator[Doc]:
        skipped = [p for p in SKIPPED_PIPES if p in self.nlp.pipe_names]
        docs = (make_doc(self.nlp, text) for text in texts)  # bounded tokenizing of punctuation runs
        if self.selective is not None:
            return self.selective.pipe(docs, batch_size)
        return self.nlp.pipe(docs, batch_size=batch_size, disable=skipped)

    def analyse(self, text: str, audience: str = "non-technical") -> Report:
        """Return the report for one message."""
        check_audience(audience)
        return self.report(next(iter(self._pipe([check_text(text)], 1))), audience)

    def analyse_many(
        self,
        texts: Iterable[Any],
        audience: str = "non-technical",
        *,
        as_tuples: bool = False,
        batch_size: int = 32,
        revise_text: bool = True,
    ) -> Iterator[Any]:
        """Yield a report per text, streaming through nlp.pipe; with as_tuples, (text, context) in and (report, context) out.

        Batch reviews that only keep findings and scores pass revise_text=False and skip the revisions.
        """
        check_audience(audience)
        if as_tuples:
            pairs = ((check_text(t), ctx) for t, ctx in texts)
            contexts: deque[Any] = deque()

            def texts_only() -> Iterator[str]:
                for t, ctx in pairs:
                    contexts.append(ctx)
                    yield t

            for doc in self._pipe(texts_only(), batch_size):
                yield self.report(doc, audience, revise_text=revise_text), contexts.popleft()
        else:
            for doc in self._pipe((check_text(t) for t in texts), batch_size):
                yield self.report(doc, audience, revise_text=revise_text)
