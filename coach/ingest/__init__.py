"""Read client mail from files, folders and uploads into plain-text Messages for the coach.

What it reads: .txt and .md (one message per file), .eml (one mail), .mbox (one
message per mail), Outlook .msg, .csv and .xlsx exports (one message per row),
and .zip archives of any of these (a zip inside a zip too). Every Message's
text is only what the writer wrote: quoted replies, forwarded mail and
signatures are removed (see quotes.py), so rude words in an earlier mail are
never held against the reply.

How, and with which libraries:
- the stdlib ``email`` package (policy.default) parses .eml and each mbox mail;
  mboxes are split on their "From " lines while streaming, because
  ``mailbox.mbox`` scans the whole file before giving the first mail and cannot
  read from a zip member or an upload;
- beautifulsoup4 turns HTML bodies into text (script and style dropped,
  blockquotes kept as "> " lines so quoted history is recognised);
- extract-msg reads Outlook .msg files; openpyxl reads .xlsx in read-only mode;
  the stdlib ``csv`` and ``zipfile`` do the rest.

Nothing raises out of iter_messages or read_bytes: an item that cannot be
read becomes a Message with ``error`` set and empty ``text``. Memory stays
bounded: .mbox, .csv and .zip are streamed item by item, and no single item
bigger than MAX_FILE_BYTES is held whole; archives stop at
MAX_ZIP_TOTAL_BYTES decompressed or MAX_ZIP_MEMBERS files (zip-bomb guards).
"""

from __future__ import annotations

import io
import os
from collections.abc import Collection, Iterable, Iterator
from pathlib import Path, PurePath

from .folders import walk
from .model import (
    MAX_FILE_BYTES,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_TOTAL_BYTES,
    SUPPORTED_SUFFIXES,
    Columns,
    Message,
    display_name,
    failed,
)
from .quotes import strip_quoted
from .readers import read_path, read_stream, unsupported_reason
from .text import decode_text, html_to_text

__all__ = [
    "MAX_FILE_BYTES",
    "MAX_ZIP_MEMBERS",
    "MAX_ZIP_TOTAL_BYTES",
    "SUPPORTED_SUFFIXES",
    "Message",
    "decode_text",
    "html_to_text",
    "iter_messages",
    "iter_paths",
    "read_bytes",
    "strip_quoted",
]


def iter_paths(paths: Iterable[str | os.PathLike[str]]) -> Iterator[Path]:
    """Yield files as given, and every supported file under given folders, in sorted order."""
    for given in paths:
        path = Path(given)
        if path.is_dir():
            yield from supported_files(path)
        else:
            yield path  # even if missing or unsupported: iter_messages reports why


def supported_files(folder: Path) -> list[Path]:
    """Return the supported regular files under folder, recursively, sorted by path (links not followed)."""
    return [entry.path for entry in walk(folder) if entry.reason is None]


def iter_messages(
    paths: Iterable[str | os.PathLike[str]],
    *,
    text_column: str | None = None,
    author_column: str | None = None,
    date_column: str | None = None,
    subject_column: str | None = None,
    skip: Collection[tuple[int, int]] = (),
) -> Iterator[Message]:
    """Yield a Message for every piece of mail in the given files and folders; never raise.

    Every entry of a folder is accounted for: read, or one error Message saying
    why not (unsupported type, link, pipe, hidden folder). skip holds
    (device, inode) pairs of files to leave out silently, such as the report
    being written into a reviewed folder.
    """
    columns = Columns(text_column, author_column, date_column, subject_column)
    for given in paths:
        path = Path(given)
        if path.is_dir():
            found = 0
            for entry in walk(path, skip):
                found += 1
                if entry.reason:
                    yield failed(display_name(entry.path), entry.reason)
                else:
                    yield from read_path(entry.path, columns, follow_links=False)
            if not found:
                yield failed(
                    display_name(path),
                    f"no supported files in this folder (looked for {', '.join(sorted(SUPPORTED_SUFFIXES))})",
                )
        else:
            yield from read_path(path, columns)


def read_bytes(
    name: str,
    data: bytes,
    *,
    text_column: str | None = None,
    author_column: str | None = None,
    date_column: str | None = None,
    subject_column: str | None = None,
) -> Iterator[Message]:
    """Yield the Messages of a file held in memory (e.g. an upload); name gives its type."""
    columns = Columns(text_column, author_column, date_column, subject_column)
    suffix = PurePath(name).suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield failed(name, unsupported_reason(suffix))
        return
    yield from read_stream(name, suffix, io.BytesIO(data), columns)
