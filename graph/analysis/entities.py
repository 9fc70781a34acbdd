"""Finding entities by what people call them: label, alternative label, id or IRI.

Matching is case-, accent- and punctuation-insensitive (:func:`tradekg.graph.core.names.fold`).
Exact names are looked up through the store's indexes first. Only when that finds nothing
are names compared folded, and close names suggested: among every name of the few-membered
kinds (parties, agreements, sectors, concepts), and, of the many-membered ones (claims,
sources, HS headings), only the names with a word starting as the typed name's longest word
does — so resolving a name stays fast on large graphs. ``find_entities`` (a search for a
part of a name, :mod:`~tradekg.graph.analysis.search`) asks only for the names that may hold the text.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Collection, Iterable
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef

from tradekg.graph.core.errors import UnknownEntity, UsageError
from tradekg.graph.core.names import close_matches, fold
from tradekg.graph.core.namespaces import BROADER_KINDS as _BROADER
from tradekg.graph.core.namespaces import ENTITY_KINDS as KINDS
from tradekg.graph.core.namespaces import TK, expand_iri
from tradekg.graph.store.catalogue import query_from_text
from tradekg.graph.store.queries import run_query, safe_iri

__all__ = [
    "KINDS",
    "Candidate",
    "Entity",
    "all_names",
    "check_kind",
    "complete",
    "entity_of",
    "kind_of",
    "resolve_entity",
    "scan_names",
]

_CLASS_TO_KIND = {str(TK[c]): k for k, c in KINDS.items()}
_VALUES = " ".join(f"tk:{c}" for c in dict.fromkeys(KINDS.values()))
_LIST = ", ".join(f"tk:{c}" for c in dict.fromkeys(KINDS.values()))

_NAMES_QUERY = f"""
PREFIX tk: <{TK}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?e ?type ?name ?label ?id WHERE {{
  VALUES ?type {{ {_VALUES} }}
  ?e a ?type .
  ?e rdfs:label|skos:altLabel|skos:prefLabel|dcterms:identifier|tk:alpha3 ?name .
  OPTIONAL {{ ?e rdfs:label ?label }}
  OPTIONAL {{ ?e dcterms:identifier ?id }}
}}"""

_EXACT_QUERY = f"""
PREFIX tk: <{TK}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?e ?type ?name ?label ?id WHERE {{
  ?e rdfs:label|skos:altLabel|skos:prefLabel|dcterms:identifier|tk:alpha3 ?name .
  VALUES ?type {{ {_VALUES} }}
  ?e a ?type .
  OPTIONAL {{ ?e rdfs:label ?label }}
  OPTIONAL {{ ?e dcterms:identifier ?id }}
}}"""


# A claim's id is "source/claim"; people name it by the claim part. Matched on the server,
# so that resolving such a name does not fetch every name in the graph.
# The type as an OPTIONAL that the FILTER then requires (the same rows as `?e a ?type`):
# Oxigraph otherwise joined every identifier with its types before testing the suffix
# (1.2 s at 1M triples with a VALUES block of types, 0.9 s with the FILTER alone; 0.1 s).
_ID_TAIL_QUERY = f"""
PREFIX tk: <{TK}>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
SELECT ?e ?type ?name ?label ?id ?suffix WHERE {{
  ?e dcterms:identifier ?name .
  FILTER(STRENDS(STR(?name), ?suffix))
  OPTIONAL {{ ?e a ?type }} FILTER(?type IN ({_LIST}))
  OPTIONAL {{ ?e rdfs:label ?label }}
  OPTIONAL {{ ?e dcterms:identifier ?id }}
}}"""

# Kinds with many members (claims, sources: tens of thousands at 1M triples; the HS
# nomenclature: thousands of headings) and the rest (parties, agreements, sectors, concepts).
_MANY = {"demand", "concern", "alternative", "trade-figure", "event", "status", "claim",
         "terms-of-reference", "article", "statement", "source", "hs"}
_NAME_PREDICATES = {
    "http://www.w3.org/2000/01/rdf-schema#label": "label",
    "http://www.w3.org/2004/02/skos/core#altLabel": "name",
    "http://www.w3.org/2004/02/skos/core#prefLabel": "name",
    "http://purl.org/dc/terms/identifier": "id",
    str(TK.alpha3): "name",
}
_FEW_NAMES = """SELECT ?e ?type ?p ?name WHERE {
  VALUES ?type { %(types)s }
  ?e a ?type .
  %(names)s
}"""
@dataclass(frozen=True, order=True)
class Entity:
    """An entity as a person sees it: label, kind, short id and IRI."""

    label: str
    kind: str
    id: str
    iri: str

    def as_dict(self) -> dict[str, str]:
        return {"iri": self.iri, "label": self.label, "kind": self.kind, "id": self.id}


def kind_of(types: Iterable[str]) -> str:
    """The most specific tradekg kind among an entity's rdf:types (IRIs as strings), or 'entity'."""
    return _kind_of(frozenset(types))


@functools.lru_cache(maxsize=1024)  # (entities share a few sets of types)
def _kind_of(types: frozenset[str]) -> str:
    kinds = {_CLASS_TO_KIND[t] for t in types if t in _CLASS_TO_KIND}
    for kind in KINDS:  # most specific first
        if kind in kinds:
            return kind
    return "entity"


def check_kind(kind: str | None) -> set[str] | None:
    """The kinds a ``--kind`` value admits; UsageError (exit 2) for an unknown kind."""
    if kind is None:
        return None
    if kind not in KINDS:
        hint = close_matches(kind, KINDS, n=3)
        raise UsageError(f"unknown kind {kind!r}" + (f"; did you mean {', '.join(hint)}?" if hint
                                                     else f"; kinds: {', '.join(KINDS)}"))
    return {kind} | _BROADER.get(kind, set())


@dataclass
class Candidate:
    types: set[str]
    names: set[str]
    label: str | None = None
    id: str | None = None


def _collect(rows: object) -> dict[str, Candidate]:
    found: dict[str, Candidate] = {}
    for row in rows:  # type: ignore[attr-defined]
        iri = str(row[0])
        cand = found.setdefault(iri, Candidate(set(), set()))
        cand.types.add(str(row[1]))
        cand.names.add(str(row[2]))
        if row[3] is not None and cand.label is None:
            cand.label = str(row[3])
        if row[4] is not None and cand.id is None:
            cand.id = str(row[4])
            # A claim's id is "source/claim"; the claim part alone names it too.
            cand.names.add(cand.id.rsplit("/", 1)[-1])
    return found


def entity_of(iri: str, cand: Candidate) -> Entity:
    short = iri.rsplit("/", 1)[-1]
    return Entity(cand.label or short, kind_of(cand.types), cand.id or short, iri)


def all_names(graph: Graph) -> dict[str, Candidate]:
    """Every named entity of a tradekg kind, with all its names (one scan of the labels)."""
    return _collect(run_query(graph, _NAMES))


# One name predicate per query, the types as a FILTER (a single query over the five as a
# property-path alternative took 10 s at 1M triples; these five, 4 s unfiltered). With a
# search text, a REGEX keeps only names that may hold it (see :func:`may_contain`).
_SCAN_NAMES = """SELECT ?e ?type ?name WHERE {
  ?e <%(predicate)s> ?name .%(filter)s
  ?e a ?type . FILTER(?type IN (%(types)s))
}"""
def _add_name(found: dict[str, Candidate], iri: str, kind: str, name: str, role: str | None) -> None:
    """Record that ``iri`` (of rdf:type ``kind``) is called ``name``; its first label and id too."""
    cand = found.setdefault(iri, Candidate(set(), set()))
    cand.types.add(kind)
    cand.names.add(name)
    if role == "label" and cand.label is None:
        cand.label = name
    elif role == "id":
        if cand.id is None:
            cand.id = name
        cand.names.add(name.rsplit("/", 1)[-1])  # a claim's id is "source/claim"


def scan_names(graph: Graph, kinds: Collection[str] | None, pattern: str | None) -> dict[str, Candidate]:
    """Entities (of ``kinds``) with their names matching ``pattern``, a case-insensitive regular
    expression (every name, with none): one query per name predicate, filtered in Oxigraph
    (0.3 s for all five at 1M triples with a pattern; 3.7 s as one UNION, whose filter
    Oxigraph applied after the join)."""
    from tradekg.graph.store.rows import string_rows

    wanted = [c for k, c in KINDS.items() if kinds is None or k in kinds]
    types = ", ".join(f"<{TK[c]}>" for c in dict.fromkeys(wanted))
    where = f' FILTER(REGEX(STR(?name), "{pattern}", "i"))' if pattern else ""
    found: dict[str, Candidate] = {}
    for predicate, role in _NAME_PREDICATES.items():
        text = _SCAN_NAMES % {"predicate": predicate, "filter": where, "types": types}
        for e, kind, value in string_rows(graph, text):  # every variable is bound
            _add_name(found, e, kind, value, role)
    return found


_IRI_QUERY = """
SELECT ?e ?type ?label ?id WHERE {
  ?e a ?type .
  OPTIONAL { ?e <http://www.w3.org/2000/01/rdf-schema#label> ?label }
  OPTIONAL { ?e <http://purl.org/dc/terms/identifier> ?id }
}"""


_NAMES = query_from_text(_NAMES_QUERY, "entity-names")
_EXACT = query_from_text(_EXACT_QUERY, "entity-by-name")
_BY_IRI = query_from_text(_IRI_QUERY, "entity-by-iri")
_BY_ID_TAIL = query_from_text(_ID_TAIL_QUERY, "entity-by-id-tail")


def _exact(graph: Graph, name: str) -> dict[str, Candidate]:
    """Entities with exactly this name, in the usual capitalisations (index lookups, no scan)."""
    found: dict[str, Candidate] = {}
    for variant in dict.fromkeys([name, name.lower(), name.title(), name.capitalize(), name.upper()]):
        for literal in (Literal(variant), Literal(variant, lang="en")):
            for iri, cand in _collect(run_query(graph, _EXACT, {"name": literal})).items():
                into = found.setdefault(iri, Candidate(set(), set(), cand.label, cand.id))
                into.types |= cand.types
                into.names |= cand.names
    return found


def resolve_entity(graph: Graph, name: str, kind: str | None = None) -> Entity:
    """The one entity ``name`` names (IRI, id, label or alternative label).

    Raises UnknownEntity (exit 2) listing the candidates when the name is ambiguous, or the
    closest names when nothing matches.
    """
    kinds = check_kind(kind)
    text = name.strip()
    if not text:
        raise UnknownEntity(name, [])
    iri = expand_iri(text)
    if iri is not None:
        rows = list(run_query(graph, _BY_IRI, {"e": URIRef(iri)})) if safe_iri(iri) else []
        types = {str(r[1]) for r in rows}
        if types:
            label = next((str(r[2]) for r in rows if r[2] is not None), iri.rsplit("/", 1)[-1])
            ident = next((str(r[3]) for r in rows if r[3] is not None), iri.rsplit("/", 1)[-1])
            entity = Entity(label, kind_of(types), ident, iri)
            if kinds is None or entity.kind in kinds:
                return entity
    key = fold(text)
    candidates = _exact(graph, text)
    if not candidates and "/" not in text:
        candidates = _collect(run_query(graph, _BY_ID_TAIL, {"suffix": Literal("/" + text)}))
    pool: dict[str, Candidate] | None = None
    if not candidates:
        # Spelled otherwise (case, accents, dashes, a leading "the"): compare folded names.
        pool = _names_near(graph, key, kinds)
        candidates = {iri: c for iri, c in pool.items() if key in {fold(n) for n in c.names}}
        complete(graph, candidates)
    matches = [entity_of(iri, c) for iri, c in candidates.items()]
    matches = [e for e in matches if e.kind != "entity" and (kinds is None or e.kind in kinds)]
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        matches.sort()
        raise UnknownEntity(name, [(f"{e.label} ({e.kind})", e.iri) for e in matches], ambiguous=True)
    names: dict[str, None] = {}
    for cand in (pool if pool is not None else _names_near(graph, key, kinds)).values():
        kind = kind_of(cand.types)
        if kind != "entity" and (kinds is None or kind in kinds):
            names.update(dict.fromkeys(sorted(cand.names)))
    suggestions = close_matches(text, list(names))
    raise UnknownEntity(name, [(s, "") for s in suggestions])


def _names_near(graph: Graph, key: str, kinds: set[str] | None) -> dict[str, Candidate]:
    """Entities (of ``kinds``) a misspelt name may mean, with the names they are known by.

    Every entity of the few-membered kinds (parties, agreements, sectors, concepts), and of the
    many-membered ones (claims, sources, HS headings) those with a name in which a word starts
    as the longest word of ``key`` (a folded name) does, its first three letters or digits:
    suggesting from every claim label and id read tens of thousands of names (39 s at 1M
    triples). Labels and ids that did not match are not read (see :func:`complete`).
    """
    wanted = set(KINDS) if kinds is None else kinds
    few = [KINDS[k] for k in KINDS if k in wanted and k not in _MANY]
    found: dict[str, Candidate] = {}
    if few:
        from tradekg.graph.store.rows import string_rows

        names = " UNION ".join(f"{{ ?e <{p}> ?name BIND(<{p}> AS ?p) }}" for p in _NAME_PREDICATES)
        text = _FEW_NAMES % {"types": " ".join(f"<{TK[c]}>" for c in dict.fromkeys(few)), "names": names}
        for e, kind, p, value in string_rows(graph, text):  # every variable is bound
            _add_name(found, e, kind, value, _NAME_PREDICATES.get(p))
    # The start of the longest word: the most telling ("cyb" for "us concern cybersecurty").
    words = sorted(re.findall(r"[a-z0-9]+", key), key=len, reverse=True)
    many = [k for k in KINDS if k in wanted and k in _MANY]
    if many and words:
        for iri, cand in scan_names(graph, many, f"(^|[^a-z0-9]){words[0][:3]}").items():
            into = found.setdefault(iri, cand)
            if into is not cand:  # an entity of a few-membered kind and a many-membered one
                into.types |= cand.types
                into.names |= cand.names
                into.label = into.label or cand.label
                into.id = into.id or cand.id
    return found


def complete(graph: Graph, candidates: dict[str, Candidate]) -> None:
    """Fill in the types, label and id of each candidate (one index lookup each)."""
    for iri, cand in candidates.items():
        for row in run_query(graph, _BY_IRI, {"e": URIRef(iri)}):
            cand.types.add(str(row[1]))
            if row[2] is not None and cand.label is None:
                cand.label = str(row[2])
            if row[3] is not None and cand.id is None:
                cand.id = str(row[3])
