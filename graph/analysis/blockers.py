"""What stands in the way of a demand (the concerns that block or condition it) and what could
unblock it (the alternatives that address those concerns).
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rdflib import Graph, URIRef

from tradekg.graph.analysis.claims import claim_of
from tradekg.graph.analysis.dated import hidden_claims
from tradekg.graph.analysis.entities import Entity, resolve_entity
from tradekg.graph.analysis.evidence import Node, node_dict
from tradekg.graph.store.catalogue import query_from_text
from tradekg.graph.store.queries import run_query

__all__ = ["blockers_of", "demands_for"]

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


def blockers_of(graph: Graph, name: str, as_of: dt.date | None = None) -> dict[str, Any]:
    """For a demand (or the demands on a sector / technology area, or by a party): the
    concerns that block or condition each demand, who holds them, and for each concern the
    alternatives that address it — every claim with its source and quotes. ``as_of``: only
    claims reported by that day."""
    entity = resolve_entity(graph, name)
    demands = []
    hidden = hidden_claims(graph, as_of)  # --as-of: claims reported later are left out
    for demand_iri in demands_for(graph, entity):
        if demand_iri in hidden:
            continue
        demand = claim_of(graph, demand_iri, "demand")
        for row in run_query(graph, _DEMAND, {"demand": URIRef(demand_iri)}):
            r: Any = row
            demand["by"] = _labelled(r["by"], r["byLabel"], "party")
            demand.setdefault("to", []).append(_labelled(r["to"], r["toLabel"], "party"))
            demand["demand_kind"] = {"iri": str(r["kind"]), "label": str(r["kindLabel"])}
        concerns = []
        for row in run_query(graph, _OBSTACLES, {"demand": URIRef(demand_iri)}):
            r = row
            if str(r["concern"]) in hidden:
                continue
            concern = claim_of(graph, str(r["concern"]), "concern")
            concern.update({
                "relation": str(r["relation"]),
                "holder": _labelled(r["holder"], r["holderLabel"], "party"),
                "topic": {"iri": str(r["topic"]), "label": str(r["topicLabel"])},
            })
            alternatives = []
            for alt_row in run_query(graph, _REMEDIES, {"concern": URIRef(str(r["concern"]))}):
                a: Any = alt_row
                if str(a["alternative"]) in hidden:
                    continue
                alternative = claim_of(graph, str(a["alternative"]), "alternative")
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
    return {"entity": node_dict(entity), "demands": demands}


# ---------------------------------------------------------------- trade-offs
