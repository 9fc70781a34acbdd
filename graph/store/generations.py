"""A build's output folder: each build's store in its own generation under ``.stores/``,
published by replacing the ``store`` link atomically, and a lock so two builds take turns.

Readers see the old store or the new one, never half of one.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import shutil
import sys
import time
from collections.abc import Iterator
from pathlib import Path

from tradekg.graph.core.errors import DataError

__all__ = [
    "GENERATIONS",
    "LOCK_FILE",
    "MANIFEST_SUFFIX",
    "STORE_LINK",
    "beside",
    "build_lock",
    "current_generation",
    "discard",
    "manifest_base",
    "manifest_of",
    "new_generation",
    "publish",
    "remove_partial_generations",
]

STORE_LINK = "store"
GENERATIONS = ".stores"
LOCK_FILE = ".build.lock"
# A generation is complete once its manifest (what it was built from) is written beside it,
# just before it is published: a folder without one was left by a build that was killed.
MANIFEST_SUFFIX = ".manifest"



# ---------------------------------------------------------------- writing generations


def new_generation(out: Path) -> Path:
    """A fresh name under ``out/.stores`` for a store being built.

    The folder itself is not created: the caller creates it inside the block that discards
    it on failure, so that a Ctrl-C landing just after its creation cannot leave it behind.
    """
    base = out / GENERATIONS
    base.mkdir(parents=True, exist_ok=True)
    stamp = time.strftime("%Y%m%dT%H%M%S")
    return base / f"{stamp}-{os.getpid()}-{time.monotonic_ns() % 10**6:06d}"


def manifest_of(generation: Path) -> Path:
    """Where the manifest of ``generation`` lives (beside it, not inside the RocksDB folder)."""
    return generation.with_name(generation.name + MANIFEST_SUFFIX)


def manifest_base(path: Path) -> Path:
    """Where the manifest saved whole that the manifest at ``path`` holds the steps since is
    (when it holds steps: see :func:`~tradekg.graph.build.manifest.save_manifest`)."""
    return path.with_name(path.name + "-base")


def current_generation(out: Path) -> Path | None:
    """The generation ``out/store`` points at, if any."""
    link = out / STORE_LINK
    if not link.is_symlink():
        return None
    target = link.resolve()
    return target if target.is_dir() else None


def remove_partial_generations(out: Path) -> list[Path]:
    """Remove the store folders a killed build left under ``out/.stores`` (call under the lock).

    Kept: the published generation and every complete one (with its manifest). Returns what
    was removed, for the build to say so.
    """
    base = out / GENERATIONS
    if not base.is_dir():
        return []
    current = current_generation(out)
    removed = []
    for entry in sorted(base.iterdir()):
        if entry.name.startswith(".") and ".tmp-" in entry.name and not entry.is_dir():
            entry.unlink(missing_ok=True)  # half-written by a killed build (an answer saved beside a store)
            continue
        if not entry.is_dir() and "." in entry.name:  # a manifest, or answers saved beside a store
            if not entry.with_name(entry.name.split(".", 1)[0]).is_dir():
                entry.unlink(missing_ok=True)  # its store is gone
            continue
        if not entry.is_dir() or entry.name.startswith("legacy-"):
            continue
        if (current is not None and entry.resolve() == current) or manifest_of(entry).exists():
            continue
        shutil.rmtree(entry, ignore_errors=True)
        removed.append(entry)
    return removed


def publish(out: Path, generation: Path) -> Path:
    """Point ``out/store`` at ``generation`` atomically; drop generations older than the previous."""
    link = out / STORE_LINK
    previous = link.resolve() if link.is_symlink() else None
    if link.exists() and not link.is_symlink():
        # A plain folder from an older layout: move it aside so the link can take its place.
        aside = out / GENERATIONS / f"legacy-{time.monotonic_ns()}"
        os.replace(link, aside)
        previous = aside
    tmp_link = out / f".{STORE_LINK}.tmp-{os.getpid()}"
    with contextlib.suppress(FileNotFoundError):
        tmp_link.unlink()
    os.symlink(os.path.relpath(generation, out), tmp_link)
    os.replace(tmp_link, link)
    keep = {generation.resolve()} | ({previous} if previous else set())
    for old in (out / GENERATIONS).iterdir():
        if old.resolve() not in keep and old.is_dir():
            discard(old)
    return link


def beside(generation: Path) -> list[Path]:
    """The files kept beside ``generation``: its manifest and the answers its build saved
    (named ``GENERATION.something``)."""
    return [p for p in generation.parent.glob(generation.name + ".*") if not p.is_dir()]


def discard(generation: Path) -> None:
    """Remove a generation and the files beside it (a failed build's, or one no longer kept)."""
    shutil.rmtree(generation, ignore_errors=True)
    for path in beside(generation):
        path.unlink(missing_ok=True)


@contextlib.contextmanager
def build_lock(out: Path, wait: float = 600.0, poll: float = 0.2) -> Iterator[None]:
    """Hold the output folder's build lock; a second build waits (saying so) up to ``wait`` s."""
    out.mkdir(parents=True, exist_ok=True)
    fd = os.open(out / LOCK_FILE, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        deadline = time.monotonic() + wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    raise DataError(f"{out}: another build holds the lock for {wait:.0f} s; giving up") from None
                if not told:
                    print(f"waiting for another build of {out} to finish", file=sys.stderr)
                    told = True
                time.sleep(poll)
        yield
    finally:
        os.close(fd)  # closing releases the lock
