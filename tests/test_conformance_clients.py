"""Real SPARQL clients, unmodified and with their default settings, against a live `tradekg serve`:
SPARQLWrapper in every return format it offers for each query form, and rdflib's SPARQLStore.
Every answer is compared with the same query answered by the local store."""

from __future__ import annotations

import csv
import io
import warnings
import xml.dom.minidom
from typing import Any

import pyoxigraph as ox
import pytest
from rdflib import XSD, Graph, Literal, URIRef
from rdflib.plugins.stores.sparqlstore import SPARQLStore
from SPARQLWrapper import CSV as CSV_FORMAT
from SPARQLWrapper import JSON, JSONLD, N3, RDF, RDFXML, TSV, TURTLE, XML, SPARQLWrapper

from tradekg.graph.store.queries import run_query

PREFIXES = ("PREFIX tk: <https://w3id.org/tradekg/ontology#>\nPREFIX party: <https://w3id.org/tradekg/id/party/>\n"
            "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n")
SELECT = PREFIXES + "SELECT ?label ?code WHERE { party:IN rdfs:label ?label ; tk:alpha3 ?code }"
ASK = PREFIXES + "ASK { party:IN a tk:Country }"
ASK_NO = PREFIXES + "ASK { party:IN a tk:Demand }"
CONSTRUCT = PREFIXES + "CONSTRUCT WHERE { party:IN ?p ?o }"
DESCRIBE = PREFIXES + "DESCRIBE party:IN"
FORMATS = [JSON, XML, TURTLE, N3, RDF, RDFXML, CSV_FORMAT, TSV, JSONLD]  # SPARQLWrapper's _allowedFormats
IN = URIRef("https://w3id.org/tradekg/id/party/IN")


def _n3(term: Any) -> str:
    if isinstance(term, Literal) and term.datatype == XSD.string:
        term = Literal(str(term))  # a plain string and an xsd:string are the same literal (RDF 1.1)
    return str(term.n3())


def triples(graph: Any) -> set[tuple[str, str, str]]:
    return {(_n3(s), _n3(p), _n3(o)) for s, p, o in graph}


@pytest.fixture(scope="module")
def local(graph) -> dict[str, Any]:
    """The answers of the local store, for comparison."""
    select = run_query(graph, SELECT)
    rows = {tuple(str(row[v]) for v in ("label", "code")) for row in select}
    construct = run_query(graph, CONSTRUCT).graph
    describe = run_query(graph, DESCRIBE).graph
    assert rows == {("India", "IND")} and construct is not None and describe is not None
    return {"rows": rows, "CONSTRUCT": triples(construct), "DESCRIBE": triples(describe)}


def _result_rows(converted: Any, content_type: str) -> set[tuple[str, ...]] | bool:
    """SELECT rows (label, code) or the ASK boolean, from whatever SPARQLWrapper's convert() returned."""
    if isinstance(converted, dict):  # JSON
        if "boolean" in converted:
            return bool(converted["boolean"])
        return {(b["label"]["value"], b["code"]["value"]) for b in converted["results"]["bindings"]}
    if isinstance(converted, xml.dom.minidom.Document):
        booleans = converted.getElementsByTagName("boolean")
        if booleans:
            return booleans[0].firstChild.data == "true"
        rows = set()
        for result in converted.getElementsByTagName("result"):
            values = {b.getAttribute("name"): b.getElementsByTagName("literal")[0].firstChild.data
                      for b in result.getElementsByTagName("binding")}
            rows.add((values["label"], values["code"]))
        return rows
    assert isinstance(converted, bytes), type(converted)  # CSV, TSV: the body as it came
    if content_type == "text/csv":  # lossy, so no RDF parser reads it: read it as the CSV it is
        table = list(csv.reader(io.StringIO(converted.decode("utf-8"))))
        if table in ([["true"]], [["false"]]):  # an ASK answer: CSV has no standard form for it; Oxigraph's
            return table == [["true"]]
        assert table[0] == ["label", "code"]
        return {(row[0], row[1]) for row in table[1:]}
    parsed = ox.parse_query_results(converted, ox.QueryResultsFormat.from_media_type(content_type))
    if isinstance(parsed, ox.QueryBoolean):
        return bool(parsed)
    return {(s["label"].value, s["code"].value) for s in parsed}


def _graph_triples(converted: Any, content_type: str) -> set[tuple[str, str, str]]:
    if isinstance(converted, Graph):  # RDF/XML and JSON-LD are parsed by SPARQLWrapper itself
        return triples(converted)
    assert isinstance(converted, bytes), type(converted)  # Turtle, N3: the body as it came
    fmt = {"text/turtle": "turtle", "application/n-triples": "nt"}[content_type]
    return triples(Graph().parse(data=converted, format=fmt))


def ask_wrapper(endpoint: str, query: str, fmt: str | None) -> tuple[Any, str]:
    client = SPARQLWrapper(endpoint)
    client.setQuery(query)
    if fmt is not None:
        client.setReturnFormat(fmt)
    with warnings.catch_warnings():
        # For a format that does not fit the form (SELECT as Turtle) SPARQLWrapper warns and sends */*.
        warnings.simplefilter("ignore", RuntimeWarning)
        response = client.query()
    content_type = response.info()["content-type"].split(";")[0].strip()
    return response.convert(), content_type


@pytest.mark.parametrize("fmt", [None, *FORMATS])
@pytest.mark.parametrize("form", ["SELECT", "ASK", "CONSTRUCT", "DESCRIBE"])
def test_sparqlwrapper_every_format_every_form(tradekg_endpoint, local: dict, form: str, fmt: str | None) -> None:
    endpoint = tradekg_endpoint.sparql
    if form == "SELECT":
        converted, ctype = ask_wrapper(endpoint, SELECT, fmt)
        assert _result_rows(converted, ctype) == local["rows"]
    elif form == "ASK":
        for query, expected in ((ASK, True), (ASK_NO, False)):
            converted, ctype = ask_wrapper(endpoint, query, fmt)
            assert _result_rows(converted, ctype) is expected
    else:
        converted, ctype = ask_wrapper(endpoint, CONSTRUCT if form == "CONSTRUCT" else DESCRIBE, fmt)
        if fmt in (CSV_FORMAT, TSV, JSON) and not isinstance(converted, Graph):
            # No graph format is called csv/tsv/json: SPARQLWrapper asks */* (or JSON-LD for json).
            assert ctype in ("text/turtle", "application/ld+json"), ctype
        assert _graph_triples(converted, ctype) == local[form]
        expected_type = {XML: "application/rdf+xml", RDFXML: "application/rdf+xml", None: "application/rdf+xml",
                         JSONLD: "application/ld+json", TURTLE: "text/turtle", N3: "text/turtle"}
        if fmt in expected_type:
            assert ctype == expected_type[fmt]


def test_rdflib_sparqlstore_with_default_settings(tradekg_endpoint, graph, local: dict) -> None:
    remote = Graph(store=SPARQLStore(tradekg_endpoint.sparql))
    try:
        rows = {(str(r[0]), str(r[1])) for r in remote.query(SELECT)}
        assert rows == local["rows"]
        assert remote.query(ASK).askAnswer is True
        assert remote.query(ASK_NO).askAnswer is False
        construct = remote.query(CONSTRUCT).graph
        describe = remote.query(DESCRIBE).graph
        assert construct is not None and describe is not None
        assert triples(construct) == local["CONSTRUCT"]
        assert triples(describe) == local["DESCRIBE"]
        assert triples(remote.triples((IN, None, None))) == local["CONSTRUCT"]
        assert (IN, URIRef("https://w3id.org/tradekg/ontology#alpha3"), Literal("IND")) in remote
        assert len(remote) == len(graph)
    finally:
        remote.close()
