"""The dated corpus read through time: which measures were in force on a day, how a demand
fared, what a timeline and a diff hold, and what was known by a day (--as-of). Every answer
is the exact one the briefs of shared/sources/india-us-bta-timeline.md support."""

from __future__ import annotations

import pytest

from tradekg.graph.analysis.diff import diff, diff_sources
from tradekg.graph.analysis.measures import measures_in_force
from tradekg.graph.analysis.positions import demand_status
from tradekg.graph.analysis.timeline import timeline
from tradekg.graph.core.errors import UsageError

RECIPROCAL, ADDITIONAL, PENALTY = "us-reciprocal-tariff-india", "us-additional-duty-russian-oil", "us-penalty-india"
US_ASKS = "india-us-bta-tech-parity/us-concessions"


def short(iri: str | None) -> str | None:
    return iri.split("/claim/", 1)[-1].rsplit("/trade-measure/", 1)[-1] if iri else None


def states(graph, day: str, as_of: str | None = None) -> list[tuple]:
    """(measure, state, rate, since, act, pause, ended by, pending) of every US measure on India's goods."""
    result = measures_in_force(graph, day, by="United States", on="India", as_of=as_of)
    return [(short(m["measure"]["iri"]), m["state"], m["rate"], m["since"], short((m["act"] or {}).get("iri")),
             short((m["pause"] or {}).get("iri")), short((m["ended_by"] or {}).get("iri")),
             [short(p["iri"]) for p in m["pending"]]) for m in result["measures"]]


# ---------------------------------------------------------------- measures in force


def test_before_anything_was_announced(graph) -> None:
    # "In April" (no day) is not surely by 1 April: the 26% is not yet in place.
    assert states(graph, "2025-04-01") == [
        (PENALTY, "not in force", None, None, None, None, None, []),
        (ADDITIONAL, "not in force", None, None, None, None, None, []),
        (RECIPROCAL, "not in force", None, None, None, None, None, []),
    ]


def test_on_1_may_2025_the_reciprocal_tariff_is_paused(graph) -> None:
    # Everything reported since: the 26% told in April (reported on 30 July), paused on 9 April.
    assert states(graph, "2025-05-01") == [
        (PENALTY, "not in force", None, None, None, None, None, []),
        (ADDITIONAL, "not in force", None, None, None, None, None, []),
        (RECIPROCAL, "paused", 26, None, "r10-reciprocal-25/told-26-in-april",
         "r03-tariff-pause/reciprocal-tariff-pause", None, []),
    ]
    # As reported by 1 May: only the pause was known; no rate had been reported yet.
    known = measures_in_force(graph, "2025-05-01", by="US", on="IN", as_of="2025-05-01")
    assert states(graph, "2025-05-01", as_of="2025-05-01") == [
        (RECIPROCAL, "paused", None, None, None, "r03-tariff-pause/reciprocal-tariff-pause", None, [])]
    assert known["notes"] == ["14 acts on measures reported after 2025-05-01 (or with no report date) left out"]


def test_on_1_august_2025_the_25_percent_is_announced_for_7_august(graph) -> None:
    # The order revised the announced 1 August to 7 August: not yet in force on 1 August.
    assert states(graph, "2025-08-01") == [
        (PENALTY, "not in force", None, None, None, None, None, ["r10-reciprocal-25/trump-announces-penalty"]),
        (ADDITIONAL, "not in force", None, None, None, None, None, []),
        (RECIPROCAL, "announced", 25, None, "r10-reciprocal-25/order-sets-25-from-aug-7", None, None, []),
    ]


def test_on_1_september_2025_two_duties_of_25_make_the_50_the_order_states(graph) -> None:
    result = measures_in_force(graph, "2025-09-01", by="US", on="India")
    assert states(graph, "2025-09-01") == [
        (PENALTY, "not in force", None, None, None, None, None, ["r10-reciprocal-25/trump-announces-penalty"]),
        (ADDITIONAL, "in force", 25, "2025-08-27", "r11-eo-14329/eo-14329-imposes", None, None, []),
        (RECIPROCAL, "in force", 25, "2025-08-07", "r10-reciprocal-25/order-sets-25-from-aug-7", None, None, []),
    ]
    assert [(t["rates"], t["total"], t["stated_total"], t["agrees"], short(t["stated_by"])) for t in result["totals"]] \
        == [([25, 25], 50, 50, True, "r11-eo-14329/eo-14329-imposes")]


def test_on_10_february_2026_the_additional_duty_has_ended_and_the_cut_to_18_waits(graph) -> None:
    assert states(graph, "2026-02-10") == [
        (PENALTY, "not in force", None, None, None, None, None, ["r10-reciprocal-25/trump-announces-penalty"]),
        (ADDITIONAL, "ended", 25, "2025-08-27", "r11-eo-14329/eo-14329-imposes", None,
         "r14-additional-duty-removed/order-removes-additional-duty", []),
        # The framework's cut to 18% gives no effective date: pending, never applied (in IRI order).
        (RECIPROCAL, "in force", 25, "2025-08-07", "r10-reciprocal-25/order-sets-25-from-aug-7", None, None,
         ["r15-interim-framework/newsbytes-total-50-to-18", "r15-interim-framework/us-reciprocal-25-to-18-ht",
          "r15-interim-framework/us-reciprocal-tariff-18"]),
    ]
    assert measures_in_force(graph, "2026-02-10", by="US", on="India")["totals"] == []


def test_a_day_that_is_not_a_day_is_a_usage_error(graph) -> None:
    with pytest.raises(UsageError, match="day '2025-13-01' is not a day as YYYY-MM-DD"):
        measures_in_force(graph, "2025-13-01")


# ---------------------------------------------------------------- a demand's status


def outcomes(status: dict) -> list[tuple]:
    return [(s["sector"]["label"], s["outcome"], s["how"], s["rule"], [short(b) for b in s["by"]], s["conditions"])
            for s in status["sectors"]]


def test_the_us_asks_before_and_after_the_framework(graph) -> None:
    before = demand_status(graph, US_ASKS, "2026-02-05")
    assert before["status"] == "rejected in part"  # Goyal: agriculture and dairy protected (3 February)
    assert [o[:2] for o in outcomes(before)] == [
        ("apples", "not conceded"), ("automobiles", "not conceded"), ("dairy products", "protected"),
        ("electric vehicles", "not conceded"), ("industrial goods", "not conceded"), ("tree nuts", "not conceded"),
        ("wine", "not conceded")]
    after = demand_status(graph, US_ASKS, "2026-02-10")
    assert after["status"] == "conceded in part"
    cuts = ["r15-interim-framework/india-tariff-cuts"]
    assert outcomes(after) == [
        # "fruit" is named, apples are not: a broader sector only, so not stated either way.
        ("apples", "not stated", "only a broader sector is named", None, cuts, []),
        # All industrial goods: every narrower one is conceded, by the rule, marked inferred.
        ("automobiles", "conceded by inference", "inferred", "covers-all-narrower", cuts, []),
        ("dairy products", "protected", "stated", None,
         ["r13-deal-announced/goyal-agriculture-dairy-protected",
          "r16-goyal-farm-products/goyal-sensitive-farm-products-protected"], []),
        ("electric vehicles", "conceded by inference", "inferred", "covers-all-narrower", cuts, []),
        ("industrial goods", "conceded", "stated", None, cuts, []),
        ("tree nuts", "conceded", "stated", None, cuts, []),
        ("wine", "conceded", "stated", None, cuts, []),
    ]
    assert [(h["date"], h["step"], h["status"], short(h["claim"]["iri"])) for h in after["history"]] == [
        ("2025-04-27", "made", "open", US_ASKS),
        ("2025-04-27", "reiterated", "open", "r08-pti-tech-parity/us-concessions-petrochemicals"),
        ("2026-02-03", "rejected", "rejected in part", "r13-deal-announced/goyal-agriculture-dairy-protected"),
        ("2026-02-07", "conceded", "conceded in part", "r15-interim-framework/india-tariff-cuts"),
        ("2026-02-07", "rejected", "conceded in part",
         "r16-goyal-farm-products/goyal-sensitive-farm-products-protected"),
    ]
    assert after["rules"] == {"covers-all-narrower": "a commitment that covers all of a sector concedes every "
                                                     "narrower sector"}


def test_as_of_a_day_only_what_was_reported_counts(graph) -> None:
    # On 10 February 2026, as reported by 5 February: the framework (7 February) is not yet known.
    assert demand_status(graph, US_ASKS, "2026-02-10", as_of="2026-02-05")["status"] == "rejected in part"


def test_india_duty_asks_conceded_on_gems_on_a_condition(graph) -> None:
    status = demand_status(graph, "india-us-bta-tech-parity/india-duty-concessions", "2026-02-10")
    assert status["status"] == "conceded in part"
    conceded = [o for o in outcomes(status) if o[1] != "not conceded"]
    assert conceded == [("gems and jewellery", "conceded in part", "stated", None,
                         ["r15-interim-framework/us-remove-reciprocal-tariff-conditional"],
                         ["subject to the successful conclusion of the Interim Agreement"])]
    assert [o[0] for o in outcomes(status) if o[1] == "not conceded"] == [
        "bananas", "chemicals", "garments", "grapes", "leather goods", "oilseeds", "shrimp", "textiles"]


def test_the_technology_demand_stays_open(graph) -> None:
    status = demand_status(graph, "india-technology-access-parity")
    assert status["status"] == "open"
    assert {o[1] for o in outcomes(status)} == {"not conceded"}
    assert [(h["step"], short(h["claim"]["iri"])) for h in status["history"]] == [
        ("made", "india-us-bta-tech-parity/india-technology-access-parity"),
        ("answered", "india-us-bta-tech-parity/us-cautious-deliberation"),
        ("reiterated", "r08-pti-tech-parity/india-tech-parity-key-allies")]


def test_farm_asks_are_rejected(graph) -> None:
    assert demand_status(graph, "r02-goyal-washington/us-agriculture-market-access")["status"] == "rejected"
    farm = demand_status(graph, "r12-farm-demands/us-farm-demands")
    assert farm["status"] == "rejected in part"
    assert [o[:2] for o in outcomes(farm)] == [("dairy products", "protected"),
                                              ("genetically modified crops", "not conceded")]


def test_status_of_what_is_not_a_demand(graph) -> None:
    with pytest.raises(UsageError, match="'India' is a country, not a demand"):
        demand_status(graph, "India")


# ---------------------------------------------------------------- timeline


def test_the_statuses_of_many_demands_read_at_once_are_each_demand_s_status(graph) -> None:
    # A timeline or a diff reads what all its demands need at once (DemandStatuses): each
    # status is the one demand_status gives for that demand alone, on every day and as of every day.
    from tradekg.graph.analysis.positions import DemandStatuses
    from tradekg.graph.store.rows import string_rows

    every = "SELECT ?d WHERE { ?d a <https://w3id.org/tradekg/ontology#Demand> }"
    demands = sorted(str(d) for (d,) in string_rows(graph, every))
    statuses = DemandStatuses(graph, demands)
    assert len(demands) == 12
    changed = 0
    for day, as_of in ((None, None), ("2025-05-01", None), ("2025-09-01", None), ("2026-02-10", None),
                       ("2026-02-10", "2025-09-01"), (None, "2026-02-06")):
        for demand in demands:
            alone = demand_status(graph, demand, day, as_of)
            assert statuses.status(demand, day, as_of) == alone, (demand, day, as_of)
            changed += alone["status"] != "open"
    assert changed > 10  # not only open demands compared
    with pytest.raises(UsageError, match="not a demand"):
        DemandStatuses(graph, [*demands[:2], "https://w3id.org/tradekg/id/party/IN"])


def test_timeline_of_the_reciprocal_tariff(graph) -> None:
    line = timeline(graph, "US reciprocal tariff on Indian goods")
    assert [(e["date"], short(e["iri"]), e["change"]) for e in line["entries"]] == [
        ("2025-04", "r10-reciprocal-25/told-26-in-april",
         "imposes 26%, effective date not reported; reiterates 26% US tariff earlier proposed for India"),
        ("2025-04-09", "r03-tariff-pause/reciprocal-tariff-pause", "pauses, effective 2025-04-09"),
        ("2025-07-04", "r09-july-deadline/us-tariff-26-proposed", "imposes 26%, effective date not reported"),
        ("2025-07-30", "r10-reciprocal-25/trump-announces-25-from-aug-1", "imposes 25%, effective 2025-08-01"),
        ("2025-07-30/2025-08-01", "r10-reciprocal-25/order-sets-25-from-aug-7",
         "imposes 25%, effective 2025-08-07; revises 26% US tariff earlier proposed for India; revises India told in "
         "April 2025 it would face a 26% \"discounted reciprocal tariff\"; revises President Trump announces a 25% "
         "tariff on India from 1 August 2025"),
        ("2026-02", "r14-additional-duty-removed/reciprocal-cut-not-yet-effective",
         "lowers from 25% to 18%, effective date not reported"),
        ("2026-02", "r17-husch-blackwell/cut-18-effective-date-not-stated", "lowers 18%, effective date not reported"),
        ("2026-02-07", "r15-interim-framework/us-remove-reciprocal-tariff-conditional",
         "concedes India seeks duty concessions for labour-intensive sectors from the United States"),
        ("2026-02-07", "r15-interim-framework/us-reciprocal-25-to-18-ht",
         "lowers from 25% to 18%, effective date not reported"),
        ("2026-02-07", "r15-interim-framework/newsbytes-total-50-to-18",
         "lowers (total 18%), effective date not reported"),
        ("2026-02-07", "r15-interim-framework/us-reciprocal-tariff-18", "lowers 18%, effective date not reported"),
    ]
    assert [(s["reported"], s["iri"].rsplit("/", 1)[-1], s["claims"]) for s in line["sources"]] == [
        ("2025-04", "r03-tariff-pause", 1), ("2025-07-04", "r09-july-deadline", 1),
        ("2025-07-30/2025-08-01", "r10-reciprocal-25", 3), ("2026-02", "r17-husch-blackwell", 1),
        ("2026-02-06/2026-02-07", "r14-additional-duty-removed", 1), ("2026-02-07", "r15-interim-framework", 4)]
    assert line["undated"] == []


def test_timeline_as_of_and_between_days(graph) -> None:
    known = timeline(graph, "US reciprocal tariff on Indian goods", as_of="2025-08-01")
    assert [short(e["iri"]) for e in known["entries"]] == [
        "r10-reciprocal-25/told-26-in-april", "r03-tariff-pause/reciprocal-tariff-pause",
        "r09-july-deadline/us-tariff-26-proposed", "r10-reciprocal-25/trump-announces-25-from-aug-1",
        "r10-reciprocal-25/order-sets-25-from-aug-7"]
    # Between two days: a month that overlaps them counts ("2026-02" with 1-5 February).
    window = timeline(graph, "India", start="2026-02-01", end="2026-02-05")
    assert [(e["date"], short(e["iri"])) for e in window["entries"]] == [
        ("2026-02", "r14-additional-duty-removed/reciprocal-cut-not-yet-effective"),
        ("2026-02", "r17-husch-blackwell/cut-18-effective-date-not-stated"),
        ("2026-02-02", "r13-deal-announced/trade-deal-announced"),
        ("2026-02-03", "r13-deal-announced/goyal-agriculture-dairy-protected"),
    ]


def test_the_whole_corpus_lists_its_sources_in_the_order_they_were_reported(graph) -> None:
    line = timeline(graph)
    assert len(line["entries"]) == 104 and line["undated"] == []
    assert [(s["reported"], s["iri"].rsplit("/", 1)[-1]) for s in line["sources"]] == [
        ("2025-02-14", "r01-mission-500"), ("2025-03-08", "r02-goyal-washington"), ("2025-04", "r03-tariff-pause"),
        ("2025-04-16", "r04-trade-2024-25"), ("2025-04-18/2025-04-19", "r05-terms-of-reference"),
        ("2025-04-21", "r06-ustr-fact-sheet"), ("2025-04-23/2025-04-29", "r07-first-round"),
        ("2025-04-27", "r08-pti-tech-parity"), ("2025-04-27", "india-us-bta-tech-parity"),
        ("2025-07-04", "r09-july-deadline"), ("2025-07-30/2025-08-01", "r10-reciprocal-25"),
        ("2025-08", "r12-farm-demands"), ("2025-08-06", "r11-eo-14329"), ("2026-02", "r17-husch-blackwell"),
        ("2026-02-03", "r13-deal-announced"), ("2026-02-06/2026-02-07", "r14-additional-duty-removed"),
        ("2026-02-07", "r16-goyal-farm-products"), ("2026-02-07", "r15-interim-framework")]


# ---------------------------------------------------------------- diff


def test_diff_from_may_to_september_2025(graph) -> None:
    changes = diff(graph, "2025-05-01", "2025-09-01")
    assert [(o["date"], o["kind"], short(o["iri"])) for o in changes["opened"]] == [
        ("2025-08", "demand", "r12-farm-demands/us-farm-demands"),
        ("2025-08", "stance", "r12-farm-demands/modi-farmers-interests"),
        ("2025-08-06", "stance", "r11-eo-14329/mea-calls-unfair")]
    assert changes["changed"] == [] and changes["closed"] == [] and changes["figures"] == []
    assert [(short(m["measure"]["iri"]), m["change"], m["from"]["state"], m["from"]["rate"], m["to"]["state"],
             m["to"]["rate"], [short(e["iri"]) for e in m["evidence"]]) for m in changes["measures"]] == [
        (ADDITIONAL, "came into force", "not in force", None, "in force", 25, ["r11-eo-14329/eo-14329-imposes"]),
        (RECIPROCAL, "came into force", "paused", 26, "in force", 25, ["r10-reciprocal-25/order-sets-25-from-aug-7"])]


def test_diff_from_september_2025_to_february_2026(graph) -> None:
    changes = diff(graph, "2025-09-01", "2026-02-10")
    assert [(short(c["demand"]["iri"]), c["from"], c["to"]) for c in changes["changed"]] == [
        (US_ASKS, "open", "conceded in part"),
        ("r02-goyal-washington/us-agriculture-market-access", "open", "rejected"),
        ("india-us-bta-tech-parity/india-duty-concessions", "open", "conceded in part"),
        ("r12-farm-demands/us-farm-demands", "open", "rejected in part")]
    assert [(short(m["measure"]["iri"]), m["change"]) for m in changes["measures"]] == [(ADDITIONAL, "ended")]
    assert len(changes["opened"]) == 11 and {o["kind"] for o in changes["opened"]} == {"stance", "commitment"}


def test_diff_lists_the_figures_first_reported_between_the_days(graph) -> None:
    figures = diff(graph, "2025-04-17", "2025-04-30")["figures"]
    assert sorted((f["reported"], short(f["iri"])) for f in figures) == [
        ("2025-04-21", "r06-ustr-fact-sheet/india-average-applied-tariff"),
        ("2025-04-21", "r06-ustr-fact-sheet/us-goods-deficit-india-2024"),
        ("2025-04-21", "r06-ustr-fact-sheet/us-india-goods-trade-2024"),
        ("2025-04-27", "india-us-bta-tech-parity/india-trade-surplus-2024-25"),
        ("2025-04-27", "india-us-bta-tech-parity/india-us-bilateral-trade-2024-25"),
        ("2025-04-27", "india-us-bta-tech-parity/us-largest-partner-2024-25")]


def test_diff_days_in_the_wrong_order(graph) -> None:
    with pytest.raises(UsageError, match=r"the second day \(2025-01-01\) comes before the first \(2025-09-01\)"):
        diff(graph, "2025-09-01", "2025-01-01")


def test_diff_of_two_sources_matches_what_they_are_about(graph) -> None:
    compared = diff_sources(graph, "india-us-bta-tech-parity", "r08-pti-tech-parity")
    assert [(" ".join(b["about"][:1]), [short(c["iri"]) for c in b["a"]], [short(c["iri"]) for c in b["b"]],
             sorted(b["differ"])) for b in compared["both"]] == [
        ("concern", ["india-us-bta-tech-parity/us-concern-cybersecurity"],
         ["r08-pti-tech-parity/us-objection-cybersecurity"], []),
        ("concern", ["india-us-bta-tech-parity/us-concern-defence-ties-russia"],
         ["r08-pti-tech-parity/us-objection-military-ties-russia"], []),
        ("concern", ["india-us-bta-tech-parity/us-concern-export-controls"],
         ["r08-pti-tech-parity/us-objection-export-controls"], []),
        ("concern", ["india-us-bta-tech-parity/us-concern-intellectual-property"],
         ["r08-pti-tech-parity/us-objection-intellectual-property"], []),
        ("demand", ["india-us-bta-tech-parity/india-duty-concessions"],
         ["r08-pti-tech-parity/india-duty-concessions-plastics"],
         ["onSector"]),
        ("demand", ["india-us-bta-tech-parity/india-technology-access-parity"],
         ["r08-pti-tech-parity/india-tech-parity-key-allies"], ["benchmarkedAgainst", "onSector"]),
        ("demand", [US_ASKS], ["r08-pti-tech-parity/us-concessions-petrochemicals"], ["onSector"]),
    ]
    duty = compared["both"][4]["differ"]["onSector"]
    assert [s.rsplit("/", 1)[-1] for s in duty["only_b"]] == ["plastics"]
    assert compared["only_b"] == [] and len(compared["only_a"]) == 15


def test_the_measures_in_force_query_on_a_day(graph) -> None:
    from tradekg.graph.analysis.asking import run_query

    def rows(**bound: str) -> list[tuple]:
        return [(short(str(r.measure)), str(r.rate), str(r.since), short(str(r.act)),
                 str(r.statedTotal) if r.statedTotal is not None else None)
                for r in run_query(graph, "measures-in-force", by="US", on="India", **bound)]

    assert rows(date="2025-09-01") == [
        (ADDITIONAL, "25", "2025-08-27", "r11-eo-14329/eo-14329-imposes", "50"),
        (RECIPROCAL, "25", "2025-08-07", "r10-reciprocal-25/order-sets-25-from-aug-7", None)]
    assert rows(date="2026-02-10") == [
        (RECIPROCAL, "25", "2025-08-07", "r10-reciprocal-25/order-sets-25-from-aug-7", None)]
    assert rows(date="2025-05-01", asOf="2025-05-01") == []  # paused, and no rate reported yet


def test_the_timeline_of_india_names_the_documents_with_their_dates_or_none(graph) -> None:
    line = timeline(graph, "India")
    assert [(d["date"], d["label"]) for d in line["documents"]] == [
        ("2025-04-02", "Executive Order 14257"), ("2025-08-06", "Executive Order 14329"),
        (None, 'Executive order "Further Modifying the Reciprocal Tariff Rates"'),
        (None, 'Executive order "Modifying Duties to Address Threats to the United States by the Government of '
               'the Russian Federation"'),
        (None, "Terms of reference for the proposed India–US Bilateral Trade Agreement"),
        (None, "U.S.-India COMPACT")]
    # India is in every claim's negotiation: every source, in the order reported, none undated.
    assert [s["iri"] for s in line["sources"]] == [s["iri"] for s in timeline(graph)["sources"]]
    assert line["undated"] == [] and line["notes"] == []
