"""Empathy and patience: replies to a client's problem or question that never acknowledge it.

Acknowledge first (category `empathy`, lexicons/empathy.yml, one entry per
   kind of problem: slow, outage, error, lost, trouble, delay, question). A
   message is flagged when, in its first three sentences, it talks about a
   problem the client has - the thing affected is named (a computer, the
   email, the network, "your ...") and the sentence is not a hypothetical
   ("if", "let me know if"), a plan ("will be offline") or a denial ("no
   errors", "nothing was lost") - or answers their question ("you asked
   about"), and nowhere acknowledges it ("I understand", "I can see why",
   "I know how frustrating", "sorry", "thanks for letting us know", "I can
   imagine", "that must be", "we appreciate your patience", "good question").
   Reports that the problem is fixed ("the errors have stopped", "the line is
   back") and cheerful updates are left alone. One finding, anchored on the
   first sentence of the body (after a greeting); its suggestion is the
   opening sentence to put before it, built from what the problem is ("I can
   see why the slow screens have been frustrating."), and coach.rewrite
   inserts it there. replacement stays None: the opening is an insertion, not
   a substitute for the anchored sentence.

Risk framed as cost (`benefit.risk_as_cost`) is benefit framing and lives in
coach/analysers/risk.py, reported by the benefit analyser.

Why: "Same conversation, different client" - patience is the key to client work, "to a client, it's
personal"; its model answer opens "Yes, I can imagine users are experiencing
difficulty ..."; the readers' comments add "I can understand your putting off
upgrades, especially in this economy, but it will be costly to let the systems
start to fail before upgrading". "Keeping the Fire Alive" - listen to the client's anxiety and
show you are addressing their urgency.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

from spacy.tokens import Doc, Span

from ..lexicon import Rule, WordLists
from ..message_parts import BUILTIN_PARTS, MessageParts
from ..report import Finding
from .base import LexiconAnalyser, builtin_lists, context_ok, doc_text, make_finding, sentences

FIRST_SENTENCES = 3  # a reply meets the client's problem in its opening; later mentions are not the answer

# The vocabularies are named lists (lexicons/lists/empathy.yml): acknowledgements, resolved, kit, systems,
# problem_adjectives, not_a_problem. What stays here is grammar: determiners, pronouns, denial shapes.
NEAR = 40  # characters between a problem word and the thing it happens to
WINDOW = 300  # characters around a problem word searched for what it is about (bounds work on run-on text)
OPENING_CHARS = 2000  # the "first sentences" of a message never reach further than this
DENIED = re.compile(r"\b(?:no|not|nothing|never|zero|without|any)\s+(?:\w+\s+)?$", re.IGNORECASE)
# "your/the (new) <kit>": the determiner and a describing word (list kit_modifiers) are part of the phrase.
KIT_TEMPLATE = r"\b(?:(?:your|the|our|their|this|that|these|those|my)\s+(?:{modifiers}\s+)?)?{}\b"
# The shape of a term a client must decode (capitals, digits, camel case), except the plain_abbreviations list.
JARGONISH_TEMPLATE = r"^(?!{}$)(?:[A-Z]{2,}\w*|\w*\d\w*|[a-z]+[A-Z]\w*)$"
SECOND_PERSON = re.compile(r"\b(?:you|your|you['’]re|you['’]ve)\b", re.IGNORECASE)
DETERMINERS = {"the", "this", "that", "these", "those", "our", "my", "a", "an", "some", "all", "their", "its"}


@dataclass(frozen=True)
class ProblemWords:
    """What a client's problem happens to and what makes a sentence no problem, from the named lists."""

    kit: re.Pattern[str]
    systems: re.Pattern[str]  # whole words: one system, not many things
    problem_adjectives: re.Pattern[str]  # whole words
    not_a_problem: re.Pattern[str]
    jargonish: re.Pattern[str]  # a word kept out of the acknowledgement ("the SQL Server tempdb")
    error_nouns: re.Pattern[str]  # an error that the noun phrase names ("the login failures")
    slowness: re.Pattern[str]  # a word about speed, as against freezing or hanging

    @classmethod
    def from_lists(cls, lists: WordLists) -> ProblemWords:
        """Return the vocabularies from the named word lists."""
        kit_template = KIT_TEMPLATE.replace("{modifiers}", lists.regex("kit_modifiers"))
        return cls(
            kit=lists.pattern("kit", kit_template),
            systems=lists.pattern("systems", "^{}$"),
            problem_adjectives=lists.pattern("problem_adjectives", "^{}$"),
            not_a_problem=lists.pattern("not_a_problem", "{}"),
            jargonish=lists.pattern("plain_abbreviations", JARGONISH_TEMPLATE, 0),
            error_nouns=lists.pattern("error_nouns", "{}"),
            slowness=lists.pattern("slowness_words", "{}"),
        )


BUILTIN_WORDS = ProblemWords.from_lists(builtin_lists())
NOT_A_PROBLEM = BUILTIN_WORDS.not_a_problem  # the built-in list, for callers without a Coach's lists


def first_sentence(doc: Doc, parts: MessageParts = BUILTIN_PARTS) -> tuple[int, int]:
    """Return (start, end) of the body's first sentence, without trailing spaces."""
    start = parts.body_start(doc_text(doc))
    sent = sentences(doc).around(start)
    end = sent.end_char
    while end > start and doc_text(doc)[end - 1].isspace():
        end -= 1
    if "\n\n" in doc_text(doc)[start:end]:
        end = doc_text(doc).index("\n\n", start)
    return start, end


def _chunk(doc: Doc, sent: Span, start: int, end: int, words: ProblemWords = BUILTIN_WORDS) -> str:
    """Return the noun phrase around a kit word, led by 'the' or 'your', without problem adjectives."""
    phrase = doc_text(doc)[start:end]
    if doc.has_annotation("DEP"):
        for chunk in sent.noun_chunks:
            if chunk.start_char <= start < chunk.end_char:
                phrase = chunk.text
                break
    said = phrase.split()
    lead = "the"
    while said and (said[0].lower() in DETERMINERS or said[0].lower() == "your"):
        lead = "your" if said[0].lower() == "your" else lead
        said = said[1:]
    said = [w for w in said if not words.problem_adjectives.match(w.strip("'\"‘’“”"))]
    if any(words.jargonish.search(w) for w in said):
        said = [doc_text(doc)[start:end].split()[-1]]  # "the SQL Server tempdb" -> "the Server": keep jargon out
    return f"{lead} {' '.join(said)}" if said else ""


def _subject(doc: Doc, start: int):
    """Return the subject token of the clause a problem word sits in ("the files ... were deleted"), if parsed."""
    if not doc.has_annotation("DEP"):
        return None
    span = doc.char_span(start, start + 1, alignment_mode="expand")
    if span is None:
        return None
    verb = span[0]
    if verb.pos_ not in {"VERB", "AUX"}:
        verb = verb.head
    for tok in (verb, verb.head):
        for child in tok.children:
            if child.dep_ in {"nsubj", "nsubjpass"} and child.i < span[0].i:
                return child
    return None


def nearest_kit(
    doc: Doc, sent: Span, start: int, end: int, words: ProblemWords = BUILTIN_WORDS
) -> tuple[int, int] | None:
    """Return the span of the thing a problem word is about: the word right after it ("slow screens"),
    else the nearest one before it (the subject: "the screens ... are slow"), else the nearest after."""
    subject = _subject(doc, start)
    if subject is not None:
        m = words.kit.search(doc_text(doc), subject.idx, subject.idx + len(subject))
        if m and m.start() >= sent.start_char:
            return m.span()
    before = after = None
    lo, hi = max(sent.start_char, start - WINDOW), min(sent.end_char, end + WINDOW)
    for m in words.kit.finditer(doc_text(doc), lo, hi):
        if m.start() < end and m.end() > start:
            continue
        if m.end() <= start:
            before = (m.start(), m.end())
        elif after is None:
            after = (m.start(), m.end())
    if after and not doc_text(doc)[end : after[0]].strip():
        return after
    return before or after


def describe_problem(
    doc: Doc, rule: Rule, sent: Span, start: int, end: int, words: ProblemWords = BUILTIN_WORDS
) -> tuple[str, bool]:
    """Return (what the problem is, whether it is plural) for the opening sentence."""
    kind = rule.id.split(".", 1)[1]
    kit = nearest_kit(doc, sent, start, end, words)
    if kind == "trouble":
        after = [m for m in words.kit.finditer(doc_text(doc), end, sent.end_char)]
        kit = (after[0].start(), after[0].end()) if after else kit
    if kind == "delay":
        return ("the delays", True) if kit is None else (f"the delay with {_chunk(doc, sent, *kit, words)}", False)
    if kit is None:
        return "this", False
    phrase = _chunk(doc, sent, *kit, words)
    if not phrase:
        return "this", False
    lead, _, rest = phrase.partition(" ")
    system = bool(words.systems.match(rest.split()[-1]))
    plural = bool(re.search(r"(?<!s)s$", rest)) and not system
    word = doc_text(doc)[start:end].lower()
    if doc.has_annotation("DEP") and kind == "error" and words.error_nouns.match(word):
        for chunk in sent.noun_chunks:  # "the login failures": the problem is named in one phrase
            if chunk.start_char <= start < chunk.end_char and chunk.start_char <= kit[0] < chunk.end_char:
                named = chunk.text.split()
                if named[0].lower() in DETERMINERS:
                    named = named[1:]
                return (
                    f"{'your' if named[0].lower() == 'your' else 'the'} {' '.join(w for w in named if w.lower() != 'your')}",
                    chunk.root.tag_ in {"NNS", "NNPS"},
                )
    if kind == "slow" and not words.slowness.match(word):
        return f"the trouble with {phrase}", False  # freezes and hangs
    if (
        kind == "lost"
        and kit[1] <= start
        and re.match(r"\s+(?:its|their|all|some|the|a|an|your)\b", doc_text(doc)[end:])
    ):
        return f"the trouble with {phrase}", False  # "the scanner lost its settings": the kit is not what was lost
    if kind == "slow":
        return f"{lead} slow {rest}", plural
    if kind == "outage" and system:
        return f"{lead} {rest} outage", False
    if kind == "lost":
        return f"losing {phrase}", False
    return f"the trouble with {phrase}", False


def is_client_problem(doc: Doc, sent: Span, start: int, end: int, words: ProblemWords = BUILTIN_WORDS) -> bool:
    """Return whether a problem word names a problem the client has with their systems (named close by)."""
    word = doc_text(doc)[start:end]
    text = doc_text(doc)
    around = text[max(sent.start_char, start - WINDOW) : min(sent.end_char, end + WINDOW)]
    if (
        word.isupper()
        or words.not_a_problem.search(around)
        or DENIED.search(text[max(sent.start_char, start - WINDOW) : start])
    ):
        return False
    kit = nearest_kit(doc, sent, start, end, words)
    return kit is not None and (kit[1] >= start - NEAR and kit[0] <= end + NEAR)


class EmpathyAnalyser(LexiconAnalyser):
    """Suggest an opening that acknowledges the client's problem, and risk framed as cost for old kit."""

    category = "empathy"
    parse_in_code = True  # reads tags and the parse of the sentences its rules match (selective parsing)
    checks = {"client_problem": is_client_problem}

    def __init__(self, rules: Sequence[Rule], lists: WordLists | None = None):
        super().__init__(rules, lists)
        self.words = ProblemWords.from_lists(self.lists)
        self.parts = MessageParts.from_lists(self.lists)
        self.checks = {"client_problem": partial(is_client_problem, words=self.words)}
        self.acknowledged = self.lists.pattern("acknowledgements", "{}")
        self.resolved = self.lists.pattern("resolved", "{}")

    def opening(self, doc: Doc, audience: str) -> list[Finding]:
        """Return the acknowledge-first finding, or nothing."""
        text = doc_text(doc)
        if self.acknowledged.search(text) or self.resolved.search(text):
            return []
        index = sentences(doc).spans
        body = self.parts.body_start(text)
        first = [s for s in index if s.end_char > body][:FIRST_SENTENCES]
        if not first:
            return []
        limit = min(first[-1].end_char, body + OPENING_CHARS)
        hits = []
        for rule in self.lexicon_rules:
            if not rule.applies_to(audience):
                continue
            for m in rule.pattern.finditer(text, body, limit):
                sent = sentences(doc).around(m.start())
                if not context_ok(rule, sent, *m.span()):
                    continue
                if rule.check and not self.checks[rule.check](doc, sent, *m.span()):
                    continue
                hits.append((m.start(), m.end(), rule, sent))
                break
        if not hits:
            return []
        start, end, rule, sent = min(hits, key=lambda h: h[0])
        if rule.id == "empathy.question":
            about = re.match(
                r"\s*(?:about\s+)?((?:the|your|our|a|an)\s+[\w'’ -]{2,40}?)(?=[.,;:!?]|\s+(?:and|is|was|"
                r"means|because)\b|$)",
                text[end : sent.end_char],
            )
            suggestion = (rule.action.text or rule.suggestion or "").replace(
                "{topic}", f" about {about.group(1)}" if about else ""
            )
        else:
            problem, plural = describe_problem(doc, rule, sent, start, end, self.words)
            suggestion = (
                (rule.action.text or rule.suggestion or "")
                .replace("{problem}", problem)
                .replace("{has}", "have" if plural else "has")
            )
            suggestion = suggestion[:1].upper() + suggestion[1:]
        a, b = first_sentence(doc, self.parts)
        found = make_finding(rule, text, start, end)
        return [make_finding(rule, text, a, b, message=found.message, suggestion=suggestion)]

    def __call__(self, doc: Doc, audience: str) -> list[Finding]:
        """Return the acknowledge-first finding for a message, or nothing."""
        return self.opening(doc, audience)
