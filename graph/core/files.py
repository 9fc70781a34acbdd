"""Reading input files safely: clear errors for missing, binary, mis-encoded or huge files."""

from __future__ import annotations

import os
from pathlib import Path

from tradekg.graph.core.errors import InputError, UsageError

__all__ = ["MAX_TEXT_BYTES", "check_readable", "decode_text", "read_bytes", "read_text"]

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


def read_bytes(path: str | os.PathLike[str], max_bytes: int = MAX_TEXT_BYTES) -> bytes:
    """Read a whole file, refusing files larger than ``max_bytes``."""
    p = check_readable(path)
    size = p.stat().st_size
    if size > max_bytes:
        raise InputError(str(p), None, f"file is {size:,} bytes; the limit is {max_bytes:,}")
    try:
        return p.read_bytes()
    except OSError as exc:
        raise UsageError(f"{p}: {exc.strerror or exc}") from exc


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
