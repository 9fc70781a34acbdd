"""Every named query is a competency question with its exact rows on the bundled corpus.

A query added to ontology/queries/ without tests/expected/<name>.json fails here.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from rdflib import Literal, URIRef

from tradekg.graph.core.namespaces import PREFIXES
from tradekg.graph.store.catalogue import get_query, list_queries
from tradekg.graph.store.queries import result_json, run_query

EXPECTED = Path(__file__).parent / "expected"


def compact(term: object) -> str | None:
    """IRIs as prefix:local, literals as their text (with @lang when tagged)."""
    if term is None:
        return None
    if isinstance(term, URIRef):
        text = str(term)
        best = max((ns for ns in PREFIXES.values() if text.startswith(ns)), key=len, default=None)
        if best is None:
            return f"<{text}>"
        prefix = next(p for p, ns in PREFIXES.items() if ns == best)
        return f"{prefix}:{text[len(best):]}"
    assert isinstance(term, Literal)
    return f"{term}@{term.language}" if term.language else str(term)


def rows_of(graph, name: str, bindings=None) -> list[dict[str, str | None]]:
    result = run_query(graph, get_query(name), bindings)
    names = [str(v) for v in result.vars or []]
    return [{n: compact(row[n]) for n in names} for row in result]  # type: ignore[index]


def test_there_are_at_least_twelve_named_queries_each_with_a_question() -> None:
    queries = list_queries()
    assert len(queries) >= 12
    for q in queries:
        assert q.question.endswith("?"), f"{q.name}: the first line must be the competency question"


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_named_query_returns_exactly_the_expected_rows(graph, name: str) -> None:
    expected_file = EXPECTED / f"{name}.json"
    assert expected_file.exists(), f"add {expected_file} with the exact rows of {name} on the bundled corpus"
    expected = json.loads(expected_file.read_text(encoding="utf-8"))
    assert rows_of(graph, name) == expected


def test_parameter_narrows_rows_by_binding_not_by_text(graph) -> None:
    everything = rows_of(graph, "demands")
    by_us = rows_of(graph, "demands", {"by": URIRef(PREFIXES["party"] + "US")})
    assert by_us == [r for r in everything if r["by"] == "party:US"]
    assert {r["sectorLabel"] for r in by_us} == {
        "apples@en", "automobiles@en", "dairy products@en", "electric vehicles@en", "industrial goods@en",
        "tree nuts@en", "wine@en", "petrochemicals@en", "genetically modified crops@en", "agriculture and food@en",
        None}  # R6's aims name no sector


def test_json_results_follow_the_sparql_1_1_json_format(graph) -> None:
    data = result_json(run_query(graph, get_query("parity-benchmarks")))
    assert data["head"]["vars"] == ["by", "demand", "benchmark", "benchmarkLabel"]
    first = data["results"]["bindings"][0]
    assert first["by"] == {"type": "uri", "value": PREFIXES["party"] + "IN"}
    assert first["benchmarkLabel"] == {"type": "literal", "value": "Australia", "xml:lang": "en"}


@pytest.mark.parametrize(("name", "param"), [(q.name, p.name) for q in list_queries() for p in q.params])
def test_every_parameter_filters(graph, name: str, param: str) -> None:
    """A parameter bound to something the graph does not hold leaves no row (a parameter that
    only occurs inside an OPTIONAL would not filter at all)."""
    assert rows_of(graph, name) != []
    assert rows_of(graph, name, {param: URIRef("https://example.org/not-in-the-graph")}) == []


@pytest.fixture(scope="module")
def memory_graph(built: Path):
    from tradekg.graph.store.local import open_graph

    return open_graph(built / "store", in_memory=True)


def test_the_in_memory_copy_holds_every_triple(graph, memory_graph) -> None:
    from tradekg.graph.store.local import triple_count

    assert triple_count(memory_graph) == triple_count(graph) == 6337
    assert set(memory_graph) == set(graph)


@pytest.mark.parametrize("name", [q.name for q in list_queries()])
def test_every_named_query_answers_the_same_in_memory(graph, memory_graph, name: str) -> None:
    assert rows_of(memory_graph, name) == rows_of(graph, name)


def test_an_endpoint_cannot_be_copied_into_memory() -> None:
    from tradekg.graph.core.errors import UsageError
    from tradekg.graph.store.local import open_graph

    with pytest.raises(UsageError, match="cannot be copied into memory"):
        open_graph("http://127.0.0.1:9/sparql", in_memory=True)


def test_a_bound_reporter_keeps_its_figures_and_drops_those_that_name_none(graph) -> None:
    """trade-figures starts from the figures' reporters when one is bound: the rows are those of
    the unbound query with that reporter, and a figure that names no reporter shows unbound."""
    everything = rows_of(graph, "trade-figures")
    assert any(r["reporter"] is None for r in everything)  # the corpus holds one: it must stay listed
    for party in ("US", "IN"):
        bound = rows_of(graph, "trade-figures", {"reporter": URIRef(PREFIXES["party"] + party)})
        assert bound and bound == [r for r in everything if r["reporter"] == f"party:{party}"]
    us = URIRef(PREFIXES["party"] + "US")
    assert rows_of(graph, "trade-figures", {"reporter": us, "asOf": Literal("2000-01-01")}) == []


_FIGURES_TTL = """
@prefix tk: <https://w3id.org/tradekg/ontology#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix party: <https://w3id.org/tradekg/id/party/> .
@prefix ex: <https://example.org/figures/> .
ex:exports skos:prefLabel "exports" .
ex:imports skos:prefLabel "imports" .
ex:f1 a tk:TradeFigure ; tk:reportingParty party:US ; tk:partnerParty party:IN ; tk:measure ex:exports ;
  tk:value 10 ; tk:period "2024" ; tk:reportedLatest "2025-01-10"^^xsd:date .
ex:f2 a tk:TradeFigure ; tk:measure ex:exports ; tk:value 20 ; tk:period "2023" ;
  tk:reportedLatest "2025-03-01"^^xsd:date .
ex:f3 a tk:TradeFigure ; tk:reportingParty party:IN ; tk:measure ex:imports ; tk:value 30 .
ex:f4 a tk:TradeFigure ; tk:reportingParty party:IN ; tk:partnerParty party:US ; tk:measure ex:imports ;
  tk:value 40 ; tk:period "2024" ; tk:reportedLatest "2025-06-01"^^xsd:date .
ex:x1 a tk:Claim ; tk:reportingParty party:US ; tk:measure ex:exports ; tk:value 50 ;
  tk:reportedLatest "2025-01-01"^^xsd:date .
ex:f5 a tk:TradeFigure ; tk:reportingParty party:US ; tk:value 60 ; tk:reportedLatest "2025-01-01"^^xsd:date .
"""


@pytest.mark.parametrize(("bindings", "expected"), [
    ({}, [("f2", None, "2023", "20"), ("f1", "US", "2024", "10"), ("f3", "IN", None, "30"),
          ("f4", "IN", "2024", "40")]),
    ({"asOf": "2025-01-10"}, [("f1", "US", "2024", "10")]),
    ({"asOf": "2025-06-01"}, [("f2", None, "2023", "20"), ("f1", "US", "2024", "10"), ("f4", "IN", "2024", "40")]),
    ({"asOf": "2024-01-01"}, []),
    ({"asOf": "not a day"}, []),
    ({"reporter": "US"}, [("f1", "US", "2024", "10")]),
    ({"reporter": "US", "asOf": "2025-01-09"}, []),
    ({"reporter": "IN"}, [("f3", "IN", None, "30"), ("f4", "IN", "2024", "40")]),
    ({"reporter": "IN", "asOf": "2025-06-01"}, [("f4", "IN", "2024", "40")]),
    ({"reporter": "EU"}, []),
])
def test_trade_figures_rows_on_figures_with_and_without_reporter_and_day(bindings, expected) -> None:
    """trade-figures' exact rows, in order, on a small graph: a figure without a reporter is listed
    only when no reporter is bound, one without a reporting day only when no day is, a claim that is
    not a figure and a figure without a measure never; a day that is not one lists nothing."""
    import pyoxigraph as ox

    from tradekg.graph.store.local import graph_over

    store = ox.Store()
    store.load(_FIGURES_TTL, format=ox.RdfFormat.TURTLE, to_graph=ox.NamedNode("https://example.org/g"))
    bound = {k: URIRef(PREFIXES["party"] + v) if k == "reporter" else Literal(v) for k, v in bindings.items()}
    rows = rows_of(graph_over(store), "trade-figures", bound)
    assert [(r["figure"].rsplit("/", 1)[-1].rstrip(">"), r["reporter"] and r["reporter"].removeprefix("party:"),
             r["period"], r["value"]) for r in rows] == expected


def test_measures_in_force_unbound_parties_hold_the_rows_of_each_pair(graph) -> None:
    """With its parties unbound measures-in-force answers for every pair: each pair's rows are
    those of the query with that pair bound, on several days and as of several days."""
    for bound in ({"date": Literal("2025-09-01")}, {"date": Literal("2026-02-10")},
                  {"date": Literal("2025-09-01"), "asOf": Literal("2025-08-30")},
                  {"date": Literal("2025-07-01"), "asOf": Literal("2025-06-15")}):
        every = rows_of(graph, "measures-in-force", bound)
        pairs = {(r["by"], r["on"]) for r in every}
        for by, on in pairs:
            iris = {k: URIRef(PREFIXES["party"] + v.split(":", 1)[1]) for k, v in (("by", by), ("on", on))}
            assert rows_of(graph, "measures-in-force", {**bound, **iris}) == [
                r for r in every if (r["by"], r["on"]) == (by, on)]
    assert rows_of(graph, "measures-in-force", {"date": Literal("2025-09-01")}) != []
