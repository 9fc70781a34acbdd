"""A demand's status on a day, derived from the later claims that link to it — never stored.

Each later claim that reiterates, concedes, implements, rejects, withdraws or supersedes the
demand (or answers it) is a step of its history, with its date, quote and source. The status
on a day is what the steps dated by then add up to: open; conceded in part or conceded (and
implemented); rejected in part or rejected; withdrawn or superseded. Which of the demand's
sectors a commitment concedes is read from both claims' sectors:

- *stated*: the commitment names the sector, or covers all of it;
- *stated in part*: it names a narrower sector (gems and diamonds, of gems and jewellery);
- *inferred* (rule ``covers-all-narrower``): it covers all of a broader sector (all industrial
  goods, so automobiles) — shown apart, as an inference;
- *not stated*: it names a broader sector without saying all of it (fresh and processed fruit,
  for apples).

A stance that rejects the demand on some sectors protects those sectors (stated).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import Any

from rdflib import Graph

from tradekg.graph.analysis.claims_index import whole_rows
from tradekg.graph.analysis.dated import DatedClaim, check_day, dated_claims
from tradekg.graph.analysis.entities import resolve_entity
from tradekg.graph.core.errors import UsageError
from tradekg.graph.core.namespaces import TK, local_name
from tradekg.graph.store.queries import value_batches
from tradekg.graph.store.rows import string_rows_with_values

__all__ = ["OUTCOMES", "RULES", "DemandStatuses", "demand_status", "linked_demands", "measures_on_sectors",
           "status_claims"]

LINKS = {"reiterates": "reiterated", "concedes": "conceded", "rejects": "rejected", "withdraws": "withdrawn",
         "supersedes": "superseded", "revises": "revised", "respondsTo": "answered"}
OUTCOMES = ("conceded", "conceded in part", "conceded by inference", "protected", "not stated", "not conceded")
RULES = {"covers-all-narrower": "a commitment that covers all of a sector concedes every narrower sector"}

_LINKED = f"""SELECT ?demand ?claim ?link WHERE {{
  VALUES ?demand {{}}
  ?claim ?link ?demand .
  FILTER(?link IN ({", ".join(f"<{TK[p]}>" for p in LINKS)}))
}}"""
_LINKED_DEMANDS = f"""SELECT DISTINCT ?demand WHERE {{
  ?claim ?link ?demand .
  FILTER(?link IN ({", ".join(f"<{TK[p]}>" for p in LINKS)}))
  ?demand a <{TK.Demand}> .
}}"""
_IMPLEMENTS = f"SELECT ?claim ?commitment WHERE {{ VALUES ?commitment {{}} ?claim <{TK.implements}> ?commitment }}"
# (A FILTER, not a second VALUES block of predicates: Oxigraph joins two VALUES blocks pair by
# pair, 0.7 s for the 600 claims of 200 demands at 1M triples.)
_SECTORS = f"""SELECT ?claim ?how ?sector ?label WHERE {{
  VALUES ?claim {{}}
  ?claim ?how ?sector .
  FILTER(?how IN (<{TK.onSector}>, <{TK.coversAll}>, <{TK.coversPartOf}>, <{TK.includesSector}>))
  OPTIONAL {{ ?sector <http://www.w3.org/2004/02/skos/core#prefLabel> ?label }}
}}"""
_BROADER = """SELECT ?sector ?broader WHERE {
  VALUES ?sector {}
  ?sector <http://www.w3.org/2004/02/skos/core#broader>+ ?broader .
}"""
_NARROWER = """SELECT ?broader ?sector WHERE {
  VALUES ?broader {}
  ?sector <http://www.w3.org/2004/02/skos/core#broader>+ ?broader .
}"""
_CONDITIONS = f"""SELECT ?claim ?p ?text WHERE {{
  VALUES ?claim {{}}
  ?claim ?p ?text .
  FILTER(?p IN (<{TK.condition}>, <{TK.hedge}>))
}}"""
_MEASURES_ON = f"""SELECT ?act ?sector WHERE {{
  ?act a <{TK.MeasureAction}> .
  {{ ?act <{TK.onSector}> ?sector }} UNION {{ ?act <{TK.includesSector}> ?sector }}
}}"""


def measures_on_sectors(graph: Graph) -> list[tuple[str, str]]:
    """Every measure act with a sector it names: (act, sector). One query for the whole graph,
    which :func:`demand_status` makes for each demand unless it is given the answer."""
    return [(str(act), str(sector)) for act, sector in whole_rows(graph, "measure-sectors")]


def linked_demands(graph: Graph) -> set[str]:
    """The demands some claim links to (reiterates, concedes, rejects, ...): only their status
    can differ from "open"."""
    return {str(d) for (d,) in whole_rows(graph, "linked-demands")}


_EVERY_LINK = f"""SELECT ?claim ?link ?demand WHERE {{
  VALUES ?link {{ {" ".join(f"<{TK[p]}>" for p in LINKS)} }}
  ?claim ?link ?demand .
}}"""
_EVERY_IMPLEMENTS = f"SELECT ?claim ?commitment WHERE {{ ?claim <{TK.implements}> ?commitment }}"


def status_claims(graph: Graph) -> dict[str, set[str]]:
    """For each demand some claim links to, the claims its status is made of: those that link
    to it (as :func:`demand_status` reads them) and those that implement a concession of it.
    Two claims-by-predicate reads for the whole graph: a caller asking for the status of many
    demands on two days can leave alone those none of whose claims falls between the days."""
    implementers: dict[str, set[str]] = {}
    for claim, commitment in whole_rows(graph, "implements"):
        implementers.setdefault(str(commitment), set()).add(str(claim))
    out: dict[str, set[str]] = {}
    for claim, link, demand in whole_rows(graph, "demand-links"):
        mine = out.setdefault(str(demand), set())
        mine.add(str(claim))
        if local_name(str(link)) == "concedes":
            mine.update(implementers.get(str(claim), ()))
    return out


def _rows_by(graph: Graph, template: str, variable: str, iris: Iterable[str]) -> list[tuple[str | None, ...]]:
    out: list[tuple[str | None, ...]] = []
    for batch in value_batches(graph, sorted(set(iris))):
        out.extend(string_rows_with_values(graph, template, variable, batch))
    return out


class _Facts:
    """What the status of some demands needs, fetched in a few queries for all of them at once:
    links, sectors, hierarchy, conditions (a timeline or a diff asks about hundreds)."""

    def __init__(self, graph: Graph, demands: Iterable[str],
                 measure_sectors: list[tuple[str, str]] | None = None) -> None:
        demands = sorted(set(demands))
        self.links_of: dict[str, list[tuple[str, str]]] = {d: [] for d in demands}
        for d, c, p in _rows_by(graph, _LINKED, "demand", demands):
            self.links_of[str(d)].append((str(c), local_name(str(p))))
        for links in self.links_of.values():
            links.sort()  # (the order of a query's rows is not an answer's)
        concessions = {c for links in self.links_of.values() for c, link in links if link == "concedes"}
        self.implemented: dict[str, str] = {}
        for c, com in sorted(_rows_by(graph, _IMPLEMENTS, "commitment", concessions)):
            self.implemented[str(com)] = str(c)
        linked = {*demands, *(c for links in self.links_of.values() for c, _ in links)}
        self.sectors: dict[str, dict[str, set[str]]] = {}
        self.labels: dict[str, str] = {}
        for claim, how, sector, label in _rows_by(graph, _SECTORS, "claim", linked):
            self.sectors.setdefault(str(claim), {}).setdefault(local_name(str(how)), set()).add(str(sector))
            self.labels[str(sector)] = label or local_name(str(sector))
        if measure_sectors is None:
            measure_sectors = measures_on_sectors(graph) if demands else []
        self.broader: dict[str, set[str]] = {}
        for sector, broader in _rows_by(graph, _BROADER, "sector", self.labels):
            self.broader.setdefault(str(sector), set()).add(str(broader))
        self.conditions: dict[str, dict[str, list[str]]] = {}
        for claim, p, text in _rows_by(graph, _CONDITIONS, "claim", linked):
            self.conditions.setdefault(str(claim), {}).setdefault(local_name(str(p)), []).append(str(text))
        self.claims = dated_claims(graph, [*linked, *self.implemented.values()])
        demand_sectors = {s for d in demands for s in self.of(d, "onSector")}
        # The sectors under the demands', asked for from them down: not the broader sectors of
        # every sector some measure names (thousands of HS codes at scale).
        narrower: dict[str, set[str]] = {}
        for broad, sector in _rows_by(graph, _NARROWER, "broader", demand_sectors):
            narrower.setdefault(str(broad), set()).add(str(sector))
        under: dict[str, set[str]] = {}  # a sector -> the demands' sectors it is or is under
        for s in demand_sectors:
            for n in {s} | narrower.get(s, set()):
                under.setdefault(n, set()).add(s)
        # sector of a demand -> measure acts that name it or a narrower one, in the order given
        self.measures: dict[str, list[str]] = {}
        for act, sector in measure_sectors:
            for s in sorted(under.get(sector, ())):
                self.measures.setdefault(s, []).append(act)

    def of(self, claim: str, how: str) -> set[str]:
        return self.sectors.get(claim, {}).get(how, set())


def _sector_outcome(facts: _Facts, sector: str, concessions: list[DatedClaim],
                    rejections: list[DatedClaim]) -> dict[str, Any]:
    found: dict[str, Any] = {"sector": {"iri": sector, "label": facts.labels.get(sector, local_name(sector))},
                             "outcome": "not conceded", "how": None, "rule": None, "by": [], "named": [],
                             "conditions": [], "hedges": [], "implemented": False, "notes": []}
    above = facts.broader.get(sector, set())
    ranked: list[tuple[int, str, DatedClaim, list[str], str | None]] = []
    for c in concessions:
        named, whole, part = facts.of(c.iri, "onSector"), facts.of(c.iri, "coversAll"), facts.of(c.iri, "coversPartOf")
        if sector in named or sector in whole:
            ranked.append((0, "stated", c, [sector], None))
        elif narrower := sorted(n for n in named if sector in facts.broader.get(n, set())):
            ranked.append((1, "stated", c, narrower, None))
        elif broad := sorted(whole & above):
            ranked.append((2, "inferred", c, broad, "covers-all-narrower"))
        elif broad := sorted((named | part) & above):
            ranked.append((4, "only a broader sector is named", c, broad, None))
    protected = [r for r in rejections if sector in facts.of(r.iri, "onSector")]
    if protected:
        ranked.append((3, "stated", protected[0], [sector], None))
    if not ranked:
        for s in facts.measures.get(sector, []):
            found["notes"].append(f"named by a measure: {s}")
        for r in rejections:
            if above & facts.of(r.iri, "onSector"):
                found["notes"].append(f"{r.label} names a broader sector ({r.iri})")
        return found
    rank, how, _, named_sectors, rule = min(ranked, key=lambda r: (r[0], r[2].date or r[2].reported, r[2].iri))
    found["outcome"] = OUTCOMES[rank]
    found["how"], found["rule"] = how, rule
    found["by"] = sorted({c.iri for r2, _, c, _, _ in ranked if r2 == rank})
    if rank == 3:
        found["by"] = sorted(r.iri for r in protected)
    found["named"] = [facts.labels.get(n, local_name(n)) for n in named_sectors]
    found["conditions"] = sorted({t for c in found["by"] for t in facts.conditions.get(c, {}).get("condition", [])})
    found["hedges"] = sorted({t for c in found["by"] for t in facts.conditions.get(c, {}).get("hedge", [])})
    found["implemented"] = rank <= 2 and any(c in facts.implemented for c in found["by"])
    if rank <= 2:
        for r in rejections:  # a stance that says otherwise of the same sector, or of a broader one
            rs = facts.of(r.iri, "onSector")
            if sector in rs or above & rs:
                found["notes"].append(f"{r.label} ({r.iri}) names {'it' if sector in rs else 'a broader sector'} "
                                      "as protected")
    return found


def _overall(sectors: list[dict[str, Any]], steps: set[str], whole_rejection: bool) -> str:
    if "withdrawn" in steps:
        return "withdrawn"
    if "superseded" in steps:
        return "superseded"
    conceded = [s for s in sectors if s["outcome"] in OUTCOMES[:3]]
    if conceded:
        implemented = all(s["implemented"] for s in conceded)
        full = len(conceded) == len(sectors) and all(s["outcome"] != "conceded in part" for s in conceded)
        return ("implemented" if implemented else "conceded") + ("" if full else " in part")
    if whole_rejection:
        return "rejected"
    if any(s["outcome"] == "protected" for s in sectors):
        return "rejected" if all(s["outcome"] == "protected" for s in sectors) else "rejected in part"
    return "open"


def demand_status(graph: Graph, demand: str, day: dt.date | None = None,
                  as_of: dt.date | None = None, measure_sectors: list[tuple[str, str]] | None = None
                  ) -> dict[str, Any]:
    """The status of ``demand`` (a label, id or IRI) on ``day`` (every dated claim, for None),
    from the claims reported by ``as_of``; with its sectors' outcomes and its history.
    ``measure_sectors``: :func:`measures_on_sectors` of the graph, when the caller has it."""
    day, as_of = check_day(day, "day"), check_day(as_of, "as-of day")
    entity = resolve_entity(graph, demand)
    if entity.kind != "demand":
        raise UsageError(f"{entity.label!r} is a {entity.kind}, not a demand")
    return _status(_Facts(graph, [entity.iri], measure_sectors), entity.iri, day, as_of)


class DemandStatuses:
    """The status of many demands (IRIs of demands), each as :func:`demand_status` gives it, on
    any day and as of any day, from one reading of what they all need (a few queries, not a few
    for each demand)."""

    def __init__(self, graph: Graph, demands: Iterable[str],
                 measure_sectors: list[tuple[str, str]] | None = None) -> None:
        self.demands = sorted(set(demands))
        self._facts = _Facts(graph, self.demands, measure_sectors)
        for d in self.demands:
            c = self._facts.claims.get(d)
            if c is None or c.kind != "demand":
                raise UsageError(f"{d!r} is {'a ' + c.kind if c else 'not a claim'}, not a demand")

    def status(self, demand: str, day: dt.date | None = None, as_of: dt.date | None = None) -> dict[str, Any]:
        return _status(self._facts, demand, check_day(day, "day"), check_day(as_of, "as-of day"))


def _status(facts: _Facts, demand: str, day: dt.date | None, as_of: dt.date | None) -> dict[str, Any]:
    me = facts.claims[demand]
    counted, undated, history = [], [], []
    def order(link: tuple[str, str]) -> tuple[dt.date, str]:
        c = facts.claims.get(link[0])
        when = (c.date or c.reported) if c is not None else None
        return (when.earliest if when is not None else dt.date.max, link[0])

    for iri, link in sorted(facts.links_of[demand], key=order):
        c = facts.claims.get(iri)
        if c is None or not c.known_by(as_of):
            continue
        if c.date is None:
            undated.append(c.as_dict())
        elif day is None or c.dated_by(day):
            counted.append((c, link))
    sectors_of_demand = sorted(facts.of(demand, "onSector"), key=lambda s: facts.labels.get(s, s))
    status = "open"
    history.append({"date": me.date.text if me.date else None, "step": "made", "status": status, "claim": me.as_dict()})
    for n in range(len(counted)):
        c, link = counted[n]
        so_far = counted[: n + 1]
        sectors = _sectors(facts, sectors_of_demand, so_far)
        whole = any(lk == "rejects" and not facts.of(x.iri, "onSector") for x, lk in so_far)
        status = _overall(sectors, {LINKS[lk] for _, lk in so_far}, whole)
        history.append({"date": c.date.text if c.date else None, "step": LINKS[link], "status": status,
                        "claim": c.as_dict()})
        implemented = facts.implemented.get(c.iri)
        if link == "concedes" and implemented and implemented in facts.claims:
            done = facts.claims[implemented]
            if done.known_by(as_of) and (day is None or done.dated_by(day)):
                history.append({"date": done.date.text if done.date else None, "step": "implemented",
                                "status": status, "claim": done.as_dict()})
    sectors = _sectors(facts, sectors_of_demand, counted)
    return {"demand": me.as_dict(), "day": day.isoformat() if day else None,
            "as_of": as_of.isoformat() if as_of else None, "status": status, "sectors": sectors,
            "history": history, "undated": undated, "rules": RULES}


def _sectors(facts: _Facts, sectors: list[str], counted: list[tuple[DatedClaim, str]]) -> list[dict[str, Any]]:
    concessions = [c for c, link in counted if link == "concedes"]
    rejections = [c for c, link in counted if link == "rejects"]
    return [_sector_outcome(facts, s, concessions, rejections) for s in sectors]
