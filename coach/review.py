"""Review records: one plain dict per message, their formats (jsonl, csv, findings-csv, html) and a batch summary.

The record is the contract `python -m coach review` prints and scripts depend
on (pinned in the README):
    {"source", "subject", "sender", "recipients", "date", "warnings",
     "findings": [Finding dicts], "scores": {...}}      for an analysed message
    {"source", ..., "error": "reason"}                  for one that could not be

Formats: jsonl (the records), csv (one row per message), findings-csv (one row
per finding: where, rule, flagged text, coaching) and html (a self-contained
report a lead can send to the team). The Team review page and `python -m coach
review --format ...` both write through write_records, so they agree.
"""

from __future__ import annotations

import csv
import html
import itertools
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from email.utils import parseaddr
from typing import Any, TextIO

from .aliases import resolve
from .engine import Coach, InputError, check_text
from .ingest import Message
from .parallel import can_fork, map_in_order
from .report import CATEGORIES, SEVERITIES, Report
from .terminal import printable

CHUNK = 32  # messages analysed together; bounds memory for huge mailboxes
RECORD_FORMATS = ("jsonl", "csv", "findings-csv", "html")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
CSV_FIELDS = ["source", "sender", "date", "subject", "tone", *CATEGORIES, "worst_finding", "error"]


def record_for(message: Message, report: Report | None, error: str | None = None) -> dict[str, Any]:
    """Return the review record for a message and its report (or the reason it has none)."""
    record: dict[str, Any] = {
        "source": message.source,
        "subject": message.subject,
        "sender": message.sender,
        "recipients": list(message.recipients),
        "date": message.date,
        "warnings": list(message.warnings),
    }
    if report is None:
        record["error"] = error or message.error or "not analysed"
        return record
    record["warnings"] += list(report.warnings)
    record["findings"] = [f.to_dict() for f in report.findings]
    record["scores"] = report.scores
    return record


def analyse_stream(
    coach: Coach, messages: Iterator[Message], audience: str, *, workers: int = 1
) -> Iterator[dict[str, Any]]:
    """Yield one review record per message, in order, analysing them in bounded chunks.

    With workers > 1 (and fork available) the chunks are analysed by that many
    forked processes sharing the loaded model (coach/parallel.py); a batch of
    one chunk or less is analysed here, where forking would cost more than it saves.
    """
    chunks = _chunks(messages)
    first = next(chunks, [])
    second = next(chunks, None)
    if second is None or workers < 2 or not can_fork():
        yield from _analyse_chunk(coach, first, audience)
        if second is not None:
            yield from _analyse_chunk(coach, second, audience)
            for chunk in chunks:
                yield from _analyse_chunk(coach, chunk, audience)
        return
    jobs = ((chunk, audience) for chunk in itertools.chain([first, second], chunks))
    yield from map_in_order(_analyse_job, coach, jobs, workers)


def _chunks(messages: Iterator[Message]) -> Iterator[list[Message]]:
    chunk: list[Message] = []
    for message in messages:
        chunk.append(message)
        if len(chunk) >= CHUNK:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def _analyse_job(coach: Coach, job: tuple[list[Message], str]) -> list[dict[str, Any]]:
    chunk, audience = job
    return list(_analyse_chunk(coach, chunk, audience))


def _analyse_chunk(coach: Coach, chunk: Sequence[Message], audience: str) -> Iterator[dict[str, Any]]:
    valid, errors = [], {}
    for i, message in enumerate(chunk):
        try:
            if message.error:
                raise InputError(message.error)
            valid.append((check_text(message.text), i))
        except InputError as exc:
            errors[i] = str(exc)
    reports = {i: report for report, i in coach.analyse_many(valid, audience, as_tuples=True, revise_text=False)}
    for i, message in enumerate(chunk):
        yield record_for(message, reports.get(i), errors.get(i))


def worst_finding(record: dict[str, Any]) -> dict[str, Any] | None:
    """Return the most severe finding of a record (first in the text on ties)."""
    findings = record.get("findings") or []
    return max(findings, key=lambda f: (SEVERITY_RANK.get(f["severity"], 0), -f["start"]), default=None)


def csv_row(record: dict[str, Any]) -> dict[str, Any]:
    """Return the flat CSV row of a record."""
    counts = (record.get("scores") or {}).get("counts", {})
    worst = worst_finding(record)
    return {
        "source": record["source"],
        "sender": record.get("sender") or "",
        "date": record.get("date") or "",
        "subject": record.get("subject") or "",
        "tone": (record.get("scores") or {}).get("tone", ""),
        **{c: counts.get(c, 0) if "findings" in record else "" for c in CATEGORIES},
        "worst_finding": f"{worst['category']}: {worst['text']}" if worst else "",
        "error": record.get("error", ""),
    }


FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(row: dict[str, Any]) -> dict[str, Any]:
    """Return a CSV row whose text cells cannot run as spreadsheet formulas (a leading ' neutralises them)."""
    return {k: ("'" + v if isinstance(v, str) and v.startswith(FORMULA_START) else v) for k, v in row.items()}


def write_records(
    records: Iterable[dict[str, Any]],
    fmt: str,
    out: TextIO,
    *,
    aliases: Mapping[str, str] | None = None,
    title: str = "Tone Coach review",
    audience: str | None = None,
) -> None:
    """Write records to out as jsonl, csv or a self-contained html report, streaming where it can."""
    if fmt == "jsonl":
        for record in records:
            out.write(json_line(record))
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for record in records:
            writer.writerow(spreadsheet_safe(csv_row(record)))
    elif fmt == "findings-csv":
        write_findings_csv(records, out)
    elif fmt == "html":
        out.write(html_report(records, title, aliases=aliases, audience=audience))
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(RECORD_FORMATS)}")


# JSON escapes C0 controls itself; DEL, C1 and bidirectional controls are escaped too, so a
# record printed to a terminal cannot drive it (the decoded values are unchanged).
_RAW_IN_JSON = re.compile("[\x7f-\x9f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def json_line(record: dict[str, Any]) -> str:
    """Return a record as one line of JSON (UTF-8 text, control characters escaped)."""
    line = json.dumps(record, ensure_ascii=False)
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", line) + "\n"


class BatchSummary:
    """Count what a batch read, analysed and skipped, per category and per author."""

    def __init__(self, aliases: Mapping[str, str] | None = None) -> None:
        self.aliases = dict(aliases or {})
        self.read = self.analysed = self.skipped = self.with_findings = 0
        self.categories: Counter[str] = Counter()
        self.authors: dict[str, Counter[str]] = defaultdict(Counter)
        self.tones: dict[str, list[float]] = defaultdict(list)

    def add(self, record: dict[str, Any]) -> None:
        """Count one record."""
        self.read += 1
        if "error" in record:
            self.skipped += 1
            return
        self.analysed += 1
        author = author_of(record, self.aliases)
        cats = Counter(f["category"] for f in record["findings"])
        self.with_findings += bool(cats)
        self.categories.update(cats)
        self.authors[author].update(cats)
        self.authors[author]["messages"] += 1
        tone = record["scores"].get("tone")
        if isinstance(tone, (int, float)):
            self.tones[author].append(float(tone))

    def track(self, records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
        """Yield records unchanged, counting each one."""
        for record in records:
            self.add(record)
            yield record

    def counts_line(self) -> str:
        """Return 'read N, analysed N, skipped N'."""
        return f"read {self.read}, analysed {self.analysed}, skipped {self.skipped}"

    def table(self) -> str:
        """Return the per-category and per-author table as plain text."""
        lines = [self.counts_line(), "", "findings per category:"]
        lines += [f"  {c:<14} {self.categories.get(c, 0):>6}" for c in CATEGORIES]
        lines += ["", f"  {'author':<32} {'msgs':>5} {'tone':>6} " + " ".join(f"{c[:6]:>6}" for c in CATEGORIES)]
        for author in sorted(self.authors):
            counts = self.authors[author]
            tones = self.tones.get(author)
            tone = f"{sum(tones) / len(tones):6.1f}" if tones else f"{'-':>6}"
            lines.append(
                f"  {printable(author)[:32]:<32} {counts['messages']:>5} {tone} "
                + " ".join(f"{counts.get(c, 0):>6}" for c in CATEGORIES)
            )
        return "\n".join(lines)


FINDINGS_CSV_FIELDS = [
    "source",
    "sender",
    "date",
    "subject",
    "category",
    "rule",
    "severity",
    "start",
    "end",
    "text",
    "message",
    "suggestion",
]


UNKNOWN_AUTHOR = "(unknown)"
_QUOTES = "\"'`“”‘’ "


def normalise_name(name: str) -> str:
    """Return a display name in one form: single spaces, no quotes, 'Carter, Sam' as 'Sam Carter', one case."""
    flat = " ".join(name.split()).strip(_QUOTES)
    if flat.count(",") == 1:
        last, first = (p.strip() for p in flat.split(","))
        flat = f"{first} {last}".strip() if first and last and " " not in last else flat
    # A name typed all in lower or upper case gets capitals ("sam carter" -> "Sam Carter"); mixed case is kept.
    if flat.islower() or flat.isupper():
        return " ".join(w[:1].upper() + w[1:].lower() for w in flat.split())
    return flat


def author_key(sender: str | None) -> str:
    """Return one identity for a sender: the address (lower-case) when there is one, else the normalised name."""
    raw = " ".join(str(sender or "").split())
    if not raw:
        return UNKNOWN_AUTHOR
    name, address = parseaddr(raw)
    if "@" in address:
        return address.strip().casefold()
    # No address: the whole text is a name (parseaddr("Sam Carter") would keep only "Sam").
    bare = re.sub(r"<\s*>", " ", raw)
    return normalise_name(bare) or normalise_name(name) or UNKNOWN_AUTHOR


def author_of(record: dict[str, Any], aliases: Mapping[str, str] | None = None) -> str:
    """Return the record's author identity (see author_key), mapped through a lead's aliases."""
    key = author_key(record.get("sender"))
    return resolve(key, aliases) if aliases else key


def finding_rows(records: Iterable[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    """Yield one flat row per finding of every analysed record (the findings CSV)."""
    for record in records:
        for f in record.get("findings") or ():
            yield {
                "source": record["source"],
                "sender": record.get("sender") or "",
                "date": record.get("date") or "",
                "subject": record.get("subject") or "",
                **{k: f.get(k) if f.get(k) is not None else "" for k in FINDINGS_CSV_FIELDS[4:]},
            }


def write_findings_csv(records: Iterable[dict[str, Any]], out: TextIO) -> None:
    """Write one CSV row per finding (source, author, date, subject, category, rule, span, coaching)."""
    writer = csv.DictWriter(out, fieldnames=FINDINGS_CSV_FIELDS)
    writer.writeheader()
    writer.writerows(spreadsheet_safe(row) for row in finding_rows(records))


def frequent_phrases(records: Iterable[dict[str, Any]], limit: int = 20) -> list[dict[str, Any]]:
    """Return the most often flagged phrases: rule, phrase (as first written; counted in any case), count, messages."""
    counts: Counter[tuple[str, str]] = Counter()
    messages: dict[tuple[str, str], set[int]] = defaultdict(set)
    first: dict[tuple[str, str], dict[str, Any]] = {}
    for i, record in enumerate(records):
        for f in record.get("findings") or ():
            written = " ".join(str(f["text"]).split())
            phrase = written.casefold()
            if not phrase or len(phrase) > 80:  # whole-sentence findings are not phrases
                continue
            key = (f["rule"], phrase)
            counts[key] += 1
            messages[key].add(i)
            first.setdefault(key, {**f, "written": written})
    ranked = sorted(counts, key=lambda k: (-counts[k], -len(messages[k]), k))[:limit]
    return [
        {
            "category": first[k]["category"],
            "rule": k[0],
            "phrase": first[k]["written"],
            "count": counts[k],
            "messages": len(messages[k]),
            "message": first[k].get("message") or "",
            "suggestion": first[k].get("suggestion") or "",
        }
        for k in ranked
    ]


def author_table(records: Iterable[dict[str, Any]], aliases: Mapping[str, str] | None = None) -> list[dict[str, Any]]:
    """Return per-author rows: messages analysed, mean tone, findings per category, sorted by author."""
    rows: dict[str, dict[str, Any]] = {}
    tones: dict[str, list[float]] = defaultdict(list)
    for record in records:
        if "findings" not in record:
            continue
        author = author_of(record, aliases)
        row = rows.setdefault(author, {"author": author, "messages": 0, **dict.fromkeys(CATEGORIES, 0)})
        row["messages"] += 1
        for f in record["findings"]:
            row[f["category"]] = row.get(f["category"], 0) + 1
        tone = (record.get("scores") or {}).get("tone")
        if isinstance(tone, (int, float)):
            tones[author].append(float(tone))
    for author, row in rows.items():
        row["tone"] = round(sum(tones[author]) / len(tones[author]), 1) if tones[author] else None
    return [rows[a] for a in sorted(rows, key=str.casefold)]


def _table(head: list[str], rows: Iterable[Iterable[Any]], numeric: frozenset[int] = frozenset()) -> str:
    """Return an HTML table with every cell escaped; numeric column positions are right-aligned."""
    th = "".join(f"<th>{html.escape(h)}</th>" for h in head)
    body = "".join(
        "<tr>"
        + "".join(
            f"<td class='n'>{html.escape(_cell(v))}</td>" if i in numeric else f"<td>{html.escape(_cell(v))}</td>"
            for i, v in enumerate(row)
        )
        + "</tr>"
        for row in rows
    )
    return f"<table><thead><tr>{th}</tr></thead><tbody>{body}</tbody></table>"


def _cell(value: Any) -> str:
    return "" if value is None else f"{value:.1f}" if isinstance(value, float) else str(value)


_REPORT_CSS = (
    "body{font-family:system-ui,sans-serif;margin:2em;color:#1f2430;max-width:80em}"
    "table{border-collapse:collapse;margin:.5em 0 1.5em}"
    "td,th{border:1px solid #d0d4da;padding:4px 8px;font-size:14px;vertical-align:top;text-align:left;"
    "overflow-wrap:anywhere;word-break:break-word;max-width:32em}"
    "th{background:#f1f4f7}td.n{text-align:right;font-variant-numeric:tabular-nums}"
    ".counts{display:flex;gap:2em;font-size:1.1em;flex-wrap:wrap}.counts b{font-size:1.6em;display:block}"
    ".bars{margin:.5em 0 1em;max-width:48em}.bar{display:flex;gap:.6em;align-items:center;margin:2px 0}"
    ".bl{flex:0 0 14em;overflow-wrap:anywhere}.bt{flex:1;background:#eef0f3;height:1em;border-radius:3px}"
    ".bf{display:block;height:100%;background:#0072B2;border-radius:3px}.bv{flex:0 0 4em;text-align:right}"
    "h2{margin-top:1.5em;border-bottom:1px solid #d0d4da}.muted{color:#5b6270}"
)


def _bars(rows: Iterable[tuple[str, float]], top: float, unit: str = "") -> str:
    """Return a static bar chart (plain HTML and CSS, no script) of labelled values, every label escaped."""
    out = []
    for label, value in rows:
        width = 0.0 if top <= 0 else max(0.0, min(100.0, 100.0 * value / top))
        out.append(
            f"<div class='bar'><span class='bl'>{html.escape(label)}</span>"
            f"<span class='bt'><span class='bf' style='width:{width:.1f}%'></span></span>"
            f"<span class='bv'>{html.escape(_cell(value))}{unit}</span></div>"
        )
    return f"<div class='bars' role='img'>{''.join(out)}</div>"


def report_period(records: Iterable[dict[str, Any]]) -> str:
    """Return the first and last day of the dated records ('2024-03-01 to 2024-05-30'), or '' without dates."""
    days = sorted(str(r["date"])[:10] for r in records if r.get("date"))
    if not days:
        return ""
    return days[0] if days[0] == days[-1] else f"{days[0]} to {days[-1]}"


def html_report(
    records: Iterable[dict[str, Any]],
    title: str = "Tone Coach review",
    phrases: int = 20,
    *,
    aliases: Mapping[str, str] | None = None,
    audience: str | None = None,
) -> str:
    """Return a self-contained HTML report (summary, categories, authors, frequent phrases, messages), all escaped."""
    records = list(records)
    summary = BatchSummary(aliases)
    for record in records:
        summary.add(record)
    counts = "".join(
        f"<div><b>{n}</b>{label}</div>"
        for label, n in (
            ("read", summary.read),
            ("analysed", summary.analysed),
            ("skipped", summary.skipped),
            ("with findings", summary.with_findings),
        )
    )
    total = sum(summary.categories.values()) or 1
    categories = _table(
        ["category", "findings", "share"],
        ((c, summary.categories.get(c, 0), f"{100 * summary.categories.get(c, 0) / total:.0f}%") for c in CATEGORIES),
        frozenset({1, 2}),
    )
    author_rows = author_table(records, aliases)
    authors = _table(
        ["author", "messages", "mean tone", *CATEGORIES],
        ((a["author"], a["messages"], a["tone"], *(a[c] for c in CATEGORIES)) for a in author_rows),
        frozenset(range(1, 3 + len(CATEGORIES))),
    )
    top = frequent_phrases(records, phrases)
    top_table = (
        _table(
            ["phrase", "times", "messages", "category", "rule", "why", "try instead"],
            (
                (p["phrase"], p["count"], p["messages"], p["category"], p["rule"], p["message"], p["suggestion"])
                for p in top
            ),
            frozenset({1, 2}),
        )
        if top
        else "<p class='muted'>No phrase was flagged.</p>"
    )
    message_rows = [{**csv_row(r), "author": author_of(r, aliases)} for r in records if "error" not in r]
    message_fields = ["author", *(k for k in CSV_FIELDS if k != "error")]
    messages = _table(
        message_fields,
        ([row[k] for k in message_fields] for row in message_rows),
        frozenset(range(5, 6 + len(CATEGORIES))),
    )
    period = report_period(records)
    about = " · ".join(
        p
        for p in (
            f"Period: {period}" if period else "",
            f"Written for: {audience}" if audience else "",
            f"{summary.read} items, {summary.analysed} analysed, {summary.skipped} skipped",
        )
        if p
    )
    errors = [(r["source"], r["error"]) for r in records if "error" in r]
    skipped = _table(["source", "reason"], errors) if errors else "<p class='muted'>None.</p>"
    return (
        "<!doctype html><html lang='en'><head><meta charset='utf-8'>"
        f"<title>{html.escape(title)}</title><style>{_REPORT_CSS}</style></head><body>"
        f"<header><h1>{html.escape(title)}</h1><p class='muted'>{html.escape(about)}</p>"
        f"<div class='counts'>{counts}</div></header>"
        f"<h2>Findings per category</h2>"
        f"{_bars(((c, summary.categories.get(c, 0)) for c in CATEGORIES), max(summary.categories.values(), default=0))}"
        f"{categories}"
        f"<h2>Per author</h2><p class='muted'>Tone is 0 to 100, higher is warmer; "
        f"counts are findings in the author's messages.</p>"
        f"{_bars(((a['author'], a['tone']) for a in author_rows if a['tone'] is not None), 100)}{authors}"
        f"<h2>Most frequent flagged phrases</h2>{top_table}"
        f"<h2>Messages</h2>{messages}"
        f"<h2>Unreadable items</h2>{skipped}"
        "</body></html>\n"
    )
