"""Atomic file output: write to a temporary file beside the target, then ``os.replace``.

Only a regular file is replaced: ``-`` is standard output, a character device or a FIFO is
written to in place (``-o /dev/null`` must not turn the machine's /dev/null into a file), a
symlink is followed to the file it names, and a missing folder is an error, never created."""

from __future__ import annotations

import contextlib
import io
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from tradekg.graph.core.errors import UsageError

__all__ = ["STDOUT", "atomic_output", "hard_linked", "is_stdout", "output_target", "remove_stale_temporaries",
           "write_text_atomic"]


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


STDOUT = "-"


_FD = re.compile(r"/(?:proc/self|dev)/fd/(\d+)")


def _stream_of(path: str | os.PathLike[str]) -> str | int | None:
    """``"stdout"`` or ``"stderr"`` for ``-`` and the paths that name them (``/dev/stdout``,
    ``/proc/self/fd/1`` ...), another descriptor's number for ``/dev/fd/N``; None for a file.
    These are written to as they are: resolved, they name a pipe or the file a shell redirected
    to, which must be neither replaced nor truncated (``>> log``)."""
    named = os.fspath(path)
    if named in (STDOUT, "/dev/stdout"):
        return "stdout"
    if named == "/dev/stderr":
        return "stderr"
    fd = _FD.fullmatch(named)
    if fd is None:
        return None
    return {1: "stdout", 2: "stderr"}.get(int(fd.group(1)), int(fd.group(1)))


def is_stdout(path: str | os.PathLike[str]) -> bool:
    """Whether output to ``path`` goes to standard output (``-``, ``/dev/stdout``, ...)."""
    return _stream_of(path) == "stdout"


@contextlib.contextmanager
def _stream_output(stream: str | int, mode: str) -> Iterator[IO]:
    """The bytes themselves, whatever wraps sys.stdout (a text wrapper that escapes, a test's)."""
    if isinstance(stream, int):
        binary: IO[bytes] = os.fdopen(os.dup(stream), "wb")
    else:
        sys.stdout.flush()
        sys.stderr.flush()
        binary = (sys.stdout if stream == "stdout" else sys.stderr).buffer
    try:
        if "b" in mode:
            yield binary
        else:
            text = io.TextIOWrapper(binary, encoding="utf-8", newline="", write_through=True)
            try:
                yield text
                text.flush()
            finally:
                text.detach()
        binary.flush()
    finally:
        if isinstance(stream, int):
            binary.close()


def output_target(path: str | os.PathLike[str]) -> Path:
    """Where output for ``path`` really goes (symlinks followed); UsageError (exit 2) for a folder,
    a missing folder, or a file that can neither be replaced nor written to (a block device, a socket)."""
    named = Path(path)
    target = Path(os.path.realpath(named))
    try:
        mode: int | None = os.stat(target).st_mode
    except (FileNotFoundError, NotADirectoryError):
        mode = None
    except OSError as exc:
        raise UsageError(f"{named}: {exc.strerror or exc}") from exc
    via = f" ({target})" if target != Path(os.path.abspath(named)) else ""
    if mode is None:
        if not target.parent.exists():  # (a parent that is a file fails below with the system's reason)
            raise UsageError(f"{named}{via}: no such folder {target.parent}")
    elif stat.S_ISDIR(mode):
        raise UsageError(f"{named}{via}: is a folder, not a file")
    elif not (stat.S_ISREG(mode) or stat.S_ISCHR(mode) or stat.S_ISFIFO(mode)):
        kind = "a block device" if stat.S_ISBLK(mode) else "a socket" if stat.S_ISSOCK(mode) else "a special file"
        raise UsageError(f"{named}{via}: is {kind}; give a regular file, a character device or a FIFO")
    return target


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike[str], mode: str = "w") -> Iterator[IO]:
    """Open a temporary file in ``path``'s directory; on success it replaces ``path``.

    If the block raises (or the process dies), ``path`` keeps its old content and the
    temporary file is removed (after a kill -9 it is left as ``.NAME.tmp-*`` and removed by
    the next build of that folder). Text is always written as UTF-8, whatever the locale.

    ``-`` writes to standard output; a character device or a FIFO (``/dev/null``, ``/dev/stdout``)
    is written to, not replaced; a symlink is followed and the file it names replaced. The
    folder must exist.
    """
    stream = _stream_of(path)
    if stream is not None:
        with _stream_output(stream, mode) as out:
            yield out
        return
    target = output_target(path)
    if target.exists() and not target.is_file():  # a character device or a FIFO: write in place
        with (open(target, mode) if "b" in mode else open(target, mode, encoding="utf-8", newline="")) as device:
            yield device
        return
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


def hard_linked(saved: str | os.PathLike[str], target: str | os.PathLike[str]) -> bool:
    """Whether ``target`` is now a hard link to ``saved`` (a file never written again, as a
    published generation's are); False if it could not be made (then nothing was)."""
    try:
        os.link(saved, target)
    except OSError:
        return False
    return True


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
