"""User text reaches SPARQL only as bindings, and queries never reach outside the graph."""

from __future__ import annotations

import http.server
import json
import threading
from pathlib import Path
from typing import ClassVar

import pytest
from click.testing import CliRunner

from tradekg.cli.main import main
from tradekg.graph.build.pipeline import build

HOSTILE = Path(__file__).parent / "fixtures" / "hostile" / "hostile.yaml"


@pytest.fixture(scope="module")
def hostile_store(tmp_path_factory: pytest.TempPathFactory) -> str:
    out = tmp_path_factory.mktemp("hostile")
    build([HOSTILE], out)
    return str(out / "store")


@pytest.mark.parametrize("label", ['Evil "quoted" } ; DROP ALL', "Backslash \\u0022 stays six characters"])
def test_hostile_text_in_a_param_matches_exactly(hostile_store: str, label: str) -> None:
    query = "SELECT ?claim ?label WHERE { ?claim a tk:Concern ; rdfs:label ?label }"
    result = CliRunner().invoke(main, ["query", "--sparql", query, "--param", f'label="{label}"',
                                       "--format", "json", "--store", hostile_store])
    assert result.exit_code == 0, result.output
    bindings = json.loads(result.stdout)["results"]["bindings"]
    assert [b["label"]["value"] for b in bindings] == [label]
    # The store is intact: both claims are still there.
    everything = CliRunner().invoke(main, ["query", "--sparql", query, "--format", "json", "--store", hostile_store])
    assert len(json.loads(everything.stdout)["results"]["bindings"]) == 2


def test_hostile_text_as_an_entity_name_resolves_exactly(hostile_store: str) -> None:
    result = CliRunner().invoke(main, ["blockers", 'Evil "quoted" } ; DROP ALL', "--store", hostile_store])
    assert result.exit_code == 0
    assert result.stdout.strip() == 'no demand by or on Evil "quoted" } ; DROP ALL (concern)'


class _Canary(http.server.BaseHTTPRequestHandler):
    hits: ClassVar[list[str]] = []

    def do_GET(self) -> None:
        _Canary.hits.append(self.path)
        self.send_response(200)
        self.end_headers()

    do_POST = do_GET

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def canary():
    _Canary.hits = []
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Canary)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()


@pytest.mark.parametrize("template", [
    "SELECT * WHERE {{ SERVICE <{url}> {{ ?s ?p ?o }} }}",
    "SELECT * WHERE {{ ?a ?b ?c . OPTIONAL {{ SERVICE SILENT <{url}> {{ ?s ?p ?o }} }} }}",
    "SELECT * FROM <{url}> WHERE {{ ?s ?p ?o }}",
    "SELECT * FROM NAMED <{url}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}",
    "LOAD <{url}>",
    "CLEAR ALL",
])
def test_queries_reaching_outside_are_refused_before_evaluation(built: Path, canary: str, template: str) -> None:
    result = CliRunner().invoke(main, ["query", "--sparql", template.format(url=canary),
                                       "--store", str(built / "store")])
    assert result.exit_code == 1
    assert "not allowed" in result.stderr
    assert _Canary.hits == []
