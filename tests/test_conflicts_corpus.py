"""Where the bundled timeline's sources differ: every case of shared/sources/india-us-bta-timeline.md's
"Where reports differ, and why", as `tradekg conflicts` classifies it, with the exact rows.

Value conflicts have no case in the corpus (test_conflicts_fixtures.py has them). Each row is
(classes, claim, other claim) with the claims as source/id.
"""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from rdflib import URIRef

from tradekg.cli.main import main
from tradekg.graph.analysis.conflicts import conflicts
from tradekg.graph.analysis.entities import resolve_entity


def rows(found) -> list[tuple[str, ...]]:
    return [(" + ".join(c.classes), *(i.split("/claim/", 1)[-1] for i in c.claims)) for c in found]


EXPECTED = [
    # figures. The seed's three figures restate R4's (the same PTI story): they agree.
    ("agree", "india-us-bta-tech-parity/india-trade-surplus-2024-25", "r04-trade-2024-25/india-surplus-fy2024-25"),
    ("agree", "india-us-bta-tech-parity/india-us-bilateral-trade-2024-25",
     "r04-trade-2024-25/india-us-goods-trade-2024-25"),
    ("agree", "india-us-bta-tech-parity/us-largest-partner-2024-25",
     "r04-trade-2024-25/us-largest-partner-fourth-year"),
    # 123.89 (goods) and 66.19 (services) against 190.08 (goods and services), 2023: one report, coverage
    ("coverage", "r02-goyal-washington/us-india-goods-trade-2023", "r02-goyal-washington/us-india-trade-2023"),
    ("coverage", "r02-goyal-washington/us-india-services-trade-2023", "r02-goyal-washington/us-india-trade-2023"),
    # India's surplus 41.18 (fiscal 2024-25) against the US deficit 45.7 (calendar 2024)
    ("mirror + period mismatch", "r04-trade-2024-25/india-surplus-fy2024-25",
     "r06-ustr-fact-sheet/us-goods-deficit-india-2024"),
    # 131.84 (India, fiscal 2024-25) against 129.2 (USTR, calendar 2024)
    ("period mismatch", "r04-trade-2024-25/india-us-goods-trade-2024-25",
     "r06-ustr-fact-sheet/us-india-goods-trade-2024"),
    # "from 50% to 18%" (NewsBytes, the total) against "from 25% to 18%" (the reciprocal tariff)
    ("coverage", "r14-additional-duty-removed/reciprocal-cut-not-yet-effective",
     "r15-interim-framework/newsbytes-total-50-to-18"),
    ("coverage", "r15-interim-framework/newsbytes-total-50-to-18", "r15-interim-framework/us-reciprocal-25-to-18-ht"),
    # dates. 26% in April, 25% set in July: revisions
    ("revision", "r09-july-deadline/us-tariff-26-proposed", "r10-reciprocal-25/order-sets-25-from-aug-7"),
    ("revision", "r09-july-deadline/us-tariff-26-proposed", "r10-reciprocal-25/trump-announces-25-from-aug-1"),
    ("revision", "r10-reciprocal-25/order-sets-25-from-aug-7", "r10-reciprocal-25/told-26-in-april"),
    # "from August 1" announced, effective 7 August under the order
    ("revision", "r10-reciprocal-25/order-sets-25-from-aug-7", "r10-reciprocal-25/trump-announces-25-from-aug-1"),
    ("revision", "r10-reciprocal-25/told-26-in-april", "r10-reciprocal-25/trump-announces-25-from-aug-1"),
    # Husch Blackwell's "February 6, 2025" for the order of 6 February 2026
    ("date conflict", "r14-additional-duty-removed/order-removes-additional-duty",
     "r17-husch-blackwell/order-removes-additional-duty-2025"),
    # the joint statement: 7 February (released in India) against 6 February (Husch Blackwell)
    ("time zones", "r15-interim-framework/framework-announced", "r17-husch-blackwell/framework-dated-2026-02-06"),
    # positions: what the US order says India committed to, confirmed by no Indian source
    ("unconfirmed", "r14-additional-duty-removed/india-defence-cooperation-framework"),
    ("unconfirmed", "r14-additional-duty-removed/india-halt-russian-oil-imports"),
    # lists: the terms of reference's topics as each report names them; Goyal's protected products
    ("list difference", "r05-terms-of-reference/tor-finalised-fe", "r05-terms-of-reference/tor-scope-devdiscourse"),
    ("list difference", "r05-terms-of-reference/tor-finalised-fe", "r05-terms-of-reference/tor-scope-the-hindu"),
    ("list difference", "r05-terms-of-reference/tor-scope-devdiscourse", "r05-terms-of-reference/tor-scope-the-hindu"),
    ("list difference", "r13-deal-announced/goyal-agriculture-dairy-protected",
     "r16-goyal-farm-products/goyal-sensitive-farm-products-protected"),
]


def test_every_difference_of_the_timeline_is_classified(graph) -> None:
    assert rows(conflicts(graph)) == EXPECTED


def test_the_explanations_say_which_periods_coverage_and_dates(graph) -> None:
    found = conflicts(graph)
    why = {tuple(r[1:]): c.explanation for r, c in zip(rows(found), found, strict=True)}
    assert why[("r04-trade-2024-25/india-us-goods-trade-2024-25", "r06-ustr-fact-sheet/us-india-goods-trade-2024")] == (
        "USD 131.84 bn against USD 129.2 bn; different periods (fiscal year (April–March) 2024-25: April 2024 to "
        "March 2025 against calendar year 2024); reported by India and by United States: not a contradiction")
    assert why[("r10-reciprocal-25/order-sets-25-from-aug-7", "r10-reciprocal-25/trump-announces-25-from-aug-1")] == (
        "effective 2025-08-01 as first reported, 2025-08-07 as a later report revises it: not a contradiction")
    assert why[("r14-additional-duty-removed/order-removes-additional-duty",
                "r17-husch-blackwell/order-removes-additional-duty-2025")] == (
        "announced 2026-02-06 against 2025-02-06 for the same act; effective 2026-02-07 against 2025-02-07 for "
        "the same act")
    assert why[("r13-deal-announced/goyal-agriculture-dairy-protected",
                "r16-goyal-farm-products/goyal-sensitive-farm-products-protected")] == (
        "sectors listed differently: only the first lists agriculture and food; only the second lists rice, wheat; "
        "both list dairy products: not a contradiction")


def test_the_seeds_own_claims_produce_no_conflict(seed_graph) -> None:
    assert conflicts(seed_graph) == []


def test_a_refusal_then_a_concession_is_a_change_not_a_conflict(graph) -> None:
    """Goyal protects agriculture on 3 February (R13); the framework of 7 February cuts tariffs
    on farm products (R15): the pairing rule finds the pair, the times do not overlap."""
    from tradekg.graph.analysis.asking import run_query

    pairs = [(str(r[0]), str(r[1])) for r in run_query(graph, "conflict-positions")]
    assert pairs == [("https://w3id.org/tradekg/id/claim/r15-interim-framework/india-tariff-cuts",
                      "https://w3id.org/tradekg/id/claim/r13-deal-announced/goyal-agriculture-dairy-protected")]
    assert not [c for c in conflicts(graph) if "incompatible" in c.classes]


def test_as_of_a_day_only_what_was_reported_by_then(graph) -> None:
    # Trump's claim of 8 March 2025 that India agreed to cut tariffs: unconfirmed until the
    # joint statement of 7 February 2026 says India will.
    assert rows(conflicts(graph, as_of="2025-03-31")) == [
        ("coverage", "r02-goyal-washington/us-india-goods-trade-2023", "r02-goyal-washington/us-india-trade-2023"),
        ("coverage", "r02-goyal-washington/us-india-services-trade-2023", "r02-goyal-washington/us-india-trade-2023"),
        ("unconfirmed", "r02-goyal-washington/india-agreed-tariff-cuts"),
    ]
    assert "unconfirmed" not in {r[0] for r in rows(conflicts(graph, as_of="2026-02-28"))
                                 if r[1] == "r02-goyal-washington/india-agreed-tariff-cuts"}


def test_entity_narrows_the_pairs(graph) -> None:
    assert rows(conflicts(graph, "Executive Order 14329")) == []  # no two sources differ on it
    assert [r[0] for r in rows(conflicts(graph, "trade balance"))] == ["agree", "mirror + period mismatch"]


def test_an_entity_gives_the_pairs_of_the_whole_answer_with_a_claim_about_it(graph) -> None:
    # Only the pairs with a claim about the entity are classified: the answer is the whole
    # answer's pairs with a claim that is the entity or names it (as any property's value).
    every = conflicts(graph)
    for entity in ("India", "United States", "trade balance", "Executive Order 14329",
                   "r04-trade-2024-25/india-surplus-fy2024-25"):
        target = resolve_entity(graph, entity).iri
        about = {target} | {str(s) for s in graph.subjects(None, URIRef(target))}
        expected = [c for c in every if any(i in about for i in c.claims)]
        assert [c.as_dict() for c in conflicts(graph, entity)] == [c.as_dict() for c in expected], entity
    assert 0 < len(conflicts(graph, "India")) < len(every)
    assert rows(conflicts(graph, "r04-trade-2024-25/india-surplus-fy2024-25")) == [
        ("agree", "india-us-bta-tech-parity/india-trade-surplus-2024-25", "r04-trade-2024-25/india-surplus-fy2024-25"),
        ("mirror + period mismatch", "r04-trade-2024-25/india-surplus-fy2024-25",
         "r06-ustr-fact-sheet/us-goods-deficit-india-2024")]


def test_cli_table_and_json(built: Path) -> None:
    store = str(built / "store")
    table = CliRunner().invoke(main, ["conflicts", "Russia", "--store", store])
    assert table.exit_code == 0, table.output
    lines = table.stdout.splitlines()
    assert lines[0] == "2 pairs where sources differ (1 unexplained)"
    assert "date conflict  [dates]" in lines
    # For dates, the quote that gives the date, not the claim's first (the order's title).
    assert '  A: "The order was signed on Friday, 6 February 2026, US time."' in lines
    assert "  B: (no claim of the other party says it)" in lines
    data = json.loads(CliRunner().invoke(main, ["conflicts", "--format", "json", "--store", store]).stdout)
    assert [d["classes"] for d in data] == [r[0].split(" + ") for r in EXPECTED]
    first = data[0]
    assert set(first) == {"claims", "classes", "kind", "explanation", "rule", "unexplained", "a", "b"}
    # The seed names no report of its own claims: the one report its source restates (PTI's story).
    assert first["a"]["reports"] == [{"iri": "https://w3id.org/tradekg/id/source/india-us-bta-tech-parity/report/pti",
                                      "label": "PTI"}]
    bad = CliRunner().invoke(main, ["conflicts", "--as-of", "someday", "--store", store])
    assert bad.exit_code == 2 and "not a day as YYYY-MM-DD" in bad.stderr
    bad = CliRunner().invoke(main, ["conflicts", "--tolerance", "lots", "--store", store])
    assert bad.exit_code == 2 and "tolerance 'lots' is not a number" in bad.stderr
    assert CliRunner().invoke(main, ["conflicts", "--tolerance", "1.5", "--store", store]).exit_code == 2
    unknown = CliRunner().invoke(main, ["conflicts", "Atlantis", "--store", store])
    assert unknown.exit_code == 2


def test_the_figure_warnings_name_what_a_comparison_lacks(graph) -> None:
    from tradekg.graph.build.qc import qc_warnings
    from tradekg.graph.store.queries import run_query

    found = {q.name: sorted(str(r[0]).split("/claim/", 1)[-1] for r in run_query(graph, q)) for q in qc_warnings()}
    assert found == {
        "figure-without-coverage": [
            "india-us-bta-tech-parity/india-trade-surplus-2024-25",
            "india-us-bta-tech-parity/india-us-bilateral-trade-2024-25",
            "r04-trade-2024-25/india-exports-us-2024-25", "r04-trade-2024-25/india-imports-us-2024-25",
            "r04-trade-2024-25/india-surplus-fy2024-25"],
        "figure-without-period-kind": [
            "india-us-bta-tech-parity/india-trade-surplus-2024-25",
            "india-us-bta-tech-parity/india-us-bilateral-trade-2024-25",
            "india-us-bta-tech-parity/us-largest-partner-2024-25", "r02-goyal-washington/us-largest-partner-2021-24"],
    }


def test_the_conflicts_the_build_saved_are_the_conflicts_worked_out_again(built: Path, graph) -> None:
    # The build saves every conflict beside its store; `conflicts` reads them from there. A
    # graph over the same store that does not know its generation works them out from the store.
    from tradekg.graph.analysis.conflicts import conflicts_data, every_conflict, saved_conflicts
    from tradekg.graph.store.local import graph_over, open_local_store

    saved = saved_conflicts(graph)
    assert saved is not None and len(saved) == 24
    unsaved = graph_over(open_local_store(built / "store"))
    assert saved_conflicts(unsaved) is None
    assert conflicts_data(saved) == conflicts_data(every_conflict(unsaved))
    # Two commitments one party's source attributes to the other, each confirmed by the joint
    # statement of 7 February 2026: listed as unconfirmed only as of a day before it.
    assert [(c.a.iri.split("/claim/")[1], [x.iri.split("/claim/")[1] for x in c.confirmations])
            for c in saved if c.confirmations] == [
        ("r02-goyal-washington/india-agreed-tariff-cuts", ["r15-interim-framework/india-tariff-cuts"]),
        ("r14-additional-duty-removed/india-buy-us-energy", ["r15-interim-framework/india-purchase-500bn"])]
    for day in (None, "2025-03-31", "2025-09-15", "2026-02-06", "2026-02-28"):
        for entity in (None, "India", "trade balance", "Russia"):
            assert ([c.as_dict() for c in conflicts(graph, entity, day)]
                    == [c.as_dict() for c in conflicts(unsaved, entity, day)]), (day, entity)
    assert rows(conflicts(graph, tolerance="0.2")) == rows(conflicts(unsaved, tolerance="0.2"))


def test_a_saved_answer_is_not_trusted_when_damaged_or_written_by_other_code(built: Path, tmp_path: Path) -> None:
    import shutil

    from tradekg.graph.analysis.conflicts import SAVED, conflicts_data, saved_conflicts
    from tradekg.graph.store.derived import derived_file
    from tradekg.graph.store.local import open_graph

    out = tmp_path / "out"
    shutil.copytree(built, out, symlinks=True)
    saved = derived_file((out / "store").resolve(), SAVED)
    good = saved.read_text(encoding="utf-8")
    expected = rows(conflicts(open_graph(out / "store")))
    assert len(expected) == 22
    record = json.loads(good)
    for damaged in (good[: len(good) // 2], json.dumps({**record, "fingerprint": "another tradekg"}),
                    json.dumps({**record, "format": 0}), json.dumps({**record, "value": [{"a": 1}]})):
        saved.write_text(damaged, encoding="utf-8")
        graph = open_graph(out / "store")
        assert saved_conflicts(graph) is None
        assert rows(conflicts(graph)) == expected  # worked out from the store instead
    saved.unlink()
    assert rows(conflicts(open_graph(out / "store"))) == expected
    saved.write_text(good, encoding="utf-8")
    assert conflicts_data(saved_conflicts(open_graph(out / "store")) or []) == record["value"]


def test_the_figure_pairs_about_some_claims_are_those_of_every_figure_with_one_among_them(graph) -> None:
    """figure_pairs about some claims (what an incremental build asks) reads only the figures
    that can pair with one of them: its rows are every figure's rows with a claim among them,
    in order, for every figure of the corpus alone, for pairs of them and for all at once."""
    import random

    from tradekg.graph.analysis.pairing import MAX_BOUND_FIGURES, figure_pairs

    every = figure_pairs(graph)
    figures = sorted({r[0] for r in every} | {r[1] for r in every})
    assert len(every) >= 30 and len(figures) >= 15
    rng = random.Random(7)
    samples = [{f} for f in figures] + [set(rng.sample(figures, 2)) for _ in range(20)] + [set(figures)]
    for about in samples:
        about = about | {"https://w3id.org/tradekg/id/claim/none/not-a-figure"}
        assert figure_pairs(graph, about) == [r for r in every if r[0] in about or r[1] in about], about
    assert len(figures) > MAX_BOUND_FIGURES  # the last asks about every figure (one pass over all)


def test_each_pairing_query_about_some_claims_gives_the_whole_query_s_rows_with_one_among_them(graph) -> None:
    """pair_rows (the values in each branch of a UNION) gives, for every pairing query an
    incremental build asks about some claims, the whole query's rows with one of them in a
    claim column, in order and each as often: about every claim that is in a row alone, about
    pairs, and about all at once."""
    import random

    from tradekg.graph.analysis.pairing import BOUND_QUERIES, pair_rows
    from tradekg.graph.store.catalogue import get_query
    from tradekg.graph.store.query_text import selected_variables
    from tradekg.graph.store.rows import string_rows

    columns = {"conflict-measures": ("a", "b"), "conflict-status-dates": ("a", "b"),
               "conflict-positions": ("concession", "refusal"), "conflict-lists": ("a", "b"),
               "conflict-unconfirmed": ("commitment", "confirmation")}
    assert set(columns) == BOUND_QUERIES
    rng = random.Random(11)
    for name, claims in columns.items():
        text = get_query(name).effective_text
        at = [selected_variables(text).index(c) for c in claims]
        whole = list(string_rows(graph, text))
        seen = sorted({row[i] for row in whole for i in at if row[i]})
        assert whole and seen, name
        samples = [{c} for c in seen] + [set(rng.sample(seen, min(2, len(seen)))) for _ in range(10)] + [set(seen)]
        for about in samples:
            want = [row for row in whole if any(row[i] in about for i in at)]
            assert pair_rows(graph, name, about, claims) == want, (name, about)
