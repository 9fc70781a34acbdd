"""`tradekg serve` as a client sees it: a real server process on 127.0.0.1, a real HTTP
client. The SPARQL 1.1 Protocol, content negotiation, the page, and every protection of
RELIABILITY.md's SPARQL section."""

from __future__ import annotations

import hashlib
import http.server
import threading
import time
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import httpx
import psutil
import pyoxigraph
import pytest
from rdflib import Graph

DEMANDS = "SELECT ?d WHERE { ?d a tk:Demand } ORDER BY ?d"
DEMAND_IRIS = [f"https://w3id.org/tradekg/id/claim/{name}" for name in (
    "india-us-bta-tech-parity/india-duty-concessions", "india-us-bta-tech-parity/india-technology-access-parity",
    "india-us-bta-tech-parity/us-concessions", "r02-goyal-washington/us-agriculture-market-access",
    "r06-ustr-fact-sheet/us-aim-additional-commitments", "r06-ustr-fact-sheet/us-aim-lower-non-tariff-barriers",
    "r06-ustr-fact-sheet/us-aim-lower-tariffs", "r06-ustr-fact-sheet/us-aim-market-access",
    "r08-pti-tech-parity/india-duty-concessions-plastics", "r08-pti-tech-parity/india-tech-parity-key-allies",
    "r08-pti-tech-parity/us-concessions-petrochemicals", "r12-farm-demands/us-farm-demands")]
EXPENSIVE = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
TIMEOUT = 2.0
MAX_ROWS = 50


@pytest.fixture(scope="module")
def views(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("views")
    (folder / "negotiation.html").write_text("<!doctype html><title>view</title><p>graph</p>", encoding="utf-8")
    (folder / "notes.txt").write_text("not a view", encoding="utf-8")
    return folder


@pytest.fixture(scope="module")
def served(built: Path, views: Path, serve_factory):
    with serve_factory(built / "store", "--timeout", str(TIMEOUT), "--max-rows", str(MAX_ROWS),
                       "--views", str(views)) as s:
        yield s


@pytest.fixture(scope="module")
def client() -> Iterator[httpx.Client]:
    with httpx.Client(timeout=30) as c:
        yield c


def fingerprint(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


def select_values(response: httpx.Response, var: str) -> list[str]:
    return [b[var]["value"] for b in response.json()["results"]["bindings"]]


# ---------------------------------------------------------------- the protocol


def test_get_post_form_and_post_query_answer_alike(served, client: httpx.Client) -> None:
    by_get = client.get(served.sparql, params={"query": DEMANDS})
    by_form = client.post(served.sparql, data={"query": DEMANDS})
    by_body = client.post(served.sparql, content=DEMANDS.encode(), headers={"Content-Type": "application/sparql-query"})
    for response in (by_get, by_form, by_body):
        assert response.status_code == 200
        assert response.headers["content-type"] == "application/sparql-results+json"
        assert select_values(response, "d") == DEMAND_IRIS
    assert by_get.content == by_form.content == by_body.content


def test_select_in_every_result_format(served, client: httpx.Client) -> None:
    def ask_for(accept: str) -> httpx.Response:
        response = client.post(served.sparql, data={"query": DEMANDS}, headers={"Accept": accept})
        assert response.status_code == 200, response.text
        return response

    as_json = ask_for("application/sparql-results+json")
    assert as_json.json()["head"] == {"vars": ["d"]}

    as_xml = ask_for("application/sparql-results+xml")
    assert as_xml.headers["content-type"] == "application/sparql-results+xml"
    ns = {"r": "http://www.w3.org/2005/sparql-results#"}
    assert [u.text for u in ET.fromstring(as_xml.content).findall(".//r:uri", ns)] == DEMAND_IRIS

    as_csv = ask_for("text/csv")
    assert as_csv.headers["content-type"] == "text/csv; charset=utf-8"
    assert as_csv.text == "d\r\n" + "".join(iri + "\r\n" for iri in DEMAND_IRIS)

    as_tsv = ask_for("text/tab-separated-values")
    assert as_tsv.headers["content-type"] == "text/tab-separated-values; charset=utf-8"
    assert as_tsv.text == "?d\n" + "".join(f"<{iri}>\n" for iri in DEMAND_IRIS)

    assert ask_for("application/json").headers["content-type"] == "application/json"


def test_ask_answers_in_json_and_xml(served, client: httpx.Client) -> None:
    query = "ASK { party:IN a tk:Country }"
    as_json = client.get(served.sparql, params={"query": query})
    assert as_json.json() == {"head": {}, "boolean": True}
    as_xml = client.get(served.sparql, params={"query": query}, headers={"Accept": "application/sparql-results+xml"})
    assert b"<boolean>true</boolean>" in as_xml.content


@pytest.mark.parametrize(("accept", "rdflib_format"), [("text/turtle", "turtle"), ("application/n-triples", "nt"),
                                                       ("application/ld+json", "json-ld"),
                                                       ("application/rdf+xml", "xml")])
def test_construct_and_describe_in_every_graph_format(served, client: httpx.Client, graph,
                                                      accept: str, rdflib_format: str) -> None:
    from tradekg.graph.store.queries import run_query

    for query in ("CONSTRUCT WHERE { party:IN ?p ?o }", "DESCRIBE party:IN"):
        response = client.get(served.sparql, params={"query": query}, headers={"Accept": accept})
        assert response.status_code == 200, response.text
        assert response.headers["content-type"].split(";")[0] == accept
        received = Graph().parse(data=response.text, format=rdflib_format)
        expected = run_query(graph, "CONSTRUCT WHERE { party:IN ?p ?o }").graph
        assert expected is not None
        assert {(str(s), str(p), str(o)) for s, p, o in received} == {(str(s), str(p), str(o)) for s, p, o in expected}
        assert len(received) == 7


@pytest.mark.parametrize(("headers", "params", "expected"), [
    ({"Accept": "text/csv;q=0.5, application/sparql-results+xml"}, {}, "application/sparql-results+xml"),
    ({"Accept": "text/*"}, {}, "text/csv; charset=utf-8"),
    ({"Accept": "*/*"}, {}, "application/sparql-results+json"),
    ({}, {}, "application/sparql-results+json"),  # no Accept at all
    # format= / output= never override a type the Accept header names (SPARQLWrapper sends both) ...
    ({"Accept": "application/sparql-results+json"}, {"format": "tsv"}, "application/sparql-results+json"),
    ({"Accept": "text/csv"}, {"format": "xml", "output": "xml"}, "text/csv; charset=utf-8"),
    # ... but decide for a wildcard, no Accept, or a browser following a link (it cannot set Accept).
    ({"Accept": "*/*"}, {"format": "csv"}, "text/csv; charset=utf-8"),
    ({}, {"output": "tsv"}, "text/tab-separated-values; charset=utf-8"),
    ({"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}, {"format": "tsv"},
     "text/tab-separated-values; charset=utf-8"),
    ({"Accept": "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"}, {}, "application/xml"),
    # A value that does not fit the query form is ignored.
    ({"Accept": "*/*"}, {"format": "turtle"}, "application/sparql-results+json"),
    ({"Accept": "*/*"}, {"format": "no-such-format"}, "application/sparql-results+json"),
])
def test_content_negotiation(served, client: httpx.Client, headers: dict, params: dict, expected: str) -> None:
    request = client.build_request("GET", served.sparql, params={"query": DEMANDS, **params}, headers=headers)
    if not headers:
        del request.headers["Accept"]
    response = client.send(request)
    assert response.status_code == 200
    assert response.headers["content-type"] == expected


@pytest.mark.parametrize(("query", "accept", "params", "says"), [
    (DEMANDS, "image/png", {}, "the request asked for Accept: image/png; SELECT and ASK answer in "
     "application/sparql-results+json, application/sparql-results+xml, text/csv, text/tab-separated-values, "
     "application/json, application/xml, text/xml; CONSTRUCT and DESCRIBE in text/turtle, application/n-triples, "
     "application/ld+json, application/rdf+xml\n"),
    ("CONSTRUCT WHERE { ?s ?p ?o }", "text/csv", {"format": "csv"},
     "a CONSTRUCT query answers in one of: text/turtle, application/n-triples, application/ld+json, "
     "application/rdf+xml; the request asked for Accept: text/csv and format=csv\n"),
    (DEMANDS, "text/turtle", {}, "a SELECT query answers in one of: application/sparql-results+json, "
     "application/sparql-results+xml, text/csv, text/tab-separated-values, application/json, application/xml, "
     "text/xml; the request asked for Accept: text/turtle\n"),
])
def test_unacceptable_format_is_406(served, client: httpx.Client, query: str, accept: str, params: dict,
                                    says: str) -> None:
    response = client.get(served.sparql, params={"query": query, **params}, headers={"Accept": accept})
    assert response.status_code == 406
    assert response.text == says


@pytest.mark.parametrize(("method", "kwargs", "status", "says"), [
    ("PUT", {"content": b"x"}, 405, "use GET or POST"),
    ("POST", {"content": DEMANDS.encode(), "headers": {"Content-Type": "text/plain"}}, 415, "application/sparql-query"),
    ("GET", {}, 400, "no query"),
    ("GET", {"params": [("query", DEMANDS), ("query", DEMANDS)]}, 400, "exactly one query"),
    ("POST", {"content": b"\xff\xfe", "headers": {"Content-Type": "application/sparql-query"}}, 400, "not UTF-8"),
])
def test_malformed_requests(served, client: httpx.Client, method: str, kwargs: dict, status: int,
                            says: str) -> None:
    response = client.request(method, served.sparql, **kwargs)
    assert response.status_code == status
    assert says in response.text


def test_unknown_path_is_404(served, client: httpx.Client) -> None:
    assert client.get(served.url + "query").status_code == 404


# ---------------------------------------------------------------- protections


@pytest.mark.parametrize("request_kwargs", [
    {"method": "POST", "data": {"update": "INSERT DATA { <urn:x> <urn:y> <urn:z> }"}},
    {"method": "POST", "content": b"INSERT DATA { <urn:x> <urn:y> <urn:z> }",
     "headers": {"Content-Type": "application/sparql-update"}},
    {"method": "GET", "params": {"update": "CLEAR ALL"}},
    {"method": "POST", "data": {"query": "INSERT DATA { <urn:x> <urn:y> <urn:z> }"}},
    {"method": "POST", "data": {"query": "DELETE WHERE { ?s ?p ?o }"}},
    {"method": "POST", "data": {"query": "DROP ALL"}},
    {"method": "POST", "data": {"query": "LOAD <file:///etc/passwd>"}},
    {"method": "POST", "data": {"query": "CLEAR DEFAULT"}},
], ids=["update-form", "update-body", "update-get", "insert-as-query", "delete", "drop", "load-file", "clear"])
def test_updates_are_refused_and_the_store_is_unchanged(served, client: httpx.Client, built: Path,
                                                        request_kwargs: dict) -> None:
    before = fingerprint(built)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    triples = select_values(client.get(served.sparql, params={"query": count}), "n")
    kwargs = dict(request_kwargs)
    response = client.request(kwargs.pop("method"), served.sparql, **kwargs)
    assert response.status_code == 403
    assert "not allowed" in response.text and "read-only" in response.text
    stored = str(len(pyoxigraph.Store.read_only(str((built / "store").resolve()))))
    assert select_values(client.get(served.sparql, params={"query": count}), "n") == triples == [stored]
    assert client.get(served.sparql, params={"query": "ASK { <urn:x> ?p ?o }"}).json()["boolean"] is False
    assert fingerprint(built) == before


@pytest.fixture
def canary() -> Iterator[tuple[str, list[str]]]:
    """A loopback HTTP server that records every request: it must hear nothing."""
    heard: list[str] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            heard.append(self.path)
            self.send_response(200)
            self.send_header("Content-Length", "0")
            self.end_headers()

        do_POST = do_GET

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/sparql", heard
    finally:
        server.shutdown()
        server.server_close()


def test_nothing_reaches_outside_the_graph(served, client: httpx.Client, canary) -> None:
    url, heard = canary
    refused = [
        {"params": {"query": f"SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}"}},
        {"params": {"query": f"SELECT * WHERE {{ ?x a tk:Demand "
                             f"OPTIONAL {{ SERVICE SILENT <{url}> {{ ?x ?p ?o }} }} }}"}},
        {"params": {"query": f"SELECT * WHERE {{ {{ SELECT ?s WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }} }} }}"}},
    ]
    for attempt in refused:
        response = client.request("GET", served.sparql, **attempt)
        assert response.status_code == 403, (attempt, response.text)
        assert "not allowed" in response.text
    # Graph names (FROM, FROM NAMED, default-graph-uri, named-graph-uri) name graphs of the store;
    # one it does not hold is an empty graph, never a document fetched.
    named = [
        {"params": {"query": f"SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}"}},
        {"params": {"query": f"SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}"}},
        {"params": {"query": "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"}},
        {"params": {"query": DEMANDS, "default-graph-uri": url}},
        {"params": {"query": "SELECT * WHERE { GRAPH ?g { ?s ?p ?o } }", "named-graph-uri": url}},
        {"data": {"query": DEMANDS, "default-graph-uri": "file:///etc/passwd"}},
    ]
    for attempt in named:
        method = "POST" if "data" in attempt else "GET"
        response = client.request(method, served.sparql, **attempt)
        assert response.status_code == 200, (attempt, response.text)
        assert response.json()["results"]["bindings"] == [], attempt
    time.sleep(0.2)
    assert heard == []
    # The canary does hear what is sent to it: its silence above means something.
    assert httpx.get(url).status_code == 200 and heard == ["/sparql"]


def test_timeout_stops_the_work_and_the_next_query_runs(served, client: httpx.Client) -> None:
    workers_before = served.workers()
    started = time.monotonic()
    response = client.post(served.sparql, data={"query": EXPENSIVE})
    elapsed = time.monotonic() - started
    assert response.status_code == 503
    assert response.text == (f"the query ran longer than {TIMEOUT:g} s and was stopped; "
                             "narrow it (LIMIT, fewer patterns) and try again\n")
    assert elapsed < TIMEOUT + 5
    # The worker that ran it was killed and replaced...
    time.sleep(0.3)
    assert workers_before - served.workers()
    # ...so no CPU is left burning: all the server's processes together stay near idle.
    processes = [psutil.Process(served.process.pid), *psutil.Process(served.process.pid).children(recursive=True)]
    for p in processes:
        p.cpu_percent(None)
    time.sleep(1.0)
    assert sum(p.cpu_percent(None) for p in processes if p.is_running()) < 30
    nxt = client.post(served.sparql, data={"query": DEMANDS})
    assert nxt.status_code == 200 and select_values(nxt, "d") == DEMAND_IRIS


def test_result_rows_are_capped_and_the_cut_is_said(served, client: httpx.Client) -> None:
    everything = client.get(served.sparql, params={"query": "SELECT * WHERE { ?s ?p ?o }"})
    assert everything.status_code == 200
    assert len(everything.json()["results"]["bindings"]) == MAX_ROWS
    assert everything.headers["X-Tradekg-Truncated"] == f"true; max-rows={MAX_ROWS}"
    graph = client.get(served.sparql, params={"query": "CONSTRUCT WHERE { ?s ?p ?o }"},
                       headers={"Accept": "application/n-triples"})
    assert graph.text.count("\n") == MAX_ROWS
    assert graph.headers["X-Tradekg-Truncated"] == f"true; max-rows={MAX_ROWS}"
    exact = client.get(served.sparql, params={"query": f"SELECT * WHERE {{ ?s ?p ?o }} LIMIT {MAX_ROWS}"})
    assert len(exact.json()["results"]["bindings"]) == MAX_ROWS
    assert "X-Tradekg-Truncated" not in exact.headers


def test_query_size_limits_are_400_or_413(served, client: httpx.Client) -> None:
    long_query = "SELECT ?x WHERE { VALUES ?x { " + " ".join(f'"{i}"' for i in range(12_000)) + " } }"
    assert len(long_query) > 65_536
    response = client.post(served.sparql, data={"query": long_query})
    assert response.status_code == 400
    assert response.text == f"the query is {len(long_query):,} characters long; the limit is 65,536\n"
    huge = client.post(served.sparql, content=b"#" * (2 * 1024 * 1024),
                       headers={"Content-Type": "application/sparql-query"})
    assert huge.status_code == 413


@pytest.mark.parametrize(("query", "says"), [
    ("SELECT * WHERE " + "{ " * 30 + "?s ?p ?o" + " }" * 30, "the query nests 30 levels deep; the limit is 24"),
    ("SELECT * WHERE { FILTER(" + "(" * 1000 + "1" + ")" * 1000 + ") }", "the query nests 1002 levels deep"),
    ("SELECT * WHERE " + "{" * 5000, "the query nests 5000 levels deep"),
])
def test_nesting_limit_is_400_never_500(served, client: httpx.Client, query: str, says: str) -> None:
    response = client.post(served.sparql, data={"query": query})
    assert response.status_code == 400
    assert response.text.startswith(says)


def test_moderate_nesting_still_runs(served, client: httpx.Client) -> None:
    query = "SELECT ?d WHERE " + "{ " * 10 + "?d a tk:Demand" + " }" * 10 + " ORDER BY ?d"
    response = client.post(served.sparql, data={"query": query})
    assert response.status_code == 200 and select_values(response, "d") == DEMAND_IRIS


def test_syntax_error_is_400_with_line_and_column(served, client: httpx.Client) -> None:
    response = client.post(served.sparql, data={"query": "SELECT * WHERE {\n  ?s ?p ?o .\n  FILTER(?o = )\n}"})
    assert response.status_code == 400
    assert response.text.startswith("SPARQL syntax error at line 3, column 3:")


def test_foreign_host_header_is_refused(served, client: httpx.Client) -> None:
    # A page elsewhere reaching 127.0.0.1 through its own host name (DNS rebinding).
    rebound = client.get(served.sparql, params={"query": DEMANDS}, headers={"Host": "attacker.example"})
    assert rebound.status_code == 400
    port = served.url.rsplit(":", 1)[1].rstrip("/")
    local = client.get(served.sparql, params={"query": DEMANDS}, headers={"Host": f"localhost:{port}"})
    assert local.status_code == 200


def test_concurrent_clients_are_all_served(served) -> None:
    queries = [(DEMANDS, "application/sparql-results+json"), (DEMANDS, "text/csv"),
               ("ASK { party:IN a tk:Country }", "application/sparql-results+json"),
               ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "application/sparql-results+json")]
    expected = {}
    with httpx.Client(timeout=30) as c:
        for q, accept in queries:
            expected[(q, accept)] = c.post(served.sparql, data={"query": q}, headers={"Accept": accept}).content

    def client_run(n: int) -> list[bool]:
        with httpx.Client(timeout=30) as c:
            out = []
            for i in range(25):
                q, accept = queries[(n + i) % len(queries)]
                r = c.post(served.sparql, data={"query": q}, headers={"Accept": accept})
                out.append(r.status_code == 200 and r.content == expected[(q, accept)])
            return out

    with ThreadPoolExecutor(8) as pool:
        results = [ok for batch in pool.map(client_run, range(8)) for ok in batch]
    assert len(results) == 200 and all(results)


# ---------------------------------------------------------------- the page


def test_page_lists_named_queries_and_views(served, client: httpx.Client) -> None:
    from tradekg.graph.store.catalogue import list_queries

    page = client.get(served.url)
    assert page.status_code == 200
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "script-src" not in page.headers["content-security-policy"]  # the page runs no script
    for query in list_queries():
        assert f'href="./?name={query.name}"' in page.text
    assert 'href="views/negotiation.html"' in page.text
    assert "notes.txt" not in page.text
    assert f"<code>{served.sparql}</code>" in page.text


def test_page_runs_a_named_query_in_one_click(served, client: httpx.Client) -> None:
    page = client.get(served.url, params={"name": "blockers"})
    assert page.status_code == 200
    assert "Which concerns block or condition a demand" in page.text
    for concern in ("us-concern-cybersecurity", "us-concern-defence-ties-russia", "us-concern-export-controls",
                    "us-concern-intellectual-property"):
        assert f">claim:india-us-bta-tech-parity/{concern}</a></td>" in page.text  # linked to its entity page
    assert "4 rows." in page.text
    assert page.text.count("<tr>") == 5  # header + 4 rows


def test_page_shows_untrusted_text_as_text(served, client: httpx.Client) -> None:
    hostile = '</textarea><script>alert(1)</script><img src=x onerror=alert(2)>'
    page = client.get(served.url, params={"query": hostile})
    assert page.status_code == 400
    assert "<script>alert(1)" not in page.text and "<img src=x" not in page.text
    assert "&lt;/textarea&gt;&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    unknown = client.get(served.url, params={"name": "<b>nope</b>"})
    assert unknown.status_code == 404 and "<b>nope" not in unknown.text


def test_views_are_served_by_exact_name_only(served, client: httpx.Client) -> None:
    view = client.get(served.url + "views/negotiation.html")
    assert view.status_code == 200
    assert view.text == "<!doctype html><title>view</title><p>graph</p>"
    assert "default-src 'none'" in view.headers["content-security-policy"]  # no network from a view
    for path in ("views/notes.txt", "views/..%2f..%2fetc%2fpasswd", "views/%2e%2e/store", "views/missing.html",
                 "views/"):
        assert client.get(served.url + path).status_code == 404, path


def test_a_rebuild_is_served_without_a_restart(tmp_path: Path, serve_factory) -> None:
    from tradekg.graph.build.pipeline import build
    from tradekg.graph.sources.discovery import bundled_sources
    from tradekg.graph.store.local import open_local_store

    out = tmp_path / "out"
    build(out=out)
    count = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    with serve_factory(out / "store", "--workers", "1") as served, httpx.Client(timeout=30) as client:
        before = select_values(client.get(served.sparql, params={"query": count}), "n")
        assert before == [str(len(open_local_store(out / "store")))]
        extra = tmp_path / "extra.ttl"
        extra.write_text('<https://example.org/note> <http://www.w3.org/2000/01/rdf-schema#comment> "rebuilt" .\n',
                         encoding="utf-8")
        build([*bundled_sources(), extra], out=out)
        expected = len(open_local_store(out / "store"))
        assert str(expected) != before[0]
        assert select_values(client.get(served.sparql, params={"query": count}), "n") == [str(expected)]
        assert f"{expected:,} triples" in client.get(served.url).text
        time.sleep(0.5)
        assert len(served.workers()) == 3  # the old worker is gone: fork server, tracker, one worker


def test_in_memory_workers_answer_alike_and_survive_a_timeout(built: Path, serve_factory, tradekg_endpoint) -> None:
    from tradekg.graph.store.catalogue import list_queries

    with serve_factory(built / "store", "--in-memory", "--workers", "1", "--timeout", str(TIMEOUT)) as memory, \
            httpx.Client(timeout=30) as client:
        for query in list_queries():
            on_disk = client.post(tradekg_endpoint.sparql, data={"query": query.effective_text})
            in_memory = client.post(memory.sparql, data={"query": query.effective_text})
            assert on_disk.status_code == in_memory.status_code == 200, query.name
            assert in_memory.content == on_disk.content, query.name
        assert client.post(memory.sparql, data={"query": EXPENSIVE}).status_code == 503
        again = client.post(memory.sparql, data={"query": DEMANDS})  # a fresh worker, a fresh copy
        assert again.status_code == 200
        assert select_values(again, "d") == DEMAND_IRIS
