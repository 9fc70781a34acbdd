"""An incremental build's claims index and corpus timeline page, made in a helper process
while the build runs its checks and draws the overview.

At a million triples an incremental build spent, one after the other on one core of a
machine that has two, 0.6 s on the QC checks and the conflicts, 0.2 s on the claims index, and
0.8 s on each of its two pages. The claims index reads only the new store (read-only once
written) and what changed; the timeline page reads only what is on disk once the index and
the conflicts are saved (the store; ``GENERATION.claims.sqlite``; ``GENERATION.conflicts.json``).
So a helper process, started when the build begins its work (it imports what it needs
meanwhile, on the other core), is asked to save the index as soon as the store is written,
while the build runs its checks, and then to draw the timeline, while the build draws the
overview.

The helper is a fresh interpreter (``python -c``), not a fork: the build holds RocksDB
handles and their threads by then, and a fork would copy their locks mid-use; nor
``multiprocessing``'s spawn, which runs the caller's main module again (a script calling
:func:`~tradekg.graph.build.pipeline.build` without a ``__main__`` guard would build again).
It dies with the build (Linux ``PR_SET_PDEATHSIG``), and the build stops it before removing
a failed generation. Whatever goes wrong with it (it cannot start, dies, fails, or finds a
saved answer it cannot trust), the build does that work itself: the index and the page are
always those the build would make alone; tests compare the two.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from pathlib import Path
from typing import IO, Any

__all__ = ["TimelineDrawer", "draw_timeline"]

_CHILD = "from tradekg.graph.build.drawing import _serve; _serve()"


def draw_timeline(generation: Path) -> str | None:
    """The corpus timeline page of the built ``generation``, drawn from its store and from
    the claims index and conflicts saved beside it; None if those cannot be trusted (the
    build then draws it from what it holds)."""
    import pyoxigraph as ox

    from tradekg.graph.analysis.conflicts import conflicts_saved_beside, select_conflicts
    from tradekg.graph.store.derived import remember_generation
    from tradekg.graph.store.local import graph_over
    from tradekg.graph.views.timeline_page import corpus_timeline_html

    found = conflicts_saved_beside(generation)
    if found is None:
        return None
    graph = remember_generation(graph_over(ox.Store.read_only(str(generation))), generation)
    return corpus_timeline_html(graph, select_conflicts(found))


class TimelineDrawer:
    """A helper process that saves the claims index and draws the corpus timeline page on
    request (see the module). Each request is answered in turn; a request that cannot be
    made or answered is answered None, and the build does the work itself."""

    def __init__(self, process: subprocess.Popen[bytes] | None) -> None:
        self.process = process
        self.waiting = 0  # requests sent and not yet answered
        self.indexing = self.drawing = False

    @classmethod
    def start(cls) -> TimelineDrawer:
        """Start the helper; it prepares itself while the build goes on."""
        try:
            process: subprocess.Popen[bytes] | None = subprocess.Popen(
                [sys.executable, "-c", _CHILD, str(os.getpid())], stdin=subprocess.PIPE,
                stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, close_fds=True)
        except OSError:
            process = None
        return cls(process)

    def _send(self, message: tuple[Any, ...]) -> bool:
        if self.process is None or self.process.stdin is None:
            return False
        try:
            pickle.dump(message, self.process.stdin, protocol=pickle.HIGHEST_PROTOCOL)
            self.process.stdin.flush()
        except OSError:  # it has died: the build does the work
            self.close()
            return False
        self.waiting += 1
        return True

    def _answer(self) -> Any | None:
        if not self.waiting or self.process is None or self.process.stdout is None:
            return None
        self.waiting -= 1
        try:
            kind, value = pickle.load(self.process.stdout)  # noqa: S301 (the pipe from our own child)
        except (EOFError, OSError, pickle.UnpicklingError, ValueError, TypeError):
            self.close()
            return None
        return value if kind == "done" else None

    def index(self, generation: Path, previous: Path | None, changed: set[str] | None,
              linked: dict[str, set[str]] | None) -> bool:
        """Have the helper save the claims index of ``generation`` (as
        :func:`~tradekg.graph.analysis.claims_index.save_claims_index` with these arguments);
        :meth:`indexed` says whether it did."""
        self.indexing = self._send(("index", str(generation), None if previous is None else str(previous),
                                    changed, linked))
        return self.indexing

    def indexed(self) -> int | None:
        """How many claims the index asked for read from the store, once it is saved; None
        if it was not (or none was asked for): the build saves it itself."""
        if not self.indexing:
            return None
        self.indexing = False
        value = self._answer()
        return value if isinstance(value, int) else None

    def ask(self, generation: Path) -> None:
        """Have the helper draw the page of ``generation`` (its claims index and conflicts saved)."""
        self.drawing = self._send(("timeline", str(generation)))

    def page(self) -> str | None:
        """The HTML the helper drew, or None if it did not (the build then draws it itself)."""
        if not self.drawing:
            return None
        self.drawing = False
        value = self._answer()
        return value if isinstance(value, str) else None

    def close(self) -> None:
        """Stop the helper at once, and wait until it has (a file it was writing is then as
        it will stay: the caller may remove it)."""
        process, self.process = self.process, None
        self.waiting = 0
        self.indexing = self.drawing = False
        if process is None:
            return
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                try:
                    pipe.close()
                except OSError:
                    pass
        process.kill()
        process.wait()


def _work(message: tuple[Any, ...]) -> Any:
    """What the helper sends back for one request."""
    if message[0] == "index":
        import pyoxigraph as ox

        from tradekg.graph.analysis.claims_index import save_claims_index

        _, generation, previous, changed, linked = message
        return save_claims_index(Path(generation), ox.Store.read_only(generation),
                                 None if previous is None else Path(previous), changed, linked)
    if message[0] == "timeline":
        return draw_timeline(Path(message[1]))
    raise ValueError(f"no such request: {message[0]!r}")


def _serve() -> None:
    """The helper's life: prepare, then answer each request until the build closes the pipe."""
    from tradekg.graph.build.workers import _die_with_parent

    _die_with_parent(int(sys.argv[1]))
    answers: IO[bytes] = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # what anything else prints goes to stderr, not into the answer
    # What drawing the page needs, made ready before it is asked for: the modules, oxrdflib's
    # store with rdflib's query path, and the code's fingerprint the saved answers are checked against.
    import pyoxigraph as ox

    import tradekg.graph.analysis.claims_index
    import tradekg.graph.analysis.conflicts
    import tradekg.graph.views.timeline_page  # noqa: F401
    from tradekg.graph.core.fingerprint import code_fingerprint
    from tradekg.graph.store.local import graph_over

    graph_over(ox.Store()).query("ASK {}")
    code_fingerprint()
    while True:
        try:
            message = pickle.load(sys.stdin.buffer)  # noqa: S301 (the pipe from the build that started us)
        except (EOFError, OSError, pickle.UnpicklingError):
            return  # the build is gone, or needs nothing more
        try:
            answer: tuple[str, Any] = ("done", _work(message))
        except Exception:  # the build does the work itself, and fails there if it fails
            answer = ("failed", None)
        pickle.dump(answer, answers, protocol=pickle.HIGHEST_PROTOCOL)
        answers.flush()
