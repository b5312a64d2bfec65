"""Jargon: IT terms and shapes a non-technical client will not follow.

Catches curated terms (protocols, acronyms, platform and product names,
hardware and OS codes) each with a plain-language alternative, and shapes
found by pattern (IP and MAC addresses, ports, command lines and switches,
file paths, registry keys, error and patch codes, model codes, setting
names). As a low-severity fallback it flags unknown abbreviations and words
so rare that almost no reader knows them (word frequencies from `wordfreq`:
the De-Jargonizer's idea, Rakedzon et al. 2017), leaving names alone.

Not jargon: a term the writer explains in the same message ("a VPN, a secure
private connection to the office", "DNS (the internet's address book)"), an
abbreviation after it has been spelled out once, and words from the client's
own world (lexicons/allow.yml: their CRM, HIPAA for a clinic). For a
technical reader none of this is flagged.

Why: "Same conversation, different client" - clients should not need to memorise IP addresses or command
switches, and the worked example's "P4s running XP" is what to avoid.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import replace

from spacy.tokens import Doc
from wordfreq import zipf_frequency

from ..lexicon import NO_ACTION, Rule, WordLists, code_rule
from ..nlp import has_tags
from ..prefilter import may_match
from ..report import Finding
from .base import LexiconAnalyser, builtin_lists, doc_text, drop_overlaps, make_finding, sentences

# How a writer explains a term in place: lexicons/lists/jargon.yml (explanation_openers, explanation_leads).
EXPLAINED_AFTER_TEMPLATE = r"^\s*(?:{})"
EXPLAINED_BEFORE_TEMPLATE = r"(?:{})$"
RUN_GAP = re.compile(r"[ \t-]")  # what may separate two terms that read as one ("SSL VPN", "site-to-site IPsec")
ACRONYM = re.compile(r"(?<![\w&/.-])[A-Z][A-Z0-9]{1,5}s?(?![\w&/-])")
PLAIN_WORDS = "Same conversation, different client (Erik Eckel): plain words, no acronyms the client must decode"
RARE_ZIPF = 1.0  # below this almost no reader has met the word
ACRONYM_ZIPF = 2.5  # abbreviations rarer than this are unlikely to be known (IT ones above it are listed)


def _spelled_out(text: str, start: int, term: str) -> bool:
    """Return whether "Words Spelled Out (TERM)" precedes the term."""
    before = text[max(0, start - 80) : start]
    m = re.search(r"((?:[\w-]+\s+){1,6})\(\s*$", before)
    if not m:
        return False
    initials = "".join(w[0] for w in re.split(r"[\s-]+", m.group(1).strip()) if w).upper()
    letters = re.sub(r"[^A-Z]", "", term.upper().rstrip("S"))
    return bool(letters) and letters in initials


def _key(text: str) -> str:
    return re.sub(r"s$", "", text.strip().lower())


def explanation_patterns(lists: WordLists) -> tuple[re.Pattern[str], re.Pattern[str]]:
    """Return (what follows an explained term, what comes just before one) from the named lists."""
    return (
        lists.pattern("explanation_openers", EXPLAINED_AFTER_TEMPLATE),
        lists.pattern("explanation_leads", EXPLAINED_BEFORE_TEMPLATE),
    )


BUILTIN_EXPLAINED = explanation_patterns(builtin_lists())


_RUN_GAP = re.compile(r"[ \t\-/]*")


def _run_end(text: str, ordered: list[Finding], i: int) -> Finding:
    """Return the last finding of the run of adjacent terms that starts at ordered[i]."""
    last = ordered[i]
    for nxt in ordered[i + 1 :]:
        if nxt.start < last.end or not _RUN_GAP.fullmatch(text[last.end : nxt.start]):
            break
        last = nxt
    return last


def drop_explained(
    doc: Doc, findings: Iterable, explained_by: tuple[re.Pattern[str], re.Pattern[str]] = BUILTIN_EXPLAINED
) -> list:
    """Remove findings for terms the writer explains, from the explanation on."""
    text = doc_text(doc)
    explained_after, explained_before = explained_by
    explained: dict[str, int] = {}
    ordered = sorted(findings, key=lambda f: f.start)
    for i, f in enumerate(ordered):
        sentence = sentences(doc).around(f.start)
        last = _run_end(text, ordered, i)  # "SQL Server tempdb (...)": the gloss after a run explains the run
        after = text[
            last.end : last.end + 120
        ]  # the explanation follows the term (the parser may end a sentence inside it)
        if (
            explained_after.search(after)
            or explained_before.search(text[sentence.start_char : f.start])
            or _spelled_out(text, f.start, f.text)
        ):
            explained.setdefault(_key(f.text), f.start)
    return [f for f in findings if not (_key(f.text) in explained and f.start >= explained[_key(f.text)])]


class Spans:
    """Spans already taken, for fast "does this overlap one of them?" checks on long texts."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        merged: list[list[int]] = []
        for s, e in sorted(spans):
            if merged and s <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], e)
            else:
                merged.append([s, e])
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def contains(self, start: int, end: int) -> bool:
        """Return whether [start, end) lies inside a taken span."""
        i = bisect_right(self.starts, start) - 1
        return i >= 0 and self.ends[i] >= end

    def overlaps(self, start: int, end: int) -> bool:
        """Return whether [start, end) overlaps any taken span."""
        i = bisect_right(self.starts, start)
        return (i > 0 and self.ends[i - 1] > start) or (i < len(self.starts) and self.starts[i] < end)


class JargonAnalyser(LexiconAnalyser):
    """Find jargon: lexicon terms and shapes, then rare words and unknown abbreviations."""

    category = "jargon"

    def __init__(self, rules: Sequence[Rule], lists: WordLists | None = None):
        super().__init__(rules, lists)
        self.explained_by = explanation_patterns(self.lists)
        self.allow = [r for r in rules if r.category == "allow"]
        allowed = {p for r in self.allow for p in r.phrases}
        self.allowed_words = {p.lower() for p in allowed}
        self.acronym_rule = code_rule(
            "jargon.abbreviation",
            "'{text}' is an abbreviation the client may not know.",
            "Spell it out once, or say what it does for them.",
            "An unexplained abbreviation makes the reader feel outside the conversation.",
            severity="suggestion",
            audience=("non-technical", "executive"),
            file=__file__,
            source=PLAIN_WORDS,
            action=NO_ACTION,
            examples={"bad": ("The QZX export is ready.",), "good": ("The export is ready.",)},
        )
        self.rare_rule = code_rule(
            "jargon.rare_word",
            "'{text}' is a word few readers will have met.",
            "Use a plain word, or explain it in a few words.",
            "Rare technical words (found by word frequency, after the De-Jargonizer) make a message hard to follow.",
            severity="suggestion",
            audience=("non-technical", "executive"),
            file=__file__,
            source=PLAIN_WORDS,
            needs="parse",
            examples={"bad": ("The logs show heavy defragmentization overnight.",), "good": ("The logs look fine.",)},
            action=NO_ACTION,
        )
        self.code_rules = (self.acronym_rule, self.rare_rule)
        self.by_id = {r.id: r for r in self.rules}

    def allowed_spans(self, doc: Doc) -> list[tuple[int, int]]:
        """Return the spans of client-world words, which are never jargon."""
        index = sentences(doc)  # skip an allow-list entry whose fixed words are absent; twins scan the rest
        return [
            m.span() for r in self.allow if may_match(r.pattern, index.folded) for m in index.scan.finditer(r.pattern)
        ]

    def fallback(self, doc: Doc, audience: str, taken: Spans) -> list:
        """Return unknown abbreviations and very rare words not already covered."""
        if not self.acronym_rule.applies_to(audience):
            return []
        found = []
        text = doc_text(doc)
        letters = [c for c in text if c.isalpha()]
        shouting = letters and sum(c.isupper() for c in letters) / len(letters) > 0.5
        for m in ACRONYM.finditer(text):
            word = m.group()
            if shouting or taken.overlaps(*m.span()) or word.lower() in self.allowed_words:
                continue
            if re.fullmatch(r"[A-Z]\d+|\d+|[A-Z]{2}\d*s?", word) and len(word) <= 2:
                continue  # "Q4", "US"-like two-letter shapes are too ambiguous
            if zipf_frequency(word.lower().rstrip("s") if word.endswith("s") else word.lower(), "en") < ACRONYM_ZIPF:
                found.append(make_finding(self.acronym_rule, text, *m.span()))
        tagged = has_tags(doc)
        for tok in doc:
            if len(tok) < 5 or not tok.text.isalpha() or tok.text[0].isupper() or tok.is_stop:
                continue
            if tagged and tok.pos_ in {"PROPN", "INTJ"}:
                continue
            span = (tok.idx, tok.idx + len(tok))
            if taken.overlaps(*span) or tok.lower_ in self.allowed_words:
                continue
            if (
                zipf_frequency(tok.lower_, "en") < RARE_ZIPF
                and zipf_frequency(tok.lemma_.lower() or tok.lower_, "en") < RARE_ZIPF
            ):
                found.append(make_finding(self.rare_rule, text, *span))
        return found

    def __call__(self, doc: Doc, audience: str) -> list:
        """Return jargon findings, leaving out explained and client-world terms."""
        allowed = self.allowed_spans(doc)
        client_words = Spans(allowed)
        lexical = [f for f in self.match_rules(doc, audience) if not client_words.contains(f.start, f.end)]
        taken = Spans([(f.start, f.end) for f in lexical] + allowed)
        found = drop_overlaps(drop_explained(doc, lexical + self.fallback(doc, audience, taken), self.explained_by))
        return self.merge_runs(doc_text(doc), [self.own_words(f) for f in found])

    def own_words(self, finding: Finding) -> Finding:
        """Give a finding its own term's plain words (the entry's gloss or form for it), not the family's."""
        rule = self.by_id.get(finding.rule)
        if rule is None or rule.action.name != "replace":
            return finding
        words = rule.action.words_for(finding.text)
        return finding if words == finding.replacement else replace(finding, replacement=words)

    def merge_runs(self, text: str, findings: list[Finding]) -> list[Finding]:
        """Join terms that stand side by side ("SSL VPN", "site-to-site IPsec") into one finding.

        Each would otherwise get its own plain words, and the fix would read "the network settings network
        settings tunnel". The run takes the last term's rule (the head of the phrase) and its plain words.
        """
        by_id = self.by_id
        out: list[Finding] = []
        for f in sorted(findings, key=lambda f: f.start):
            prev = out[-1] if out else None
            if (
                prev is not None
                and prev.category == f.category == "jargon"
                and prev.replacement is not None
                and f.replacement is not None
                and RUN_GAP.fullmatch(text[prev.end : f.start])
                and f.rule in by_id
            ):
                rule = by_id[f.rule]
                words = rule.action.words_for(text[prev.start : f.end]) if rule.action.name == "replace" else None
                out[-1] = make_finding(rule, text, prev.start, f.end, replacement=words or f.replacement)
            else:
                out.append(f)
        return out
