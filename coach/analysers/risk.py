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
from dataclasses import dataclass

from spacy.tokens import Doc

from ..lexicon import Action, WordLists, code_rule
from ..report import Finding
from .base import builtin_lists, doc_text, make_finding, sentences
from .empathy import SECOND_PERSON

KIT_PREFIX = "risk_kit_"  # each lexicons/lists/risk.yml list named risk_kit_<name> is one kind of equipment


@dataclass(frozen=True)
class RiskWords:
    """What old kit, the client's own kit and a stated cost look like, from the named lists (lists/risk.yml)."""

    old_kit: re.Pattern[str]
    kit_in_use: re.Pattern[str]
    stated_cost: re.Pattern[str]
    kit_names: tuple[tuple[re.Pattern[str], str], ...]  # (pattern, plain name: "network switch")
    not_a_problem: re.Pattern[str]

    @classmethod
    def from_lists(cls, lists: WordLists) -> RiskWords:
        """Return the vocabularies from the named word lists."""
        kinds = [name for name in lists if name.startswith(KIT_PREFIX)]
        return cls(
            old_kit=lists.pattern("old_kit"),
            kit_in_use=lists.pattern("kit_in_use"),
            stated_cost=lists.pattern("stated_costs"),
            kit_names=tuple((lists.pattern(k), k[len(KIT_PREFIX) :].replace("_", " ")) for k in kinds),
            not_a_problem=lists.pattern("not_a_problem", "{}"),
        )


BUILTIN_WORDS = RiskWords.from_lists(builtin_lists())

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


def kit_named(text: str, words: RiskWords = BUILTIN_WORDS) -> list[str]:
    """Return the plain names of the equipment a message talks about, in order of mention."""
    found = []
    for pattern, name in words.kit_names:
        m = pattern.search(text)
        if m:
            found.append((m.start(), name))
    return [name for _, name in sorted(found)]


def risk_sentence(kit: list[str]) -> str:
    """Return the risk-as-cost sentence for the named equipment."""
    names = [f"the {k}" for k in dict.fromkeys(kit)] or ["this equipment"]
    listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]
    plural = len(names) > 1 or bool(kit and kit[0].endswith("s"))  # "computers", "printers"
    them = "them" if plural else "it"
    return f"Letting {listed} fail would cost you more in lost work and downtime than replacing {them} now."


def risk_as_cost(doc: Doc, excused: bool, lists: WordLists | None = None) -> list[Finding]:
    """Return the risk-as-cost finding for a warning about the client's old kit, or nothing.

    `excused` is the benefit analyser's verdict that the message asks for a change or states a benefit;
    `lists` are the Coach's word lists (default: the built-in ones).
    """
    words = BUILTIN_WORDS if lists is None else _words(lists)
    text = doc_text(doc)
    if excused or words.stated_cost.search(text):
        return []
    if not SECOND_PERSON.search(text):
        return []
    for sent in sentences(doc).spans:
        m = words.old_kit.search(sent.text)
        if not m or not kit_named(sent.text, words) or not words.kit_in_use.search(sent.text):
            continue
        if words.not_a_problem.search(sent.text):
            continue
        start = sent.start_char + m.start()
        end = sent.end_char
        while end > start and (text[end - 1].isspace() or text[end - 1] in ".!?,;:"):
            end -= 1
        suggestion = risk_sentence(kit_named(text, words))
        return [make_finding(RISK_AS_COST, text, start, end, suggestion=suggestion)]
    return []


_BY_LISTS: dict[int, tuple[WordLists, RiskWords]] = {}


def _words(lists: WordLists) -> RiskWords:
    """Return the vocabularies for a Coach's lists, built once per lists object."""
    cached = _BY_LISTS.get(id(lists))
    if cached is None or cached[0] is not lists:
        cached = (lists, RiskWords.from_lists(lists))
        _BY_LISTS[id(lists)] = cached
    return cached[1]
