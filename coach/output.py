"""Write an output file so that a failed or interrupted run never destroys the one already there."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TextIO


def file_id(path: str | os.PathLike[str]) -> tuple[int, int] | None:
    """Return (device, inode) of an existing file, None when there is none."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return None
    return status.st_dev, status.st_ino


def same_file(one: str | os.PathLike[str], two: str | os.PathLike[str]) -> bool:
    """Tell whether two paths name the same file (links and relative paths resolved)."""
    first, second = file_id(one), file_id(two)
    if first and second:
        return first == second
    return Path(one).resolve() == Path(two).resolve()


def _new_file_mode() -> int:
    """Return the permission bits a new file gets under the current umask."""
    mask = os.umask(0)
    os.umask(mask)
    return 0o666 & ~mask


@contextlib.contextmanager
def atomic_output(path: Path) -> Iterator[tuple[TextIO, Path]]:
    """Yield (stream, temporary path) for writing path; rename into place on success, remove on failure.

    The temporary file is created at once in path's folder, so an unwritable
    destination fails before any work is done.
    """
    folder = path.parent if str(path.parent) else Path(".")
    try:
        handle, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=folder)
    except OSError as exc:
        raise OSError(exc.errno, f"cannot write {path}: {exc.strerror or exc}") from None
    temporary = Path(name)
    try:
        with open(handle, "w", encoding="utf-8", newline="") as stream:
            os.chmod(temporary, os.stat(path).st_mode & 0o777 if path.exists() else _new_file_mode())
            yield stream, temporary
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, path)
    except BaseException:
        with contextlib.suppress(OSError):
            temporary.unlink()
        raise
