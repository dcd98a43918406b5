"""Rewriting a corpus file safely: one writer at a time, conditional on what the caller read, atomically.

Anything that rewrites a treaty file in place (reviews, corrections, a collated edition) goes through
`transact`: take the file's lock (flock on a lock file beside it, so threads and processes queue),
read it, compare its ETag (a hash of its bytes) with the caller's If-Match, make the new bytes, and
write them atomically (tei.write_atomic: temporary file, fsync, rename). Readers never see half a
file, and a writer who read an older file gets `Conflict` instead of overwriting someone's change.
"""

from __future__ import annotations

import fcntl
import hashlib
import os
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from comparer import limits, tei
from comparer.corpus import writable_folder
from comparer.errors import ComparerError, CorpusError

Stamp = tuple[int, int, int]


class Conflict(ComparerError):
    """The file changed since the caller read it (its If-Match is not the current ETag)."""

    http_status = 409

    def __init__(self, message: str, etag: str):
        super().__init__(message)
        self.etag = etag


def etag_of(data: bytes) -> str:
    """The ETag of a file's bytes."""
    return hashlib.sha256(data).hexdigest()[:32]


def stamp_of(stat: os.stat_result) -> Stamp:
    """What changes when the file is replaced or rewritten: inode, modification time, size."""
    return (stat.st_ino, stat.st_mtime_ns, stat.st_size)


def read_bytes(path: Path) -> tuple[bytes, Stamp]:
    """Bytes and stamp from one open file, so they belong together even while writers rename."""
    try:
        with open(path, "rb") as handle:
            stamp = stamp_of(os.fstat(handle.fileno()))
            return handle.read(limits.max_input_bytes() + 1), stamp
    except OSError as err:
        raise CorpusError(f"cannot read file: {err.strerror}", str(path)) from None


def lock_path(path: Path) -> Path:
    """The lock file beside a corpus file (a dot file not ending in .xml, so no corpus reads it)."""
    return Path(path).with_name(f".{Path(path).name}.lock")


@contextmanager
def locked(path: Path) -> Iterator[None]:
    """One writer at a time for this file, across threads and processes (each open() gets its own flock)."""
    try:
        fd = os.open(lock_path(path), os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as err:
        raise CorpusError(f"cannot lock the file for writing: {err.strerror}", str(path)) from None
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)  # closing releases the lock


def check_if_match(path: Path, etag: str, if_match: str | Collection[str] | None) -> None:
    """Conflict unless the current ETag is one the caller read (None: an unconditional write)."""
    if if_match is None:
        return
    expected = {if_match} if isinstance(if_match, str) else set(if_match)
    if etag not in expected:
        raise Conflict(f"{Path(path).stem} has changed since it was read (it is now {etag}); "
                       "reload it and make the change again", etag)


def transact(path: Path, if_match: str | Collection[str] | None,
             change: Callable[[bytes, Stamp], bytes]) -> tuple[bytes, Stamp]:
    """Under the file's lock: read it, check If-Match, write `change(bytes, stamp)` atomically.
    Returns the bytes written and the new file's stamp. `change` raises to write nothing."""
    path = Path(path)
    with locked(path):
        data, stamp = read_bytes(path)
        check_if_match(path, etag_of(data), if_match)
        written = change(data, stamp)
        tei.write_atomic(path, written)
        return written, stamp_of(os.stat(path))


def editable_folder(folder: str | os.PathLike | None) -> Path:
    """The corpus folder reviews and corrections are written into (never the bundled corpus)."""
    return writable_folder(folder, "reviewing")
