"""Issue 18, item 12 (RELIABILITY.md, "Control characters ... shown escaped on a terminal"):
labels and titles carrying OSC sequences, BEL, NUL or a C1 CSI are kept exactly in the data,
in JSON and CSV, and shown escaped in tables, summaries and messages."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tradekg.cli.main import main

pytestmark = pytest.mark.timeout(120)

# YAML double-quoted escapes: \e ESC, \a BEL, \0 NUL, \x9b the C1 CSI
HOSTILE = """\
format: tradekg/1
source:
  id: hostile
  title: "Title \\e]0;pwned\\a end"
  published: 2025-04-20
agreements:
  - id: ag
    label: "Pact \\e]52;c;ZXZpbA==\\a\\0\\x9b2J done"
    parties: [India, NO]
claims:
  - id: d1
    kind: demand
    by: India
    to: NO
    demand_kind: technology access
    quote: "India asks Norway for technology access."
    agreement: ag
"""
LABEL = "Pact \x1b]52;c;ZXZpbA==\x07\x00\x9b2J done"
SHOWN = "Pact \\x1b]52;c;ZXZpbA==\\x07\\x00\\x9b2J done"
RAW = ("\x1b", "\x07", "\x00", "\x9b")


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def assert_no_raw_controls(text: str) -> None:
    assert not any(c in text for c in RAW), repr(text)


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Result]:
    folder = tmp_path_factory.mktemp("hostile")
    (folder / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    result = cli("build", "--sources", str(folder / "hostile.yaml"), "--out", str(folder / "out"))
    assert result.exit_code == 0, result.stderr
    return folder / "out" / "store", result


def test_build_summary_shows_controls_escaped(hostile: tuple[Path, Result]) -> None:
    _, result = hostile
    assert "Title \\x1b]0;pwned\\x07 end" in result.stdout
    assert_no_raw_controls(result.stdout + result.stderr)


def test_entities_and_query_tables_show_controls_escaped(hostile: tuple[Path, Result]) -> None:
    store, _ = hostile
    result = cli("entities", "Pact", "--store", str(store))
    assert result.exit_code == 0, result.stderr
    assert SHOWN in result.stdout
    assert_no_raw_controls(result.stdout)
    ask = "SELECT ?label WHERE { ?a a tk:Agreement ; rdfs:label ?label }"
    table = cli("query", "--sparql", ask, "--store", str(store))
    assert table.exit_code == 0, table.stderr
    assert table.stdout.splitlines()[2] == SHOWN
    assert_no_raw_controls(table.stdout)


def test_json_and_csv_keep_the_data_exact(hostile: tuple[Path, Result]) -> None:
    store, _ = hostile
    ask = "SELECT ?label WHERE { ?a a tk:Agreement ; rdfs:label ?label }"
    as_json = cli("query", "--sparql", ask, "--format", "json", "--store", str(store))
    assert json.loads(as_json.stdout)["results"]["bindings"][0]["label"]["value"] == LABEL
    as_csv = cli("query", "--sparql", ask, "--format", "csv", "--store", str(store))
    assert list(csv.reader(io.StringIO(as_csv.stdout, newline=""))) == [["label"], [LABEL]]
    entities = cli("entities", "Pact", "--format", "json", "--store", str(store))
    assert [e["label"] for e in json.loads(entities.stdout)] == [LABEL]


def test_messages_show_controls_escaped(hostile: tuple[Path, Result]) -> None:
    store, _ = hostile
    result = cli("path", "Nowhere\x1b]0;pwned\x07", "India", "--store", str(store))
    assert result.exit_code == 2
    assert "Nowhere\\x1b]0;pwned\\x07" in result.stderr
    assert_no_raw_controls(result.stderr)
