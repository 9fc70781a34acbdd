"""The W3C SPARQL 1.1 Protocol test suite, run against a live `tradekg serve`.

The manifest and its data are the suite's own files, unchanged (tests/fixtures/w3c-sparql-protocol/,
with where they come from and their licence); the runner is ours. Each test of the manifest
is one or more HTTP requests, each with the statuses, the result format and the boolean its
answer must have. The endpoint serves a store holding the suite's three data files as named
graphs (each named by its ``rdfs:label``, as the manifest's ``ut:graphData`` says).

Update tests are expected to fail, and nothing else: `serve` is read-only by design, so
each of them is checked to be refused with 403 before anything changes.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import pyoxigraph as ox
import pytest
from rdflib import RDF, RDFS, Graph, Namespace
from rdflib.collection import Collection

SUITE = Path(__file__).parent / "fixtures" / "w3c-sparql-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
CNT = Namespace("http://www.w3.org/2011/content#")
UT = Namespace("http://www.w3.org/2009/sparql/tests/test-update#")

BOOLEAN_TYPES = {"application/sparql-results+json", "application/sparql-results+xml"}
TABULAR_TYPES = BOOLEAN_TYPES | {"text/csv", "text/tab-separated-values"}
RDF_TYPES = {"application/rdf+xml": "xml", "text/turtle": "turtle", "application/n-triples": "nt"}


@dataclass
class Step:
    """One request of a test and what its answer must be."""

    method: str
    path: str
    headers: dict[str, str]
    body: bytes | None
    statuses: set[int]  # the hundreds allowed: {2, 3} or {4}
    result_format: str | None = None
    boolean: bool | None = None


@dataclass
class Case:
    name: str
    title: str
    steps: list[Step] = field(default_factory=list)
    graphs: dict[str, str] = field(default_factory=dict)  # graph IRI -> data file

    @property
    def is_update(self) -> bool:
        """A test whose success needs an update to run (bad_update_* tests expect a refusal)."""
        return self.name.startswith("update_")


def _steps(manifest: Graph, request_list) -> list[Step]:
    steps = []
    for request in Collection(manifest, request_list):
        headers = {}
        header_list = manifest.value(request, HT.headers)
        if header_list is not None:
            for header in Collection(manifest, header_list):
                headers[str(manifest.value(header, HT.fieldName))] = str(manifest.value(header, HT.fieldValue))
        body_node = manifest.value(request, HT.body)
        body = None
        if body_node is not None:
            encoding = str(manifest.value(body_node, CNT.characterEncoding) or "UTF-8")
            body = str(manifest.value(body_node, CNT.chars)).encode(encoding)
        response = manifest.value(request, HT.resp)
        statuses = {int(str(s).rsplit("StatusCode", 1)[1][0]) for s in manifest.objects(response, MF.expectedStatus)}
        fmt = manifest.value(response, MF.expectedFormat)
        boolean = manifest.value(response, MF.expectedBoolean)
        steps.append(Step(str(manifest.value(request, HT.methodName)), str(manifest.value(request, HT.absolutePath)),
                          headers, body, statuses, str(fmt) if fmt is not None else None,
                          boolean.toPython() if boolean is not None else None))
    return steps


def load_suite() -> list[Case]:
    manifest = Graph().parse(SUITE / "manifest.ttl", publicID=(SUITE / "manifest.ttl").as_uri())
    root = next(manifest.subjects(RDF.type, MF.Manifest))
    cases = []
    for entry in Collection(manifest, manifest.value(root, MF.entries)):
        case = Case(str(entry).rsplit("#", 1)[1], str(manifest.value(entry, MF.name)))
        for data in manifest.objects(entry, UT.graphData):
            case.graphs[str(manifest.value(data, RDFS.label))] = Path(str(manifest.value(data, UT.graph))).name
        action = manifest.value(entry, MF.action)
        case.steps = _steps(manifest, manifest.value(action, HT.requests))
        cases.append(case)
    return cases


CASES = load_suite()
QUERY_CASES = [c for c in CASES if not c.is_update]
UPDATE_CASES = [c for c in CASES if c.is_update]


def test_the_suite_is_whole() -> None:
    # 34 tests: 27 query and refusal tests that must pass, 7 update tests expected to fail.
    assert (len(CASES), len(QUERY_CASES), len(UPDATE_CASES)) == (34, 27, 7)
    assert all(case.steps for case in CASES)


@pytest.fixture(scope="module")
def suite_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An Oxigraph store folder holding the suite's data files, each in the named graph the manifest gives it."""
    graphs = {iri: name for case in CASES for iri, name in case.graphs.items()}
    assert sorted(graphs.values()) == ["data1.nt", "data2.nt", "data3.nt"]
    path = tmp_path_factory.mktemp("w3c") / "store"
    store = ox.Store(str(path))
    for iri, name in graphs.items():
        store.load(path=str(SUITE / name), format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(iri))
    store.flush()
    del store
    return path


@pytest.fixture(scope="module")
def endpoint(suite_store: Path, serve_factory) -> Iterator[str]:
    with serve_factory(suite_store) as served:
        yield served.sparql


def send(client: httpx.Client, endpoint: str, step: Step) -> httpx.Response:
    assert step.path.startswith("/sparql/")
    url = endpoint + step.path[len("/sparql/"):]
    request = client.build_request(step.method, url, headers=step.headers, content=step.body)
    return client.send(request)


def check(step: Step, response: httpx.Response) -> None:
    """Raise AssertionError unless ``response`` is what the manifest expects of ``step``."""
    assert response.status_code // 100 in step.statuses, (response.status_code, response.text)
    media = response.headers.get("content-type", "").split(";")[0].strip()
    if step.result_format == "boolean":
        assert media in BOOLEAN_TYPES, media
        parsed = ox.parse_query_results(response.content, ox.QueryResultsFormat.from_media_type(media))
        assert isinstance(parsed, ox.QueryBoolean)
        if step.boolean is not None:
            assert bool(parsed) is step.boolean
    elif step.result_format == "tabular":
        assert media in TABULAR_TYPES, media
        parsed = ox.parse_query_results(response.content, ox.QueryResultsFormat.from_media_type(media))
        assert isinstance(parsed, ox.QuerySolutions)
        list(parsed)
    elif step.result_format == "RDF":
        assert media in RDF_TYPES, media
        Graph().parse(data=response.content, format=RDF_TYPES[media])


@pytest.mark.parametrize("case", QUERY_CASES, ids=[c.name for c in QUERY_CASES])
def test_w3c_protocol_query_case(endpoint: str, case: Case) -> None:
    with httpx.Client(timeout=30) as client:
        for step in case.steps:
            check(step, send(client, endpoint, step))


@pytest.mark.parametrize("case", UPDATE_CASES, ids=[c.name for c in UPDATE_CASES])
def test_w3c_protocol_update_case_is_refused(endpoint: str, case: Case) -> None:
    """The only expected failures: the first request (an update) gets 403, not the 2xx the suite wants."""
    with httpx.Client(timeout=30) as client:
        first = case.steps[0]
        response = send(client, endpoint, first)
        assert response.status_code == 403
        assert "updates are not allowed" in response.text
        with pytest.raises(AssertionError):
            check(first, response)


def test_relative_iris_resolve_against_the_endpoint(endpoint: str) -> None:
    response = httpx.post(endpoint, content=b"CONSTRUCT { <s> <p> 1 } WHERE {}",
                          headers={"Content-Type": "application/sparql-query", "Accept": "application/n-triples"})
    assert response.status_code == 200
    base = endpoint.rsplit("/", 1)[0]
    assert response.text == f'<{base}/s> <{base}/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'


def test_named_graphs_are_listed_as_the_request_names_them(endpoint: str) -> None:
    query = "SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g"
    data1, data2 = "http://kasei.us/2009/09/sparql/data/data1.rdf", "http://kasei.us/2009/09/sparql/data/data2.rdf"
    named = httpx.get(endpoint, params=[("query", query), ("named-graph-uri", data2), ("named-graph-uri", data1)])
    assert [b["g"]["value"] for b in named.json()["results"]["bindings"]] == [data1, data2]
    # Only default graphs named: the dataset has no named graph (SPARQL 1.1 Protocol 2.1.4).
    default_only = httpx.get(endpoint, params={"query": query, "default-graph-uri": data1})
    assert default_only.json()["results"]["bindings"] == []
    merged = httpx.get(endpoint, params=[("query", "SELECT ?s WHERE { ?s a ?t } ORDER BY ?s"),
                                         ("default-graph-uri", data1), ("default-graph-uri", data2)])
    assert [b["s"]["value"] for b in merged.json()["results"]["bindings"]] == [data1, data2]


@pytest.mark.parametrize("params", [{"default-graph-uri": "http://example.org/absent"},
                                    {"named-graph-uri": "http://example.org/absent"}])
def test_a_graph_the_store_lacks_is_empty(endpoint: str, params: dict) -> None:
    response = httpx.get(endpoint, params={"query": "ASK { { ?s ?p ?o } UNION { GRAPH ?g { ?s ?p ?o } } }", **params})
    assert response.status_code == 200
    assert response.json()["boolean"] is False


def test_a_graph_name_that_is_not_an_iri_is_400(endpoint: str) -> None:
    response = httpx.get(endpoint, params={"query": "ASK {}", "default-graph-uri": "not an iri"})
    assert response.status_code == 400
    assert "default-graph-uri / named-graph-uri must be absolute IRIs" in response.text


@pytest.mark.parametrize("request_kwargs", [
    {"method": "GET", "params": {"query": ""}},
    {"method": "POST", "data": {"query": "  "}},
    {"method": "POST", "content": b"", "headers": {"Content-Type": "application/sparql-query"}},
], ids=["get", "form", "body"])
def test_an_empty_query_is_400(endpoint: str, request_kwargs: dict) -> None:
    kwargs = dict(request_kwargs)
    response = httpx.request(kwargs.pop("method"), endpoint, **kwargs)
    assert response.status_code == 400
    assert response.text == "the query is empty: give a SELECT, ASK, CONSTRUCT or DESCRIBE query\n"


def test_a_query_of_only_prefixes_is_400_not_an_update(endpoint: str) -> None:
    response = httpx.get(endpoint, params={"query": "PREFIX ex: <http://example.org/>\n# nothing else"})
    assert response.status_code == 400
    assert "no query" in response.text


def test_from_names_a_graph_of_the_store(endpoint: str) -> None:
    data3 = "http://kasei.us/2009/09/sparql/data/data3.rdf"
    response = httpx.get(endpoint, params={"query": f"SELECT ?s FROM <{data3}> WHERE {{ ?s a ?t }}"})
    assert [b["s"]["value"] for b in response.json()["results"]["bindings"]] == [data3]


def test_the_page_resolves_relative_iris_like_the_endpoint(endpoint: str) -> None:
    page = httpx.get(endpoint[: -len("sparql")], params={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"})
    assert page.status_code == 200
    assert f"&lt;{endpoint[: -len('sparql')]}s&gt;" in page.text
