"""Trade measures on a day: which are in force, at what rate, paused, announced or ended, and
what total they make — each state with the acts (claims, quotes, sources) that put it there.

The rules, applied to the acts (measure-action claims) known by ``as_of``:

- a rate takes effect on its act's ``effective`` day (a day, not a month: an act dated only to
  the month is listed as announced); a later rate, or a removal, takes over from its own day;
- an act revised or superseded by a claim dated by the day no longer counts (the earlier claim
  is kept and said to be revised): "from 1 August" revised to "from 7 August";
- a pause holds from its effective day for its duration (or until its ``until`` day), unless a
  removal (or the rate's ``until``) has ended the measure by then;
- an act with no effective day (a cut "announced", or "not yet in effect") is listed as pending
  with "effective date not reported", never put in force;
- rates add up only where a source says so (``adds_to``): 25% on top of 25% makes 50%, checked
  against the total the source states.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from rdflib import Graph

from tradekg.graph.analysis.claims_index import whole_rows
from tradekg.graph.analysis.dated import DatedClaim, check_day, dated_claims
from tradekg.graph.analysis.entities import resolve_entity
from tradekg.graph.core.namespaces import TK, local_name
from tradekg.graph.sources.dates import When, when_of

__all__ = ["Act", "MeasureState", "measures_in_force"]

# The act's triples first: asked about some acts (a VALUES block on ?act, as an incremental
# build's claims index asks), Oxigraph starts from them, and not from every measure (at 1M
# triples, 40 acts: 1.7 s with the measure's triples first, 0.02 s so; the whole the same).
_ACTS = f"""SELECT ?act ?measure ?label ?by ?on ?action ?rate ?before ?total ?effective ?until ?duration ?announced
  ?addsTo ?implements ?inEffect WHERE {{
  ?act <{TK.onMeasure}> ?measure ; <{TK.action}> ?action .
  ?measure a <{TK.PolicyMeasure}> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label ; <{TK.imposedBy}> ?by .
  OPTIONAL {{ ?measure <{TK.appliesTo}> ?on }}
  OPTIONAL {{ ?act <{TK.rateAfter}> ?rate }}
  OPTIONAL {{ ?act <{TK.rateBefore}> ?before }}
  OPTIONAL {{ ?act <{TK.statedTotal}> ?total }}
  OPTIONAL {{ ?act <{TK.effective}> ?effective }}
  OPTIONAL {{ ?act <{TK.until}> ?until }}
  OPTIONAL {{ ?act <{TK.duration}> ?duration }}
  OPTIONAL {{ ?act <{TK.announced}> ?announced }}
  OPTIONAL {{ ?act <{TK.addsTo}> ?addsTo }}
  OPTIONAL {{ ?act <{TK.implements}> ?implements }}
  OPTIONAL {{ ?act <{TK.inEffect}> ?inEffect }}
}}"""
_REVISIONS = f"""SELECT ?later ?earlier WHERE {{
  ?earlier <{TK.onMeasure}> ?m . ?later <{TK.revises}>|<{TK.supersedes}> ?earlier
}}"""
_SETS_RATE = {"imposes", "raises", "lowers"}
_DAYS = re.compile(r"^P(\d+)D$")


@dataclass
class Act:
    """One reported act on a measure."""

    claim: DatedClaim
    measure: str
    action: str  # imposes, raises, lowers, pauses, extends, removes
    rate: Decimal | None = None
    rate_before: Decimal | None = None
    stated_total: Decimal | None = None
    effective: dt.date | None = None  # a day; None when the source gives no day
    effective_text: str | None = None
    until: dt.date | None = None
    duration_days: int | None = None
    announced: str | None = None
    adds_to: set[str] = field(default_factory=set)
    implements: set[str] = field(default_factory=set)
    in_effect: bool | None = None

    def as_dict(self) -> dict[str, Any]:
        return {**self.claim.as_dict(), "action": self.action, "rate": _num(self.rate),
                "rate_before": _num(self.rate_before), "stated_total": _num(self.stated_total),
                "effective": self.effective_text, "announced": self.announced}


def _num(value: Decimal | None) -> float | int | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


@dataclass
class MeasureState:
    """A measure on a day: its state, rate and the acts that decide them."""

    measure: str
    label: str
    by: str
    on: list[str]
    state: str  # "in force", "paused", "announced", "ended", "not in force"
    rate: Decimal | None = None
    since: dt.date | None = None
    act: Act | None = None  # the act whose rate holds
    pause: Act | None = None
    ended_by: Act | None = None
    pending: list[Act] = field(default_factory=list)  # announced, no effective day reported
    implemented_by: list[Act] = field(default_factory=list)
    revised: list[tuple[Act, Act]] = field(default_factory=list)  # (earlier, later)

    def as_dict(self) -> dict[str, Any]:
        return {
            "measure": {"iri": self.measure, "label": self.label}, "by": self.by, "on": self.on,
            "state": self.state, "rate": _num(self.rate), "since": self.since.isoformat() if self.since else None,
            "act": self.act.as_dict() if self.act else None,
            "pause": self.pause.as_dict() if self.pause else None,
            "ended_by": self.ended_by.as_dict() if self.ended_by else None,
            "pending": [a.as_dict() for a in self.pending],
            "implemented_by": [a.as_dict() for a in self.implemented_by],
            "revised": [{"earlier": e.claim.iri, "by": later.claim.iri} for e, later in self.revised],
        }


def _acts(graph: Graph, keep: set[str] | None = None
          ) -> tuple[dict[str, Act], dict[str, tuple[str, str, list[str]]], dict[str, set[str]]]:
    """Every measure act (those among ``keep``, when given: only theirs are read in full), each
    measure's (label, by, on), and which claims revise which acts."""
    rows = whole_rows(graph, "acts")
    claims = dated_claims(graph, {str(r[0]) for r in rows if keep is None or str(r[0]) in keep})
    acts: dict[str, Act] = {}
    measures: dict[str, tuple[str, str, list[str]]] = {}
    for (act, measure, label, by, on, action, rate, before, total, effective, until, duration, announced,
         adds_to, implements, in_effect) in rows:
        on_list = measures.setdefault(str(measure), (str(label), str(by), []))[2]
        if on and on not in on_list:
            on_list.append(str(on))
        if str(act) not in claims:
            continue
        a = acts.get(str(act))
        if a is None:
            eff = when_of(effective)
            until_day = when_of(until)
            days = _DAYS.match(duration or "")
            a = acts[str(act)] = Act(
                claims[str(act)], str(measure), local_name(str(action)),
                Decimal(rate) if rate else None, Decimal(before) if before else None,
                Decimal(total) if total else None,
                eff.earliest if eff is not None and eff.is_day else None, effective,
                until_day.earliest if until_day is not None and until_day.is_day else None,
                int(days.group(1)) if days else None, announced,
                in_effect=None if in_effect is None else in_effect == "true")
        if adds_to:
            a.adds_to.add(str(adds_to))
        if implements:
            a.implements.add(str(implements))
    revised_by: dict[str, set[str]] = {}
    for later, earlier in whole_rows(graph, "revisions"):
        revised_by.setdefault(str(earlier), set()).add(str(later))
    return acts, measures, revised_by


def _announced(act: Act) -> When | None:
    """When an act was announced: its ``announced`` date, else its claim's date."""
    return when_of(act.announced) or act.claim.date


def _state(measure: str, info: tuple[str, str, list[str]], acts: list[Act], revised_by: dict[str, set[str]],
           known: dict[str, Act], day: dt.date) -> MeasureState:
    label, by, on = info
    state = MeasureState(measure, label, by, on, "not in force")
    live = []
    for act in acts:
        later = [known[r] for r in revised_by.get(act.claim.iri, ()) if r in known and known[r].claim.dated_by(day)]
        if later:
            state.revised.append((act, later[0]))
        else:
            live.append(act)
    announced_by = [a for a in live if (w := _announced(a)) is not None and w.surely_by(day)]
    effective = sorted((a for a in live if a.effective is not None and a.effective <= day),
                       key=lambda a: (a.effective, a.claim.iri))
    setting = [a for a in effective if a.action in _SETS_RATE and a.rate is not None]
    current = setting[-1] if setting else None
    if current is not None:
        state.act, state.rate, state.since, state.state = current, current.rate, current.effective, "in force"
        state.implemented_by = [a for a in effective if current.claim.iri in a.implements]
        removals = [a for a in effective if a.action == "removes" and a.effective > current.effective]  # type: ignore[operator]
        if current.until is not None and current.until <= day:
            state.state = "ended"
        if removals:
            state.state, state.ended_by = "ended", removals[0]
    else:
        # No rate in effect: the latest rate announced by the day, not (yet) in effect.
        upcoming = [a for a in announced_by if a.action in _SETS_RATE and a.rate is not None]
        if upcoming:
            state.act = max(upcoming, key=lambda a: (_announced(a).earliest, a.claim.iri))  # type: ignore[union-attr]
            state.rate, state.state = state.act.rate, "announced"
    # A pause holds back a measure in force (or announced), never one already ended: a removal
    # during a running pause ends the measure from its own day.
    for pause in (a for a in effective if a.action == "pauses" and state.state != "ended"):
        assert pause.effective is not None
        end = pause.until or (pause.effective + dt.timedelta(days=pause.duration_days)
                              if pause.duration_days is not None else None)
        if (end is None or day < end) and (current is None or current.effective <= pause.effective):  # type: ignore[operator]
            state.pause, state.state = pause, "paused"
    since = _announced(state.act) if state.act is not None else None
    state.pending = [a for a in announced_by if a is not state.act and a.action in _SETS_RATE | {"removes"}
                     and (a.effective is None or a.effective > day)
                     and (since is None or (w := _announced(a)) is None or w.earliest >= since.earliest)]
    return state


def measures_in_force(graph: Graph, day: dt.date, by: str | None = None, on: str | None = None,
                      as_of: dt.date | None = None) -> dict[str, Any]:
    """The state on ``day`` of every trade measure (of ``by`` on ``on``'s goods, when given; by
    name, id or IRI), counting only acts reported by ``as_of`` when it is given.

    Returns ``{"day", "as_of", "measures": [MeasureState as dict…], "totals": [...], "notes"}``;
    a total is given where a measure in force adds to another in force, as its source says.
    """
    day, as_of = check_day(day, "day"), check_day(as_of, "as-of day")
    by_iri = resolve_entity(graph, by).iri if by else None
    on_iri = resolve_entity(graph, on).iri if on else None
    return _in_force(_acts(graph), day, by_iri, on_iri, as_of)


def _in_force(read: tuple[dict[str, Act], dict[str, tuple[str, str, list[str]]], dict[str, set[str]]],
              day: dt.date, by_iri: str | None = None, on_iri: str | None = None,
              as_of: dt.date | None = None) -> dict[str, Any]:
    """:func:`measures_in_force` over the acts :func:`_acts` read (read once for several days)."""
    acts, measures, revised_by = read
    known = {iri: a for iri, a in acts.items() if a.claim.known_by(as_of)}
    by_measure: dict[str, list[Act]] = {}  # in the order of ``known``, as each measure's list was
    for a in known.values():
        by_measure.setdefault(a.measure, []).append(a)
    states = []
    for measure, info in sorted(measures.items(), key=lambda kv: kv[1][0]):
        if (by_iri and info[1] != by_iri) or (on_iri and on_iri not in info[2]):
            continue
        mine = by_measure.get(measure, [])
        if not mine:
            continue
        states.append(_state(measure, info, mine, revised_by, known, day))
    totals = _totals(states)
    notes = []
    unknown = len(acts) - len(known)
    if as_of is not None and unknown:
        notes.append(f"{unknown} act{'s' if unknown != 1 else ''} on measures reported after {as_of.isoformat()} "
                     "(or with no report date) left out")
    return {"day": day.isoformat(), "as_of": as_of.isoformat() if as_of else None,
            "measures": [s.as_dict() for s in states], "totals": totals, "notes": notes}


def _totals(states: Iterable[MeasureState]) -> list[dict[str, Any]]:
    """A total for each measure in force whose rate a source says adds to another in force."""
    in_force = {s.measure: s for s in states if s.state == "in force" and s.rate is not None}
    out = []
    for s in in_force.values():
        assert s.act is not None
        bases = [in_force[m] for m in sorted(s.act.adds_to) if m in in_force]
        if not bases:
            continue
        total = s.rate + sum((b.rate for b in bases if b.rate is not None), Decimal(0))  # type: ignore[operator]
        stated = s.act.stated_total
        out.append({"measures": [s.measure, *[b.measure for b in bases]],
                    "rates": [_num(s.rate), *[_num(b.rate) for b in bases]], "total": _num(total),
                    "stated_total": _num(stated), "agrees": stated is None or stated == total,
                    "stated_by": s.act.claim.iri})
    return out
