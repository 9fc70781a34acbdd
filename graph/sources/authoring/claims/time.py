"""When a claim holds and when it was reported: the two times every claim keeps apart.

A claim's date is its own when the text gives one (``date:``; for a measure action, when it
was ``announced``; for an event, its ``start`` to its ``end``), else the date of the report it
comes from; the report's date is the source's publication date or, for a brief or a copy, the
date of the report it restates (``report:`` names which, when a brief restates several). An
undated claim is given no date. Each date is stored as written and with the first and last day
it can mean (``tk:earliest``/``tk:latest``, ``tk:reportedEarliest``/``tk:reportedLatest``).
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from tradekg.graph.core.names import close_matches
from tradekg.graph.core.namespaces import TK
from tradekg.graph.core.terms import DCTERMS
from tradekg.graph.sources.authoring.compiler import Compiler
from tradekg.graph.sources.authoring.format import DATE_KEYS
from tradekg.graph.sources.authoring.source import span
from tradekg.graph.sources.dates import When, day_literal
from tradekg.graph.sources.yamlio import LDict

__all__ = ["compile_claim_time", "reported_when"]


# Claims of what was said or done: by the day of the report that tells of them at the latest
# (events and statuses may be scheduled later; a measure's own date is when it was announced).
_SAID = {"demand", "concern", "alternative", "stance", "commitment", "assessment"}


def reported_when(cx: Compiler, c: URIRef, m: LDict) -> When | None:
    """When the claim was reported: its ``report``'s date, else every restated report's, else the source's."""
    named = cx.texts(m, "report")
    if named:
        dates = []
        for rid, line in named:
            if rid not in cx.reports:
                hint = close_matches(rid, cx.reports, n=3)
                cx.err(line, f"unknown report {rid!r}" + (f"; did you mean {', '.join(map(repr, hint))}?" if hint
                                                          else " (name one of the source's 'restates' by its id)"))
                continue
            cx.add(c, TK.report, cx.reports[rid])
            dates.append(cx.report_dates[rid])
    elif cx.reports:
        dates = [cx.report_dates[rid] for rid in cx.reports]
    else:
        dates = [cx.report_dates.get("")]
    return span([d for d in dates if d is not None])


def _own_time(cx: Compiler, m: LDict) -> When | None:
    """A date the text gives under another key: when a measure action was announced, when an
    event started (to its end, when it gives one)."""
    kind = m.get("kind")
    if kind == "measure":
        return cx.when(m, "announced") if "announced" in m else None
    if kind == "event" and "start" in m:
        start, end = cx.when(m, "start"), cx.when(m, "end") if "end" in m else None
        return span([d for d in (start, end) if d is not None])
    return None


def compile_claim_time(cx: Compiler, c: URIRef, m: LDict) -> When | None:
    """Store the claim's date and its reporting time; return its date (None when undated)."""
    reported = reported_when(cx, c, m)
    if reported is not None:
        cx.add(c, TK.reportedEarliest, day_literal(reported.earliest))
        cx.add(c, TK.reportedLatest, day_literal(reported.latest))
    own = cx.when(m, "date") or _own_time(cx, m)
    if own is not None and reported is not None and own.earliest > reported.latest:
        key = "date" if "date" in m else "announced" if "announced" in m else None
        if key == "announced" or (key == "date" and m.get("kind") in _SAID):
            cx.err(m.line_of(key), f"{key!r} {own.text} comes after the report that tells of it ({reported.text}): "
                                   "a report cannot tell of what has not happened yet (a plan has a `deadline`, "
                                   "an event to come a `start`)")
    date = own or reported
    if date is not None:
        cx.add_when(c, DCTERMS.date, date)
        cx.add(c, TK.earliest, day_literal(date.earliest))
        cx.add(c, TK.latest, day_literal(date.latest))
        cx.add(c, TK.ownDate, Literal(own is not None))
    for key, line in cx.texts(m, "undated"):
        if key not in DATE_KEYS:
            cx.err(line, f"'undated' names date keys ({', '.join(sorted(DATE_KEYS))}), not {key!r}")
        elif key in m:
            cx.err(line, f"{key!r} is both given and said to be undated")
        else:
            cx.add(c, TK.dateNotGiven, Literal(key))
    return date
