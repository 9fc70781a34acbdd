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

import itertools
import time
from collections.abc import Iterable, Sequence
from typing import Any

import networkx as nx
from rdflib import Graph, URIRef

from tradekg.graph.entities import Entity, check_kind, resolve_entity
from tradekg.graph.errors import UsageError
from tradekg.graph.projection import (
    Edge,
    NodeInfo,
    add_edges,
    describe,
    edges_touching,
    path_relations,
    string_rows_with_values,
    to_networkx,
)
from tradekg.graph.queries import query_from_text, run_query, value_batches

Node = dict[str, str]

DEFAULT_K = 3
DEFAULT_MAX_HOPS = 6
MAX_K = 100
MAX_HOPS = 12
MAX_NODES = 50_000
DEFAULT_TIMEOUT = 10.0
MAX_TIES = 1_000  # paths of the k-th path's length examined to order ties by label


def _node(info: NodeInfo | Entity) -> Node:
    return {"iri": info.iri, "label": info.label, "kind": info.kind}


# ---------------------------------------------------------------- paths


class _Search:
    """The part of the projection fetched so far around both ends of a path question.

    Nodes are described (label, kind) only when needed — for the nodes of candidate paths,
    or for every node when ``via`` filters by kind — so hubs cost their edges, not their
    descriptions.
    """

    def __init__(self, graph: Graph, source: str, target: str, directed: bool, allowed: set[str] | None,
                 deadline: float) -> None:
        self.graph, self.source, self.target = graph, source, target
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
            fetched = edges_touching(self.graph, frontier[side], direction[side])
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
                   timeout: float = DEFAULT_TIMEOUT) -> dict[str, Any]:
    """The k shortest simple paths between two entities (named by label, id or IRI).

    Paths follow only the negotiation relations; undirected unless ``directed``. ``via``
    restricts the intermediate nodes to those kinds (``demand``, ``concern``, ...). A path
    from an entity to itself is the empty path (0 hops). ``truncated`` is true when the
    node budget or the time limit stopped the search before it was certain.

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
    result: dict[str, Any] = {"source": _node(start), "target": _node(end), "paths": [], "truncated": False}
    if start.iri == end.iri:
        result["paths"] = [{"hops": 0, "edges": []}]
        return result
    search = _Search(graph, start.iri, end.iri, directed, allowed, time.monotonic() + timeout)
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


# ---------------------------------------------------------------- claims with provenance

_CLAIM_DETAILS = """
SELECT ?claim ?label ?source ?title ?date ?text ?start ?end WHERE {
  VALUES ?claim {}
  ?claim <http://www.w3.org/2000/01/rdf-schema#label> ?label ;
         <http://www.w3.org/ns/prov#wasDerivedFrom> ?source ; <https://w3id.org/tradekg/ontology#quotation> ?q .
  ?source <http://purl.org/dc/terms/title> ?title .
  ?q <https://w3id.org/tradekg/ontology#text> ?text .
  OPTIONAL { ?claim <http://purl.org/dc/terms/date> ?date }
  OPTIONAL { ?q <https://w3id.org/tradekg/ontology#start> ?start }
  # Two OPTIONALs: one joint OPTIONAL made Oxigraph scan every quotation.
  OPTIONAL { ?q <https://w3id.org/tradekg/ontology#end> ?end }
} ORDER BY ?claim ?start ?text"""
CLAIM_BATCH = 200  # claims per query: a claim has a few quotations, a source, a date


def _claims(graph: Graph, iris: Iterable[str], kind: str) -> dict[str, dict[str, Any]]:
    """Each claim with its source and its quotations (in text order), a batch of claims per query."""
    out: dict[str, dict[str, Any]] = {}
    todo = sorted(set(iris))
    for iri in todo:
        out[iri] = {"iri": iri, "label": iri, "kind": kind, "source": None, "date": None, "quotes": []}
    for batch in value_batches(graph, todo, CLAIM_BATCH):
        for r in string_rows_with_values(graph, _CLAIM_DETAILS, "claim", batch):
            claim = out[str(r[0])]
            claim["label"] = str(r[1])
            claim["source"] = {"iri": str(r[2]), "title": str(r[3])}
            claim["date"] = r[4]
            quote = {"text": str(r[5]),
                     "start": int(r[6]) if r[6] is not None else None,
                     "end": int(r[7]) if r[7] is not None else None}
            if quote not in claim["quotes"]:
                claim["quotes"].append(quote)
    return out


def _claim(graph: Graph, iri: str, kind: str) -> dict[str, Any]:
    """A claim with its source and its quotations."""
    return _claims(graph, [iri], kind)[iri]


# ---------------------------------------------------------------- blockers

_DEMANDS_FOR = query_from_text("""
SELECT DISTINCT ?entity ?demand WHERE {
  ?demand a tk:Demand .
  { ?demand tk:demandedBy ?entity }
  UNION { ?demand tk:onSector/skos:broader* ?entity }
  UNION { ?demand tk:demandKind/skos:broader* ?entity }
} ORDER BY ?demand""", "demands-for")

_DEMAND = query_from_text("""
SELECT ?demand ?by ?byLabel ?to ?toLabel ?kind ?kindLabel WHERE {
  ?demand a tk:Demand ; tk:demandedBy ?by ; tk:addressedTo ?to ; tk:demandKind ?kind .
  ?by rdfs:label ?byLabel . ?to rdfs:label ?toLabel . ?kind skos:prefLabel ?kindLabel .
} ORDER BY ?toLabel""", "demand-parties")

_OBSTACLES = query_from_text("""
SELECT ?demand ?concern ?relation ?holder ?holderLabel ?topic ?topicLabel WHERE {
  VALUES (?predicate ?relation) { (tk:blocks "blocks") (tk:conditions "conditions") }
  ?concern ?predicate ?demand ; tk:heldBy ?holder ; tk:onTopic ?topic .
  ?holder rdfs:label ?holderLabel . ?topic skos:prefLabel ?topicLabel .
} ORDER BY ?relation ?topicLabel ?concern""", "obstacles")

_REMEDIES = query_from_text("""
SELECT ?concern ?alternative ?proposer ?proposerLabel ?form ?formLabel ?replaced ?replacedLabel WHERE {
  ?alternative tk:addresses ?concern ; tk:proposedBy ?proposer ; tk:instrumentForm ?form .
  ?proposer rdfs:label ?proposerLabel . ?form skos:prefLabel ?formLabel .
  OPTIONAL { ?alternative tk:insteadOfForm ?replaced . ?replaced skos:prefLabel ?replacedLabel }
} ORDER BY ?formLabel ?alternative""", "remedies")


def _labelled(iri: Any, label: Any, kind: str) -> Node:
    return {"iri": str(iri), "label": str(label), "kind": kind}


def demands_for(graph: Graph, entity: Entity) -> list[str]:
    """The demands an entity stands for: itself if a demand, the demands a party makes, the
    demands on a sector or technology area, or the demands of a demand kind (narrower ones included)."""
    if entity.kind == "demand":
        return [entity.iri]
    rows = run_query(graph, _DEMANDS_FOR, {"entity": URIRef(entity.iri)})
    return [str(r[1]) for r in rows]


def blockers_of(graph: Graph, name: str) -> dict[str, Any]:
    """For a demand (or the demands on a sector / technology area, or by a party): the
    concerns that block or condition each demand, who holds them, and for each concern the
    alternatives that address it — every claim with its source and quotes."""
    entity = resolve_entity(graph, name)
    demands = []
    for demand_iri in demands_for(graph, entity):
        demand = _claim(graph, demand_iri, "demand")
        for row in run_query(graph, _DEMAND, {"demand": URIRef(demand_iri)}):
            r: Any = row
            demand["by"] = _labelled(r["by"], r["byLabel"], "party")
            demand.setdefault("to", []).append(_labelled(r["to"], r["toLabel"], "party"))
            demand["demand_kind"] = {"iri": str(r["kind"]), "label": str(r["kindLabel"])}
        concerns = []
        for row in run_query(graph, _OBSTACLES, {"demand": URIRef(demand_iri)}):
            r = row
            concern = _claim(graph, str(r["concern"]), "concern")
            concern.update({
                "relation": str(r["relation"]),
                "holder": _labelled(r["holder"], r["holderLabel"], "party"),
                "topic": {"iri": str(r["topic"]), "label": str(r["topicLabel"])},
            })
            alternatives = []
            for alt_row in run_query(graph, _REMEDIES, {"concern": URIRef(str(r["concern"]))}):
                a: Any = alt_row
                alternative = _claim(graph, str(a["alternative"]), "alternative")
                alternative.update({
                    "proposer": _labelled(a["proposer"], a["proposerLabel"], "party"),
                    "form": {"iri": str(a["form"]), "label": str(a["formLabel"])},
                    "instead_of_form": ({"iri": str(a["replaced"]), "label": str(a["replacedLabel"])}
                                        if a["replaced"] is not None else None),
                })
                alternatives.append(alternative)
            concern["alternatives"] = alternatives
            concerns.append(concern)
        demand["concerns"] = concerns
        demands.append(demand)
    return {"entity": _node(entity), "demands": demands}


# ---------------------------------------------------------------- trade-offs

_BILATERAL_DEMANDS = query_from_text("""
SELECT ?by ?to ?demand ?agreement ?agreementLabel ?sector ?sectorLabel ?category ?categoryLabel ?cue WHERE {
  ?demand a tk:Demand ; tk:demandedBy ?by ; tk:addressedTo ?to .
  OPTIONAL { ?demand tk:inNegotiation ?agreement . ?agreement rdfs:label ?agreementLabel }
  OPTIONAL {
    ?demand tk:onSector ?sector . ?sector skos:broader* ?category .
    FILTER NOT EXISTS { ?category skos:broader ?higher }
    # The labels as OPTIONALs that must be bound: the same rows as required patterns, which
    # Oxigraph joined over every prefLabel (2.2 s for one side of DE-US at 1M; 0.06 s).
    OPTIONAL { ?sector skos:prefLabel ?sectorLabel }
    OPTIONAL { ?category skos:prefLabel ?categoryLabel }
    FILTER(BOUND(?sectorLabel) && BOUND(?categoryLabel))
  }
  OPTIONAL { ?demand tk:reciprocityCue ?cue }
} ORDER BY ?demand ?categoryLabel ?sectorLabel""", "bilateral-demands")

# Asked about the bilateral demands only: every exchange of the graph, ordered, took 0.2 s at 1M.
_EXCHANGES = """SELECT ?demand ?counterpart WHERE {
  VALUES ?demand {}
  ?demand <https://w3id.org/tradekg/ontology#inExchangeFor> ?counterpart
}"""

INFERENCE_RULES = {
    "same-category": "A's demand and B's demand name sectors under the same top-level category, "
                     "in the same negotiation",
    "same-negotiation": "A's demand and B's demand are made in the same negotiation and share no category",
}


def _side(graph: Graph, by: Entity, to: Entity) -> dict[str, dict[str, Any]]:
    demands: dict[str, dict[str, Any]] = {}
    for row in run_query(graph, _BILATERAL_DEMANDS, {"by": URIRef(by.iri), "to": URIRef(to.iri)}):
        r: Any = row
        d = demands.setdefault(str(r["demand"]), {"agreement": None, "sectors": {}, "cue": None})
        if r["agreement"] is not None:
            d["agreement"] = {"iri": str(r["agreement"]), "label": str(r["agreementLabel"]), "kind": "agreement"}
        if r["cue"] is not None:
            d["cue"] = str(r["cue"])
        if r["sector"] is not None:
            d["sectors"][str(r["sector"])] = ({"iri": str(r["sector"]), "label": str(r["sectorLabel"])},
                                              {"iri": str(r["category"]), "label": str(r["categoryLabel"])})
    return demands


def _grouped(demands: dict[str, dict[str, Any]], claims: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    groups: dict[str, dict[str, Any]] = {}
    for iri, d in demands.items():
        claim = claims[iri]
        by_category: dict[str, list[dict[str, str]]] = {}
        categories: dict[str, dict[str, str]] = {}
        for sector, category in d["sectors"].values():
            by_category.setdefault(category["iri"], []).append(sector)
            categories[category["iri"]] = category
        if not by_category:
            by_category[""] = []
            categories[""] = {"iri": "", "label": "(no sector named)"}
        for cat_iri, sectors in by_category.items():
            group = groups.setdefault(cat_iri, {"category": categories[cat_iri], "demands": []})
            group["demands"].append({"demand": claim, "sectors": sorted(sectors, key=lambda s: s["label"])})
    return sorted(groups.values(), key=lambda g: g["category"]["label"])


DEFAULT_PAIRS = 50
"""Inferred pairings a trade-offs answer lists unless asked for more (two hubs make tens of thousands)."""


def tradeoffs(graph: Graph, a: str, b: str, limit: int | None = DEFAULT_PAIRS) -> dict[str, Any]:
    """What A asks of B against what B asks of A, grouped by top-level sector category.

    ``stated`` holds the links the sources state: a demand made in exchange for another
    (``tk:inExchangeFor``), or a demand the source presents as given in return (its cue,
    e.g. "In return") when it names no counterpart. ``inferred`` holds pairings the tool
    proposes, each with the rule that produced it (see ``INFERENCE_RULES``), strongest first:
    same-category pairs before same-negotiation ones, more shared categories first, then by
    the labels and IRIs of the two demands. Only the first ``limit`` are listed (None: all);
    ``inferred_total`` counts them all and ``inferred_truncated`` says whether the list was cut.
    """
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise UsageError(f"the pairing limit must be a whole number, 0 or more, not {limit!r}")
    party_a = resolve_entity(graph, a)
    party_b = resolve_entity(graph, b)
    if party_a.iri == party_b.iri:
        raise UsageError("trade-offs need two different parties")
    a_demands = _side(graph, party_a, party_b)
    b_demands = _side(graph, party_b, party_a)
    # Every bilateral demand is listed on its side, so all their details are needed: one batch.
    claims = _claims(graph, [*a_demands, *b_demands], "demand")

    stated = []
    bilateral = set(a_demands) | set(b_demands)
    linked: set[str] = set()
    exchanges: set[tuple[str, str]] = set()
    for batch in value_batches(graph, sorted(bilateral), CLAIM_BATCH):
        for demand, counterpart in string_rows_with_values(graph, _EXCHANGES, "demand", batch):
            if counterpart in bilateral:
                exchanges.add((str(demand), str(counterpart)))
    for demand, counterpart in sorted(exchanges):
        stated.append({"demand": claims[demand], "in_exchange_for": claims[counterpart], "cue": None})
        linked.add(demand)
    for iri, d in sorted({**a_demands, **b_demands}.items()):
        if d["cue"] and iri not in linked:
            stated.append({"demand": claims[iri], "in_exchange_for": None, "cue": d["cue"]})

    def agreement(d: dict[str, Any]) -> str | None:
        return d["agreement"]["iri"] if d["agreement"] else None

    def pairs() -> Iterable[tuple[tuple[Any, ...], str, str, list[str]]]:
        """(order key, A's demand, B's demand, shared categories) of every inferred pairing."""
        b_by_agreement: dict[str | None, list[str]] = {}
        for ib in sorted(b_demands):
            b_by_agreement.setdefault(agreement(b_demands[ib]), []).append(ib)
        b_categories = {ib: {c["label"] for _, c in d["sectors"].values()} for ib, d in b_demands.items()}
        for ia in sorted(a_demands):
            da = a_demands[ia]
            categories_a = {c["label"] for _, c in da["sectors"].values()}
            for ib in b_by_agreement.get(agreement(da), []):
                shared = sorted(categories_a & b_categories[ib])
                key = (not shared, -len(shared), claims[ia]["label"], claims[ib]["label"], ia, ib)
                yield key, ia, ib, shared

    total = 0
    kept: list[tuple[tuple[Any, ...], str, str, list[str]]] = []
    if limit is None:
        kept = sorted(pairs())
        total = len(kept)
    else:
        import heapq

        counted: list[int] = [0]

        def counting() -> Iterable[tuple[tuple[Any, ...], str, str, list[str]]]:
            for pair in pairs():
                counted[0] += 1
                yield pair

        kept = heapq.nsmallest(limit, counting())
        total = counted[0]
    inferred = [{"rule": "same-category" if shared else "same-negotiation", "a_demand": claims[ia],
                 "b_demand": claims[ib], "shared_categories": shared, "agreement": a_demands[ia]["agreement"]}
                for _, ia, ib, shared in kept]
    agreements = {d["agreement"]["iri"]: d["agreement"] for d in [*a_demands.values(), *b_demands.values()]
                  if d["agreement"]}
    return {
        "a": _node(party_a), "b": _node(party_b),
        "negotiations": sorted(agreements.values(), key=lambda x: x["label"]),
        "a_asks_b": _grouped(a_demands, claims), "b_asks_a": _grouped(b_demands, claims),
        "stated": stated, "inferred": inferred, "inferred_total": total,
        "inferred_truncated": len(inferred) < total, "rules": INFERENCE_RULES,
    }


# ---------------------------------------------------------------- whole projection (exports)


def projection_graph(graph: Graph, edges: Iterable[Edge] | None = None) -> nx.MultiDiGraph:
    """The whole negotiation projection (or the given edges) with node labels and kinds."""
    from tradekg.graph.projection import whole

    edge_set = set(edges) if edges is not None else whole(graph)
    nodes = {n for e in edge_set for n in (e[0], e[2])}
    return to_networkx(edge_set, describe(graph, nodes))
