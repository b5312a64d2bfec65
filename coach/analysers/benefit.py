"""Business benefit: recommendations and requests for spend or change that never say what they do for the client.

Catches asks ("we recommend replacing", "you need to buy", "our recommendation
is to move", "we'd like to replace", "please approve the budget for", "it's
time to upgrade", "consider upgrading", "the server needs replacing") when a
change or a purchase follows, and flags them only when the MESSAGE states no
benefit to the client's business anywhere: time or money saved, risk, outages
or breakdowns avoided, staff free to serve customers or patients, compliance,
insurance, protection, speed, reliability ("so that", "means your team can",
"would cut", "will end the jams", "saves everyone time").

Announcements of decided work ("We'll install a firewall") are not asks, and
an ask for anything but a change ("I suggest we talk on Tuesday") is not one.

What is recommended decides the suggested benefit: lexicons/benefit.yml holds
one entry per subject (hardware, server, backup, security, licence, cloud,
phone, wireless, network, software, and benefit.general when none fits), each
with a `benefit` sentence the writer can adapt. The finding is anchored on the
ask's clause; replacement is None (only the writer knows the real benefit), and
the revision (coach.rewrite) adds the suggested sentence after it.

Why: "Same conversation, different client" - "their business objectives and benefits [must] be directly
matched to any recommended IT upgrades"; its model answer ends on the time
staff save for treating patients. "She Loves Me, He Loves Me Not": collect data to demonstrate ROI.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from spacy.tokens import Doc, Span

from ..lexicon import Rule, WordLists
from ..report import Finding
from .base import LexiconAnalyser, builtin_lists, doc_text, make_finding, sentences
from .risk import RISK_AS_COST, risk_as_cost

# Language machinery: what may stand between an ask and the change it asks for ("to", "that we", "be"),
# then an adverb from the ask_fillers list ("we recommend you finally replace").
CHANGE_TEMPLATE = r"^\W*(?:to\s+|for\s+)?(?:(?:that\s+)?(?:you|we|the\s+\w+)\s+)?(?:be\s+)?(?:{fillers}\s+)?(?:{})"
NOT_ASK_TEMPLATE = r"^\W*(?:{})\b"

BUILTIN = builtin_lists()
# The vocabularies live in lexicons/lists/benefit.yml (benefit_asks, benefit_changes, benefit_stated,
# approval_asks, benefit_strong_asks, benefit_not_ask_openings); these are the built-in versions, for the
# module-level helpers. An analyser compiles its Coach's lists, so a company folder can extend them.
ASK = BUILTIN.pattern("benefit_asks")
APPROVE = BUILTIN.pattern("approval_asks", "{}")
STATED = BUILTIN.pattern("benefit_stated")


def change_pattern(lists: WordLists) -> re.Pattern[str]:
    """Return what must follow an ask for it to be one for spend or change, from the named lists."""
    return lists.pattern("benefit_changes", CHANGE_TEMPLATE.replace("{fillers}", lists.regex("ask_fillers")))


CHANGE = change_pattern(BUILTIN)
# An ask inside a question from the client's side or a conditional offer is not a recommendation.
NOT_ASK_SENTENCE = BUILTIN.pattern("benefit_not_ask_openings", NOT_ASK_TEMPLATE)
FOLLOWUP = BUILTIN.pattern("approval_followups")
AMOUNT = BUILTIN.pattern("spend_amounts", "{}")


def states_benefit(text: str, stated: re.Pattern[str] = STATED) -> bool:
    """Return whether the text states a benefit to the client's business anywhere."""
    return bool(stated.search(text))


def find_asks(
    doc: Doc,
    ask: re.Pattern[str] = ASK,
    approve: re.Pattern[str] = APPROVE,
    change: re.Pattern[str] = CHANGE,
    not_ask: re.Pattern[str] = NOT_ASK_SENTENCE,
    followup: re.Pattern[str] = FOLLOWUP,
    amount: re.Pattern[str] = AMOUNT,
) -> list[tuple[Span, int]]:
    """Return (sentence, offset) for each sentence that asks for spend or change, at its first ask."""
    found: list[tuple[Span, int]] = []
    spans = sentences(doc).spans
    for i, sent in enumerate(spans):
        text = sent.text
        if not_ask.search(text):
            continue
        hit = None
        for m in ask.finditer(text):
            if change.search(text[m.end() : m.end() + 200]):
                hit = m.start()
                break
        if hit is None:
            approved = approve.search(text)
            hit = approved.start() if approved else None
        if hit is None and (go := followup.search(text)):
            # "The new switches come to £4,200. Can you approve that?": the amount and the ask apart
            asked_before = bool(found) and found[-1][0] == spans[i - 1]
            if not asked_before and (amount.search(text) or (i > 0 and amount.search(spans[i - 1].text))):
                hit = go.start()
        if hit is not None:
            found.append((sent, sent.start_char + hit))
    return found


def clause_end(doc: Doc, sent: Span, start: int) -> int:
    """Return where the ask's clause ends: the sentence end, before a ';' or closing punctuation."""
    text = doc_text(doc)
    end = sent.end_char
    semi = text.find(";", start, end)
    if semi != -1:
        end = semi
    while end > start and (text[end - 1].isspace() or text[end - 1] in ".!?,;:"):
        end -= 1
    return end


class BenefitAnalyser(LexiconAnalyser):
    """Flag asks for spend or change when the message states no benefit; suggest one by subject."""

    category = "benefit"
    code_rules = (RISK_AS_COST,)

    def __init__(self, rules: Sequence[Rule], lists: WordLists | None = None):
        super().__init__(rules, lists)
        self.ask = self.lists.pattern("benefit_asks")
        self.approve = self.lists.pattern("approval_asks", "{}")
        self.stated = self.lists.pattern("benefit_stated")
        self.change = change_pattern(self.lists)
        self.not_ask = self.lists.pattern("benefit_not_ask_openings", NOT_ASK_TEMPLATE)
        self.strong_ask = self.lists.pattern("benefit_strong_asks", "{}")
        self.followup = self.lists.pattern("approval_followups")
        self.amount = self.lists.pattern("spend_amounts", "{}")
        self.topics = [r for r in self.lexicon_rules if r.id != "benefit.general"]
        general = [r for r in self.lexicon_rules if r.id == "benefit.general"]
        self.general = general[0] if general else None

    def topic_for(self, doc: Doc, sent: Span, start: int, audience: str) -> Rule | None:
        """Return the subject rule for an ask: after the ask, else the sentence, else the one before."""
        index = sentences(doc).spans
        i = index.index(sent)
        windows = [doc_text(doc)[start : sent.end_char], sent.text]
        if i > 0:
            windows.append(index[i - 1].text)
        for window in windows:
            best = None
            for rule in self.topics:
                if not rule.applies_to(audience):
                    continue
                m = rule.pattern.search(window)
                if m and (best is None or m.start() < best[0]):
                    best = (m.start(), rule)
            if best:
                return best[1]
        return self.general

    def __call__(self, doc: Doc, audience: str) -> list[Finding]:
        """Return a finding per ask for spend or change when the message states no benefit, else risk as cost."""
        if states_benefit(doc_text(doc), self.stated):
            return []
        found = []
        asks = find_asks(doc, self.ask, self.approve, self.change, self.not_ask, self.followup, self.amount)
        if not asks:
            return risk_as_cost(doc, excused=False, lists=self.lists) if RISK_AS_COST.applies_to(audience) else []
        for sent, start in asks:
            rule = self.topic_for(doc, sent, start, audience)
            if rule is None or not rule.applies_to(audience):
                continue
            if rule is self.general and not self.strong_ask.search(doc_text(doc)[start : start + 60]):
                continue
            end = clause_end(doc, sent, start)
            found.append(
                make_finding(
                    rule, doc_text(doc), start, end, suggestion=rule.action.text or rule.suggestion, replacement=None
                )
            )
        return found
