"""An incremental build's pages, drawn in a helper process while the build saves the claims
index, runs its checks and writes the Turtle and its manifest.

At a million triples an incremental build spent, one after the other on one core of a
machine that has two, 0.6 s on the QC checks and the conflicts, 0.2 s on the claims index, and
0.8 s on each of its two pages, and it read and wrote the overview's edges with its manifest
(0.2 s and 0.1 s). The overview needs only the new store (read-only once written), what
entered and left it, the summary's counts and the previous generation's edges
(:func:`saved_edges`); the timeline needs the claims index and, only once the rest of it is
made, the conflicts the checks flag. So a helper process, started when the build begins its
work (``tradekg build`` starts it before importing the build: see early), reads the previous
edges and imports what it needs meanwhile, on the other core; as soon
as the store is written it is asked for the overview (saving the updated edges beside the new
generation) and, once the build has saved the index, for the timeline, whose conflicts follow
when the checks have found them; meanwhile the build writes ``tradekg.ttl`` and the new
manifest. (The helper saved the index too, until traces showed its work ending 0.04-0.1 s
after the build's: the index, 0.03-0.06 s, moved to the build.)

The helper is a fresh interpreter (``python -c``), not a fork: the build holds RocksDB
handles and their threads by then, and a fork would copy their locks mid-use; nor
``multiprocessing``'s spawn, which runs the caller's main module again (a script calling
:func:`~tradekg.graph.build.pipeline.build` without a ``__main__`` guard would build again).
It dies with the build (Linux ``PR_SET_PDEATHSIG``), and the build stops it before removing
a failed generation. Whatever goes wrong with it (it cannot start, dies or fails), the build
does that work itself: the edges and the pages are always those the build would
make alone; tests compare the two.
"""

from __future__ import annotations

import functools
import gc
import os
import pickle
import select
import struct
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox

from tradekg.graph.build.early import spawn_helper, take_early_helper
from tradekg.graph.core.atomic import atomic_output, hard_linked
from tradekg.graph.core.fingerprint import code_fingerprint
from tradekg.graph.store.derived import derived_file
from tradekg.graph.views.overview import EdgeChanges, WholeEdges

if TYPE_CHECKING:
    from tradekg.graph.analysis.evidence import Described
    from tradekg.graph.views.timeline_page import Conflict

__all__ = ["MAX_KEPT_CHANGES", "BuildHelper", "draw_overview", "save_described", "save_edges", "saved_edges"]

_EDGES_VERSION = 1


def _edges_file(generation: Path) -> Path:
    return derived_file(generation, "edges").with_suffix(".pickle")  # (beside it, as the other answers)


def _base_file(generation: Path) -> Path:
    return derived_file(generation, "edges-base").with_suffix(".pickle")


def _described_file(generation: Path) -> Path:
    return derived_file(generation, "described").with_suffix(".pickle")


def save_described(generation: Path, edges: WholeEdges) -> None:
    """Keep what the overview of ``generation`` found of its nodes (``edges.described``) beside it."""
    _pickle_saved(_described_file(generation), edges.described)


# The changes kept at most on top of edges saved whole, in edges and claims: past them the
# edges are saved whole again (at 1M triples 115,000 edges, pickled in 0.07 s, which was
# most of what an added source cost the helper before it drew the overview; one source's
# changes are a few dozen, pickled in well under a millisecond).
MAX_KEPT_CHANGES = 20_000


def save_edges(generation: Path, edges: WholeEdges, previous: Path | None = None, same: bool = False) -> None:
    """Keep ``edges`` (what the overview of ``generation`` reads of the whole graph) beside it,
    for the next build to update: pickled, with the code that wrote them.

    ``previous``: the generation whose saved edges they were updated from (``same``: and are,
    unchanged). Then the file is a hard link to that one's; or, while ``edges.changes`` hold at
    most :data:`MAX_KEPT_CHANGES`, it holds only those, and the edges they start from are a
    hard link to the file that has them (published generations' files are never written
    again); otherwise, or if a link cannot be made, they are pickled whole.
    """
    kept = sum(map(len, edges.changes))
    if previous is not None and 0 < kept <= MAX_KEPT_CHANGES:
        # (the edges the changes start from: the previous generation's own file, when they
        # had no changes before this one, or the one its file names)
        start = _edges_file(previous) if len(edges.changes) == 1 and not same else _base_file(previous)
        if hard_linked(start, _base_file(generation)):
            if same and hard_linked(_edges_file(previous), _edges_file(generation)):
                return
            _pickle_saved(_edges_file(generation), _Changes(edges.changes))
            return
    elif previous is not None and same and not edges.changes and hard_linked(_edges_file(previous),
                                                                         _edges_file(generation)):
        return
    _pickle_saved(_edges_file(generation), edges)
    edges.changes = []  # (saved whole: the next changes start from these)


@dataclass
class _Changes:
    """What a file of saved edges holds when it holds only the changes since the edges of
    its ``edges-base`` file."""

    changes: list[EdgeChanges]


def _pickle_saved(path: Path, value: WholeEdges | _Changes | dict[str, Described]) -> None:
    """Write what a build keeps beside a generation for the overview (its edges, their changes,
    its nodes' descriptions), pickled with the code that wrote it; read by :func:`_unpickled_saved`."""
    with atomic_output(path, "wb") as handle:
        pickle.dump((_EDGES_VERSION, code_fingerprint(), value), handle, protocol=pickle.HIGHEST_PROTOCOL)


def _unpickled_saved(path: Path) -> Any:
    try:
        with open(path, "rb") as handle:
            # tradekg's own file in the build's output folder (as the manifest beside it)
            version, fingerprint, value = pickle.load(handle)  # noqa: S301
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError, ImportError, TypeError, ValueError):
        return None
    return value if version == _EDGES_VERSION and fingerprint == code_fingerprint() else None


def saved_edges(generation: Path | None) -> WholeEdges | None:
    """What :func:`save_edges` kept beside ``generation``, or None: none kept, unreadable, or
    written by other code (the caller then reads the edges from the store)."""
    if generation is None:
        return None
    from tradekg.graph.core.collector import collector_paused

    with collector_paused():
        value = _unpickled_saved(_edges_file(generation))
        if isinstance(value, _Changes):
            edges = _unpickled_saved(_base_file(generation))
            if not isinstance(edges, WholeEdges) or not all(isinstance(c, EdgeChanges) for c in value.changes):
                return None
            for change in value.changes:
                change.apply(edges)
            edges.changes = list(value.changes)
        elif isinstance(value, WholeEdges):
            edges = value
        else:
            return None
        described = _unpickled_saved(_described_file(generation))  # (none saved: all asked about)
        if isinstance(described, dict):
            edges.described = described
    return edges


def draw_overview(generation: Path, store: ox.Store, previous: WholeEdges | None, entered: Iterable[ox.Triple],
                  exited: Iterable[ox.Triple], triples: int, entities: dict[str, int], claims: dict[str, int],
                  sources: list[tuple[str, str, int]], previous_generation: Path | None = None) -> str:
    """The overview page of ``generation`` (its ``store``), its edges saved beside it: the
    ``previous`` generation's updated with the triples that ``entered`` and ``exited`` the
    union, or, with no previous edges, read from the store. ``previous_generation``: where
    ``previous`` was saved; when the change left the edges as they were (an edited title), the
    new generation's file is a hard link to that one (pickling them took 0.1 s at 1M triples)."""
    from tradekg.graph.build.summary import overview_page
    from tradekg.graph.store.derived import remember_generation
    from tradekg.graph.store.local import graph_over
    from tradekg.graph.views.overview import updated_whole_edges, whole_edges

    graph = remember_generation(graph_over(store), generation)
    if previous is None:
        known = whole_edges(graph)
        save_edges(generation, known)
    else:
        known = updated_whole_edges(previous, store, entered, exited)
        save_edges(generation, known, previous_generation, same=known.changes is previous.changes)
    page = overview_page(graph, triples, entities, claims, sources, known)
    save_described(generation, known)
    return page


class BuildHelper:
    """A helper process that draws the overview and the timeline pages on request
    (see the module). Each request is answered in turn; a request that cannot be made or
    answered is answered None, and the build does the work itself."""

    def __init__(self, process: subprocess.Popen[bytes] | None) -> None:
        self.process = process
        self.pending: list[str] = []  # the requests sent and not yet answered, by kind, in order
        self.writer: threading.Thread | None = None  # writing the last request

    @classmethod
    def start(cls) -> BuildHelper:
        """Start the helper (or take the one started early: see early); it prepares itself while
        the build goes on."""
        return cls(take_early_helper() or spawn_helper())

    def _send(self, message: tuple[Any, ...], answered: bool = True) -> bool:
        """Send ``message`` without waiting for the helper to read it: a thread writes it (the
        helper reads a request only once it has answered the one before, and a pipe holds 64 KB:
        the overview's request waited 0.56 s for the index to be saved)."""
        if self.process is None or self.process.stdin is None:
            return False
        data = pickle.dumps(message, protocol=pickle.HIGHEST_PROTOCOL)
        writer = threading.Thread(target=_write, args=(self.process.stdin, data, self.writer),
                                  name="tradekg-helper-request", daemon=True)
        writer.start()
        self.writer = writer
        if answered:
            self.pending.append(message[0])
        return True

    def edges_from(self, previous: Path | None) -> None:
        """Tell the helper the generation the build starts from: it reads that generation's
        edges (:func:`saved_edges`) when it has nothing else to do, or when asked for the overview."""
        self._send(("edges", None if previous is None else str(previous)), answered=False)

    def _answer(self, kind: str) -> Any | None:
        """The answer to the request of ``kind`` sent last, or None (none sent, or it failed);
        the answers to requests sent before it and not asked for are passed over."""
        if kind not in self.pending or self.process is None or self.process.stdout is None:
            return None
        while self.pending:
            answered = self.pending.pop(0)
            try:
                outcome, value = pickle.load(self.process.stdout)  # noqa: S301 (the pipe from our own child)
            except (EOFError, OSError, pickle.UnpicklingError, ValueError, TypeError):
                self.close()
                return None
            if answered == kind:
                return value if outcome == "done" else None
        return None

    def overview(self, generation: Path, entered: set[ox.Triple], exited: set[ox.Triple], triples: int,
                 entities: dict[str, int], claims: dict[str, int], sources: list[tuple[str, str, int]]) -> bool:
        """Have the helper draw the overview page of ``generation`` (as :func:`draw_overview`,
        from the edges of the generation it was started with); :meth:`overview_page` gives it."""
        return self._send(("overview", str(generation), entered, exited, triples, entities, claims, sources))

    def overview_page(self) -> str | None:
        """The HTML of the overview the helper drew (its edges saved), or None if it did not
        (the build then draws it itself)."""
        value = self._answer("overview")
        return value if isinstance(value, str) else None

    def timeline(self, generation: Path) -> bool:
        """Have the helper draw the timeline page of the whole corpus of ``generation`` (as
        :func:`~tradekg.graph.views.timeline_page.corpus_timeline_html`, reading its claims
        index, which must be saved by now); it waits for the conflicts to flag, which
        :meth:`flag` sends, only once the rest is made. :meth:`timeline_page` gives it."""
        return self._send(("timeline", str(generation)))

    def flag(self, flagged: list[Conflict]) -> None:
        """Send the timeline asked for the conflicts it flags (those the checks found)."""
        self._send(("flagged", flagged), answered=False)

    def timeline_page(self) -> str | None:
        """The HTML of the timeline the helper drew, or None if it did not (the build then draws it)."""
        value = self._answer("timeline")
        return value if isinstance(value, str) else None

    def close(self) -> None:
        """Stop the helper at once, and wait until it has (a file it was writing is then as
        it will stay: the caller may remove it)."""
        process, self.process = self.process, None
        self.pending.clear()
        if process is None:
            return
        process.kill()
        process.wait()
        if self.writer is not None:  # (a request not yet written fails on the broken pipe)
            self.writer.join()
            self.writer = None
        for pipe in (process.stdin, process.stdout):
            if pipe is not None:
                try:
                    pipe.close()
                except OSError:
                    pass


def _write(pipe: IO[bytes], data: bytes, before: threading.Thread | None) -> None:
    """Write one request to the helper, after the one before it (a dead helper: the answer
    that never comes says so)."""
    if before is not None:
        before.join()
    try:
        pipe.write(struct.pack("<Q", len(data)) + data)  # (framed: the helper reads it whole, unbuffered)
        pipe.flush()
    except (OSError, ValueError):  # (ValueError: the build closed the pipe)
        pass


def _read(fd: int, size: int) -> bytes | None:
    """``size`` bytes from ``fd``, or None at its end."""
    parts = []
    while size:
        part = os.read(fd, min(size, 1 << 20))
        if not part:
            return None
        parts.append(part)
        size -= len(part)
    return b"".join(parts)


def _request(fd: int) -> Any | None:
    """The next request the build sent, or None: the build is gone, or needs nothing more."""
    head = _read(fd, 8)
    data = None if head is None else _read(fd, struct.unpack("<Q", head)[0])
    if data is None:
        return None
    try:
        return pickle.loads(data)  # noqa: S301 (the pipe from the build that started us)
    except (pickle.UnpicklingError, EOFError, ValueError, TypeError, AttributeError, ImportError):
        return None


@functools.lru_cache(maxsize=1)
def _opened(generation: str) -> ox.Store:
    """``generation``'s store, read-only, opened once for every request about it: what one
    request read (RocksDB's block cache) is there for the next."""
    return ox.Store.read_only(generation)


def _work(message: tuple[Any, ...], edges: WholeEdges | None, edges_from: Path | None = None,
          following: Callable[[], Any] = lambda: None) -> Any:
    """What the helper sends back for one request (``following``: the next request, which the
    timeline's is followed by: the conflicts it flags)."""
    if message[0] == "overview":
        _, generation, entered, exited, triples, entities, claims, sources = message
        return draw_overview(Path(generation), _opened(generation), edges, entered, exited,
                             triples, entities, claims, sources, previous_generation=edges_from)
    if message[0] == "timeline":
        from tradekg.graph.store.derived import remember_generation
        from tradekg.graph.store.local import graph_over
        from tradekg.graph.views.timeline_page import corpus_timeline_html

        def flagged() -> list[Conflict]:
            sent = following()
            if not (isinstance(sent, tuple) and sent[0] == "flagged"):
                raise ValueError("the timeline's conflicts did not come")
            return sent[1]

        graph = remember_generation(graph_over(_opened(message[1])), Path(message[1]))
        return corpus_timeline_html(graph, flagged=flagged)
    raise ValueError(f"no such request: {message[0]!r}")


def _answer_with(answers: IO[bytes], answer: tuple[str, Any], before: threading.Thread | None) -> None:
    """Send one answer to the build, after the one before it (a build gone: nobody waits)."""
    if before is not None:
        before.join()
    try:
        pickle.dump(answer, answers, protocol=pickle.HIGHEST_PROTOCOL)
        answers.flush()
    except (OSError, ValueError):
        pass


def _warm_up() -> list[Callable[[], object]]:
    """What the pages make once per process, made while the helper waits, in the order the
    work needs them: the ontology's path relations (0.045 s), pyvis imported (0.027 s),
    vis-network's bundle escaped for the page (0.013 s), the page parts and their template
    compiled (0.007 s), the timeline's template (0.006 s) and its bundle escaped (0.014 s)."""
    from tradekg.graph.analysis.projection import path_relations
    from tradekg.graph.views.html import _view_environment, inline_script, pyvis_network, vis_network_js
    from tradekg.graph.views.pages import _environment
    from tradekg.graph.views.timeline_page import TIMELINE_TEMPLATE, timeline_scripts

    return [path_relations, pyvis_network, vis_network_js, lambda: _view_environment().get_template("view.html"),
            lambda: _environment().get_template(TIMELINE_TEMPLATE),
            lambda: [inline_script(text, name) for name, text in timeline_scripts()]]


def _prepared(generation: Path | None) -> WholeEdges | None:
    """The edges saved beside ``generation``, with each node's neighbours (what the overview
    ranks its nodes by, updated rather than made again: see updated_whole_edges)."""
    from tradekg.graph.core.collector import collector_paused

    with collector_paused():  # (and frozen before the collector sees them: see _serve)
        edges = saved_edges(generation)
        gc.freeze()
    if edges is not None:
        edges.neighbours()
    return edges


def _serve() -> None:
    """The helper's life: prepare, then answer each request until the build closes the pipe."""
    from tradekg.graph.core.lifetime import die_with_parent

    die_with_parent(int(sys.argv[1]))
    answers: IO[bytes] = os.fdopen(os.dup(1), "wb")
    os.dup2(2, 1)  # what anything else prints goes to stderr, not into the answer
    requests = sys.stdin.fileno()
    # What the work needs, made ready before it is asked for: the modules (not rdflib's query
    # path, which the work does not take: see local._UnionCarrier); then, when no request
    # waits, the previous generation's edges and their nodes' neighbours.
    import tradekg.graph.analysis.claims_index
    import tradekg.graph.build.summary
    import tradekg.graph.store.local
    import tradekg.graph.views.html
    import tradekg.graph.views.layout
    import tradekg.graph.views.timeline_page  # noqa: F401
    edges_from: Path | None = None
    edges: WholeEdges | None = None
    writer: threading.Thread | None = None
    loaded = True
    warming = _warm_up()
    while True:
        # What the helper has made by now (the modules, the edges: millions of objects at 1M
        # triples, none in a cycle) is left out of the collector's passes from here on
        # (gc.freeze): its passes over them took 50-100 ms of each build's helper, half of it
        # while drawing.
        gc.freeze()
        if (not loaded or warming) and not select.select([requests], [], [], 0)[0]:
            if not loaded:
                edges, loaded = _prepared(edges_from), True
            else:
                try:
                    warming.pop(0)()
                except Exception:  # noqa: S110 (the work that needs it fails, and says so, if it fails again)
                    pass
            continue
        message = _request(requests)
        if message is None:  # (the build is gone, or needs no more answers: none is waited for)
            return
        if message[0] == "edges":  # (no answer)
            edges_from, edges, loaded = (None if message[1] is None else Path(message[1])), None, False
            continue
        if message[0] == "flagged":  # (no answer: the conflicts for a timeline that failed before it read them)
            continue
        if message[0] == "overview" and not loaded:
            edges, loaded = _prepared(edges_from), True
        try:
            answer: tuple[str, Any] = ("done", _work(message, edges, edges_from, lambda: _request(requests)))
        except Exception:  # the build does the work itself, and fails there if it fails
            answer = ("failed", None)
        # Written by a thread, so that the next request is worked on meanwhile: the build
        # reads an answer only when it needs it, and a page does not fit in the pipe (the
        # timeline waited 0.64 s at 1M triples for the build to take the overview).
        writer = threading.Thread(target=_answer_with, args=(answers, answer, writer),
                                  name="tradekg-helper-answer", daemon=True)
        writer.start()
