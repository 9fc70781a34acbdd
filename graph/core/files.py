"""Reading input files safely: clear errors for missing, binary, mis-encoded or huge files."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tradekg.graph.core.errors import InputError, UsageError

__all__ = ["MAX_TEXT_BYTES", "check_readable", "decode_text", "file_kind", "read_bytes", "read_text"]

# Authoring files and source texts are small; RDF inputs may be large but not unbounded.
MAX_TEXT_BYTES = 20 * 1024 * 1024


def check_readable(path: str | os.PathLike[str]) -> Path:
    """Return ``path`` as a Path if it is a readable regular file, else raise UsageError (exit 2)."""
    p = Path(path)
    if not p.exists():
        raise UsageError(f"{p}: no such file")
    if p.is_dir():
        raise UsageError(f"{p}: is a directory, not a file")
    if not os.access(p, os.R_OK):
        raise UsageError(f"{p}: permission denied")
    return p


def file_kind(mode: int) -> str:
    """What a file of this ``st_mode`` is, in words ("a character device", "a FIFO", ...)."""
    for test, name in ((stat.S_ISREG, "a regular file"), (stat.S_ISDIR, "a directory"),
                       (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
                       (stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket")):
        if test(mode):
            return name
    return "a special file"


def read_bytes(path: str | os.PathLike[str], max_bytes: int = MAX_TEXT_BYTES) -> bytes:
    """Read a whole regular file, refusing one larger than ``max_bytes``.

    A device, FIFO or socket (or a symlink to one) is refused: it is opened without blocking
    (a FIFO with no writer would wait forever) and checked on the open descriptor, and the read
    itself stops after ``max_bytes`` (``st_size`` says nothing of what a device or a growing file
    holds)."""
    p = check_readable(path)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise UsageError(f"{p}: {exc.strerror or exc}") from exc
    with os.fdopen(fd, "rb") as handle:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            real = os.path.realpath(p)
            named = f" ({real})" if real != os.path.abspath(p) else ""
            raise UsageError(f"{p}{named}: is {file_kind(info.st_mode)}, not a regular file")
        if info.st_size > max_bytes:
            raise InputError(str(p), None, f"file is {info.st_size:,} bytes; the limit is {max_bytes:,}")
        try:
            data = handle.read(max_bytes + 1)
        except OSError as exc:
            raise UsageError(f"{p}: {exc.strerror or exc}") from exc
    if len(data) > max_bytes:
        raise InputError(str(p), None, f"file is more than {max_bytes:,} bytes; the limit is {max_bytes:,}")
    return data


def decode_text(data: bytes, path: str) -> str:
    """Decode UTF-8 (a leading BOM is dropped); explain every other case in one line."""
    if not data.strip():
        raise InputError(path, None, "file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(path, 1, "file is UTF-16; save it as UTF-8")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    if b"\x00" in data[:8192]:
        raise InputError(path, None, "file is binary, not text")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(path, line, f"not valid UTF-8 (byte 0x{data[exc.start]:02x} at offset {exc.start})") from None


def read_text(path: str | os.PathLike[str], max_bytes: int = MAX_TEXT_BYTES) -> str:
    """Read a UTF-8 text file with the checks of :func:`read_bytes` and :func:`decode_text`."""
    return decode_text(read_bytes(path, max_bytes), str(path))
