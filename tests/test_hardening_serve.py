"""Issue 18, item 6 (RELIABILITY.md, "A client that disconnects: its query is cancelled, and no
one client can take every worker"), against a real `tradekg serve` with two workers.

Client addresses differ by their loopback source address (127.0.0.1 and 127.0.0.2)."""

from __future__ import annotations

import socket
import time
import urllib.parse
from pathlib import Path

import httpx
import pytest

pytestmark = pytest.mark.timeout(180)

ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"


def send_and_hold(sparql_url: str, query: str) -> socket.socket:
    """POST ``query`` on a raw connection and keep it open without reading the answer."""
    url = urllib.parse.urlsplit(sparql_url)
    body = urllib.parse.urlencode({"query": query}).encode()
    conn = socket.create_connection((url.hostname, url.port), timeout=10)
    conn.sendall(f"POST {url.path} HTTP/1.1\r\nHost: {url.netloc}\r\n"
                 "Content-Type: application/x-www-form-urlencoded\r\n"
                 f"Content-Length: {len(body)}\r\n\r\n".encode() + body)
    return conn


def ask(sparql_url: str, source: str) -> httpx.Response:
    transport = httpx.HTTPTransport(local_address=source)
    with httpx.Client(transport=transport, timeout=30) as client:
        return client.post(sparql_url, data={"query": "ASK {}"})


def test_one_client_cannot_take_every_worker_and_abandoned_queries_stop(seed_built: Path, serve_factory) -> None:
    with serve_factory(seed_built / "store", "--workers", "2", "--timeout", "120") as served:
        before = served.workers()
        held = [send_and_hold(served.sparql, ENDLESS) for _ in range(4)]
        try:
            # Another client still finds a worker (one client may use all workers but one).
            other = ask(served.sparql, "127.0.0.2")
            assert other.status_code == 200 and other.json()["boolean"] is True
        finally:
            for conn in held:
                conn.close()  # the client gives up
        # Its queries are stopped: the worker that ran one is killed and replaced, long before
        # the 120 s limit, and the same client is answered again.
        deadline = time.monotonic() + 30
        while served.workers() >= before and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not served.workers() >= before, "the abandoned query's worker was not stopped"
        again = ask(served.sparql, "127.0.0.1")
        assert again.status_code == 200 and again.json()["boolean"] is True


def test_workers_die_with_a_killed_server(seed_built: Path, serve_factory) -> None:
    import psutil

    with serve_factory(seed_built / "store", "--workers", "2") as served:
        workers = [psutil.Process(pid) for pid in served.workers()]
        assert len(workers) >= 2
        served.process.kill()  # kill -9: no handler of the server runs
        served.process.wait()
        _gone, alive = psutil.wait_procs(workers, timeout=15)
        for p in alive:
            p.kill()
        assert not alive, "serve's workers outlived it"


# ---------------------------------------------------------------- entity pages, in the workers too

ID = "https://w3id.org/tradekg/id/"
TK = "https://w3id.org/tradekg/ontology#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
BUSY, QUIET = ID + "party/BUSY", ID + "party/QUIET"


def busy_store(path: Path, claims: int) -> Path:
    """A store where one party has made ``claims`` demands (its entity page lists and dates
    each: seconds of work) and another party one."""
    import pyoxigraph as ox

    def node(iri: str) -> ox.NamedNode:
        return ox.NamedNode(iri)

    quads = []
    for party, name in ((BUSY, "Busyland"), (QUIET, "Quietland")):
        quads += [ox.Quad(node(party), node(RDF_TYPE), node(TK + "Country")),
                  ox.Quad(node(party), node(LABEL), ox.Literal(name))]
    for i in range(claims + 1):
        claim = node(f"{ID}claim/busy/d{i}")
        quads += [ox.Quad(claim, node(RDF_TYPE), node(TK + "Demand")),
                  ox.Quad(claim, node(RDF_TYPE), node(TK + "Claim")),
                  ox.Quad(claim, node(TK + "demandedBy"), node(BUSY if i else QUIET)),
                  ox.Quad(claim, node(LABEL), ox.Literal(f"demand number {i}"))]
    store = ox.Store(str(path))
    store.bulk_extend(quads)
    store.flush()
    del store
    return path


def test_a_slow_entity_page_is_stopped_at_the_time_limit_and_the_server_answers_on(tmp_path: Path,
                                                                                   serve_factory) -> None:
    import threading

    store = busy_store(tmp_path / "store", 100_000)
    with serve_factory(store, "--workers", "2", "--timeout", "1.5") as served:
        before = served.workers()
        slow: list[httpx.Response] = []
        asking = threading.Thread(target=lambda: slow.append(
            httpx.get(served.url + "entity", params={"iri": BUSY}, timeout=120)))
        asking.start()
        try:
            time.sleep(0.5)  # the page is being made (it takes seconds): the server still answers others
            other = ask(served.sparql, "127.0.0.2")
            assert other.status_code == 200 and other.json()["boolean"] is True
        finally:
            asking.join(120)
        assert slow[0].status_code == 503
        assert slow[0].text == ("the page ran longer than 1.5 s and was stopped; `tradekg view --focus` or "
                                "`--timeline` makes it without a time limit\n")
        assert slow[0].headers["Content-Type"] == "text/plain; charset=utf-8"
        # The worker that was making it was killed (and replaced): its CPU is free.
        deadline = time.monotonic() + 30
        while before <= served.workers() and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not before <= served.workers(), "the worker making the slow page was not stopped"
        # The same client is answered again: another entity's pages, made in the workers.
        quiet = httpx.get(served.url + "entity", params={"iri": QUIET}, timeout=60)
        assert quiet.status_code == 200 and "<h1>Quietland</h1>" in quiet.text
        focus = httpx.get(served.url + "entity/focus", params={"iri": QUIET}, timeout=60)
        assert focus.status_code == 200 and 'id="mynetwork"' in focus.text
        assert "demand number 0" in focus.text
        unknown = httpx.get(served.url + "entity/timeline", params={"iri": ID + "party/NOWHERE"}, timeout=60)
        assert unknown.status_code == 404 and unknown.text.startswith("unknown entity")
        assert ask(served.sparql, "127.0.0.1").status_code == 200
