"""A claim as answers print it: label, kind, parties, quotes, source and date, fetched in batches."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from rdflib import Graph

from tradekg.graph.store.queries import value_batches
from tradekg.graph.store.rows import string_rows_with_values

__all__ = ["CLAIM_BATCH", "claim_of", "claims_of"]

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


def claims_of(graph: Graph, iris: Iterable[str], kind: str) -> dict[str, dict[str, Any]]:
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


def claim_of(graph: Graph, iri: str, kind: str) -> dict[str, Any]:
    """A claim with its source and its quotations."""
    return claims_of(graph, [iri], kind)[iri]


# ---------------------------------------------------------------- blockers
