"""Where sources disagree: pairs of claims about the same thing that differ, each classified.

Classify first, judge never: each pair says *how* two claims differ and why that is or is not a
contradiction; it never says which source is right. Which claims are about the same thing is
the pairing rule of a named query (``ontology/queries/conflict-*.rq``); how a pair differs is
decided by the small functions below, where SPARQL cannot say it (periods from their kind,
tolerances, days apart). docs/conflicts.md gives every rule.

- **figures** (``conflict-figures``, and the rates of ``conflict-measures``): *agree* (same
  period and coverage, values within :data:`TOLERANCE`), *value conflict* (same period and
  coverage, values further apart), *period mismatch* (overlapping, unequal periods: India's
  April–March year against a calendar year), *mirror* (the same flow reported by each side),
  *coverage* (goods against goods and services; a rate against a total). A pair can carry
  several (mirror and period mismatch).
- **dates** (``conflict-measures``, ``conflict-status-dates``): *revision* (a later report
  changes what an earlier one announced), *time zones* (a day apart), *date conflict* (reports
  of the same time that disagree).
- **positions** (``conflict-positions``, ``conflict-unconfirmed``): *incompatible* (the same
  party conceded and refused the same sector over overlapping times, by different sources),
  *unconfirmed* (a commitment one party's source attributes to another that none of the other
  party's sources confirms; such a row has no second claim).
- **lists** (``conflict-lists``): *list difference* (sources list different members of the
  same set).

Two claims are from the same source when they name the same reports (or, naming none, come
from the same source file). Pairs of one source are not listed, except figures that differ in
coverage alone (a total and its part in one report, which readers take for one another).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field, replace
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from rdflib import Graph

from tradekg.graph.analysis.comparing import (
    DERIVED,
    TOLERANCE,
    UNEXPLAINED,
    Facts,
    broader_all,
    date_class,
    date_words,
    disjoint,
    figure_pair,
    measure_pair,
    reported_in_order,
    same_source,
)
from tradekg.graph.analysis.dated import FACT_NAMES, DatedClaim, check_day, dated_from
from tradekg.graph.analysis.entities import resolve_entity
from tradekg.graph.analysis.pairing import BOUND_QUERIES, MAX_BOUND_CLAIMS, figure_pairs, pair_rows
from tradekg.graph.core.errors import UsageError
from tradekg.graph.sources.dates import When, when_of
from tradekg.graph.store.catalogue import get_query
from tradekg.graph.store.derived import generation_of, link_derived, read_saved, save_derived
from tradekg.graph.store.queries import safe_iri
from tradekg.graph.store.rows import string_rows

__all__ = ["CLASSES", "TOLERANCE", "UNEXPLAINED", "Conflict", "check_tolerance", "conflict_findings", "conflicts",
           "conflicts_data", "conflicts_from", "conflicts_saved_beside", "every_conflict", "save_conflicts",
           "saved_conflicts", "select_conflicts", "updated_conflicts", "warnings_of"]

CLASSES = {
    "agree": "figures",
    "value conflict": "figures",
    "period mismatch": "figures",
    "mirror": "figures",
    "coverage": "figures",
    "revision": "dates",
    "time zones": "dates",
    "date conflict": "dates",
    "incompatible": "positions",
    "unconfirmed": "positions",
    "list difference": "lists",
}
@dataclass
class Conflict:
    """Two claims about the same thing that differ, how (``classes``) and why (``explanation``).

    ``b`` is None for an *unconfirmed* commitment (no claim of the other party says it).
    """

    a: DatedClaim
    b: DatedClaim | None
    classes: tuple[str, ...]
    explanation: str
    rule: str  # the named query whose pairing rule found it
    details: dict[str, Any] = field(default_factory=dict)
    # An unconfirmed commitment's: the other party's claims that confirm it. It is listed as of
    # a day when none of them was reported by then (see :func:`select_conflicts`).
    confirmations: tuple[DatedClaim, ...] = ()

    @property
    def kind(self) -> str:
        """figures, dates, positions or lists: the kind of its first class."""
        return CLASSES[self.classes[0]]

    @property
    def claims(self) -> tuple[str, ...]:
        return (self.a.iri,) if self.b is None else (self.a.iri, self.b.iri)

    @property
    def unexplained(self) -> bool:
        return bool(UNEXPLAINED & set(self.classes))

    def as_dict(self) -> dict[str, Any]:
        def side(c: DatedClaim | None) -> dict[str, Any] | None:
            if c is None:
                return None
            out = c.as_dict()
            out["reports"] = self.details.get("reports", {}).get(c.iri, [])
            return out

        return {"claims": list(self.claims), "classes": list(self.classes), "kind": self.kind,
                "explanation": self.explanation, "rule": self.rule, "unexplained": self.unexplained,
                "a": side(self.a), "b": side(self.b)}


# ---------------------------------------------------------------- the whole answer

def _overlap(x: When | None, y: When | None) -> bool:
    return x is not None and y is not None and not disjoint(x, y)


def conflicts(graph: Graph, entity: str | None = None, as_of: str | dt.date | None = None,
              tolerance: Decimal | float | str = TOLERANCE) -> list[Conflict]:
    """Every pair of claims from different sources about the same thing that differ, classified
    and explained; only claims reported by ``as_of`` (all, for None), and only pairs with a
    claim about ``entity`` (a label, id or IRI; everything, for None).

    Ordered by kind (figures, dates, positions, lists), then by the claims' IRIs. At the
    default tolerance, the conflicts the build of the store found and saved beside it are used
    when they are there (:func:`saved_conflicts`): the same answer, without reading the store.
    """
    as_of = check_day(as_of, "as-of day")
    tol = check_tolerance(tolerance)
    about = None if entity is None else _about(graph, resolve_entity(graph, entity).iri)
    found = saved_conflicts(graph) if tol == TOLERANCE else None
    if found is None:
        found = every_conflict(graph, tol, about)
    return select_conflicts(found, as_of, about)


def select_conflicts(found: list[Conflict], as_of: str | dt.date | None = None,
                     about: set[str] | None = None) -> list[Conflict]:
    """The conflicts of :func:`every_conflict` as of a day (their claims reported by then; an
    unconfirmed commitment, when no confirmation of it was) and, with ``about``, those with a
    claim among it. Each pair is classified on its own, so choosing after is choosing before."""
    as_of = check_day(as_of, "as-of day")
    out = []
    for c in found:
        if not all(x.known_by(as_of) for x in (c.a, c.b) if x is not None):
            continue
        if any(x.known_by(as_of) for x in c.confirmations):
            continue
        if about is not None and not any(iri in about for iri in c.claims):
            continue
        out.append(c)
    return out


_KIND_ORDER = list(dict.fromkeys(CLASSES.values()))  # figures, dates, positions, lists


def _in_order(found: list[Conflict]) -> list[Conflict]:
    """``found`` sorted as :func:`every_conflict` gives them: by kind, then by the claims' IRIs."""
    found.sort(key=lambda c: (_KIND_ORDER.index(c.kind), c.claims))
    return found


def updated_conflicts(graph: Graph, previous: list[Conflict], touched: set[str]) -> list[Conflict]:
    """:func:`every_conflict` of ``graph`` (at the default tolerance) after a change, from
    ``previous``, its answer before the change: ``touched`` holds every claim whose triples,
    or those of a node it names (its source, reports, quotations, concepts...), the change
    added or removed — the claims a pair's classification and its text read.

    The pairs with a claim that may now pair, or classify, otherwise are found again: the
    touched claims, the commitments a touched claim confirms now, and those a touched claim
    confirmed before. The others are kept as they were."""
    if len(touched) > MAX_BOUND_CLAIMS or not all(safe_iri(iri) for iri in touched):
        return every_conflict(graph)
    again = set(touched)
    # the commitments a touched claim confirms now
    again |= {str(r[0]) for r in pair_rows(graph, "conflict-unconfirmed", touched, ("confirmation",))}
    again |= {iri for c in previous if any(x.iri in touched for x in c.confirmations) for iri in c.claims}
    if len(again) > MAX_BOUND_CLAIMS:
        return every_conflict(graph)
    kept = [c for c in previous if not any(iri in again for iri in c.claims)]
    found = kept + every_conflict(graph, about=again)
    return _in_order(found)


def every_conflict(graph: Graph, tolerance: Decimal | float | str = TOLERANCE,
                   about: set[str] | None = None) -> list[Conflict]:
    """Every conflict of the whole corpus, reported on any day (an unconfirmed commitment with
    its confirmations, for :func:`select_conflicts` to judge as of a day); with ``about``, the
    pairs with a claim among it only (others are not classified)."""
    tol = check_tolerance(tolerance)
    facts = Facts(graph)
    bound = about is not None and len(about) <= MAX_BOUND_CLAIMS and all(safe_iri(iri) for iri in about)

    def rows(name: str, *claims: str) -> list[tuple[str | None, ...]]:
        if bound and name in BOUND_QUERIES:  # only the pairs with a claim among ``about``, as the whole query has them
            assert about is not None
            return pair_rows(graph, name, about, claims)
        return list(string_rows(graph, get_query(name).effective_text))

    figure_rows: list[tuple[str | None, ...]] = list(figure_pairs(graph, about if bound else None))
    measure_rows = rows("conflict-measures", "a", "b")
    status_rows = rows("conflict-status-dates", "a", "b")
    position_rows = rows("conflict-positions", "concession", "refusal")
    unconfirmed_rows = rows("conflict-unconfirmed", "commitment")
    list_rows = rows("conflict-lists", "a", "b")
    if about is not None:
        # Only the pairs with a claim about the entity are classified (each pair is classified
        # on its own: the answer is the same as filtering them all after).
        figure_rows, measure_rows, status_rows, position_rows, list_rows = (
            [r for r in rs if str(r[0]) in about or str(r[1]) in about]
            for rs in (figure_rows, measure_rows, status_rows, position_rows, list_rows))
        unconfirmed_rows = [r for r in unconfirmed_rows if str(r[0]) in about]
    involved = {str(v) for r in figure_rows + measure_rows + status_rows for v in r[:2] if v}
    involved |= {str(r[0]) for r in position_rows} | {str(r[1]) for r in position_rows}
    demands = {str(r[2]) for r in position_rows}
    involved |= {str(r[0]) for r in unconfirmed_rows} | {str(r[3]) for r in unconfirmed_rows if r[3]}
    involved |= {str(v) for r in list_rows for v in r[:2] if v}
    facts.load(involved)
    # The claims' dates, sources and quotes from the properties Facts has just read (not twice).
    claims = dated_from(graph, involved, {iri: {field: facts.props[iri].get(name, []) for field, name in
                                                FACT_NAMES.items()} for iri in involved if iri in facts.props})
    concepts = {o for iri in involved for name in ("periodKind", "coverage", "measure", "reportingParty",
                                                   "subjectParty", "coversTopic", "onSector", "coversPartOf",
                                                   "committedBy", "accordingTo", "report", DERIVED)
                for o in facts.all(iri, name)}
    facts.load(concepts | demands)
    facts.load({r for iri in concepts for r in facts.all(iri, "restates")})
    facts.load({up for c in list(concepts) for up in broader_all(facts, c)})

    def known(iri: str) -> DatedClaim | None:  # (on any day: select_conflicts judges a day)
        return claims.get(iri)

    found: list[Conflict] = []
    for a, b, side, sign in figure_rows:
        x, y = known(str(a)), known(str(b))
        if x is None or y is None:
            continue
        result = figure_pair(facts, x.iri, y.iri, str(side), int(sign or 1), tol)
        if result is None:
            continue
        classes, why = result
        if same_source(facts, x.iri, y.iri) and classes != ("coverage",):
            continue
        found.append(Conflict(x, y, classes, why, "conflict-figures"))
    for a, b, _measure, _action, link in measure_rows:
        x, y = known(str(a)), known(str(b))
        if x is None or y is None or same_source(facts, x.iri, y.iri):
            continue
        result = measure_pair(facts, x, y, link == "yes", tol)
        if result is not None:
            found.append(Conflict(x, y, result[0], result[1], "conflict-measures"))
    for a, b, _status, date_a, date_b in status_rows:
        x, y = known(str(a)), known(str(b))
        wa, wb = when_of(date_a), when_of(date_b)
        if x is None or y is None or wa is None or wb is None or same_source(facts, x.iri, y.iri):
            continue
        if not disjoint(wa, wb):
            continue
        is_linked = any(y.iri in facts.all(x.iri, p) or x.iri in facts.all(y.iri, p) for p in ("revises", "supersedes"))
        cls = date_class(x, y, wa, wb, is_linked)
        if cls == "revision" and reported_in_order(x, y) == (y, x):
            wa, wb = wb, wa
        why = date_words(cls, "dated", wa, wb) + ("" if cls == "date conflict" else ": not a contradiction")
        found.append(Conflict(x, y, (cls,), why, "conflict-status-dates"))
    found.extend(_positions(facts, position_rows, known))
    found.extend(_unconfirmed(facts, unconfirmed_rows, known))
    found.extend(_lists(facts, list_rows, known))
    if about is not None:
        found = [c for c in found if any(iri in about for iri in c.claims)]
    _date_quotes(facts, [c for c in found if c.kind == "dates"])
    for c in found:
        c.details["reports"] = {iri: [{"iri": r, "label": facts.label(r)} for r in facts.reports(iri)]
                                for iri in c.claims}
    return _in_order(found)


_YEAR = re.compile(r"\b(19|20)\d\d\b")


def _date_quotes(facts: Facts, found: list[Conflict]) -> None:
    """For a difference of dates, each side's quote is the first of its quotes that gives a
    year the explanation names (the sentence with the date, not the claim's opening one)."""
    quotes = {q for c in found for iri in c.claims for q in facts.all(iri, "quotation")}
    facts.load(quotes)
    for c in found:
        years = {m.group(0) for m in _YEAR.finditer(c.explanation)}
        def best(side: DatedClaim, years: set[str] = years) -> DatedClaim:
            numbered = sorted(facts.all(side.iri, "quotation"), key=lambda q: (len(q), q))  # quote-1, quote-2 …
            texts = [facts.one(q, "text") or "" for q in numbered]
            quote = next((t for t in texts if years & {m.group(0) for m in _YEAR.finditer(t)}), side.quote)
            return replace(side, quote=quote)  # a copy: the claim may be in other pairs

        c.a = best(c.a)
        if c.b is not None:
            c.b = best(c.b)


def check_tolerance(value: Decimal | float | str) -> Decimal:
    """A tolerance given by a user: a share from 0 to 1 (0.005 is 0.5%); UsageError otherwise."""
    try:
        tol = Decimal(str(value).strip())
    except InvalidOperation:
        raise UsageError(f"tolerance {value!r} is not a number (0.005 is 0.5%)") from None
    if not tol.is_finite() or not 0 <= tol < 1:
        raise UsageError(f"tolerance {value!r} must be a share from 0 to 1 (0.005 is 0.5%)")
    return tol


def _about(graph: Graph, target: str) -> set[str]:
    """``target`` and what has it as the value of a property: the claims about it."""
    if not safe_iri(target):
        raise UsageError(f"refusing to place IRI {target!r} in a query")
    return {target} | {str(s) for (s,) in string_rows(graph, f"SELECT DISTINCT ?s WHERE {{ ?s ?p <{target}> }}")
                       if s is not None}


def _positions(facts: Facts, rows: list[tuple[str | None, ...]], known: Any) -> list[Conflict]:
    """Incompatible states: one claim concedes a demand on a sector that another, of another
    source, says the same party refused, and the two hold over overlapping times. A party that
    refuses and later concedes (or the reverse) has changed its position: not listed."""
    pairs: dict[tuple[str, str], dict[str, Any]] = {}
    for concession, refusal, demand, party, sector in rows:
        x, y = known(str(concession)), known(str(refusal))
        if x is None or y is None or same_source(facts, x.iri, y.iri) or not _overlap(x.date, y.date):
            continue
        entry = pairs.setdefault((x.iri, y.iri), {"x": x, "y": y, "party": party, "demand": demand, "sectors": set()})
        if sector:
            entry["sectors"].add(sector)
    out = []
    for entry in pairs.values():
        x, y = entry["x"], entry["y"]
        on = ", ".join(sorted(facts.label(s) for s in entry["sectors"])) or "the whole demand"
        demand = facts.label(str(entry["demand"]))
        why = (f"{facts.label(entry['party'])} concedes \"{demand}\" in one source and refuses it "
               f"in the other, on {on}, over the same time ({x.date.text if x.date else '?'}, "
               f"{y.date.text if y.date else '?'})")
        out.append(Conflict(x, y, ("incompatible",), why, "conflict-positions"))
    return out


def _unconfirmed(facts: Facts, rows: list[tuple[str | None, ...]], known: Any) -> list[Conflict]:
    """A commitment one party's source attributes to another, with no confirmation from the
    other party's own sources reported by the day."""
    by_commitment: dict[str, list[str | None]] = {}
    parties: dict[str, tuple[str, str]] = {}
    for commitment, party, according, confirmation in rows:
        by_commitment.setdefault(str(commitment), []).append(confirmation)
        parties[str(commitment)] = (str(party), str(according))
    out = []
    for iri, confirmations in by_commitment.items():
        x = known(iri)
        if x is None:
            continue
        confirmed = tuple(y for c in dict.fromkeys(confirmations) if c and (y := known(str(c))) is not None)
        party, according = (facts.label(p) for p in parties[iri])
        why = (f"{x.label}: stated by a source of {according}; no source of {party} confirms it: "
               "a position one party states about the other, not confirmed")
        out.append(Conflict(x, None, ("unconfirmed",), why, "conflict-unconfirmed", confirmations=confirmed))
    return out


def _lists(facts: Facts, rows: list[tuple[str | None, ...]], known: Any) -> list[Conflict]:
    """Lists of the same set that name different members: coverage differences, not contradictions."""
    out = []
    for a, b, members, _set in rows:
        x, y = known(str(a)), known(str(b))
        if x is None or y is None or same_source(facts, x.iri, y.iri):
            continue
        prop = "coversTopic" if members == "topics" else "onSector"
        ma, mb = set(facts.all(x.iri, prop)), set(facts.all(y.iri, prop))
        if ma == mb:
            continue

        def names(items: set[str]) -> str:
            return ", ".join(sorted(facts.label(i) for i in items)) or "nothing"

        parts = [f"only the first lists {names(ma - mb)}" if ma - mb else "",
                 f"only the second lists {names(mb - ma)}" if mb - ma else "",
                 f"both list {names(ma & mb)}" if ma & mb else "neither lists what the other does"]
        why = f"{members} listed differently: " + "; ".join(p for p in parts if p) + ": not a contradiction"
        out.append(Conflict(x, y, ("list difference",), why, "conflict-lists"))
    return out


def conflict_findings(graph: Graph, found: list[Conflict] | None = None) -> list[tuple[str, str, str]]:
    """The unexplained conflicts (value and date conflicts) of a whole store, as
    (claim, other claim, message) for `validate` and `build` to warn of. ``found``: a list that
    also gets :func:`every_conflict` (the build saves them, and its timeline page flags them)."""
    every = every_conflict(graph)
    if found is not None:
        found.extend(every)
    return warnings_of(every)


def warnings_of(every: list[Conflict]) -> list[tuple[str, str, str]]:
    """What :func:`conflict_findings` warns of, from :func:`every_conflict`'s answer."""
    out = []
    for c in select_conflicts(every):
        if c.unexplained and c.b is not None:
            out.append((c.a.iri, c.b.iri, f"{', '.join(c.classes)} with <{c.b.iri}>: {c.explanation}"))
    return out


# ---------------------------------------------------------------- saved beside the store

SAVED = "conflicts"  # the name of the build's saved answer (:mod:`tradekg.graph.store.derived`)


def _when_data(w: When | None) -> list[str] | None:
    return None if w is None else [w.earliest.isoformat(), w.latest.isoformat(), w.text]


def _when(data: list[str] | None) -> When | None:
    return None if data is None else When(dt.date.fromisoformat(data[0]), dt.date.fromisoformat(data[1]), data[2])


def _claim_data(c: DatedClaim) -> list[Any]:
    return [c.iri, c.kind, c.label, _when_data(c.date), c.own_date, _when_data(c.reported), c.source,
            c.source_label, c.quote, sorted(c.types)]


def _claim(data: list[Any]) -> DatedClaim:
    iri, kind, label, date, own, reported, source, source_label, quote, types = data
    return DatedClaim(iri, kind, label, _when(date), own, _when(reported), source, source_label, quote, set(types))


def conflicts_data(found: list[Conflict]) -> list[dict[str, Any]]:
    """``found`` (from :func:`every_conflict`) as JSON data, every field kept: :func:`conflicts_from` reads it back."""
    return [{"a": _claim_data(c.a), "b": None if c.b is None else _claim_data(c.b), "classes": list(c.classes),
             "explanation": c.explanation, "rule": c.rule, "details": c.details,
             "confirmations": [_claim_data(x) for x in c.confirmations]} for c in found]


def conflicts_from(data: list[dict[str, Any]]) -> list[Conflict]:
    """The conflicts :func:`conflicts_data` wrote."""
    return [Conflict(_claim(d["a"]), None if d["b"] is None else _claim(d["b"]), tuple(d["classes"]),
                     d["explanation"], d["rule"], d["details"], tuple(_claim(x) for x in d["confirmations"]))
            for d in data]


def save_conflicts(generation: Path, found: list[Conflict], same_as: Path | None = None) -> None:
    """Save ``found`` (:func:`every_conflict` of the store of ``generation``) beside it.
    ``same_as``: a generation this code saved the same conflicts beside, whose file is linked
    rather than written again (writing 1,500 conflicts took 0.05 s at 1M triples)."""
    if same_as is not None and link_derived(same_as, generation, SAVED):
        return
    save_derived(generation, SAVED, conflicts_data(found))


def conflicts_saved_beside(generation: Path) -> list[Conflict] | None:
    """The conflicts the build of ``generation`` saved beside it, or None (as :func:`saved_conflicts`)."""
    data = read_saved(generation, SAVED)
    if not isinstance(data, list):
        return None
    try:
        return conflicts_from(data)
    except (KeyError, TypeError, ValueError):
        return None


def saved_conflicts(graph: Graph) -> list[Conflict] | None:
    """:func:`every_conflict` (at the default tolerance) as the build of ``graph``'s store saved
    it, or None if it did not (or this tradekg cannot read what it saved)."""
    generation = generation_of(graph)
    return None if generation is None else conflicts_saved_beside(generation)
