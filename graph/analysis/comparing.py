"""How two claims about the same thing differ: the classes of figures and of measures' rates and dates.

The small functions :mod:`~tradekg.graph.analysis.conflicts` classifies pairs with, where SPARQL
cannot say it: a period's bounds from its kind's start month, the tolerance of two values,
coverage through the coverage hierarchy, days apart. Each returns the classes of a pair and
its one-line explanation, or None when the two are not comparable. docs/conflicts.md gives
every rule.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterable
from decimal import Decimal, InvalidOperation

from rdflib import Graph

from tradekg.graph.analysis.dated import DatedClaim
from tradekg.graph.core.namespaces import local_name
from tradekg.graph.sources.dates import When, when_of
from tradekg.graph.store.queries import value_batches
from tradekg.graph.store.rows import string_rows_with_values

__all__ = ["DERIVED", "READ", "TOLERANCE", "UNEXPLAINED", "Facts", "broader_all", "close", "date_class", "date_words",
           "disjoint", "figure_pair", "measure_pair", "period_bounds", "reported_in_order", "same_source", "short"]

# Two values agree when they differ by no more than this share of the larger (rounding, and
# the revisions statistics offices make): 131.84 and 132.5 agree, 131.84 and 133.2 do not.
TOLERANCE = Decimal("0.005")

# The classes no difference of period, coverage, side or time explains: `validate` and
# `build` warn of them (never as errors: disagreeing sources are data).
UNEXPLAINED = frozenset({"value conflict", "date conflict"})

_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_PREF = "http://www.w3.org/2004/02/skos/core#prefLabel"
_BROADER = "http://www.w3.org/2004/02/skos/core#broader"
DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
_MEASURE_DATES = ("announced", "effective", "until", "deadline", "signed", "concluded", "inForce")

_TK = "https://w3id.org/tradekg/ontology#"
# The properties a comparison reads (and dated_from, the entity's dates): a claim's, a concept's
# (labels, broader, start month, restated reports) and a quotation's. Only these are read: a
# figure's identifier, its source's title or URL are not compared (0.5 s of 190,000 rows at 1M).
READ = frozenset([_LABEL, _PREF, _BROADER, DERIVED, "http://www.w3.org/1999/02/22-rdf-syntax-ns#type",
                  "http://purl.org/dc/terms/date"] + [_TK + name for name in (
                      "period", "periodKind", "startMonth", "value", "scale", "currency", "unit", "reportingParty",
                      "subjectParty", "measure", "coverage", "report", "restates", "rateBefore", "rateAfter",
                      "totalBefore", "statedTotal", *_MEASURE_DATES, "revises", "supersedes", "coversTopic",
                      "onSector", "coversPartOf", "committedBy", "accordingTo", "text", "ownDate",
                      "reportedEarliest", "reportedLatest", "quotation")])
# A FILTER, not a VALUES block of predicates: Oxigraph joins two VALUES blocks pair by pair (minutes).
_PROPERTIES = ("SELECT ?s ?p ?o WHERE { VALUES ?s {} ?s ?p ?o FILTER(?p IN ("
               + ", ".join(f"<{p}>" for p in sorted(READ)) + ")) }")


# ---------------------------------------------------------------- the facts, fetched in a few queries

class Facts:
    """The properties (:data:`READ`) of the claims and concepts a comparison reads, by IRI and local name."""

    def __init__(self, graph: Graph) -> None:
        self.graph = graph
        self.props: dict[str, dict[str, list[str]]] = {}

    def load(self, iris: Iterable[str]) -> None:
        wanted = sorted(set(iris) - set(self.props))
        for iri in wanted:
            self.props[iri] = {}
        for batch in value_batches(self.graph, wanted):
            for s, p, o in string_rows_with_values(self.graph, _PROPERTIES, "s", batch):
                if s is None or p is None or o is None:
                    continue
                name = p if p in (_LABEL, _PREF, _BROADER, DERIVED) else local_name(p)
                self.props[s].setdefault(name, []).append(o)

    def all(self, iri: str | None, name: str) -> list[str]:
        return sorted(self.props.get(iri or "", {}).get(name, []))

    def one(self, iri: str | None, name: str) -> str | None:
        values = self.all(iri, name)
        return values[0] if values else None

    def label(self, iri: str | None) -> str:
        if not iri:
            return ""
        return self.one(iri, _PREF) or self.one(iri, _LABEL) or local_name(iri)

    def reports(self, claim: str) -> tuple[str, ...]:
        """What a claim comes from: the reports it names, else the one report its source file
        restates, else that source."""
        named = tuple(self.all(claim, "report"))
        if named:
            return named
        sources = self.all(claim, DERIVED)
        restated = [r for s in sources for r in self.all(s, "restates")]
        return tuple(restated) if len(restated) == 1 else tuple(sources)


def same_source(facts: Facts, a: str, b: str) -> bool:
    return set(facts.reports(a)) == set(facts.reports(b))


def _number(text: str | None) -> Decimal | None:
    if text is None:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _fmt(value: Decimal) -> str:
    text = f"{value.normalize():f}"
    return text


# ---------------------------------------------------------------- figures

_YEARS = re.compile(r"^(\d{4})(?:-(\d{2}|\d{4}))?$")


def period_bounds(text: str | None, start_month: int | None) -> tuple[dt.date, dt.date] | None:
    """The first and last day of a figure's period, from its text and its kind's start month.

    A calendar year (start month 1): "2024" is that year, "2021-24" the years 2021 to 2024. A
    year from another month (India's April–March): "2024-25" is April 2024 to March 2025. A
    period with no kind, or that its kind does not read, has no bounds: it is compared only with
    the same text.
    """
    if not text or start_month is None:
        return None
    m = _YEARS.match(text.strip())
    if m is None:
        return None
    first = int(m.group(1))
    last = first
    if m.group(2):
        tail = m.group(2)
        last = int(tail) if len(tail) == 4 else first // 100 * 100 + int(tail)
        if last < first:
            return None
    if start_month == 1:
        return dt.date(first, 1, 1), dt.date(last, 12, 31)
    if last != first + 1:  # "2024-25": one year from the start month; other spans are not read
        return None
    end_month = start_month - 1
    return (dt.date(first, start_month, 1),
            dt.date(last, end_month, calendar.monthrange(last, end_month)[1]))


def _period_words(facts: Facts, figure: str) -> str:
    text = facts.one(figure, "period") or "no period"
    kind = facts.one(figure, "periodKind")
    bounds = period_bounds(text, _start_month(facts, kind))
    if kind is None:
        return f"{text} (kind not given)"
    words = f"{facts.label(kind)} {text}"
    if bounds is not None and facts.one(kind, "startMonth") not in (None, "1"):
        a, b = bounds
        words += f": {a:%B %Y} to {b:%B %Y}"
    return words


def _start_month(facts: Facts, kind: str | None) -> int | None:
    value = facts.one(kind, "startMonth") if kind else None
    return int(value) if value is not None and value.isdigit() else None


def _coverage_relation(facts: Facts, a: str | None, b: str | None) -> str:
    """'same', 'nested' (one counts the other and more) or 'apart' (goods against services)."""
    if a == b:
        return "same"
    up_a, up_b = set(broader_all(facts, a)), set(broader_all(facts, b))
    if b in up_a or a in up_b:
        return "nested"
    return "apart"


def broader_all(facts: Facts, concept: str | None) -> list[str]:
    out: list[str] = []
    todo = [concept] if concept else []
    while todo:
        for up in facts.all(todo.pop(), _BROADER):
            if up not in out:
                out.append(up)
                todo.append(up)
    return out


def _amount(facts: Facts, figure: str) -> tuple[Decimal | None, str]:
    value = _number(facts.one(figure, "value"))
    scale = _number(facts.one(figure, "scale")) or Decimal(1)
    unit = facts.one(figure, "currency") or facts.one(figure, "unit") or ""
    return (None if value is None else value * scale), unit


def _words(facts: Facts, figure: str) -> str:
    value = _number(facts.one(figure, "value"))
    scale = _number(facts.one(figure, "scale"))
    unit = facts.one(figure, "currency") or facts.one(figure, "unit") or ""
    names = {Decimal(10) ** 9: "bn", Decimal(10) ** 6: "m", Decimal(10) ** 12: "tn"}
    number = _fmt(value) if value is not None else "?"
    if unit == "percent":
        return f"{number}%"
    if unit == "rank":
        return f"rank {number}"
    return " ".join(x for x in (unit if unit.isupper() else "", number, names.get(scale or Decimal(1), ""),
                                "" if unit.isupper() else unit) if x)


def _side(facts: Facts, figure: str) -> str:
    return facts.label(facts.one(figure, "reportingParty") or facts.one(figure, "subjectParty"))


def close(x: Decimal, y: Decimal, tolerance: Decimal = TOLERANCE) -> bool:
    """Within ``tolerance`` of the larger of the two (equal values always are)."""
    return abs(x - y) <= tolerance * max(abs(x), abs(y))


def figure_pair(facts: Facts, a: str, b: str, side: str, sign: int,
                 tolerance: Decimal) -> tuple[tuple[str, ...], str] | None:
    """How two figures the pairing rule matched differ; None when they are not comparable
    (periods apart, goods against services, other units, a period with no kind and other text)."""
    pa_text, pb_text = facts.one(a, "period"), facts.one(b, "period")
    ka, kb = facts.one(a, "periodKind"), facts.one(b, "periodKind")
    ba, bb = period_bounds(pa_text, _start_month(facts, ka)), period_bounds(pb_text, _start_month(facts, kb))
    notes: list[str] = []
    if ba is not None and bb is not None:
        if ba[1] < bb[0] or bb[1] < ba[0]:
            return None  # a series over time, not two views of one period
        period_differs = ba != bb
    elif pa_text is not None and pa_text == pb_text and (ka is None or kb is None or ka == kb):
        period_differs = False
        if ka != kb:
            notes.append(f"{'the first' if ka is None else 'the second'} gives no kind of period")
    else:
        return None
    ca, cb = facts.one(a, "coverage"), facts.one(b, "coverage")
    coverage_differs = False
    if ca is not None and cb is not None:
        relation = _coverage_relation(facts, ca, cb)
        if relation == "apart":
            return None
        coverage_differs = relation == "nested"
    elif ca is not None or cb is not None:
        notes.append(f"{'the first' if ca is None else 'the second'} does not say what trade it counts")
    va, ua = _amount(facts, a)
    vb, ub = _amount(facts, b)
    if va is None or vb is None or ua != ub:
        return None
    classes: list[str] = []
    parts: list[str] = []
    wa, wb = _words(facts, a), _words(facts, b)
    if side == "mirror":
        classes.append("mirror")
        parts.append(f"the same {facts.label(facts.one(a, 'measure'))} seen from each side ({wa} reported by "
                     f"{_side(facts, a)}, {wb} by {_side(facts, b)}"
                     + (": one side's surplus is the other's deficit)" if sign < 0 else ")"))
    if period_differs:
        classes.append("period mismatch")
        parts.append(f"different periods ({_period_words(facts, a)} against {_period_words(facts, b)})")
    if coverage_differs:
        classes.append("coverage")
        parts.append(f"different coverage ({facts.label(ca)} against {facts.label(cb)})")
    if not period_differs and not coverage_differs:
        near = close(va, vb * sign, tolerance)
        if near:
            classes.append("agree")
            if side == "mirror":
                parts.append("the two sides agree" if va == vb * sign else
                             f"the two sides agree within {_fmt(tolerance * 100)}%")
            else:
                parts.append(f"both give {wa}" if va == vb and wa == wb else
                             f"{wa} and {wb}: within {_fmt(tolerance * 100)}% of each other")
        elif side == "mirror":
            parts.append("the two sides' figures differ, as mirror statistics often do (each counts its own way)")
        else:
            classes.append("value conflict")
            parts.append(f"{wa} against {wb} for the same period and coverage")
    if side == "each" and _side(facts, a) != _side(facts, b):
        parts.append(f"reported by {_side(facts, a)} and by {_side(facts, b)}")
    if "agree" not in classes and "value conflict" not in classes and side != "mirror":
        parts.insert(0, f"{wa} against {wb}")
    explanation = "; ".join(parts + notes)
    if set(classes) & {"period mismatch", "coverage", "mirror"} and "value conflict" not in classes:
        explanation += ": not a contradiction"
    return tuple(classes), explanation


# ---------------------------------------------------------------- measures: rates and dates

def _days_apart(x: When, y: When) -> int | None:
    if not (x.is_day and y.is_day):
        return None
    return abs((x.earliest - y.earliest).days)


def disjoint(x: When, y: When) -> bool:
    return x.latest < y.earliest or y.latest < x.earliest


def _earlier_first(x: DatedClaim, y: DatedClaim, a: When | None, b: When | None
                   ) -> tuple[DatedClaim, DatedClaim] | None:
    """``x`` and ``y`` in the order of their times ``a`` and ``b``; None when that is not sure."""
    if a is None or b is None:
        return None
    if a.latest < b.earliest:
        return x, y
    if b.latest < a.earliest:
        return y, x
    return None


def _ordered(x: DatedClaim, y: DatedClaim) -> tuple[DatedClaim, DatedClaim] | None:
    """The two claims by when they hold (their date), earlier first; None when that is not sure."""
    return _earlier_first(x, y, x.date, y.date)


def reported_in_order(x: DatedClaim, y: DatedClaim) -> tuple[DatedClaim, DatedClaim] | None:
    """The two claims by when they were reported, earlier first; None when that is not sure."""
    return _earlier_first(x, y, x.reported, y.reported)


def date_class(x: DatedClaim, y: DatedClaim, wx: When, wy: When, linked: bool) -> str:
    """revision, time zones or date conflict, for two dates of the same thing that differ.

    A revision: one claim revises or supersedes the other, or the earlier report gave a date
    still ahead of it (an announcement) and a later report gives another. Time zones: two days
    one apart (a moment on 6 February in Washington is 7 February in New Delhi). Otherwise the
    reports of the same time disagree: a date conflict.
    """
    if linked:
        return "revision"
    order = reported_in_order(x, y)
    if order is not None:
        first = order[0]
        announced = wx if first is x else wy
        if first.reported is not None and announced.earliest > first.reported.latest:
            return "revision"
    if _days_apart(wx, wy) == 1:
        return "time zones"
    return "date conflict"


_DATE_WORDS = {"announced": "announced", "effective": "effective", "until": "until", "deadline": "deadline",
               "signed": "signed", "concluded": "concluded", "inForce": "in force", "date": "dated"}


def measure_pair(facts: Facts, x: DatedClaim, y: DatedClaim, linked: bool,
                  tolerance: Decimal) -> tuple[tuple[str, ...], str] | None:
    a, b = x.iri, y.iri
    classes: list[str] = []
    parts: list[str] = []
    # rates and totals, before and after
    for stage, rate_p, total_p in (("before", "rateBefore", "totalBefore"), ("after", "rateAfter", "statedTotal")):
        ra, rb = _number(facts.one(a, rate_p)), _number(facts.one(b, rate_p))
        ta, tb = _number(facts.one(a, total_p)), _number(facts.one(b, total_p))
        if ra is not None and rb is not None and not close(ra, rb, tolerance):
            order = _ordered(x, y)
            if linked or order is not None:
                classes.append("revision")
                early, late = (order or (x, y)) if not linked else _revised(facts, x, y)
                parts.append(f"the rate {_rate(facts, early, rate_p)} of the earlier report becomes "
                             f"{_rate(facts, late, rate_p)} in the later one")
            else:
                classes.append("value conflict")
                parts.append(f"rate {stage} {_fmt(ra)}% against {_fmt(rb)}% at the same time")
        for rate, total, r_claim, t_claim in ((ra, tb, a, b), (rb, ta, b, a)):
            own_total = _number(facts.one(r_claim, total_p))
            other_rate = _number(facts.one(t_claim, rate_p))
            if rate is not None and total is not None and own_total is None and other_rate is None \
                    and not close(rate, total, tolerance):
                classes.append("coverage")
                which = "first" if r_claim == a else "second"
                parts.append(f"the {which} gives the measure's own rate {stage}, {_fmt(rate)}%; the other the total "
                             f"of all duties {stage}, {_fmt(total)}%")
    revised_rate = "revision" in classes
    for p in _MEASURE_DATES:
        if revised_rate:
            break  # a new rate is a new act, with its own dates: not the same time reported twice
        da, db = when_of(facts.one(a, p)), when_of(facts.one(b, p))
        if da is None or db is None or not disjoint(da, db):
            continue
        cls = date_class(x, y, da, db, linked)
        classes.append(cls)
        if cls == "revision":
            early, _late = _revised(facts, x, y) if linked else (reported_in_order(x, y) or (x, y))
            da, db = (da, db) if early is x else (db, da)
        parts.append(date_words(cls, _DATE_WORDS[p], da, db))
    if not classes:
        return None
    unique = tuple(dict.fromkeys(classes))
    explanation = "; ".join(dict.fromkeys(parts))
    if not UNEXPLAINED & set(unique):
        explanation += ": not a contradiction"
    return unique, explanation


def _revised(facts: Facts, x: DatedClaim, y: DatedClaim) -> tuple[DatedClaim, DatedClaim]:
    """(the revised claim, the revising one)."""
    if y.iri in facts.all(x.iri, "revises") or y.iri in facts.all(x.iri, "supersedes"):
        return y, x
    return x, y


def _rate(facts: Facts, c: DatedClaim, p: str) -> str:
    v = _number(facts.one(c.iri, p))
    return f"{_fmt(v)}%" if v is not None else "?"


def short(iri: str) -> str:
    return iri.split("/claim/", 1)[-1]


def date_words(cls: str, what: str, wx: When, wy: When) -> str:
    """A date difference in words; for a revision, ``wx`` is the earlier report's date."""
    if cls == "revision":
        return f"{what} {wx.text} as first reported, {wy.text} as a later report revises it"
    if cls == "time zones":
        return f"{what} {wx.text} against {wy.text}: one day apart, the same moment on either side of the time zones"
    return f"{what} {wx.text} against {wy.text} for the same {('event' if what == 'dated' else 'act')}"
