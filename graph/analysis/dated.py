"""Claims with their two times: when a claim holds (its date) and when it was reported.

Every time-aware answer (timeline, measures in force, a demand's status, diff) reads claims
through :func:`dated_claims` and asks two questions of each: did it hold by a day
(:meth:`DatedClaim.dated_by`), and was it known by a day (:meth:`DatedClaim.known_by`,
``--as-of``: reported by sources published by then). A date the source gives only to the month
holds "by D" only once the whole month is before D; an undated claim holds by no day.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import Graph

from tradekg.graph.analysis.claims_index import claims_index
from tradekg.graph.analysis.entities import kind_of
from tradekg.graph.core.errors import UsageError
from tradekg.graph.core.namespaces import TK
from tradekg.graph.sources.dates import When, when_of
from tradekg.graph.store.queries import value_batches
from tradekg.graph.store.rows import string_rows, string_rows_with_values

__all__ = ["FACT_NAMES", "DatedClaim", "check_day", "claim_date_rows", "claims_known", "dated_claims", "dated_from",
           "hidden_claims"]


def check_day(value: str | dt.date | None, what: str = "date") -> dt.date | None:
    """A day given by a user (``YYYY-MM-DD``) as a date; UsageError (exit 2) otherwise."""
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value).strip())
    except ValueError:
        raise UsageError(f"{what} {value!r} is not a day as YYYY-MM-DD") from None


@dataclass
class DatedClaim:
    """A claim as time-aware answers see it."""

    iri: str
    kind: str
    label: str
    date: When | None = None  # when it holds or happened (its own date, else its report's)
    own_date: bool = False  # the text gives the date (not only its report)
    reported: When | None = None  # when the report it comes from was published
    source: str = ""
    source_label: str = ""
    quote: str = ""
    types: set[str] = field(default_factory=set)

    def dated_by(self, day: dt.date) -> bool:
        """The claim surely holds, or happened, on or before ``day``."""
        return self.date is not None and self.date.surely_by(day)

    def known_by(self, day: dt.date | None) -> bool:
        """The claim was surely reported on or before ``day`` (always, for no day)."""
        return day is None or (self.reported is not None and self.reported.surely_by(day))

    def as_dict(self) -> dict[str, object]:
        return {
            "iri": self.iri, "kind": self.kind, "label": self.label,
            "date": self.date.text if self.date else None, "own_date": self.own_date,
            "reported": self.reported.text if self.reported else None,
            "source": {"iri": self.source, "label": self.source_label}, "quote": self.quote,
        }


# A claim's details as single-predicate triples from the claim (an index lookup each), joined
# here: one query with an OPTIONAL per detail let Oxigraph evaluate each OPTIONAL over the whole
# store (10 s for the 45,000 claims of a 1M-triple store).
_RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_DATE = "http://purl.org/dc/terms/date"
_DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
_FIELDS = {_RDF_TYPE: "type", _LABEL: "label", _DATE: "date", str(TK.ownDate): "own",
           str(TK.reportedEarliest): "first", str(TK.reportedLatest): "last", _DERIVED: "source",
           str(TK.quotation): "quotation"}
_PROPERTIES = f"""SELECT ?c ?p ?o WHERE {{
  VALUES ?c {{}}
  ?c ?p ?o .
  FILTER(?p IN ({", ".join(f"<{p}>" for p in _FIELDS)}))
}}"""
_LABELS = f"SELECT ?s ?label WHERE {{ VALUES ?s {{}} ?s <{_LABEL}> ?label }}"
_TEXTS = f"SELECT ?q ?text WHERE {{ VALUES ?q {{}} ?q <{TK.text}> ?text }}"
_ALL_CLAIMS = f"SELECT ?c WHERE {{ ?c a <{TK.Claim}> }}"
_TEXTS_OF = str(TK.text)


def _reported(first: str | None, last: str | None) -> When | None:
    """A report time from its bounds, written as the month or year when that is what they span."""
    if not first or not last:
        return None
    a, b = dt.date.fromisoformat(first), dt.date.fromisoformat(last)
    if a == b:
        return When(a, b, first)
    for text in (first[:7], first[:4]):
        whole = when_of(text)
        if whole is not None and (whole.earliest, whole.latest) == (a, b):
            return When(a, b, text)
    return When(a, b, f"{first}/{last}")


def _objects(graph: Graph, template: str, iris: Iterable[str]) -> dict[str, list[str]]:
    """subject -> the objects of a two-column ``template`` (``VALUES ?x {}`` first) for ``iris``."""
    out: dict[str, list[str]] = {}
    variable = template.split("VALUES ?", 1)[1].split(" ", 1)[0]
    for batch in value_batches(graph, sorted(set(iris))):
        for s, o in string_rows_with_values(graph, template, variable, batch):
            if s is not None and o is not None:
                out.setdefault(s, []).append(o)
    return out


def _quote_order(q: str) -> tuple[int, str]:
    return (len(q), q)  # quote-1, quote-2 …: the first by its number


def dated_claims(graph: Graph, iris: Iterable[str] | None = None) -> dict[str, DatedClaim]:
    """The claims ``iris`` (every claim, with None) with their dates, report times, source and
    first quote; from the build's claims index when it saved one (:mod:`.claims_index`)."""
    index = claims_index(graph)
    if index is not None:
        return index.claims(iris)
    if iris is None:
        # Every claim: a scan of each predicate, kept for the claims, reads fewer rows than
        # asking claim by claim (the values of one claim and predicate come in the same order).
        claims = {str(r[0]) for r in string_rows(graph, _ALL_CLAIMS)}
        scanned: dict[str, dict[str, list[str]]] = {}
        for predicate, name in _FIELDS.items():
            for c, o in string_rows(graph, f"SELECT ?c ?o WHERE {{ ?c <{predicate}> ?o }}"):
                if c in claims and o is not None:
                    scanned.setdefault(c, {}).setdefault(name, []).append(o)
        return dated_from(graph, claims, scanned)
    wanted = sorted(set(iris))
    props: dict[str, dict[str, list[str]]] = {}
    for batch in value_batches(graph, wanted):
        for c, p, o in string_rows_with_values(graph, _PROPERTIES, "c", batch):
            if c is None or p is None or o is None:
                continue
            props.setdefault(c, {}).setdefault(_FIELDS[p], []).append(o)
    return dated_from(graph, wanted, props)


_TIMES_OF = f"""SELECT ?c ?p ?o WHERE {{
  VALUES ?c {{}}
  ?c ?p ?o .
  FILTER(?p IN (<{_RDF_TYPE}>, <{_DATE}>, <{TK.reportedEarliest}>, <{TK.reportedLatest}>))
}}"""


def claim_times(graph: Graph, iris: Iterable[str]) -> dict[str, tuple[When | None, When | None]]:
    """claim -> (date, report time) of the claims among ``iris``, exactly as :func:`dated_claims`
    gives them (``.date``, ``.reported``), without the labels, sources and quotes it also reads:
    what deciding whether a claim holds on a day, or was known by one, needs."""
    index = claims_index(graph)
    if index is not None:
        return {c: (d.date, d.reported) for c, d in index.claims(iris).items()}
    fields = {_RDF_TYPE: "type", _DATE: "date", str(TK.reportedEarliest): "first", str(TK.reportedLatest): "last"}
    props: dict[str, dict[str, list[str]]] = {}
    for batch in value_batches(graph, sorted(set(iris))):
        for c, p, o in string_rows_with_values(graph, _TIMES_OF, "c", batch):
            if c is not None and p is not None and o is not None:
                props.setdefault(c, {}).setdefault(fields[p], []).append(o)
    claim_type = str(TK.Claim)

    def first(f: dict[str, list[str]], name: str) -> str | None:
        values = f.get(name)
        return values[0] if values else None

    return {c: (when_of(first(f, "date")), _reported(first(f, "first"), first(f, "last")))
            for c, f in props.items() if claim_type in f.get("type", ())}


# The predicates dated_from reads, by the names comparing.Facts keeps them under.
FACT_NAMES = {"type": "type", "label": _LABEL, "date": "date", "own": "ownDate", "first": "reportedEarliest",
              "last": "reportedLatest", "source": _DERIVED, "quotation": "quotation"}


def dated_from(graph: Graph | None, wanted: Iterable[str], props: dict[str, dict[str, list[str]]],
               labels: dict[str, list[str]] | None = None,
               texts: dict[str, list[str]] | None = None) -> dict[str, DatedClaim]:
    """:func:`dated_claims` of ``wanted`` from their properties already read, claim -> field ->
    values (fields: type, label, date, own, first, last, source, quotation, as in ``_FIELDS``);
    the sources' labels and the first quotes' texts are read here (``graph``), unless given
    (``labels``, ``texts``: subject -> values, for every subject that has one)."""
    claim_type = str(TK.Claim)
    claims = {c: f for c, f in props.items() if claim_type in f.get("type", ())}
    # A source counts when it has a label (as the claim's source and its label, together).
    if labels is None:
        assert graph is not None
        labels = _objects(graph, _LABELS, {s for f in claims.values() for s in f.get("source", ())})
    # The first quotation (by its number) that has a text: read the texts of the first ones only.
    pending = {c: sorted(set(f["quotation"]), key=_quote_order) for c, f in claims.items() if f.get("quotation")}
    quotes: dict[str, str] = {}
    while pending:
        if texts is None:
            assert graph is not None
            found = _objects(graph, _TEXTS, {qs[0] for qs in pending.values()})
        else:
            found = texts
        for c, qs in list(pending.items()):
            if qs[0] in found:
                quotes[c] = min(found[qs[0]])
                del pending[c]
            elif len(qs) > 1:
                qs.pop(0)
            else:
                del pending[c]
    out: dict[str, DatedClaim] = {}
    for iri in sorted(set(wanted)):
        f = claims.get(iri)
        if f is None:
            continue
        # Where a property has several values (labels in two languages, two sources), the
        # least: the same whichever way, and in whichever order, they were read.
        sources = sorted(s for s in f.get("source", ()) if s in labels)
        source = sources[0] if sources else ""

        def first(name: str, f: dict[str, list[str]] = f) -> str | None:
            values = f.get(name)
            return min(values) if values else None

        types = set(f["type"])
        out[iri] = DatedClaim(iri, kind_of(types), first("label") or iri, when_of(first("date")),
                              first("own") == "true", _reported(first("first"), first("last")), source,
                              min(labels[source]) if source else "", quotes.get(iri, ""), types)
    return out


# A claim's date and report day, read as single-predicate scans joined here: with the claims'
# type in the same query (or as OPTIONALs) Oxigraph took 1.5 s at 1M triples, apart 0.7 s.
_DATE_SCAN = f"SELECT ?c ?o WHERE {{ ?c <{_DATE}> ?o }}"
_REPORTED_SCAN = f"SELECT ?c ?o WHERE {{ ?c <{TK.reportedLatest}> ?o }}"
_DATES_OF = f"""SELECT ?c ?p ?o WHERE {{
  VALUES ?c {{}}
  ?c ?p ?o . FILTER(?p IN (<{_DATE}>, <{TK.reportedLatest}>, <{_RDF_TYPE}>))
}}"""


def claim_date_rows(graph: Graph, candidates: Iterable[str] | None,
                    with_reported: bool = True) -> list[tuple[str, str | None, str | None]]:
    """(claim, date, day reported by) of the claims among ``candidates`` (every claim, for None),
    a row for each date and report day (None for none), in claim order; without
    ``with_reported`` (and every claim), the report day is None."""
    index = claims_index(graph)
    if index is not None:
        return index.date_rows(candidates, with_reported)
    dates: dict[str, list[str]] = {}
    reports: dict[str, list[str]] = {}
    if candidates is None:
        claims = {str(c) for (c,) in string_rows(graph, _ALL_CLAIMS)}
        for c, o in string_rows(graph, _DATE_SCAN):
            if c in claims and o is not None:
                dates.setdefault(c, []).append(o)
        for c, o in string_rows(graph, _REPORTED_SCAN) if with_reported else ():
            if c in claims and o is not None:
                reports.setdefault(c, []).append(o)
    else:
        claims = set()
        for batch in value_batches(graph, sorted(set(candidates))):
            for c, p, o in string_rows_with_values(graph, _DATES_OF, "c", batch):
                if c is None or o is None:
                    continue
                if p == _DATE:
                    dates.setdefault(c, []).append(o)
                elif p == str(TK.reportedLatest):
                    reports.setdefault(c, []).append(o)
                elif o == str(TK.Claim):
                    claims.add(c)
    none: list[str | None] = [None]
    return [(c, date, reported) for c in sorted(claims) for date in dates.get(c) or none
            for reported in reports.get(c) or none]


def claims_known(claims: dict[str, DatedClaim], as_of: str | dt.date | None) -> dict[str, DatedClaim]:
    """The claims reported by ``as_of`` (all of them, for None)."""
    as_of = check_day(as_of, "as-of day")
    if as_of is None:
        return claims
    return {iri: c for iri, c in claims.items() if c.known_by(as_of)}


# Claims not surely reported by the day (or by no dated report), and sources published after it
# (a source with no date of its own, such as a document it describes, is not hidden).
_NOT_KNOWN = f"""SELECT ?c WHERE {{
  {{ ?c a <{TK.Claim}> .
    OPTIONAL {{ ?c <{TK.reportedLatest}> ?known }}
    FILTER(!BOUND(?known) || ?known > "%(day)s"^^<http://www.w3.org/2001/XMLSchema#date>) }}
  UNION
  {{ ?c a <{TK.Source}> ; <{TK.reportedLatest}> ?published .
    FILTER(?published > "%(day)s"^^<http://www.w3.org/2001/XMLSchema#date>) }}
}}"""


def hidden_claims(graph: Graph, as_of: str | dt.date | None) -> frozenset[str]:
    """The claims not known by ``as_of`` (a date or ``YYYY-MM-DD``): reported after it, or by
    a report with no date; and the sources published after it.

    Paths, blockers, trade-offs, views and entity lookups leave these out under ``--as-of``.
    """
    as_of = check_day(as_of, "as-of day")
    if as_of is None:
        return frozenset()
    return frozenset(str(r[0]) for r in string_rows(graph, _NOT_KNOWN % {"day": as_of.isoformat()}))
