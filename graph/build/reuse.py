"""What an incremental build reuses of the previous build's files: the parts of its
``tradekg.ttl`` (each graph's Turtle, where the manifest says)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from tradekg.graph.build.manifest import Manifest, file_state

__all__ = ["previous_turtle", "read_part"]


def read_part(fd: int, offset: int, length: int) -> bytes:
    """``length`` bytes of the file open as ``fd``, from ``offset`` (one graph's part)."""
    data = os.pread(fd, length, offset)
    while len(data) < length:
        more = os.pread(fd, length - len(data), offset + len(data))
        if not more:
            raise OSError("the previous tradekg.ttl is shorter than its manifest says")
        data += more
    return data


@contextlib.contextmanager
def previous_turtle(out_dir: Path, manifest: Manifest) -> Iterator[int | None]:
    """The previous ``tradekg.ttl`` open for copying, if it is still the file that build wrote."""
    path = out_dir / "tradekg.ttl"
    if manifest.turtle_state is None or not manifest.turtle_parts \
            or file_state(str(path), manifest.turtle_state) != manifest.turtle_state:
        yield None
        return
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        yield None
        return
    try:
        yield fd
    finally:
        os.close(fd)
