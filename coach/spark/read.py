"""Read one planned unit on an executor into Messages, with local mode's own readers.

A whole file goes through ``read_path``; a run of zip members through the
archive reader's per-member function; an mbox range through ``read_mbox`` on
a stream bounded to the range, its mails renumbered from the range's first
number. So a record from Spark is built from exactly the Message local mode
builds. scan_mbox_range finds where mails start in a raw byte range, deciding
each line the way the streaming mbox splitter does (a 'From ' line after a
blank line; past the first mail, one with a time in it).

The helpers imported with a leading underscore are the ingest package's own
per-member, per-line and error-wording functions: calling them, rather than
copies, is what keeps Spark's records identical to local mode's.
"""

from __future__ import annotations

import zipfile
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import BinaryIO

from ..ingest.archive import _is_user_file, _read_one, new_budget
from ..ingest.mail import _LINE_CHUNK, _is_separator, read_mbox
from ..ingest.model import Columns, Message, failed
from ..ingest.readers import _reason, read_path, read_stream
from .plan import ERROR, FILE, MBOX, ZIP, Unit

__all__ = ["read_unit", "scan_mbox_range"]


def read_unit(unit: Unit, columns: Columns) -> Iterator[tuple[Message, bool]]:
    """Yield (message, fatal) for a unit; fatal marks the error that stopped a zip run, as it stops locally."""
    if unit.kind == ERROR:
        yield failed(unit.source, unit.error), False
    elif unit.kind == FILE:
        for message in read_path(Path(unit.path), columns):
            yield _renamed(message, unit), False
    elif unit.kind == ZIP:
        yield from _read_zip_run(unit, columns)
    elif unit.kind == MBOX:
        yield from _read_mbox_range(unit)
    else:
        raise ValueError(f"unit {unit.kind!r} is not readable (mbox ranges are indexed first)")


def _renamed(message: Message, unit: Unit) -> Message:
    """Return the message named from the source as given, not the absolute path that was opened."""
    if unit.path != unit.source and message.source.startswith(unit.path):
        return replace(message, source=unit.source + message.source[len(unit.path) :])
    return message


def _read_zip_run(unit: Unit, columns: Columns) -> Iterator[tuple[Message, bool]]:
    """Yield the messages of members start..stop of a zip; an error that escapes a member stops the run."""
    try:
        with zipfile.ZipFile(unit.path) as archive:
            members = [info for info in archive.infolist() if _is_user_file(info)]
            budget = new_budget()  # planning kept runs well below the limit, so one budget per run is exact
            for info in members[unit.start : unit.stop]:
                item = f"{unit.source}!{info.filename}"
                for message in _read_one(archive, info, item, columns, 0, budget, read_stream):
                    yield message, False
    except Exception as exc:  # what read_stream does for the whole archive locally
        yield failed(unit.source, _reason(exc, ".zip")), True


def _read_mbox_range(unit: Unit) -> Iterator[tuple[Message, bool]]:
    """Yield the mails of an mbox range, numbered from the range's first mail."""
    prefix = f"{unit.source}#"
    try:
        with open(unit.path, "rb") as raw:
            raw.seek(unit.start)
            stream = _Bounded(raw, unit.stop - unit.start)
            for offset, message in enumerate(read_mbox(unit.source, stream)):  # type: ignore[arg-type]
                yield replace(message, source=f"{prefix}{unit.number + offset}"), False
    except Exception as exc:
        yield failed(unit.source, _reason(exc, ".mbox")), True


class _Bounded:
    """A byte stream that ends after limit bytes (only readline, which the mbox splitter uses)."""

    def __init__(self, stream: BinaryIO, limit: int) -> None:
        self._stream = stream
        self._left = limit

    def readline(self, size: int = -1) -> bytes:
        """Read one line, or size bytes of it, never past the limit."""
        if self._left <= 0:
            return b""
        line = self._stream.readline(self._left if size < 0 else min(size, self._left))
        self._left -= len(line)
        return line


def scan_mbox_range(path: str, start: int, stop: int) -> tuple[int, int]:
    """Return (offset of the first mail starting in [start, stop), how many start there); -1 when none."""
    first, count = -1, 0
    with open(path, "rb") as stream:
        if start == 0:
            positions = _mail_starts_from_top(stream, stop)
        else:
            stream.seek(_line_start_before(stream, start))
            positions = _mail_starts(stream, start, stop)
        for position in positions:
            if first < 0:
                first = position
            count += 1
    return first, count


def _mail_starts_from_top(stream: BinaryIO, stop: int) -> Iterator[int]:
    """Yield where mails start before stop, from the top of the file (leading blank lines skipped)."""
    at_line_start, previous_blank, started = True, True, False
    while True:
        position = stream.tell()
        if position >= stop:
            return
        chunk = stream.readline(_LINE_CHUNK)
        if not chunk:
            return
        if not started and not chunk.strip():
            continue
        if at_line_start and previous_blank and _is_separator(chunk, started):
            started = True
            yield position
        elif not started:
            return  # not an mbox; planning only splits files whose first line is a 'From ' line
        at_line_start = chunk.endswith(b"\n")
        previous_blank = at_line_start and not chunk.strip()


def _mail_starts(stream: BinaryIO, start: int, stop: int) -> Iterator[int]:
    """Yield where mails start in [start, stop), reading from a line start at or before start."""
    at_line_start, previous_blank = True, False
    while True:
        position = stream.tell()
        if position >= stop:
            return
        chunk = stream.readline(_LINE_CHUNK)
        if not chunk:
            return
        if position >= start and at_line_start and previous_blank and _is_separator(chunk, True):
            yield position
        at_line_start = chunk.endswith(b"\n")
        previous_blank = at_line_start and not chunk.strip()


def _line_start_before(stream: BinaryIO, start: int) -> int:
    """Return the offset where the line holding byte start - 1 begins (so the line before start is seen whole)."""
    end = start - 1  # the line holding this byte ends at or after it
    block = 64 * 1024
    while end > 0:
        lo = max(0, end - block)
        stream.seek(lo)
        data = stream.read(end - lo)
        newline = data.rfind(b"\n")
        if newline >= 0:
            return lo + newline + 1
        end = lo
    return 0
