"""Read .zip archives member by member, with guards against zip bombs and deep nesting."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import PurePosixPath
from typing import IO, BinaryIO

from . import model
from .model import Columns, Message, TooLargeError, display_name, failed, megabytes

MemberReader = Callable[[str, str, BinaryIO, Columns, int, "Budget"], Iterator[Message]]


@dataclass(slots=True)
class Budget:
    """How many more decompressed bytes one archive (with its nested archives) may produce."""

    remaining: int
    exhausted: bool = False

    def spend(self, count: int) -> None:
        """Take count bytes off the budget; raise TooLargeError once it runs out."""
        self.remaining -= count
        if self.remaining < 0:
            self.exhausted = True
            raise TooLargeError(bomb_reason())


def bomb_reason() -> str:
    """Return the error text for an archive that expands past the zip-bomb limit."""
    return (
        f"stopped: the archive expands to more than {megabytes(model.MAX_ZIP_TOTAL_BYTES)} "
        "(zip-bomb guard, MAX_ZIP_TOTAL_BYTES)"
    )


def new_budget() -> Budget:
    """Return a fresh budget for one top-level archive."""
    return Budget(model.MAX_ZIP_TOTAL_BYTES)


def read_zip(
    source: str, stream: BinaryIO, columns: Columns, depth: int, budget: Budget, read_member: MemberReader
) -> Iterator[Message]:
    """Yield the Messages of every member of a zip; problems become error Messages per member."""
    with zipfile.ZipFile(stream) as archive:
        members = [info for info in archive.infolist() if _is_user_file(info)]
        for index, info in enumerate(members):
            if index >= model.MAX_ZIP_MEMBERS:
                yield failed(
                    source,
                    f"stopped: only the first {model.MAX_ZIP_MEMBERS} of "
                    f"{len(members)} files were read (MAX_ZIP_MEMBERS)",
                )
                return
            item = f"{source}!{display_name(info.filename)}"  # member names are the sender's: escaped
            yield from _read_one(archive, info, item, columns, depth, budget, read_member)
            if budget.exhausted:
                yield failed(source, bomb_reason())
                return


def _is_user_file(info: zipfile.ZipInfo) -> bool:
    """Tell whether a member is a file someone put there (not a folder or macOS metadata)."""
    name = info.filename
    return not (info.is_dir() or name.startswith("__MACOSX/") or PurePosixPath(name).name.startswith("._"))


def _read_one(
    archive: zipfile.ZipFile,
    info: zipfile.ZipInfo,
    item: str,
    columns: Columns,
    depth: int,
    budget: Budget,
    read_member: MemberReader,
) -> Iterator[Message]:
    """Yield the Messages of one member, or one error Message saying why it was skipped."""
    suffix = PurePosixPath(info.filename).suffix.lower()
    reason = _skip_reason(info, suffix, depth, budget)
    if reason:
        yield failed(item, reason)
        return
    raw = archive.open(info)
    with io.BufferedReader(_Budgeted(raw, budget)) as stream:
        yield from read_member(item, suffix, stream, columns, depth + 1, budget)


def _skip_reason(info: zipfile.ZipInfo, suffix: str, depth: int, budget: Budget) -> str | None:
    """Return why a member cannot be read before opening it, or None when it can."""
    if suffix not in model.SUPPORTED_SUFFIXES:
        kind = f"'{suffix}'" if suffix else "without an extension"
        return f"skipped: file type {kind} is not supported"
    if info.flag_bits & 0x1:
        return "password-protected: encrypted files in an archive cannot be read"
    if suffix == ".zip" and depth >= model.MAX_ZIP_DEPTH:
        return "skipped: archive nested too deeply (a zip inside a zip is read, no deeper)"
    if info.file_size > budget.remaining:
        budget.exhausted = True
        return bomb_reason()
    return None


class _Budgeted(io.RawIOBase):
    """A raw stream that charges every byte it reads to an archive's Budget."""

    def __init__(self, stream: IO[bytes], budget: Budget) -> None:
        self._stream = stream
        self._budget = budget

    def readable(self) -> bool:
        """Say the stream can be read."""
        return True

    def readinto(self, buffer: bytearray | memoryview) -> int:  # type: ignore[override]
        """Read into buffer, charging the bytes to the budget."""
        data = self._stream.read(len(buffer))
        self._budget.spend(len(data))
        buffer[: len(data)] = data
        return len(data)

    def close(self) -> None:
        """Close this stream and the member stream under it."""
        self._stream.close()
        super().close()
