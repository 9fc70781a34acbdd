"""What changed between two days, and what two sources say: ``tradekg diff``.

Between two days: positions opened (demands, concerns, stances, commitments dated after the
first day and by the second), demands whose status changed (from → to, with the claims that
moved it), positions closed (withdrawn or superseded); measures that came into force, ended or
changed rate; trade figures newly reported. Every change carries its evidence (claim, quote,
source). Between two sources: their claims side by side, matched by what they are about.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from rdflib import Graph

from tradekg.graph.analysis.claims_index import claims_index
from tradekg.graph.analysis.dated import DatedClaim, check_day, claim_times, dated_claims
from tradekg.graph.analysis.entities import resolve_entity
from tradekg.graph.analysis.measures import _acts, _in_force
from tradekg.graph.analysis.positions import DemandStatuses, linked_demands, status_claims
from tradekg.graph.core.errors import UsageError
from tradekg.graph.core.namespaces import ENTITY_KINDS, TK, local_name
from tradekg.graph.store.queries import value_batches
from tradekg.graph.store.rows import string_rows, string_rows_with_values

__all__ = ["diff", "diff_sources"]

_POSITIONS = ("demand", "concern", "stance", "commitment", "alternative")
_CLOSED = {"withdrawn", "superseded"}


def _in(c: DatedClaim, after: dt.date, by: dt.date) -> bool:
    """The claim is dated after ``after`` and by ``by`` (surely: a month counts once it is over)."""
    return c.date is not None and c.date.earliest > after and c.dated_by(by)


def _measure_changes(graph: Graph, first: dt.date, second: dt.date, as_of: dt.date | None) -> list[dict[str, Any]]:
    read = _acts(graph)  # once for both days
    before = {m["measure"]["iri"]: m for m in _in_force(read, first, as_of=as_of)["measures"]}
    after = {m["measure"]["iri"]: m for m in _in_force(read, second, as_of=as_of)["measures"]}
    out = []
    for iri in sorted(set(before) | set(after), key=lambda i: (after.get(i) or before[i])["measure"]["label"]):
        b, a = before.get(iri), after.get(iri)
        was = b["state"] if b else "not in force"
        now = a["state"] if a else "not in force"
        was_rate, now_rate = (b or {}).get("rate"), (a or {}).get("rate")
        if was == now and (was != "in force" or was_rate == now_rate):
            continue
        if now == "in force" and was != "in force":
            change = "came into force"
        elif was == "in force" and now != "in force":
            change = "ended" if now == "ended" else f"no longer in force ({now})"
        elif was == now == "in force":
            change = "rate changed"
        else:
            change = f"{was} → {now}"
        evidence = [x for x in ((a or {}).get("ended_by"), (a or {}).get("act"), (a or {}).get("pause")) if x]
        out.append({"measure": (a or b)["measure"], "change": change, "from": {"state": was, "rate": was_rate},  # type: ignore[index]
                    "to": {"state": now, "rate": now_rate}, "evidence": evidence[:2]})
    return out


_DEMANDS = f"SELECT ?d WHERE {{ ?d a <{TK.Demand}> }}"
# The claims that can be opened in the span (positions dated after the first day, by the
# second) or be figures newly reported in it: a superset, read from types and dates alone so
# that only these claims' details are read (a claim's kind is the first of its classes in
# ENTITY_KINDS; a date that is not one day, such as a month or a range, is kept and decided
# in Python).
_XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"
_NOT_A_DAY = f"DATATYPE(?d) != <{_XSD_DATE}>"
# Each a single pattern with its filter (joined with others in one query, Oxigraph took 1.3 s
# at 1M triples; apart, 0.3 s).
_DATED_POSITIONS = f"""SELECT ?c WHERE {{
  {{ SELECT ?c WHERE {{ ?c <http://purl.org/dc/terms/date> ?d .
    FILTER({_NOT_A_DAY} || (?d > "%(first)s"^^<{_XSD_DATE}> && ?d <= "%(second)s"^^<{_XSD_DATE}>)) }} }}
  VALUES ?type {{ {" ".join(f"<{TK[ENTITY_KINDS[k]]}>" for k in _POSITIONS)} }}
  ?c a ?type .
}}"""
_FIGURES = f"SELECT ?c WHERE {{ ?c a <{TK.TradeFigure}> }}"
_REPORTED_AFTER = f"""SELECT ?c WHERE {{ VALUES ?c {{}} ?c <{TK.reportedEarliest}> ?d .
  FILTER({_NOT_A_DAY} || ?d > "%(first)s"^^<{_XSD_DATE}>) }}"""
_REPORTED_BY = f"""SELECT ?c WHERE {{ ?c <{TK.reportedLatest}> ?d .
  FILTER({_NOT_A_DAY} || ?d <= "%(second)s"^^<{_XSD_DATE}>) }}"""


def _candidates(graph: Graph, first: dt.date, second: dt.date) -> set[str]:
    """The claims :func:`diff` can list as opened or newly reported between the days (a superset)."""
    index = claims_index(graph)
    if index is not None:  # exactly the claims diff lists, from the build's index
        return index.dated_between(_POSITIONS, first, second) | index.dated_between(["trade-figure"], first, second,
                                                                                     reported=True)
    days = {"first": first.isoformat(), "second": second.isoformat()}

    def of(query: str) -> set[str]:
        return {str(r[0]) for r in string_rows(graph, query % days)}

    figures = of(_FIGURES) & of(_REPORTED_BY)  # fewer than those reported after the first day
    after = {str(r[0]) for batch in value_batches(graph, sorted(figures))
             for r in string_rows_with_values(graph, _REPORTED_AFTER % days, "c", batch)}
    return of(_DATED_POSITIONS) | after


def diff(graph: Graph, first: dt.date, second: dt.date, as_of: dt.date | None = None) -> dict[str, Any]:
    """What changed from ``first`` to ``second`` (valid time), as reported by ``as_of`` (every
    source, for None)."""
    first, second = check_day(first, "first day"), check_day(second, "second day")
    as_of = check_day(as_of, "as-of day")
    if second < first:
        raise UsageError(f"the second day ({second.isoformat()}) comes before the first ({first.isoformat()})")
    # A demand no claim links to is open on both days: only the linked ones can have changed.
    linked = linked_demands(graph)
    candidates = _candidates(graph, first, second)
    claims = {i: c for i, c in dated_claims(graph, candidates | linked).items() if c.known_by(as_of)}
    opened = [c.as_dict() for c in sorted(claims.values(), key=lambda c: (c.date, c.kind, c.label))
              if c.kind in _POSITIONS and _in(c, first, second)]
    changed: list[dict[str, Any]] = []
    closed: list[dict[str, Any]] = []
    # A demand's status on a day is made of the claims that link to it (and implement its
    # concessions) dated by that day: where none of them falls between the two days, the two
    # statuses are one, and neither is worked out.
    making = status_claims(graph) if linked else {}
    times = claim_times(graph, set().union(*making.values())) if making else {}

    def moves(iri: str) -> bool:  # as DatedClaim.known_by and .dated_by decide
        date, reported = times.get(iri, (None, None))
        if date is None or (as_of is not None and (reported is None or not reported.surely_by(as_of))):
            return False
        return date.surely_by(first) != date.surely_by(second)

    moved_demands = [str(d) for (d,) in string_rows(graph, _DEMANDS)
                     if d in claims and claims[d].dated_by(second) and str(d) in linked
                     and claims[d].dated_by(first)  # (else opened in the span: listed above)
                     and any(moves(c) for c in making.get(str(d), ()))]
    statuses = DemandStatuses(graph, moved_demands)
    for demand in moved_demands:
        was, now = statuses.status(demand, first, as_of), statuses.status(demand, second, as_of)
        if was["status"] == now["status"]:
            continue
        moved = [h for h in now["history"][1:] if h["date"] and h not in was["history"]]
        entry = {"demand": now["demand"], "from": was["status"], "to": now["status"], "evidence": moved}
        (closed if now["status"] in _CLOSED else changed).append(entry)
    figures = [c.as_dict() for c in sorted(claims.values(), key=lambda c: (c.reported, c.label))
               if c.kind == "trade-figure" and c.reported is not None and c.reported.earliest > first
               and c.reported.surely_by(second)]
    return {"from": first.isoformat(), "to": second.isoformat(), "as_of": as_of.isoformat() if as_of else None,
            "opened": opened, "changed": changed, "closed": closed,
            "measures": _measure_changes(graph, first, second, as_of), "figures": figures}


_SOURCE_CLAIMS = f"""SELECT ?c WHERE {{ VALUES ?s {{}} ?c <http://www.w3.org/ns/prov#wasDerivedFrom> ?s ;
  a <{TK.Claim}> }}"""
# What a claim is about, to match claims of two sources: its measure, its parties, its indicator.
# (A FILTER, not a second VALUES block: Oxigraph joins two VALUES blocks pair by pair.)
_TOPICS = f"""SELECT ?c ?p ?o WHERE {{
  VALUES ?c {{}}
  ?c ?p ?o .
  FILTER(?p IN (<{TK.onMeasure}>, <{TK.measure}>, <{TK.reportingParty}>, <{TK.partnerParty}>, <{TK.demandedBy}>,
              <{TK.addressedTo}>, <{TK.demandKind}>, <{TK.heldBy}>, <{TK.onTopic}>, <{TK.takenBy}>, <{TK.committedBy}>,
              <{TK.commitmentKind}>, <{TK.reportedStatus}>, <{TK.eventKind}>, <{TK.period}>, <{TK.value}>,
              <{TK.rateAfter}>, <{TK.effective}>, <{TK.action}>, <{TK.onSector}>, <{TK.benchmarkedAgainst}>,
              <{TK.aboutParty}>, <{TK.involvesParty}>))
}}"""
_KEYS = {"measure-action": ("onMeasure", "action"), "trade-figure": ("measure", "reportingParty", "partnerParty"),
         "demand": ("demandedBy", "addressedTo", "demandKind"), "concern": ("heldBy", "onTopic"),
         "stance": ("takenBy",), "commitment": ("committedBy", "commitmentKind"), "status": ("reportedStatus",),
         "event": ("eventKind",)}
_COMPARED = {"measure-action": ("rateAfter", "effective"), "trade-figure": ("value", "period"),
             "demand": ("onSector", "benchmarkedAgainst"), "concern": ("aboutParty", "involvesParty"),
             "commitment": ("onSector",)}


def diff_sources(graph: Graph, a: str, b: str) -> dict[str, Any]:
    """The claims of sources ``a`` and ``b`` (ids, labels or IRIs) side by side: matched by what
    they are about (the same measure and action, the same indicator and parties, ...), with the
    values that differ; and what only one of them says."""
    sources = [resolve_entity(graph, a), resolve_entity(graph, b)]
    for s in sources:
        if s.kind not in ("article", "statement", "brief", "terms-of-reference", "official-document", "summary",
                          "source"):
            raise UsageError(f"{s.label!r} is a {s.kind}, not a source")
    sides = []
    for s in sources:
        iris = [str(r[0]) for r in string_rows_with_values(graph, _SOURCE_CLAIMS, "s", [s.iri])]
        facts: dict[str, dict[str, set[str]]] = {}
        for batch in value_batches(graph, iris):
            for c, p, o in string_rows_with_values(graph, _TOPICS, "c", batch):
                facts.setdefault(str(c), {}).setdefault(local_name(str(p)), set()).add(str(o))
        sides.append((dated_claims(graph, iris), facts))

    def key(c: DatedClaim, facts: dict[str, dict[str, set[str]]]) -> tuple[str, ...]:
        f = facts.get(c.iri, {})
        return (c.kind, *(",".join(sorted(f.get(k, ()))) for k in _KEYS.get(c.kind, ())))

    by_key: dict[tuple[str, ...], list[list[DatedClaim]]] = {}
    for side, (claims, facts) in enumerate(sides):
        for c in claims.values():
            by_key.setdefault(key(c, facts), [[], []])[side].append(c)
    both, only = [], [[], []]  # type: ignore[var-annotated]
    for k, (left, right) in sorted(by_key.items()):
        if left and right and k[0] in _KEYS:
            differ = {}
            for field in _COMPARED.get(k[0], ()):
                lv = {v for c in left for v in sides[0][1].get(c.iri, {}).get(field, ())}
                rv = {v for c in right for v in sides[1][1].get(c.iri, {}).get(field, ())}
                if lv != rv:
                    differ[field] = {"a": sorted(lv), "b": sorted(rv), "only_a": sorted(lv - rv),
                                     "only_b": sorted(rv - lv)}
            both.append({"about": list(k), "a": [c.as_dict() for c in left], "b": [c.as_dict() for c in right],
                         "differ": differ})
        else:
            only[0].extend(c.as_dict() for c in left)
            only[1].extend(c.as_dict() for c in right)
    return {"a": {"iri": sources[0].iri, "label": sources[0].label}, "b": {"iri": sources[1].iri,
            "label": sources[1].label}, "both": both, "only_a": only[0], "only_b": only[1]}
