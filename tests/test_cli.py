"""The CLI as a user meets it: help with examples, summaries, formats, errors and exit codes."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import networkx as nx
import pytest
from click.testing import CliRunner
from rdflib import Graph

from tradekg.cli.main import COMMANDS, main


@pytest.fixture(scope="module")
def run(built: Path):
    """Invoke tradekg against the session's built store; returns the click Result."""
    runner = CliRunner()

    def invoke(*args: str, store: bool = True, input: str | None = None):
        argv = list(args) + (["--store", str(built / "store")] if store else [])
        return runner.invoke(main, argv, input=input, catch_exceptions=False)

    return invoke


def test_help_lists_every_command_and_each_has_an_example() -> None:
    runner = CliRunner()
    top = runner.invoke(main, ["--help"])
    assert top.exit_code == 0
    assert "Example" in top.output
    for name in COMMANDS:
        assert name in top.output
        sub = runner.invoke(main, [name, "--help"])
        assert sub.exit_code == 0, name
        assert "Example" in sub.output, f"{name} --help has no example"


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert result.output.startswith("tradekg ")


def test_build_prints_a_summary(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["build", "--out", str(tmp_path / "out")])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0].startswith("Built ") and " triples in " in lines[0]
    assert "demand          12" in result.stdout
    assert "total           104" in result.stdout
    assert "india-us-bta-tech-parity     22" in result.stdout
    assert "r15-interim-framework        12" in result.stdout
    assert "23 warnings, the commonest: the figure has no reporting party (10 of 23)" in result.stderr
    # The Source count agrees with the list of sources read: the rest are said to be cited or restated.
    source_row = next(line for line in lines if line.startswith("Source "))
    assert source_row.split() == ["Source", "57", "19", "read", "(listed", "below)", "+", "1", "cited", "by", "them",
                                  "+", "37", "reports", "they", "restate"]
    start = lines.index(next(line for line in lines if line.startswith("source read ")))
    listed = lines[start + 2:lines.index("", start) if "" in lines[start:] else None]
    assert len([line for line in listed if not line.startswith("(")]) == 19
    assert lines[-1] == ("(the other Sources: 1 cited by them, 37 reports they restate; "
                         "`tradekg query sources` lists them all)")
    assert lines[-2] == "(cut at 70 characters with '…': title; --format json or csv gives every cell whole)"
    summary = json.loads(CliRunner().invoke(main, ["build", "--out", str(tmp_path / "out"), "--format", "json"]).stdout)
    assert summary["claims"] == {"demand": 12, "concern": 9, "alternative": 2, "trade figure": 21, "event": 13,
                                 "status report": 11, "measure action": 15, "stance": 6, "commitment": 12,
                                 "assessment": 3}
    assert summary["entities"]["Party"] == 6
    assert summary["other_sources"] == {"cited": 1, "restated": 37, "other": 0}
    assert summary["entities"]["Source"] == len(summary["sources"]) + sum(summary["other_sources"].values())
    assert (tmp_path / "out" / "store").is_dir() and (tmp_path / "out" / "tradekg.ttl").is_file()


def test_validate_bundled_corpus_is_clean_but_warns_about_incomplete_figures() -> None:
    result = CliRunner().invoke(main, ["validate"])
    assert result.exit_code == 0
    assert result.stdout.strip() == "ok: no errors (23 warnings)"
    assert result.stderr.count("warning: ") == 23
    assert result.stderr.count("the figure has no reporting party") == 10
    assert result.stderr.count("the figure has no coverage") == 5
    assert result.stderr.count("has no period kind") == 4
    # The one unexplained conflict between sources (R17 dates the order a year early), at both places.
    assert result.stderr.count("date conflict with") == 1
    assert "r17-husch-blackwell.yaml:25)" in result.stderr
    strict = CliRunner().invoke(main, ["validate", "--strict"])
    assert strict.exit_code == 1


def test_reading_commands_build_the_default_store_when_missing(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("TRADEKG_STORE", raising=False)
    result = CliRunner().invoke(main, ["entities", "japan"])
    assert result.exit_code == 0
    assert "building it from the bundled corpus first" in result.stderr
    assert "Japan" in result.stdout
    assert (tmp_path / "output" / "store").exists()
    again = CliRunner().invoke(main, ["entities", "japan"])
    assert "building" not in again.stderr


def test_query_list_json_has_name_and_question(run) -> None:
    listed = json.loads(run("query", "--list", "--format", "json", store=False).stdout)
    names = [q["name"] for q in listed]
    assert "demands" in names and "provenance" in names
    assert all(q["question"].endswith("?") for q in listed)
    demands = next(q for q in listed if q["name"] == "demands")
    assert [p["name"] for p in demands["params"]] == ["by", "to", "asOf"]


def test_query_formats(run) -> None:
    table = run("query", "parity-benchmarks")
    assert table.exit_code == 0
    assert table.stdout.splitlines()[0].split() == ["by", "byLabel", "demand", "demandLabel", "benchmark",
                                                    "benchmarkLabel"]
    assert "party:JP" in table.stdout
    data = json.loads(run("query", "parity-benchmarks", "--format", "json").stdout)
    assert [b["benchmarkLabel"]["value"] for b in data["results"]["bindings"]] == [
        "Australia", "Japan", "United Kingdom"]
    rows = list(csv.reader(io.StringIO(run("query", "parity-benchmarks", "--format", "csv").stdout)))
    assert rows[0] == ["by", "demand", "benchmark", "benchmarkLabel"]
    assert rows[1][2] == "https://w3id.org/tradekg/id/party/AU"


def test_query_table_shows_labels_beside_ids_and_readable_amounts(run) -> None:
    lines = run("query", "trade-figures", "--param", "reporter=India").stdout.splitlines()
    assert lines[0].split() == ["figure", "figureLabel", "measure", "value", "unit", "period", "periodKind",
                                "coverage", "reporter", "reporterLabel", "partner", "partnerLabel", "direction"]
    rows = [[c for c in line.split("  ") if c.strip()] for line in lines[2:]]
    first = next(r for r in rows if r[0] == "claim:india-us-bta-tech-parity/india-us-bilateral-trade-2024-25")
    assert [c.strip() for c in first] == [
        "claim:india-us-bta-tech-parity/india-us-bilateral-trade-2024-25",
        "bilateral trade India–United States 2024-25: USD 131.84 billion", "bilateral trade", "USD 131.84 bn",
        "2024-25", "party:IN", "India", "party:US", "United States", "two-way"]
    assert "1000000000" not in "\n".join(lines)
    assert lines[-1] == "(cut at 70 characters with '…': figureLabel; --format json or csv gives every cell whole)"
    # A label the query gives itself is not repeated.
    parity = run("query", "parity-benchmarks").stdout.splitlines()
    assert parity[0].split() == ["by", "byLabel", "demand", "demandLabel", "benchmark", "benchmarkLabel"]
    assert not parity[-1].startswith("(cut")


def test_table_amounts_and_cut_columns() -> None:
    from tradekg.cli.common import amount, table

    assert amount("131.84", "1000000000", "USD") == "USD 131.84 bn"
    assert amount("2", "1000000", "EUR") == "EUR 2 mn"
    assert amount("17", "", "") == "17"
    assert amount("5", "250", None) == "5 × 250"
    text = table(["id", "note"], [("a:1", "x" * 12)], max_width=10, labels={"a:1": "One"}, cut_note=True)
    assert text.splitlines() == ["id   idLabel  note", "---  -------  ----------", "a:1  One      xxxxxxxxx…",
                                 "(cut at 10 characters with '…': note; --format json or csv gives every cell whole)"]


def test_query_param_by_label_id_or_iri(run) -> None:
    by_label = run("query", "concerns", "--param", "holder=United States", "--param", "about=india", "--format", "json")
    by_iri = run("query", "concerns", "--param", "holder=<https://w3id.org/tradekg/id/party/US>",
                 "--param", "about=IN", "--format", "json")
    assert by_label.exit_code == 0
    assert json.loads(by_label.stdout) == json.loads(by_iri.stdout)
    # The seed's five concerns, and four of them again in the PTI story it rewrites.
    assert len(json.loads(by_label.stdout)["results"]["bindings"]) == 9
    none = json.loads(run("query", "concerns", "--param", "holder=India", "--format", "json").stdout)
    assert none["results"]["bindings"] == []


def test_syntax_error_in_a_query_file_names_file_line_and_column(run, tmp_path: Path) -> None:
    rq = tmp_path / "broken.rq"
    rq.write_text("# a broken query\nSELECT ?s WHERE {\n  ?s ?p \n}\n", encoding="utf-8")
    result = run("query", str(rq))
    assert result.exit_code == 1
    assert result.stderr == f"tradekg: {rq}:3:3: SPARQL syntax error: Expected SelectQuery\n"


def test_query_from_file_and_stdin(run, tmp_path: Path) -> None:
    rq = tmp_path / "q.rq"
    rq.write_text("SELECT (COUNT(?d) AS ?n) WHERE { ?d a tk:Demand }\n", encoding="utf-8")
    assert run("query", str(rq)).stdout.split() == ["n", "--", "12"]
    piped = run("query", "-", "--format", "json", input="SELECT ?c WHERE { ?c a tk:Concern }")
    assert len(json.loads(piped.stdout)["results"]["bindings"]) == 9


@pytest.mark.parametrize(("args", "code", "message"), [
    (("query", "--sparql", "SELECT ?s WHERE {\n  ?s ?p \n}"), 1, "SPARQL syntax error at line 2, column 3"),
    (("query", "--sparql", "INSERT DATA { <urn:a> <urn:b> <urn:c> }"), 1, "updates are not allowed"),
    (("query", "--sparql", "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"), 1,
     "SERVICE is not allowed"),
    (("query", "--sparql", "SELECT * FROM <file:///etc/passwd> WHERE { ?s ?p ?o }"), 1,
     "FROM and FROM NAMED are not allowed"),
    (("query", "no-such-query"), 2, "no named query 'no-such-query'"),
    (("query", "demands", "--param", "by=Atlantis"), 2, "unknown entity 'Atlantis'"),
    (("query", "demands", "--param", "nope=India"), 2, "takes by, to, asOf"),
    (("query", "demands", "--param", "by"), 2, "expected NAME=VALUE"),
    (("entities", "--kind", "wizard"), 2, "unknown kind 'wizard'"),
    (("path", "India", "Atlantis"), 2, "unknown entity 'Atlantis'"),
    (("blockers", "Narnia"), 2, "unknown entity 'Narnia'"),
    (("tradeoffs", "India", "India"), 2, "two different parties"),
    (("path", "India", "Japan", "--k", "0"), 2, "k must be between"),
])
def test_errors_are_one_line_with_the_right_exit_code(run, args, code, message) -> None:
    result = run(*args)
    assert result.exit_code == code, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert message in lines[0]
    assert "Traceback" not in result.output


def test_entities_search_is_case_and_accent_insensitive(run) -> None:
    plain = json.loads(run("entities", "japan", "--format", "json").stdout)
    accented = json.loads(run("entities", "JAPÁN", "--format", "json").stdout)
    assert plain == accented
    assert plain[0] == {"iri": "https://w3id.org/tradekg/id/party/JP", "label": "Japan", "kind": "country", "id": "JP"}
    concerns = json.loads(run("entities", "--kind", "concern", "--format", "json").stdout)
    assert len(concerns) == 9
    parties = json.loads(run("entities", "--kind", "party", "--format", "json").stdout)
    assert sorted(e["id"] for e in parties) == ["AU", "GB", "IN", "JP", "RU", "US"]
    assert "no entity matches" in run("entities", "zzzzzz").stderr


def test_path_command_text_and_json(run) -> None:
    text = run("path", "India", "Japan", "--k", "1")
    assert text.exit_code == 0
    assert text.stdout.splitlines() == [
        "1 shortest path from India (country) to Japan (country):",
        "1. 2 hops",
        "   India —demands→ India seeks technology-access parity from the United States —parity with→ Japan",
    ]
    data = json.loads(run("path", "IN", "JP", "--format", "json").stdout)
    assert set(data) == {"source", "target", "paths", "truncated"}
    assert data["paths"][0]["edges"][0]["predicate"]["label"] == "demanded by"
    none = run("path", "Japan", "Australia", "--directed")
    assert none.stdout.strip() == "no path from Japan to Australia within 6 hops following relation directions"


def test_blockers_and_tradeoffs_commands(run) -> None:
    text = run("blockers", "india-technology-access-parity").stdout
    # Four concerns, the last closed with └─; under each, two alternatives, the second closed.
    assert (text.count("  ├─ conditions ← "), text.count("  └─ conditions ← ")) == (3, 1)
    assert (text.count("├─ addressed by: "), text.count("└─ addressed by: ")) == (4, 4)
    assert text.count("“The US may introduce alternatives") == 1  # printed once, numbered…
    assert "[6] “The US may introduce alternatives" in text
    assert text.count("· quote [6], above") == 11  # …and referred back to by the other eleven claims
    lines = text.splitlines()
    assert len(lines) == 48  # 88 with --quotes all, every mention printing its quote
    assert lines[-8:] == [
        "  └─ conditions ← United States concern over intellectual property standards (India)",
        "     held by United States · topic intellectual property standards",
        "     source: india-us-bta-tech-parity (2025-04-27) · quote [6], above",
        "     ├─ addressed by: project-specific licences instead of blanket exemptions (proposed by United States)",
        "     │  source: india-us-bta-tech-parity (2025-04-27) · quote [6], above",
        "     └─ addressed by: trusted partner programmes instead of blanket exemptions (proposed by United States)",
        "        source: india-us-bta-tech-parity (2025-04-27) · quote [6], above",
        ""]
    every = run("blockers", "india-technology-access-parity", "--quotes", "all").stdout
    assert every.count("“The US may introduce alternatives") == 12 and "above" not in every
    bare = run("blockers", "india-technology-access-parity", "--quotes", "none").stdout
    assert "“" not in bare and bare.count("source: ") == 13
    data = json.loads(run("blockers", "India", "--format", "json").stdout)
    assert [len(d["concerns"]) for d in data["demands"]] == [0, 4, 0, 0]
    trade = run("tradeoffs", "India", "United States").stdout
    assert "India asks of United States:" in trade and "United States asks of India:" in trade
    assert 'presented as "In return" (the source names no counterpart)' in trade
    assert "[same-category (agriculture and food, industrial goods)]" in trade
    assert "pairings (--limit" not in trade  # 32 pairings, under the default cap
    one = run("tradeoffs", "India", "United States", "--limit", "1").stdout
    assert "[same-category (agriculture and food, industrial goods)]" in one and "[same-negotiation]" not in one
    assert "  … the first 1 of 32 pairings (--limit N lists more, --limit 0 all)\n" in one
    cut = json.loads(run("tradeoffs", "India", "United States", "--limit", "1", "--format", "json").stdout)
    assert (len(cut["inferred"]), cut["inferred_total"], cut["inferred_truncated"]) == (1, 32, True)


def test_export_formats_round_trip(run, tmp_path: Path, graph) -> None:
    from tradekg.graph.analysis.projection import projection_graph
    from tradekg.graph.store.local import triple_count

    projected = projection_graph(graph)
    for fmt, reader in (("graphml", nx.read_graphml), ("gexf", nx.read_gexf)):
        out = tmp_path / f"g.{fmt}"
        result = run("export", "--format", fmt, "-o", str(out))
        assert result.exit_code == 0 and result.stdout.strip() == str(out)
        back = reader(out)
        assert back.number_of_nodes() == projected.number_of_nodes()
        assert back.number_of_edges() == projected.number_of_edges()
        assert back.nodes["https://w3id.org/tradekg/id/party/IN"]["label"] == "India"
    rows = list(csv.reader(io.StringIO(run("export", "--format", "csv").stdout)))
    assert rows[0][:4] == ["source", "source_label", "source_kind", "predicate"]
    assert len(rows) - 1 == projected.number_of_edges()
    for fmt, rdflib_format in (("ttl", "turtle"), ("nt", "nt"), ("jsonld", "json-ld")):
        out = tmp_path / f"g.{fmt}"
        assert run("export", "--format", fmt, "-o", str(out)).exit_code == 0
        assert len(Graph().parse(out, format=rdflib_format)) == triple_count(graph)
    assert not list(tmp_path.glob(".*tmp*"))
