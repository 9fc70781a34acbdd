"""Atomic file output: write to a temporary file beside the target, then ``os.replace``."""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

__all__ = ["atomic_output", "remove_stale_temporaries", "write_text_atomic"]


def _umask() -> int:
    """The process umask, read without changing it (os.umask would race with other threads)."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith("Umask:"):
                    return int(line.split()[1], 8)
    except OSError:
        pass
    return 0o022


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO]:
    """Open a temporary file in ``path``'s directory; on success it replaces ``path``.

    If the block raises (or the process dies), ``path`` keeps its old content and the
    temporary file is removed (after a kill -9 it is left as ``.NAME.tmp-*`` and removed by
    the next build of that folder). Text is always written as UTF-8, whatever the locale.
    """
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.tmp-")
    os.fchmod(fd, 0o666 & ~_umask())  # mkstemp makes 0600; outputs are ordinary files
    try:
        handle: IO
        with (os.fdopen(fd, mode) if "b" in mode else os.fdopen(fd, mode, encoding="utf-8", newline="")) as handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_text_atomic(path: str | os.PathLike[str], text: str) -> None:
    """Write ``text`` to ``path`` as UTF-8, atomically."""
    with atomic_output(path) as handle:
        handle.write(text)


def remove_stale_temporaries(directory: str | os.PathLike[str]) -> None:
    """Remove ``.*.tmp-*`` files a killed writer left behind in ``directory``."""
    d = Path(directory)
    if d.is_dir():
        for leftover in d.glob(".*.tmp-*"):
            if leftover.is_file():
                with contextlib.suppress(OSError):
                    leftover.unlink()
