"""Cache files that prove their own content: a SHA-256 written with the bytes, checked before use.

Every cache and state file under `OUT/work/` (partition rows, parses, the texts
table, stage stamps, the parse record) is *sealed*: a short header (a magic
line and the SHA-256 of the payload) then the payload, in one file written
atomically, so there is no moment where the bytes and their checksum disagree.
A file whose checksum does not match (a flipped bit, a truncation, a file
someone replaced) is `Damaged`: the caller recomputes it and never publishes
what it holds. Files are opened without following links and only when they are
regular files, so a link or FIFO planted in the cache folder is damage too.
"""
from __future__ import annotations

import errno
import hashlib
import io
import json
import os
import stat
from pathlib import Path

from .atomic import atomic_path

MAGIC = b"italian-news sealed 1\n"
_DIGEST = 64  # hex characters of a SHA-256
HEADER = len(MAGIC) + _DIGEST + 1
_CHUNK = 1 << 20


class Damaged(ValueError):
    """A sealed file whose content is not what was written (or not a sealed file at all)."""


def seal(payload: bytes) -> bytes:
    return MAGIC + hashlib.sha256(payload).hexdigest().encode("ascii") + b"\n" + payload


def _expected(header: bytes) -> str:
    if len(header) < HEADER or not header.startswith(MAGIC) or header[HEADER - 1:HEADER] != b"\n":
        raise Damaged("no checksum header")
    return header[len(MAGIC):HEADER - 1].decode("ascii", "replace")


def unseal(data) -> memoryview:
    """The payload of sealed bytes (a view, no copy); Damaged when the checksum does not match."""
    view = memoryview(data)
    expected = _expected(bytes(view[:HEADER]))
    payload = view[HEADER:]
    if hashlib.sha256(payload).hexdigest() != expected:
        raise Damaged("checksum mismatch")
    return payload


def _open_regular(path: Path) -> int | None:
    """A read descriptor of the regular file at `path` (never through a link, never a FIFO);
    None when there is no file; Damaged when something else is there."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0))
    except FileNotFoundError:
        return None
    except OSError as err:
        if err.errno == errno.ELOOP:
            raise Damaged("a symbolic link, not a file") from None
        if err.errno == errno.EISDIR:
            raise Damaged("a folder, not a file") from None
        raise
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        raise Damaged("not a regular file")
    return fd


def read_sealed(path: str | Path) -> bytes | None:
    """The payload of a sealed file; None when it does not exist; Damaged when it does not verify."""
    fd = _open_regular(Path(path))
    if fd is None:
        return None
    with os.fdopen(fd, "rb") as handle:
        data = handle.read()
    return bytes(unseal(data))


def write_sealed(path: str | Path, payload: bytes) -> None:

    with atomic_path(Path(path)) as tmp:
        tmp.write_bytes(seal(payload))


def read_sealed_json(path: str | Path):
    """A sealed JSON value; None when missing; Damaged when it does not verify or parse."""
    payload = read_sealed(path)
    if payload is None:
        return None
    try:
        return json.loads(payload.decode("utf-8"))
    except ValueError as err:  # cannot happen unless sealed so: still never trusted
        raise Damaged(f"not JSON ({err})") from None


def write_sealed_json(path: str | Path, value) -> None:
    write_sealed(path, json.dumps(value, indent=1, sort_keys=True).encode("utf-8"))


def seal_file_in_place(path: Path) -> None:
    """Seal a file written whole (a streamed Parquet table): header first, then its bytes,
    hashed and copied in chunks (the file is never held in memory)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(_CHUNK), b""):
            digest.update(chunk)
    sealed = path.with_name(path.name + ".sealing")
    try:
        with open(path, "rb") as source, open(sealed, "wb") as target:
            target.write(MAGIC + digest.hexdigest().encode("ascii") + b"\n")
            for chunk in iter(lambda: source.read(_CHUNK), b""):
                target.write(chunk)
        os.replace(sealed, path)
    finally:
        sealed.unlink(missing_ok=True)


_VERIFIED: dict[tuple, bool] = {}  # (path, inode, size, mtime) of big sealed files checked in this process


class SealedFile(io.RawIOBase):
    """The payload of a verified sealed file as a read-only file object (positions count from the
    payload), read from disk as asked: no copy in memory, no mapping that stays resident."""

    def __init__(self, handle, size: int):
        super().__init__()
        self._handle, self._size = handle, size

    def readable(self) -> bool:
        return True

    def seekable(self) -> bool:
        return True

    def seek(self, offset: int, whence: int = io.SEEK_SET) -> int:
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self.tell(), io.SEEK_END: self._size}[whence]
        return self._handle.seek(HEADER + base + offset) - HEADER

    def tell(self) -> int:
        return self._handle.tell() - HEADER

    def readinto(self, buffer) -> int:
        return self._handle.readinto(buffer)

    def size(self) -> int:
        return self._size

    def close(self) -> None:
        self._handle.close()
        super().close()


def open_sealed_file(path: str | Path) -> SealedFile:
    """A big sealed file's payload as a file object, verified once per version of the file in
    this process (read in chunks, never held whole). FileNotFoundError when missing; Damaged
    when it does not verify."""
    fd = _open_regular(Path(path))
    if fd is None:
        raise FileNotFoundError(errno.ENOENT, "no such file", str(path))
    handle = os.fdopen(fd, "rb")
    try:
        st = os.fstat(fd)
        key = (str(path), st.st_ino, st.st_size, st.st_mtime_ns)
        expected = _expected(handle.read(HEADER))
        if key not in _VERIFIED:
            digest = hashlib.sha256()
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
            if digest.hexdigest() != expected:
                raise Damaged("checksum mismatch")
            _VERIFIED[key] = True
        handle.seek(HEADER)
    except BaseException:
        handle.close()
        raise
    return SealedFile(handle, st.st_size - HEADER)
