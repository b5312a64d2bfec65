"""The analysers, one module per category; each is built once from the rules and follows the Analyser protocol."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from ..lexicon import Rule, WordLists
from .base import Analyser, LexiconAnalyser  # noqa: F401  (re-exported)
from .benefit import BenefitAnalyser
from .blame import BlameAnalyser
from .condescension import CondescensionAnalyser
from .directness import DirectnessAnalyser
from .empathy import EmpathyAnalyser
from .expectations import ExpectationsAnalyser
from .jargon import JargonAnalyser
from .profanity import ProfanityAnalyser
from .readability import ReadabilityAnalyser

ANALYSERS: tuple[Callable[..., Analyser], ...] = (
    JargonAnalyser,
    BlameAnalyser,
    CondescensionAnalyser,
    ProfanityAnalyser,
    BenefitAnalyser,
    ExpectationsAnalyser,
    EmpathyAnalyser,
    ReadabilityAnalyser,
    DirectnessAnalyser,
)


def build_analysers(rules: Sequence[Rule], lists: WordLists | None = None) -> list[Analyser]:
    """Return one analyser per category, built from the validated rules and the named word lists."""
    return [cls(rules, lists) for cls in ANALYSERS]
