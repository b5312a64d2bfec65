"""The report's scores: counts, tone (politeness strategies + findings + sentiment), readability."""

from __future__ import annotations

from coach.scoring.lexicon import PolitenessDataError, ToneData, default_tone_data, load_tone_data
from coach.scoring.readability import (
    long_sentence_threshold,
    readability_scores,
    readability_target,
)
from coach.scoring.tone import score, tone_parts

__all__ = [
    "PolitenessDataError",
    "ToneData",
    "default_tone_data",
    "load_tone_data",
    "long_sentence_threshold",
    "readability_scores",
    "readability_target",
    "score",
    "tone_parts",
]
