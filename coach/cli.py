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
import threading
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any, TextIO

from . import __version__, history_cli
from .aliases import load_default as load_aliases
from .engine import Coach, InputError, check_text
from .ingest import Message, iter_messages, read_bytes
from .lexicon import LexiconError
from .nlp import ModelNotFound
from .output import atomic_output, file_id, same_file
from .parallel import available_cores
from .report import AUDIENCES, Report
from .review import RECORD_FORMATS, BatchSummary, analyse_stream, write_records
from .spark.session import SparkUnavailable
from .terminal import SafeWriter, printable

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


def warn(text: str) -> None:
    """Print one line to stderr with its control characters escaped."""
    print(printable(text), file=sys.stderr)


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
            warn(f"{message.source}: warning: {warning}")
        if message.error:
            warn(f"{message.source}: error: {message.error}")
            return EXIT_ERROR
        try:
            report = coach.analyse(check_text(message.text), args.audience)
        except InputError as exc:
            warn(f"{message.source}: error: {exc}")
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


def _progress(
    records: Iterator[dict[str, Any]], enabled: bool, count: Callable[[], Iterator[Any]] | None = None
) -> Iterator[dict[str, Any]]:
    """Show a bar on stderr with the rate; once count() (the input read again) is counted, the total and ETA."""
    if not enabled:
        yield from records
        return
    from tqdm import tqdm  # spaCy's own dependency; only loaded for a terminal

    tqdm.monitor_interval = 0  # no monitor thread: the review may fork its workers
    with tqdm(desc="messages", unit="msg", file=sys.stderr, leave=False) as bar:
        total: list[int] = []
        for record in records:
            if count is not None:  # after the first record: the workers are forked, never beside this thread
                threading.Thread(target=lambda c=count: total.append(sum(1 for _ in c())), daemon=True).start()
                count = None
            if total and bar.total is None:
                bar.total = total[0]
                bar.refresh()
            bar.update(1)
            yield record


def refuse_input_as_output(output: str, paths: Sequence[str]) -> None:
    """Raise InputError when the output file is one of the inputs (it would be truncated before it is read)."""
    for path in paths:
        if path != "-" and same_file(output, path):
            raise InputError(f"-o {output} is also an input; write the records to another file")


def cmd_review(args: argparse.Namespace, out: TextIO) -> int:
    """Review every message under the given paths and write one record per message.

    Every argument is checked before any file is touched; -o is written to a
    temporary file beside it and renamed into place only once the review is done.
    """
    # Bad --disable or --lexicons fail here, before anything is written (Spark checks them in _spark_records,
    # and builds its coaches on the workers, never in the driver).
    if args.workers is not None and args.workers < 1:
        raise InputError(f"--workers {args.workers}: give 1 or more")
    coach = _coach(args) if args.engine != "spark" else None
    spark_records = _spark_records(args) if args.engine == "spark" else None
    if args.output:
        refuse_input_as_output(args.output, args.paths)
    columns = {
        "text_column": args.text_column,
        "author_column": args.author_column,
        "date_column": args.date_column,
        "subject_column": args.subject_column,
    }
    aliases = load_aliases()  # a lead's "these names are one person" (coach.aliases), as on the page
    summary = BatchSummary(aliases)

    def run(target: TextIO | None, skip: frozenset[tuple[int, int]]) -> None:
        if spark_records is not None or coach is None:  # the same records, read and analysed on Spark
            stream = spark_records or iter(())
        else:
            workers = args.workers or available_cores()
            stream = analyse_stream(
                coach, iter_messages(args.paths, **columns, skip=skip), args.audience, workers=workers
            )
        # The bar's total comes from reading the input a second time (not from stdin, which reads once).
        count = None if "-" in args.paths else (lambda: iter_messages(args.paths, **columns, skip=skip))
        records = summary.track(_progress(stream, _bar(args), count))
        if target is None:
            for _ in records:
                pass
        else:
            write_records(records, args.format, target, aliases=aliases, audience=args.audience)

    if args.output:
        with atomic_output(Path(args.output)) as (target, temporary):
            # The report and its temporary file may sit in a reviewed folder: never read them as mail.
            run(target, frozenset(i for i in (file_id(args.output), file_id(temporary)) if i))
    else:
        run(None if args.summary else out, frozenset())
    if args.summary:
        out.write(summary.table() + "\n")
    warn(summary.counts_line())
    return EXIT_CLEAN if summary.analysed else EXIT_ERROR


def cmd_serve(args: argparse.Namespace, out: TextIO) -> int:
    """Serve the HTTP API (needs the `server` extra) until interrupted."""
    try:
        from .server import SettingsError, settings_from_env
        from .server.run import serve
    except ImportError as exc:
        print(f"error: the HTTP API needs the server extra (pip install '.[server]'): {exc}", file=sys.stderr)
        return EXIT_ERROR
    try:
        settings = settings_from_env(rate_limit=args.rate_limit, check_timeout=args.check_timeout)
        serve(args.host, args.port, settings)
    except SettingsError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return EXIT_ERROR
    return EXIT_CLEAN


def _spark_records(args: argparse.Namespace) -> Iterator[dict[str, Any]]:
    """Start the review on Spark (coach/spark/), checking settings and Spark before anything is written."""
    from .ingest.model import Columns
    from .spark import review_records, settings_for

    columns = Columns(args.text_column, args.author_column, args.date_column, args.subject_column)
    settings = settings_for(args.audience, args.lexicons or (), args.disable or (), columns)
    return review_records(args.paths, settings, master=args.master)


def _bar(args: argparse.Namespace) -> bool:
    """Tell whether to show a progress bar: stderr is a terminal and --quiet is not given."""
    return sys.stderr.isatty() and not args.quiet


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
    review.add_argument(
        "--workers",
        type=int,
        metavar="N",
        help="processes analysing at once (default: every available core; 1: this process only)",
    )
    review.add_argument(
        "--engine",
        choices=("local", "spark"),
        default="local",
        help="local: this process (default); spark: read and analyse on Apache Spark (needs the spark extra, Java 17)",
    )
    review.add_argument(
        "--master", metavar="URL", help="Spark master with --engine spark (default: spark-submit's, else local[*])"
    )
    for name in ("text", "author", "date", "subject"):
        review.add_argument(f"--{name}-column", metavar="NAME", help=f"CSV/XLSX column holding the {name}")
    serve = sub.add_parser("serve", help="serve the HTTP API (/v1 and LanguageTool-compatible /v2)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: loopback only)")
    serve.add_argument("--port", type=int, default=8080)
    serve.add_argument("--rate-limit", type=int, metavar="N", help="requests per client per minute (default 120)")
    serve.add_argument("--check-timeout", type=float, metavar="S", help="seconds one check may take (default 20)")
    history_cli.add_parser(sub)

    from .training.cli import add_parser as add_exercise_parser

    add_exercise_parser(sub)
    return parser


def main(argv: Sequence[str] | None = None, out: TextIO | None = None) -> int:
    """Run the command line and return its exit code."""
    stream = out or sys.stdout
    parser = build_parser()
    args = parser.parse_args(argv)
    if getattr(args, "master", None) and args.engine != "spark":
        parser.error("--master needs --engine spark")
    target: TextIO = SafeWriter(stream) if stream.isatty() else stream  # type: ignore[assignment]
    try:
        if args.command == "serve":
            return cmd_serve(args, target)
        if args.command == "history":
            return history_cli.run(args, target)
        if args.command == "exercise":
            return cmd_exercise(args, target)
        status = cmd_check(args, target) if args.command == "check" else cmd_review(args, target)
        stream.flush()  # a closed pipe shows here, not at interpreter exit
        return status
    except BrokenPipeError:  # `... | head`: the reader has what it wanted; stop quietly
        _silence(stream)
        return EXIT_CLEAN
    except (InputError, LexiconError, ModelNotFound, OSError, SparkUnavailable) as exc:
        warn(f"error: {exc}")
        return EXIT_ERROR


def _silence(stream: TextIO) -> None:
    """Point a closed stdout at /dev/null, so Python's own flush at exit does not fail again."""
    if stream is sys.stdout:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
