"""The synthetic benchmark corpus holds answers over time: positions whose status changes,
trade measures with intervals, and figures that disagree — built at 10k triples (seed 7), and
each checked against what synth wrote in the YAML, through the time-aware answers."""

from __future__ import annotations

import datetime as dt
import json
import sys
from collections import defaultdict
from itertools import combinations
from pathlib import Path
from typing import Any

import pytest
import yaml
from click.testing import CliRunner

from tradekg.graph.analysis.measures import measures_in_force
from tradekg.graph.analysis.positions import demand_status
from tradekg.graph.analysis.timeline import timeline
from tradekg.graph.build.pipeline import build
from tradekg.graph.store.local import open_graph

ROOT = Path(__file__).resolve().parents[1]
CLAIM = "https://w3id.org/tradekg/id/claim/"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        import synth
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    folder = tmp_path_factory.mktemp("synth") / "corpus"
    synth.generate(10_000, folder, seed=7)
    out = folder.parent / "out"
    report = build([folder], out=out)
    claims: dict[str, dict] = {}  # IRI -> the claim as synth wrote it, with its source's day
    measures: dict[str, dict] = {}  # id -> the measure as synth defined it
    for path in sorted(folder.rglob("*.yaml")):
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        for claim in data.get("claims", []):
            claims[f"{CLAIM}{data['source']['id']}/{claim['id']}"] = {**claim, "_day": data["source"]["published"]}
        measures.update({m["id"]: m for m in data.get("measures", [])})
    return {"graph": open_graph(out / "store"), "store": out / "store", "claims": claims, "measures": measures,
            "report": report}


def _ref(ref: str) -> str:
    return CLAIM + ref


def _linked(claims: dict[str, dict], key: str) -> list[tuple[str, dict]]:
    return [(iri, c) for iri, c in claims.items() if key in c]


def test_it_builds_near_the_size_asked_with_every_dated_kind(corpus) -> None:
    report, claims = corpus["report"], corpus["claims"]  # build() raises on any error
    assert 9_000 <= report.triples <= 11_000
    written: dict[str, int] = defaultdict(int)
    for c in claims.values():
        written[c["kind"]] += 1
    assert report.claims["stance"] == written["stance"] > 0
    assert report.claims["commitment"] == written["commitment"] > 0
    assert report.claims["measure action"] == written["measure"] > 0
    assert report.entities["PolicyMeasure"] == len(corpus["measures"]) > 0


def test_demands_are_reiterated_conceded_rejected_and_withdrawn(corpus) -> None:
    graph, claims = corpus["graph"], corpus["claims"]
    steps = {"reiterates": "reiterated", "concedes": "conceded", "rejects": "rejected", "withdraws": "withdrawn"}
    for key, step in steps.items():
        links = [(iri, c) for iri, c in _linked(claims, key) if claims[_ref(c[key][0])]["kind"] == "demand"]
        assert links, key
        _, claim = links[0]
        demand = _ref(claim[key][0])
        history = demand_status(graph, demand)["history"]
        # The step is in the demand's history, at the day of the source that took it.
        assert (claim["_day"].isoformat(), step) in [(h["date"], h["step"]) for h in history], (key, history)
        assert history[0]["step"] == "made"
    # A withdrawn demand is withdrawn from the day of the withdrawal, and open the day before.
    _, claim = _linked(claims, "withdraws")[0]
    demand, day = _ref(claim["withdraws"][0]), claim["_day"]
    assert claim["kind"] == "stance" and claim["stance"] == "drops"
    assert demand_status(graph, demand, day)["status"] == "withdrawn"
    assert demand_status(graph, demand, day - dt.timedelta(days=1))["status"] != "withdrawn"
    # A conceded demand: the commitment names some of its sectors, and those are conceded (stated).
    _, claim = next((i, c) for i, c in _linked(claims, "concedes") if c.get("sectors"))
    status = demand_status(graph, _ref(claim["concedes"][0]))
    assert status["status"] in ("conceded", "conceded in part")
    conceded = {s["sector"]["label"] for s in status["sectors"] if s["outcome"] == "conceded"}
    assert len(conceded) == len(claim["sectors"])


def _acts(claims: dict[str, dict]) -> dict[str, list[dict]]:
    out = defaultdict(list)
    for c in claims.values():
        if c["kind"] == "measure":
            out[c["measure"]].append(c)
    return out


def _state(graph, day: dt.date, measure_id: str) -> dict:
    [state] = [m for m in measures_in_force(graph, day)["measures"]
               if m["measure"]["iri"].endswith("/" + measure_id)]
    return state


def test_measures_hold_from_their_effective_day_until_they_end_or_stay_open(corpus) -> None:
    graph, acts = corpus["graph"], _acts(corpus["claims"])
    ending = [(m, a) for m, a in acts.items() if len(a) == 1 and "until" in a[0]]
    removed = [(m, a) for m, a in acts.items() if any(x["action"] == "removes" for x in a)]
    open_ended = [(m, a) for m, a in acts.items() if len(a) == 1 and "until" not in a[0]]
    assert ending and removed and open_ended
    measure, [act] = ending[0]
    start, until = act["effective"], act["until"]
    assert _state(graph, start - dt.timedelta(days=1), measure)["state"] == "announced"
    state = _state(graph, start, measure)
    assert (state["state"], state["rate"], state["since"]) == ("in force", int(act["rate"][:-1]), start.isoformat())
    assert _state(graph, until, measure)["state"] == "ended"
    measure, [act] = open_ended[0]
    later = act["effective"] + dt.timedelta(days=3650)
    assert (_state(graph, later, measure)["state"], _state(graph, later, measure)["rate"]) == (
        "in force", int(act["rate"][:-1]))
    measure, history = removed[0]
    removal = next(a for a in history if a["action"] == "removes")
    state = _state(graph, removal["effective"], measure)
    assert state["state"] == "ended" and state["ended_by"]["effective"] == removal["effective"].isoformat()


def _figures(claims: dict[str, dict]) -> dict[str, dict]:
    return {iri: c for iri, c in claims.items() if c["kind"] == "trade-figure"}


def _same_figure(a: dict, b: dict) -> bool:
    keys = ("measure", "reporter", "partner", "direction", "coverage", "currency", "unit", "scale")
    return all(a.get(k) == b.get(k) for k in keys)


def _conflicts(store: Path) -> list[dict]:
    from tradekg.cli.main import main

    done = CliRunner().invoke(main, ["conflicts", "--format", "json", "--store", str(store)])
    assert done.exit_code == 0, done.output
    return json.loads(done.output)


def test_conflicts_finds_the_disagreements_and_period_differences_synth_wrote(corpus) -> None:
    figures = _figures(corpus["claims"])
    rows = _conflicts(corpus["store"])
    pairs = {frozenset(r["claims"]): r for r in rows if r["kind"] == "figures"}
    # Value conflicts: exactly the pairs of the same figure for the same period with two amounts.
    disagreeing = {frozenset((x, y)) for (x, a), (y, b) in combinations(figures.items(), 2)
                   if _same_figure(a, b) and a["period"] == b["period"] and a["value"] != b["value"]}
    assert disagreeing
    assert {p for p, r in pairs.items() if r["classes"] == ["value conflict"]} == disagreeing
    for pair in disagreeing:
        assert pairs[pair]["unexplained"] is True
    # Period mismatches: the same figure for a calendar year and an April–March year overlapping it.
    mismatched = [(p, r) for p, r in pairs.items() if "period mismatch" in r["classes"]]
    assert mismatched
    for pair, row in mismatched:
        a, b = (figures[i] for i in sorted(pair))
        assert {a["period_kind"], b["period_kind"]} == {"calendar-year", "fiscal-year-april-march"}
        fiscal, calendar = (a, b) if a["period_kind"] != "calendar-year" else (b, a)
        assert int(calendar["period"]) - int(fiscal["period"][:4]) in (0, 1)
        assert f"calendar year {calendar['period']}" in row["explanation"]
        assert row["unexplained"] is False
    # The same figure for other, separate years is a series: never listed.
    series = [frozenset((x, y)) for (x, a), (y, b) in combinations(figures.items(), 2)
              if _same_figure(a, b) and a["period_kind"] == b["period_kind"] and a["period"] != b["period"]]
    assert series
    assert not [p for p in series if p in pairs]


def test_the_timeline_of_a_party_shows_status_changes_and_measure_intervals(corpus) -> None:
    graph, claims = corpus["graph"], corpus["claims"]
    measure, [act] = next((m, a) for m, a in _acts(claims).items() if len(a) == 1 and "until" in a[0])
    iri = next(i for i, c in claims.items() if c is act)
    line = timeline(graph, corpus["measures"][measure]["by"])
    entries = {e["iri"]: e for e in line["entries"]}
    assert entries[iri]["change"] == (f"imposes {act['rate']}, effective {act['effective'].isoformat()}, "
                                      f"until {act['until'].isoformat()}")
    steps = {"reiterates", "concedes", "rejects", "withdraws"}
    changes = [e for e in line["entries"] if {link["relation"] for link in e.get("links", [])} & steps]
    assert changes
    for entry in changes:  # each as synth wrote it: the link, to the claim it names
        written = claims[entry["iri"]]
        [relation] = [k for k in sorted(steps) if k in written]
        assert any(link["relation"] == relation and link["iri"] == _ref(written[relation][0])
                   for link in entry["links"]), entry
