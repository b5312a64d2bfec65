"""`python -m coach history`: list, show, save, delete and compare saved reviews from the command line.

The same history as the Team review page (``--db FILE`` or ``--url URL``, else ``COACH_HISTORY_URL``,
else ``COACH_HISTORY_DB``, else the user's data folder). ``save`` takes the JSON lines that
``python -m coach review --format jsonl`` writes, so a scheduled review can be kept for the team.
A history that cannot be used (damaged, read-only for a write, not a database, unreachable) is an
``error:`` line naming it and exit code 2.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from dataclasses import asdict
from typing import Any, TextIO

EXIT_CLEAN, EXIT_ERROR = 0, 2
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def add_parser(sub: Any) -> None:
    """Add the `history` command and its actions to the CLI's subparsers."""
    history = sub.add_parser("history", help="list, show, save, delete or compare saved reviews")
    where = history.add_mutually_exclusive_group()
    where.add_argument("--db", metavar="FILE", help="a SQLite history file (default: COACH_HISTORY_DB or data folder)")
    where.add_argument("--url", metavar="URL", help="a database URL, e.g. postgresql+psycopg://user@host/db")
    actions = history.add_subparsers(dest="action", required=True)
    listing = actions.add_parser("list", help="saved reviews, newest first")
    listing.add_argument("--format", choices=("text", "json"), default="text")
    show = actions.add_parser("show", help="a saved review's records (the review record format)")
    show.add_argument("id", type=int)
    show.add_argument("--format", choices=("jsonl", "csv", "findings-csv", "html"), default="jsonl")
    save = actions.add_parser("save", help="save records from `review --format jsonl` (a file, or - for stdin)")
    save.add_argument("name")
    save.add_argument("file", nargs="?", default="-")
    save.add_argument("--audience", default="non-technical")
    delete = actions.add_parser("delete", help="delete a saved review")
    delete.add_argument("id", type=int)
    compare = actions.add_parser("compare", help="findings per message per author and category in two periods")
    compare.add_argument("before", help="a date prefix: 2024, 2024-03, 2024-03-15")
    compare.add_argument("after")
    compare.add_argument("--format", choices=("text", "json"), default="text")


def run(args: argparse.Namespace, out: TextIO) -> int:
    """Run one history action; print an error naming the history and return 2 when it cannot be used."""
    from .history import History, HistoryError

    try:
        history = History(args.db, url=args.url) if args.db or args.url else History()
        return _ACTIONS[args.action](history, args, out)
    except HistoryError as exc:
        print(f"error: {terminal_safe(str(exc))}", file=sys.stderr)
        return EXIT_ERROR
    except KeyError as exc:
        print(f"error: {exc.args[0]}", file=sys.stderr)
        return EXIT_ERROR


def terminal_safe(text: str) -> str:
    """Return text without control characters (escape sequences in a name must not drive the terminal)."""
    return _CONTROL.sub("\ufffd", text)


def _list(history: Any, args: argparse.Namespace, out: TextIO) -> int:
    """Print the saved reviews as a table or as JSON."""
    reviews = history.list_reviews()
    if args.format == "json":
        json.dump([_info(r) for r in reviews], out, ensure_ascii=False, indent=1)
        out.write("\n")
        return EXIT_CLEAN
    if not reviews:
        print(f"No saved reviews in {terminal_safe(history.where)}.", file=sys.stderr)
        return EXIT_CLEAN
    out.write(f"{'id':>5}  {'saved':<25}  {'messages':>8}  {'analysed':>8}  {'skipped':>7}  name\n")
    for r in reviews:
        out.write(
            f"{r.id:>5}  {r.saved_at:<25}  {r.messages:>8}  {r.analysed:>8}  {r.skipped:>7}  {terminal_safe(r.name)}\n"
        )
    return EXIT_CLEAN


def _show(history: Any, args: argparse.Namespace, out: TextIO) -> int:
    """Write a saved review's records in a review output format."""
    from .review import write_records

    write_records(iter(history.load(args.id).records), args.format, out)
    return EXIT_CLEAN


def _save(history: Any, args: argparse.Namespace, out: TextIO) -> int:
    """Save the review records of a JSON-lines file (or stdin) as one review."""
    stream = sys.stdin if args.file == "-" else open(args.file, encoding="utf-8", errors="surrogateescape")
    try:
        records = [_record(line, n) for n, line in enumerate(stream, 1) if line.strip()]
    except ValueError as exc:
        print(f"error: {args.file}: {exc}", file=sys.stderr)
        return EXIT_ERROR
    finally:
        if stream is not sys.stdin:
            stream.close()
    if not records:
        print(f"error: {args.file}: no review records to save", file=sys.stderr)
        return EXIT_ERROR
    review_id = history.save_review(args.name, records, audience=args.audience)
    print(f"Saved {len(records)} record(s) as review {review_id} in {terminal_safe(history.where)}.", file=sys.stderr)
    out.write(f"{review_id}\n")
    return EXIT_CLEAN


def _record(line: str, number: int) -> dict[str, Any]:
    """Return one review record from a JSON line; ValueError naming the line when it is not one."""
    try:
        record = json.loads(line)
    except json.JSONDecodeError as exc:
        raise ValueError(f"line {number} is not JSON ({exc.msg})") from None
    if not isinstance(record, dict) or not isinstance(record.get("source"), str):
        raise ValueError(f"line {number} is not a review record (no source)")
    if "error" not in record and not (
        isinstance(record.get("findings"), list) and isinstance(record.get("scores"), dict)
    ):
        raise ValueError(f"line {number} is not a review record (no findings and scores, no error)")
    for f in record.get("findings") or ():
        missing = {"category", "rule", "severity", "start", "end", "text"} - set(f if isinstance(f, dict) else ())
        if missing:
            raise ValueError(f"line {number} has a finding without {', '.join(sorted(missing))}")
    return record


def _delete(history: Any, args: argparse.Namespace, out: TextIO) -> int:
    """Delete a saved review; exit 2 when there was none with that id."""
    if not history.delete(args.id):
        print(f"error: no saved review with id {args.id}", file=sys.stderr)
        return EXIT_ERROR
    print(f"Deleted review {args.id}.", file=sys.stderr)
    return EXIT_CLEAN


def _compare(history: Any, args: argparse.Namespace, out: TextIO) -> int:
    """Print tone and findings per message for two periods, per author and category."""
    tone = history.compare_tone(args.before, args.after)
    rows = [r for r in history.compare(args.before, args.after) if r["findings_a"] or r["findings_b"]]
    if args.format == "json":
        json.dump({"tone": tone, "findings": rows}, out, ensure_ascii=False, indent=1)
        out.write("\n")
        return EXIT_CLEAN
    out.write(f"{'author':<30}  {'messages':>13}  {'tone':>13}\n")
    for r in tone:
        out.write(
            f"{terminal_safe(r['author'])[:30]:<30}  {r['messages_a']:>6} {r['messages_b']:>6}"
            f"  {_num(r['tone_a'])} {_num(r['tone_b'])}\n"
        )
    out.write(f"\n{'author':<30}  {'category':<14}  {'per message':>13}  change\n")
    for r in rows:
        out.write(
            f"{terminal_safe(r['author'])[:30]:<30}  {r['category']:<14}  {_num(r['per_message_a'])}"
            f" {_num(r['per_message_b'])}  {_num(r['change'])}\n"
        )
    return EXIT_CLEAN


def _num(value: float | None) -> str:
    """Return a number for a table column ('-' when there is none)."""
    return f"{value:>6.2f}" if value is not None else f"{'-':>6}"


def _info(info: Any) -> dict[str, Any]:
    """Return a ReviewInfo as a JSON object."""
    return asdict(info)


_ACTIONS = {"list": _list, "show": _show, "save": _save, "delete": _delete, "compare": _compare}
