"""Dependency and trade-off questions answered on the negotiation projection (networkx).

- :func:`shortest_paths` — the k shortest simple paths between two entities, bounded in
  length, size and time, fetched from the store a neighbourhood at a time;
- :func:`blockers_of` — for a demand (or the demands on a sector, or by a party), the
  concerns that block or condition it and the alternatives that address each concern;
- :func:`tradeoffs` — what A asks of B against what B asks of A, grouped by sector
  category, with the links the sources state kept apart from those the tool infers.

All return plain data (JSON-ready dicts); nodes are ``{"iri", "label", "kind"}``.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time
from collections.abc import Iterable, Sequence
from typing import Any

import networkx as nx
from rdflib import Graph

from tradekg.graph.analysis.dated import hidden_claims
from tradekg.graph.analysis.entities import check_kind, resolve_entity
from tradekg.graph.analysis.evidence import Node, describe, node_dict
from tradekg.graph.analysis.projection import add_edges, edges_touching, path_relations
from tradekg.graph.core.errors import UsageError

__all__ = [
    "DEFAULT_K",
    "DEFAULT_MAX_HOPS",
    "DEFAULT_TIMEOUT",
    "MAX_HOPS",
    "MAX_K",
    "MAX_NODES",
    "MAX_TIES",
    "path_line",
    "path_text",
    "shortest_paths",
]

DEFAULT_K = 3
DEFAULT_MAX_HOPS = 6
MAX_K = 100
MAX_HOPS = 12
MAX_NODES = 50_000
DEFAULT_TIMEOUT = 10.0
MAX_TIES = 1_000  # paths of the k-th path's length examined to order ties by label




# ---------------------------------------------------------------- paths


class _Search:
    """The part of the projection fetched so far around both ends of a path question.

    Nodes are described (label, kind) only when needed — for the nodes of candidate paths,
    or for every node when ``via`` filters by kind — so hubs cost their edges, not their
    descriptions.
    """

    def __init__(self, graph: Graph, source: str, target: str, directed: bool, allowed: set[str] | None,
                 deadline: float, hidden: frozenset[str] = frozenset()) -> None:
        self.graph, self.source, self.target, self.hidden = graph, source, target, hidden
        self.directed, self.allowed, self.deadline = directed, allowed, deadline
        self.projected = nx.MultiDiGraph()
        self.projected.add_nodes_from([source, target])
        self.described: set[str] = set()

    def describe(self, nodes: Iterable[str]) -> None:
        missing = set(nodes) - self.described
        if missing:
            for iri, node in describe(self.graph, missing).items():
                self.projected.add_node(iri, label=node.label, kind=node.kind)
            self.described |= missing

    def k_paths(self, k: int, max_hops: int) -> list[list[str]]:
        """Up to k shortest simple paths of at most max_hops edges, on a simple graph
        (parallel edges between two nodes count once, so they never duplicate a path)."""
        g, source, target = self.projected, self.source, self.target
        if max_hops < 1:
            return []
        # Built from the node and edge lists: nx.Graph(g) copies every attribute dict (0.1 s per
        # call on a hub's 10,000 edges), and no attribute is needed here.
        simple: nx.Graph = nx.DiGraph() if self.directed else nx.Graph()
        simple.add_nodes_from(g)
        simple.add_edges_from(g.edges(keys=False))
        if self.allowed is not None:
            self.describe(g.nodes)
            keep = {n for n, data in g.nodes(data=True) if data.get("kind") in self.allowed} | {source, target}
            simple = simple.subgraph(keep)
        if not nx.has_path(simple, source, target):
            return []
        first = self._shortest_first(simple, k, max_hops)
        if first is not None:
            return first
        out: list[list[str]] = []
        for path in nx.shortest_simple_paths(simple, source, target):
            if len(path) - 1 > max_hops or time.monotonic() > self.deadline:
                break
            # Keep collecting while the k-th path's length is matched, so that the k returned
            # are the first by (length, labels) rather than networkx's tie order.
            if len(out) >= k and (len(path) > len(out[k - 1]) or len(out) >= k + MAX_TIES):
                break
            out.append(path)
        self.describe(n for path in out for n in path)
        out.sort(key=lambda path: (len(path), [g.nodes[n].get("label", n) for n in path], path))
        return out[:k]

    def _shortest_first(self, simple: nx.Graph, k: int, max_hops: int) -> list[list[str]] | None:
        """The first k paths by (length, labels, IRIs) when there are at least k shortest paths;
        None when there are fewer (longer paths are needed: Yen's algorithm finds those).

        All shortest paths run along the layers of a breadth-first search from both ends, so
        they are walked in order of their labels, a layer at a time, describing only the nodes
        of that DAG: ties are never enumerated one Yen step at a time (a thousand 2-hop paths
        between two hubs took seconds).
        """
        source, target = self.source, self.target
        from_source = nx.single_source_shortest_path_length(simple, source)
        backward = simple.reverse(copy=False) if simple.is_directed() else simple
        to_target = nx.single_source_shortest_path_length(backward, target)
        length = from_source[target]
        if length > max_hops:
            return []
        neighbours = simple.successors if simple.is_directed() else simple.neighbors

        def after(u: str) -> list[str]:
            step = from_source[u] + 1
            return [v for v in neighbours(u) if from_source.get(v) == step and to_target.get(v) == length - step]

        counts: dict[str, int] = {target: 1}
        layers: dict[int, set[str]] = {length: {target}}
        for depth in range(length - 1, -1, -1):
            layer = {u for v in layers[depth + 1] for u in (backward.successors(v) if simple.is_directed()
                                                              else simple.neighbors(v))
                     if from_source.get(u) == depth and to_target.get(u) == length - depth}
            layers[depth] = layer
            for u in layer:
                counts[u] = min(k, sum(counts[v] for v in after(u)))
        if counts.get(source, 0) < k:
            return None
        labels = self.projected.nodes
        out: list[list[str]] = []

        def walk(group: list[list[str]]) -> None:
            """Extend paths that share their labels so far, in label order, until k are found."""
            if len(out) >= k:
                return
            if group[0][-1] == target:
                out.extend(sorted(group)[: k - len(out)])
                return
            nxt = [[*path, v] for path in group for v in after(path[-1])]
            self.describe(path[-1] for path in nxt)
            by_label: dict[str, list[list[str]]] = {}
            for path in nxt:
                by_label.setdefault(labels[path[-1]].get("label", path[-1]), []).append(path)
            for label in sorted(by_label):
                walk(by_label[label])
                if len(out) >= k:
                    return

        self.describe([source, target])
        walk([[source]])
        return out

    def run(self, k: int, max_hops: int) -> tuple[list[list[str]], bool, str]:
        """Expand until the k shortest paths are certain; returns (paths, truncated, reason).

        Every path of length <= rs + rt lies within the fetched edges once the source side is
        expanded to radius rs and the target side to rt. Expanding the smaller frontier first
        keeps hubs from being fetched before they are needed. A directed search fetches only
        the edges it can walk: those leaving the source side and those entering the target
        side. Once either side has no new node left, everything a path can use is fetched
        (all that the source reaches, or all that reaches the target), so the answer is final.
        """
        direction = {"s": "out", "t": "in"} if self.directed else {"s": "both", "t": "both"}
        dist = {"s": {self.source: 0}, "t": {self.target: 0}}
        frontier = {"s": {self.source}, "t": {self.target}}
        radius = {"s": 0, "t": 0}
        while True:
            paths = self.k_paths(k, min(radius["s"] + radius["t"], max_hops))
            if len(paths) >= k or radius["s"] + radius["t"] >= max_hops:
                return paths, False, ""
            if time.monotonic() > self.deadline:
                return paths, True, "time limit"
            if not (frontier["s"] and frontier["t"]):
                # One side is exhausted: every path lies within the fetched edges.
                return self.k_paths(k, max_hops), False, ""
            side = min(("s", "t"), key=lambda x: (len(frontier[x]), x))
            depth = radius[side] + 1
            fetched = {e for e in edges_touching(self.graph, frontier[side], direction[side])
                       if e[0] not in self.hidden and e[2] not in self.hidden}
            add_edges(self.projected, fetched)
            new = {n for s, _, o in fetched for n in (s, o)} - dist[side].keys()
            dist[side].update(dict.fromkeys(new, depth))
            frontier[side] = new
            radius[side] = depth
            if len(dist["s"]) + len(dist["t"]) > MAX_NODES:
                return self.k_paths(k, max_hops), True, f"more than {MAX_NODES:,} nodes reached"


def _hop(projected: nx.MultiDiGraph, a: str, b: str, directed: bool) -> dict[str, Any]:
    """The edge(s) between consecutive path nodes a → b: the first as the hop's predicate,
    any others (parallel edges) listed under ``also``."""
    relations = path_relations()
    options = [(p, True) for p in projected.get_edge_data(a, b, default={})]
    if not directed:
        options += [(p, False) for p in projected.get_edge_data(b, a, default={})]
    options.sort(key=lambda o: (not o[1], o[0]))
    (first, forward), rest = options[0], options[1:]

    def predicate(iri: str) -> dict[str, str]:
        rel = relations.get(iri)
        return {"iri": iri, "label": rel.label if rel else iri}

    hop: dict[str, Any] = {
        "from": _node_of(projected, a), "predicate": predicate(first), "to": _node_of(projected, b),
        "forward": forward,
    }
    if rest:
        hop["also"] = [{"predicate": predicate(p), "forward": f} for p, f in rest]
    return hop


def _node_of(projected: nx.MultiDiGraph, iri: str) -> Node:
    data = projected.nodes[iri]
    return {"iri": iri, "label": data.get("label", iri), "kind": data.get("kind", "entity")}


def shortest_paths(graph: Graph, source: str, target: str, k: int = DEFAULT_K, max_hops: int = DEFAULT_MAX_HOPS,
                   via: Sequence[str] | None = None, directed: bool = False,
                   timeout: float = DEFAULT_TIMEOUT, as_of: dt.date | None = None) -> dict[str, Any]:
    """The k shortest simple paths between two entities (named by label, id or IRI).

    Paths follow only the negotiation relations; undirected unless ``directed``. ``via``
    restricts the intermediate nodes to those kinds (``demand``, ``concern``, ...). A path
    from an entity to itself is the empty path (0 hops). ``truncated`` is true when the
    node budget or the time limit stopped the search before it was certain. ``as_of``: only
    claims reported by that day are walked through.

    Raises UnknownEntity (exit 2) for names that match nothing or several entities, and
    UsageError for out-of-range limits.
    """
    if not 1 <= k <= MAX_K:
        raise UsageError(f"k must be between 1 and {MAX_K}")
    if not 1 <= max_hops <= MAX_HOPS:
        raise UsageError(f"max hops must be between 1 and {MAX_HOPS}")
    allowed: set[str] | None = None
    if via:
        allowed = set()
        for kind in via:
            allowed |= check_kind(kind) or set()
    start = resolve_entity(graph, source)
    end = resolve_entity(graph, target)
    hidden = hidden_claims(graph, as_of)
    for entity in (start, end):
        if entity.iri in hidden:
            raise UsageError(f"{entity.label!r} was not reported by {as_of}: it has no place in the graph as of then")
    result: dict[str, Any] = {"source": node_dict(start), "target": node_dict(end), "paths": [], "truncated": False}
    if start.iri == end.iri:
        result["paths"] = [{"hops": 0, "edges": []}]
        return result
    search = _Search(graph, start.iri, end.iri, directed, allowed, time.monotonic() + timeout, hidden)
    paths, truncated, reason = search.run(k, max_hops)
    projected = search.projected
    result["paths"] = [
        {"hops": len(p) - 1, "edges": [_hop(projected, a, b, directed) for a, b in itertools.pairwise(p)]}
        for p in paths
    ]
    result["truncated"] = truncated
    if truncated:
        result["reason"] = reason
    return result


def path_text(hop: dict[str, Any]) -> str:
    """One hop as a person reads it: ``India —demands→ X`` or ``X ←conditions— Y``.

    Relations whose object is the actor (demanded by, held by, proposed by) read from the
    actor when walked backward; the others show their true direction.
    """
    rel = path_relations().get(hop["predicate"]["iri"])
    label = hop["predicate"]["label"]
    if hop["forward"]:
        return f"—{rel.short if rel else label}→"
    if rel is not None and rel.reads_backward:
        return f"—{rel.inverse}→"
    return f"←{rel.short if rel else label}—"


def path_line(path: dict[str, Any]) -> str:
    """A whole path of :func:`shortest_paths` on one line, each edge in its true direction:
    ``India —demands→ X ←conditions— Y``; parallel relations of a hop as ``(also …)``."""
    edges = path["edges"]
    if not edges:
        return "(the same entity)"
    parts = [edges[0]["from"]["label"]]
    for hop in edges:
        also = ""
        if hop.get("also"):
            also = " (also " + ", ".join(x["predicate"]["label"] for x in hop["also"]) + ")"
        parts.append(f"{path_text(hop)}{also} {hop['to']['label']}")
    return " ".join(parts)



# ---------------------------------------------------------------- claims with provenance
