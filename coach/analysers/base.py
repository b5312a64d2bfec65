"""The analyser protocol, and what every analyser shares: matching lexicon rules in context, making Findings.

An analyser is built once from the validated rules of its category and then
called on a parsed Doc: `analyser(doc, audience) -> list[Finding]`. It declares
(the `Analyser` protocol) its category, every rule it can report (lexicon and
code rules alike, each with what it needs from the pipeline: tokens, parse or
entities) and, per message, whether it needs more than the shared pipeline ran
(`needs(doc)`; NER runs on demand only). Every finding it returns carries its
category. Rules carry the context that decides (`when`/`unless` regexes on the
words before, after or around a match, and an optional named parse `check`).
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Sequence
from typing import Protocol, runtime_checkable

from spacy.tokens import Doc, Span

from ..lexicon import BUILTIN_DIR, Rule, WordLists, load_lists
from ..nlp import Sentences, doc_text, sentences  # noqa: F401  (the analysers' shared sentence view)
from ..prefilter import may_match
from ..report import Finding

Check = Callable[[Doc, Span, int, int], bool]
CONTEXT_CHARS = 200


@runtime_checkable
class Analyser(Protocol):
    """What the engine drives: one category, its declared rules, and a call on a parsed Doc."""

    category: str

    @property
    def rules(self) -> Sequence[Rule]:
        """Return every rule it can report, lexicon and code rules alike."""
        ...

    def needs(self, doc: Doc) -> frozenset[str]:
        """Return what this message needs from the pipeline beyond what ran (e.g. {"entities"})."""
        ...

    def __call__(self, doc: Doc, audience: str) -> list[Finding]:
        """Return this category's findings for a parsed message."""
        ...


def context_ok(rule: Rule, sentence: Span, start: int, end: int) -> bool:
    """Return whether the words around a match satisfy the rule's when/unless."""
    text = sentences(sentence.doc).text
    # Context is read in a window next to the match: enough for any phrase, and linear on run-on text.
    parts = {
        "before": text[max(sentence.start_char, start - CONTEXT_CHARS) : start],
        "after": text[end : min(sentence.end_char, end + CONTEXT_CHARS)],
        "sentence": text[
            max(sentence.start_char, start - 4 * CONTEXT_CHARS) : min(sentence.end_char, end + 4 * CONTEXT_CHARS)
        ],
    }
    for where, pattern in rule.when.items():
        if not pattern.search(parts[where]):
            return False
    return not any(pattern.search(parts[where]) for where, pattern in rule.unless.items())


def make_finding(rule: Rule, text: str, start: int, end: int, **override: str | None) -> Finding:
    """Build a Finding for text[start:end] from a rule's wording."""
    matched = text[start:end]
    values = {
        "message": rule.message,
        "suggestion": rule.suggestion,
        "note": rule.note,
        "replacement": rule.replacement,
    }
    values.update(override)
    fill = {k: (v.replace("{text}", matched) if isinstance(v, str) else v) for k, v in values.items()}
    return Finding(
        category=rule.category,
        rule=rule.id,
        start=start,
        end=end,
        text=matched,
        message=fill["message"] or "",
        suggestion=fill["suggestion"],
        severity=rule.severity,
        note=fill["note"] or "",
        replacement=fill["replacement"],
    )


def drop_overlaps(findings: Iterable[Finding]) -> list[Finding]:
    """Keep the longest finding where several overlap, then sort by position."""
    starts: list[int] = []  # the kept findings never overlap, so they stay sorted by start and by end
    kept: list[Finding] = []
    for f in sorted(findings, key=lambda f: (-(f.end - f.start), f.start)):
        i = bisect_right(starts, f.start)
        if (i > 0 and kept[i - 1].end > f.start) or (i < len(kept) and kept[i].start < f.end):
            continue
        starts.insert(i, f.start)
        kept.insert(i, f)
    return kept


def builtin_lists() -> WordLists:
    """Return the built-in named word lists (lexicons/lists/)."""
    return load_lists((BUILTIN_DIR,))


class LexiconAnalyser:
    """Find a category's lexicon rules in a Doc, honouring context and parse checks (implements Analyser)."""

    category = ""
    checks: dict[str, Check] = {}  # noqa: RUF012  (named parse checks; an analyser may bind them per instance)
    code_rules: tuple[Rule, ...] = ()  # rules written in code; declared so --disable and the README know them
    parse_in_code = False  # True when code reads tags or the parse of every sentence one of its rules matches
    checks_read_parse = True  # False when its named checks read only the words (rules then need no parse)

    def __init__(self, rules: Sequence[Rule], lists: WordLists | None = None):
        self.lists = lists if lists is not None else builtin_lists()
        self.lexicon_rules = [r for r in rules if r.category == self.category]
        for rule in self.lexicon_rules:
            if rule.check and rule.check not in self.checks:
                raise ValueError(
                    f"{rule.file}: entry '{rule.id}': unknown check '{rule.check}' "
                    f"(known: {', '.join(sorted(self.checks)) or 'none'})"
                )

    @property
    def rules(self) -> tuple[Rule, ...]:
        """Return every rule this analyser can report: its lexicon entries, then its code rules."""
        return tuple(self.lexicon_rules) + tuple(self.code_rules)

    def needs(self, doc: Doc) -> frozenset[str]:
        """Return nothing extra: the shared pipeline (tokens, tags, parse) is enough by default."""
        return frozenset()

    def parse_patterns(self) -> list[re.Pattern[str]]:
        """Return the patterns of sentences whose tags or parse a check reads (coach/selective.py parses those)."""
        return [
            r.pattern
            for r in self.lexicon_rules
            if self.parse_in_code or (r.needs != "tokens" and (self.checks_read_parse or not r.check))
        ]

    def match_rules(self, doc: Doc, audience: str) -> list[Finding]:
        """Return findings for every rule match whose context fits."""
        found = []
        index = sentences(doc)
        text = index.text
        folded = index.folded  # the text folded once; a rule whose required words are absent is not scanned
        scan = index.scan  # an ASCII text is scanned lower-cased by each IGNORECASE rule's case-sensitive twin
        for rule in self.lexicon_rules:
            if not rule.applies_to(audience) or not may_match(rule.pattern, folded):
                continue
            for m in scan.finditer(rule.pattern):
                start, end = m.span()
                if start == end:
                    continue
                sentence = index.around(start)
                if not context_ok(rule, sentence, start, end):
                    continue
                if rule.check and not self.checks[rule.check](doc, sentence, start, end):
                    continue
                found.append(make_finding(rule, text, start, end))
        return found

    def extra(self, doc: Doc, audience: str) -> list[Finding]:
        """Return findings that come from code rather than the lexicon."""
        return []

    def __call__(self, doc: Doc, audience: str) -> list[Finding]:
        """Return this category's findings for a parsed message."""
        return drop_overlaps(self.match_rules(doc, audience) + self.extra(doc, audience))
