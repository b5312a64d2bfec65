"""Plan a Spark review on the driver: cut the given paths into units of reading work, without parsing mail.

What the driver looks at is cheap metadata only: the file list (the same walk
as local mode), a zip's central directory, an mbox's size and its first line.
Each Unit names one piece of reading an executor does: a whole file, a run of
members of a zip, or a byte range of an mbox. Big mboxes are planned in two
steps: raw byte ranges are first scanned on the executors for the lines that
start a mail (coach/spark/read.py), then resolve_mbox turns the counts into
ranges that start exactly on a mail, numbered like local mode (``box.mbox#17``).

Units keep local mode's order: read in plan order, they yield the same
messages as ``coach.ingest.iter_messages`` (tests/test_spark_plan.py checks it
without Spark). Where splitting could change a record (a zip whose members could
reach the zip-bomb limit, a nested zip, more members than MAX_ZIP_MEMBERS, a
file that does not start like an mbox), the file stays one unit and is read
exactly as locally.
"""

from __future__ import annotations

import os
import zipfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath

from ..ingest import model
from ..ingest.archive import _is_user_file  # the member filter local mode uses, so both see the same members

SPLIT_BYTES = 16 * 1024 * 1024  # an mbox range, or a run of zip members, is about this much reading
ZIP_RUN_MEMBERS = 256  # at most this many zip members per unit
FILE_COST = 4096  # bytes a small file "costs" for balancing (opening and parsing it is not free)

FILE, ZIP, MBOX, MBOX_SCAN, ERROR = "file", "zip", "mbox", "mbox-scan", "error"


@dataclass(frozen=True, slots=True)
class Unit:
    """One piece of reading for an executor: a whole file, a run of zip members or an mbox byte range."""

    container: int  # position of the top-level file in the plan: ordering and stop handling
    source: str  # the file as local mode names it; every record's source starts with it
    path: str  # absolute path the executor opens
    kind: str  # file | zip | mbox | mbox-scan | error
    start: int = 0  # zip: first member index; mbox: byte offset where its first mail starts
    stop: int = 0  # zip: member index past the last; mbox: byte offset past its last mail
    number: int = 1  # mbox: number of its first mail
    cost: int = 0  # about how many bytes it reads, for balancing partitions
    error: str = ""  # kind error: why the item could not be read


def plan(paths: Iterable[str | os.PathLike[str]], split_bytes: int = SPLIT_BYTES) -> list[Unit]:
    """Return the units for the paths, in local mode's order; big mboxes as mbox-scan ranges still to index."""
    from ..ingest import supported_files  # same walk and order as iter_messages

    units: list[Unit] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            files = supported_files(path)
            if not files:
                reason = f"no supported files in this folder (looked for {', '.join(sorted(model.SUPPORTED_SUFFIXES))})"
                units.append(Unit(_next(units), str(path), str(path.absolute()), ERROR, error=reason))
            for file in files:
                units += _plan_file(file, _next(units), split_bytes)
        else:
            units += _plan_file(path, _next(units), split_bytes)
    return units


def _next(units: list[Unit]) -> int:
    """Return the container number for the next top-level file."""
    return units[-1].container + 1 if units else 0


def _plan_file(path: Path, container: int, split_bytes: int) -> list[Unit]:
    """Return the units of one file: split when that cannot change its records, else the whole file."""
    source, absolute = str(path), str(path.absolute())
    whole = Unit(container, source, absolute, FILE, cost=FILE_COST)
    suffix = path.suffix.lower()
    try:
        size = path.stat().st_size
    except OSError:
        return [whole]  # missing or unreadable: the executor's read_path says why, as locally
    whole = replace(whole, cost=size + FILE_COST)
    if suffix == ".zip" and path.is_file():
        return _plan_zip(whole, split_bytes) or [whole]
    if suffix == ".mbox" and path.is_file() and size > split_bytes and _starts_like_mbox(path, split_bytes):
        return [
            Unit(container, source, absolute, MBOX_SCAN, start=lo, stop=min(lo + split_bytes, size), cost=size)
            for lo in range(0, size, split_bytes)
        ]
    return [whole]


def _starts_like_mbox(path: Path, within: int) -> bool:
    """Tell whether the first non-blank line, found within the first range, is a 'From ' line."""
    with path.open("rb") as stream:
        while stream.tell() < within:
            line = stream.readline(64 * 1024)
            if not line:
                return False
            if line.strip():
                return line.startswith(b"From ")
    return False


def _plan_zip(whole: Unit, split_bytes: int) -> list[Unit] | None:
    """Return runs of members of a zip, or None when it must be read whole to keep local mode's records."""
    try:
        with zipfile.ZipFile(whole.path) as archive:
            members = [info for info in archive.infolist() if _is_user_file(info)]
    except (OSError, zipfile.BadZipFile, ValueError, EOFError):
        return None  # corrupt or unreadable: read whole, so the error record is local mode's
    if not members or len(members) > model.MAX_ZIP_MEMBERS:
        return None
    suffixes = [PurePosixPath(info.filename).suffix.lower() for info in members]
    readable = [
        info.file_size for info, s in zip(members, suffixes) if s in model.SUPPORTED_SUFFIXES and not info.flag_bits & 1
    ]
    # A member never decompresses past its declared size, so below the limit the zip-bomb guard cannot fire.
    if ".zip" in suffixes or sum(readable) > model.MAX_ZIP_TOTAL_BYTES:
        return None
    runs: list[Unit] = []
    first, cost = 0, 0
    for index, info in enumerate(members):
        cost += info.file_size + FILE_COST
        if index + 1 - first >= ZIP_RUN_MEMBERS or cost >= split_bytes or index + 1 == len(members):
            runs.append(replace(whole, kind=ZIP, start=first, stop=index + 1, cost=cost))
            first, cost = index + 1, 0
    return runs


def resolve_mbox(units: Sequence[Unit], scans: Sequence[tuple[int, int]]) -> list[Unit]:
    """Replace mbox-scan ranges by mbox units that start on a mail, given each range's (first mail offset, mails).

    scans holds one (offset, count) per mbox-scan unit, in plan order; offset is -1 for a range where no mail
    starts (one long mail spans it).
    """
    found = iter(scans)
    resolved: list[Unit] = []
    for group in _by_container(units):
        if group[0].kind != MBOX_SCAN:
            resolved += group
            continue
        size = group[-1].stop
        starts = [(offset, count) for offset, count in (next(found) for _ in group) if count]
        number = 1
        for i, (offset, count) in enumerate(starts):
            stop = starts[i + 1][0] if i + 1 < len(starts) else size
            resolved.append(replace(group[0], kind=MBOX, start=offset, stop=stop, number=number, cost=stop - offset))
            number += count
    return resolved


def _by_container(units: Sequence[Unit]) -> Iterator[list[Unit]]:
    """Yield the runs of units that belong to one top-level file."""
    group: list[Unit] = []
    for unit in units:
        if group and unit.container != group[0].container:
            yield group
            group = []
        group.append(unit)
    if group:
        yield group


def partitions(units: Sequence[Unit], count: int) -> list[list[Unit]]:
    """Cut units into at most count contiguous groups of about equal cost (order kept)."""
    if not units:
        return []
    count = max(1, min(count, len(units)))
    total = sum(max(1, u.cost) for u in units)
    groups: list[list[Unit]] = [[]]
    spent = 0
    for unit in units:
        if groups[-1] and spent >= total * len(groups) / count and len(groups) < count:
            groups.append([])
        groups[-1].append(unit)
        spent += max(1, unit.cost)
    return groups
