"""Read spreadsheets: one Message per row of a .csv (streamed) or .xlsx (openpyxl, read-only)."""

from __future__ import annotations

import csv
import io
import re
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from email.utils import parsedate_to_datetime
from typing import BinaryIO

from . import model
from .mail import message_from_text
from .model import Columns, Message, failed
from .text import REPLACED_WARNING, SNIFF_BYTES, choose_encoding, html_to_text, unescape_cp1252

TEXT_NAMES = (
    "body",
    "text",
    "message",
    "content",
    "description",
    "reply",
    "response",
    "comment",
    "comments",
    "email body",
    "message body",
)
AUTHOR_NAMES = (
    "author",
    "from",
    "sender",
    "from address",
    "requester",
    "requester email",
    "agent",
    "assignee",
    "engineer",
    "technician",
    "owner",
    "written by",
    "created by",
)
DATE_NAMES = ("date", "sent", "sent at", "created", "created at", "timestamp")
SUBJECT_NAMES = ("subject", "title", "summary")
_NOT_TEXT_WORDS = {"id", "date", "type", "count", "number", "no", "status", "subject", "length"}
_HTML_HINT = re.compile(r"<(html|body|p|div|br|span|table|font)\b", re.IGNORECASE)
_SURROGATES = re.compile("[\udc80-\udcff]")


@dataclass(frozen=True, slots=True)
class Layout:
    """Where the text, author, date and subject sit in a row (column positions)."""

    names: tuple[str, ...]
    text: int
    author: int | None = None
    date: int | None = None
    subject: int | None = None


def find_layout(header: Sequence[object], columns: Columns) -> Layout:
    """Map the wanted columns onto a header row; raise ValueError naming the columns when one is missing."""
    names = tuple(_cell_text(name) for name in header)
    text = _named(names, columns.text) if columns.text else _guess_text_column(names)
    if text is None:
        raise ValueError(f"no text column found: name one with text_column; the columns are: {_listing(names)}")
    return Layout(
        names=names,
        text=text,
        author=_named(names, columns.author) if columns.author else _exact(names, AUTHOR_NAMES),
        date=_named(names, columns.date) if columns.date else _exact(names, DATE_NAMES),
        subject=_named(names, columns.subject) if columns.subject else _exact(names, SUBJECT_NAMES),
    )


def _named(names: Sequence[str], wanted: str) -> int:
    """Return the position of the column called wanted (any case); raise ValueError if there is none."""
    position = _exact(names, (wanted,))
    if position is None:
        raise ValueError(f"no column named {wanted!r}; the columns are: {_listing(names)}")
    return position


def _exact(names: Sequence[str], candidates: Sequence[str]) -> int | None:
    """Return the position of the first candidate that is a column name (any case), if any."""
    folded = [name.strip().casefold() for name in names]
    for candidate in candidates:
        if candidate.casefold() in folded:
            return folded.index(candidate.casefold())
    return None


def _guess_text_column(names: Sequence[str]) -> int | None:
    """Return the column that most likely holds the text: 'Body', else e.g. 'Email Body'."""
    exact = _exact(names, TEXT_NAMES)
    if exact is not None:
        return exact
    for wanted in TEXT_NAMES:
        for position, name in enumerate(names):
            words = set(re.findall(r"[a-z]+", name.casefold()))
            if wanted in words and not words & _NOT_TEXT_WORDS:
                return position
    return None


def _listing(names: Sequence[str]) -> str:
    """Return column names as a readable list."""
    return ", ".join(repr(name) for name in names) or "(none)"


def row_message(source: str, row: Sequence[object], layout: Layout, warnings: Iterable[str] = ()) -> Message | None:
    """Turn one data row into a Message; None for a row with nothing in it."""
    cells = [_cell_text(value) for value in row]
    if not any(cells):
        return None
    notes = list(warnings)
    text = _at(cells, layout.text) or ""
    if not text:
        return failed(source, f"no text in column {layout.names[layout.text]!r}", tuple(notes))
    if _HTML_HINT.search(text):
        text = html_to_text(text)
    return message_from_text(
        source,
        text,
        notes,
        sender=_at(cells, layout.author),
        subject=_at(cells, layout.subject),
        date=_row_date(row, layout.date, notes),
    )


def _at(cells: Sequence[str], position: int | None) -> str | None:
    """Return the cell at position, or None when there is no such column or it is empty."""
    if position is None or position >= len(cells):
        return None
    return cells[position] or None


def _cell_text(value: object) -> str:
    """Return a cell as trimmed text."""
    if value is None:
        return ""
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    return str(value).strip()


def _row_date(row: Sequence[object], position: int | None, notes: list[str]) -> str | None:
    """Return the row's date as ISO 8601, noting a date that cannot be read."""
    if position is None or position >= len(row) or row[position] in (None, ""):
        return None
    value = row[position]
    if isinstance(value, (datetime, date)):
        return value.isoformat()
    raw = _cell_text(value)
    for parse in (datetime.fromisoformat, parsedate_to_datetime):
        try:
            return parse(raw).isoformat()
        except (TypeError, ValueError, IndexError):
            continue
    notes.append(f"could not read the date {raw!r}")
    return None


# --- .csv ------------------------------------------------------------------


def read_csv(source: str, stream: BinaryIO, columns: Columns) -> Iterator[Message]:
    """Yield one Message per row of a CSV file, streaming it row by row.

    A cell may be as big as one file may be (MAX_FILE_BYTES), far past csv's
    default 131,072 characters, which stopped the file at the first long cell
    and dropped every row after it; a row whose text is over the analysis
    limit gets its own record saying so.
    """
    if csv.field_size_limit() < model.MAX_FILE_BYTES:
        csv.field_size_limit(model.MAX_FILE_BYTES)
    sample = stream.read(SNIFF_BYTES)
    if not sample.strip():
        yield failed(source, "no rows to read: the file is empty")
        return
    codec, warnings = choose_encoding(sample, complete=len(sample) < SNIFF_BYTES)
    warnings = [w for w in warnings if w != REPLACED_WARNING]  # noted per row, where it happens
    errors = "surrogateescape" if codec in ("utf-8", "cp1252") else "replace"
    raw = io.BufferedReader(_Prefixed(sample, stream))
    with io.TextIOWrapper(raw, encoding=codec, errors=errors, newline="") as text:
        rows = csv.reader(text, delimiter=_delimiter(sample, codec))
        header = next(rows, [])
        layout = find_layout(_fix_cells(header, codec, []), columns)
        for number, row in enumerate(rows, start=2):
            notes = list(warnings)
            message = row_message(f"{source}#row{number}", _fix_cells(row, codec, notes), layout, dict.fromkeys(notes))
            if message is not None:
                yield message


def _delimiter(sample: bytes, codec: str) -> str:
    """Guess the delimiter from the header line: comma, semicolon, tab or pipe."""
    first_line = sample.decode(codec, errors="ignore").lstrip("\ufeff").split("\n", 1)[0]
    counts = {mark: first_line.count(mark) for mark in ",;\t|"}
    best = max(counts, key=lambda mark: counts[mark])
    return best if counts[best] else ","


def _fix_cells(row: Sequence[str], codec: str, notes: list[str]) -> list[str]:
    """Undo surrogate escapes: U+FFFD for bad UTF-8 (with a warning), Latin-1 for cp1252."""
    if codec == "cp1252":
        return [unescape_cp1252(cell) for cell in row]
    if any(_SURROGATES.search(cell) for cell in row):
        notes.append(REPLACED_WARNING)
        return [_SURROGATES.sub("\ufffd", cell) for cell in row]
    return list(row)


class _Prefixed(io.RawIOBase):
    """A raw stream that gives back already-read bytes before the rest of another stream."""

    def __init__(self, prefix: bytes, rest: BinaryIO) -> None:
        self._prefix = memoryview(prefix)
        self._rest = rest

    def readable(self) -> bool:
        """Say the stream can be read."""
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        """Fill buffer from the prefix first, then from the rest of the stream."""
        if self._prefix:
            count = min(len(buffer), len(self._prefix))
            buffer[:count] = self._prefix[:count]
            self._prefix = self._prefix[count:]
            return count
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


# --- .xlsx -----------------------------------------------------------------


def check_workbook_size(data: bytes) -> None:
    """Raise TooLargeError when an .xlsx would unpack past the limits; read only its zip directory.

    An .xlsx is a zip: 885 KB of shared strings can unpack to 400 MB, which
    openpyxl holds in memory. The declared sizes are checked first, as for
    zips (zipfile never unpacks more than a member declares).
    """
    with zipfile.ZipFile(io.BytesIO(data)) as book:
        unpacked = sum(info.file_size for info in book.infolist())
    if unpacked > model.MAX_XLSX_UNPACKED_BYTES:
        raise model.TooLargeError(
            f"too large: the workbook unpacks to {model.megabytes(unpacked)}, more than the "
            f"{model.megabytes(model.MAX_XLSX_UNPACKED_BYTES)} limit for a spreadsheet (MAX_XLSX_UNPACKED_BYTES)"
        )
    ratio = unpacked / max(1, len(data))
    if unpacked > model.XLSX_RATIO_FLOOR_BYTES and ratio > model.MAX_XLSX_RATIO:
        raise model.TooLargeError(
            f"refused: the workbook unpacks to {ratio:.0f} times its size, more than {model.MAX_XLSX_RATIO} "
            "(zip-bomb guard, MAX_XLSX_RATIO)"
        )


def read_xlsx(source: str, data: bytes, columns: Columns) -> Iterator[Message]:
    """Yield one Message per row of every non-empty sheet of an .xlsx workbook."""
    import openpyxl  # imported late: only spreadsheets need it

    check_workbook_size(data)
    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        sheets = book.worksheets
        for sheet in sheets:
            prefix = f"{source}#" if len(sheets) == 1 else f"{source}#{sheet.title}!"
            yield from _read_sheet(prefix, sheet.iter_rows(values_only=True), columns)
    finally:
        book.close()


def _read_sheet(prefix: str, rows: Iterator[Sequence[object]], columns: Columns) -> Iterator[Message]:
    """Yield the Messages of one sheet; an empty sheet yields nothing."""
    header = next(rows, None)
    if header is None or not any(_cell_text(cell) for cell in header):
        return
    try:
        layout = find_layout(header, columns)
    except ValueError as exc:
        yield failed(prefix.rstrip("#!"), str(exc))
        return
    for number, row in enumerate(rows, start=2):
        message = row_message(f"{prefix}row{number}", row, layout)
        if message is not None:
            yield message
