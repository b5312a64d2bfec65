"""Expectations: announcements of work that leave open a question the client needs answered.

For a message that announces work in any everyday wording ("a tech is coming
round", "the tills will be down", "we'll be swapping the router", "the install
is running late"), it checks "Keeping the Love Alive"'s questions that matter
for that kind of work, and flags the message when even one is open:
- a VISIT (someone coming to their site): WHO (a named person or the writer),
  WHEN as a time of day ("next week", "soon", "Tuesday" alone leave them
  waiting in), WHERE (which office or room, or remotely);
- an OUTAGE (something they use stops): WHEN, HOW LONG ("for a bit" is not a
  duration) and HOW it affects them (what stops, what to do meanwhile);
- a DELAY: WHEN, the new day or time;
- a CHANGE to their systems announced by the writer: WHEN and HOW it affects them.

An announcement is found by meaning, not by a list of sentences: a cue of work
(lexicons/expectations.yml, built from the named lists in
lexicons/lists/expectations.yml) counts only in a sentence about a coming or
planned event (a future or planned verb, or a delay), that is not a question or
a condition, whose cue is not past or perfect in the parse ("we've swapped"),
not negated ("no downtime"), and, for a change, done by the writer's side or
to the client's systems (not "you should replace", which is an ask). The
answers are looked for in the whole body (greeting and sign-off excluded), and
a named person also through spaCy's PERSON entities.

One suggestion-severity finding, anchored on the first announcement, lists the
open questions. NER is skipped in the shared pipeline for speed; `needs(doc)`
tells the engine to run it on demand for messages that announce work.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

from spacy.tokens import Doc, Span

from ..casefold_scan import ScanText
from ..lexicon import Rule, WordLists
from ..message_parts import body_span, body_start
from ..nlp import entities
from ..report import Finding
from ..selective import starting_past_word
from .base import LexiconAnalyser, doc_text, make_finding, sentences

# The questions that matter for each kind of work, in the order they are named.
ESSENTIAL = {
    "visit": ("who", "when", "where"),
    "outage": ("when", "how long", "how"),
    "delay": ("when",),
    "change": ("when", "how"),
}
ORDER = ("who", "when", "where", "how long", "how")
# Language machinery, not vocabulary: the shapes of a question, a condition, a negation, a passive.
CONDITION = re.compile(r"^\W*(?:\w+\s*,\s*)?(?:if|when(?!\s+we\s+know)|whether|unless|once|in\s+case)\b", re.I)
NEGATED = re.compile(r"(?:\bno|\bnot|n['’]t|\bwithout|\bnever|\bminimal|\bzero)\s+(?:\w+\s+){0,2}$", re.I)
PASSIVE = re.compile(r"\b(?:be|being|get|gets|getting)\s+(?:\w+\s+)?$", re.I)
NEGATION = re.compile(r"\b(?:no|not|without|never|zero|minimal)\b|n['’]t\b", re.I)
STOPPING = re.compile(r"(?:won['’]t|will\s+not|can['’]t|cannot)\b", re.I)  # "won't be available" is the outage
REPORTED = re.compile(r"\b(?:whether|if|asked|wondered|wondering)\b", re.I)  # "you asked whether it will be down"
# A time right after a delay ("running late this morning") says when it is late, not the new time.
DELAY_TIME = re.compile(
    r"^\W*(?:(?:this|today|tonight|(?:mon|tues|wednes|thurs|fri|satur|sun)day)\s*(?:morning|afternoon|evening)?)", re.I
)
# An entity that is a length of time ("an hour", "20 minutes") says how long, not when.
LENGTH = re.compile(
    r"^(?:about|around|roughly|up\s+to|only|another)?\s*(?:an?|\d+|[a-z]+)\s*-?\s*(?:minutes?|hours?|seconds?|mins?)$",
    re.I,
)
CLAUSE = re.compile(r"[,;:]|\band\b|\bbut\b|\bso\b", re.I)
# A person as the subject of "be off / down / unavailable" is someone away, not a system stopping.
PERSON_SUBJECT = re.compile(
    r"\b(?:I|we|you|he|she|they)\s*(?:['’]ll|['’]re|['’]m|['’]s|\s+will|\s+shall|\s+may|\s+might|"
    r"\s+could|\s+are|\s+am|\s+is)(?:\s+(?:be|going\s+to\s+be|probably|also|not|likely\s+to\s+be))*\s*$"
)
PAST = re.compile(r"\b(?:have|has|had|['’]ve|was|were)\s+(?:\w+\s+)?$", re.I)


@dataclass(frozen=True)
class Announcement:
    """One sentence that announces work: where its cue is and which kinds of work it names."""

    start: int
    end: int
    kinds: frozenset[str]


class ExpectationsAnalyser(LexiconAnalyser):
    """Report the question an announcement of work leaves open, by the kind of work."""

    category = "expectations"

    def __init__(self, rules: Sequence[Rule], lists: WordLists | None = None):
        super().__init__(rules, lists)
        p = self.lists.pattern
        self.vague_when = p("vague_times")
        self.future = p("future_markers")
        self.actor = p("actor_cues")
        self.cues = {kind: p(f"{kind}_cues", r"\b{}") for kind in ("visit", "outage", "delay", "work")}
        self.named_who = p("named_who", r"\b{}\b", 0)
        self.systems = p("client_systems")
        self.work_nouns = p("work_nouns")
        self.outage_nouns = p("outage_nouns", "{}")
        self.not_names = self.lists.words("not_names")
        self.days = p("specific_days")
        self.times = p("times_of_day", r"\b(?:{})")  # "8pm", "6 to 8": no word boundary after a digit
        self.places = p("places")
        self.impacts = p("impacts", r"\b(?:{})")
        self.durations = p("durations", r"\b(?:{})")
        self.questions = dict(i.split(": ", 1) for i in self.lists.get_list("expectation_questions").items)

    # -- finding the announcements ------------------------------------------------------------------

    def announcements(self, doc: Doc, audience: str = "non-technical") -> list[Announcement]:
        """Return the sentences that announce coming or planned work, with the kinds of work they name."""
        rules = [r for r in self.lexicon_rules if r.applies_to(audience)]
        if not rules:
            return []
        text = doc_text(doc)
        opening = body_start(text)
        found = []
        for sent in sentences(doc).spans:
            scan = ScanText(text[sent.start_char : sent.end_char])  # the sentence's text, read once
            if not any(scan.search(r.pattern) for r in rules):
                continue
            kinds = self.kinds(doc, sent)
            if kinds:
                start = sent.start_char
                if start <= opening < sent.end_char:
                    start = opening  # after the greeting ("Hi Sam, ...")
                while start < sent.end_char and text[start].isspace():
                    start += 1
                found.append(Announcement(start, self.sentence_end(text, sent), kinds))
        return found

    def kinds(self, doc: Doc, sent: Span) -> frozenset[str]:
        """Return the kinds of work (visit, outage, delay, change) a sentence announces, or none."""
        text = sent.text
        if text.rstrip().endswith("?") or CONDITION.search(text):
            return frozenset()
        kinds = set()
        about_systems = bool(self.systems.search(text))
        if (about_systems or self.work_nouns.search(text)) and any(
            self.live(doc, sent, m, negation_inside=False) for m in self.cues["delay"].finditer(text)
        ):
            kinds.add("delay")
        if self.future.search(text):
            if any(
                self.live(doc, sent, m) and self.visitor(text, m.start()) for m in self.cues["visit"].finditer(text)
            ):
                kinds.add("visit")
            if any(
                self.live(doc, sent, m) and self.stops(text, m, about_systems)
                for m in self.cues["outage"].finditer(text)
            ):
                kinds.add("outage")
            if about_systems and any(
                self.live(doc, sent, m) and self.by_us(text, m.start()) for m in self.cues["work"].finditer(text)
            ):
                kinds.add("change")
        return frozenset(kinds)

    def visitor(self, text: str, start: int) -> bool:
        """Return whether the one coming is a person on the writer's side ("a tech", "we", "Tom", "someone")."""
        clause = CLAUSE.split(text[:start])[-1]
        return bool(self.actor.search(clause) or self.named_who.search(clause))

    def stops(self, text: str, m: re.Match[str], about_systems: bool) -> bool:
        """Return whether an outage cue is about a system stopping, not a person being away ("I'll be off")."""
        if PERSON_SUBJECT.search(text[: m.start()]) and not m.group().lower().startswith("lose"):
            return False
        return about_systems or bool(self.outage_nouns.search(m.group()))

    def live(self, doc: Doc, sent: Span, m: re.Match[str], negation_inside: bool = True) -> bool:
        """Return whether a cue is a coming event: not negated, not past or perfect in the parse.

        A delay is worded with its negation ("won't arrive on time"), so for it only what comes before counts.
        """
        before = sent.text[: m.start()]
        inside = negation_inside and not STOPPING.match(m.group()) and NEGATION.search(m.group())
        if inside or NEGATED.search(before) or PAST.search(before) or REPORTED.search(before):
            return False
        if doc.has_annotation("TAG"):
            token = next((t for t in sent if t.idx >= sent.start_char + m.start()), None)
            if token is not None and token.tag_ == "VBD":
                return False
        return True

    def by_us(self, text: str, start: int) -> bool:
        """Return whether the work at `start` is done by the writer's side or to the client's systems (passive)."""
        before = text[:start]
        if PASSIVE.search(before):
            return True
        clause = CLAUSE.split(before)[-1]
        return bool(self.actor.search(clause))

    @staticmethod
    def sentence_end(text: str, sent: Span) -> int:
        """Return the sentence's end without its closing punctuation and spaces."""
        end = sent.end_char
        while end > sent.start_char and (text[end - 1].isspace() or text[end - 1] in ".!?"):
            end -= 1
        return end

    def parse_patterns(self) -> list[re.Pattern[str]]:
        """Return where a cue may be a past-tense verb: live() reads that token's tag (coach/selective.py)."""
        return [starting_past_word(cue, None if kind == "delay" else self.future) for kind, cue in self.cues.items()]

    def needs(self, doc: Doc) -> frozenset[str]:
        """Return {"entities"} when this message announces work, so named entities are worth computing."""
        return frozenset({"entities"}) if self.announcements(doc) else frozenset()

    # -- the questions ---------------------------------------------------------------------------------

    def answered(self, doc: Doc) -> set[str]:
        """Return the questions the message body answers (who, when, when as a time, where, how long, how)."""
        text = doc_text(doc)
        start, end = body_span(text)
        body = text[start:end] if end > start else text
        window = max(end, start + len(body))

        @cache
        def ents() -> list[Span]:  # NER runs only if the wording leaves a question to the entities
            return [e for e in entities(doc) if e.start_char >= start and e.end_char <= window]

        @cache
        def timed() -> list[Span]:
            return [
                e
                for e in ents()
                if e.label_ in {"DATE", "TIME"}
                and not self.vague_when.fullmatch(e.text.strip())
                and not LENGTH.match(e.text.strip())
            ]

        found = set()
        if any(m.group().split()[0] not in self.not_names for m in self.named_who.finditer(body)) or any(
            e.label_ == "PERSON" for e in ents()
        ):
            found.add("who")
        has_time = bool(self.times.search(body)) or any(e.label_ == "TIME" for e in timed())
        if has_time or self.days.search(body) or timed():
            found.add("when")
        if has_time:
            found.add("time of day")
        if self.places.search(body) or any(e.label_ in {"GPE", "FAC", "LOC"} for e in ents()):
            found.add("where")
        if self.durations.search(body):
            found.add("how long")
        if self.impacts.search(body):
            found.add("how")
        return found

    def new_time(self, doc: Doc) -> bool:
        """Return whether a delayed message gives the new day or time, after its first delay."""
        text = doc_text(doc)
        _, end = body_span(text)
        cue = self.cues["delay"].search(text)
        if cue is None:
            return True
        after = text[cue.end() : max(end, cue.end())]
        lead = DELAY_TIME.match(after)
        after = after[lead.end() :] if lead else after
        vague = self.vague_when.sub(" ", after)
        return bool(self.times.search(vague) or self.days.search(vague))

    def missing(self, doc: Doc, kinds: frozenset[str]) -> list[str]:
        """Return the questions that matter for these kinds of work and that the message leaves open."""
        answered = self.answered(doc)
        if kinds == {"delay"} and not self.new_time(doc):
            answered.discard("when")
        needed = {q for kind in kinds for q in ESSENTIAL[kind]}
        lacking = {q for q in needed if q not in answered}
        if "visit" in kinds and "time of day" not in answered:
            lacking.add("when")  # a day alone is not a time for a visit
        return [q for q in ORDER if q in lacking]

    def __call__(self, doc: Doc, audience: str) -> list[Finding]:
        """Return one finding naming the open questions, for a message that announces work."""
        found = self.announcements(doc, audience)
        if not found:
            return []
        kinds = frozenset().union(*(a.kinds for a in found))
        lacking = self.missing(doc, kinds)
        if not lacking:
            return []
        first = found[0]
        rule = self.lexicon_rules[0]
        listed = "; ".join(self.questions[q] for q in lacking)
        return [
            make_finding(
                rule,
                doc_text(doc),
                first.start,
                first.end,
                message=f"This announces work but leaves open: {', '.join(lacking)}.",
                suggestion=f"Say {listed}.",
            )
        ]
