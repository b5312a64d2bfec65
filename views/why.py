"""Why each category matters, in a few plain sentences, for the coaching page and the Why page.

Our own summary of the seed guidance: patience with basic questions and plain
words instead of IP addresses and command switches (seed 003), no verdicts on
the client's past choices (seed 003's bad and good replies), clear
expectations - who, what, when, where, how (seed 001), and showing the
business value of the work to everyone who signs off on it (seed 002).
"""

from __future__ import annotations

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
        "#f6c85f",
        "Model numbers, protocols and addresses are tools of our trade, not the client's. "
        "A client decides on cost, risk and what their staff can do, so a term they cannot "
        "picture leaves them unable to decide, or feeling talked over.",
        "Say what the thing does for them: \"the computers at the front desk\", "
        "\"an operating system that no longer gets security fixes\".",
    ),
    "blame": Why(
        "Blame",
        "#ef8a62",
        "Pointing at what the client or their staff should have done cannot change the past, "
        "and it makes the next conversation harder. Clients who held off on upgrades usually "
        "had reasons; to them the trouble is new and personal, even if we have seen it many times.",
        "Describe what happened without a culprit, then what happens next: "
        "\"the cables were moved during the office move; it is fixed and here is how we avoid it\".",
    ),
    "condescension": Why(
        "Condescension",
        "#b07aa1",
        "Words such as \"obviously\", \"simply\" or \"I'm not surprised\" tell the reader they "
        "should have known better. Patience with basic questions is what earns the next project; "
        "a reader who feels judged stops asking and starts looking elsewhere.",
        "Acknowledge the situation (\"I can see why this has been frustrating\") and explain "
        "the step without grading the reader.",
    ),
    "profanity": Why(
        "Profanity",
        "#d1495b",
        "Swearing, even disguised as symbols, reads as contempt for the client's business. "
        "Emails get forwarded to managers and owners, where it sounds like the problem is "
        "the client's fault and the writer's frustration rather than a plan.",
        "Remove it and state the problem plainly and calmly.",
    ),
    "benefit": Why(
        "Business benefit",
        "#59a14f",
        "A recommendation lands when it is tied to what the client cares about: time saved, "
        "risk reduced, patients or customers served. Whoever approves the budget - not only "
        "your usual contact - needs to see the value in their own terms.",
        "Add one sentence on the outcome: \"staff will stop waiting for screens to load and "
        "spend that time with patients\".",
    ),
    "expectations": Why(
        "Expectations",
        "#4e79a7",
        "Vague plans breed disappointment. The reader should know who is affected, what will "
        "change, when it happens, where the work is done and how they will know it is finished.",
        "Name the when and the what: \"on Saturday from 9 to 12 the shared drive will be offline; "
        "on Monday everything works as before\".",
    ),
    "empathy": Why(
        "Empathy",
        "#76b7b2",
        "For us it is another ticket; for the client it is their business stopping. One sentence "
        "that recognises the disruption makes the rest of the message easier to hear.",
        "Start by naming their situation: \"I know the freezes have slowed your front desk down\".",
    ),
    "readability": Why(
        "Readability",
        "#9c755f",
        "Long, packed sentences make a busy reader work to find the point. Short sentences and "
        "everyday words get read, understood and acted on.",
        "Split long sentences, one idea each, and put the request or decision first.",
    ),
}

FALLBACK = Why(
    "Other",
    "#bab0ac",
    "The coach flagged this wording for your reader.",
    "Read it as your client would, and say it more plainly.",
)


def why_for(category: str) -> Why:
    """Return the explanation for a category (a neutral one for an unknown category)."""
    return WHY.get(category, FALLBACK)


def colour_for(category: str) -> str:
    """Return the highlight colour of a category."""
    return why_for(category).colour
