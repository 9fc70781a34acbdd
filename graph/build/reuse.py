"""What an incremental build reuses of the previous build's files: the parts of its
``tradekg.ttl`` (each graph's Turtle, where the manifest says), and the graphs a change leaves
alone loaded from them into memory, where the whole-corpus work of the build runs."""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox

from tradekg.graph.build.export import turtle_header
from tradekg.graph.build.load import SHARED_GRAPH
from tradekg.graph.build.manifest import Manifest, file_state

__all__ = ["Preload", "previous_turtle", "read_part"]


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


class Preload:
    """The previous tradekg.ttl's parts but those of ``gone`` and of the shared graph, loaded
    into an in-memory store in a thread: (store, each graph's part), or None if that file is
    no longer the one the last build wrote or the load failed (then the build loads all itself)."""

    def __init__(self, out_dir: Path, manifest: Manifest, gone: set[str]) -> None:
        self.gone = gone
        self._result: tuple[ox.Store, dict[str, bytes]] | None = None
        self._thread = threading.Thread(target=self._run, args=(out_dir, manifest), daemon=True,
                                        name="tradekg-preload")
        self._thread.start()

    def _run(self, out_dir: Path, manifest: Manifest) -> None:
        try:
            with previous_turtle(out_dir, manifest) as fd:
                if fd is None:
                    return
                parts = {graph: read_part(fd, offset, length)
                         for graph, (offset, length) in manifest.turtle_parts.items()
                         if graph not in self.gone and graph != SHARED_GRAPH}
            memory = ox.Store()
            memory.bulk_load(turtle_header() + b"".join(parts.values()), ox.RdfFormat.TURTLE)
            self._result = memory, parts
        except Exception:  # the build then loads every part itself
            self._result = None

    def result(self) -> tuple[ox.Store, dict[str, bytes]] | None:
        self._thread.join()
        return self._result
