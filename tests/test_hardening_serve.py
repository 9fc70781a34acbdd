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
