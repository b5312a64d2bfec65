"""Review records: one plain dict per message, their formats (jsonl, csv, html) and a batch summary.

The record is the contract `python -m coach review` prints and scripts depend
on (pinned in the README):
    {"source", "subject", "sender", "recipients", "date", "warnings",
     "findings": [Finding dicts], "scores": {...}}      for an analysed message
    {"source", ..., "error": "reason"}                  for one that could not be
"""
from __future__ import annotations

import csv
import html
import json
from collections import Counter, defaultdict
from typing import Any, Iterable, Iterator, TextIO

from .ingest import Message
from .report import CATEGORIES, SEVERITIES, Report

RECORD_FORMATS = ("jsonl", "csv", "html")
SEVERITY_RANK = {s: i for i, s in enumerate(SEVERITIES)}
CSV_FIELDS = ["source", "sender", "date", "subject", "tone", *CATEGORIES, "worst_finding", "error"]


def record_for(message: Message, report: Report | None, error: str | None = None) -> dict[str, Any]:
    """Return the review record for a message and its report (or the reason it has none)."""
    record: dict[str, Any] = {"source": message.source, "subject": message.subject,
                              "sender": message.sender, "recipients": list(message.recipients),
                              "date": message.date, "warnings": list(message.warnings)}
    if report is None:
        record["error"] = error or message.error or "not analysed"
        return record
    record["warnings"] += list(report.warnings)
    record["findings"] = [f.to_dict() for f in report.findings]
    record["scores"] = report.scores
    return record


def worst_finding(record: dict[str, Any]) -> dict[str, Any] | None:
    """Return the most severe finding of a record (first in the text on ties)."""
    findings = record.get("findings") or []
    return max(findings, key=lambda f: (SEVERITY_RANK.get(f["severity"], 0), -f["start"]), default=None)


def csv_row(record: dict[str, Any]) -> dict[str, Any]:
    """Return the flat CSV row of a record."""
    counts = (record.get("scores") or {}).get("counts", {})
    worst = worst_finding(record)
    return {"source": record["source"], "sender": record.get("sender") or "",
            "date": record.get("date") or "", "subject": record.get("subject") or "",
            "tone": (record.get("scores") or {}).get("tone", ""),
            **{c: counts.get(c, 0) if "findings" in record else "" for c in CATEGORIES},
            "worst_finding": f"{worst['category']}: {worst['text']}" if worst else "",
            "error": record.get("error", "")}


def write_records(records: Iterable[dict[str, Any]], fmt: str, out: TextIO) -> None:
    """Write records to out as jsonl, csv or a self-contained html report, streaming where it can."""
    if fmt == "jsonl":
        for record in records:
            out.write(json.dumps(record, ensure_ascii=False) + "\n")
    elif fmt == "csv":
        writer = csv.DictWriter(out, fieldnames=CSV_FIELDS)
        writer.writeheader()
        for record in records:
            writer.writerow(csv_row(record))
    elif fmt == "html":
        out.write(html_report(records))
    else:
        raise ValueError(f"unknown format {fmt!r}; choose one of {', '.join(RECORD_FORMATS)}")


class BatchSummary:
    """Count what a batch read, analysed and skipped, per category and per author."""

    def __init__(self) -> None:
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
        author = record.get("sender") or "(unknown)"
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
            lines.append(f"  {author[:32]:<32} {counts['messages']:>5} {tone} "
                         + " ".join(f"{counts.get(c, 0):>6}" for c in CATEGORIES))
        return "\n".join(lines)


def html_report(records: Iterable[dict[str, Any]]) -> str:
    """Return a self-contained HTML report of the records (every value escaped)."""
    summary = BatchSummary()
    rows = []
    for record in summary.track(records):
        row = csv_row(record)
        cells = "".join(f"<td>{html.escape(str(row[k]))}</td>" for k in CSV_FIELDS)
        rows.append(f"<tr>{cells}</tr>")
    head = "".join(f"<th>{html.escape(k)}</th>" for k in CSV_FIELDS)
    return ("<!doctype html><html><head><meta charset='utf-8'><title>Tone Coach review</title>"
            "<style>body{font-family:sans-serif;margin:2em}table{border-collapse:collapse}"
            "td,th{border:1px solid #ccc;padding:4px 8px;font-size:14px}th{background:#f3f3f3}"
            "pre{background:#fafafa;padding:1em}</style></head><body>"
            "<h1>Tone Coach review</h1>"
            f"<pre>{html.escape(summary.table())}</pre>"
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"
            "</body></html>\n")
