"""What an incremental build reuses of the previous build's files: the parts of its
``tradekg.ttl`` (each graph's Turtle, where the manifest says)."""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterator
from pathlib import Path

from tradekg.graph.build.manifest import Manifest, file_state

__all__ = ["previous_turtle", "read_part", "turtle_unchanged"]


def read_part(fd: int, offset: int, length: int) -> bytes:
    """``length`` bytes of the file open as ``fd``, from ``offset`` (one graph's part)."""
    data = os.pread(fd, length, offset)
    while len(data) < length:
        more = os.pread(fd, length - len(data), offset + len(data))
        if not more:
            raise OSError("the previous tradekg.ttl is shorter than its manifest says")
        data += more
    return data


def turtle_unchanged(out_dir: Path, manifest: Manifest) -> bool:
    """Whether ``tradekg.ttl`` is still the file the build of ``manifest`` wrote (its parts can be copied)."""
    return manifest.turtle_state is not None and bool(manifest.turtle_parts) and \
        file_state(str(out_dir / "tradekg.ttl"), manifest.turtle_state) == manifest.turtle_state


@contextlib.contextmanager
def previous_turtle(out_dir: Path, manifest: Manifest) -> Iterator[int | None]:
    """The previous ``tradekg.ttl`` open for copying, if it is still the file that build wrote."""
    path = out_dir / "tradekg.ttl"
    if not turtle_unchanged(out_dir, manifest):
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
