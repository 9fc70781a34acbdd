"""Compile, validate and persist a corpus: what ``tradekg build`` and ``tradekg validate`` do.

Each source is compiled and validated on its own graph (so validation grows linearly with the
corpus), QC checks run over the merged store, and only a corpus with no errors is published:
a failed build leaves the previous store and files untouched.
"""

from __future__ import annotations

import contextlib
import gc
import os
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph

from tradekg.graph import vocabulary as vocab
from tradekg.graph.atomic import atomic_output, remove_stale_temporaries
from tradekg.graph.authoring import CompiledSource, CorpusIndex, vocabulary_hs_codes
from tradekg.graph.errors import Problem, UsageError, ValidationFailed
from tradekg.graph.files import check_readable
from tradekg.graph.namespaces import PREFIXES
from tradekg.graph.rdffiles import line_of_term
from tradekg.graph.shards import AUTHORING_SUFFIXES, Shards, problem_at, split_blank, worker_count
from tradekg.graph.store import build_lock, discard, graph_over, new_generation, publish
from tradekg.graph.validation import Finding, qc_findings
from tradekg.ontology import corpus_dir

# In a folder, .json files are not taken for JSON-LD (drafts and other data live there too).
FOLDER_SUFFIXES = (*AUTHORING_SUFFIXES, ".ttl", ".nt", ".jsonld", ".rdf", ".owl")

Progress = Callable[[str, int, int], None]


def bundled_sources() -> list[Path]:
    """The authoring files of the bundled corpus."""
    root = Path(str(corpus_dir()))
    return sorted(p for p in root.iterdir() if p.suffix in AUTHORING_SUFFIXES)


def discover_sources(paths: Sequence[str | os.PathLike[str]] | None) -> list[Path]:
    """Expand folders into their source files; no paths means the bundled corpus."""
    if not paths:
        return bundled_sources()
    found: list[Path] = []
    for raw in paths:
        p = Path(raw)
        if p.is_dir():
            files = sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in FOLDER_SUFFIXES
                           and not any(part.startswith(".") for part in f.relative_to(p).parts))
            if not files:
                raise UsageError(f"{p}: folder holds no source files ({', '.join(FOLDER_SUFFIXES)})")
            found.extend(files)
        else:
            check_readable(p)
            found.append(p)
    unique = list(dict.fromkeys(found))
    return unique


@dataclass
class Corpus:
    """A compiled corpus: every source's triples and where their subjects are written."""

    sources: list[CompiledSource] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    texts: dict[str, str] = field(default_factory=dict)  # RDF file text, for locating problems
    data: LoadData | None = None  # the vocabulary and every source, ready for the store

    def locate(self, focus: str) -> tuple[str, int | None]:
        iri = URIRef(focus)
        for source in self.sources:
            if iri in source.lines:
                return source.path, source.lines[iri]
        for source in self.sources:
            text = self.texts.get(source.path)
            if text is not None:
                line = line_of_term(text, focus)
                if line is not None:
                    return source.path, line
        return "(corpus)", None

    def add_findings(self, findings: Iterable[Finding]) -> None:
        """Add findings over the whole corpus (QC), each located where its focus is written."""
        self.problems.extend(problem_at(f, *self.locate(f.focus)) for f in findings)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def compile_corpus(paths: Sequence[str | os.PathLike[str]] | None = None,
                   progress: Progress | None = None, workers: int | None = 1,
                   keep_triples: bool = True) -> Corpus:
    """Read, compile and SHACL-validate every source; problems are collected, not raised.

    ``workers``: processes to spread the files over (None: as suits the corpus and the
    machine, see :func:`shards.worker_count`). The corpus comes back ready for the store
    (:func:`corpus_load_data`); each source keeps its rdflib triples only with ``keep_triples``.
    """
    corpus = Corpus()
    files = discover_sources(paths)
    shards = Shards(files, worker_count(len(files)) if workers is None else workers, progress)
    try:
        reads = sorted((item for part in shards.ask("read") for item in part), key=lambda item: item.position)
        index = CorpusIndex()
        rdf_files = set()
        for item in reads:
            if item.problem is not None:
                corpus.problems.append(item.problem)
            elif item.entry is not None:
                corpus.problems.extend(index.add_file(item.entry))
            else:
                corpus.texts[item.path] = item.rdf_text or ""
                rdf_files.add(item.position)
        del reads
        compiled = shards.ask("compile", index)
        for _, found in sorted((pair for part, _ in compiled for pair in part), key=lambda pair: pair[0]):
            corpus.problems.extend(found)
        types: dict[str, set[str]] = {}
        for _, part_types in compiled:
            for subject, kinds in part_types.items():
                types.setdefault(subject, set()).update(kinds)
        del compiled
        skip = {p.path for p in corpus.problems if p.severity == "error"}
        done = sorted((item for part in shards.ask("finish", types, skip, keep_triples) for item in part),
                      key=lambda item: (item.position in rdf_files, item.position))
    except BaseException:
        shards.close(abort=True)
        raise
    shards.close()
    for item in done:
        corpus.problems.extend(item.problems)
        corpus.sources.append(CompiledSource(item.path, URIRef(item.source_iri), item.triples,
                                             {URIRef(k): v for k, v in item.lines.items()}, []))
    corpus.data = _with_vocabulary((item.ntriples, item.with_blank_nodes) for item in done)
    return corpus


def vocabulary_triples() -> list[tuple]:
    """The ontology, the concept schemes and the HS entries they map to."""
    triples = [*vocab.vocabulary_graph(), *vocab.hs_triples(vocabulary_hs_codes())]
    # In a fixed order, blank nodes given canonical labels: rdflib's graph iterates in an
    # order that changes from process to process, and the export follows the load order.
    plain = sorted((t for t in triples if not any(isinstance(x, BNode) for x in t)),
                   key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
    blank = Graph()
    for t in triples:
        if any(isinstance(x, BNode) for x in t):
            blank.add(t)
    canonical = sorted(to_canonical_graph(blank), key=lambda t: (str(t[0]), str(t[1]), str(t[2])))
    return [*plain, *canonical]


def _to_ox(term: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    return ox.BlankNode(str(term))


@dataclass
class LoadData:
    """Triples ready for Oxigraph: N-Triples text for its bulk loader, and the triples with blank
    nodes as pyoxigraph quads (the bulk loader would give them new random ids, and the
    export would then differ from build to build)."""

    ntriples: bytes
    with_blank_nodes: list[ox.Quad]
    blank_labels: dict[object, ox.BlankNode] = field(default_factory=dict)

    def add_blank(self, triples: Iterable[tuple]) -> None:
        """Add triples with blank nodes, each blank node labelled by its order of appearance
        (rdflib labels them at random, and the export would differ from build to build)."""
        def term(t: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
            if isinstance(t, BNode):
                label = self.blank_labels.get(t)
                if label is None:
                    label = self.blank_labels[t] = ox.BlankNode(f"b{len(self.blank_labels)}")
                return label
            return _to_ox(t)

        default = ox.DefaultGraph()
        for s, p, o in triples:
            self.with_blank_nodes.append(ox.Quad(term(s), term(p), term(o), default))  # type: ignore[arg-type]


def load_data(triples: Iterable[tuple]) -> LoadData:
    """``triples`` (rdflib terms) prepared for :func:`load_into`.

    Writing N-Triples in Python and letting Oxigraph parse it is several times faster than
    building a pyoxigraph term per rdflib term.
    """
    ntriples, blank = split_blank(triples)
    data = LoadData(ntriples.encode("utf-8"), [])
    data.add_blank(blank)
    return data


def corpus_load_data(corpus: Corpus) -> LoadData:
    """The vocabulary and every compiled source, prepared for :func:`load_into` (made by
    :func:`compile_corpus`, or from the sources' triples for a corpus put together by hand)."""
    if corpus.data is not None:
        return corpus.data
    seen: set[int] = set()
    parts = (split_blank(source.triples, seen) for source in corpus.sources)
    return _with_vocabulary((ntriples.encode("utf-8"), blank) for ntriples, blank in parts)


def _with_vocabulary(sources: Iterable[tuple[bytes, list[tuple]]]) -> LoadData:
    """The vocabulary, then each source's N-Triples and triples with blank nodes, in order."""
    data = load_data(vocabulary_triples())
    pieces = [data.ntriples]
    for ntriples, blank in sources:
        pieces.append(ntriples)
        data.add_blank(blank)
    data.ntriples = b"".join(pieces)
    return data


def load_into(store: ox.Store, corpus: Corpus, data: LoadData | None = None) -> None:
    """Bulk-load the vocabulary and every compiled source into ``store``'s default graph.

    ``data`` is :func:`corpus_load_data` of ``corpus`` when the caller already has it.
    """
    data = corpus_load_data(corpus) if data is None else data
    store.bulk_load(data.ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    if data.with_blank_nodes:
        store.bulk_extend(data.with_blank_nodes)


def _persist(store: ox.Store, corpus: Corpus, data: LoadData) -> None:
    load_into(store, corpus, data)
    store.flush()


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector while millions of long-lived terms are created.

    Its full passes walk every object alive, again and again as the corpus grows; the
    compiler makes no reference cycles worth collecting meanwhile.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def validate_sources(paths: Sequence[str | os.PathLike[str]] | None = None,
                     progress: Progress | None = None, workers: int | None = None) -> list[Problem]:
    """Every problem (errors and warnings) in the given sources, with locations; writes nothing."""
    with _collector_paused():
        corpus = compile_corpus(paths, progress, workers=workers, keep_triples=False)
    if not corpus.errors:
        store = ox.Store()
        load_into(store, corpus)
        corpus.add_findings(qc_findings(graph_over(store)))
    return corpus.problems


@dataclass
class BuildReport:
    """What a build produced, for the summary a person reads."""

    out: Path
    store: Path
    turtle: Path
    triples: int
    entities: dict[str, int]
    claims: dict[str, int]
    sources: list[tuple[str, str, int]]  # id, title, number of claims
    warnings: list[Problem]
    seconds: float
    index: Path | None = None  # the overview page, OUT/index.html


_SUMMARY_CLASSES = ("Party", "Agreement", "Source", "Claim", "Quotation", "Sector", "TechnologyArea",
                    "ConcernTopic", "NegotiationTopic", "HSHeading")
_CLAIM_CLASSES = {"Demand": "demand", "Concern": "concern", "Alternative": "alternative",
                  "TradeFigure": "trade figure", "Event": "event", "StatusReport": "status report"}


_COUNT_BY_CLASS = """
PREFIX tk: <https://w3id.org/tradekg/ontology#>
SELECT ?c (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?c FILTER(STRSTARTS(STR(?c), STR(tk:))) } GROUP BY ?c
"""
_SOURCES = """
PREFIX tk: <https://w3id.org/tradekg/ontology#>
PREFIX dcterms: <http://purl.org/dc/terms/>
PREFIX prov: <http://www.w3.org/ns/prov#>
SELECT ?id ?title (COUNT(?claim) AS ?n) WHERE {
  ?s a tk:Source ; dcterms:identifier ?id ; dcterms:title ?title .
  FILTER NOT EXISTS { ?other dcterms:references ?s }
  OPTIONAL { ?claim prov:wasDerivedFrom ?s }
} GROUP BY ?id ?title ORDER BY ?id
"""


def summarise(store: ox.Store) -> tuple[dict[str, int], dict[str, int], list[tuple[str, str, int]]]:
    """Entities per class, claims per kind and the sources (not mere references) with their claim counts."""
    tk = PREFIXES["tk"]
    counts = {row["c"].value[len(tk):]: int(row["n"].value)
              for row in store.query(_COUNT_BY_CLASS)}  # type: ignore[union-attr]
    entities = {name: counts.get(name, 0) for name in _SUMMARY_CLASSES}
    claims = {label: counts.get(name, 0) for name, label in _CLAIM_CLASSES.items()}
    sources = [(row["id"].value, row["title"].value, int(row["n"].value))
               for row in store.query(_SOURCES)]  # type: ignore[union-attr]
    return entities, claims, sources


INDEX_PAGE = "index.html"


def overview_page(graph: Graph, triples: int, entities: dict[str, int], claims: dict[str, int],
                  sources: list[tuple[str, str, int]]) -> str:
    """The HTML of ``OUT/index.html``: the interactive view of what was built (rendered before
    anything is published, so a failure here leaves the previous build as it was)."""
    from tradekg.graph.views import overview_view, to_html

    return to_html(overview_view(graph, triples, entities, claims, sources))


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
    with _collector_paused():
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
            persisted = persisting.submit(_persist, store, corpus, data)
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
