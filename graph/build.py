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
from dataclasses import dataclass, field
from pathlib import Path

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef

from tradekg.graph import vocabulary as vocab
from tradekg.graph.atomic import atomic_output, remove_stale_temporaries
from tradekg.graph.authoring import (
    AuthoringFile,
    CompiledSource,
    CorpusIndex,
    compile_file,
    read_authoring,
    vocabulary_hs_codes,
)
from tradekg.graph.errors import InputError, Problem, UsageError, ValidationFailed
from tradekg.graph.files import check_readable
from tradekg.graph.namespaces import PREFIXES
from tradekg.graph.rdffiles import FORMATS, line_of_term, read_rdf
from tradekg.graph.store import build_lock, discard, graph_over, new_generation, publish
from tradekg.graph.validation import Finding, qc_findings, shacl_findings, surely_conforms, types_in
from tradekg.ontology import corpus_dir

AUTHORING_SUFFIXES = (".yaml", ".yml")
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

    def add_findings(self, findings: Iterable[Finding], path: str | None = None,
                     lines: dict[URIRef, int] | None = None) -> None:
        for f in findings:
            if path is not None:
                line = (lines or {}).get(URIRef(f.focus))
                if line is None and path in self.texts:
                    line = line_of_term(self.texts[path], f.focus)
                where: tuple[str, int | None] = (path, line)
            else:
                where = self.locate(f.focus)
            label = f"<{f.focus}> " if f.focus else ""
            self.problems.append(Problem(where[0], where[1], f"{label}{f.message}", f.severity))

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == "error"]


def compile_corpus(paths: Sequence[str | os.PathLike[str]] | None = None,
                   progress: Progress | None = None) -> Corpus:
    """Read, compile and SHACL-validate every source; problems are collected, not raised."""
    corpus = Corpus()
    files = discover_sources(paths)
    index = CorpusIndex()
    authoring: list[AuthoringFile] = []
    rdf_sources: list[CompiledSource] = []
    for n, path in enumerate(files, start=1):
        if progress:
            progress("reading", n, len(files))
        try:
            if path.suffix.lower() in AUTHORING_SUFFIXES:
                af = read_authoring(path)
                corpus.problems.extend(index.add_file(af))
                authoring.append(af)
            elif path.suffix.lower() in FORMATS:
                triples, text = read_rdf(path)
                corpus.texts[str(path)] = text
                rdf_sources.append(CompiledSource(str(path), URIRef(path.resolve().as_uri()), triples, {}, []))
            else:
                raise InputError(str(path), None,
                                 f"unknown file type {path.suffix!r}: use .yaml (authoring) or "
                                 f"{', '.join(sorted(FORMATS))} (RDF)")
        except InputError as exc:
            corpus.problems.append(exc.problem)
    for n, af in enumerate(authoring, start=1):
        if progress:
            progress("compiling", n, len(authoring))
        compiled = compile_file(af, index)
        corpus.problems.extend(compiled.problems)
        corpus.sources.append(compiled)
    corpus.sources.extend(rdf_sources)
    frozen = types_in(*(source.triples for source in corpus.sources))
    for n, source in enumerate(corpus.sources, start=1):
        if progress:
            progress("validating", n, len(corpus.sources))
        if any(p.path == source.path and p.severity == "error" for p in corpus.problems):
            continue  # SHACL on a half-compiled source would only repeat what was said
        if not surely_conforms(source.triples, frozen):
            corpus.add_findings(shacl_findings(source.triples, frozen), source.path, source.lines)
    return corpus


def vocabulary_triples() -> list[tuple]:
    """The ontology, the concept schemes and the HS entries they map to."""
    triples = list(vocab.vocabulary_graph())
    triples.extend(vocab.hs_triples(vocabulary_hs_codes()))
    return triples


_NT_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _nt_term(term: object) -> str:
    # f-strings, not "+": URIRef and Literal override __radd__ and would build rdflib terms.
    if isinstance(term, URIRef):
        return f"<{term}>"
    if isinstance(term, Literal):
        text = str.translate(term, _NT_ESCAPES)
        if term.language:
            return f'"{text}"@{term.language}'
        if term.datatype:
            return f'"{text}"^^<{term.datatype}>'
        return f'"{text}"'
    return f"_:{term}"


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


def load_data(triples: Iterable[tuple]) -> LoadData:
    """``triples`` (rdflib terms) prepared for :func:`load_into`.

    Writing N-Triples in Python and letting Oxigraph parse it is several times faster than
    building a pyoxigraph term per rdflib term.
    """
    lines = []
    blank = []
    default = ox.DefaultGraph()
    for s, p, o in triples:
        if isinstance(s, BNode) or isinstance(o, BNode):
            blank.append(ox.Quad(_to_ox(s), _to_ox(p), _to_ox(o), default))  # type: ignore[arg-type]
        else:
            lines.append(f"{_nt_term(s)} {_nt_term(p)} {_nt_term(o)} .\n")
    return LoadData("".join(lines).encode("utf-8"), blank)


def corpus_load_data(corpus: Corpus) -> LoadData:
    """The vocabulary and every compiled source, prepared for :func:`load_into`.

    A triple object the compiler shares between sources (a party's or an HS heading's
    description) is written once.
    """
    seen: set[int] = set()
    unique: list[tuple] = list(vocabulary_triples())
    for source in corpus.sources:
        for triple in source.triples:
            if id(triple) not in seen:
                seen.add(id(triple))
                unique.append(triple)
    return load_data(unique)


def load_into(store: ox.Store, corpus: Corpus, data: LoadData | None = None) -> None:
    """Bulk-load the vocabulary and every compiled source into ``store``'s default graph.

    ``data`` is :func:`corpus_load_data` of ``corpus`` when the caller already has it.
    """
    data = corpus_load_data(corpus) if data is None else data
    store.bulk_load(data.ntriples, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.DefaultGraph())
    if data.with_blank_nodes:
        store.bulk_extend(data.with_blank_nodes)


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
                     progress: Progress | None = None) -> list[Problem]:
    """Every problem (errors and warnings) in the given sources, with locations; writes nothing."""
    corpus = compile_corpus(paths, progress)
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
          progress: Progress | None = None, lock_wait: float = 600.0) -> BuildReport:
    """Compile, validate, persist (``OUT/store``), export (``OUT/tradekg.ttl``) and draw
    (``OUT/index.html``) a corpus.

    Raises ValidationFailed, listing every problem, when any source has an error; the
    previous store and files are then untouched. Two builds of one folder take turns.
    """
    started = time.monotonic()
    out_dir = Path(out)
    with _collector_paused():
        corpus = compile_corpus(paths, progress)
    if corpus.errors:
        raise ValidationFailed(corpus.problems)
    with build_lock(out_dir, wait=lock_wait):
        remove_stale_temporaries(out_dir)
        generation = new_generation(out_dir)
        store: ox.Store | None = None
        try:
            generation.mkdir()
            if progress:
                progress("storing", 0, 1)
            data = corpus_load_data(corpus)
            for source in corpus.sources:
                source.triples = []  # the store holds them now; only their locations are still needed
            store = ox.Store(str(generation))
            load_into(store, corpus, data)
            store.flush()
            # The checks, the summary and the overview page read an in-memory copy: Oxigraph
            # answers there several times faster than from disk.
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
            del memory
            if progress:
                progress("exporting", 0, 1)
            # Both files are complete on disk before either replaces its old version. The
            # Turtle comes from the disk store, whose order is the same from build to build.
            with atomic_output(index) as page_out, atomic_output(turtle, "wb") as handle:
                store.dump(handle, ox.RdfFormat.TURTLE, from_graph=ox.DefaultGraph(), prefixes=PREFIXES)
                page_out.write(page)
            store = None  # close RocksDB before readers open it
        except BaseException:
            # Close RocksDB first: its background work would otherwise write files into the
            # folder being removed.
            store = None
            discard(generation)
            raise
        link = publish(out_dir, generation)
    return BuildReport(out_dir, link, turtle, triples, entities, claims, sources,
                       [p for p in corpus.problems if p.severity == "warning"], time.monotonic() - started, index)
