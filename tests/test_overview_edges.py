"""What the overview reads of the whole graph, kept between builds (graph/views/overview.py):
updated from the triples that entered and left, it is what reading the changed store gives,
and so are the neighbours it hands on."""

from __future__ import annotations

import pickle
import random

import pyoxigraph as ox

from tradekg.graph.analysis.projection import path_relations
from tradekg.graph.core.namespaces import TK
from tradekg.graph.store.local import graph_over
from tradekg.graph.views.graphs import whole_view
from tradekg.graph.views.overview import WholeEdges, updated_whole_edges, whole_edges
from tradekg.graph.views.selection import adjacency_of

EX = "https://example.org/n/"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"


def _triples(rng: random.Random, relations: list[str], n: int) -> set[ox.Triple]:
    nodes = [ox.NamedNode(f"{EX}{i}") for i in range(12)]
    out = set()
    for _ in range(n):
        s, o = rng.choice(nodes), rng.choice(nodes)  # (loops and both directions too)
        out.add(ox.Triple(s, ox.NamedNode(rng.choice(relations)), o))
    return out


def _store(triples: set[ox.Triple]) -> ox.Store:
    store = ox.Store()
    store.extend([ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(f"{EX}graph")) for t in triples])
    return store


def test_the_neighbours_handed_on_are_those_of_the_edges_after_each_change() -> None:
    rng = random.Random(16)
    relations = sorted(path_relations())[:3]  # few, so that two nodes are often joined twice
    triples = _triples(rng, relations, 40)
    kept = whole_edges(graph_over(_store(triples)))
    kept.neighbours()
    for _ in range(30):
        left = set(rng.sample(sorted(triples, key=str), rng.randint(0, 6)))
        entered = _triples(rng, relations, rng.randint(0, 6)) - triples
        triples = (triples - left) | entered
        store = _store(triples)
        updated = updated_whole_edges(kept, store, entered, left)
        fresh = whole_edges(graph_over(store))
        assert updated == fresh
        assert updated.neighbours() == adjacency_of(fresh.edges)
        assert kept._neighbours is None  # handed on, not shared
        kept = updated
    # A view drawn from them leaves them as they were (it copies what it adds claims to).
    claim = ox.NamedNode(f"{EX}claim")
    store = _store(triples | {ox.Triple(claim, ox.NamedNode(str(TK.inNegotiation)), ox.NamedNode(f"{EX}0")),
                              ox.Triple(claim, ox.NamedNode(RDF_TYPE), ox.NamedNode(str(TK.Claim)))})
    known = whole_edges(graph_over(store))
    before = {n: set(v) for n, v in known.neighbours().items()}
    view = whole_view(graph_over(store), known=known)
    assert f"{EX}claim" in {n.iri for n in view.nodes}
    assert view.nodes == whole_view(graph_over(store)).nodes
    assert known.neighbours() == before == adjacency_of(known.edges)


def test_the_neighbours_are_not_saved_with_the_edges() -> None:
    edges = WholeEdges({(f"{EX}a", sorted(path_relations())[0], f"{EX}b")})
    assert edges.neighbours() == {f"{EX}a": {f"{EX}b"}, f"{EX}b": {f"{EX}a"}}
    copy = pickle.loads(pickle.dumps(edges))
    assert copy == edges and copy._neighbours is None
    assert b"_neighbours" not in pickle.dumps(edges)
