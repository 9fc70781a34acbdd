"""What a printed answer or a view shows of a node: its label and kind, and for a claim its
quotes, source and date.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS

from tradekg.graph.analysis.entities import Entity, kind_of
from tradekg.graph.core.namespaces import TK, local_name
from tradekg.graph.store.queries import BATCH, value_batches
from tradekg.graph.store.rows import string_rows_with_values

__all__ = ["Described", "Evidence", "Node", "NodeInfo", "Quote", "SourceFacts", "describe", "evidence", "node_dict"]

_DESCRIBE = f"""SELECT ?e ?type ?label WHERE {{
  VALUES ?e {{}}
  OPTIONAL {{ ?e <{RDF.type}> ?type }}
  OPTIONAL {{ ?e <{RDFS.label}> ?label }}
}}"""



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
    return {iri: NodeInfo(iri, labels.get(iri) or local_name(iri), kind_of(types.get(iri, set()))) for iri in todo}


_QUOTES = f"""SELECT ?e ?text ?start ?from ?q WHERE {{
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


def evidence(graph: Graph, iris: Iterable[str], reads: dict[str, set[str]] | None = None) -> dict[str, Evidence]:
    """Quotes, sources (title, publisher, date) and date of each IRI that has any, in three batched queries.

    Quotes come in source-text order (by start offset, where known); IRIs with no quote, source
    or date are left out of the answer. ``reads``, if given, gets for each IRI the other nodes
    whose own triples its evidence was read from (its quotations, as IRIs or blank node ids,
    and the sources it names).
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
            if reads is not None:
                reads.setdefault(str(row[0]), set()).update(v for v in (row[3], row[4]) if v is not None)
        for e, p, o in string_rows_with_values(graph, _PROVENANCE, "e", batch):
            if p == date:
                dates.setdefault(str(e), str(o))
            else:
                derived.setdefault(str(e), []).append(str(o))
                if reads is not None:
                    reads.setdefault(str(e), set()).add(str(o))
    wanted = sorted({s for found in derived.values() for s in found}
                    | {q[2] for found in quotes.values() for q in found if q[2] is not None})
    facts: dict[str, dict[str, str]] = {}
    for batch in value_batches(graph, wanted, BATCH):
        for row in string_rows_with_values(graph, _SOURCE_FACTS, "e", batch):
            facts.setdefault(str(row[0]), {}).setdefault(str(row[1]), str(row[2]))

    def source(iri: str) -> SourceFacts:
        known = facts.get(iri, {})
        return SourceFacts(iri, known.get(str(DCTERMS.title)) or local_name(iri),
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


Node = dict[str, str]
# What a view found of a node: its label and kind, its evidence (None: none), and the nodes
# whose own triples these were read from (itself, its quotations, the sources it names).
Described = tuple[NodeInfo, Evidence | None, frozenset[str]]


def node_dict(info: NodeInfo | Entity) -> Node:
    return {"iri": info.iri, "label": info.label, "kind": info.kind}
