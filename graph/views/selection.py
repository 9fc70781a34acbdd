"""Choosing what a view shows: which nodes a cap keeps, their labels and evidence, and the
relations drawn for context that path queries do not follow.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rdflib import Graph
from rdflib.namespace import PROV

from tradekg.graph.analysis.evidence import Described, NodeInfo, describe, evidence
from tradekg.graph.analysis.projection import Edge, path_relations
from tradekg.graph.core.namespaces import TK, local_name
from tradekg.graph.store.queries import BATCH, run_query, value_batches
from tradekg.graph.store.rows import string_rows_with_values
from tradekg.graph.views.model import ViewNode
from tradekg.graph.views.overview import WholeEdges, claim_agreements, odd_ends

__all__ = [
    "SHOWN_RELATIONS",
    "adjacency_of",
    "detached_claims",
    "edges_within",
    "provenance_edges",
    "ranked",
    "view_nodes",
]

# ---------------------------------------------------------------- choosing what to show


def adjacency_of(edges: Iterable[Edge], nodes: Iterable[str] = ()) -> dict[str, set[str]]:
    """Each node's neighbours, either way along the edges (``nodes`` included even if alone)."""
    adjacency: defaultdict[str, set[str]] = defaultdict(set)  # (setdefault made a set per edge: 2x slower)
    for n in nodes:
        adjacency[n]
    for s, _, o in edges:
        adjacency[s].add(o)
        adjacency[o].add(s)
    return dict(adjacency)


def ranked(edges: Iterable[Edge], first: Sequence[str], nodes: Iterable[str] = (),
            limit: int | None = None, adjacency: dict[str, set[str]] | None = None) -> list[str]:
    """Nodes in the order a cap keeps them: breadth-first from ``first`` (then from the
    best-connected node of each remaining component), best-connected neighbours first.

    With a ``limit``, the walk stops once that many are ordered (the list may run a little
    past it, to the end of a ring); the first ``limit`` are those of the whole order.
    ``adjacency``: :func:`adjacency_of` of the edges and nodes, if the caller has it already.
    """
    if adjacency is None:
        adjacency = adjacency_of(edges, nodes)
    degree = {n: len(v) for n, v in adjacency.items()}
    order: list[str] = []
    seen: set[str] = set()
    enough = len(adjacency) if limit is None else limit

    def visit(start: list[str]) -> None:
        layer = [n for n in start if n not in seen]
        seen.update(layer)
        while layer:
            order.extend(layer)
            if len(order) >= enough:
                return
            nxt: list[str] = []
            for n in layer:
                for m in sorted(adjacency.get(n, ()), key=lambda m: (-degree[m], m)):
                    if m not in seen:
                        seen.add(m)
                        nxt.append(m)
            layer = nxt

    def best(n: str) -> tuple[int, str]:
        return -degree[n], n

    visit([n for n in first if n in adjacency])
    if len(order) < enough and len(seen) < len(adjacency):
        # The best-connected node not yet reached starts the next component; when one is
        # not enough, the others in order (sorting every node only then).
        visit([min((n for n in adjacency if n not in seen), key=best)])
        if len(order) < enough:
            for n in sorted(adjacency, key=best):
                if n not in seen:
                    visit([n])
                    if len(order) >= enough:
                        break
    return order


def edges_within(edges: set[Edge], kept: set[str]) -> list[Edge]:
    return sorted(e for e in edges if e[0] in kept and e[2] in kept)


def view_nodes(graph: Graph, iris: Iterable[str], roles: Mapping[str, str],
               fallback: Mapping[str, Mapping[str, Any]] | None = None,
               described: dict[str, Described] | None = None) -> list[ViewNode]:
    """ViewNodes for ``iris`` with label, kind and evidence fetched in batches.

    ``described``: what an earlier call found of some of them, still true of ``graph`` (see
    :class:`~tradekg.graph.views.overview.WholeEdges`); only the others are asked about, and it
    is made what this call found of ``iris``, each with the nodes whose own triples it read."""
    ordered = list(dict.fromkeys(iris))
    todo = ordered if described is None else [iri for iri in ordered if iri not in described]
    reads: dict[str, set[str]] = {}
    info = describe(graph, todo)
    found = evidence(graph, todo, reads if described is not None else None)
    if described is not None:
        for iri in todo:
            described[iri] = (info[iri], found.get(iri), frozenset({iri, *reads.get(iri, ())}))
        for iri in described.keys() - set(ordered):
            del described[iri]
        info = {iri: described[iri][0] for iri in ordered}
        found = {iri: ev for iri in ordered if (ev := described[iri][1]) is not None}
    out = []
    for iri in ordered:
        node = info.get(iri) or NodeInfo(iri, local_name(iri), "entity")
        label, kind = node.label, node.kind
        hint = (fallback or {}).get(iri)
        if hint and kind == "entity":  # not in this store: trust what the answer said
            label = str(hint.get("label") or label)
            kind = str(hint.get("kind") or kind)
        out.append(ViewNode(iri, label, kind, roles.get(iri, "node"), found.get(iri)))
    return out


# Relations a view may draw (dashed) that path queries do not follow: which agreement a
# claim belongs to, and which source it comes from. Short verb and full label of each.
SHOWN_RELATIONS: dict[str, tuple[str, str]] = {
    str(TK.inNegotiation): ("in", "in negotiation"),
    str(PROV.wasDerivedFrom): ("from", "derived from (its source)"),
}
# Predicates in a FILTER, not a second VALUES block, which Oxigraph answered by a scan (see
# projection._OUT_EDGES).
_SHOWN_EDGES = f"""SELECT ?s ?p ?o WHERE {{
  VALUES ?s {{}}
  ?s ?p ?o . FILTER(isIRI(?o) && ?p IN ({", ".join(f"<{p}>" for p in SHOWN_RELATIONS)}))
}}"""


def provenance_edges(graph: Graph, nodes: Iterable[str]) -> set[Edge]:
    """The SHOWN_RELATIONS edges between two of ``nodes`` (a claim and its agreement or source)."""
    within = set(nodes)
    found: set[Edge] = set()
    todo = sorted(within)
    for batch in value_batches(graph, todo, BATCH):
        for s, p, o in string_rows_with_values(graph, _SHOWN_EDGES, "s", batch):
            if o in within:
                found.add((str(s), str(p), str(o)))
    return found


_DETACHED_CLAIMS = f"""SELECT ?c ?a WHERE {{
  ?c a <{TK.Claim}> ; <{TK.inNegotiation}> ?a .
  FILTER NOT EXISTS {{ ?c ?p ?x . VALUES ?p {{ %(relations)s }} }}
  FILTER NOT EXISTS {{ ?y ?q ?c . VALUES ?q {{ %(relations)s }} }}
}}"""


def detached_claims(graph: Graph, reached: set[str] | None = None) -> set[Edge]:
    """``(claim, tk:inNegotiation, agreement)`` for every claim no negotiation relation reaches
    (events, status reports), so that an overview shows every claim, hung on its agreement.

    ``reached``: the nodes of :func:`~tradekg.graph.analysis.projection.whole`, when the caller has
    them: the claims are then told apart in Python (two NOT EXISTS over every claim took 1 s
    at 1M triples), with the relations whose other end is not an IRI (which ``whole`` leaves
    out) asked for separately, so that the answer is the same.
    """
    if reached is None:
        relations = " ".join(f"<{iri}>" for iri in path_relations())
        rows = run_query(graph, _DETACHED_CLAIMS % {"relations": relations})
        return {(str(r[0]), str(TK.inNegotiation), str(r[1])) for r in rows}
    return WholeEdges(set(), odd_ends(graph), claim_agreements(graph)).detached(set(reached))
