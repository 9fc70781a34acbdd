"""The timeline page: ``tradekg view --timeline [ENTITY]`` — dated claims on lanes, measures as
intervals, a demand's status changes, undated claims apart, conflicts flagged.

Built in two pure steps, like the graph views: :func:`timeline_model` reads the graph through
the time-aware library (:func:`~tradekg.graph.analysis.timeline.timeline` for the claims, the
measure acts of :mod:`~tradekg.graph.analysis.measures` for the intervals,
:func:`~tradekg.graph.analysis.positions.demand_status` for the status changes) and returns
plain data; :func:`timeline_html` turns it into one self-contained page drawn by vis-timeline
(vendored beside the templates, inlined), every text shown as text.

Lanes: one per party that makes the claims (the whole corpus, or any entity that is not a
party); for one party, one per position it holds (a demand, concern, stance, commitment or
alternative, with the later claims that reiterate, revise, concede or reject it), one per
measure it imposes or faces, and one for its other claims.

Conflicts: :func:`timeline_model` takes pairs of claims that disagree (from the conflicts
analysis, or made by hand) and flags both claims of each pair on the page.
"""

from __future__ import annotations

import datetime as dt
import functools
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rdflib import Graph

from tradekg.graph.analysis.claims_index import claims_index
from tradekg.graph.analysis.dated import check_day, claim_date_rows
from tradekg.graph.analysis.entities import resolve_entity
from tradekg.graph.core.errors import DataError, UsageError
from tradekg.graph.core.namespaces import TK
from tradekg.graph.sources.dates import When, when_of
from tradekg.graph.store.queries import value_batches
from tradekg.graph.store.rows import string_rows_with_values
from tradekg.graph.views.pages import clip

__all__ = [
    "DEFAULT_MAX_ITEMS",
    "TIMELINE_PAGE",
    "TIMELINE_TEMPLATE",
    "Conflict",
    "corpus_timeline_html",
    "timeline_html",
    "timeline_model",
    "timeline_scripts",
    "vis_timeline_js",
]

TIMELINE_PAGE = "timeline.html"  # written by `tradekg build` beside index.html
TIMELINE_TEMPLATE = "timeline.html"  # the packaged template it is rendered from
# Bounds that keep a page under 2 MB and drawn in about a second whatever the corpus
# (benchmarks/views_bench.py): vis-timeline lays out every item and lane it is given.
DEFAULT_MAX_ITEMS = 1_000  # claims drawn at most; the rest are counted on the page
MAX_POSITION_LANES = 60  # one party's positions with a lane of their own; the later ones share one
QUOTE_CHARS = 400
MAX_UNDATED = 300  # undated claims listed at most
MAX_SOURCES = 150  # sources listed at most
MAX_STATUS_DEMANDS = 200  # demands whose status history is drawn at most
MAX_UNDRAWN_CONFLICTS = 200  # conflicts between claims not drawn listed at most (every drawn one is)

_POSITIONS = ("demand", "concern", "stance", "commitment", "alternative")
_FOLLOWS = ("reiterates", "revises", "concedes", "implements", "rejects", "withdraws", "supersedes", "respondsTo")
_MAKERS = ("demandedBy", "heldBy", "proposedBy", "takenBy", "committedBy", "accordingTo", "reportingParty")
_SETS_RATE = {"imposes", "raises", "lowers"}


@dataclass(frozen=True)
class Conflict:
    """Two claims that disagree: their IRIs, the class of disagreement, one line saying how.
    ``b`` is None for a claim flagged alone (a commitment no source of the other party confirms)."""

    a: str
    b: str | None
    kind: str
    explanation: str


def _conflicts(pairs: Iterable[Conflict | Sequence[str] | Mapping[str, str]] | None) -> list[Conflict]:
    out = []
    for pair in pairs or ():
        if isinstance(pair, Conflict):
            out.append(pair)
        elif isinstance(pair, Mapping):
            b = pair.get("b")
            out.append(Conflict(str(pair["a"]), str(b) if b else None, str(pair.get("class") or pair.get("kind", "")),
                                str(pair.get("explanation", ""))))
        else:
            a, b, kind, explanation = pair
            out.append(Conflict(str(a), str(b) if b else None, str(kind), str(explanation)))
    return out


# (The roles as a FILTER: as a VALUES block inside the union, Oxigraph took 0.049 s instead of
# 0.036 s for the 1,000 claims of the corpus timeline at 1M triples, on a store just opened.)
_MAKER_QUERY = f"""SELECT ?c ?p ?label WHERE {{
  VALUES ?c {{}}
  {{ ?c ?role ?p . FILTER(?role IN ({", ".join(f"<{TK[r]}>" for r in _MAKERS)})) }}
  UNION {{ ?c <{TK.onMeasure}> ?m . ?m <{TK.imposedBy}> ?p }}
  OPTIONAL {{ ?p <http://www.w3.org/2000/01/rdf-schema#label> ?label }}
}}"""


def _first_claims(graph: Graph, candidates: set[str] | None, start: dt.date | None, end: dt.date | None,
                  as_of: dt.date | None, limit: int) -> tuple[set[str], int, int, int]:
    """The claims a page draws: the earliest ``limit`` dated in the span (and reported by
    ``as_of``), and the first undated ones; with how many dated and undated were left out, and
    how many were not yet reported by ``as_of``.

    Reading only their dates first keeps a large corpus's page from reading every claim's
    details (at 1M triples: 1.5 s instead of 25 s for the whole corpus).
    """
    index = claims_index(graph) if candidates is None else None
    if index is not None:  # (the same, worked out by SQLite: 0.2 s to 0.01 s for 36,000 claims)
        first, count, some, none, unknown_count = index.first_dated(start, end, as_of, limit, MAX_UNDATED)
        return set(first) | set(some), count - len(first), none - len(some), unknown_count
    rows = claim_date_rows(graph, candidates, as_of is not None)
    dated: dict[str, tuple[dt.date, dt.date]] = {}
    undated: set[str] = set()
    unknown: set[str] = set()
    for c, date, reported in rows:
        if as_of is not None and (not reported or dt.date.fromisoformat(str(reported)[:10]) > as_of):
            unknown.add(str(c))
            continue
        when = when_of(date)
        if when is None:
            undated.add(str(c))
        elif (start is None or when.latest >= start) and (end is None or when.earliest <= end):
            bounds = (when.earliest, when.latest)
            dated[str(c)] = min(bounds, dated.get(str(c), bounds))
    first = sorted(dated, key=lambda c: (*dated[c], c))[:limit]
    some_undated = sorted(undated - set(dated))[:MAX_UNDATED]
    return (set(first) | set(some_undated), len(dated) - len(first), len(undated - set(dated)) - len(some_undated),
            len(unknown))


def _makers(graph: Graph, iris: list[str]) -> dict[str, dict[str, str]]:
    """claim -> {party IRI: label} of the parties that make it (or impose the measure it acts on)."""
    out: dict[str, dict[str, str]] = {}
    for batch in value_batches(graph, iris):
        for c, p, label in string_rows_with_values(graph, _MAKER_QUERY, "c", batch):
            out.setdefault(str(c), {})[str(p)] = str(label or p.rsplit("/", 1)[-1])
    return out


def _span(when: When) -> tuple[str, str | None]:
    """Where a date is drawn: a day as a point; a month, year or range as the days it can mean."""
    if when.is_day:
        return when.earliest.isoformat(), None
    return when.earliest.isoformat(), (when.latest + dt.timedelta(days=1)).isoformat()


def _claim_item(entry: Mapping[str, Any], lane: str) -> dict[str, Any]:
    when = when_of(entry["date"])
    assert when is not None
    start, end = _span(when)
    item: dict[str, Any] = {
        "id": entry["iri"], "lane": lane, "start": start, "type": "claim", "kind": entry["kind"],
        "label": clip(entry["label"], 300), "date": entry["date"], "reported": entry["reported"],
        "ownDate": entry["own_date"], "quote": clip(entry["quote"] or "", QUOTE_CHARS),
        "source": {"iri": entry["source"]["iri"], "label": clip(entry["source"]["label"], 200)},
    }
    if end is not None:
        item["end"] = end
    if entry.get("change"):
        item["change"] = clip(entry["change"], 300)
    return item


def _measure_items(graph: Graph, measures: set[str] | None, known: set[str], last_day: dt.date) -> list[dict[str, Any]]:
    """Each measure's rates as intervals: from an act's effective day to its ``until`` day, the next
    rate's day, or a removal's (open to the right when no end is reported); pauses likewise."""
    from tradekg.graph.analysis.measures import _acts  # the one reading of measure acts

    acts, infos, revised_by = _acts(graph, known)  # the acts drawn are among the claims known
    out: list[dict[str, Any]] = []
    by_measure: dict[str, list[Any]] = {}
    for act in acts.values():
        if act.claim.iri not in known or (measures is not None and act.measure not in measures):
            continue
        if any(r in known for r in revised_by.get(act.claim.iri, ())):
            continue  # a later claim revises it: the revised act is the one drawn
        by_measure.setdefault(act.measure, []).append(act)
    for measure, mine in by_measure.items():
        label, by, _ = infos[measure]
        dated = sorted((a for a in mine if a.effective is not None), key=lambda a: (a.effective, a.claim.iri))
        for i, act in enumerate(dated):
            if not (act.action == "pauses" or (act.action in _SETS_RATE and act.rate is not None)):
                continue  # an act that sets no rate (one carrying out an order) draws no interval
            ends = [a.effective for a in dated[i + 1:]
                    if (a.action in _SETS_RATE | {"removes"} if act.action != "pauses" else a.action in _SETS_RATE)
                    and a.effective > act.effective]
            end, how = None, "no end reported"
            if act.until is not None:
                end, how = act.until, f"until {act.until.isoformat()}"
            elif act.action == "pauses" and act.duration_days is not None:
                end = act.effective + dt.timedelta(days=act.duration_days)
                how = f"for {act.duration_days} days"
            if ends and (end is None or ends[0] < end):
                end, how = ends[0], f"until {ends[0].isoformat()} (a later act)"
            words = ("paused" if act.action == "pauses" else
                     f"{_rate(act.rate)} in force" if act.rate is not None else f"{act.action}")
            out.append({
                "id": f"{act.claim.iri}#interval", "claim": act.claim.iri, "measure": measure, "by": by,
                "type": "measure", "kind": "measure", "start": act.effective.isoformat(),
                "end": (end or max(last_day, act.effective + dt.timedelta(days=1))).isoformat(),
                "open": end is None, "label": clip(f"{label}: {words}", 300), "until": how,
                "action": act.action, "rate": _rate(act.rate), "date": act.effective_text,
                "quote": clip(act.claim.quote, QUOTE_CHARS),
                "source": {"iri": act.claim.source, "label": clip(act.claim.source_label, 200)},
                "reported": act.claim.reported.text if act.claim.reported else None, "measureLabel": label,
            })
    return out


def _rate(rate: Any) -> str | None:
    if rate is None:
        return None
    text = f"{rate:f}".rstrip("0").rstrip(".") if "." in f"{rate:f}" else f"{rate:f}"
    return f"{text}%"


def _status_items(graph: Graph, demands: list[str], as_of: dt.date | None) -> list[dict[str, Any]]:
    """The steps that changed each demand's status, as marks on the demand's lane."""
    from tradekg.graph.analysis.positions import DemandStatuses

    out: list[dict[str, Any]] = []
    statuses = DemandStatuses(graph, demands[:MAX_STATUS_DEMANDS])
    for demand in demands[:MAX_STATUS_DEMANDS]:
        status = statuses.status(demand, None, as_of)
        previous = "open"
        for step in status["history"][1:]:
            when = when_of(step["date"])
            if when is None:
                continue
            changed = step["status"] != previous
            previous = step["status"]
            if not changed and step["step"] not in ("implemented", "withdrawn", "superseded"):
                continue
            start, _ = _span(when)
            claim = step["claim"]
            out.append({
                "id": f"{demand}#status-{len(out)}", "demand": demand, "claim": claim["iri"], "type": "status",
                "kind": "status-change", "start": start, "date": step["date"], "step": step["step"],
                "status": step["status"], "label": clip(f"{step['step']}; status now {step['status']}", 120),
                "quote": clip(claim.get("quote") or "", QUOTE_CHARS),
                "source": {"iri": claim["source"]["iri"], "label": clip(claim["source"]["label"], 200)},
                "claimLabel": clip(claim["label"], 300), "reported": claim.get("reported"),
            })
    return out


def timeline_model(graph: Graph, entity: str | None = None, start: str | dt.date | None = None,
                   end: str | dt.date | None = None, as_of: str | dt.date | None = None,
                   conflicts: Iterable[Conflict | Sequence[str] | Mapping[str, str]]
                   | Callable[[], Iterable[Conflict]] | None = None,
                   max_items: int = DEFAULT_MAX_ITEMS) -> dict[str, Any]:
    """What the timeline page of ``entity`` (a label, id or IRI; the whole corpus for None) shows.

    Args:
        start, end: only what is dated in this span (a date overlapping it counts).
        as_of: only what sources had reported by this day.
        conflicts: pairs of claims that disagree, as :class:`Conflict` or ``(a, b, class,
            explanation)``; None (the default) flags those :func:`tradekg.graph.analysis.conflicts.conflicts`
            finds, ``()`` none; each is flagged on both its claims, or on ``a`` alone when ``b`` is
            None (pairs with a claim not on the page are listed, not drawn); or what gives them,
            asked for once the rest is made (a build's helper draws the page while the build
            still looks for them).
        max_items: claims drawn at most (the earliest first); the rest are counted in the notes.

    Returns ``{"title", "subtitle", "entity", "mode", "lanes", "items", "undated", "conflicts",
    "sources", "notes", "range"}``, plain data for :func:`timeline_html`.
    """
    from tradekg.graph.analysis.timeline import claims_about, timeline

    start_day, end_day = check_day(start, "from day"), check_day(end, "to day")
    as_of_day = check_day(as_of, "as-of day")
    if start_day and end_day and end_day < start_day:
        raise UsageError(f"the to day ({end_day.isoformat()}) comes before the from day ({start_day.isoformat()})")
    if max_items < 1:
        raise UsageError("max_items must be at least 1")
    found = resolve_entity(graph, entity) if entity else None
    candidates = claims_about(graph, found) if found else None
    chosen, later, more_undated, not_yet = _first_claims(graph, candidates, start_day, end_day, as_of_day, max_items)
    result = timeline(graph, found.iri if found else None, start_day, end_day, as_of_day, only=chosen)
    entries = result["entries"][:max_items]
    notes = [n for n in result["notes"] if "undated claim" not in n]
    if as_of_day is not None and not_yet:
        notes.append(f"{not_yet:,} claim{'s' if not_yet != 1 else ''} reported after {as_of_day.isoformat()} "
                     "(or by an undated report) left out")
    if later:
        notes.append(f"{later:,} later dated claims not drawn (at most {max_items:,} are)")
    undated_total = len(result["undated"]) + more_undated
    if undated_total:
        notes.insert(0, f"{undated_total:,} undated claim{'s' if undated_total != 1 else ''} not placed in time")
    iris = [e["iri"] for e in entries]
    makers = _makers(graph, iris)
    one_party = found is not None and found.kind in ("country", "bloc", "party")
    lanes: dict[str, dict[str, Any]] = {}

    def lane(key: str, label: str, kind: str) -> str:
        lanes.setdefault(key, {"id": key, "label": clip(label, 80), "kind": kind})
        return key

    def party_lane(iri: str) -> str:
        made = makers.get(iri, {})
        if not made:
            return lane("lane:none", "No party named", "none")
        key = "lane:" + "+".join(sorted(made))
        return lane(key, " and ".join(made[p] for p in sorted(made, key=made.__getitem__)), "party")

    items: list[dict[str, Any]] = []
    claim_lane: dict[str, str] = {}
    if one_party:
        assert found is not None
        # Each position the party holds is a lane; a later claim following one (reiterating,
        # conceding, rejecting it...) joins the lane of what it follows.
        mine = {e["iri"] for e in entries if found.iri in makers.get(e["iri"], {}) and e["kind"] in _POSITIONS}
        follows = {e["iri"]: [link["iri"] for link in e["links"] if link["relation"] in _FOLLOWS] for e in entries}
        by_iri = {e["iri"]: e for e in entries}

        def lane_of(iri: str, seen: frozenset[str] = frozenset()) -> str:
            if iri in claim_lane:
                return claim_lane[iri]
            e = by_iri[iri]
            followed = [t for t in follows[iri] if t in by_iri and t not in seen]
            measure = next((link for link in e["links"] if link["relation"] == "onMeasure"), None)
            if followed:
                found_lane = lane_of(followed[0], seen | {iri})
            elif measure is not None:
                found_lane = lane("measure:" + measure["iri"], "Measure: " + measure["label"], "measure")
            elif iri in mine and sum(1 for ln in lanes.values() if ln["kind"] == "position") < MAX_POSITION_LANES:
                found_lane = lane(iri, f"{e['kind'].capitalize()}: {e['label']}", "position")
            elif iri in mine:
                found_lane = lane("lane:more", f"Later positions of {found.label}", "more")
            else:
                found_lane = lane("lane:other", f"Other claims about {found.label}", "other")
            claim_lane[iri] = found_lane
            return found_lane

        for e in entries:
            lane_of(e["iri"])
    else:
        for e in entries:
            claim_lane[e["iri"]] = party_lane(e["iri"])
    items.extend(_claim_item(e, claim_lane[e["iri"]]) for e in entries)

    last_day = max([when.latest for e in entries if (when := when_of(e["date"])) is not None] or [dt.date.today()])
    if end_day is not None:
        last_day = end_day
    on_measures = {link["iri"] for e in entries for link in e["links"] if link["relation"] == "onMeasure"}
    measure_items = _measure_items(graph, on_measures, set(iris), last_day)
    for m in measure_items:
        if one_party:
            m["lane"] = lane("measure:" + m["measure"], "Measure: " + m["measureLabel"], "measure")
        else:
            m["lane"] = claim_lane.get(m["claim"]) or party_lane(m["claim"])
    if start_day is not None:
        measure_items = [m for m in measure_items if m["end"] > start_day.isoformat()]
    items.extend(measure_items)

    demands = [e["iri"] for e in entries if e["kind"] == "demand" and not any(
        link["relation"] in _FOLLOWS for link in e["links"])]
    if any(ln["kind"] == "more" for ln in lanes.values()):
        notes.append(f"positions after the first {MAX_POSITION_LANES} share the lane 'Later positions of "
                     f"{found.label if found else ''}'")
    if len(demands) > MAX_STATUS_DEMANDS:
        notes.append(f"status changes drawn for the first {MAX_STATUS_DEMANDS} demands only")
    for s in _status_items(graph, demands, as_of_day):
        if (start_day and s["start"] < start_day.isoformat()) or (end_day and s["start"] > end_day.isoformat()):
            continue
        s["lane"] = claim_lane[s["demand"]] if s["demand"] in claim_lane else party_lane(s["demand"])
        items.append(s)

    drawn = {i["id"] for i in items if i["type"] == "claim"}
    flagged: list[dict[str, Any]] = []
    if conflicts is None:  # the disagreements tradekg finds between the sources (tradekg conflicts)
        from tradekg.graph.analysis.conflicts import conflicts as find_conflicts

        conflicts = flagged_conflicts(find_conflicts(graph, found.iri if found else None, as_of_day))
    elif callable(conflicts):
        conflicts = conflicts()
    unlisted = listed_apart = 0
    for c in _conflicts(conflicts):
        both = c.a in drawn and (c.b is None or c.b in drawn)
        if not both:
            if listed_apart >= MAX_UNDRAWN_CONFLICTS:
                unlisted += 1
                continue
            listed_apart += 1
        n = len(flagged)
        flagged.append({"id": n, "a": c.a, "b": c.b, "class": clip(c.kind, 60), "explanation": clip(c.explanation, 400),
                        "drawn": both})
        if both:
            for item in items:
                if item["type"] == "claim" and item["id"] in (c.a, c.b):
                    item.setdefault("conflicts", []).append(n)
    labels = {i["id"]: i["label"] for i in items if i["type"] == "claim"}
    for f in flagged:
        f["aLabel"], f["bLabel"] = labels.get(f["a"], f["a"]), (labels.get(f["b"], f["b"]) if f["b"] else None)
    not_drawn = sum(1 for f in flagged if not f["drawn"])
    if not_drawn:
        notes.append(f"{not_drawn} conflict{'s' if not_drawn != 1 else ''} between claims not on this timeline "
                     "listed, not drawn")
    if unlisted:
        notes.append(f"{unlisted:,} more conflict{'s' if unlisted != 1 else ''} between claims not on this timeline "
                     f"not listed (the page lists at most {MAX_UNDRAWN_CONFLICTS:,}; "
                     "`tradekg conflicts` lists them all)")

    undated = [{"id": e["iri"], "kind": e["kind"], "label": clip(e["label"], 300),
                "quote": clip(e["quote"] or "", QUOTE_CHARS), "reported": e["reported"],
                "source": {"iri": e["source"]["iri"], "label": clip(e["source"]["label"], 200)}}
               for e in result["undated"][:MAX_UNDATED]]
    if undated_total > len(undated):
        notes.append(f"{undated_total - len(undated):,} more undated claims not listed (at most {MAX_UNDATED:,} are)")
    # The sources of what the page shows, as reported; the list is bounded too.
    shown = {i["source"]["iri"] for i in items if i["type"] == "claim"} | {u["source"]["iri"] for u in undated}
    sources = [s for s in result["sources"] if s["iri"] in shown]
    if len(sources) > MAX_SOURCES:
        notes.append(f"{len(sources) - MAX_SOURCES:,} more sources of the claims shown not listed")
    title = f"Timeline of {found.label}" if found else "Timeline of the whole corpus"
    span = " ".join(p for p in (f"from {start_day.isoformat()}" if start_day else "",
                                f"to {end_day.isoformat()}" if end_day else "",
                                f"as reported by {as_of_day.isoformat()}" if as_of_day else "") if p)
    ordered_lanes = list(lanes.values())  # positions in the order they were first stated
    rank = {"position": 0, "more": 1, "measure": 2, "party": 3, "other": 4, "none": 5}
    ordered_lanes.sort(key=lambda ln: (rank[ln["kind"]], "" if one_party else ln["label"]))
    return {
        "title": title, "subtitle": span, "mode": "positions" if one_party else "parties",
        "entity": {"iri": found.iri, "label": found.label, "kind": found.kind} if found else None,
        "lanes": ordered_lanes, "items": items, "undated": undated, "conflicts": flagged,
        "sources": [{"label": clip(s["label"], 200), "reported": s["reported"], "claims": s["claims"]}
                    for s in sources[:MAX_SOURCES]],
        "notes": notes, "links": [],
        "counts": {"dated": len(entries), "measures": len(measure_items),
                   "status": sum(1 for i in items if i["type"] == "status"), "undated": undated_total,
                   "conflicts": len(flagged) + unlisted},
    }


def flagged_conflicts(found: Iterable[Any]) -> list[Conflict]:
    """The conflicts of :func:`tradekg.graph.analysis.conflicts.conflicts` a timeline flags:
    every one but sources that agree."""
    return [Conflict(c.a.iri, c.b.iri if c.b is not None else None, ", ".join(c.classes), c.explanation)
            for c in found if set(c.classes) != {"agree"}]


def corpus_timeline_html(graph: Graph, found: Iterable[Any] | None = None,
                         flagged: list[Conflict] | Callable[[], list[Conflict]] | None = None) -> str:
    """The page ``tradekg build`` writes beside ``index.html``: the timeline of the whole corpus
    (``found``: the conflicts between its sources, when the build has found them already;
    or ``flagged``, those of them :func:`flagged_conflicts` gives, or what gives them when
    the page needs them: see :func:`timeline_model`)."""
    if flagged is None and found is not None:
        flagged = flagged_conflicts(found)
    model = timeline_model(graph, conflicts=flagged)
    model["links"] = [("Graph of the whole corpus", "index.html")]  # the build's INDEX_PAGE, beside it
    return timeline_html(model)


# ---------------------------------------------------------------- the page


@functools.cache
def vis_timeline_js() -> str:
    """vis-timeline's standalone UMD bundle (vendored beside the templates, licence header kept)."""
    from tradekg.ontology import templates_dir

    try:
        text = (templates_dir() / "vis-timeline-graph2d.min.js").read_text(encoding="utf-8")
    except OSError as exc:
        raise DataError(f"cannot read the vendored vis-timeline bundle: {exc}") from None
    if "@license" not in text[:2000]:
        raise DataError("the vendored vis-timeline bundle has lost its licence header")
    return text


def timeline_html(model: Mapping[str, Any]) -> str:
    """The page for ``model`` (from :func:`timeline_model`): one self-contained HTML document."""
    from tradekg.graph.views.pages import render_page

    # The script needs the drawing's data; the sources are listed in the markup only.
    data = {k: v for k, v in model.items() if k != "sources"}
    return render_page(TIMELINE_TEMPLATE, scripts=timeline_scripts(), data=data, sources=model["sources"],
                       title=model["title"], subtitle=model["subtitle"], notes=model["notes"],
                       links=model.get("links", []), counts=model["counts"], mode=model["mode"])


def timeline_scripts() -> list[tuple[str, str]]:
    """The scripts the timeline page inlines, in order, each with the name its errors give."""
    return [("the vendored vis-timeline bundle", vis_timeline_js()), ("timeline.js", _app_js())]


@functools.cache
def _app_js() -> str:
    from tradekg.ontology import templates_dir

    return (templates_dir() / "timeline.js").read_text(encoding="utf-8")
