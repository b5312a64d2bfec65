"""Why each category matters, in a few plain sentences, for the coaching page and the Why page.

Colours are the Okabe-Ito palette (safe for the common colour-blindnesses),
and each category also has a letter and an underline style.

Our own summary of the seed guidance: patience with basic questions and plain
words instead of IP addresses and command switches (seed 003), no verdicts on
the client's past choices (seed 003's bad and good replies), clear
expectations - who, what, when, where, how (seed 001), and showing the
business value of the work to everyone who signs off on it (seed 002).
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Why:
    """The title, colour and short explanation of one finding category."""

    title: str
    colour: str
    summary: str
    instead: str


WHY: dict[str, Why] = {
    "jargon": Why(
        "Jargon",
        "#F0E442",
        "Model numbers, protocols and addresses are tools of our trade, not the client's. "
        "A client decides on cost, risk and what their staff can do, so a term they cannot "
        "picture leaves them unable to decide, or feeling talked over.",
        "Say what the thing does for them: \"the computers at the front desk\", "
        "\"an operating system that no longer gets security fixes\".",
    ),
    "blame": Why(
        "Blame",
        "#E69F00",
        "Pointing at what the client or their staff should have done cannot change the past, "
        "and it makes the next conversation harder. Clients who held off on upgrades usually "
        "had reasons; to them the trouble is new and personal, even if we have seen it many times.",
        "Describe what happened without a culprit, then what happens next: "
        "\"the cables were moved during the office move; it is fixed and here is how we avoid it\".",
    ),
    "condescension": Why(
        "Condescension",
        "#CC79A7",
        "Words such as \"obviously\", \"simply\" or \"I'm not surprised\" tell the reader they "
        "should have known better. Patience with basic questions is what earns the next project; "
        "a reader who feels judged stops asking and starts looking elsewhere.",
        "Acknowledge the situation (\"I can see why this has been frustrating\") and explain "
        "the step without grading the reader.",
    ),
    "profanity": Why(
        "Profanity",
        "#D55E00",
        "Swearing, even disguised as symbols, reads as contempt for the client's business. "
        "Emails get forwarded to managers and owners, where it sounds like the problem is "
        "the client's fault and the writer's frustration rather than a plan.",
        "Remove it and state the problem plainly and calmly.",
    ),
    "benefit": Why(
        "Business benefit",
        "#009E73",
        "A recommendation lands when it is tied to what the client cares about: time saved, "
        "risk reduced, patients or customers served. Whoever approves the budget - not only "
        "your usual contact - needs to see the value in their own terms.",
        "Add one sentence on the outcome: \"staff will stop waiting for screens to load and "
        "spend that time with patients\".",
    ),
    "expectations": Why(
        "Expectations",
        "#0072B2",
        "Vague plans breed disappointment. The reader should know who is affected, what will "
        "change, when it happens, where the work is done and how they will know it is finished.",
        "Name the when and the what: \"on Saturday from 9 to 12 the shared drive will be offline; "
        "on Monday everything works as before\".",
    ),
    "empathy": Why(
        "Empathy",
        "#56B4E9",
        "For us it is another ticket; for the client it is their business stopping. One sentence "
        "that recognises the disruption makes the rest of the message easier to hear.",
        "Start by naming their situation: \"I know the freezes have slowed your front desk down\".",
    ),
    "readability": Why(
        "Readability",
        "#999999",
        "Long, packed sentences make a busy reader work to find the point. Short sentences and "
        "everyday words get read, understood and acted on.",
        "Split long sentences, one idea each, and put the request or decision first.",
    ),
}

FALLBACK = Why(
    "Other",
    "#999999",
    "The coach flagged this wording for your reader.",
    "Read it as your client would, and say it more plainly.",
)


def why_for(category: str) -> Why:
    """Return the explanation for a category (a neutral one for an unknown category)."""
    return WHY.get(category, FALLBACK)


# Shown with every colour, so the category never depends on telling colours apart.
SYMBOLS = {
    "jargon": ("J", "dotted"),
    "blame": ("B", "solid"),
    "condescension": ("C", "dashed"),
    "profanity": ("P", "double"),
    "benefit": ("$", "solid"),
    "expectations": ("E", "dashed"),
    "empathy": ("H", "dotted"),
    "readability": ("R", "double"),
}
SEED_TITLES = {
    "000": "Keeping the Fire Alive",
    "001": "Client Relationships",
    "002": "She Loves Me, He Loves Me Not",
    "003": "Same conversation, different client",
}
_SEED_LEAD = re.compile(r"^\s*'?seed (\d{3})(?:'s)?\s*[:\-\u2013\u2014]\s*", re.IGNORECASE)
_SEED_ANY = re.compile(r"\bseeds? (\d{3})(?:'s)?\b", re.IGNORECASE)


def public_note(note: str) -> str:
    """Return a rule note with internal references ("Seed 003: ...") named by the guidance's title."""

    def title(match: re.Match[str]) -> str:
        return f"\u201c{SEED_TITLES.get(match.group(1), 'our client guidance')}\u201d"

    text = _SEED_LEAD.sub(lambda m: f"From {title(m)}: ", note)
    text = _SEED_ANY.sub(title, text)
    return text[:1].upper() + text[1:] if text else text


def symbol_for(category: str) -> tuple[str, str]:
    """Return a category's letter and underline style (its non-colour marks)."""
    return SYMBOLS.get(category, ("?", "solid"))


def colour_for(category: str) -> str:
    """Return the highlight colour of a category."""
    return why_for(category).colour
