"""What the overview page (``OUT/index.html``) reads of the whole graph, kept by the build so
that an incremental build updates it from the triples that entered and left the corpus rather
than reading the whole store again (at 1M triples, 0.8 s from memory, 4 s from disk).

The whole view draws every negotiation relation between two IRIs, and hangs each claim no
relation reaches on its agreement: so it reads the path-relation triples (those between IRIs,
and which nodes the others touch) and each claim's agreements, nothing else.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox
from rdflib import Graph

from tradekg.graph.analysis.evidence import Described
from tradekg.graph.analysis.projection import Edge, path_relations, whole
from tradekg.graph.core.namespaces import TK
from tradekg.graph.store.rows import string_rows, term_value

__all__ = ["EdgeChanges", "WholeEdges", "claim_agreements", "odd_ends", "updated_whole_edges", "whole_edges"]

_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_IN_NEGOTIATION = f"SELECT ?c ?a WHERE {{ ?c a <{TK.Claim}> ; <{TK.inNegotiation}> ?a }}"
_ODD_ENDS = """SELECT ?s ?p ?o WHERE {
  VALUES ?p { %s }
  ?s ?p ?o . FILTER(!isIRI(?s) || !isIRI(?o))
}"""


@dataclass
class WholeEdges:
    """The whole graph as the overview draws it: ``edges``, the path-relation triples between
    two IRIs; ``odd``, the others (an end is a blank node or a literal: no edge is drawn, but
    the claim they touch is reached); ``negotiations``, each claim's agreements."""

    edges: set[Edge] = field(default_factory=set)
    odd: set[Edge] = field(default_factory=set)
    negotiations: dict[str, set[str]] = field(default_factory=dict)
    # Each node of ``edges`` with its neighbours either way, once asked for (:meth:`neighbours`):
    # not saved with the rest, and handed on by updated_whole_edges rather than made again
    # (ranking 40,000 nodes over 115,000 edges at 1M triples made it in 0.15-0.35 s).
    _neighbours: dict[str, set[str]] | None = field(default=None, compare=False, repr=False)
    # What :func:`updated_whole_edges` did to them, each update in turn, since they were last
    # saved whole (saved whole: none): a build saves these rather than every edge again.
    changes: list[EdgeChanges] = field(default_factory=list, compare=False, repr=False)
    # What the overview drawn from them found of its nodes (:func:`~tradekg.graph.views.selection.view_nodes`),
    # kept beside them by a build: an update drops each node a change touched, so that only
    # those are asked about again (500 nodes' labels and evidence: 0.1 s at 1M triples).
    described: dict[str, Described] = field(default_factory=dict, compare=False, repr=False)

    def __getstate__(self) -> dict[str, object]:
        return {"edges": self.edges, "odd": self.odd, "negotiations": self.negotiations}

    def __setstate__(self, state: dict[str, object]) -> None:
        self.__dict__.update(state)
        self._neighbours, self.changes, self.described = None, [], {}

    def neighbours(self) -> dict[str, set[str]]:
        """Each node of ``edges`` with the nodes an edge joins it to, either way (the callers
        must not change it: copy what they add to)."""
        if self._neighbours is None:
            found: defaultdict[str, set[str]] = defaultdict(set)
            for s, _, o in self.edges:
                found[s].add(o)
                found[o].add(s)
            self._neighbours = dict(found)
        return self._neighbours

    def detached(self, reached: set[str] | None = None) -> set[Edge]:
        """``(claim, tk:inNegotiation, agreement)`` for each claim no relation reaches, as
        :func:`~tradekg.graph.views.selection.detached_claims` finds them (``reached``: the
        nodes of ``edges``, if the caller has them)."""
        if reached is None:
            reached = {n for s, _, o in self.edges for n in (s, o)}
        touched = reached | {n for s, _, o in self.odd for n in (s, o)}
        return {(c, str(TK.inNegotiation), a) for c, agreements in self.negotiations.items() if c not in touched
                for a in agreements}


@dataclass
class EdgeChanges:
    """What one update did to a :class:`WholeEdges`, to do again on the edges it started from:
    each edge that left or entered, in turn (``(between two IRIs?, edge, entered?)``), then
    each claim whose agreements were asked again, with them (None: it has none)."""

    edges: list[tuple[bool, Edge, bool]]
    negotiations: dict[str, set[str] | None]

    def __len__(self) -> int:
        return len(self.edges) + len(self.negotiations)

    def apply(self, to: WholeEdges) -> None:
        """Make ``to`` (the edges this update started from) the edges it made."""
        for iris, edge, entered in self.edges:
            among = to.edges if iris else to.odd
            if entered:
                among.add(edge)
            else:
                among.discard(edge)
        for claim, agreements in self.negotiations.items():
            if agreements:
                to.negotiations[claim] = agreements
            else:
                to.negotiations.pop(claim, None)
        to._neighbours = None


def odd_ends(graph: Graph, pool: dict[str, str] | None = None) -> set[Edge]:
    """The path-relation triples of ``graph`` with an end that is not an IRI (``pool``: one
    object for each equal string, as :func:`whole_edges` keeps them)."""
    one = (pool if pool is not None else {}).setdefault
    relations = " ".join(f"<{iri}>" for iri in path_relations())
    return {(one(s, s), one(p, p), one(o, o)) for s, p, o in string_rows(graph, _ODD_ENDS % relations)}


def claim_agreements(graph: Graph, pool: dict[str, str] | None = None) -> dict[str, set[str]]:
    """Each claim of ``graph`` with the agreements it is in (``tk:inNegotiation``)."""
    one = (pool if pool is not None else {}).setdefault
    found: dict[str, set[str]] = {}
    for c, a in string_rows(graph, _IN_NEGOTIATION):
        if c is not None and a is not None:
            found.setdefault(one(c, c), set()).add(one(a, a))
    return found


def whole_edges(graph: Graph) -> WholeEdges:
    """What the overview reads of ``graph``, read from it whole."""
    # One object for each IRI however many edges name it (a party is in thousands): the build
    # keeps this in its manifest, which pickle then writes each once (17 MB less at 1M triples).
    pool: dict[str, str] = {}
    one = pool.setdefault
    return WholeEdges({(one(s, s), one(p, p), one(o, o)) for s, p, o in whole(graph)}, odd_ends(graph, pool),
                      claim_agreements(graph, pool))


def updated_whole_edges(previous: WholeEdges, store: ox.Store, entered: Iterable[ox.Triple],
                        left: Iterable[ox.Triple]) -> WholeEdges:
    """``previous`` (:func:`whole_edges` before a change) after it: ``left`` and ``entered``,
    the triples that left and entered the union, each in exactly one of them; each claim
    whose type or agreements changed asked about again in ``store``, the union after it."""
    relations = path_relations()
    negotiation = str(TK.inNegotiation)
    out = WholeEdges(set(previous.edges), set(previous.odd), dict(previous.negotiations))
    asked: set[ox.NamedNode | ox.BlankNode] = set()
    between: list[tuple[Edge, bool]] = []  # the edges between two IRIs that left or entered
    done = EdgeChanges([], {})
    touched: set[str] = set()  # (the subjects of what changed: a blank node's by its id, as rows give it)
    for triples, keep in ((left, False), (entered, True)):
        for t in triples:
            subject = term_value(t.subject)
            touched.add(subject)
            p = t.predicate.value
            if p in relations:
                edge = (subject, p, term_value(t.object))
                iris = isinstance(t.subject, ox.NamedNode) and isinstance(t.object, ox.NamedNode)
                done.edges.append((iris, edge, keep))
                if iris:
                    between.append((edge, keep))
            if p in (_RDF_TYPE, negotiation):
                asked.add(t.subject)  # type: ignore[arg-type]
    claim, in_negotiation, rdf_type = ox.NamedNode(str(TK.Claim)), ox.NamedNode(negotiation), ox.NamedNode(_RDF_TYPE)
    for c in asked:
        agreements = None
        if next(iter(store.quads_for_pattern(c, rdf_type, claim)), None) is not None:
            agreements = {term_value(q.object) for q in store.quads_for_pattern(c, in_negotiation, None)} or None
        if previous.negotiations.get(term_value(c)) != agreements:
            done.negotiations[term_value(c)] = agreements
    neighbours, previous._neighbours = previous._neighbours, None  # handed on, updated (previous has none from now on)
    done.apply(out)
    if neighbours is not None:
        out._neighbours = neighbours
        _update_neighbours(neighbours, out.edges, between, relations)
    # (nothing changed: the same list, which tells the caller the edges are those it gave)
    out.changes = [*previous.changes, done] if len(done) else previous.changes
    out.described = {iri: found for iri, found in previous.described.items() if found[2].isdisjoint(touched)}
    return out


def _update_neighbours(neighbours: dict[str, set[str]], edges: set[Edge], changes: list[tuple[Edge, bool]],
                       relations: Iterable[str]) -> None:
    """``neighbours`` (:meth:`WholeEdges.neighbours` before ``changes``: each edge, and whether
    it entered or left) made those of ``edges``, the edges after them: two nodes stay
    neighbours while another relation, either way, still joins them."""
    relations = list(relations)
    for (s, _, o), entered in changes:
        if entered:
            neighbours.setdefault(s, set()).add(o)
            neighbours.setdefault(o, set()).add(s)
            continue
        if any((s, p, o) in edges or (o, p, s) in edges for p in relations):
            continue
        for a, b in ((s, o), (o, s)):
            near = neighbours.get(a)
            if near is not None:
                near.discard(b)
                if not near:
                    del neighbours[a]
