"""Risk as cost: a warning about the client's old equipment that never says what waiting costs.

A message that warns about the client's old kit ("six-year-old", "out of
support", "end of life", "obsolete", "outdated", "failing", "old") and never
says what not acting costs. It is benefit framing - the cost of waiting is the
business case - so the benefit analyser reports it (`benefit.risk_as_cost`) and
the revision adds the sentence after the warning, as for benefit findings. It
stays quiet where an ask for spend or change is made (the ask gets its own
benefit finding) and where a benefit or cost is already stated. The
suggestion names the kit ("Letting the computers and the router fail would
cost you more in lost work and downtime than replacing them now.").

Why: "Same conversation, different client" (Erik Eckel), readers' comments:
"I can understand your putting off upgrades, especially in this economy, but
it will be costly to let the systems start to fail before upgrading".
"""

from __future__ import annotations

import re

from spacy.tokens import Doc

from ..lexicon import Action, code_rule
from ..report import Finding
from .base import doc_text, make_finding, sentences
from .empathy import NOT_A_PROBLEM, SECOND_PERSON

# Risk as cost: old kit the client still runs, and what it is.
OLD_KIT = re.compile(
    r"\b(?:(?:\w+|\d+)[- ]years?[- ]old|(?:\w+|\d+)\s+years\s+old|out\s+of\s+(?:support|warranty)|end[- ]of[- ](?:life|support)|"
    r"no\s+longer\s+(?:supported|gets?\s+(?:security\s+)?(?:updates|fixes|patches))|unsupported|obsolete|outdated|"
    r"out\s+of\s+date|ancient|antiquated|aging|ageing|old|older|failing|past\s+(?:its|their)\s+(?:prime|best|life|lifespan|lifecycle)|"
    r"exceed(?:s|ed)?\s+(?:their|its|the)?\s*(?:intended\s+)?(?:life\s*cycles?|lifespans?|service\s+lives?)|"
    r"(?:Windows|Win)\s+(?:XP|Vista|7|2000|2003|2008)|XP|P4s?|Pentium)\b",
    re.IGNORECASE,
)
KIT_NAMES: list[tuple[re.Pattern[str], str]] = [
    (re.compile(p, re.IGNORECASE), name)
    for p, name in [
        (
            r"\b(?:computers?|PCs?|desktops?|workstations?|Dell\s+\w+|Dimensions?|OptiPlex\w*|HP\s+\w+|Lenovo\w*|"
            r"ThinkCentre|P4s?|Pentium\w*|XP|Vista|Windows\s+(?:7|2000|XP))\b",
            "computers",
        ),
        (r"\blaptops?\b", "laptops"),
        (r"\b(?:servers?|NAS)\b", "server"),
        (r"\b(?:routers?|Linksys|Linksy|firewall|modem)\b", "router"),
        (r"\b(?:switch|switches)\b", "network switch"),
        (r"\b(?:printers?|copiers?|scanners?)\b", "printers"),
        (r"\b(?:phones?|phone\s+system|PBX)\b", "phone system"),
        (r"\b(?:wireless|wi-?fi|access\s+points?)\b", "wireless"),
        (r"\b(?:software|program|accounting\s+package|operating\s+system)\b", "software"),
    ]
]
CLIENT_KIT = re.compile(r"\b(?:you|your|you['’]re|still|running|connect(?:ing|ed)|using|relying)\b", re.IGNORECASE)
STATED_COST = re.compile(
    r"\b(?:cost\w*|expensive|pricey|downtime|lost\s+work|lose|losing|risk\w*|outages?|breach\w*|"
    r"fines?|penalt\w+|insurance|pay\s+the\s+piper)\b",
    re.IGNORECASE,
)
PLURAL_KIT = {"computers", "laptops", "printers"}

RISK_AS_COST = code_rule(
    "benefit.risk_as_cost",
    "'{text}' warns about old equipment but never says what waiting would cost the business.",
    None,
    (
        "Same conversation, different client (readers' comments): \"I can understand your putting off upgrades, especially in this economy, "
        "but it will be costly to let the systems start to fail before upgrading.\" Risk framed as cost is the "
        "business case a client can weigh."
    ),
    severity="suggestion",
    file=__file__,
    source="Same conversation, different client (Erik Eckel): benefits tied to upgrades; the readers' comments",
    action=Action("insert_after"),  # the sentence naming the kit, supplied per finding
    examples={
        "bad": ("Your six-year-old computers running XP are still in use at the front desk.",),
        "good": ("Your computers are six years old; letting them fail would cost you more than replacing them.",),
    },
)


def kit_named(text: str) -> list[str]:
    """Return the plain names of the equipment a message talks about, in order of mention."""
    found = []
    for pattern, name in KIT_NAMES:
        m = pattern.search(text)
        if m:
            found.append((m.start(), name))
    return [name for _, name in sorted(found)]


def risk_sentence(kit: list[str]) -> str:
    """Return the risk-as-cost sentence for the named equipment."""
    names = [f"the {k}" for k in dict.fromkeys(kit)] or ["this equipment"]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    plural = len(names) > 1 or bool(kit and kit[0] in PLURAL_KIT)
    them = "them" if plural else "it"
    return f"Letting {listed} fail would cost you more in lost work and downtime than replacing {them} now."


def risk_as_cost(doc: Doc, excused: bool) -> list[Finding]:
    """Return the risk-as-cost finding for a warning about the client's old kit, or nothing.

    `excused` is the benefit analyser's verdict that the message asks for a change or states a benefit.
    """
    text = doc_text(doc)
    if excused or STATED_COST.search(text):
        return []
    if not SECOND_PERSON.search(text):
        return []
    for sent in sentences(doc).spans:
        m = OLD_KIT.search(sent.text)
        if not m or not kit_named(sent.text) or not CLIENT_KIT.search(sent.text):
            continue
        if NOT_A_PROBLEM.search(sent.text):
            continue
        start = sent.start_char + m.start()
        end = sent.end_char
        while end > start and (text[end - 1].isspace() or text[end - 1] in ".!?,;:"):
            end -= 1
        suggestion = risk_sentence(kit_named(text))
        return [make_finding(RISK_AS_COST, text, start, end, suggestion=suggestion)]
    return []
