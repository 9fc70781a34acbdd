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
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import networkx as nx
import pyoxigraph as ox
from rdflib import Graph, Literal, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from tradekg.graph.entities import kind_of
from tradekg.graph.namespaces import TK
from tradekg.graph.queries import run_query, run_with_values, value_batches, with_values
from tradekg.graph.vocabulary import vocabulary_graph

BATCH = 400  # IRIs per VALUES block on a local store (a remote one gets fewer: queries.value_batches)


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
_DESCRIBE = f"""SELECT ?e ?type ?label WHERE {{
  VALUES ?e {{}}
  OPTIONAL {{ ?e <{RDF.type}> ?type }}
  OPTIONAL {{ ?e <{RDFS.label}> ?label }}
}}"""

Edge = tuple[str, str, str]


def _local(graph: Graph) -> ox.Store | None:
    """The Oxigraph store under ``graph`` when it is a local one (None for a remote endpoint)."""
    inner = getattr(graph.store, "_inner", None)
    return inner if isinstance(inner, ox.Store) else None


def _local_rows(store: ox.Store, text: str) -> Iterator[tuple[str | None, ...]]:
    solutions = store.query(text, default_graph=ox.DefaultGraph())
    assert isinstance(solutions, ox.QuerySolutions)  # the library's own SELECT queries
    valued = (ox.NamedNode, ox.Literal, ox.BlankNode)
    for solution in solutions:
        # A comprehension, not a function per term: a hub's edges are tens of thousands of rows.
        yield tuple([None if t is None else t.value if isinstance(t, valued) else str(t) for t in solution])


def string_rows(graph: Graph, text: str) -> Iterator[tuple[str | None, ...]]:
    """The rows of a library-written SELECT query as strings (IRIs, blank node ids and lexical
    forms; None when unbound).

    On a local Oxigraph store the query runs in Oxigraph directly: going through rdflib builds
    an rdflib term per value (0.3 s for the 10,000 edges of a hub at 1M triples). Elsewhere it
    goes through the one door, :func:`~tradekg.graph.queries.run_query`.
    """
    store = _local(graph) if graph.identifier == DATASET_DEFAULT_GRAPH_ID else None
    if store is not None:
        yield from _local_rows(store, text)
        return
    for row in run_query(graph, text):
        yield tuple(None if t is None else str(t) for t in row)


def string_rows_with_values(graph: Graph, template: str, variable: str,
                            iris: list[str]) -> Iterator[tuple[str | None, ...]]:
    """Rows of :func:`~tradekg.graph.queries.run_with_values` as strings, as :func:`string_rows` gives them."""
    store = _local(graph) if graph.identifier == DATASET_DEFAULT_GRAPH_ID else None
    if store is None:
        for row in run_with_values(graph, template, variable, iris):
            yield tuple(None if t is None else str(t) for t in row)
        return
    yield from _local_rows(store, with_values(template, variable, iris))


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
                found.add((s, p, o))  # type: ignore[arg-type]
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
                found.add((s, p, o))  # type: ignore[arg-type]
    return found


def whole(graph: Graph) -> set[Edge]:
    """All path-relation edges of the graph (for exports and whole-graph views)."""
    inner = getattr(graph.store, "_inner", None)
    if isinstance(inner, ox.Store):
        # A local Oxigraph store: scan each relation's index directly, as plain strings; going
        # through rdflib would build three rdflib terms per edge (several seconds at 1M triples).
        default = ox.DefaultGraph()
        found: set[Edge] = set()
        for predicate in path_relations():
            for quad in inner.quads_for_pattern(None, ox.NamedNode(predicate), None, default):
                s, o = quad.subject, quad.object
                if isinstance(s, ox.NamedNode) and isinstance(o, ox.NamedNode):
                    found.add((s.value, predicate, o.value))
        return found
    rows = run_query(graph, _ALL_EDGES % _relation_values())  # the one door: a failing endpoint is a QueryError
    return {(str(r[0]), str(r[1]), str(r[2])) for r in rows}


@dataclass
class NodeInfo:
    """What a view or a printed path shows of a node."""

    iri: str
    label: str
    kind: str


def describe(graph: Graph, iris: Iterable[str]) -> dict[str, NodeInfo]:
    """Label and kind of each IRI (the IRI's last segment when it has no label)."""
    types: dict[str, set[str]] = {}
    labels: dict[str, str] = {}
    todo = sorted(set(iris))
    for batch in value_batches(graph, todo, BATCH):
        for e, kind, label in string_rows_with_values(graph, _DESCRIBE, "e", batch):
            iri = str(e)
            types.setdefault(iri, set())
            if kind is not None:
                types[iri].add(kind)
            if label is not None and iri not in labels:
                labels[iri] = label
    return {iri: NodeInfo(iri, labels.get(iri) or _tail(iri), kind_of(types.get(iri, set()))) for iri in todo}


_QUOTES = f"""SELECT ?e ?text ?start ?from WHERE {{
  VALUES ?e {{}}
  ?e <{TK.quotation}> ?q . ?q <{TK.text}> ?text .
  OPTIONAL {{ ?q <{TK.start}> ?start }}
  OPTIONAL {{ ?q <{PROV.wasQuotedFrom}> ?from }}
}}"""
# Predicates in a FILTER rather than a second VALUES block (see _OUT_EDGES): 1.1 s -> ms for
# 400 nodes at 1M triples. Sources only as IRIs (the rows are read as strings).
_PROVENANCE = f"""SELECT ?e ?p ?o WHERE {{
  VALUES ?e {{}}
  ?e ?p ?o . FILTER(?p = <{DCTERMS.date}> || (isIRI(?o) && ?p IN (<{PROV.wasDerivedFrom}>, <{TK.describedIn}>)))
}}"""
_SOURCE_FACTS = f"""SELECT ?e ?p ?o WHERE {{
  VALUES ?e {{}}
  ?e ?p ?o . FILTER(isLiteral(?o) && ?p IN (<{DCTERMS.title}>, <{DCTERMS.issued}>, <{DCTERMS.publisher}>))
}}"""


@dataclass(frozen=True)
class Quote:
    """A verbatim sentence and the source it was quoted from (None when not stated)."""

    text: str
    source: str | None


@dataclass(frozen=True)
class SourceFacts:
    """What a reader needs to find a source again: title, publisher, publication date."""

    iri: str
    title: str
    publisher: str | None = None
    issued: str | None = None


@dataclass
class Evidence:
    """Where a claim (or a described document) comes from: its quotes, its sources and its date."""

    quotes: list[Quote] = field(default_factory=list)
    sources: list[SourceFacts] = field(default_factory=list)
    date: str | None = None


def evidence(graph: Graph, iris: Iterable[str]) -> dict[str, Evidence]:
    """Quotes, sources (title, publisher, date) and date of each IRI that has any, in three batched queries.

    Quotes come in source-text order (by start offset, where known); IRIs with no quote, source
    or date are left out of the answer.
    """
    todo = sorted(set(iris))
    quotes: dict[str, list[tuple[int, str, str | None]]] = {}
    derived: dict[str, list[str]] = {}
    dates: dict[str, str] = {}
    date = str(DCTERMS.date)
    for batch in value_batches(graph, todo, BATCH):
        for row in string_rows_with_values(graph, _QUOTES, "e", batch):
            start = int(row[2]) if row[2] is not None else 1 << 62
            entry = (start, str(row[1]), row[3])
            quotes.setdefault(str(row[0]), []).append(entry)
        for e, p, o in string_rows_with_values(graph, _PROVENANCE, "e", batch):
            if p == date:
                dates.setdefault(str(e), str(o))
            else:
                derived.setdefault(str(e), []).append(str(o))
    wanted = sorted({s for found in derived.values() for s in found}
                    | {q[2] for found in quotes.values() for q in found if q[2] is not None})
    facts: dict[str, dict[str, str]] = {}
    for batch in value_batches(graph, wanted, BATCH):
        for row in string_rows_with_values(graph, _SOURCE_FACTS, "e", batch):
            facts.setdefault(str(row[0]), {}).setdefault(str(row[1]), str(row[2]))

    def source(iri: str) -> SourceFacts:
        known = facts.get(iri, {})
        return SourceFacts(iri, known.get(str(DCTERMS.title)) or _tail(iri),
                           known.get(str(DCTERMS.publisher)), known.get(str(DCTERMS.issued)))

    out: dict[str, Evidence] = {}
    for iri in todo:
        found = sorted(set(quotes.get(iri, [])), key=lambda q: (q[0], q[1]))
        sources = sorted(set(derived.get(iri, [])))
        if not (found or sources or iri in dates):
            continue
        out[iri] = Evidence([Quote(text, src) for _, text, src in found], [source(s) for s in sources],
                            dates.get(iri))
    for ev in out.values():
        # A quote's own source may differ from the claim's (a document described in another).
        named = {s.iri for s in ev.sources}
        for q in ev.quotes:
            if q.source is not None and q.source not in named:
                ev.sources.append(source(q.source))
                named.add(q.source)
    return out


def _tail(iri: str) -> str:
    return iri.rstrip("/#").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


@dataclass
class Neighbourhood:
    """Edges within ``hops`` of the seeds, each node's distance from them, and whether a
    budget (nodes, time) cut the expansion short."""

    edges: set[Edge] = field(default_factory=set)
    distance: dict[str, int] = field(default_factory=dict)
    truncated: bool = False
    reason: str = ""


FIRST_BATCH = 1  # frontier nodes asked about first (a hub alone); each further batch doubles, up to BATCH


def _growing(nodes: list[str]) -> Iterable[list[str]]:
    """``nodes`` in order, in batches of FIRST_BATCH, then twice as many each time, up to BATCH."""
    size, i = FIRST_BATCH, 0
    while i < len(nodes):
        yield nodes[i: i + size]
        i += size
        size = min(size * 2, BATCH)


def expand(graph: Graph, seeds: Iterable[str], hops: int, max_nodes: int = 20_000,
           deadline: float | None = None) -> Neighbourhood:
    """Breadth-first fetch of the projection around ``seeds``, up to ``hops`` edges away.

    Each ring is asked about in growing batches, its best-connected nodes first (most edges
    to what was fetched so far, then IRI), and the fetch stops (``truncated``) as soon as
    more than ``max_nodes`` nodes are reached or the ``deadline`` (a ``time.monotonic()``
    value) passes: a hub in the ring is not followed past the cap. Every node nearer than the
    ring being fetched is in the answer with all its edges, and the nodes and edges fetched
    so far are kept, so every answer computed on them is still correct for what they contain.
    """
    result = Neighbourhood()
    frontier = sorted(set(seeds))
    for seed in frontier:
        result.distance[seed] = 0
    for depth in range(1, hops + 1):
        if not frontier:
            break
        new: list[str] = []
        for batch in _growing(frontier):
            if deadline is not None and time.monotonic() > deadline:
                result.truncated, result.reason = True, "time limit"
                return result
            for s, p, o in sorted(edges_touching(graph, batch)):
                result.edges.add((s, p, o))
                for node in (s, o):
                    if node not in result.distance:
                        result.distance[node] = depth
                        new.append(node)
            if len(result.distance) > max_nodes:
                result.truncated, result.reason = True, f"more than {max_nodes:,} nodes"
                return result
        links: dict[str, int] = dict.fromkeys(new, 0)
        for s, _, o in result.edges:
            for node in (s, o):
                if node in links:
                    links[node] += 1
        frontier = sorted(new, key=lambda n: (-links[n], n))
    return result


def add_edges(g: nx.MultiDiGraph, edges: Iterable[Edge]) -> None:
    """Add projection edges to ``g``, keyed by predicate IRI, with ``predicate``, ``label``
    (forward verb) and ``inverse`` (backward verb); unknown end nodes get their IRI's tail
    as label and kind ``entity`` until described."""
    relations = path_relations()
    for s, p, o in sorted(edges):
        rel = relations.get(p)
        for n in (s, o):
            if n not in g:
                g.add_node(n, label=_tail(n), kind="entity")
        g.add_edge(s, o, key=p, predicate=p, label=rel.short if rel else _tail(p),
                   inverse=rel.inverse if rel else _tail(p))


def to_networkx(edges: Iterable[Edge], info: dict[str, NodeInfo]) -> nx.MultiDiGraph:
    """A MultiDiGraph of the projection: nodes carry ``label`` and ``kind`` (see add_edges)."""
    g = nx.MultiDiGraph()
    for iri, node in info.items():
        g.add_node(iri, label=node.label, kind=node.kind)
    add_edges(g, edges)
    return g


def relation_label(predicate: str) -> str:
    """The relation's rdfs:label (e.g. 'demanded by')."""
    rel = path_relations().get(predicate)
    return rel.label if rel else _tail(predicate)


def is_path_relation(predicate: URIRef | str) -> bool:
    return str(predicate) in path_relations()
