"""The negotiation projection: the part of the graph that path queries and views walk.

Only object properties the ontology marks ``tk:pathRelation true`` are projected — never
``rdf:type``, labels, provenance or schema edges, through which every path would run via a
class or a source. Each edge keeps its predicate and its true direction.

The projection is fetched from the store a neighbourhood at a time (:func:`expand`), so a
path or a focus view costs in proportion to what it touches, locally or against a remote
endpoint; :func:`whole` fetches all of it for exports and overviews.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDFS

from tradekg.graph.analysis.evidence import NodeInfo, describe
from tradekg.graph.core.namespaces import TK, local_name
from tradekg.graph.sources.vocabulary import vocabulary_graph
from tradekg.graph.store.queries import BATCH, run_query, value_batches
from tradekg.graph.store.rows import string_rows_with_values

if TYPE_CHECKING:
    import networkx as nx  # (imported where a graph is made: 0.15 s that most commands need not pay)

__all__ = [
    "Edge",
    "Relation",
    "add_edges",
    "edges_among",
    "edges_touching",
    "is_path_relation",
    "path_relations",
    "projection_graph",
    "relation_label",
    "to_networkx",
    "whole",
]


@dataclass(frozen=True)
class Relation:
    """A path relation: its IRI, label, and the short verbs shown forward and backward."""

    iri: str
    label: str
    short: str
    inverse: str
    reads_backward: bool = False


@functools.cache
def path_relations() -> dict[str, Relation]:
    """The relations path queries follow, keyed by IRI, from the packaged ontology."""
    g = vocabulary_graph()
    out = {}
    for prop in sorted(g.subjects(TK.pathRelation, Literal(True))):
        label = str(g.value(prop, RDFS.label) or prop)
        short = str(g.value(prop, TK.shortLabel) or label)
        inverse = str(g.value(prop, TK.inverseLabel) or f"{short} (inverse)")
        backward = (prop, TK.readsBackward, Literal(True)) in g
        out[str(prop)] = Relation(str(prop), label, short, inverse, backward)
    return out


def _relation_values() -> str:
    return " ".join(f"<{iri}>" for iri in path_relations())


def _relation_list() -> str:
    """The path relations as the argument list of a SPARQL ``IN``."""
    return ", ".join(f"<{iri}>" for iri in path_relations())


# The relations go in a FILTER, not a second VALUES block: Oxigraph joined two VALUES blocks
# by scanning the ?p column (2.3 s for 400 nodes at 1M triples; 0.04 s with the FILTER).
_OUT_EDGES = """SELECT ?s ?p ?o WHERE {
  VALUES ?s {}
  ?s ?p ?o . FILTER(isIRI(?o) && ?p IN (%s))
}"""
_IN_EDGES = """SELECT ?s ?p ?o WHERE {
  VALUES ?o {}
  ?s ?p ?o . FILTER(isIRI(?s) && ?p IN (%s))
}"""
_ALL_EDGES = """SELECT ?s ?p ?o WHERE {
  VALUES ?p { %s }
  ?s ?p ?o . FILTER(isIRI(?s) && isIRI(?o))
}"""

Edge = tuple[str, str, str]


def edges_touching(graph: Graph, nodes: Iterable[str], direction: str = "both") -> set[Edge]:
    """Every path-relation edge with one end in ``nodes``: both directions, or only the edges
    leaving them (``direction="out"``: ``nodes`` are subjects) or entering them (``"in"``:
    objects). A directed search asks for one side only: a hub's incoming relations (every
    claim naming a party) are most of its edges."""
    if direction not in ("both", "out", "in"):
        raise ValueError(f"direction must be 'both', 'out' or 'in', not {direction!r}")
    relations = _relation_list()
    templates = [(_OUT_EDGES % relations, "s")] if direction != "in" else []
    if direction != "out":
        templates.append((_IN_EDGES % relations, "o"))
    found: set[Edge] = set()
    todo = sorted(set(nodes))
    for batch in value_batches(graph, todo, BATCH):
        for template, var in templates:
            for s, p, o in string_rows_with_values(graph, template, var, batch):
                found.add((s, p, o))
    return found


def edges_among(graph: Graph, nodes: Iterable[str]) -> set[Edge]:
    """Every path-relation edge with both ends in ``nodes``.

    Asked from the subject side only: a node's outgoing relations are few (a claim's party,
    sectors, targets), while hubs (parties, sectors) are mostly objects, so this stays cheap
    where :func:`edges_touching` on a hub would fetch all its claims.
    """
    relations = _relation_list()
    within = set(nodes)
    found: set[Edge] = set()
    for batch in value_batches(graph, sorted(within), BATCH):
        for s, p, o in string_rows_with_values(graph, _OUT_EDGES % relations, "s", batch):
            if o in within:
                found.add((s, p, o))
    return found


def whole(graph: Graph) -> set[Edge]:
    """All path-relation edges of the graph (for exports and whole-graph views)."""
    inner = getattr(graph.store, "_inner", None)
    if isinstance(inner, ox.Store):
        # A local Oxigraph store: scan each relation's index directly, as plain strings; going
        # through rdflib would build three rdflib terms per edge (several seconds at 1M triples).
        found: set[Edge] = set()
        for predicate in path_relations():
            # every graph: a build keeps each triple in exactly one of them
            for quad in inner.quads_for_pattern(None, ox.NamedNode(predicate), None, None):
                s, o = quad.subject, quad.object
                if isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode):
                    found.add((s.value, predicate, o.value))
        return found
    rows = run_query(graph, _ALL_EDGES % _relation_values())  # the one door: a failing endpoint is a QueryError
    return {(str(r[0]), str(r[1]), str(r[2])) for r in rows}



def add_edges(g: nx.MultiDiGraph, edges: Iterable[Edge]) -> None:
    """Add projection edges to ``g``, keyed by predicate IRI, with ``predicate``, ``label``
    (forward verb) and ``inverse`` (backward verb); unknown end nodes get their IRI's tail
    as label and kind ``entity`` until described."""
    relations = path_relations()
    for s, p, o in sorted(edges):
        rel = relations.get(p)
        for n in (s, o):
            if n not in g:
                g.add_node(n, label=local_name(n), kind="entity")
        g.add_edge(s, o, key=p, predicate=p, label=rel.short if rel else local_name(p),
                   inverse=rel.inverse if rel else local_name(p))


def to_networkx(edges: Iterable[Edge], info: dict[str, NodeInfo]) -> nx.MultiDiGraph:
    """A MultiDiGraph of the projection: nodes carry ``label`` and ``kind`` (see add_edges)."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for iri, node in info.items():
        g.add_node(iri, label=node.label, kind=node.kind)
    add_edges(g, edges)
    return g


def relation_label(predicate: str) -> str:
    """The relation's rdfs:label (e.g. 'demanded by')."""
    rel = path_relations().get(predicate)
    return rel.label if rel else local_name(predicate)


def is_path_relation(predicate: URIRef | str) -> bool:
    return str(predicate) in path_relations()


def projection_graph(graph: Graph, edges: Iterable[Edge] | None = None) -> nx.MultiDiGraph:
    """The whole negotiation projection (or the given edges) with node labels and kinds."""
    edge_set = set(edges) if edges is not None else whole(graph)
    nodes = {n for e in edge_set for n in (e[0], e[2])}
    return to_networkx(edge_set, describe(graph, nodes))
