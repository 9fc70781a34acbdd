"""What each of two parties asks of the other, and the pairings the sources state or tradekg infers."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from rdflib import Graph, URIRef

from tradekg.graph.analysis.claims import CLAIM_BATCH, claims_of
from tradekg.graph.analysis.dated import hidden_claims
from tradekg.graph.analysis.entities import Entity, resolve_entity
from tradekg.graph.analysis.evidence import node_dict
from tradekg.graph.core.errors import UsageError
from tradekg.graph.store.catalogue import query_from_text
from tradekg.graph.store.queries import run_query, value_batches
from tradekg.graph.store.rows import string_rows_with_values

__all__ = ["DEFAULT_PAIRS", "INFERENCE_RULES", "tradeoffs"]

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


def tradeoffs(graph: Graph, a: str, b: str, limit: int | None = DEFAULT_PAIRS,
              as_of: dt.date | None = None) -> dict[str, Any]:
    """What A asks of B against what B asks of A, grouped by top-level sector category.

    ``stated`` holds the links the sources state: a demand made in exchange for another
    (``tk:inExchangeFor``), or a demand the source presents as given in return (its cue,
    e.g. "In return") when it names no counterpart. ``inferred`` holds pairings the tool
    proposes, each with the rule that produced it (see ``INFERENCE_RULES``), strongest first:
    same-category pairs before same-negotiation ones, more shared categories first, then by
    the labels and IRIs of the two demands. Only the first ``limit`` are listed (None: all);
    ``inferred_total`` counts them all and ``inferred_truncated`` says whether the list was cut.
    ``as_of``: only demands reported by that day.
    """
    if limit is not None and (isinstance(limit, bool) or not isinstance(limit, int) or limit < 0):
        raise UsageError(f"the pairing limit must be a whole number, 0 or more, not {limit!r}")
    party_a = resolve_entity(graph, a)
    party_b = resolve_entity(graph, b)
    if party_a.iri == party_b.iri:
        raise UsageError("trade-offs need two different parties")
    hidden = hidden_claims(graph, as_of)
    a_demands = {d: v for d, v in _side(graph, party_a, party_b).items() if d not in hidden}
    b_demands = {d: v for d, v in _side(graph, party_b, party_a).items() if d not in hidden}
    # Every bilateral demand is listed on its side, so all their details are needed: one batch.
    claims = claims_of(graph, [*a_demands, *b_demands], "demand")

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
        "a": node_dict(party_a), "b": node_dict(party_b),
        "negotiations": sorted(agreements.values(), key=lambda x: x["label"]),
        "a_asks_b": _grouped(a_demands, claims), "b_asks_a": _grouped(b_demands, claims),
        "stated": stated, "inferred": inferred, "inferred_total": total,
        "inferred_truncated": len(inferred) < total, "rules": INFERENCE_RULES,
    }


# ---------------------------------------------------------------- whole projection (exports)
