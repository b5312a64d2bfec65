"""Load and validate training exercises: YAML lists under exercises/ and any trainer's own folders.

Each file is a YAML list of entries (README "Training mode"):

    - id: medical-pcs-upgrade        # unique across every folder loaded
      title: "..."                   # one line
      scenario: medical-office       # optional grouping (the guidance's situations)
      situation: "..."               # who the reader is and what happened
      audience: non-technical        # non-technical | executive | technical
      difficulty: easy               # easy | medium | hard
      skills: [jargon, benefit]      # what the rewrite must get right (SKILLS)
      draft: "..."                   # the bad draft to rewrite
      model_answer: "..."            # one good rewrite; it passes the exercise's own checks
      points: [[router], [PC, computer]]   # optional: what the rewrite must still mention (any of each list)

Text is YAML block text: the lines of a paragraph are joined into one, and a
blank line starts a new paragraph (the greeting, the body, the sign-off).

Unknown keys, missing fields, bad values and duplicate ids fail loudly with the
file and entry named. ``load_exercises`` keeps going past a broken file or entry
and returns the errors beside the exercises that loaded, so one bad upload never
hides the rest.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..report import AUDIENCES
from ..yaml_file import YamlError, parse_yaml

BUILTIN_DIR = Path(__file__).resolve().parent.parent.parent / "exercises"
ENV_VAR = "COACH_EXERCISES"
# Categories the rewrite must clear, and what it must add: a benefit, answered expectations, an empathetic opening.
CLEAR_SKILLS = ("jargon", "blame", "condescension", "profanity", "readability")
ADD_SKILLS = ("benefit", "expectations", "empathy")
SKILLS = CLEAR_SKILLS + ADD_SKILLS
DIFFICULTIES = ("easy", "medium", "hard")
REQUIRED = ("id", "title", "situation", "audience", "difficulty", "skills", "draft", "model_answer")
OPTIONAL = ("scenario", "points")
MAX_FILE_BYTES = 2_000_000
MAX_TEXT_CHARS = 20_000
MAX_ID_CHARS = 80


class ExerciseError(ValueError):
    """An exercise file is malformed; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class Exercise:
    """One validated exercise: a situation, a bad draft, the skills it practises and a model answer."""

    id: str
    title: str
    situation: str
    audience: str
    difficulty: str
    skills: tuple[str, ...]
    draft: str
    model_answer: str
    scenario: str = ""
    points: tuple[tuple[str, ...], ...] = ()
    source: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return the exercise as a JSON-ready dict (the CLI's json shape plus the rest)."""
        return {
            "id": self.id,
            "title": self.title,
            "skills": list(self.skills),
            "audience": self.audience,
            "difficulty": self.difficulty,
            "scenario": self.scenario,
            "situation": self.situation,
            "draft": self.draft,
            "model_answer": self.model_answer,
            "points": [list(p) for p in self.points],
        }


@dataclass(frozen=True)
class ExerciseSet:
    """The exercises that loaded, in file order, and one error line per file or entry that did not."""

    exercises: tuple[Exercise, ...]
    errors: tuple[str, ...] = ()
    by_id: dict[str, Exercise] = field(default_factory=dict, compare=False)

    def get(self, exercise_id: str) -> Exercise:
        """Return the exercise with this id, or raise KeyError naming it."""
        try:
            return self.by_id[exercise_id]
        except KeyError:
            raise KeyError(f"no exercise with id {exercise_id!r}") from None


def _label(entry: Any, index: int) -> str:
    if isinstance(entry, dict) and isinstance(entry.get("id"), str) and entry["id"].strip():
        return f"entry {index + 1} ({entry['id'].strip()[:MAX_ID_CHARS]!r})"
    return f"entry {index + 1}"


def unwrap(text: str) -> str:
    """Return text with the lines of each paragraph joined (YAML block text wraps); blank lines stay paragraph breaks."""
    paragraphs = re.split(r"\n[ \t]*\n", text.strip())
    return "\n\n".join(" ".join(line.strip() for line in p.splitlines() if line.strip()) for p in paragraphs)


def _text(entry: dict, key: str, limit: int = MAX_TEXT_CHARS) -> str:
    value = entry.get(key)
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"'{key}' must be non-empty text")
    if len(value) > limit:
        raise ValueError(f"'{key}' is {len(value):,} characters; the limit is {limit:,}")
    return unwrap(value)


def _skills(entry: dict) -> tuple[str, ...]:
    value = entry.get("skills")
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not value or not all(isinstance(s, str) for s in value):
        raise ValueError(f"'skills' must be a non-empty list from {list(SKILLS)}")
    unknown = [s for s in value if s not in SKILLS]
    if unknown:
        raise ValueError(f"unknown skill(s) {unknown}; choose from {list(SKILLS)}")
    return tuple(dict.fromkeys(value))


def _points(entry: dict) -> tuple[tuple[str, ...], ...]:
    value = entry.get("points", [])
    if not isinstance(value, list):
        raise ValueError("'points' must be a list of lists of words")
    points = []
    for point in value:
        alternatives = [point] if isinstance(point, str) else point
        if (
            not isinstance(alternatives, list)
            or not alternatives
            or not all(isinstance(a, str) and a.strip() for a in alternatives)
        ):
            raise ValueError("each of 'points' must be a word or a non-empty list of words")
        points.append(tuple(a.strip() for a in alternatives))
    return tuple(points)


def parse_exercise(entry: Any, source: str = "") -> Exercise:
    """Return one validated Exercise, or raise ValueError saying what is wrong with the entry."""
    if not isinstance(entry, dict):
        raise ValueError("each entry must be a mapping of keys to values")
    unknown = sorted(str(k) for k in entry if k not in REQUIRED + OPTIONAL)
    if unknown:
        raise ValueError(f"unknown key(s) {unknown}; allowed: {list(REQUIRED + OPTIONAL)}")
    missing = [k for k in REQUIRED if k not in entry or entry[k] is None]
    if missing:
        raise ValueError(f"missing field(s) {missing}")
    audience = entry["audience"]
    if audience not in AUDIENCES:
        raise ValueError(f"'audience' must be one of {list(AUDIENCES)}, not {str(audience)[:40]!r}")
    difficulty = entry["difficulty"]
    if difficulty not in DIFFICULTIES:
        raise ValueError(f"'difficulty' must be one of {list(DIFFICULTIES)}, not {str(difficulty)[:40]!r}")
    scenario = entry.get("scenario", "")
    if not isinstance(scenario, str):
        raise ValueError("'scenario' must be text")
    return Exercise(
        id=_text(entry, "id", MAX_ID_CHARS),
        title=_text(entry, "title", 200),
        situation=_text(entry, "situation"),
        audience=audience,
        difficulty=difficulty,
        skills=_skills(entry),
        draft=_text(entry, "draft"),
        model_answer=_text(entry, "model_answer"),
        scenario=scenario.strip(),
        points=_points(entry),
        source=source,
    )


def parse_exercise_file(source: str, data: bytes | str) -> tuple[list[Exercise], list[str]]:
    """Return the valid exercises of one YAML file and an error line (file and entry named) per bad entry."""
    if isinstance(data, bytes) and len(data) > MAX_FILE_BYTES:
        return [], [f"{source}: the file is {len(data):,} bytes; the limit is {MAX_FILE_BYTES:,}"]
    try:
        entries = parse_yaml(data, source)
    except YamlError as exc:
        return [], [str(exc)]
    if entries is None:
        return [], [f"{source}: the file is empty"]
    if not isinstance(entries, list):
        return [], [f"{source}: expected a YAML list of exercises, got {type(entries).__name__}"]
    exercises, errors = [], []
    for index, entry in enumerate(entries):
        try:
            exercises.append(parse_exercise(entry, source))
        except ValueError as exc:
            errors.append(f"{source}: {_label(entry, index)}: {exc}")
    return exercises, errors


def exercise_dirs(extra: Iterable[str | os.PathLike[str]] = ()) -> list[Path]:
    """Return the built-in folder, then $COACH_EXERCISES (colon-separated), then the extra folders."""
    env = [p for p in os.environ.get(ENV_VAR, "").split(os.pathsep) if p]
    return [BUILTIN_DIR, *(Path(p).expanduser() for p in [*env, *extra])]


def merge(sets: Sequence[tuple[list[Exercise], list[str]]]) -> ExerciseSet:
    """Return one ExerciseSet from parsed files, reporting an id seen twice (the first one wins)."""
    exercises: list[Exercise] = []
    errors: list[str] = []
    by_id: dict[str, Exercise] = {}
    for found, problems in sets:
        errors.extend(problems)
        for exercise in found:
            if exercise.id in by_id:
                errors.append(
                    f"{exercise.source}: entry {exercise.id!r}: duplicate id, already defined in "
                    f"{by_id[exercise.id].source}"
                )
                continue
            by_id[exercise.id] = exercise
            exercises.append(exercise)
    return ExerciseSet(tuple(exercises), tuple(errors), by_id)


def read_folder(folder: Path) -> list[tuple[list[Exercise], list[str]]]:
    """Return the parsed *.yml and *.yaml files of one folder (or one file), in name order."""
    if folder.is_file():
        files = [folder]
    elif folder.is_dir():
        files = sorted(p for p in folder.iterdir() if p.suffix.lower() in (".yml", ".yaml") and p.is_file())
    else:
        return [([], [f"{folder}: no such exercise folder"])]
    parsed = []
    for path in files:
        try:
            parsed.append(parse_exercise_file(str(path), path.read_bytes()))
        except OSError as exc:
            parsed.append(([], [f"{path}: cannot be read: {exc.strerror or exc}"]))
    return parsed


def load_exercises(
    extra: Iterable[str | os.PathLike[str]] = (), *, builtin: bool = True, uploads: Sequence[tuple[str, bytes]] = ()
) -> ExerciseSet:
    """Load the built-in exercises, trainers' folders and uploaded files; bad files and entries become errors."""
    folders = exercise_dirs(extra) if builtin else [Path(p) for p in extra]
    parsed = [item for folder in folders for item in read_folder(folder)]
    parsed.extend(parse_exercise_file(name, data) for name, data in uploads)
    return merge(parsed)


def load_strict(extra: Iterable[str | os.PathLike[str]] = ()) -> ExerciseSet:
    """Load like load_exercises, but raise ExerciseError listing every problem when there is any."""
    loaded = load_exercises(extra)
    if loaded.errors:
        raise ExerciseError("\n".join(loaded.errors))
    return loaded
