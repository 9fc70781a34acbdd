"""Compile, validate and persist a corpus: what ``tradekg build`` and ``tradekg validate`` do.

Each source is compiled and validated on its own graph (so validation grows linearly with the
corpus), QC checks run over the merged store, and only a corpus with no errors is published:
a failed build leaves the previous store and files untouched.
"""

from __future__ import annotations

import os
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pyoxigraph as ox

from tradekg.graph.build.corpus import collector_paused, compile_corpus
from tradekg.graph.build.load import corpus_load_data, load_into, persist
from tradekg.graph.build.qc import qc_findings
from tradekg.graph.build.summary import INDEX_PAGE, BuildReport, overview_page, summarise
from tradekg.graph.build.workers import Progress
from tradekg.graph.core.atomic import atomic_output, remove_stale_temporaries, write_text_atomic
from tradekg.graph.core.errors import Problem, ValidationFailed
from tradekg.graph.core.namespaces import PREFIXES
from tradekg.graph.store.generations import build_lock, discard, new_generation, publish
from tradekg.graph.store.local import graph_over

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


def build(paths: Sequence[str | os.PathLike[str]] | None = None, out: str | os.PathLike[str] = "output",
          progress: Progress | None = None, lock_wait: float = 600.0, workers: int | None = None) -> BuildReport:
    """Compile, validate, persist (``OUT/store``), export (``OUT/tradekg.ttl``) and draw
    (``OUT/index.html``) a corpus.

    Raises ValidationFailed, listing every problem, when any source has an error; the
    previous store and files are then untouched. Two builds of one folder take turns.
    ``workers``: as for :func:`compile_corpus` (None: as suits the corpus and the machine).
    """
    started = time.monotonic()
    out_dir = Path(out)
    with collector_paused():
        corpus = compile_corpus(paths, progress, workers=workers, keep_triples=False)
    if corpus.errors:
        raise ValidationFailed(corpus.problems)
    with build_lock(out_dir, wait=lock_wait):
        remove_stale_temporaries(out_dir)
        generation = new_generation(out_dir)
        store: ox.Store | None = None
        persisting: ThreadPoolExecutor | None = None
        try:
            generation.mkdir()
            if progress:
                progress("storing", 0, 1)
            data = corpus_load_data(corpus)
            corpus.data = None
            store = ox.Store(str(generation))
            # RocksDB is filled in a thread (Oxigraph lets go of the GIL while it loads) while
            # the checks, the summary, the overview page and the Turtle are made from an
            # in-memory copy, where Oxigraph answers several times faster than from disk.
            persisting = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tradekg-persist")
            persisted = persisting.submit(persist, store, corpus, data)
            memory = ox.Store()
            load_into(memory, corpus, data)
            del data
            if progress:
                progress("checking", 0, 1)
            corpus.add_findings(qc_findings(graph_over(memory)))
            if corpus.errors:
                raise ValidationFailed(corpus.problems)
            triples = len(memory)
            entities, claims, sources = summarise(memory)
            turtle = out_dir / "tradekg.ttl"
            index = out_dir / INDEX_PAGE
            if progress:
                progress("drawing", 0, 1)
            page = overview_page(graph_over(memory), triples, entities, claims, sources)
            # Its own step: the timeline of the whole corpus, written beside index.html (they
            # link to each other) once the page and the Turtle are in place.
            from tradekg.graph.views.timeline_page import TIMELINE_PAGE, corpus_timeline_html

            timeline_page = corpus_timeline_html(graph_over(memory))
            if progress:
                progress("exporting", 0, 1)
            # Both files are complete on disk before either replaces its old version. The
            # in-memory store keeps the order the triples were loaded in, which is the same
            # from build to build.
            with atomic_output(index) as page_out, atomic_output(turtle, "wb") as handle:
                memory.dump(handle, ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=PREFIXES)
                del memory
                page_out.write(page)
                if progress:
                    progress("persisting", 0, 1)
                persisted.result()
            write_text_atomic(out_dir / TIMELINE_PAGE, timeline_page)
            persisting.shutdown()
            store = None  # close RocksDB before readers open it
        except BaseException:
            # Let the loading thread finish and close RocksDB first: its background work would
            # otherwise write files into the folder being removed.
            if persisting is not None:
                persisting.shutdown(wait=True)
            store = None
            discard(generation)
            raise
        link = publish(out_dir, generation)
    return BuildReport(out_dir, link, turtle, triples, entities, claims, sources,
                       [p for p in corpus.problems if p.severity == "warning"], time.monotonic() - started, index)
