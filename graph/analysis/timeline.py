"""Everything dated that concerns an entity, in order: ``tradekg timeline [ENTITY]``.

An entity is a party (the claims it makes, receives or is named in, the measures it imposes or
faces, and the claims of the agreements it is party to), an agreement, a sector or technology
area (the claims on it or on a narrower one), a claim (the claim and the claims linked to it
either way), a trade measure (the acts on it, and what answers them) or a person. Entries are
in date order by the first day a date can mean; claims with no date are listed apart, never
placed. ``as_of`` keeps only what sources had reported by that day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from rdflib import Graph

from tradekg.graph.analysis.dated import DatedClaim, check_day, claims_known, dated_claims
from tradekg.graph.analysis.entities import Entity, resolve_entity
from tradekg.graph.core.namespaces import TK, local_name
from tradekg.graph.store.queries import value_batches
from tradekg.graph.store.rows import string_rows, string_rows_with_values

__all__ = ["claims_about", "timeline"]

_PARTY_ROLES = ("demandedBy", "addressedTo", "heldBy", "aboutParty", "proposedBy", "takenBy", "committedBy",
                "accordingTo", "reportingParty", "partnerParty", "subjectParty", "involvesParty", "benchmarkedAgainst")
_SECTOR_ROLES = ("onSector", "coversAll", "coversPartOf", "includesSector")
_LINKS = ("reiterates", "revises", "concedes", "implements", "rejects", "withdraws", "supersedes", "respondsTo",
          "assesses", "refersTo", "blocks", "conditions", "insteadOf", "addresses", "inExchangeFor", "refersToFigure")


_CLAIM_KINDS = {"demand", "concern", "alternative", "trade-figure", "event", "status", "measure-action", "stance",
                "commitment", "assessment", "claim"}


def _values(names: tuple[str, ...]) -> str:
    return " ".join(f"<{TK[n]}>" for n in names)


# What concerns an entity, one pattern per way (each its own query, the answers joined here:
# as one UNION Oxigraph took 3 s for a party with 7,000 claims at 1M triples, apart 0.9 s).
_ABOUT_WAYS = (
    f"VALUES ?role {{ {_values(_PARTY_ROLES)} }} ?c ?role ?e .",
    f"?m <{TK.imposedBy}>|<{TK.appliesTo}> ?e . ?c <{TK.onMeasure}> ?m .",
    f"?a <{TK.hasParty}> ?e . ?c <{TK.inNegotiation}> ?a .",
    f"?c <{TK.inNegotiation}> ?e .",
    f"VALUES ?on {{ {_values(_SECTOR_ROLES)} }} ?c ?on ?s . ?s <http://www.w3.org/2004/02/skos/core#broader>* ?e .",
    f"VALUES ?link {{ {_values(_LINKS)} }} {{ ?c ?link ?e }} UNION {{ ?e ?link ?c }}",
    f"?c <{TK.onMeasure}> ?e .",
    f"?c <{TK.respondsTo}>|<{TK.implements}> ?act . ?act <{TK.onMeasure}> ?e .",
    f"?c <{TK.attributedTo}>|<{TK.participant}> ?e .",
)
_ABOUT = [f"SELECT DISTINCT ?c WHERE {{\n  VALUES ?e {{}}\n  ?c a <{TK.Claim}> .\n  {way}\n}}" for way in _ABOUT_WAYS]
_ALL = f"SELECT ?c WHERE {{ ?c a <{TK.Claim}> }}"
# The links as a FILTER, not a VALUES block: with VALUES Oxigraph joined on the predicates
# first (0.9 s per batch of 400 claims at 1M triples); from the claims it is 0.05 s. The
# targets' labels are read apart (an OPTIONAL here was evaluated over every label).
_MEASURE_KEYS = ("rateAfter", "rateBefore", "statedTotal", "effective", "until", "announced", "action", "dateNotGiven")
_LINK_IRIS = {str(TK[n]) for n in (*_LINKS, "onMeasure")}
_OUT_LINKS = f"""SELECT ?c ?p ?o WHERE {{
  VALUES ?c {{}}
  ?c ?p ?o .
  FILTER(?p IN ({", ".join(f"<{TK[n]}>" for n in (*_LINKS, "onMeasure", *_MEASURE_KEYS))}))
}}"""
_LABELS = "SELECT ?s ?label WHERE { VALUES ?s {} ?s <http://www.w3.org/2000/01/rdf-schema#label> ?label }"


# The documents the claims name (a terms of reference, an executive order), with their own date
# if any: the documents first, then their types, labels and dates (each read from the document).
# (The three relations as VALUES, looked up for each claim: as a FILTER over each claim's every
# triple, 0.020 s instead of 0.015 s for 1,000 claims at 1M triples. Not so for _OUT_LINKS:
# its fifteen as VALUES took 1.2 s instead of 0.034 s.)
_NAMED_DOCUMENTS = f"""SELECT DISTINCT ?d WHERE {{
  VALUES ?c {{}}
  VALUES ?p {{ <{TK.aboutDocument}> <{TK.refersTo}> <{TK.legalBasis}> }}
  ?c ?p ?d
}}"""
_DOCUMENT_FACTS = """SELECT ?d ?p ?o WHERE {
  VALUES ?d {}
  ?d ?p ?o . FILTER(?p IN (<http://www.w3.org/1999/02/22-rdf-syntax-ns#type>,
    <http://www.w3.org/2000/01/rdf-schema#label>, <http://purl.org/dc/terms/date>, <http://purl.org/dc/terms/issued>))
}"""
_DOCUMENT_TYPES = {str(TK.Source), str(TK.LegalInstrument)}


def _rows(graph: Graph, template: str, variable: str, iris: Iterable[str]) -> list[tuple[str | None, ...]]:
    return [r for batch in value_batches(graph, sorted(set(iris)))
            for r in string_rows_with_values(graph, template, variable, batch)]


def _documents(graph: Graph, iris: list[str]) -> list[dict[str, Any]]:
    """The documents ``iris`` name, dated ones first in date order, then those with no date of their own."""
    named = {str(d) for (d,) in _rows(graph, _NAMED_DOCUMENTS, "c", iris) if d}
    facts: dict[str, dict[str, list[str]]] = {}
    for d, p, o in _rows(graph, _DOCUMENT_FACTS, "d", named):
        if d is not None and p is not None and o is not None:
            facts.setdefault(d, {}).setdefault(p.rsplit("#", 1)[-1].rsplit("/", 1)[-1], []).append(o)
    found: dict[str, dict[str, Any]] = {}
    for d in sorted(named):
        f = facts.get(d, {})
        if not _DOCUMENT_TYPES & set(f.get("type", ())):
            continue
        labels, dates = f.get("label", []), [*f.get("date", []), *f.get("issued", [])]
        found[d] = {"iri": d, "label": labels[0] if labels and labels[0] else local_name(d),
                    "date": min(dates) if dates else None}
    return sorted(found.values(), key=lambda d: (d["date"] is None, d["date"] or "", d["label"]))


def claims_about(graph: Graph, entity: Entity | None) -> set[str]:
    """The claims a timeline of ``entity`` shows (every claim, for None)."""
    if entity is None:
        return {str(r[0]) for r in string_rows(graph, _ALL)}
    found = {str(r[0]) for query in _ABOUT for r in string_rows_with_values(graph, query, "e", [entity.iri])}
    return found | ({entity.iri} if entity.kind in _CLAIM_KINDS else set())


def _details(graph: Graph, iris: list[str]) -> dict[str, dict[str, Any]]:
    """Each claim's links to other things, and what a measure act changes, for its entry."""
    # In the order of their text, and the labels too: a store gives them in the order it holds
    # them, which differs between two stores of the same triples (an incremental build's and a full one's).
    rows = sorted((r for batch in value_batches(graph, iris)
                   for r in string_rows_with_values(graph, _OUT_LINKS, "c", batch)),
                  key=lambda r: tuple(v or "" for v in r))
    labels: dict[str, list[str]] = {}
    for t, label in sorted(_rows(graph, _LABELS, "s", {str(o) for _, p, o in rows if p in _LINK_IRIS}),
                           key=lambda r: tuple(v or "" for v in r)):
        labels.setdefault(str(t), []).append(str(label))
    out: dict[str, dict[str, Any]] = {}
    for c, p, o in rows:
        key = local_name(str(p))
        if p in _LINK_IRIS:
            no_label: list[str | None] = [None]
            for label in labels.get(str(o)) or no_label:  # a link for each label the target has, as before
                out.setdefault(str(c), {}).setdefault("links", []).append(
                    {"relation": key, "iri": str(o), "label": label or local_name(str(o))})
            continue
        value: Any = local_name(str(o)) if key == "action" else o
        facts = out.setdefault(str(c), {}).setdefault("measure", {})
        if key == "dateNotGiven":
            facts.setdefault("not_given", []).append(value)
        else:
            facts[key] = value
    return out


def _change(details: dict[str, Any]) -> str | None:
    """What an entry changes, in words: 'imposes 25% from 2025-08-27', 'concedes X', 'rejects Y'."""
    parts = []
    m = details.get("measure")
    if m and "action" in m:
        words = m.get("action", "acts on")
        if m.get("rateBefore") and m.get("rateAfter"):
            words += f" from {m['rateBefore']}% to {m['rateAfter']}%"
        elif m.get("rateAfter"):
            words += f" {m['rateAfter']}%"
        if m.get("statedTotal"):
            words += f" (total {m['statedTotal']}%)"
        if m.get("effective"):
            words += f", effective {m['effective']}"
        elif "effective" in m.get("not_given", []) or m.get("action") in ("imposes", "raises", "lowers"):
            words += ", effective date not reported"
        if m.get("until"):
            words += f", until {m['until']}"
        parts.append(words)
    for link in details.get("links", []):
        if link["relation"] in ("reiterates", "revises", "concedes", "implements", "rejects", "withdraws",
                                "supersedes", "respondsTo"):
            verb = "responds to" if link["relation"] == "respondsTo" else link["relation"]
            parts.append(f"{verb} {link['label']}")
    return "; ".join(parts) or None


def _entry(claim: DatedClaim, details: dict[str, Any]) -> dict[str, Any]:
    return {**claim.as_dict(), "change": _change(details), "links": details.get("links", [])}


def timeline(graph: Graph, entity: str | None = None, start: dt.date | None = None, end: dt.date | None = None,
             as_of: dt.date | None = None, only: Iterable[str] | None = None) -> dict[str, Any]:
    """The dated claims that concern ``entity`` (a label, id or IRI; everything, for None), in
    date order, between ``start`` and ``end`` (a date overlapping the span counts), as reported
    by ``as_of``; undated claims listed apart.

    Returns ``{"entity", "from", "to", "as_of", "entries": [...], "undated": [...], "sources": [...],
    "documents": [...], "notes": [...]}``: each entry with date, kind, label, what it changes,
    source and quote; the sources in the order they were reported (those with no report date
    last); the documents the claims are about or cite (terms of reference, orders), with their
    own date or none.

    ``only``: consider just these claims (IRIs), chosen by the caller (a page that draws the
    first thousand of a large corpus), instead of every claim that concerns ``entity``.
    """
    start, end = check_day(start, "from day"), check_day(end, "to day")
    as_of = check_day(as_of, "as-of day")
    found = resolve_entity(graph, entity) if entity else None
    claims = dated_claims(graph, claims_about(graph, found) if only is None else only)
    known = claims_known(claims, as_of)
    details = _details(graph, sorted(known))
    dated = [c for c in known.values() if c.date is not None]
    undated = sorted((c for c in known.values() if c.date is None), key=lambda c: (c.source_label, c.label))
    if start is not None:
        dated = [c for c in dated if c.date is not None and c.date.latest >= start]
    if end is not None:
        dated = [c for c in dated if c.date is not None and c.date.earliest <= end]
    dated.sort(key=lambda c: (c.date.earliest, c.date.latest, c.kind, c.label, c.iri))
    sources: dict[str, dict[str, Any]] = {}
    for c in [*dated, *undated]:
        s = sources.setdefault(c.source, {"iri": c.source, "label": c.source_label, "reported": None, "claims": 0})
        s["claims"] += 1
        if c.reported is not None and (s["reported"] is None or c.reported.earliest < s["reported"].earliest):
            s["reported"] = c.reported
    ordered = sorted(sources.values(), key=lambda s: (s["reported"] is None, s["reported"] or "", s["label"]))
    for s in ordered:
        s["reported"] = s["reported"].text if s["reported"] is not None else None
    notes = []
    if undated:
        notes.append(f"{len(undated)} undated claim{'s' if len(undated) != 1 else ''} not placed in time")
    left_out = len(claims) - len(known)
    if as_of is not None and left_out:
        notes.append(f"{left_out} claim{'s' if left_out != 1 else ''} reported after {as_of.isoformat()} "
                     "(or by an undated report) left out")
    return {
        "entity": {"iri": found.iri, "label": found.label, "kind": found.kind} if found else None,
        "from": start.isoformat() if start else None, "to": end.isoformat() if end else None,
        "as_of": as_of.isoformat() if as_of else None,
        "entries": [_entry(c, details.get(c.iri, {})) for c in dated],
        "undated": [_entry(c, details.get(c.iri, {})) for c in undated],
        "sources": ordered, "documents": _documents(graph, [c.iri for c in [*dated, *undated]]), "notes": notes,
    }
