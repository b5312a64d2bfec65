"""The team-review page's parts: read uploads into review records, tables and filters, charts, exports.

Processing is plain functions of (name, bytes) uploads so tests can call them
without a browser; the render_* functions draw one section each. Records are
the CLI's review records (coach.review), made by the same analyse_stream as the CLI,
so the page and `python -m coach review` agree message for message. Every
value that came from a message reaches the page as dataframe cells (plain
text), Markdown-escaped text or escaped HTML, never as raw HTML.
"""

from __future__ import annotations

import csv
import hashlib
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import PurePath
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from coach import CATEGORIES, Coach, Finding, Report
from coach.ingest import Message, decode_text, read_bytes
from coach.ingest.model import Columns
from coach.ingest.tables import check_workbook_size, find_layout
from coach.review import analyse_stream, author_of, csv_row, finding_rows, frequent_phrases, write_records

from .analysis import shared_coach
from .authors import current_aliases
from .message import md_escape
from .why import colour_for

UPLOAD_TYPES = ("txt", "md", "eml", "mbox", "msg", "csv", "xlsx", "zip")
TABLE_SUFFIXES = (".csv", ".xlsx")
MAX_UPLOAD_MB = 200  # a team's mailbox export; the engineer page sets its own 5 MB
BATCH, OPEN, TABLE, UPLOAD = "review_batch", "review_open", "review_table", "review_upload"
EXPORTS = {
    "csv": ("Messages (CSV)", "text/csv", "messages.csv"),
    "findings-csv": ("Findings (CSV)", "text/csv", "findings.csv"),
    "html": ("Report (HTML)", "text/html", "review.html"),
}
Progress = Callable[[int, int], None]


@dataclass
class Batch:
    """One review on the page: its records (the CLI contract) and the analysed text of each, if known."""

    name: str
    records: list[dict[str, Any]]
    texts: list[str | None] = field(default_factory=list)
    audience: str = "non-technical"
    duplicates: int = 0  # messages read more than once (same file twice, a mail in two exports), left out

    def report(self, row: int) -> Report | None:
        """Return the Report of record row, rebuilt from its findings and text (None without the text)."""
        record = self.records[row]
        text = self.texts[row] if row < len(self.texts) else None
        if "error" in record or not text:
            return None
        return Report(
            text=text,
            audience=self.audience,
            scores=record["scores"],
            findings=tuple(Finding(**f) for f in record["findings"]),
            warnings=tuple(record.get("warnings") or ()),
        )


# ---- reading and analysing uploads ----


def table_header(name: str, data: bytes) -> list[str]:
    """Return the header row of a .csv or .xlsx upload ([] for other types or an unreadable file)."""
    suffix = PurePath(name).suffix.lower()
    try:
        if suffix == ".csv":
            text, _ = decode_text(data[:65536])
            first = text.lstrip("\ufeff").split("\n", 1)[0]
            delimiter = max(",;\t|", key=first.count) if any(m in first for m in ",;\t|") else ","
            return [c.strip() for c in next(csv.reader([first], delimiter=delimiter), [])]
        if suffix == ".xlsx":
            import openpyxl

            check_workbook_size(data)  # a workbook that unpacks to 400 MB is refused before it is loaded
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
            try:
                for sheet in book.worksheets:
                    for row in sheet.iter_rows(values_only=True, max_row=1):
                        if any(cell not in (None, "") for cell in row):
                            return ["" if c is None else str(c).strip() for c in row]
            finally:
                book.close()
    except Exception:  # an unreadable table is reported by read_bytes when it is reviewed
        return []
    return []


def column_choices(name: str, data: bytes) -> list[str]:
    """Return the columns to choose the text from when a table's text column cannot be guessed, else []."""
    header = table_header(name, data)
    if not header:
        return []
    try:
        find_layout(header, Columns())
    except ValueError:
        return [c for c in header if c]
    return []


ReadProgress = Callable[[str, int, int], None]  # (what is being read, bytes read, bytes in all)
READ_REPORT_EVERY = 200  # messages between two read-progress updates inside one file


def message_digest(message: Message) -> str:
    """Return a digest naming one message by its sender, date, subject and text (not where it was found)."""
    parts = (message.sender or "", message.date or "", message.subject or "", " ".join(message.text.split()))
    return hashlib.sha256("\x1f".join(parts).encode("utf-8", "surrogatepass")).hexdigest()


def read_uploads(
    uploads: Iterable[tuple[str, bytes]],
    text_columns: dict[str, str] | None = None,
    on_read: ReadProgress | None = None,
) -> list[Message]:
    """Return the Messages in uploaded files (a text column chosen per table where given); never raise."""
    uploads = list(uploads)
    total = sum(len(data) for _, data in uploads) or 1
    done = 0
    messages: list[Message] = []
    for i, (name, data) in enumerate(uploads, 1):
        column = (text_columns or {}).get(name)
        where = f"file {i} of {len(uploads)}, {name}"
        for n, message in enumerate(read_bytes(name, data, text_column=column or None), 1):
            messages.append(message)
            if on_read is not None and n % READ_REPORT_EVERY == 0:
                on_read(f"Read {n:,} messages from {where}", done, total)
        done += len(data)
        if on_read is not None:
            on_read(f"Read {where} ({len(messages):,} messages so far)", done, total)
    return messages


def drop_duplicates(messages: Iterable[Message]) -> tuple[list[Message], int]:
    """Return the messages with repeats removed (the same file uploaded twice, a mail in two exports) and how many."""
    seen: set[str] = set()
    kept: list[Message] = []
    repeats = 0
    for message in messages:
        if message.error is None and message.text.strip():
            digest = message_digest(message)
            if digest in seen:
                repeats += 1
                continue
            seen.add(digest)
        kept.append(message)
    return kept, repeats


def review_uploads(
    uploads: Iterable[tuple[str, bytes]],
    coach: Coach,
    audience: str = "non-technical",
    *,
    text_columns: dict[str, str] | None = None,
    on_progress: Progress | None = None,
    on_read: ReadProgress | None = None,
    name: str = "Review",
) -> Batch:
    """Read and analyse uploads into a Batch (each message once), calling on_progress(done, total) per message."""
    messages, repeats = drop_duplicates(read_uploads(uploads, text_columns, on_read))
    batch = Batch(name=name, records=[], audience=audience, duplicates=repeats)
    for done, (message, record) in enumerate(zip(messages, analyse_stream(coach, iter(messages), audience)), 1):
        batch.records.append(record)
        batch.texts.append(None if "error" in record else message.text)
        if on_progress is not None:
            on_progress(done, len(messages))
    return batch


# ---- tables and filters ----


def messages_frame(records: Sequence[dict[str, Any]], aliases: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Return one row per analysed message: row, author, date, subject, tone, counts per category, worst."""
    rows = []
    for i, record in enumerate(records):
        if "error" in record:
            continue
        flat = csv_row(record)
        rows.append(
            {
                "row": i,
                "author": author_of(record, aliases),
                "date": record.get("date"),
                "subject": flat["subject"],
                "tone": flat["tone"],
                "findings": len(record["findings"]),
                **{c: flat[c] for c in CATEGORIES},
                "worst finding": flat["worst_finding"],
                "source": record["source"],
            }
        )
    columns = ["row", "author", "date", "subject", "tone", "findings", *CATEGORIES, "worst finding", "source"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["date"] = pd.to_datetime(frame["date"], utc=True, errors="coerce", format="ISO8601")
    frame["tone"] = pd.to_numeric(frame["tone"], errors="coerce")
    return frame


def skipped_frame(records: Sequence[dict[str, Any]]) -> pd.DataFrame:
    """Return the items that could not be analysed, with the reason for each."""
    return pd.DataFrame(
        [{"source": r["source"], "reason": r["error"]} for r in records if "error" in r], columns=["source", "reason"]
    )


def filter_messages(
    frame: pd.DataFrame,
    authors: Sequence[str] = (),
    categories: Sequence[str] = (),
    dates: tuple[date, date] | None = None,
) -> pd.DataFrame:
    """Keep messages by the given authors, with findings in any given category, dated within dates."""
    keep = pd.Series(True, index=frame.index)
    if authors:
        keep &= frame["author"].isin(list(authors))
    if categories:
        keep &= (frame[list(categories)] > 0).any(axis=1)
    if dates is not None:
        days = frame["date"].dt.date
        keep &= frame["date"].notna() & (days >= dates[0]) & (days <= dates[1])
    return frame[keep]


def findings_frame(
    records: Sequence[dict[str, Any]], rows: Iterable[int] | None = None, aliases: Mapping[str, str] | None = None
) -> pd.DataFrame:
    """Return one row per finding (of the given record rows, else all), with author and category."""
    chosen = records if rows is None else [records[i] for i in rows]
    data = [{**row, "author": author_of({"sender": row["sender"]}, aliases)} for row in finding_rows(chosen)]
    return pd.DataFrame(
        data,
        columns=[
            "author",
            "date",
            "subject",
            "category",
            "rule",
            "severity",
            "text",
            "message",
            "suggestion",
            "source",
        ],
    )


def phrases_frame(records: Sequence[dict[str, Any]], limit: int = 20) -> pd.DataFrame:
    """Return the most frequent flagged phrases with their rule and suggestion."""
    return pd.DataFrame(
        frequent_phrases(records, limit),
        columns=["phrase", "count", "messages", "category", "rule", "message", "suggestion"],
    )


# ---- charts ----


def category_chart(findings: pd.DataFrame) -> alt.Chart:
    """Return a bar chart of findings per category, in the page's category colours."""
    counts = findings.groupby("category").size().reindex(CATEGORIES, fill_value=0).reset_index(name="findings")
    scale = alt.Scale(domain=list(CATEGORIES), range=[colour_for(c) for c in CATEGORIES])
    return (
        alt.Chart(counts, title="Findings per category")
        .mark_bar()
        .encode(
            x=alt.X("findings:Q", title="findings"),
            y=alt.Y("category:N", sort=list(CATEGORIES), title=None),
            color=alt.Color("category:N", scale=scale, legend=None),
            tooltip=["category", "findings"],
        )
    )


def author_tone_chart(frame: pd.DataFrame) -> alt.Chart:
    """Return a bar chart of mean tone per author (0-100, higher is warmer)."""
    by_author = frame.groupby("author").agg(tone=("tone", "mean"), messages=("row", "size")).reset_index()
    return (
        alt.Chart(by_author, title="Tone by author")
        .mark_bar(color="#2f6f8f")
        .encode(
            x=alt.X("tone:Q", scale=alt.Scale(domain=[0, 100]), title="mean tone (0-100)"),
            y=alt.Y("author:N", sort="-x", title=None),
            tooltip=["author", alt.Tooltip("tone:Q", format=".1f"), "messages"],
        )
    )


TEAM_LINE = "Whole team"
LINES_SHOWN = 3  # authors drawn beside the team line when none is chosen: the lowest mean tone
LINE_COLOURS = ["#7a7a7a", "#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9"]  # Okabe-Ito


def time_chart_authors(frame: pd.DataFrame, chosen: Sequence[str] = ()) -> list[str]:
    """Return the authors drawn over time: the chosen ones, else the few with the lowest mean tone."""
    if chosen:
        return list(chosen)[: len(LINE_COLOURS) - 1]
    means = frame.dropna(subset=["date"]).groupby("author")["tone"].mean().sort_values(kind="stable")
    return list(means.index[:LINES_SHOWN]) if len(means) > 1 else []


def tone_over_time_chart(frame: pd.DataFrame, chosen: Sequence[str] = ()) -> alt.Chart:
    """Return the weekly mean tone of the whole team, with a line each for the chosen (or lowest-toned) authors."""
    dated = frame.dropna(subset=["date"]).assign(
        week=lambda f: f["date"].dt.tz_localize(None).dt.to_period("W").dt.start_time
    )
    team = dated.groupby("week").agg(tone=("tone", "mean"), messages=("row", "size")).reset_index()
    team["author"] = TEAM_LINE
    people = time_chart_authors(dated, chosen)
    per_author = (
        dated[dated["author"].isin(people)]
        .groupby(["week", "author"])
        .agg(tone=("tone", "mean"), messages=("row", "size"))
        .reset_index()
    )
    weekly = pd.concat([team, per_author], ignore_index=True)
    domain = [TEAM_LINE, *people]
    title = "Tone over time (weekly mean): the team" + (
        ", and the authors you chose" if chosen else f", and the {len(people)} lowest in tone" if people else ""
    )
    return (
        alt.Chart(weekly, title=title)
        .mark_line(point=True)
        .encode(
            x=alt.X("week:T", title="week"),
            y=alt.Y("tone:Q", scale=alt.Scale(domain=[0, 100]), title="tone"),
            color=alt.Color(
                "author:N", scale=alt.Scale(domain=domain, range=LINE_COLOURS[: len(domain)]), title="author"
            ),
            strokeDash=alt.StrokeDash("author:N", scale=alt.Scale(domain=domain), title="author"),
            strokeWidth=alt.condition(alt.datum.author == TEAM_LINE, alt.value(3.5), alt.value(2)),
            tooltip=["author", "week:T", alt.Tooltip("tone:Q", format=".1f"), "messages"],
        )
    )


def export_bytes(
    records: Iterable[dict[str, Any]],
    fmt: str,
    *,
    aliases: Mapping[str, str] | None = None,
    title: str = "Tone Coach review",
    audience: str | None = None,
) -> bytes:
    """Return records written in a format of coach.review (csv, findings-csv, html) as UTF-8 bytes."""
    out = io.StringIO(newline="")
    write_records(records, fmt, out, aliases=aliases, title=title, audience=audience)
    return out.getvalue().encode("utf-8")


# ---- sections of the page ----


def render_uploader() -> tuple[list[tuple[str, bytes]], dict[str, str]]:
    """Show the uploader (and a text-column chooser per table that needs one); return uploads and choices."""
    files = (
        st.file_uploader(
            "Drafts, mailbox exports or helpdesk spreadsheets",
            type=list(UPLOAD_TYPES),
            accept_multiple_files=True,
            key=UPLOAD,
            max_upload_size=MAX_UPLOAD_MB,
            help="txt, md, eml, mbox, msg, csv, xlsx, or a zip of any of these",
        )
        or []
    )
    uploads = [(f.name, f.getvalue()) for f in files]
    columns: dict[str, str] = {}
    for name, data in uploads:
        if PurePath(name).suffix.lower() in TABLE_SUFFIXES and (choices := column_choices(name, data)):
            columns[name] = st.selectbox(
                f"Which column of {md_escape(name)} holds the message text?",
                choices,
                index=None,
                placeholder="Choose the text column",
                key=f"review_column_{name}",
            )
    return uploads, columns


def run_review(uploads: list[tuple[str, bytes]], columns: dict[str, str], audience: str) -> Batch:
    """Analyse uploads with a progress bar updated per message, and return the batch."""
    total_mb = sum(len(data) for _, data in uploads) / 1e6
    bar = st.progress(0.0, text=f"Reading {len(uploads)} file(s), {total_mb:,.1f} MB…")

    def reading(what: str, done: int, total: int) -> None:
        # Reading is the first fifth of the bar, analysing the rest.
        bar.progress(0.2 * done / total, text=md_escape(f"{what} · {done / 1e6:,.1f} of {total / 1e6:,.1f} MB read"))

    def progress(done: int, total: int) -> None:
        bar.progress(0.2 + 0.8 * done / total, text=f"Analysed {done:,} of {total:,} messages")

    names = ", ".join(name for name, _ in uploads[:3]) + (" …" if len(uploads) > 3 else "")
    batch = review_uploads(
        uploads,
        shared_coach(),
        audience,
        text_columns=columns,
        on_progress=progress,
        on_read=reading,
        name=names or "Review",
    )
    bar.empty()
    return batch


def render_summary(batch: Batch) -> None:
    """Show how many items were read, analysed and skipped, and why any were skipped."""
    skipped = skipped_frame(batch.records)
    read, analysed = len(batch.records), len(batch.records) - len(skipped)
    a, b, c = st.columns(3)
    a.metric("Read", read)
    b.metric("Analysed", analysed)
    c.metric("Skipped", len(skipped))
    if batch.duplicates:
        st.info(
            f"{batch.duplicates:,} repeated message(s) left out: the same mail appeared more than once "
            "(a file uploaded twice, or one mail in two exports), so it is counted once."
        )
    if len(skipped):
        with st.expander(f"Unreadable or empty items ({len(skipped)})", expanded=analysed == 0):
            st.dataframe(skipped, hide_index=True, width="stretch")


def render_filters(frame: pd.DataFrame) -> pd.DataFrame:
    """Show author, category and date filters and return the messages they keep."""
    left, mid, right = st.columns([2, 2, 2])
    authors = left.multiselect("Authors", sorted(frame["author"].unique(), key=str.casefold), key="review_authors")
    categories = mid.multiselect("With findings in", CATEGORIES, key="review_categories")
    dates = None
    known = frame["date"].dropna()
    if len(known):
        first, last = known.min().date(), known.max().date()
        chosen = right.date_input("Dates", (first, last), min_value=first, max_value=last, key="review_dates")
        if isinstance(chosen, (tuple, list)) and len(chosen) == 2 and tuple(chosen) != (first, last):
            dates = (chosen[0], chosen[1])
    return filter_messages(frame, authors, categories, dates)


def open_selected_row() -> None:
    """Open the message of the table row the user selected (the table's on_select callback)."""
    selection = st.session_state[TABLE].selection.rows
    shown = st.session_state.get("review_shown_rows", [])
    if selection and selection[0] < len(shown):
        st.session_state[OPEN] = shown[selection[0]]


SORTABLE = {
    "tone": "Tone (lowest first)",
    "findings": "Findings (most first)",
    "date": "Date (newest first)",
    "author": "Author (A to Z)",
    "subject": "Subject (A to Z)",
}


def sort_messages(frame: pd.DataFrame, column: str, flip: bool = False) -> pd.DataFrame:
    """Return messages sorted the way SORTABLE names each column (flip reverses it); unknown columns keep order."""
    if column not in frame.columns:
        return frame
    ascending = column in ("tone", "author", "subject")
    if column in ("author", "subject"):
        key: Any = lambda s: s.fillna("").astype(str).str.casefold()  # noqa: E731
    else:
        key = None
    return frame.sort_values(column, ascending=ascending != flip, kind="stable", na_position="last", key=key)


def render_sort(frame: pd.DataFrame) -> pd.DataFrame:
    """Show a keyboard-friendly sort control for the table and return the sorted messages."""
    left, right = st.columns([3, 1], vertical_alignment="bottom")
    column = left.selectbox("Sort messages by", list(SORTABLE), format_func=SORTABLE.__getitem__, key="review_sort")
    flip = right.toggle("Reverse", key="review_sort_reverse")
    return sort_messages(frame, column, flip)


def render_table(shown: pd.DataFrame) -> None:
    """Show the filtered messages; selecting a row opens it beside the table."""
    st.session_state["review_shown_rows"] = shown["row"].tolist()
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        key=TABLE,
        on_select=open_selected_row,
        selection_mode="single-row",
        column_order=[c for c in shown.columns if c != "row"],
        column_config={
            "date": st.column_config.DatetimeColumn("date", format="YYYY-MM-DD HH:mm"),
            "tone": st.column_config.NumberColumn("tone", format="%.1f"),
        },
    )


def render_charts(batch: Batch, shown: pd.DataFrame) -> None:
    """Show findings per category, tone by author, tone over time and the most frequent flagged phrases."""
    findings = findings_frame(batch.records, shown["row"], current_aliases())
    left, right = st.columns(2)
    left.altair_chart(category_chart(findings), width="stretch")
    right.altair_chart(author_tone_chart(shown), width="stretch")
    if shown["date"].notna().any():
        st.altair_chart(tone_over_time_chart(shown, st.session_state.get("review_authors") or ()), width="stretch")
    st.subheader("Most frequent flagged phrases")
    phrases = phrases_frame([batch.records[i] for i in shown["row"]])
    if phrases.empty:
        st.caption("No phrase was flagged in these messages.")
    else:
        st.dataframe(phrases, hide_index=True, width="stretch")


def render_exports(batch: Batch) -> None:
    """Offer the messages CSV, the findings CSV and the self-contained HTML report for download."""
    for column, (fmt, (label, mime, filename)) in zip(st.columns(len(EXPORTS)), EXPORTS.items()):
        column.download_button(
            label,
            export_bytes(
                batch.records,
                fmt,
                aliases=current_aliases(),
                title=f"Tone Coach review: {batch.name}",
                audience=batch.audience,
            ),
            file_name=filename,
            mime=mime,
            key=f"review_export_{fmt}",
            on_click="ignore",
        )
