"""Blame: wording that puts the fault for a problem on the client or their staff.

Catches hindsight reproaches ("you should have told us", "if you had read my
email"), pointing back at ignored advice ("as I already told you", "per my
last email"), outright fault ("your fault", "user error"), disparaging the
client's own people ("whoever set this up", "your IT guy messed up"), and,
from the dependency parse, sentences where the client or one of their people
is the subject of a faulty act that caused the problem ("your bookkeeper
installed the update and that is what broke payroll", "since you refused the
warranty, the repair is billed in full").

Why: "Keeping the Fire Alive" asks consultants to credit the client's staff, who hold the
gate to their managers, rather than threaten them; "Keeping the Love Alive"'s golden rule;
"Same conversation, different client"'s model answer describes the causes (ageing machines, a consumer
router) without blaming the owner for them.

Words alone mislead: "you should have received the invoice" and "if you have
any questions" are not blame, so the parse decides (subject, modal, tense).
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Sequence
from dataclasses import dataclass
from functools import partial

import numpy
from spacy.attrs import DEP
from spacy.tokens import Doc, Span, Token

from ..lexicon import Action, Rule, WordLists, code_rule
from ..nlp import has_parse
from .base import LexiconAnalyser, builtin_lists, doc_text, drop_overlaps, make_finding, sentences


@dataclass(frozen=True)
class BlameWords:
    """The blame analyser's vocabularies, from the named lists (lexicons/lists/people.yml and blame.yml)."""

    client_roles: frozenset[str]  # "your X" doing a faulty act is the client's side
    named_roles: frozenset[str]  # "the X" counts too (the cashier, not the people)
    fault_verbs: frozenset[str]
    strong_fault_verbs: frozenset[str]  # a reproach whatever follows
    receipt_verbs: frozenset[str]  # "you should have received": not a duty missed
    cause: re.Pattern[str]  # connectives and outcomes that make an act the cause of a problem
    receipt_forms: re.Pattern[str]  # the same verbs as written, for text without a parse ("received", "got")
    negated_not_faults: frozenset[str]  # "you didn't need to": not doing these is no fault

    @classmethod
    def from_lists(cls, lists: WordLists) -> BlameWords:
        """Return the vocabularies from the named word lists."""
        roles = lists.words("client_roles")
        return cls(
            client_roles=roles,
            named_roles=roles - lists.words("generic_roles"),
            fault_verbs=lists.words("fault_verbs"),
            strong_fault_verbs=lists.words("strong_fault_verbs"),
            receipt_verbs=lists.words("receipt_verbs"),
            cause=lists.pattern("cause_words"),
            receipt_forms=lists.pattern("receipt_forms", "{}"),
            negated_not_faults=lists.words("negated_not_faults"),
        )


BUILTIN_WORDS = BlameWords.from_lists(builtin_lists())
# Grammar, not vocabulary: auxiliaries that make a verb a possibility or a plan, not a past act.
MODALS_NOT_PAST = {
    "will",
    "can",
    "could",
    "may",
    "might",
    "shall",
    "should",
    "would",
    "must",
    "need",
    "'ll",
    "wo",
    "ca",
}


def should_have_done(doc: Doc, sentence: Span, start: int, end: int, words: BlameWords = BUILTIN_WORDS) -> bool:
    """Accept "you should have <done>" unless the verb is about receiving something."""
    if not has_parse(doc):
        said = doc_text(doc)[start:end].lower().split()
        return not any(words.receipt_forms.match(w) for w in said[3:])
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is None:
        return False
    verbs = [t for t in span if t.tag_ == "VBN"]
    if not verbs:
        return False
    return verbs[-1].lemma_.lower() not in words.receipt_verbs


def past_perfect(doc: Doc, sentence: Span, start: int, end: int, words: BlameWords = BUILTIN_WORDS) -> bool:
    """Accept "if you had <done>" (a reproach), not "if you had questions" or "if you'd like"."""
    span = doc.char_span(start, end, alignment_mode="expand")
    if not has_parse(doc):
        last = doc_text(doc)[start:end].split()[-1].lower()
        return last.endswith(("ed", "en", "ead", "ld", "ght", "id", "ne")) and last not in {"need", "feed"}
    if span is None:
        return False
    for tok in span:
        if tok.lower_ in {"had", "'d", "’d"} and tok.dep_ == "aux":
            return tok.head.tag_ == "VBN" and tok.head.lemma_.lower() not in words.receipt_verbs
    return False


def _is_client(subject: Token, words: BlameWords) -> bool:
    """Return whether a subject token names the client or one of their people."""
    if subject.lower_ in {"you", "whoever"}:
        return True
    if subject.lower_ in {"someone", "somebody", "one", "anyone"}:  # "someone on your staff"
        return any(
            c.dep_ == "prep" and any(g.lower_ == "your" for p in c.children for g in p.children)
            for c in subject.children
        )
    if subject.lemma_.lower() not in words.client_roles:
        return False
    determiners = {c.lower_ for c in subject.children if c.dep_ in {"poss", "det"}}
    # "your staff", "your nephew"; "the cashier" only for a named role, not "the people".
    return "your" in determiners or ("the" in determiners and subject.lemma_.lower() in words.named_roles)


def _faulty_act(verb: Token, words: BlameWords) -> bool:
    """Return whether a verb tells a past or habitual act that could be a fault."""
    lemma = verb.lemma_.lower()
    if lemma == "keep":  # "the cashier keeps pulling the cable out"
        return any(c.tag_ == "VBG" for c in verb.children)
    auxes = {c.lower_ for c in verb.children if c.dep_ in {"aux", "auxpass"}}
    did = verb.tag_ == "VB" and bool(auxes & {"did", "do", "does"})  # "you didn't back up"
    if auxes & MODALS_NOT_PAST or not (did or verb.tag_ in {"VBD", "VBN", "VBZ", "VBP"}):
        return False
    negated = any(c.dep_ == "neg" or c.lower_ == "never" for c in verb.children)
    # The small model sometimes mis-lemmatises ("installed" -> "instal"): accept the stem too.
    if lemma in words.fault_verbs or any(verb.lower_.startswith(v) for v in words.fault_verbs if len(v) > 3):
        return True
    return negated and lemma not in words.receipt_verbs | words.negated_not_faults


def _phrase_end(tok: Token) -> Token:
    """Return the last token of a phrase, leaving out clauses hung on it ("which ...", "and ...")."""
    last = tok
    for child in tok.children:
        if child.i > last.i and child.dep_ not in {"relcl", "acl", "advcl", "punct", "cc", "conj", "appos"}:
            candidate = _phrase_end(child)
            last = candidate if candidate.i > last.i else last
    return last


def client_as_cause(doc: Doc, rule: Rule, words: BlameWords = BUILTIN_WORDS) -> list:
    """Find sentences where the client's act is told as the cause of a problem."""
    if not has_parse(doc):
        return []
    found = []
    index = sentences(doc)
    subjects = numpy.flatnonzero(doc.to_array(DEP) == doc.vocab.strings.add("nsubj")).tolist()  # read once
    for sent in index.spans:
        text = index.text[sent.start_char : sent.end_char]  # == sent.text, without joining its tokens
        if text.rstrip().endswith("?") or re.match(r"\s*(?:if|when|once|whenever)\b", text, re.I):
            continue
        first = bisect_left(subjects, sent.start)
        for tok in (doc[i] for i in subjects[first : bisect_left(subjects, sent.end)]):  # its nsubj tokens, in order
            if not _is_client(tok, words) or not _faulty_act(tok.head, words):
                continue
            verb = tok.head
            if verb.dep_ in {"relcl", "acl"}:  # "the packages you gave me" describes, it does not accuse
                continue
            if any(c.lower_ in {"if", "when", "whenever", "once", "unless"} for c in verb.children):
                continue
            if not words.cause.search(text) and verb.lemma_.lower() not in words.strong_fault_verbs:
                continue
            start = min(tok.left_edge.idx, verb.idx)
            last = max(
                (_phrase_end(c) for c in verb.children if c.dep_ in {"dobj", "prt", "xcomp", "neg", "dative"}),
                key=lambda t: t.i,
                default=verb,
            )
            end = last.idx + len(last)
            found.append(make_finding(rule, doc_text(doc), start, end))
            break
    return found


class BlameAnalyser(LexiconAnalyser):
    """Find blame: lexicon phrases with parse checks, plus the client-as-cause parse rule."""

    category = "blame"
    checks = {"should_have_done": should_have_done, "past_perfect": past_perfect}
    cause_rule = code_rule(
        "blame.client_as_cause",
        "'{text}' names the client's side as the cause of the problem.",
        "Tell it as what happened and what happens next: \"The update ran before the backup, so payroll "
        "stopped. Next time we'll schedule updates for you.\"",
        "The client's staff decide whether you are welcome back. Told as a verdict on a person, the cause "
        "makes them defensive; told as what happened, with a shared plan, it lets them help.",
        file=__file__,
        source="Keeping the Fire Alive: Maintaining Client Relationships From a DBA Perspective (credit the "
        "client's in-house staff)",
        needs="parse",
        action=Action("retell", transformer="passive"),
        examples={
            "bad": ("You didn't renew the domain, so the shop's website went offline.",),
            "good": ("The domain didn't get renewed, so the shop's website went offline.",),
        },
    )
    code_rules = (cause_rule,)

    def __init__(self, rules: Sequence[Rule], lists: WordLists | None = None):
        self.words = BlameWords.from_lists(lists if lists is not None else builtin_lists())
        self.checks = {
            "should_have_done": partial(should_have_done, words=self.words),
            "past_perfect": partial(past_perfect, words=self.words),
        }
        super().__init__(rules, lists)

    def __call__(self, doc: Doc, audience: str) -> list:
        """Return lexicon blame, plus client-as-cause where no more specific rule already fired."""
        lexical = self.match_rules(doc, audience)
        cause = [
            c
            for c in client_as_cause(doc, self.cause_rule, self.words)
            if all(c.end <= f.start or c.start >= f.end for f in lexical)
        ]
        return drop_overlaps(lexical + cause)
