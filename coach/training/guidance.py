"""The guidance behind each training skill, in our own words, for feedback and the session summary.

Grounded in the four seed articles: patience with basic questions and plain
words (seed 003), crediting the client's own staff and keeping every manager
on side (seeds 000 and 002), the five questions that set expectations (seed
001), and showing the value of the work as it goes (seed 002).
"""

from __future__ import annotations

SKILL_LABELS = {
    "jargon": "Jargon",
    "blame": "Blame",
    "condescension": "Condescension",
    "profanity": "Profanity",
    "readability": "Readability",
    "benefit": "Business benefit",
    "expectations": "Expectations",
    "empathy": "Empathy",
}

SKILL_GUIDANCE = {
    "jargon": (
        "Name what the thing does for the client, not what it is called in our trade: "
        "a reader who cannot picture a term cannot decide on it."
    ),
    "blame": (
        "Say what happened and what happens next without a culprit; credit the client's own staff "
        "for what they did well, because they keep the door to their managers open."
    ),
    "condescension": (
        "Drop the words that grade the reader (obviously, simply, for the third time); a basic "
        "question asked again deserves the same patient answer."
    ),
    "profanity": "Remove swearing and insults, even disguised as symbols; state the problem calmly.",
    "readability": "Short sentences, one idea each, with the decision or the ask first.",
    "benefit": (
        "Tie every recommendation to what the business gains: time back, risk avoided, "
        "customers or patients served. Whoever signs off must see the value in their terms."
    ),
    "expectations": (
        "Answer the five questions before the reader asks: who is affected, what changes, "
        "when, where the work happens and how they will know it is done."
    ),
    "empathy": (
        "Open by recognising the client's situation: for us it is one more ticket, for them "
        "it is their business standing still."
    ),
    "tone": "Warmer wording: thank them, say 'we', offer help, and ask rather than order.",
}


def skill_label(skill: str) -> str:
    """Return the display name of a skill (the skill itself when unknown)."""
    return SKILL_LABELS.get(skill, skill.replace("_", " ").capitalize())


def guidance_for(category: str) -> str:
    """Return the guidance sentence for a skill or finding category ('' when there is none)."""
    return SKILL_GUIDANCE.get(category, "")
