"""Command line: `python -m coach check` for one draft, `python -m coach review` for many.

A thin front-end: it reads input, calls the library and prints. Exit codes:
`check` exits 0 when there is nothing to coach, 1 when there are findings;
`review` exits 0 when it analysed at least one message (findings or not); both
exit 2 on a usage or input error (for review: nothing could be read, or -o
cannot be written).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator, Sequence
from dataclasses import replace
from typing import Any, TextIO

from . import __version__
from .engine import Coach, InputError, check_text
from .ingest import Message, iter_messages, read_bytes
from .lexicon import LexiconError
from .nlp import ModelNotFound
from .report import AUDIENCES, Report
from .review import RECORD_FORMATS, BatchSummary, analyse_stream, write_records

EXIT_CLEAN, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


def line_col(text: str, offset: int) -> tuple[int, int]:
    """Return the 1-based line and column of a character offset."""
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def format_text(source: str, report: Report) -> str:
    """Return a report as linter-style lines: file:line:col  category  'text'  message  Try: ..."""
    lines = []
    for f in report.findings:
        line, col = line_col(report.text, f.start)
        quoted = "'" + f.text.replace("\n", " ")[:40] + "'"
        tip = f"  Try: {f.suggestion}" if f.suggestion else ""
        lines.append(f"{source}:{line}:{col}  {f.category:<14} {quoted:<22} {f.message}{tip}")
    for warning in report.warnings:
        lines.append(f"{source}: warning: {warning}")
    return "\n".join(lines)


def _coach(args: argparse.Namespace) -> Coach:
    return Coach(lexicons=args.lexicons or (), disable=args.disable or ())


def _read_check_input(path: str) -> list[Message]:
    if path == "-":  # read like a .txt file: decoding, HTML, quoted replies and signature handled alike
        return [replace(m, source="<stdin>") for m in read_bytes("stdin.txt", sys.stdin.buffer.read())]
    if os.path.isdir(path):
        raise InputError(f"{path} is a folder; use `python -m coach review {path}` for many messages")
    return list(iter_messages([path]))


def cmd_check(args: argparse.Namespace, out: TextIO) -> int:
    """Check one draft (a file or stdin) and print its findings."""
    messages = _read_check_input(args.file)
    coach = _coach(args)
    status = EXIT_CLEAN
    for message in messages:
        for warning in message.warnings:
            print(f"{message.source}: warning: {warning}", file=sys.stderr)
        if message.error:
            print(f"{message.source}: error: {message.error}", file=sys.stderr)
            return EXIT_ERROR
        try:
            report = coach.analyse(check_text(message.text), args.audience)
        except InputError as exc:
            print(f"{message.source}: error: {exc}", file=sys.stderr)
            return EXIT_ERROR
        if args.format == "json":
            out.write(json.dumps({"source": message.source, **report.to_dict()}, ensure_ascii=False) + "\n")
        else:
            body = format_text(message.source, report)
            if body:
                out.write(body + "\n")
            if args.revise and report.revision is not None:
                out.write("\n--- revised message ---\n" + report.revision.rstrip("\n") + "\n")
        if report.findings:
            status = EXIT_FINDINGS
    return status


def _progress(records: Iterator[dict[str, Any]], enabled: bool) -> Iterator[dict[str, Any]]:
    if not enabled:
        yield from records
        return
    from tqdm import tqdm  # spaCy's own dependency; only loaded for a terminal

    with tqdm(desc="messages", unit="msg", file=sys.stderr, leave=False) as bar:
        for record in records:
            bar.update(1)
            yield record


def cmd_review(args: argparse.Namespace, out: TextIO) -> int:
    """Review every message under the given paths and write one record per message."""
    target = open(args.output, "w", encoding="utf-8", newline="") if args.output else out  # fail early
    coach = _coach(args)
    columns = {
        "text_column": args.text_column,
        "author_column": args.author_column,
        "date_column": args.date_column,
        "subject_column": args.subject_column,
    }
    records = analyse_stream(coach, iter_messages(args.paths, **columns), args.audience)
    summary = BatchSummary()
    records = summary.track(_progress(records, sys.stderr.isatty() and not args.quiet))
    try:
        if args.summary and not args.output:
            for _ in records:
                pass
        else:
            write_records(records, args.format, target)
    finally:
        if args.output:
            target.close()
    if args.summary:
        out.write(summary.table() + "\n")
    print(summary.counts_line(), file=sys.stderr)
    return EXIT_CLEAN if summary.analysed else EXIT_ERROR


def cmd_exercise(args: argparse.Namespace, out: TextIO) -> int:
    """List, show or score training exercises (coach.training.cli)."""
    from .training.cli import run

    return run(args, out)


def build_parser() -> argparse.ArgumentParser:
    """Return the argument parser for `python -m coach`."""
    parser = argparse.ArgumentParser(
        prog="python -m coach",
        description="Coach client emails: flags jargon, blame, condescension and profanity, "
        "with the reason and a better way to say it.",
    )
    parser.add_argument("--version", action="version", version=f"tone-coach {__version__}")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--audience",
        choices=AUDIENCES,
        default="non-technical",
        help="who will read the message (default: non-technical)",
    )
    common.add_argument(
        "--lexicons",
        action="append",
        metavar="DIR",
        help="extra lexicon directory of *.yml rules (repeatable; also COACH_LEXICONS)",
    )
    common.add_argument(
        "--disable",
        action="append",
        metavar="RULE_ID",
        help="silence a rule (e.g. jargon.vpn) or a whole category (repeatable)",
    )
    sub = parser.add_subparsers(dest="command", required=True)
    check = sub.add_parser("check", parents=[common], help="check one draft (a file, or - for stdin)")
    check.add_argument("file", nargs="?", default="-", help="a .txt/.md/.eml/.msg file, or - for stdin")
    check.add_argument("--format", choices=("text", "json"), default="text")
    check.add_argument("--revise", action="store_true", help="also print the revised message")
    review = sub.add_parser(
        "review", parents=[common], help="review many messages: files, folders, mailboxes, spreadsheets, zips"
    )
    review.add_argument("paths", nargs="+", metavar="PATH")
    review.add_argument("--format", choices=RECORD_FORMATS, default="jsonl")
    review.add_argument("-o", "--output", metavar="FILE", help="write records to FILE instead of stdout")
    review.add_argument(
        "--summary",
        action="store_true",
        help="print the per-category and per-author table (records go to --output if given)",
    )
    review.add_argument("--quiet", action="store_true", help="no progress bar")
    for name in ("text", "author", "date", "subject"):
        review.add_argument(f"--{name}-column", metavar="NAME", help=f"CSV/XLSX column holding the {name}")
    from .training.cli import add_parser as add_exercise_parser

    add_exercise_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line and return its exit code."""
    out = out or sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        if args.command == "check":
            return cmd_check(args, out)
        if args.command == "exercise":
            return cmd_exercise(args, out)
        return cmd_review(args, out)
    except (InputError, LexiconError, ModelNotFound, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    except BrokenPipeError:
        return EXIT_CLEAN
