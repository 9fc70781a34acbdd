"""`tradekg push` against a real Oxigraph server (and a scripted one for refusals): graphs
arrive whole and counted, failures are one-line exit-1 errors, nothing is emptied."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from tradekg.cli.main import main
from tradekg.graph.core.namespaces import ID

ARTICLE = ID + "source/india-us-bta-tech-parity"
TOR = ID + "source/india-us-bta-tor"
SHARED = ID + "graph/shared"
BRIEFS = [ID + "source/" + name for name in (
    "r01-mission-500", "r02-goyal-washington", "r03-tariff-pause", "r04-trade-2024-25", "r05-terms-of-reference",
    "r06-ustr-fact-sheet", "r07-first-round", "r08-pti-tech-parity", "r09-july-deadline", "r10-reciprocal-25",
    "r11-eo-14329", "r12-farm-demands", "r13-deal-announced", "r14-additional-duty-removed",
    "r15-interim-framework", "r16-goyal-farm-products", "r17-husch-blackwell")]


def run(args: list[str]):
    return CliRunner().invoke(main, args)


def push(url: str, built: Path, *options: str):
    return run(["push", url, "--store", str(built / "store"), "--format", "json", *options])


def local_triples(built: Path) -> int:
    from tradekg.graph.store.local import open_local_store

    return len(open_local_store(built / "store"))


def ask(query_url: str, query: str) -> bool:
    response = httpx.post(query_url, data={"query": query}, headers={"Accept": "application/sparql-results+json"})
    response.raise_for_status()
    return bool(response.json()["boolean"])


def count(query_url: str, graph: str | None) -> int:
    where = f"GRAPH <{graph}> {{ ?s ?p ?o }}" if graph else "?s ?p ?o"
    response = httpx.post(query_url, data={"query": f"SELECT (COUNT(*) AS ?n) WHERE {{ {where} }}"},
                          headers={"Accept": "application/sparql-results+json"})
    return int(response.json()["results"]["bindings"][0]["n"]["value"])


def fingerprint(folder: Path) -> dict[str, str]:
    """Every file under ``folder`` (store generations, Turtle export) by content hash."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file() and not p.is_symlink()}


# ---------------------------------------------------------------- what arrives


def test_push_one_graph_per_source(built: Path, oxigraph_factory) -> None:
    server = oxigraph_factory()
    result = push(server.store_url, built, "--replace")
    assert result.exit_code == 0, result.output
    report = json.loads(result.stdout)
    # The reports a source restates or references travel with it: no graph of their own.
    assert [g["graph"] for g in report["graphs"]] == [ARTICLE, TOR, *BRIEFS, SHARED]
    assert all(g["sent"] == g["on_server"] > 0 for g in report["graphs"])
    assert report["triples"] == sum(g["sent"] for g in report["graphs"]) == local_triples(built)
    assert report["query_endpoint"] == server.query_url
    for graph in report["graphs"]:
        assert count(server.query_url, graph["graph"]) == graph["sent"]
    # Provenance decides the graph: a claim and its quotations go with the article they
    # come from, the terms of reference with their own source, the vocabulary to shared.
    claim = ID + "claim/india-us-bta-tech-parity/india-technology-access-parity"
    assert ask(server.query_url, f"ASK {{ GRAPH <{ARTICLE}> {{ <{claim}> a <https://w3id.org/tradekg/ontology#Demand> ;"
                                 f" <https://w3id.org/tradekg/ontology#quotation> ?q . ?q ?p ?text }} }}")
    assert ask(server.query_url, f"ASK {{ GRAPH <{TOR}> {{ <{TOR}> <https://w3id.org/tradekg/ontology#coversTopic> "
                                 f"<{ID}negotiation-topic/tariffs> }} }}")
    assert ask(server.query_url, f"ASK {{ GRAPH <{SHARED}> {{ <{ID}party/IN> ?p ?o }} }}")
    # No subject is split over two graphs (blank nodes would become two different nodes).
    assert not ask(server.query_url, "ASK { GRAPH ?a { ?s ?p ?o } GRAPH ?b { ?s ?q ?r } FILTER(?a != ?b) }")


def test_push_into_one_named_graph_and_default_graph(built: Path, oxigraph_factory) -> None:
    server = oxigraph_factory()
    total = local_triples(built)
    one = push(server.store_url, built, "--graph", "https://example.org/tradekg", "--replace")
    assert one.exit_code == 0, one.output
    assert json.loads(one.stdout)["graphs"] == [{"graph": "https://example.org/tradekg", "sent": total,
                                                 "on_server": total}]
    default = push(server.store_url, built, "--graph", "default")
    assert default.exit_code == 0, default.output
    assert json.loads(default.stdout)["graphs"] == [{"graph": None, "sent": total, "on_server": total}]
    assert count(server.query_url, "https://example.org/tradekg") == total


def test_replace_is_idempotent_and_append_adds(built: Path, oxigraph_factory) -> None:
    server = oxigraph_factory()
    graph = "https://example.org/g"
    for _ in range(2):
        assert push(server.store_url, built, "--graph", graph, "--replace").exit_code == 0
    total = local_triples(built)
    assert count(server.query_url, graph) == total
    appended = push(server.store_url, built, "--graph", graph)
    assert appended.exit_code == 0, appended.output
    # Identical triples merge; the blank nodes of a second upload are new nodes.
    assert json.loads(appended.stdout)["graphs"][0]["on_server"] >= total


def test_table_output_names_graphs_and_counts(built: Path, oxigraph_factory) -> None:
    server = oxigraph_factory()
    result = run(["push", server.store_url, "--replace", "--store", str(built / "store")])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].startswith(f"Replaced {local_triples(built):,} triples in 20 graphs at {server.store_url} in ")
    assert lines[0].endswith(f" s; counted through {server.query_url}")
    assert lines[1].split() == ["graph", "sent", "on", "server"]
    assert [line.split()[0] for line in lines[3:]] == [ARTICLE, TOR, *BRIEFS, SHARED]


def test_progress_reports_every_phase(built: Path, oxigraph_factory) -> None:
    from tradekg.graph.store.local import open_local_store
    from tradekg.graph.store.push import push as run_push

    server = oxigraph_factory()
    seen: list[tuple[str, int, int]] = []
    run_push(open_local_store(built / "store"), server.store_url, replace=True,
             progress=lambda phase, done, total: seen.append((phase, done, total)))
    phases = [p for p, _, _ in seen]
    for graph in ("source:india-us-bta-tech-parity", "source:india-us-bta-tor", SHARED):
        sent = [(d, t) for p, d, t in seen if p == f"sending {graph}"]
        assert sent and sent[-1][0] == sent[-1][1] > 0  # the last report is the whole body
    assert phases[-1] == "verifying"


# ---------------------------------------------------------------- refusals and faults


@pytest.mark.parametrize(("status", "reason"), [(400, "Bad Request"), (401, "Unauthorized"), (403, "Forbidden"),
                                                (413, "Request Entity Too Large")])
def test_refused_upload_exits_1_with_status_and_body(built: Path, fake_server, status: int, reason: str) -> None:
    before = fingerprint(built)
    fake_server.reply = (status, "text/plain", b"refused: see the server log")
    result = push(fake_server.url + "/store", built)
    assert result.exit_code == 1
    assert result.stderr == f"tradekg: {fake_server.url}/store: HTTP {status} {reason}: refused: see the server log\n"
    assert fingerprint(built) == before  # local data untouched


def test_server_down_exits_1(built: Path, closed_port: int) -> None:
    result = push(f"http://127.0.0.1:{closed_port}/store", built)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"tradekg: http://127.0.0.1:{closed_port}/store: cannot connect")


def test_stalled_server_times_out_mid_upload(built: Path, fake_server) -> None:
    fake_server.stall = True  # takes the request, never reads the body nor answers
    result = push(fake_server.url + "/store", built, "--timeout", "1")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"tradekg: {fake_server.url}/store: ")
    assert "within 1 s" in result.stderr or "no progress for 1 s" in result.stderr


def test_counts_short_of_what_was_sent_fail(built: Path, fake_server) -> None:
    def reply(method: str, path: str) -> tuple[int, str, bytes]:
        if path.startswith("/query"):
            if method == "POST":
                zero = {"head": {"vars": ["n"]}, "results": {"bindings": [
                    {"n": {"type": "literal", "value": "0",
                           "datatype": "http://www.w3.org/2001/XMLSchema#integer"}}]}}
                return 200, "application/sparql-results+json", json.dumps(zero).encode()
        return 204, "text/plain", b""

    fake_server.reply = reply
    result = push(fake_server.url + "/store", built, "--graph", "default")
    assert result.exit_code == 1
    assert "(default graph) holds 0 triples after the upload;" in result.stderr


def test_malformed_upload_leaves_remote_graph_as_it_was(built: Path, oxigraph_factory, monkeypatch) -> None:
    import tradekg.graph.store.push as push_module

    server = oxigraph_factory()
    assert push(server.store_url, built, "--replace").exit_code == 0
    before = {g: count(server.query_url, g) for g in (ARTICLE, TOR, SHARED)}
    real_body = push_module._body

    def corrupted(path, label, progress):
        yield from real_body(path, label, progress)
        if label == SHARED:
            yield b"<https://example.org/a> <https://example.org/b> not-a-term .\n"

    monkeypatch.setattr(push_module, "_body", corrupted)
    monkeypatch.setattr(push_module.GraphPart, "size", property(lambda self: self.path.stat().st_size + (
        len(b"<https://example.org/a> <https://example.org/b> not-a-term .\n") if self.graph == SHARED else 0)))
    result = push(server.store_url, built, "--replace")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"tradekg: {server.store_url}: HTTP 400 Bad Request: ")
    assert "Parser error" in result.stderr
    after = {g: count(server.query_url, g) for g in (ARTICLE, TOR, SHARED)}
    assert after == before and after[SHARED] > 0  # never cleared first


def test_upload_cut_off_midway_leaves_remote_graph_as_it_was(built: Path, oxigraph_factory, monkeypatch) -> None:
    import tradekg.graph.store.push as push_module

    server = oxigraph_factory()
    assert push(server.store_url, built, "--graph", "https://example.org/g", "--replace").exit_code == 0
    before = count(server.query_url, "https://example.org/g")
    real_body = push_module._body

    def interrupted(path, label, progress):
        chunks = real_body(path, label, progress)
        yield next(chunks)
        raise KeyboardInterrupt  # Ctrl-C while the body is on its way

    monkeypatch.setattr(push_module, "_CHUNK", 4096)
    monkeypatch.setattr(push_module, "_body", interrupted)
    result = push(server.store_url, built, "--graph", "https://example.org/g", "--replace")
    assert result.exit_code == 130
    assert result.stderr == "tradekg: interrupted\n"
    assert count(server.query_url, "https://example.org/g") == before > 0


# ---------------------------------------------------------------- usage


@pytest.mark.parametrize(("url", "expected"), [
    ("http://127.0.0.1:7878/store", "http://127.0.0.1:7878/query"),
    ("http://localhost:3030/trade/data", "http://localhost:3030/trade/sparql"),
    ("http://localhost:7200/repositories/trade/rdf-graphs/service", "http://localhost:7200/repositories/trade"),
    ("http://example.org/graphs", None),
])
def test_query_endpoint_is_guessed_for_known_servers(url: str, expected: str | None) -> None:
    from tradekg.graph.store.push import query_endpoint_for

    assert query_endpoint_for(url) == expected


@pytest.mark.parametrize(("args", "message"), [
    (["push", "http://127.0.0.1:9/graphs"], "cannot tell this server's query endpoint; give --query-url"),
    (["push", "http://127.0.0.1:9/store", "--graph", "not an iri"], "--graph 'not an iri': not an absolute IRI"),
    (["push", "ftp://example.org/store"], "not an http(s) URL"),
    (["push", "http://127.0.0.1:9/store", "--store", "http://127.0.0.1:9/query"], "push sends a local store"),
])
def test_usage_errors_exit_2(built: Path, args: list[str], message: str) -> None:
    if "--store" not in args:
        args = [*args, "--store", str(built / "store")]
    result = run(args)
    assert result.exit_code == 2
    assert message in result.stderr


def test_push_says_when_commands_would_not_see_the_graph(built: Path, oxigraph_factory) -> None:
    total = local_triples(built)
    plain = oxigraph_factory()  # default graph separate from the named graphs
    named = push(plain.store_url, built, "--replace")
    # `--store URL` names the graphs tradekg pushed (default-graph-uri): it sees them all, no note.
    assert named.exit_code == 0 and named.stderr == ""
    assert json.loads(named.stdout)["default_graph_triples"] == total
    union = oxigraph_factory("--union-default-graph")
    seen = push(union.store_url, built, "--replace")
    assert seen.exit_code == 0 and seen.stderr == ""
    assert json.loads(seen.stdout)["default_graph_triples"] == total
    mixed = push(union.store_url, built, "--graph", "https://example.org/copy", "--replace")
    assert mixed.exit_code == 0
    assert f"queries without GRAPH see {2 * total:,} triples" in mixed.stderr
