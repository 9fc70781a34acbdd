"""`tradekg push` and `--store URL` against real stores set up as people run them: Oxigraph
server with and without a union default graph, OpenLink Virtuoso 7 (its authenticated
endpoints speak HTTP Digest), and a server that wants HTTP Basic. Every command that reads
the graph must print what it prints over the local store.

Virtuoso (Debian's ``virtuoso-opensource``; ``.ci/setup`` installs it) is started here on
127.0.0.1 with a config of its own in a temporary folder, and stopped afterwards.
"""

from __future__ import annotations

import base64
import contextlib
import http.server
import importlib.util
import json
import re
import shutil
import socket
import subprocess
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from tradekg.cli.main import main

_spec = importlib.util.spec_from_file_location("_same_answers", Path(__file__).with_name("test_remote_store.py"))
assert _spec is not None and _spec.loader is not None
_same_answers = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(_same_answers)
SAME_ANSWER_COMMANDS: list[list[str]] = _same_answers.SAME_ANSWER_COMMANDS  # one list for every store
comparable = _same_answers._comparable

DEMANDS = ["query", "demands", "--param", "by=India", "--format", "json"]


def run(args: list[str]):
    return CliRunner().invoke(main, args)


@pytest.fixture(scope="module")
def local_answers(built: Path) -> dict[str, object]:
    answers = {}
    for args in SAME_ANSWER_COMMANDS:
        result = run([*args, "--store", str(built / "store")])
        assert result.exit_code == 0, result.output
        assert result.stdout.strip()
        answers[" ".join(args)] = comparable(result.stdout)
    return answers


def differences(store_url: str, local_answers: dict[str, object]) -> list[str]:
    """The commands whose answer through ``--store store_url`` is not the local one."""
    different = []
    for args in SAME_ANSWER_COMMANDS:
        result = run([*args, "--store", store_url])
        if result.exit_code != 0 or comparable(result.stdout) != local_answers[" ".join(args)]:
            different.append(f"{' '.join(args)}: exit {result.exit_code} {result.output[:200]}")
    return different


def pushed_graphs(output: str) -> dict[str, tuple[int, int]]:
    """graph -> (sent, on server), from push's JSON report."""
    return {g["graph"]: (g["sent"], g["on_server"]) for g in json.loads(output)["graphs"]}


# ---------------------------------------------------------------- Oxigraph, both ways


@pytest.mark.parametrize("options", [(), ("--union-default-graph",)], ids=["separate-default", "union-default"])
def test_oxigraph_answers_like_local_with_or_without_union_default_graph(
        built: Path, oxigraph_factory, local_answers: dict, options: tuple[str, ...]) -> None:
    from tradekg.graph.store.remote import RemoteStore

    server = oxigraph_factory(*options)
    pushed = run(["push", server.store_url, "--replace", "--format", "json", "--store", str(built / "store")])
    assert pushed.exit_code == 0, pushed.output
    assert pushed.stderr == ""  # no "queries without GRAPH see …" note: --store URL sees every triple
    report = json.loads(pushed.stdout)
    assert report["default_graph_triples"] == report["triples"]
    # The graphs a RemoteStore names are exactly the graphs push wrote.
    store = RemoteStore(server.query_url)
    try:
        assert store.graphs == sorted(pushed_graphs(pushed.stdout))
    finally:
        store.close()
    assert differences(server.query_url, local_answers) == []


def test_without_tradekg_graphs_the_server_default_graph_is_read(built: Path, oxigraph_factory) -> None:
    from tradekg.graph.store.remote import RemoteStore

    server = oxigraph_factory()
    pushed = run(["push", server.store_url, "--graph", "default", "--replace", "--store", str(built / "store")])
    assert pushed.exit_code == 0, pushed.output
    store = RemoteStore(server.query_url)
    try:
        assert store.graphs is None
    finally:
        store.close()
    local, remote = run([*DEMANDS, "--store", str(built / "store")]), run([*DEMANDS, "--store", server.query_url])
    assert remote.exit_code == 0 and comparable(remote.stdout) == comparable(local.stdout)


# ---------------------------------------------------------------- HTTP Basic


@contextlib.contextmanager
def basic_auth_proxy(target: str, user: str, password: str) -> Iterator[tuple[str, list[str | None]]]:
    """A loopback proxy to ``target`` that answers 401 (Basic challenge) unless the request
    carries ``user:password`` as Basic auth; yields its URL and the Authorization headers it got."""
    expected = "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()
    seen: list[str | None] = []

    class Handler(http.server.BaseHTTPRequestHandler):
        def _handle(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            seen.append(self.headers.get("Authorization"))
            if self.headers.get("Authorization") != expected:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="tradekg test"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            headers = {k: v for k, v in self.headers.items() if k.lower() in ("content-type", "accept")}
            answer = httpx.request(self.command, target + self.path, content=body, headers=headers, timeout=30)
            self.send_response(answer.status_code)
            self.send_header("Content-Type", answer.headers.get("content-type", "text/plain"))
            self.send_header("Content-Length", str(len(answer.content)))
            self.end_headers()
            self.wfile.write(answer.content)

        do_GET = do_POST = do_PUT = do_HEAD = _handle

        def log_message(self, *args: object) -> None:
            pass

    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    try:
        yield f"127.0.0.1:{server.server_address[1]}", seen
    finally:
        server.shutdown()
        server.server_close()


def test_basic_auth_push_and_store(built: Path, oxigraph_factory) -> None:
    server = oxigraph_factory()
    with basic_auth_proxy(server.base, "editor", "s3cret") as (where, seen):
        pushed = run(["push", f"http://editor:s3cret@{where}/store", "--replace", "--format", "json",
                      "--store", str(built / "store")])
        assert pushed.exit_code == 0, pushed.output
        assert "s3cret" not in pushed.output
        assert all(sent == on_server for sent, on_server in pushed_graphs(pushed.stdout).values())
        assert seen and all(header is not None and header.startswith("Basic ") for header in seen)  # sent at once
        local = run([*DEMANDS, "--store", str(built / "store")])
        remote = run([*DEMANDS, "--store", f"http://editor:s3cret@{where}/query"])
        assert remote.exit_code == 0, remote.output
        assert comparable(remote.stdout) == comparable(local.stdout)
        refused = run([*DEMANDS, "--store", f"http://editor:wrong@{where}/query"])
        assert refused.exit_code == 1
        assert refused.stderr == f"tradekg: http://editor@{where}/query: HTTP 401 Unauthorized\n"


# ---------------------------------------------------------------- Virtuoso

VIRTUOSO_INI = """[Database]
DatabaseFile = {dir}/virtuoso.db
ErrorLogFile = {dir}/virtuoso.log
LockFile = {dir}/virtuoso.lck
TransactionFile = {dir}/virtuoso.trx
xa_persistent_file = {dir}/virtuoso.pxa
TempStorage = TempDatabase
[TempDatabase]
DatabaseFile = {dir}/virtuoso-temp.db
TransactionFile = {dir}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
DirsAllowed = {dir}
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = {dir}/www
ServerThreads = 4
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def virtuoso(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A Virtuoso 7 server on 127.0.0.1, fresh database (user dba, password dba): its base URL."""
    exe = shutil.which("virtuoso-t")
    if exe is None:
        pytest.fail("virtuoso-t is missing: .ci/setup installs Debian's virtuoso-opensource")
    folder = tmp_path_factory.mktemp("virtuoso")
    (folder / "www").mkdir()
    for _attempt in range(3):  # a free port can be taken between choosing and binding it
        http_port = _free_port()
        ini = folder / "virtuoso.ini"
        ini.write_text(VIRTUOSO_INI.format(dir=folder, sql_port=_free_port(), http_port=http_port), encoding="utf-8")
        proc = subprocess.Popen([exe, "-f", "-c", str(ini)], cwd=folder,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        base = f"http://127.0.0.1:{http_port}"
        deadline = time.monotonic() + 90  # a new database takes about 10 s to create
        while time.monotonic() < deadline and proc.poll() is None:
            with contextlib.suppress(httpx.HTTPError):
                if httpx.get(base + "/sparql", params={"query": "ASK {}"}, timeout=2).status_code == 200:
                    break
            time.sleep(0.25)
        else:
            proc.kill()
            proc.wait()
            continue
        break
    else:
        log = folder / "virtuoso.log"
        pytest.fail("Virtuoso did not start: " + (log.read_text(errors="replace")[-2000:] if log.exists() else ""))
    try:
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


@pytest.fixture(scope="module")
def virtuoso_pushed(virtuoso: str, built: Path) -> str:
    """push's JSON report, the corpus sent to Virtuoso's authenticated Graph Store (HTTP Digest)."""
    target = virtuoso.replace("http://", "http://dba:dba@") + "/sparql-graph-crud-auth"
    result = run(["push", target, "--replace", "--format", "json", "--store", str(built / "store")])
    assert result.exit_code == 0, result.output
    return str(result.stdout)


def test_virtuoso_push_with_digest_and_guessed_query_url(virtuoso: str, virtuoso_pushed: str, built: Path) -> None:
    import pyoxigraph as ox

    report = json.loads(virtuoso_pushed)
    where = virtuoso.replace("http://", "http://dba@")
    assert (report["endpoint"], report["query_endpoint"]) == (where + "/sparql-graph-crud-auth", where + "/sparql-auth")
    graphs = pushed_graphs(virtuoso_pushed)
    assert len(graphs) > 2 and all(sent == on_server for sent, on_server in graphs.values())
    assert report["triples"] == len(ox.Store.read_only(str((built / "store").resolve())))
    # Virtuoso's default graph is the union of every graph, its own system graphs included;
    # --store URL reads only the graphs tradekg pushed.
    assert report["default_graph_triples"] == report["triples"]


XSD_DURATION = "http://www.w3.org/2001/XMLSchema#duration"
_DURATION = re.compile(r"^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$")


def _seconds(value: str) -> float:
    """An xsd:duration of days and time as seconds; ValueError for years or months (no fixed length)."""
    if not value.startswith("P"):
        return float(value)  # Virtuoso's form
    match = _DURATION.match(value)
    if match is None:
        raise ValueError(f"{value}: not a duration of days and time")
    days, hours, minutes, seconds = (float(g or 0) for g in match.groups())
    return ((days * 24 + hours) * 60 + minutes) * 60 + seconds


def virtuoso_comparable(answer: object) -> object:
    """A JSON answer with Virtuoso 7's two known deviations taken out: it stores an xsd:duration
    as its number of seconds ("P4D" comes back as "345600.0"), and ORDER BY puts long strings
    in the order they were stored rather than by value. So: durations as seconds, rows as a set.
    A graph (JSON-LD) lists its nodes and values in the order the server sent the triples,
    which no server promises: lists are compared as sets."""
    if isinstance(answer, list):
        return sorted(json.dumps(virtuoso_comparable(item), sort_keys=True) for item in answer)
    if isinstance(answer, dict) and "results" not in answer:
        return {key: virtuoso_comparable(value) for key, value in answer.items()}
    if not isinstance(answer, dict):
        return answer
    rows = []
    for binding in answer["results"]["bindings"]:
        row = {}
        for name, term in binding.items():
            if term.get("datatype") == XSD_DURATION:
                term = {**term, "value": _seconds(term["value"])}
            row[name] = term
        rows.append(json.dumps(row, sort_keys=True))
    return {"head": answer["head"], "rows": sorted(rows)}


# Where Virtuoso's answers differ from the local store's, and why (see virtuoso_comparable).
VIRTUOSO_DEVIATIONS = {"query events --format json": "durations as seconds",
                       "query hedged-claims --format json": "ORDER BY on long labels",
                       "query --sparql CONSTRUCT WHERE { party:IN ?p ?o } --format json": "triple order"}


def test_virtuoso_answers_like_local(virtuoso: str, virtuoso_pushed: str, local_answers: dict) -> None:
    deviating = {}
    for args in SAME_ANSWER_COMMANDS:
        key = " ".join(args)
        result = run([*args, "--store", virtuoso + "/sparql"])
        assert result.exit_code == 0, (key, result.output)
        answer = comparable(result.stdout)
        if answer != local_answers[key]:
            assert virtuoso_comparable(answer) == virtuoso_comparable(local_answers[key]), key
            deviating[key] = VIRTUOSO_DEVIATIONS.get(key, "unexplained")
    # Every other command prints exactly what it prints locally.
    assert set(deviating) <= set(VIRTUOSO_DEVIATIONS), deviating


def test_virtuoso_authenticated_query_endpoint(virtuoso: str, virtuoso_pushed: str, built: Path) -> None:
    local = run([*DEMANDS, "--store", str(built / "store")])
    remote = run([*DEMANDS, "--store", virtuoso.replace("http://", "http://dba:dba@") + "/sparql-auth"])
    assert remote.exit_code == 0, remote.output
    assert comparable(remote.stdout) == comparable(local.stdout)
    refused = run([*DEMANDS, "--store", virtuoso.replace("http://", "http://dba:wrong@") + "/sparql-auth"])
    assert refused.exit_code == 1
    where = virtuoso.replace("http://", "http://dba@")
    assert refused.stderr == f"tradekg: {where}/sparql-auth: HTTP 401 Unauthorized\n"


def test_virtuoso_refuses_a_wrong_password_on_push(virtuoso: str, built: Path) -> None:
    target = virtuoso.replace("http://", "http://dba:wrong@") + "/sparql-graph-crud-auth"
    result = run(["push", target, "--replace", "--store", str(built / "store")])
    assert result.exit_code == 1
    assert result.stderr == (f"tradekg: {virtuoso.replace('http://', 'http://dba@')}/sparql-graph-crud-auth: "
                             "HTTP 401 Unauthorized\n")


@pytest.mark.parametrize(("url", "expected"), [
    ("http://dba:pw@localhost:8890/sparql-graph-crud-auth", "http://dba:pw@localhost:8890/sparql-auth"),
    ("http://localhost:8890/sparql-graph-crud", "http://localhost:8890/sparql"),
])
def test_virtuoso_query_urls_are_guessed(url: str, expected: str) -> None:
    from tradekg.graph.store.push import query_endpoint_for

    assert query_endpoint_for(url) == expected
