"""Expectations: announcements of work that leave who, what, when, where or how open.

For a message that announces or promises work (a visit, an outage, a
migration, an upgrade, a delivery, a delay; lexicons/expectations.yml finds
the announcement) it checks "Keeping the Love Alive"'s five questions in the announcement and
the sentences after it:
- WHO: a named person (spaCy PERSON, not the greeting's addressee; "our
  engineer Tom", "Aisha from our team") or the writer ("I will ...");
- WHAT: the work itself (given by the announcement);
- WHEN: a specific date or time (DATE/TIME entities, weekdays, "6pm",
  "tomorrow"); "soon", "at some point", "when we know more" are vague;
- WHERE: only for visits and on-site work: a place (GPE/FAC/LOC, "office",
  "on site", "remotely");
- HOW: the impact on them, what they need to do, or how long it takes.
One suggestion-severity finding, anchored on the first announcement, lists the
questions left open. A message that announces no work gets nothing.

NER is skipped in the shared pipeline for speed; `needs(doc)` tells the
engine to run it on demand for messages that announce work.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span

from ..lexicon import Rule, WordLists
from ..message_parts import GREETING
from ..nlp import entities
from ..report import Finding
from .base import LexiconAnalyser, doc_text, make_finding, sentences

VISIT = re.compile(
    r"\b(?:visit|stop\s+by|come\s+(?:by|in|out|over)|drop\s+(?:by|off)|on\s+site|onsite|on-site|"
    r"be\s+(?:there|at\s+your)|deliver|install\w*\s+(?:the\s+)?(?:new\s+)?(?:printer|computer|laptop|"
    r"server|screen|monitor|router|phone|cabl))",
    re.IGNORECASE,
)
WHO = re.compile(
    r"\b(?:I\s*(?:[’']ll|\s+will|[’']m|\s+am)|our\s+(?:\w+\s+)?(?:engineer|technician|tech|consultant|specialist|"
    r"manager)\s+[A-Z][a-z]+|[A-Z][a-z]+\s+from\s+our\s+team|[A-Z][a-z]+\s+(?:will|is\s+going\s+to))\b"
)
NOT_NAMES = {"We", "It", "This", "That", "There", "Email", "Everything", "Nothing", "The", "Our", "Your", "Everyone"}
WHEN = re.compile(
    r"\b(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|today|tonight|tomorrow|"
    r"this\s+(?:morning|afternoon|evening|weekend)|\d{1,2}(?::\d\d)?\s*(?:am|pm|a\.m\.|p\.m\.)|"
    r"\d{1,2}:\d\d|noon|midday|midnight|january|february|march|april|may\s+\d|june|july|august|"
    r"september|october|november|december|\d{1,2}(?:st|nd|rd|th)\b)",
    re.IGNORECASE,
)
WHERE = re.compile(
    r"\b(?:office|site|on-?site|remotely|remote|building|floor|room|branch|store|shop|clinic|warehouse|"
    r"desk|reception|street|road|avenue|suite|in\s+person)\b",
    re.IGNORECASE,
)
HOW = re.compile(
    r"\b(?:unavailable|offline|down\s+(?:for|until)|interrupt\w*|disrupt\w*|downtime|outage|won[’']t\s+be\s+able|"
    r"will\s+not\s+be\s+able|still\s+be\s+able|keep\s+working|as\s+(?:normal|usual)|nothing\s+(?:is\s+lost|changes|to\s+do)|"
    r"(?:don[’']t|do\s+not|won[’']t|will\s+not)\s+need\s+to|you[’']ll\s+need\s+to|you\s+will\s+need\s+to|"
    r"please\s+(?:save|log|leave|make\s+sure|restart|sign)|no\s+action|takes?\s+(?:about|around|roughly|up\s+to|"
    r"less\s+than|under)?\s*(?:\d+|an?|one|two|half)|for\s+about|until\s+about|should\s+take|no\s+impact|"
    r"won[’']t\s+affect|will\s+not\s+affect|leave\s+your\s+\w+\s+on|save\s+your\s+work|minutes|hours?\b)",
    re.IGNORECASE,
)
QUESTIONS = {
    "who": "who will do it (a named person)",
    "when": "when, as a day and time (not \"soon\" or \"at some point\")",
    "where": "where: which office or room, or whether it is done remotely",
    "how": "how it affects them: what stops, for how long, and whether they need to do anything",
}


class ExpectationsAnalyser(LexiconAnalyser):
    """Report the who/when/where/how an announcement of work leaves open."""

    category = "expectations"

    def __init__(self, rules: Sequence[Rule], lists: WordLists | None = None):
        super().__init__(rules, lists)
        self.vague_when = self.lists.pattern("vague_times")  # lexicons/lists/expectations.yml

    def announcements(self, doc: Doc, audience: str = "non-technical") -> list[tuple[int, int]]:
        """Return the spans that announce work."""
        return [
            m.span() for r in self.lexicon_rules if r.applies_to(audience) for m in r.pattern.finditer(doc_text(doc))
        ]

    def needs(self, doc: Doc) -> frozenset[str]:
        """Return {"entities"} when this message announces work, so named entities are worth computing."""
        return frozenset({"entities"}) if self.announcements(doc) else frozenset()

    def missing(self, doc: Doc, start: int) -> list[str]:
        """Return the questions left open by the announcement at `start` and what follows it."""
        index = sentences(doc)
        first = index.around(start)
        scope_start = first.start_char
        scope = doc_text(doc)[scope_start:]
        greeting = GREETING.match(doc_text(doc))
        skip_until = greeting.end() if greeting else 0

        # Entities only where the wording leaves a question open: reading them runs NER (nlp.entities).
        def ents() -> list[Span]:
            return [e for e in entities(doc) if e.end_char > max(scope_start, skip_until)]

        lacking = []
        named = any(m.group().split()[0] not in NOT_NAMES for m in WHO.finditer(scope)) or any(
            e.label_ == "PERSON" for e in ents()
        )
        if not named:
            lacking.append("who")
        specific = WHEN.search(scope) or any(
            e.label_ in {"DATE", "TIME"} and not self.vague_when.fullmatch(e.text) for e in ents()
        )
        if not specific:
            lacking.append("when")
        if VISIT.search(scope) and not (WHERE.search(scope) or any(e.label_ in {"GPE", "FAC", "LOC"} for e in ents())):
            lacking.append("where")
        if not HOW.search(scope):
            lacking.append("how")
        return lacking

    def __call__(self, doc: Doc, audience: str) -> list[Finding]:
        """Return one finding naming the open questions, for a message that announces work."""
        spans = self.announcements(doc, audience)
        if not spans:
            return []
        rule = self.lexicon_rules[0]
        start = min(s for s, _ in spans)
        lacking = self.missing(doc, start)
        vague = self.vague_when.search(doc_text(doc)[sentences(doc).around(start).start_char :])
        if not lacking or (len(lacking) < 2 and not ("when" in lacking and vague)):
            return []
        sent = sentences(doc).around(start)
        end = sent.end_char
        while end > start and (doc_text(doc)[end - 1].isspace() or doc_text(doc)[end - 1] in ".!?"):
            end -= 1
        listed = "; ".join(QUESTIONS[q] for q in lacking)
        return [
            make_finding(
                rule,
                doc_text(doc),
                start,
                end,
                message=f"This announces work but leaves open: {', '.join(lacking)}.",
                suggestion=f"Say {listed}.",
            )
        ]
