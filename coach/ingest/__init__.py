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
from collections.abc import Iterable, Iterator
from pathlib import Path, PurePath

from .model import (
    MAX_FILE_BYTES,
    MAX_ZIP_MEMBERS,
    MAX_ZIP_TOTAL_BYTES,
    SUPPORTED_SUFFIXES,
    Columns,
    Message,
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
    """Return the supported files under folder, recursively, sorted by path (links not followed)."""
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs.sort()
        found += [Path(root, name) for name in files if Path(name).suffix.lower() in SUPPORTED_SUFFIXES]
    return sorted(found, key=lambda path: path.parts)


def iter_messages(
    paths: Iterable[str | os.PathLike[str]],
    *,
    text_column: str | None = None,
    author_column: str | None = None,
    date_column: str | None = None,
    subject_column: str | None = None,
) -> Iterator[Message]:
    """Yield a Message for every piece of mail in the given files and folders; never raise."""
    columns = Columns(text_column, author_column, date_column, subject_column)
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = supported_files(path)
            if not files:
                yield failed(
                    str(path), f"no supported files in this folder (looked for {', '.join(sorted(SUPPORTED_SUFFIXES))})"
                )
            for file in files:
                yield from read_path(file, columns)
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
