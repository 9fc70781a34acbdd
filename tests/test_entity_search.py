"""``find_entities`` asks the store only for names that may hold the text searched for; it must
find exactly what comparing every folded name finds, accents, dots and ampersands included."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph as ox
import pytest

from tradekg.graph.analysis.entities import all_names, kind_of
from tradekg.graph.analysis.search import find_entities, may_contain
from tradekg.graph.build.corpus import compile_corpus
from tradekg.graph.build.load import load_into
from tradekg.graph.core.names import fold
from tradekg.graph.store.local import graph_over, open_graph

EXTRA = """\
@prefix tk: <https://w3id.org/tradekg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
<https://example.org/s1> a tk:Sector ; rdfs:label "Türkiye textiles"@en ; dcterms:identifier "tr-textiles" .
<https://example.org/s2> a tk:Sector ; rdfs:label "U.S.A. chips" ; skos:altLabel "American chips"@en .
<https://example.org/s3> a tk:TechnologyArea ; rdfs:label "R&D laboratories" .
<https://example.org/s4> a tk:TechnologyArea ; rdfs:label "Ελληνική ναυτιλία" ; dcterms:identifier "gr-shipping" .
<https://example.org/s5> a tk:Sector ; rdfs:label "The Hague port services" .
<https://example.org/s6> a tk:Sector ; rdfs:label "semi–conductors (front end)" .
"""

SEARCHES = ["india", "United States", "türk", "TURK", "usa", "u.s.a", "r&d", "r and d", "and", "Ελληνική",
            "ελληνικη", "hague", "the hague", "semi-conductors", "front end)", "us", "HS 85", "chips",
            "tr-textiles", "textiles", "technology-access-parity", "zzz", "a", "8", "concern over"]


@pytest.fixture(scope="module")
def graph(tmp_path_factory: pytest.TempPathFactory):
    extra = tmp_path_factory.mktemp("search") / "extra.ttl"
    extra.write_text(EXTRA, encoding="utf-8")
    corpus = compile_corpus([*[str(p) for p in _bundled()], str(extra)])
    assert not corpus.errors
    store = ox.Store()
    load_into(store, corpus)
    return graph_over(store)


def _bundled() -> list[Path]:
    from tradekg.graph.sources.discovery import bundled_sources

    return bundled_sources()


def _every_match(graph, text: str) -> set[str]:
    """What a scan of every name finds: entities of a tradekg kind with a folded name holding the text."""
    key = fold(text)
    found = set()
    for iri, cand in all_names(graph).items():
        if kind_of(cand.types) == "entity":
            continue
        if text == iri or any(key in fold(name) for name in cand.names):
            found.add(iri)
    return found


@pytest.mark.parametrize("text", SEARCHES)
def test_the_search_finds_what_a_scan_of_every_name_finds(graph, text: str) -> None:
    assert {e.iri for e in find_entities(graph, text)} == _every_match(graph, text)


def test_the_odd_names_are_found(graph) -> None:
    assert [e.iri for e in find_entities(graph, "turk")] == ["https://example.org/s1"]
    assert [e.iri for e in find_entities(graph, "usa")] == ["https://w3id.org/tradekg/id/party/US",  # alpha-3 USA
                                                           "https://example.org/s2",
                                                           # "refusal", a name of the stance "refuses"
                                                           "https://w3id.org/tradekg/id/stance/refuses"]
    assert [e.iri for e in find_entities(graph, "r and d")] == ["https://example.org/s3"]
    assert [e.iri for e in find_entities(graph, "ελληνικη")] == ["https://example.org/s4"]
    (port,) = find_entities(graph, "hague port")
    assert (port.label, port.kind, port.id) == ("The Hague port services", "sector", "s5")
    (chips,) = find_entities(graph, "american chips")
    assert (chips.label, chips.kind, chips.id) == ("U.S.A. chips", "sector", "s2")


def test_an_iri_finds_its_entity(graph) -> None:
    (india,) = find_entities(graph, "https://w3id.org/tradekg/id/party/IN")
    assert (india.label, india.kind, india.id) == ("India", "country", "IN")


def test_listing_every_entity_of_a_kind(graph) -> None:
    technologies = find_entities(graph, None, "technology")
    assert [e.label for e in technologies] == [
        "artificial intelligence", "biotechnology", "critical technologies", "pharmaceuticals",
        "quantum computing", "R&D laboratories", "semiconductors", "telecom equipment", "Ελληνική ναυτιλία"]


def test_the_prefilter_is_skipped_where_it_could_miss(graph) -> None:
    assert may_contain(fold("r&d")) is None  # "and" may be written "&"
    assert may_contain(fold("ελληνική")) is None  # no ASCII word to ask for
    pattern = may_contain(fold("U.S.A. chips"))
    assert pattern is not None and pattern.startswith("c")


def test_the_built_store_gives_the_same_answers(built: Path) -> None:
    graph = open_graph(built / "store")
    found = find_entities(graph, "export controls")
    assert [(e.kind, e.id) for e in found] == [
        ("concern-topic", "export-controls"),  # its label is the text: first
        ("measure-kind", "export-control"),  # "export controls" is one of its names (its label is not)
        ("concern", "r08-pti-tech-parity/us-objection-export-controls"),  # then by label: "Likely US objection …"
        ("concern", "india-us-bta-tech-parity/us-concern-export-controls"),  # "United States concern over …"
    ]
