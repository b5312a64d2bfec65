"""Training mode: exercises as data, scored rewrites, the attempts and sessions store, session summaries.

    >>> from coach.training import load_exercises, score_attempt
    >>> exercises = load_exercises()
    >>> result = score_attempt(exercises.exercises[0], "My rewrite...")
    >>> result.score, result.passed, [p.name for p in result.parts]

Depends only on ``coach.analyse`` and the Report it returns; nothing here imports Streamlit.
"""

from __future__ import annotations

from .exercises import (
    DIFFICULTIES,
    SKILLS,
    Exercise,
    ExerciseError,
    ExerciseSet,
    load_exercises,
    load_strict,
    parse_exercise_file,
)
from .scoring import AttemptScore, Part, score_attempt

__all__ = [
    "DIFFICULTIES",
    "SKILLS",
    "AttemptScore",
    "Exercise",
    "ExerciseError",
    "ExerciseSet",
    "Part",
    "load_exercises",
    "load_strict",
    "parse_exercise_file",
    "score_attempt",
]
