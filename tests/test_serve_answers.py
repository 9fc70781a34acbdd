"""The endpoint's answers without HTTP: limits, forms, formats and truncation of answer_query."""

from __future__ import annotations

import json
from pathlib import Path

import pyoxigraph as ox
import pytest
from rdflib import Graph

from tradekg.graph.core.errors import QueryError
from tradekg.graph.serve.endpoint import Dataset, Limits, answer_query, check_limits, nesting_depth


@pytest.fixture(scope="module")
def store(built: Path) -> ox.Store:
    from tradekg.graph.store.local import open_local_store

    return open_local_store(built / "store")


@pytest.mark.parametrize(("text", "depth"), [
    ("SELECT * WHERE { ?s ?p ?o }", 1),
    ("SELECT * WHERE { { ?s ?p ?o } UNION { ?s ?p ?o FILTER((1 + 2) > 0) } }", 4),
    ('SELECT * WHERE { ?s ?p "{{{((([[[" }', 1),
    ("SELECT * WHERE { ?s ?p '''{{\n{{''' }", 1),
    ("SELECT * WHERE { ?s ?p ?o } # {{{{{{{{\n", 1),
    ("SELECT * WHERE { ?s ?p ?o FILTER(?o < 3 && ?o > 1) }", 2),
    ("SELECT * WHERE {", 1),
])
def test_nesting_depth_ignores_strings_and_comments(text: str, depth: int) -> None:
    assert nesting_depth(text) == depth


def test_limits_refuse_before_parsing() -> None:
    limits = Limits(max_query_chars=100, max_nesting=3)
    check_limits("SELECT * WHERE { { { ?s ?p ?o } } }", limits)
    with pytest.raises(QueryError, match="nests 4 levels deep; the limit is 3"):
        check_limits("SELECT * WHERE { { { { ?s ?p ?o } } } }", limits)
    with pytest.raises(QueryError, match="101 characters long; the limit is 100"):
        check_limits("#" * 101, limits)


@pytest.mark.parametrize("text", ["INSERT DATA { <urn:a> <urn:b> <urn:c> }", "LOAD <file:///etc/passwd>",
                                  "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"])
def test_forbidden_forms_are_403(store: ox.Store, text: str) -> None:
    answer = answer_query(store, text)
    assert answer.status == 403
    assert answer.content_type == "text/plain; charset=utf-8"


@pytest.mark.parametrize("text", ["SELECT * FROM <urn:g> WHERE { ?s ?p ?o }",
                                  "SELECT * FROM NAMED <urn:g> WHERE { GRAPH ?g { ?s ?p ?o } }"])
def test_from_names_graphs_of_the_store_only(store: ox.Store, text: str) -> None:
    # The built store holds no graph <urn:g>: an empty graph, never a document fetched.
    answer = answer_query(store, text)
    assert answer.status == 200
    assert json.loads(answer.body)["results"]["bindings"] == []


def test_a_request_dataset_overrides_from(store: ox.Store) -> None:
    count = "SELECT (COUNT(*) AS ?n) FROM <urn:absent> WHERE { ?s a tk:Demand }"
    assert json.loads(answer_query(store, count).body)["results"]["bindings"][0]["n"]["value"] == "0"
    # The store's own default graph, named as the protocol allows, overrides FROM.
    over = answer_query(store, count, dataset=Dataset(default_graphs=("urn:absent-too",)))
    assert json.loads(over.body)["results"]["bindings"][0]["n"]["value"] == "0"
    bad = answer_query(store, count, dataset=Dataset(named_graphs=("no scheme",)))
    assert bad.status == 400


def test_terms_in_json_results(store: ox.Store) -> None:
    answer = answer_query(store, "SELECT ?label ?code ?none WHERE { party:IN rdfs:label ?label ; tk:alpha3 ?code "
                                 "OPTIONAL { party:IN tk:nothing ?none } }")
    assert answer.status == 200 and answer.form == "SELECT" and not answer.truncated
    assert json.loads(answer.body) == {"head": {"vars": ["label", "code", "none"]}, "results": {"bindings": [
        {"label": {"type": "literal", "value": "India", "xml:lang": "en"},
         "code": {"type": "literal", "value": "IND"}}]}}
    counted = json.loads(answer_query(store, "SELECT (COUNT(*) AS ?n) WHERE { ?s a tk:Demand }").body)
    assert counted["results"]["bindings"] == [{"n": {"type": "literal", "value": "12",
                                                     "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]


def test_truncation_at_max_rows(store: ox.Store) -> None:
    cut = answer_query(store, "SELECT ?d WHERE { ?d a tk:Demand } ORDER BY ?d", max_rows=2)
    assert cut.truncated
    assert len(json.loads(cut.body)["results"]["bindings"]) == 2
    whole = answer_query(store, "SELECT ?d WHERE { ?d a tk:Demand } ORDER BY ?d", max_rows=12)
    assert not whole.truncated
    graph = answer_query(store, "CONSTRUCT WHERE { party:IN ?p ?o }", graph_type="application/n-triples", max_rows=3)
    assert graph.truncated and graph.body.count(b"\n") == 3


def test_forms_and_formats(store: ox.Store) -> None:
    ask = answer_query(store, "ASK { party:IN a tk:Country }", result_type="text/csv")
    assert (ask.status, ask.form, ask.body) == (200, "ASK", b"true")
    describe = answer_query(store, "DESCRIBE party:IN", graph_type="text/turtle")
    assert describe.form == "DESCRIBE" and describe.content_type == "text/turtle; charset=utf-8"
    assert b"@prefix party: <https://w3id.org/tradekg/id/party/> ." in describe.body
    rdfxml = answer_query(store, "DESCRIBE party:IN", graph_type="application/rdf+xml")
    assert rdfxml.status == 200 and rdfxml.content_type == "application/rdf+xml"
    assert len(Graph().parse(data=rdfxml.body, format="xml")) == len(Graph().parse(data=describe.body, format="turtle"))
    refused = answer_query(store, "CONSTRUCT WHERE { ?s ?p ?o }", graph_type=None, asked="Accept: text/csv")
    assert (refused.status, refused.body.decode()) == (406, (
        "a CONSTRUCT query answers in one of: text/turtle, application/n-triples, application/ld+json, "
        "application/rdf+xml; the request asked for Accept: text/csv\n"))
    assert answer_query(store, "ASK {}", result_type=None).status == 406


@pytest.mark.parametrize(("text", "where"), [
    ("PREFIX ex: <http://example.org/>\nSELECT ?x WHERE {\n  ?x ex:p \n}", "line 3, column 3"),
    ("SELECT ?x WHERE {\n  ?x tk:p \n}", "line 2, column 3"),  # tk: declared for the user, lines kept
])
def test_syntax_error_names_line_and_column(store: ox.Store, text: str, where: str) -> None:
    answer = answer_query(store, text)
    assert answer.status == 400
    assert answer.body.decode() == f"SPARQL syntax error at {where}: Expected SelectQuery\n"
