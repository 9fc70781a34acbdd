"""The vocabulary and the compiled sources, made ready for Oxigraph and bulk-loaded into a store."""

from __future__ import annotations

import functools
import glob
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph

from tradekg.graph.build.workers import split_blank
from tradekg.graph.core.namespaces import BUILD_SHARED_GRAPH, BUILD_VOCABULARY_GRAPH
from tradekg.graph.sources import vocabulary as vocab
from tradekg.graph.sources.vocabulary import vocabulary_hs_codes

if TYPE_CHECKING:  # corpus.py imports this module
    from tradekg.graph.build.corpus import Corpus

__all__ = [
    "SHARED_GRAPH",
    "VOCABULARY_GRAPH",
    "ChunkedFiles",
    "LoadData",
    "blank_prefix",
    "blank_quads",
    "corpus_load_data",
    "in_graph",
    "layout",
    "load_files",
    "load_into",
    "persist",
    "persist_files",
    "split_lines",
    "vocabulary_lines",
    "vocabulary_triples",
    "write_load_data",
]


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


@functools.cache
def vocabulary_lines() -> tuple[tuple[bytes, ...], frozenset[bytes], tuple[tuple, ...]]:
    """The vocabulary's N-Triples lines (in order, and as a set) and its triples with blank
    nodes (made once a process: workers forked after it inherit them)."""
    text, blank = split_blank(vocabulary_triples())
    lines = tuple(split_lines(text.encode("utf-8")))
    return lines, frozenset(lines), tuple(blank)


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


VOCABULARY_GRAPH = BUILD_VOCABULARY_GRAPH  # the vocabulary (named where remote stores look for it)
SHARED_GRAPH = BUILD_SHARED_GRAPH  # what more than one source produces (a party's description...)

Shared = dict[bytes, tuple[bool, list[str]]]  # N-Triples line -> (in the vocabulary?, graphs producing it)


def blank_prefix(graph: str) -> str:
    """The prefix of a graph's blank node labels: unique to the graph, the same from build to build."""
    return "g" + hashlib.blake2b(graph.encode("utf-8"), digest_size=6).hexdigest()


def blank_quads(triples: Iterable[tuple], graph: str, prefix: str) -> list[ox.Quad]:
    """Triples with blank nodes as quads of ``graph``, each blank node labelled by its order of
    appearance (rdflib labels them at random, and the export would differ from build to build)."""
    labels: dict[object, ox.BlankNode] = {}
    name = ox.NamedNode(graph)

    def term(t: object) -> ox.NamedNode | ox.BlankNode | ox.Literal:
        if isinstance(t, BNode):
            label = labels.get(t)
            if label is None:
                label = labels[t] = ox.BlankNode(f"{prefix}b{len(labels)}")
            return label
        return _to_ox(t)

    return [ox.Quad(term(s), term(p), term(o), name) for s, p, o in triples]  # type: ignore[arg-type]


def in_graph(lines: Iterable[bytes], graph: str) -> bytes:
    """N-Triples lines as N-Quads of ``graph``."""
    tail = f" <{graph}> .\n".encode()
    return b"".join(line[:-3] + tail for line in lines)


def split_lines(ntriples: bytes) -> list[bytes]:
    """The lines of N-Triples text written by :func:`split_blank`, each once, in order."""
    return list(dict.fromkeys(ntriples.splitlines(keepends=True)))


@dataclass
class LoadData:
    """The vocabulary and the sources as N-Quads for Oxigraph's bulk loader, the triples with
    blank nodes as pyoxigraph quads (the bulk loader would give them new random ids, and the
    export would then differ from build to build), and the triples more than one graph produces.

    Each triple is in exactly one graph — the vocabulary's, the shared graph or its source's —
    so that the union of the graphs, which queries see, holds it once.
    """

    nquads: bytes
    with_blank_nodes: list[ox.Quad]
    shared: Shared = field(default_factory=dict)


def layout(sources: Sequence[tuple[str, bytes, list[tuple]]], sink: IO[bytes] | ChunkedFiles | None = None) -> LoadData:
    """The vocabulary and each source's (graph, N-Triples, triples with blank nodes), in graphs.

    Two passes over the sources, so that only the lines more than one graph produces are kept
    as objects: the first finds them (by their hash, a 1-in-10^8 chance at 1M triples that two
    different lines collide, which would put a triple in the shared graph rather than its
    source's, the union unchanged), the second writes each source's N-Quads.

    With ``sink``, the N-Quads are written there rather than kept (``nquads`` is then empty),
    and a ``sources`` list that is a list has each entry dropped once written, so that its
    N-Triples are freed as the file grows instead of held twice.
    """
    vocab_lines, in_vocabulary, vocab_blank = vocabulary_lines()
    pieces: list[bytes] = []
    write = sink.write if sink is not None else pieces.append
    write(in_graph(vocab_lines, VOCABULARY_GRAPH))
    blank = blank_quads(vocab_blank, VOCABULARY_GRAPH, "")  # b0, b1...: no source prefix starts with "b"
    owner: dict[int, int] = {}  # hash of a line -> the first source producing it
    shared: Shared = {}
    graphs = [graph for graph, _, _ in sources]
    # The sources whose N-Quads are not simply their N-Triples with the graph named: a line of
    # theirs is shared or repeated, or they hold a character that ends a line other than "\n".
    edited: set[int] = set()
    for n, (graph, ntriples, with_blank) in enumerate(sources):
        lines = split_lines(ntriples)
        if len(lines) != ntriples.count(b"\n") or b"\r" in ntriples:
            edited.add(n)
        for line in lines:
            if line in in_vocabulary or line in shared:
                shared.setdefault(line, (True, []))[1].append(graph)
                edited.add(n)
                continue
            first = owner.setdefault(hash(line), n)
            if first != n:
                shared[line] = (False, [graphs[first], graph])
                edited.update((first, n))
        blank.extend(blank_quads(with_blank, graph, blank_prefix(graph)))
    del owner
    droppable: list[Any] | None = sources if sink is not None and isinstance(sources, list) else None
    for n, graph in enumerate(graphs):
        ntriples = sources[n][1]
        if droppable is not None:
            droppable[n] = None
        if n in edited:
            write(in_graph((line for line in split_lines(ntriples) if line not in shared), graph))
        else:  # what in_graph writes, each line's " .\n" replaced in one pass
            write(ntriples.replace(b" .\n", f" <{graph}> .\n".encode()))
        del ntriples
    write(in_graph((line for line, (vocab, _) in shared.items() if not vocab), SHARED_GRAPH))
    return LoadData(b"".join(pieces), blank, shared)


def corpus_load_data(corpus: Corpus) -> LoadData:
    """The vocabulary and every compiled source, laid out in graphs for :func:`load_into` (made
    from what :func:`compile_corpus` sent back, or from the sources' triples for a corpus put
    together by hand)."""
    if corpus.data is not None:
        return corpus.data
    if corpus.done:
        return layout([(item.source_iri, item.ntriples, item.with_blank_nodes) for item in corpus.done])
    parts = ((str(source.source_iri), *split_blank(source.triples)) for source in corpus.sources)
    return layout([(graph, ntriples.encode("utf-8"), blank) for graph, ntriples, blank in parts])


def write_load_data(corpus: Corpus, sink: IO[bytes] | ChunkedFiles) -> LoadData:
    """:func:`corpus_load_data` of a compiled corpus, its N-Quads written to ``sink`` (for
    :func:`load_files`) rather than kept; each source's N-Triples and blank-node triples are
    taken from it (emptied) as they are written, so that a large corpus is never held twice."""
    sources: list[tuple[str, bytes, list[tuple]]] = []
    for item in corpus.done:
        sources.append((item.source_iri, item.ntriples, item.with_blank_nodes))
        item.ntriples, item.with_blank_nodes = b"", []
    corpus.data = None
    return layout(sources, sink)


class ChunkedFiles:
    """A binary sink writing N-Quads to numbered files of about ``chunk`` bytes each, a new
    file begun only between writes (:func:`layout` writes whole lines: a graph's, or a source's).

    Oxigraph's bulk loader holds what it is given in memory in batches of up to a million
    quads, several at once; given files of a few hundred thousand it holds one batch at a time
    (0.4 GB less at a million triples, and no slower).
    """

    def __init__(self, stem: Path, chunk: int = 48 << 20) -> None:
        self.stem, self.chunk = stem, chunk
        self.paths: list[Path] = []
        self._handle: IO[bytes] | None = None
        self._size = 0

    def write(self, data: bytes) -> int:
        if not data:
            return 0
        if self._handle is None or self._size >= self.chunk:
            self.close()
            path = self.stem.with_name(f"{self.stem.name}-{len(self.paths)}")
            self.paths.append(path)
            self._handle, self._size = open(path, "wb"), 0  # closed by close()
        self._handle.write(data)
        self._size += len(data)
        return len(data)

    def close(self) -> None:
        if self._handle is not None:
            self._handle.close()
            self._handle = None

    def remove(self) -> None:
        """Remove the files, and those named from the stem by workers (spread.py), if any is left."""
        self.close()
        for path in {*self.paths, *self.stem.parent.glob(f"{glob.escape(self.stem.name)}-w*")}:
            path.unlink(missing_ok=True)


def load_files(store: ox.Store, paths: Sequence[Path], data: LoadData) -> None:
    """Bulk-load the N-Quads files :func:`write_load_data` wrote, in turn, then ``data``'s
    triples with blank nodes (Oxigraph reads the files itself, without the GIL)."""
    for path in paths:
        store.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    if data.with_blank_nodes:
        store.bulk_extend(data.with_blank_nodes)


def persist_files(store: ox.Store, paths: Sequence[Path], data: LoadData) -> None:
    load_files(store, paths, data)
    store.flush()


def load_into(store: ox.Store, corpus: Corpus, data: LoadData | None = None) -> None:
    """Bulk-load the vocabulary and every compiled source into ``store``, each in its graph.

    ``data`` is :func:`corpus_load_data` of ``corpus`` when the caller already has it.
    """
    data = corpus_load_data(corpus) if data is None else data
    store.bulk_load(data.nquads, format=ox.RdfFormat.N_QUADS)
    if data.with_blank_nodes:
        store.bulk_extend(data.with_blank_nodes)


def persist(store: ox.Store, corpus: Corpus, data: LoadData) -> None:
    load_into(store, corpus, data)
    store.flush()
