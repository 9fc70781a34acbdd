"""Commands against a remote SPARQL endpoint (a real Oxigraph server) give the local answers;
remote failures are one-line exit-1 errors with the status and the server's words."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradekg.cli.main import main
from tradekg.graph.store.catalogue import list_queries

# Every command that reads the graph, as argument vectors without --store: each runs once
# against the local store and once against the remote endpoint, and must print the same.
# Adding a command (path, blockers, tradeoffs, view, export...) to this check is one line.
SAME_ANSWER_COMMANDS: list[list[str]] = [
    *(["query", q.name, "--format", "json"] for q in list_queries()),
    ["query", "demands", "--param", "by=India", "--format", "json"],
    # Time-aware queries with their days bound (nested EXISTS that read the outer row's day).
    ["query", "measures-in-force", "--param", "by=US", "--param", "on=India", "--param", "date=2025-09-01",
     "--param", "asOf=2025-08-30", "--format", "json"],
    ["query", "measures-in-force", "--param", "date=2026-02-10", "--format", "json"],
    ["query", "trade-figures", "--param", "reporter=US", "--param", "asOf=2025-06-01", "--format", "json"],
    ["query", "blockers", "--param", "demand=india-technology-access-parity", "--format", "json"],
    ["query", "blockers", "--param", "demand=india-technology-access-parity"],
    ["query", "--sparql", "CONSTRUCT WHERE { party:IN ?p ?o }", "--format", "json"],
    ["query", "--sparql", "ASK { party:IN a tk:Country }", "--format", "json"],
    ["entities", "india", "--format", "json"],
    ["entities", "--kind", "concern", "--format", "json"],
    ["entities", "semiconductors"],
    ["path", "India", "us-concern-cybersecurity", "--k", "4", "--format", "json"],
    ["path", "India", "Japan"],
    ["path", "us-concessions", "Russia", "--directed", "--format", "json"],
    ["blockers", "india-technology-access-parity", "--format", "json"],
    ["blockers", "India"],
    ["blockers", "critical technologies", "--format", "json"],
    ["tradeoffs", "India", "United States", "--format", "json"],
    ["tradeoffs", "US", "IN"],
    ["export", "--format", "csv"],
]
# Commands whose output is a file: the files written locally and remotely must be equal.
SAME_FILE_COMMANDS: list[list[str]] = [
    ["view", "--focus", "India", "--radius", "2"],
    ["view", "--path", "India", "us-concern-cybersecurity"],
    ["view", "--blockers", "india-technology-access-parity"],
    ["view", "--tradeoffs", "India", "United States"],
    ["view"],
    ["export", "--format", "gexf"],
]


def run(args: list[str], env: dict[str, str] | None = None):
    return CliRunner().invoke(main, args, env=env)


def _comparable(output: str) -> object:
    """JSON output with blank node labels (different in every store) made equal; text as is."""
    try:
        data = json.loads(output)
    except ValueError:
        return output
    text = json.dumps(data, sort_keys=True)
    for bnode in {b["value"] for b in _bnodes(data)}:
        text = text.replace(bnode, "_")
    return json.loads(text)


def _bnodes(data: object):
    if isinstance(data, dict):
        if data.get("type") == "bnode":
            yield data
        for value in data.values():
            yield from _bnodes(value)
    elif isinstance(data, list):
        for value in data:
            yield from _bnodes(value)


@pytest.fixture(scope="module", params=["oxigraph-server", "tradekg-serve"])
def any_remote(request: pytest.FixtureRequest) -> str:
    """A remote query endpoint holding the bundled corpus: a real Oxigraph server the corpus
    was pushed to, or tradekg's own endpoint (which checks the client sends nothing it refuses)."""
    if request.param == "oxigraph-server":
        return str(request.getfixturevalue("remote_store"))
    return str(request.getfixturevalue("tradekg_endpoint").sparql)


@pytest.mark.parametrize("args", SAME_ANSWER_COMMANDS, ids=lambda a: " ".join(a)[:60])
def test_remote_answers_equal_local(args: list[str], built: Path, any_remote: str) -> None:
    local = run([*args, "--store", str(built / "store")])
    remote = run([*args, "--store", any_remote])
    assert local.exit_code == 0, local.output
    assert remote.exit_code == 0, remote.output
    assert _comparable(remote.stdout) == _comparable(local.stdout)
    assert remote.stdout.strip()  # an empty answer on both sides would prove nothing


@pytest.mark.parametrize("args", SAME_FILE_COMMANDS, ids=lambda a: " ".join(a)[:60])
def test_remote_files_equal_local(args: list[str], built: Path, remote_store: str, tmp_path: Path) -> None:
    local = run([*args, "-o", str(tmp_path / "local.out"), "--store", str(built / "store")])
    remote = run([*args, "-o", str(tmp_path / "remote.out"), "--store", remote_store])
    assert local.exit_code == 0, local.output
    assert remote.exit_code == 0, remote.output
    written = (tmp_path / "local.out").read_bytes()
    assert len(written) > 1000
    assert (tmp_path / "remote.out").read_bytes() == written


def test_remote_blockers_exact(remote_store: str) -> None:
    result = run(["query", "blockers", "--param", "demand=india-technology-access-parity",
                  "--format", "json", "--store", remote_store])
    rows = json.loads(result.stdout)["results"]["bindings"]
    concerns = sorted(r["concern"]["value"].rsplit("/", 1)[1] for r in rows)
    assert concerns == ["us-concern-cybersecurity", "us-concern-defence-ties-russia",
                        "us-concern-export-controls", "us-concern-intellectual-property"]
    assert {r["relation"]["value"] for r in rows} == {"conditions"}


def test_remote_unknown_entity_exits_2(remote_store: str) -> None:
    result = run(["query", "demands", "--param", "by=Atlantis", "--store", remote_store])
    assert result.exit_code == 2
    assert "unknown entity 'Atlantis'" in result.stderr


@pytest.mark.parametrize(("value", "expected"), [
    ("\"United States concern over India's growing trade surplus\"", ["us-concern-trade-surplus"]),
    ('"x\\" } ; DROP ALL #"', []),
])
def test_remote_values_are_bound_not_spliced(remote_store: str, built: Path, value: str, expected: list[str]) -> None:
    # Values go in as bindings (a VALUES block written by rdflib's term escaping): a label
    # with a quote matches exactly, a SPARQL-looking one matches nothing; same as locally.
    text = "SELECT ?x ?label WHERE { ?x a tk:Concern ; rdfs:label ?label }"
    for store in (remote_store, str(built / "store")):
        result = run(["query", "--sparql", text, "--param", f"label={value}", "--format", "json", "--store", store])
        assert result.exit_code == 0, result.output
        rows = json.loads(result.stdout)["results"]["bindings"]
        assert [r["x"]["value"].rsplit("/", 1)[1] for r in rows] == expected


def test_remote_traffic_is_counted(remote_store: str) -> None:
    from tradekg.graph.analysis.entities import resolve_entity
    from tradekg.graph.store.local import open_graph
    from tradekg.graph.store.remote import remote_traffic

    graph = open_graph(remote_store)
    resolve_entity(graph, "India")
    traffic = remote_traffic(graph)
    assert traffic is not None and traffic.requests >= 1
    # Resolving one exact name fetches a few hundred bytes, not the 1,826-triple store.
    assert 0 < traffic.bytes_received < 5_000


@pytest.mark.parametrize("ask", [
    lambda g: __import__("tradekg.graph.analysis.paths", fromlist=["x"]).shortest_paths(g, "India", "Japan", k=1),
    lambda g: __import__("tradekg.graph.analysis.blockers", fromlist=["x"]).blockers_of(
        g, "india-technology-access-parity"),
], ids=["path", "blockers"])
def test_path_commands_fetch_part_of_the_graph_not_all_of_it(remote_store: str, ask) -> None:
    from tradekg.graph.store.local import open_graph
    from tradekg.graph.store.remote import remote_traffic

    whole = open_graph(remote_store)
    whole.query("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }")
    everything = remote_traffic(whole).bytes_received  # type: ignore[union-attr]
    graph = open_graph(remote_store)
    ask(graph)
    fetched = remote_traffic(graph).bytes_received  # type: ignore[union-attr]
    assert 0 < fetched < everything / 3, (fetched, everything)


# ---------------------------------------------------------------- failures


def test_server_down_exits_1_naming_the_url(closed_port: int) -> None:
    url = f"http://127.0.0.1:{closed_port}/query"
    result = run(["query", "demands", "--store", url])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"tradekg: {url}: cannot connect")
    assert "Traceback" not in result.output
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize(("status", "reason"), [(400, "Bad Request"), (401, "Unauthorized"), (403, "Forbidden"),
                                                (413, "Request Entity Too Large"), (500, "Internal Server Error")])
def test_http_error_exits_1_with_status_and_body(fake_server, status: int, reason: str) -> None:
    fake_server.reply = (status, "text/plain", b"the server's own explanation\nsecond line")
    result = run(["entities", "india", "--store", fake_server.url + "/sparql"])
    assert result.exit_code == 1
    assert result.stderr == (f"tradekg: {fake_server.url}/sparql: HTTP {status} {reason}: "
                             "the server's own explanation second line\n")


def test_password_in_url_is_sent_but_never_printed(fake_server) -> None:
    fake_server.reply = (401, "text/plain", b"bad credentials")
    url = fake_server.url.replace("http://", "http://analyst:s3cret@") + "/sparql"
    result = run(["query", "demands", "--store", url])
    assert result.exit_code == 1
    assert "s3cret" not in result.output
    assert "analyst@127.0.0.1" in result.stderr


def test_timeout_exits_1(fake_server) -> None:
    fake_server.stall = True
    result = run(["query", "demands", "--store", fake_server.url + "/sparql"], env={"TRADEKG_TIMEOUT": "0.5"})
    assert result.exit_code == 1
    assert result.stderr == f"tradekg: {fake_server.url}/sparql: no answer within 0.5 s\n"


def test_bad_timeout_setting_is_a_usage_error() -> None:
    result = run(["query", "demands", "--store", "http://127.0.0.1:9/q"], env={"TRADEKG_TIMEOUT": "soon"})
    assert result.exit_code == 2
    assert "TRADEKG_TIMEOUT='soon'" in result.stderr


@pytest.mark.parametrize(("ctype", "body", "said"), [
    ("text/html", b"<html><head><title>Login required</title></head><body>...</body></html>", "text/html"),
    ("application/sparql-results+json", b'{"head":{"vars":["x"]},"results":{"bindings":[The SPARQL operation has',
     "not a complete result"),
])
def test_error_inside_200_body_is_an_error(fake_server, ctype: str, body: bytes, said: str) -> None:
    fake_server.reply = (200, ctype, body)
    result = run(["query", "demands", "--store", fake_server.url + "/sparql"])
    assert result.exit_code == 1
    assert "HTTP 200 but the answer is" in result.stderr and said in result.stderr


def test_cancelled_query_inside_200_from_real_oxigraph(built: Path, oxigraph_factory) -> None:
    # Oxigraph with a time limit starts a 200 answer, then appends "The SPARQL operation has
    # been cancelled" to the body: that must be an error, not a short or empty result.
    server = oxigraph_factory("--timeout-s", "1")
    pushed = run(["push", server.store_url, "--graph", "default", "--store", str(built / "store")])
    assert pushed.exit_code == 0, pushed.output
    expensive = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }"
    result = run(["query", "--sparql", expensive, "--store", server.query_url])
    assert result.exit_code == 1
    assert "HTTP 200 but the answer is not a complete result" in result.stderr
    assert "The SPARQL operation has been cancelled" in result.stderr


def test_answer_size_is_capped(fake_server) -> None:
    from tradekg.graph.core.errors import RemoteError
    from tradekg.graph.store.remote import http_client, sparql_query

    fake_server.reply = (200, "application/sparql-results+json", b" " * 5000)
    with http_client(5) as client, pytest.raises(RemoteError, match="exceeds 1,000 bytes"):
        sparql_query(client, fake_server.url + "/sparql", "ASK {}", 5, max_bytes=1000)
