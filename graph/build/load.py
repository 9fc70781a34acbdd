"""The vocabulary and the compiled sources, made ready for Oxigraph and bulk-loaded into a store."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import to_canonical_graph

from tradekg.graph.build.workers import split_blank
from tradekg.graph.sources import vocabulary as vocab
from tradekg.graph.sources.vocabulary import vocabulary_hs_codes

if TYPE_CHECKING:  # corpus.py imports this module
    from tradekg.graph.build.corpus import Corpus

__all__ = [
    "LoadData",
    "corpus_load_data",
    "load_data",
    "load_into",
    "persist",
    "vocabulary_triples",
    "with_vocabulary",
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
    return with_vocabulary((ntriples.encode("utf-8"), blank) for ntriples, blank in parts)


def with_vocabulary(sources: Iterable[tuple[bytes, list[tuple]]]) -> LoadData:
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


def persist(store: ox.Store, corpus: Corpus, data: LoadData) -> None:
    load_into(store, corpus, data)
    store.flush()
