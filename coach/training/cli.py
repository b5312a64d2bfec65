"""`python -m coach exercise list | show ID | score ID FILE`: the training exercises for scripted use.

`list` and `show` print text or JSON (`id`, `title`, `skills`, `audience`,
`draft`, `model_answer`, ...). `score` exits like `check`: 0 when the rewrite
passes the exercise's checks, 1 when not yet, 2 on a usage or input error.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from typing import Any, TextIO

from ..engine import InputError, check_text
from ..ingest import iter_messages, read_bytes
from .exercises import DIFFICULTIES, SKILLS, Exercise, ExerciseSet, load_exercises
from .guidance import skill_label
from .scoring import score_attempt

EXIT_PASSED, EXIT_NOT_YET, EXIT_ERROR = 0, 1, 2


def add_parser(sub: Any) -> None:
    """Add the `exercise` subcommand and its list/show/score actions to the CLI's subparsers."""
    exercise = sub.add_parser("exercise", help="training exercises: list, show one, score a rewrite")
    folders = argparse.ArgumentParser(add_help=False)
    folders.add_argument(
        "--exercises",
        action="append",
        metavar="DIR",
        default=[],
        help="extra folder of exercise *.yml files (repeatable; also COACH_EXERCISES)",
    )
    actions = exercise.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", parents=[folders], help="list the exercises")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    listing.add_argument("--skill", choices=SKILLS, help="only exercises practising this skill")
    listing.add_argument("--difficulty", choices=DIFFICULTIES, help="only exercises of this difficulty")
    show = actions.add_parser(
        "show", parents=[folders], help="show one exercise: situation, draft, skills, model answer"
    )
    show.add_argument("id")
    show.add_argument("--format", choices=("text", "json"), default="text")
    score = actions.add_parser(
        "score", parents=[folders], help="score a rewrite of an exercise's draft (a file, or - for stdin)"
    )
    score.add_argument("id")
    score.add_argument("file", help="the rewrite: a .txt/.md/.eml file, or - for stdin")
    score.add_argument("--format", choices=("text", "json"), default="text")


def _load(args: argparse.Namespace) -> ExerciseSet:
    loaded = load_exercises(args.exercises)
    for error in loaded.errors:
        print(f"error: {error}", file=sys.stderr)
    return loaded


def _indent(text: str) -> str:
    return textwrap.indent(text, "    ")


def format_exercise(e: Exercise) -> str:
    """Return one exercise as readable text."""
    return (
        f"{e.id}: {e.title}\n"
        f"audience: {e.audience} · difficulty: {e.difficulty} · skills: {', '.join(e.skills)}\n\n"
        f"Situation:\n{_indent(e.situation)}\n\nDraft:\n{_indent(e.draft)}\n\nModel answer:\n{_indent(e.model_answer)}\n"
    )


def _read_rewrite(path: str) -> str:
    if path == "-":
        messages = list(read_bytes("stdin.txt", sys.stdin.buffer.read()))
    else:
        messages = list(iter_messages([path]))
    if not messages:
        raise InputError(f"{path}: nothing could be read")
    message = messages[0]
    if message.error:
        raise InputError(f"{path}: {message.error}")
    return check_text(message.text)


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Run `exercise list|show|score` and return its exit code."""
    loaded = _load(args)
    if args.action == "list":
        chosen = [
            e
            for e in loaded.exercises
            if (args.skill is None or args.skill in e.skills)
            and (args.difficulty is None or e.difficulty == args.difficulty)
        ]
        if args.format == "json":
            out.write(json.dumps([e.to_dict() for e in chosen], ensure_ascii=False, indent=1) + "\n")
        else:
            for e in chosen:
                out.write(f"{e.id:<28} {e.difficulty:<7} {e.audience:<14} {','.join(e.skills):<34} {e.title}\n")
        return EXIT_PASSED if not loaded.errors else EXIT_ERROR
    try:
        exercise = loaded.get(args.id)
    except KeyError as exc:
        print(f"error: {exc.args[0]}; see `python -m coach exercise list`", file=sys.stderr)
        return EXIT_ERROR
    if args.action == "show":
        if args.format == "json":
            out.write(json.dumps(exercise.to_dict(), ensure_ascii=False, indent=1) + "\n")
        else:
            out.write(format_exercise(exercise))
        return EXIT_PASSED
    try:
        rewrite = _read_rewrite(args.file)
    except InputError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    result = score_attempt(exercise, rewrite)
    if args.format == "json":
        out.write(json.dumps(result.to_dict(), ensure_ascii=False) + "\n")
    else:
        verdict = "passed" if result.passed else "not yet"
        out.write(f"{exercise.id}: {result.score}/100, {verdict}\n")
        for p in result.parts:
            mark = "ok " if p.passed else ("-- " if not p.required else "no ")
            out.write(f"  {mark} {p.label:<28} {p.points:4.1f}/{p.weight:<4.1f} {p.why}\n")
        for f in result.remaining:
            out.write(f"  left: {skill_label(f.category)} '{' '.join(f.text.split())[:40]}': {f.message}\n")
    return EXIT_PASSED if result.passed else EXIT_NOT_YET
