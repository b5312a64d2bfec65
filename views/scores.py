"""Why the score is what it is, in words: the tone breakdown, better/worse deltas and the draft's size.

The tone score is 100 * sigmoid(logit), where the logit adds politeness
strategies and sentiment and subtracts a findings penalty per category
(scores.tone_parts). Each part is told in points: how much higher or lower
the tone moves from where plain neutral mail starts ("-40: two remarks that talk down").
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from coach import MAX_CHARS, Finding

WORDS_PER_MINUTE = 230  # an adult reading ordinary prose on screen
STRATEGY_WORDS = {
    "gratitude": "thanks the reader",
    "apology": "apologises",
    "please": "says please",
    "greeting": "opens with a greeting",
    "hedge": "leaves the reader room (perhaps, I think)",
    "indirect_request": "asks politely (could you, would it be possible)",
    "indirect_btw": "asks in passing (by the way)",
    "deference": "acknowledges the reader's point or work",
    "first_person_plural": "makes it shared (we, let's)",
    "positive_lexicon": "uses warm words",
    "first_person_start": "starts from your own view (I)",
    "opinion_request": "asks for their view",
    "direct_question": "asks direct questions",
    "why_question": "asks why, which can sound like an accusation",
    "direct_start": "opens bluntly (so, then)",
    "please_start": "opens an order with please",
    "imperative_start": "opens sentences with orders",
    "second_person_start": "opens sentences with you",
    "your_start": "opens sentences with your",
    "factuality": "insists (in fact, actually)",
    "negative_lexicon": "uses negative words",
    "shouting": "shouts in capitals",
    "textspeak": "uses text-speak",
    "negative_question": "asks negative questions (don't you)",
    "tag_question": "uses tag questions (right?)",
    "you_should": "tells the reader what they should do",
}
CATEGORY_WORDS = {
    "profanity": ("rude word", "rude words"),
    "blame": ("remark that blames the client", "remarks that blame the client"),
    "condescension": ("remark that talks down", "remarks that talk down"),
    "jargon": ("term the reader may not know", "terms the reader may not know"),
    "empathy": ("missing acknowledgement of their problem", "missing acknowledgements of their problem"),
    "benefit": ("recommendation with no business benefit", "recommendations with no business benefit"),
    "expectations": ("open question about the work", "open questions about the work"),
    "readability": ("hard-to-read sentence", "hard-to-read sentences"),
}
NUMBER_WORDS = ["no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"]


def _tone(logit: float) -> float:
    return 100.0 / (1.0 + math.exp(-max(-50.0, min(50.0, logit))))


def _count(n: int) -> str:
    return NUMBER_WORDS[n] if 0 <= n < len(NUMBER_WORDS) else str(n)


@dataclass(frozen=True)
class Reason:
    """One line of the tone breakdown: its effect in points and what it is, in words."""

    points: int
    words: str

    def line(self) -> str:
        """Return the line as shown: '-40: two remarks that talk down'."""
        return f"{self.points:+d}: {self.words}"


def tone_reasons(scores: Mapping[str, Any], findings: Sequence[Finding]) -> list[Reason]:
    """Return the parts of the tone score in points, largest first; they add up to tone minus the start.

    Plain neutral mail starts at sigmoid(bias) (about 63); the way from there to
    this tone is shared among the parts in proportion to their weight in the logit.
    """
    parts = scores.get("tone_parts") or {}
    logit, bias = parts.get("logit"), parts.get("bias")
    if not isinstance(logit, (int, float)) or not isinstance(bias, (int, float)):
        return []
    moves: list[tuple[float, str]] = []
    counts = Counter(f.category for f in findings)
    for category, penalty in (parts.get("penalty_by_category") or {}).items():
        if penalty:
            singular, plural = CATEGORY_WORDS.get(category, (f"{category} finding", f"{category} findings"))
            n = counts.get(category, 0)
            moves.append((-float(penalty), f"{_count(n)} {singular if n == 1 else plural}" if n else plural))
    for name, part in (parts.get("strategies") or {}).items():
        contribution = float(part.get("contribution") or 0)
        if contribution:
            moves.append((contribution, STRATEGY_WORDS.get(name, name.replace("_", " "))))
    sentiment = float(parts.get("sentiment") or 0)
    if sentiment:
        moves.append((sentiment, "the overall mood is positive" if sentiment > 0 else "the overall mood is negative"))
    total_logit = float(logit) - float(bias)
    if not moves or abs(total_logit) < 1e-9:
        return []
    total_points = _tone(float(logit)) - _tone(float(bias))
    reasons = [Reason(round(total_points * move / total_logit), words) for move, words in moves]
    return sorted((r for r in reasons if r.points), key=lambda r: (-abs(r.points), r.words))


def start_points(scores: Mapping[str, Any]) -> int | None:
    """Return where plain, neutral mail starts on the tone scale (about 63)."""
    bias = (scores.get("tone_parts") or {}).get("bias")
    return round(_tone(float(bias))) if isinstance(bias, (int, float)) else None


@dataclass(frozen=True)
class Change:
    """A score's change since the first draft, judged for the reader: better, worse or the same."""

    text: str
    verdict: str  # better | worse | same


def tone_change(now: float, then: float) -> Change:
    """Return the tone change: higher is better for the reader."""
    diff = now - then
    verdict = "same" if abs(diff) < 0.5 else "better" if diff > 0 else "worse"
    return Change(f"{diff:+.0f}", verdict)


def grade_change(now: float, then: float, target: Sequence[float]) -> Change:
    """Return the readability grade change: better when it moves into or inside the target, not merely lower."""
    low, high = float(target[0]), float(target[-1])

    def distance(grade: float) -> float:
        return 0.0 if low <= grade <= high else (low - grade if grade < low else grade - high)

    diff = now - then
    gap_now, gap_then = distance(now), distance(then)
    if abs(diff) < 0.05:
        verdict = "same"
    elif gap_now < gap_then:
        verdict = "better"
    elif gap_now > gap_then:
        verdict = "worse"
    else:
        verdict = "same"  # moved within the target: neither better nor worse for the reader
    return Change(f"{diff:+.1f}", verdict)


def mood_change(now: float, then: float) -> Change:
    """Return the sentiment change: more positive is better for the reader."""
    diff = now - then
    verdict = "same" if abs(diff) < 0.01 else "better" if diff > 0 else "worse"
    return Change(f"{diff:+.2f}", verdict)


def word_count(text: str) -> int:
    """Return the number of words in text."""
    return len(re.findall(r"\w+(?:['\u2019-]\w+)*", text))


def reading_time(words: int) -> str:
    """Return how long the text takes to read, in words ('under a minute', 'about 2 minutes')."""
    if words == 0:
        return "nothing to read"
    minutes = words / WORDS_PER_MINUTE
    if minutes < 1:
        seconds = max(5, round(minutes * 60 / 5) * 5)
        return f"about {seconds} seconds"
    return f"about {round(minutes)} minute{'s' if round(minutes) != 1 else ''}"


def size_line(text: str) -> str:
    """Return 'N words · about T to read · C characters left' for the draft."""
    words = word_count(text)
    left = MAX_CHARS - len(text)
    room = f"{left:,} characters left" if left >= 0 else f"{-left:,} characters over the limit"
    read = reading_time(words) if words == 0 else f"{reading_time(words)} to read"
    return f"{words:,} word{'s' if words != 1 else ''} · {read} · {room}"
