"""Compile, validate and persist a corpus: what ``tradekg build`` and ``tradekg validate`` do.

Each source is compiled and validated on its own graph (so validation grows linearly with the
corpus), QC checks run over the merged store, and only a corpus with no errors is published:
a failed build leaves the previous store and files untouched.

The store keeps each source in its own named graph, the vocabulary in another and what several
sources produce (a party's description) in a third; queries see their union. A manifest beside
the store says what each source was built from, so the next build redoes only the sources that
were added, changed or removed, and what they can affect (:mod:`incremental`); a change to
tradekg itself, its vocabulary, shapes or QC checks, or to what a source defines for the others
(agreements, measures, concepts), rebuilds everything, as ``full=True`` does.
"""

from __future__ import annotations

import contextlib
import dataclasses
import os
import sys
import threading
import time
from collections.abc import Callable, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING

import pyoxigraph as ox

from tradekg.graph.build.corpus import Corpus, compile_corpus
from tradekg.graph.build.drawing import BuildHelper, save_described, save_edges
from tradekg.graph.build.early import take_early_helper, wants_helper
from tradekg.graph.build.export import graph_turtle, write_graphs_turtle
from tradekg.graph.build.load import (
    SHARED_GRAPH,
    VOCABULARY_GRAPH,
    ChunkedFiles,
    load_files,
    load_into,
    persist_files,
)
from tradekg.graph.build.manifest import FileState, build_fingerprint, file_state, load_manifest, save_manifest
from tradekg.graph.build.qc import qc_findings
from tradekg.graph.build.spread import spread_layout
from tradekg.graph.build.summary import INDEX_PAGE, BuildReport, counts_of, overview_page
from tradekg.graph.build.workers import FileDone, Progress, located_finding
from tradekg.graph.core.atomic import atomic_output, remove_stale_temporaries, write_text_atomic
from tradekg.graph.core.collector import collector_paused, keep_objects, objects_kept
from tradekg.graph.core.errors import Problem, ValidationFailed
from tradekg.graph.sources.discovery import discover_sources
from tradekg.graph.store.derived import remember_generation
from tradekg.graph.store.generations import (
    build_lock,
    current_generation,
    discard,
    manifest_of,
    new_generation,
    publish,
    remove_partial_generations,
)
from tradekg.graph.store.local import graph_over
from tradekg.graph.views.overview import whole_edges

if TYPE_CHECKING:
    from rdflib import Graph

    from tradekg.graph.analysis.conflicts import Conflict

__all__ = ["build", "validate_sources"]


def validate_sources(paths: Sequence[str | os.PathLike[str]] | None = None,
                     progress: Progress | None = None, workers: int | None = None) -> list[Problem]:
    """Every problem (errors and warnings) in the given sources, with locations; writes nothing."""
    with collector_paused():
        corpus = compile_corpus(paths, progress, workers=workers, keep_triples=False)
    if not corpus.errors:
        store = ox.Store()
        load_into(store, corpus)
        corpus.add_findings(qc_findings(graph_over(store)))
    return corpus.problems


def _clean_up(out_dir: Path) -> None:
    """Remove what killed builds left behind (call under the lock), and say so."""
    remove_stale_temporaries(out_dir)
    removed = remove_partial_generations(out_dir)
    if removed:
        names = ", ".join(p.name for p in removed)
        print(f"removed {len(removed)} partial store folder{'s' if len(removed) != 1 else ''} "
              f"a killed build left in {out_dir / removed[0].parent.name}: {names}", file=sys.stderr)


def build(paths: Sequence[str | os.PathLike[str]] | None = None, out: str | os.PathLike[str] = "output",
          progress: Progress | None = None, lock_wait: float = 600.0, workers: int | None = None,
          full: bool = False) -> BuildReport:
    """Compile, validate, persist (``OUT/store``), export (``OUT/tradekg.ttl``) and draw
    (``OUT/index.html``) a corpus.

    Raises ValidationFailed, listing every problem, when any source has an error; the
    previous store and files are then untouched. Two builds of one folder take turns.
    ``workers``: as for :func:`compile_corpus` (None: as suits the corpus and the machine).
    ``full``: rebuild every source even if the last build's manifest says most are unchanged.
    """

    started = time.monotonic()
    with objects_kept():  # the compiled corpus and the manifest, once made (see keep_objects)
        return _build(paths, Path(out), progress, lock_wait, workers, full, started)


def _build(paths: Sequence[str | os.PathLike[str]] | None, out_dir: Path, progress: Progress | None,
           lock_wait: float, workers: int | None, full: bool, started: float) -> BuildReport:
    from tradekg.graph.build import incremental

    # An update, most likely: its helper process gets ready from now on, if the corpus is
    # large enough for it to pay (see drawing).
    helper = BuildHelper.start() if wants_helper(out_dir, full) else None
    compiled: Corpus | None = None
    try:
        files = discover_sources(paths)
        if full or current_generation(out_dir) is None:
            # Nothing to update: compile first, so that a corpus with errors creates nothing at all.
            compiled = _compile_all(files, progress, workers)
        with build_lock(out_dir, wait=lock_wait):
            _clean_up(out_dir)
            fingerprint = build_fingerprint()
            previous = current_generation(out_dir)
            if helper is not None:
                helper.edges_from(previous)
            with collector_paused():  # made in the pause, kept out of the collector's passes before it ends
                manifest = None if compiled is not None or previous is None else load_manifest(manifest_of(previous))
                keep_objects()
            if manifest is not None and manifest.fingerprint == fingerprint and previous is not None:
                report = incremental.update(previous, manifest, files, out_dir, progress, workers, started, helper)
                if report is not None:
                    return report
                if incremental.stores_opened():  # (it found it needed a full build after opening them: no fork now)
                    workers = 1
            if helper is not None:
                helper.close()  # (before a full build, which has no use for it)
            return _full_build(files, out_dir, progress, workers, fingerprint, started, compiled)
    finally:
        if compiled is not None:  # (a build that failed before laying it out)
            compiled.close_workers(abort=True)
        if helper is not None:
            helper.close()
        unused = take_early_helper()  # (one started for a build that found it had no use for it)
        if unused is not None:
            BuildHelper(unused).close()


def _compile_all(files: list[Path], progress: Progress | None, workers: int | None) -> Corpus:
    """Every source compiled and validated, its workers left open holding the N-Triples (for
    spread_layout; the caller closes them); raises ValidationFailed if any has an error."""
    states = {str(f): file_state(str(f)) for f in files}  # before reading: an edit meanwhile is seen next time
    with collector_paused():
        corpus = compile_corpus(progress=progress, workers=workers, keep_triples=False, files=files, spread=True)
        keep_objects()
    corpus.states = states
    if corpus.errors:
        corpus.close_workers()
        raise ValidationFailed(corpus.problems)
    return corpus


def _full_build(files: list[Path], out_dir: Path, progress: Progress | None, workers: int | None,
                fingerprint: str, started: float, corpus: Corpus | None = None) -> BuildReport:
    from tradekg.graph.build.incremental import manifest_for

    generation = new_generation(out_dir)
    if corpus is None:
        corpus = _compile_all(files, progress, workers)
    # The N-Quads both stores load, beside the store (a name the clean-up of killed builds removes)
    nquads = ChunkedFiles(out_dir / f".{generation.name}.nq.tmp-{os.getpid()}")
    store: ox.Store | None = None
    persisting: ThreadPoolExecutor | None = None
    try:
        generation.mkdir()
        if progress:
            progress("storing", 0, 1)
        # Written to files as laid out, by the workers that compiled the sources (spread.py),
        # each source's N-Triples freed as it is written (the manifest needs the rest of what
        # was compiled): the corpus is never in memory twice, and Oxigraph reads the files
        # without the GIL.
        assert corpus.shards is not None  # (as _compile_all leaves them)
        data = spread_layout(corpus.shards, corpus.done, nquads)
        corpus.close_workers()
        nquads.close()
        store = ox.Store(str(generation))
        # RocksDB is filled in a thread (Oxigraph lets go of the GIL while it loads) while
        # the checks, the summary, the overview page and the Turtle are made from an
        # in-memory copy, where Oxigraph answers several times faster than from disk.
        persisting = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tradekg-persist")
        persisted = persisting.submit(persist_files, store, nquads.paths, data)
        memory = ox.Store()
        load_files(memory, nquads.paths, data)
        shared = data.shared
        del data
        # Then, in that thread once RocksDB is filled, each graph's Turtle (Oxigraph lets go of
        # the GIL for much of its writing): 1.5 s at 1M triples, made while the checks, the
        # claims index and the pages are made here, on the core the store is done with.
        order = graph_order(corpus.done)
        turtle = persisting.submit(_graphs_turtle, memory, order)
        if progress:
            progress("checking", 0, 1)
        found: list[Conflict] = []  # the conflicts, found once: for the warnings and the timeline page
        qc_problems = [(f.check, f.focus, located_finding(f, corpus.locate))
                       for f in qc_findings(graph_over(memory), found)]
        corpus.problems.extend(p for _, _, p in qc_problems)
        if corpus.errors:
            raise ValidationFailed(corpus.problems)
        triples = len(memory)
        counts = counts_of(memory)
        entities, claims, sources = counts.summary()
        unlisted = counts.unlisted_counts()
        known = whole_edges(graph_over(memory))
        save_edges(generation, known)
        page = _pages(memory, progress, found, generation,
                      lambda graph: overview_page(graph, triples, entities, claims, sources, known))
        save_described(generation, known)  # (what the overview found of its nodes, for the next build)
        if progress:
            progress("exporting", 0, 1)
        parts, turtle_state = _write_outputs(
            out_dir, memory, page, order, lambda g: turtle.result()[g],
            before_replacing=persisted.result if progress is None else
            lambda: (progress("persisting", 0, 1), persisted.result()))
        del memory
        turtle.result().clear()  # (written)
        persisting.shutdown()
        store = None  # close RocksDB before readers open it
        manifest = manifest_for(fingerprint, corpus, files, shared, qc_problems, (triples, entities, claims, sources))
        manifest.turtle_parts, manifest.turtle_state = parts, turtle_state
        manifest.unlisted, manifest.counts = unlisted, counts
        save_manifest(manifest_of(generation), manifest)
    except BaseException:
        # Let the loading thread finish and close RocksDB first: its background work would
        # otherwise write files into the folder being removed (the Turtle, if not begun, is not).
        if persisting is not None:
            persisting.shutdown(wait=True, cancel_futures=True)
        store = None
        discard(generation)
        raise
    finally:
        corpus.close_workers(abort=True)  # (failed while laying it out)
        nquads.remove()
    link = publish(out_dir, generation)
    return dataclasses.replace(report_of(out_dir, link, triples, entities, claims, sources, corpus.problems, started),
                               unlisted=unlisted)


def _graphs_turtle(store: ox.Store, graphs: list[str]) -> dict[str, bytes]:
    return {g: graph_turtle(store, g) for g in graphs}


def report_of(out_dir: Path, link: Path, triples: int, entities: dict[str, int], claims: dict[str, int],
              sources: list[tuple[str, str, int]], problems: list[Problem], started: float) -> BuildReport:
    return BuildReport(out_dir, link, out_dir / "tradekg.ttl", triples, entities, claims, sources,
                       [p for p in problems if p.severity == "warning"], time.monotonic() - started,
                       out_dir / INDEX_PAGE)


def _pages(store: ox.Store, progress: Progress | None, found: list[Conflict], generation: Path,
           overview: Callable[[Graph], str]) -> tuple[str, str]:
    """The HTML of a full build's overview page and of the timeline of the whole corpus beside
    it (they link to each other), made before anything is published. ``found``: every conflict
    between the sources (:func:`~tradekg.graph.analysis.conflicts.every_conflict`), which the
    timeline flags and which is saved beside ``generation`` for readers of its store, with the
    claims index. ``overview``: the overview page of a graph over ``store``. (An incremental
    build makes them with its helper: see :mod:`.incremental` and :mod:`.drawing`.)"""
    from tradekg.graph.analysis.claims_index import save_claims_index
    from tradekg.graph.analysis.conflicts import save_conflicts, select_conflicts
    from tradekg.graph.views.timeline_page import corpus_timeline_html

    if progress:
        progress("drawing", 0, 1)
    save_conflicts(generation, found)
    save_claims_index(generation, store)
    # The pages read the claims from the index just saved (it holds what ``store`` holds), as
    # readers of the published store do: the timeline's dates of every claim, 1 s at 1M triples
    # from the store in memory, are one SQLite query.
    graph = remember_generation(graph_over(store), generation)
    timeline = corpus_timeline_html(graph, select_conflicts(found))
    return overview(graph), timeline


def graph_order(corpus_done: list[FileDone], kept: list[str] | None = None) -> list[str]:
    """The graphs in the order ``tradekg.ttl`` holds them: the vocabulary, the shared graph, the sources."""
    return [VOCABULARY_GRAPH, SHARED_GRAPH, *(kept if kept is not None else [d.source_iri for d in corpus_done])]


def _synced(fd: int) -> None:
    """fsync ``fd`` ahead of time: a failure is left to the fsync that closes the file, which reports it."""
    with contextlib.suppress(OSError):
        os.fsync(fd)


def _write_outputs(out_dir: Path, store: ox.Store, page: tuple[str, str] | Callable[[], tuple[str, str]],
                   graphs: list[str], part: Callable[[str], bytes | tuple[int, int, int]] | None = None,
                   before_replacing: Callable[[], object] | None = None,
                   turtle_written: Callable[[dict[str, tuple[int, int]], FileState], object] | None = None,
                   ) -> tuple[dict[str, tuple[int, int]], FileState]:
    """Write ``tradekg.ttl`` and ``index.html``: both complete on disk before either replaces
    its old version; then ``timeline.html`` (``page``: the overview's and the timeline's HTML,
    or what gives them once the Turtle is written). ``before_replacing`` runs once both are
    written (waiting for the store); ``turtle_written`` as soon as the Turtle is, with what
    this returns. Returns where each graph's part is in the Turtle, and the Turtle file's state."""
    from tradekg.graph.views.timeline_page import TIMELINE_PAGE

    turtle = out_dir / "tradekg.ttl"
    with atomic_output(out_dir / INDEX_PAGE) as page_out, atomic_output(turtle, "wb") as handle:
        parts = write_graphs_turtle(handle, graphs, part or (lambda g: graph_turtle(store, g)))
        handle.flush()
        # Its size, time and inode, not its content's hash (0.1 s at 1M triples): the next
        # build copies parts of it only while these are as written (see reuse.previous_turtle);
        # the file keeps them when it replaces the old one.
        st = os.fstat(handle.fileno())
        state: FileState = (st.st_size, st.st_mtime_ns, st.st_ino, "")
        # On disk while the manifest is saved and the pages are asked for (an update's helper
        # may still be drawing them), in a thread (fsync lets go of the GIL): once the overview
        # was written, this took 0.04 s of an update at 1M triples, and 0.03 s after the manifest.
        syncing = threading.Thread(target=_synced, args=(handle.fileno(),), name="tradekg-fsync")
        syncing.start()
        try:
            if turtle_written is not None:
                turtle_written(parts, state)
            overview, timeline = page() if callable(page) else page
        finally:
            syncing.join()
        page_out.write(overview)
        if before_replacing is not None:
            before_replacing()
    write_text_atomic(out_dir / TIMELINE_PAGE, timeline)
    return parts, state
