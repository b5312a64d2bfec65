"""Walk folders for mail: every entry is read or accounted for; links and special files are never opened.

- Regular files with a supported suffix are read; other regular files become
  a skipped item naming their type.
- Symbolic links inside a folder (to files or folders) are not followed: each
  becomes a skipped item, so a link to /etc/passwd is never read.
- Named pipes, sockets and devices are never opened (a FIFO would block the
  run forever): each becomes a skipped item.
- Hidden folders (.git, .svn) become one skipped item each, not walked.
- Operating-system litter (macOS ._* resource forks and .DS_Store,
  __MACOSX, Thumbs.db, desktop.ini) is not mail and not counted, as in zips.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from pathlib import Path

from . import model

SYSTEM_FILES = frozenset({".DS_Store", "Thumbs.db", "desktop.ini", "__MACOSX"})
LINK_REASON = "skipped: a symbolic link (links inside folders are not followed)"
HIDDEN_REASON = "skipped: hidden folder (folders whose names start with '.' are not read)"


@dataclass(frozen=True, slots=True)
class Entry:
    """One thing found in a folder: a file to read (reason None) or why it is skipped."""

    path: Path
    reason: str | None = None
    folder: bool = False


def is_system_name(name: str) -> bool:
    """Tell whether a file or folder name is operating-system metadata rather than mail."""
    return name in SYSTEM_FILES or name.startswith("._")


def unsupported_reason(suffix: str) -> str:
    """Return the error text for a file type the coach cannot read."""
    kind = f"'{suffix}'" if suffix else "without an extension"
    return f"unsupported file type {kind}; supported: {', '.join(sorted(model.SUPPORTED_SUFFIXES))}"


def special_reason(mode: int) -> str:
    """Return why a file that is not a regular file is not read."""
    kind = (
        "a named pipe (FIFO)"
        if stat.S_ISFIFO(mode)
        else "a socket"
        if stat.S_ISSOCK(mode)
        else "a device"
        if stat.S_ISCHR(mode) or stat.S_ISBLK(mode)
        else "not a regular file"
    )
    return f"skipped: {kind}; only regular files are read"


def walk(folder: Path, skip: Collection[tuple[int, int]] = ()) -> Iterator[Entry]:
    """Yield every entry under folder, depth first in name order; skip holds (device, inode) pairs to leave out."""
    stack: list[Iterator[os.DirEntry[str]]] = []
    listed = _listing(folder)
    if isinstance(listed, Entry):
        yield listed
        return
    stack.append(listed)
    while stack:
        entry = next(stack[-1], None)
        if entry is None:
            stack.pop()
            continue
        if is_system_name(entry.name):
            continue
        found = _classify(entry, skip)
        if found is None:
            continue
        if found.folder:
            listed = _listing(found.path)
            if isinstance(listed, Entry):
                yield listed
            else:
                stack.append(listed)
        else:
            yield found


def _listing(folder: Path) -> Iterator[os.DirEntry[str]] | Entry:
    """Return a folder's entries in name order, or an Entry saying why it cannot be listed."""
    try:
        with os.scandir(folder) as entries:
            return iter(sorted(entries, key=lambda e: e.name))
    except OSError as exc:
        return Entry(folder, f"cannot list the folder ({exc.strerror or type(exc).__name__})")


def _classify(entry: os.DirEntry[str], skip: Collection[tuple[int, int]]) -> Entry | None:
    """Return what to do with one folder entry: read it, skip it with a reason, walk it, or None to leave it out."""
    path = Path(entry.path)
    try:
        if entry.is_symlink():
            return Entry(path, LINK_REASON)
        if entry.is_dir(follow_symlinks=False):
            return Entry(path, HIDDEN_REASON) if entry.name.startswith(".") else Entry(path, folder=True)
        status = entry.stat(follow_symlinks=False)
    except OSError as exc:
        return Entry(path, f"cannot be read ({exc.strerror or type(exc).__name__})")
    if (status.st_dev, status.st_ino) in skip:
        return None
    if not stat.S_ISREG(status.st_mode):
        return Entry(path, special_reason(status.st_mode))
    suffix = path.suffix.lower()
    if suffix not in model.SUPPORTED_SUFFIXES:
        return Entry(path, unsupported_reason(suffix))
    return Entry(path)
