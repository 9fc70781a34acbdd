"""Update the last build in place of rebuilding it: redo only the sources that were added,
changed or removed, and what they can affect.

What a source's compilation and validation read of the others: the corpus index (what each
file defines and the ids and kinds of its claims) and the rdf:types the corpus states for the
IRIs it points at. So, after compiling the changed sources:

- if what a changed, added or removed file defines for the others (agreements, measures,
  concepts) changed, or an RDF file changed (it may state anything about anything), the
  build is full;
- every unchanged source that points at an IRI whose types changed (a claim removed or of
  another kind, a source gone) is compiled and validated again;
- the QC checks run again for every node a changed triple touches and every node pointing at
  one (a check reads the focus node and the nodes one step from it), the rest of their
  findings kept; the conflicts between sources are those the previous build saved, each pair
  with a claim within :data:`~tradekg.graph.build.recheck.CONFLICT_STEPS` triples of a
  changed node found again (the QC warnings and the timeline page both use them).

The previous store is copied as a RocksDB checkpoint (hard links: it is not changed, and a
failed or killed update leaves it as it was), the changed graphs replaced in the copy, and the
copy published as a full build's store would be.

Nothing is loaded into memory. What reads the whole corpus reads the new store about the nodes
the change touched, or is updated from what the previous build kept and the triples that
entered and left the union: the triple count, the summary's counts (:func:`updated_counts`),
what the overview draws (:func:`updated_whole_edges`), the claims index and the conflicts. The
new ``tradekg.ttl`` copies the previous one's part of each graph the change left alone.
"""

from __future__ import annotations

import os
import pickle
import threading
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from tradekg.graph.analysis.conflicts import save_conflicts, select_conflicts
from tradekg.graph.build.corpus import Corpus, MergedTypes, compile_corpus
from tradekg.graph.build.drawing import BuildHelper, draw_overview, saved_edges
from tradekg.graph.build.export import graph_turtle, triples_turtle
from tradekg.graph.build.load import SHARED_GRAPH, VOCABULARY_GRAPH, Shared, blank_prefix, blank_quads, split_lines
from tradekg.graph.build.manifest import (
    FileState,
    Manifest,
    SourceRecord,
    definitions_of,
    file_state,
    save_manifest,
)
from tradekg.graph.build.recheck import checks_after, term_string
from tradekg.graph.build.reuse import previous_turtle, read_part, turtle_unchanged
from tradekg.graph.build.summary import BuildReport, counts_of, updated_counts
from tradekg.graph.build.workers import FileRead, Progress, worker_count
from tradekg.graph.core.collector import collector_paused, keep_objects
from tradekg.graph.core.errors import Problem, ValidationFailed
from tradekg.graph.sources.authoring.format import CorpusIndex
from tradekg.graph.sources.discovery import AUTHORING_SUFFIXES
from tradekg.graph.sources.vocabulary import tables, use_tables
from tradekg.graph.store.generations import discard, manifest_of, new_generation, publish
from tradekg.graph.store.local import graph_over
from tradekg.graph.views.timeline_page import Conflict, flagged_conflicts

__all__ = ["manifest_for", "stores_opened", "update"]

def _is_rdf(path: str) -> bool:
    return Path(path).suffix.lower() not in AUTHORING_SUFFIXES


def manifest_for(fingerprint: str, corpus: Corpus, files: list[Path], shared: Shared,
                 qc_problems: list[tuple[str, str, Problem]], summary: tuple,
                 kept: dict[str, SourceRecord] | None = None) -> Manifest:
    """The manifest of a build: a record per source (from ``corpus``, or ``kept`` unchanged)."""
    done = {item.path: item for item in corpus.done}
    records: dict[str, SourceRecord] = {}
    # One object for each IRI and each tuple of types however many sources name it (each
    # worker made its own): pickle then writes each once, which halves the manifest at 1M
    # triples (49 MB to 22 MB) and the time to save and load it.
    pool: dict = {}
    one = pool.setdefault
    for n, f in enumerate(files):
        path = str(f)
        item = done.get(path)
        if item is None:  # unchanged: its record, at its place in the corpus
            assert kept is not None
            record = kept[path]
            record.position = n
            records[path] = record
            continue
        read = corpus.reads.get(path)
        old = (kept or {}).get(path)
        entry = read.entry if read is not None else None
        texts = {t: file_state(t, (old.texts.get(t) if old else None)) for t in (read.texts if read else [])}
        concept_text = ""
        if entry is None and read is not None and read.rdf_text:
            probe = CorpusIndex()
            probe.add_rdf_concepts(path, read.rdf_text)
            concept_text = read.rdf_text if probe.concepts else ""
        records[path] = SourceRecord(
            path, item.source_iri, n, corpus.states.get(path) or file_state(path), texts, entry is None,
            None if entry is None else pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL),
            definitions_of(entry),
            {one(k, k): one(v, tuple(one(t, t) for t in v)) for k, v in item.types.items()},
            frozenset(one(r, r) for r in item.refs),
            [read.problem] if read is not None and read.problem is not None else [],
            corpus.compile_problems.get(path, []), item.problems, {one(k, k): n for k, n in item.lines.items()},
            concept_text)
    manifest = Manifest(fingerprint, records, shared, list(corpus.index_problems), qc_problems, summary)
    manifest.index = corpus.index
    manifest.tables = tables()
    return manifest


def _problems(manifest: Manifest) -> list[Problem]:
    """Every problem of a build, in the order a full build reports them."""
    records = sorted(manifest.sources.values(), key=lambda r: r.position)
    out = [*manifest.index_problems]
    for r in records:
        out.extend(r.compile_problems)
    for r in sorted(records, key=lambda r: (r.rdf, r.position)):
        out.extend(r.finish_problems)
    out.extend(p for _, _, p in manifest.qc_problems)
    return out


def _report(out_dir: Path, link: Path, manifest: Manifest, started: float, redone: tuple[str, ...] = (),
            removed: tuple[str, ...] = ()) -> BuildReport:
    from tradekg.graph.build.pipeline import report_of

    triples, entities, claims, sources = manifest.summary
    report = report_of(out_dir, link, triples, entities, claims, sources, _problems(manifest), started)
    report.redone, report.removed, report.unlisted = redone, removed, manifest.unlisted
    return report


_STORES_OPENED: list[bool] = []  # (see stores_opened)


def stores_opened() -> bool:
    """Whether the last :func:`update` in this process opened a RocksDB store: a full build that
    follows it (the update found it needed one) then compiles in this process, forking no worker
    while RocksDB's threads run (see _Checkpoint)."""
    return bool(_STORES_OPENED)


class _Checkpoint:
    """The new generation's store: a RocksDB checkpoint of the previous store (hard links to its
    files, which stay as they were), opened for writing.

    ``early``: made in a thread from now on, while the changed sources compile in this process
    (opening the two stores took 60-90 ms of an incremental build at 1M triples, and RocksDB
    lets go of the GIL meanwhile); the build then forks no worker process, as no build does
    once RocksDB's threads run (the sources a change affects compile in this process too, and
    so does a full build the update turns out to need: :func:`stores_opened`). Otherwise made
    when first asked for."""

    def __init__(self, previous: Path, out_dir: Path, early: bool) -> None:
        self.previous, self.generation = previous, new_generation(out_dir)
        self._store: ox.Store | None = None
        self._failed: BaseException | None = None
        self._thread: threading.Thread | None = None
        if early:
            self._thread = threading.Thread(target=self._make, name="tradekg-checkpoint", daemon=True)
            self._thread.start()

    def _make(self) -> None:
        _STORES_OPENED.append(True)
        try:
            ox.Store.read_only(str(self.previous)).backup(str(self.generation))
            self._store = ox.Store(str(self.generation))
        except BaseException as exc:  # (raised in the build's thread, by store())
            self._failed = exc

    def store(self) -> ox.Store:
        """The store, once made (what made it fail is raised here), handed over: closing it is
        the caller's (it closes it once written, so that no compaction runs on in the background)."""
        if self._thread is None:
            self._make()
        else:
            self._thread.join()
        if self._failed is not None:
            raise self._failed
        store, self._store = self._store, None
        assert store is not None
        return store

    def discard(self) -> None:
        """Drop the store and remove the generation (the caller holds no reference to the store)."""
        if self._thread is not None:
            self._thread.join()
        self._store = None
        discard(self.generation)


def update(previous: Path, manifest: Manifest, files: list[Path], out_dir: Path, progress: Progress | None,
           workers: int | None, started: float, helper: BuildHelper | None = None) -> BuildReport | None:
    """Bring the build at ``previous`` (with its ``manifest``) up to date with ``files``.
    ``helper``: a helper process to make the claims index and the overview (see drawing); the
    caller closes it.

    Returns None when the change needs a full build. Raises ValidationFailed as a build does.
    """
    _STORES_OPENED.clear()
    if manifest.tables:  # (made by this tradekg from these files: the fingerprints are the same)
        use_tables(manifest.tables)
    old = manifest.sources
    paths = [str(f) for f in files]
    states = {}
    redo: set[str] = set()
    for path in paths:
        record = old.get(path)
        states[path] = file_state(path, record.file if record else None)
        if record is None or states[path][3] != record.file[3] \
                or any(file_state(t, s)[3] != s[3] for t, s in record.texts.items()):
            redo.add(path)  # by content: a file written again as it was is unchanged
    present = set(paths)
    removed = [p for p in old if p not in present]
    if removed:
        real = {os.path.realpath(p) for p in paths}
        if any(os.path.realpath(p) in real for p in removed):
            return None  # a file named otherwise than last time (./a, /abs/a): its problems name it anew
    if not redo and not removed and [old[p].position for p in paths] == list(range(len(paths))):
        return _report(out_dir, out_dir / "store", manifest, started)  # nothing to do
    if any(_is_rdf(p) for p in (*redo, *removed)) or any(old[p].definitions for p in removed):
        return None
    # The checkpoint, made while the change compiles here once its files read define nothing anew (see _Checkpoint)
    forking = (worker_count(len(redo)) if workers is None else workers) > 1
    early: list[_Checkpoint] = []
    defines: list[bool] = []  # (whether they do, once read)

    def read(reads: dict[str, FileRead]) -> None:
        defines.append(_defines_otherwise(reads, redo, old))
        if not forking and not defines[0]:
            early.append(_Checkpoint(previous, out_dir, early=True))

    handed_over = False
    try:
        with collector_paused():
            corpus = compile_corpus(progress=progress, workers=workers, keep_triples=False, files=files,
                                    cached=old, redo=redo, cached_index=manifest.index, after_reading=read)
            if defines[0]:
                return None
            affected = _affected(old, corpus, redo, removed, paths)
            if affected:
                before = {p: old[p].types for p in affected}
                corpus = compile_corpus(progress=progress, workers=1 if early else workers, keep_triples=False,
                                        files=files, cached=old, redo=redo | affected, cached_index=manifest.index)
                if any(item.types != before[item.path] for item in corpus.done if item.path in affected):
                    return None  # what it states changed too: not worth chasing further
            keep_objects()
        corpus.states = states
        if corpus.errors:
            raise ValidationFailed(corpus.problems)
        handed_over = True
    finally:
        if not handed_over:  # (a full build follows, or the error is raised)
            for checkpoint in early:
                checkpoint.discard()
    checkpoint = early[0] if early else _Checkpoint(previous, out_dir, early=False)
    return _apply(checkpoint, manifest, corpus, files, out_dir, removed, progress, started, helper)


def _defines_otherwise(reads: dict[str, FileRead], redo: set[str], old: dict[str, SourceRecord]) -> bool:
    """Whether a file read again defines for the others what it did not (:func:`definitions_of`)."""
    return any(definitions_of(reads[p].entry if p in reads else None) != (old[p].definitions if p in old else "")
               for p in redo)


def _affected(old: dict[str, SourceRecord], corpus: Corpus, redo: set[str], removed: list[str],
              paths: list[str]) -> set[str]:
    """Unchanged sources pointing at an IRI whose rdf:types the change altered."""
    subjects: set[str] = set()
    for p in (*redo, *removed):
        if p in old:
            subjects.update(old[p].types)
    for item in corpus.done:
        subjects.update(item.types)
    before: dict[str, set[str]] = {s: set() for s in subjects}
    for record in old.values():  # (one pass over the records, not one per subject: 0.16 s at 1M triples)
        for s in record.types.keys() & subjects:
            before[s].update(record.types[s])
    if isinstance(corpus.types, MergedTypes):
        corpus.types.prefetch(subjects)
    changed = {s for s in subjects if before[s] != corpus.types.get(s, set())}
    if not changed:
        return set()
    return {p for p in paths if p not in redo and not old[p].refs.isdisjoint(changed)}


def _move(moved: dict[str, dict[ox.Triple, int]], graph: str, triple: ox.Triple, step: int) -> None:
    """Count ``triple`` moved into (``step`` 1) or out of (-1) ``graph``."""
    counts = moved.setdefault(graph, {})
    counts[triple] = counts.get(triple, 0) + step


def _has_blank_node(triple: ox.Triple) -> bool:
    # (a blank node's label is its graph's own: Turtle written apart from that graph's would
    # name another node)
    return isinstance(triple.subject, ox.BlankNode) or isinstance(triple.object, ox.BlankNode)


def _parse(lines: list[bytes]) -> list[ox.Triple]:
    # (pyoxigraph parses N-Triples into quads of the default graph, which never equal the
    # store's triples: what entered and what left the corpus would cancel out nowhere)
    return [q.triple for q in ox.parse(b"".join(lines), format=ox.RdfFormat.N_TRIPLES)]


def _pages_of(store: ox.Store, generation: Path, flagged: list[Conflict], drawer: BuildHelper | None,
              overview: Callable[[], str], helper: BuildHelper | None) -> tuple[str, str]:
    """The overview's and the timeline's HTML after an update: those the ``helper`` drew (its
    overview; its timeline, when ``drawer`` is the helper asked for it), the rest drawn here:
    ``overview()``, and the timeline from the claims index saved, as a build with no helper
    draws them."""
    from tradekg.graph.store.derived import remember_generation
    from tradekg.graph.views.timeline_page import corpus_timeline_html

    page = helper.overview_page() if helper is not None else None
    timeline = drawer.timeline_page() if drawer is not None else None
    if page is None:
        page = overview()
    if timeline is None:
        timeline = corpus_timeline_html(remember_generation(graph_over(store), generation), flagged=flagged)
    return page, timeline


def _apply(checkpoint: _Checkpoint, manifest: Manifest, corpus: Corpus, files: list[Path], out_dir: Path,
           removed: list[str], progress: Progress | None, started: float,
           helper: BuildHelper | None = None) -> BuildReport:
    from tradekg.graph.analysis.claims_index import save_claims_index
    from tradekg.graph.build.pipeline import _write_outputs, graph_order

    old = manifest.sources
    redone = {item.path for item in corpus.done}
    gone = {old[p].graph for p in (*redone, *removed) if p in old}
    previous, generation = checkpoint.previous, checkpoint.generation
    store: ox.Store | None = None
    try:
        if progress:
            progress("storing", 0, 1)
        store = checkpoint.store()
        shared: Shared = dict(manifest.shared)
        shared_graph, vocabulary_graph = ox.NamedNode(SHARED_GRAPH), ox.NamedNode(VOCABULARY_GRAPH)
        # What leaves the union and what enters it, for the QC checks to look at.
        before: set[ox.Triple] = set()
        # Each triple moved into (+1) or out of (-1) an unchanged source's graph or the shared
        # graph, for one shared with a changed source: a graph whose moves cancel out (an
        # edited source's shared triples leave the shared graph, then enter it again) holds
        # what it held, and its part of the Turtle is copied (the shared graph's took 0.38 s
        # to write at 1M triples).
        moved: dict[str, dict[ox.Triple, int]] = {}
        for g in gone:
            name = ox.NamedNode(g)
            before.update(q.triple for q in store.quads_for_pattern(None, None, None, name))
            store.remove_graph(name)
        for line, (vocab, producers) in list(shared.items()):
            if gone.isdisjoint(producers):
                continue
            (triple,) = _parse([line])
            left = [g for g in producers if g not in gone]
            if vocab:
                if left:
                    shared[line] = (True, left)
                else:
                    del shared[line]
                continue
            if len(left) >= 2:
                shared[line] = (False, left)
                continue
            del shared[line]
            store.remove(ox.Quad(triple.subject, triple.predicate, triple.object, shared_graph))
            _move(moved, SHARED_GRAPH, triple, -1)
            if not left:
                before.add(triple)
            else:  # one graph produces it now: it moves there
                _move(moved, left[0], triple, 1)
                store.add(ox.Quad(triple.subject, triple.predicate, triple.object, ox.NamedNode(left[0])))
        after: set[ox.Triple] = set()
        for item in corpus.done:
            graph = ox.NamedNode(item.source_iri)
            lines = split_lines(item.ntriples)
            private = []
            for line, triple in zip(lines, _parse(lines), strict=True):
                entry = shared.get(line)
                if entry is not None:
                    shared[line] = (entry[0], [*entry[1], item.source_iri])
                    continue
                where = next(iter(store.quads_for_pattern(triple.subject, triple.predicate, triple.object, None)),
                             None)
                if where is None:
                    private.append(ox.Quad(triple.subject, triple.predicate, triple.object, graph))
                    after.add(triple)
                elif where.graph_name == vocabulary_graph:
                    shared[line] = (True, [item.source_iri])
                else:  # another source's: now both produce it, it moves to the shared graph
                    owner = where.graph_name
                    _move(moved, owner.value, triple, -1)  # type: ignore[union-attr]
                    store.remove(where)
                    store.add(ox.Quad(triple.subject, triple.predicate, triple.object, shared_graph))
                    _move(moved, SHARED_GRAPH, triple, 1)
                    shared[line] = (False, [owner.value, item.source_iri])  # type: ignore[union-attr]
            blank = blank_quads(item.with_blank_nodes, item.source_iri, blank_prefix(item.source_iri))
            after.update(q.triple for q in blank)
            store.extend([*private, *blank])
        # Written: closed (so that nothing of RocksDB's runs on in the background, where it
        # could remove a file a reader of the published store opens) and read from now on
        # through a read-only handle, which the pages and indexes made from it may keep.
        store.flush()
        store = None
        store = ox.Store.read_only(str(generation))
        # (each triple of the union is in one graph: what entered it and what left it)
        entered, exited = after - before, before - after
        changes = entered | exited
        changed = {term_string(t.subject) for t in changes}
        linked: dict[str, set[str]] = {}
        for t in changes:
            linked.setdefault(t.predicate.value, set()).add(term_string(t.object))
        triples = manifest.summary[0] + len(entered) - len(exited)
        counts = updated_counts(manifest.counts, store, entered, exited) \
            if manifest.counts is not None else counts_of(store)
        entities, claims, sources = counts.summary()
        # The helper draws the overview, then the timeline, while the claims index is saved,
        # the checks run and the conflicts, the Turtle and the manifest are written here; what
        # it does not draw is drawn here (see _pages_of).
        if helper is not None:
            helper.overview(generation, entered, exited, triples, entities, claims, sources)
        save_claims_index(generation, store, previous, changed, linked)
        drawing = helper is not None and helper.timeline(generation)
        unlisted = counts.unlisted_counts()
        kept = {p: r for p, r in old.items() if p not in removed and p not in redone}
        redone_graphs = {item.source_iri for item in corpus.done}
        graphs = [VOCABULARY_GRAPH, SHARED_GRAPH, *(r.graph for r in kept.values()), *redone_graphs]
        # Each graph's Turtle: the previous tradekg.ttl's part for a graph the change left alone
        # (nor moved a triple into or out of), with the Turtle of the triples moved into it
        # when none moved out (triples an added source shares with another enter the shared
        # graph: writing its part again took 0.15 s at 1M triples); the store's for the others.
        copied, gained = [], {}
        if turtle_unchanged(out_dir, manifest):
            for g in graphs:
                if g in manifest.turtle_parts and g not in gone and g not in redone_graphs:
                    steps = {t: n for t, n in moved.get(g, {}).items() if n}
                    if all(n == 1 and not _has_blank_node(t) for t, n in steps.items()):
                        copied.append(g)
                        if steps:
                            gained[g] = sorted(steps, key=str)
        dumped = sorted(set(graphs) - set(copied))
        if progress:
            progress("checking", 0, 1)
        qc, found, same_conflicts = checks_after(store, changes, manifest.qc_problems, kept, corpus,
                                 {str(f): (_is_rdf(str(f)), n) for n, f in enumerate(files)}, previous)
        if any(p.severity == "error" for _, _, p in qc):
            raise ValidationFailed([*corpus.problems, *(p for _, _, p in qc)])
        flagged = flagged_conflicts(select_conflicts(found))
        if drawing and helper is not None:
            helper.flag(flagged)  # (what the timeline waits for, once its queries are answered)
        save_conflicts(generation, found, previous if same_conflicts else None)
        parts: dict[str, bytes] = {}
        with previous_turtle(out_dir, manifest) as old_turtle:
            if old_turtle is None:  # changed since the check above: every part from the store
                copied, dumped = [], graphs
            for graph in copied:
                offset, length = manifest.turtle_parts[graph]
                parts[graph] = read_part(old_turtle, offset, length)
                if graph in gained:
                    parts[graph] += triples_turtle(gained[graph])
        for graph in dumped:
            parts[graph] = graph_turtle(store, graph)
        if progress:
            progress("exporting", 0, 1)
        new_manifest = manifest_for(manifest.fingerprint, corpus, files, shared, qc,
                                    (triples, entities, claims, sources), kept)
        new_manifest.unlisted, new_manifest.counts = unlisted, counts
        order = graph_order([], [r.graph for r in sorted(new_manifest.sources.values(),
                                                          key=lambda r: (r.rdf, r.position))])

        def turtle_written(where: dict[str, tuple[int, int]], state: FileState) -> None:
            parts.clear()
            new_manifest.turtle_parts, new_manifest.turtle_state = where, state
            # (before the pages: the helper may still draw)
            save_manifest(manifest_of(generation), new_manifest, manifest, manifest_of(previous))

        def pages() -> tuple[str, str]:
            assert store is not None
            if progress:
                progress("drawing", 0, 1)
            return _pages_of(store, generation, flagged, helper if drawing else None,
                             lambda: draw_overview(generation, store, saved_edges(previous), entered, exited,
                                                   triples, entities, claims, sources, previous), helper)

        _write_outputs(out_dir, store, pages, order, parts.__getitem__, turtle_written=turtle_written)
        store = None
    except BaseException:
        store = None
        if helper is not None:
            helper.close()  # before the generation goes: it may be writing beside it
        checkpoint.discard()
        raise
    link = publish(out_dir, generation)
    return _report(out_dir, link, new_manifest, started, tuple(sorted(redone)), tuple(sorted(removed)))
