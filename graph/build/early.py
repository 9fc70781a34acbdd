"""What a build starts before its own modules are imported: the helper process of an update
(see :mod:`~tradekg.graph.build.drawing`), which then imports its own while they load.

``tradekg build`` calls :func:`start_helper_early` first thing: the helper began 0.12-0.16 s
into an update at 1M triples, after the build's imports, while the machine's other core was
idle; its preparing (0.35 s: imports, the previous overview's edges, the page parts) ended
after the build asked it for the overview. This module imports only what finding the last
generation needs.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from tradekg.graph.store.generations import current_generation, manifest_base, manifest_of

__all__ = ["HELPER_FROM_MANIFEST", "helper_wanted", "spawn_helper", "start_helper_early", "take_early_helper",
           "wants_helper"]

_CHILD = "from tradekg.graph.build.drawing import _serve; _serve()"

# A helper costs a process and its imports, about 0.5 s of CPU on the other core, which the
# build's own work then shares. Editing one source took 3.0-3.2 s with it and 3.7-4.5 s without
# at 1M triples (a 25 MB manifest), as long either way at 300k (7.9 MB), and 0.2-0.4 s more
# with it at 100k (2.8 MB) and on the bundled corpus (0.14 MB).
HELPER_FROM_MANIFEST = 12 * 2**20

_early: list[subprocess.Popen[bytes]] = []  # started by start_helper_early, not yet taken


def helper_wanted(previous: Path) -> bool:
    """Whether updating the build of generation ``previous`` is worth a helper: its manifest,
    or the one it holds the steps since, has at least :data:`HELPER_FROM_MANIFEST` bytes.
    ``TRADEKG_HELPER=always`` or ``never`` decides instead."""
    choice = os.environ.get("TRADEKG_HELPER", "").strip().lower()
    if choice in ("always", "never"):
        return choice == "always"
    manifest = manifest_of(previous)
    sizes = []
    for path in (manifest, manifest_base(manifest)):
        try:
            sizes.append(path.stat().st_size)
        except OSError:
            pass
    return bool(sizes) and max(sizes) >= HELPER_FROM_MANIFEST


def wants_helper(out: Path, full: bool = False) -> bool:
    """Whether a build of ``out`` will want a helper: an update (not ``full``) of a build
    :func:`helper_wanted` finds large enough."""
    last = None if full else current_generation(out)
    return last is not None and helper_wanted(last)


def spawn_helper() -> subprocess.Popen[bytes] | None:
    """A new helper process of this one (None if it cannot be started)."""
    try:
        return subprocess.Popen([sys.executable, "-c", _CHILD, str(os.getpid())], stdin=subprocess.PIPE,
                                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, close_fds=True)
    except OSError:
        return None


def start_helper_early(out: str | os.PathLike[str], full: bool = False) -> None:
    """Start now the helper that a build of ``out`` will want (an update of a large corpus),
    for the build's :meth:`~tradekg.graph.build.drawing.BuildHelper.start` to take."""
    if not _early and wants_helper(Path(out), full):
        process = spawn_helper()
        if process is not None:
            _early.append(process)


def take_early_helper() -> subprocess.Popen[bytes] | None:
    """The helper :func:`start_helper_early` started, if any (handed over: taken once)."""
    return _early.pop() if _early else None
