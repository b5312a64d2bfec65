"""Send each file, upload or archive member to the reader for its type, turning failures into Messages."""

from __future__ import annotations

import csv
import io
import os
import stat
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

from . import model
from .archive import Budget, new_budget, read_zip
from .folders import special_reason, unsupported_reason
from .mail import message_from_text, read_eml, read_mbox, read_msg
from .model import Columns, Message, TooLargeError, describe, display_name, failed, too_large_reason
from .tables import read_csv, read_xlsx
from .text import decode_text, html_to_text, looks_like_html

WHOLE_FILE_SUFFIXES = frozenset({".txt", ".md", ".eml", ".msg", ".xlsx"})


__all__ = ["read_path", "read_stream", "unsupported_reason"]


def read_path(path: Path, columns: Columns, *, follow_links: bool = True) -> Iterator[Message]:
    """Yield the Messages of one regular file on disk; never raise, never block on a pipe.

    follow_links=False (for files found inside folders) refuses a symbolic link
    even if one replaced the file after the folder was listed.
    """
    source, suffix = display_name(path), path.suffix.lower()
    if not os.path.lexists(path):
        yield failed(source, "file not found")
        return
    if suffix not in model.SUPPORTED_SUFFIXES:
        yield failed(source, unsupported_reason(suffix))
        return
    try:
        stream, size = _open_regular(path, follow_links)
    except _NotRegular as exc:
        yield failed(source, str(exc))
        return
    except OSError as exc:
        yield failed(source, _os_reason(exc))
        return
    with stream:
        if suffix in WHOLE_FILE_SUFFIXES and size > model.MAX_FILE_BYTES:
            yield failed(source, too_large_reason(model.MAX_FILE_BYTES))
            return
        yield from read_stream(source, suffix, stream, columns)


class _NotRegular(Exception):
    """The path is a pipe, socket, device or (when links are not followed) a symbolic link."""


def _open_regular(path: Path, follow_links: bool) -> tuple[BinaryIO, int]:
    """Open a regular file for reading without blocking (a FIFO opened for reading waits for a writer)."""
    flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0)
    if not follow_links:
        flags |= getattr(os, "O_NOFOLLOW", 0)
    try:
        handle = os.open(path, flags)
    except OSError as exc:
        if not follow_links and os.path.islink(path):
            raise _NotRegular("skipped: a symbolic link (links inside folders are not followed)") from None
        raise exc
    status = os.fstat(handle)
    if not stat.S_ISREG(status.st_mode):
        os.close(handle)
        raise _NotRegular(special_reason(status.st_mode))
    return os.fdopen(handle, "rb"), status.st_size


def read_stream(
    source: str, suffix: str, stream: BinaryIO, columns: Columns, depth: int = 0, budget: Budget | None = None
) -> Iterator[Message]:
    """Yield the Messages of one readable item; failures become error Messages for source."""
    count = 0
    try:
        for message in _dispatch(source, suffix, stream, columns, depth, budget):
            count += 1
            yield message
    except Exception as exc:  # the promise: errors never escape iter_messages
        reason = _reason(exc, suffix)
        yield failed(source, f"stopped after {count} item(s): {reason}" if count else reason)
        return
    if count == 0:
        yield failed(source, "nothing to analyse: no messages found in it")


def _dispatch(
    source: str, suffix: str, stream: BinaryIO, columns: Columns, depth: int, budget: Budget | None
) -> Iterator[Message]:
    """Call the reader for suffix."""
    if suffix == ".mbox":
        yield from read_mbox(source, stream)
    elif suffix == ".csv":
        yield from read_csv(source, stream, columns)
    elif suffix == ".zip":
        archive = stream if stream.seekable() else io.BytesIO(read_capped(stream))
        yield from read_zip(source, archive, columns, depth, budget or new_budget(), read_stream)
    elif suffix in WHOLE_FILE_SUFFIXES:
        yield from _read_whole(source, suffix, read_capped(stream), columns)
    else:
        yield failed(source, unsupported_reason(suffix))


def _read_whole(source: str, suffix: str, data: bytes, columns: Columns) -> Iterator[Message]:
    """Yield the Messages of a file that is read whole."""
    if not data:
        yield failed(source, "nothing to analyse: the file is empty")
    elif suffix == ".eml":
        yield read_eml(source, data)
    elif suffix == ".msg":
        yield read_msg(source, data)
    elif suffix == ".xlsx":
        yield from read_xlsx(source, data, columns)
    else:
        text, warnings = decode_text(data)
        if looks_like_html(text):
            text, warnings = html_to_text(text), [*warnings, "HTML turned into plain text before analysis"]
        yield message_from_text(source, text, warnings)


def read_capped(stream: BinaryIO) -> bytes:
    """Read a whole stream, raising TooLargeError past MAX_FILE_BYTES."""
    data = stream.read(model.MAX_FILE_BYTES + 1)
    if len(data) > model.MAX_FILE_BYTES:
        raise TooLargeError(too_large_reason(model.MAX_FILE_BYTES))
    return data


def _os_reason(exc: OSError) -> str:
    """Return why a file could not be opened, in plain words."""
    if isinstance(exc, FileNotFoundError):
        return "file not found"
    if isinstance(exc, PermissionError):
        return "permission denied: the file cannot be opened"
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a file"
    return f"cannot open the file ({exc.strerror or describe(exc)})"


def _reason(exc: Exception, suffix: str) -> str:
    """Return why reading failed, in plain words."""
    if isinstance(exc, (TooLargeError, ValueError)) and not isinstance(exc, UnicodeError):
        if isinstance(exc, ValueError) and suffix == ".xlsx":
            return f"not a readable .xlsx workbook ({describe(exc)})"
        return str(exc)
    if isinstance(exc, zipfile.BadZipFile):
        kind = "workbook" if suffix == ".xlsx" else "zip data"
        return f"corrupt or truncated {kind} ({describe(exc)})"
    if isinstance(exc, NotImplementedError):
        return f"cannot be unpacked: {describe(exc)}"
    if isinstance(exc, csv.Error):
        return f"not a readable CSV file ({describe(exc)})"
    if isinstance(exc, OSError):
        return _os_reason(exc)
    return f"could not be read ({type(exc).__name__}: {describe(exc)})"
