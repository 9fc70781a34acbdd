"""Issue 18, items 9, 13, 14, 15 and 18 (RELIABILITY.md, "Input files" and "every search and
parse is bounded in the length of its input")."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tradekg.cli.main import main

pytestmark = pytest.mark.timeout(120)


def cli(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


# ------------------------------------------------------------------ item 9: IRIs of any scheme as subjects

SCHEMES = """\
@prefix tk: <https://w3id.org/tradekg/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
<mailto:a@b> a tk:Country .
<javascript:alert(1)> a tk:Country ; rdfs:label "J"@en .
<owl:x> a tk:Country .
"""


def test_subjects_of_any_scheme_get_located_problems_not_a_traceback(tmp_path: Path) -> None:
    path = tmp_path / "schemes.ttl"
    path.write_text(SCHEMES, encoding="utf-8")
    expected = [
        f"{path}:4: <javascript:alert(1)> a country has one ISO 3166-1 alpha-2 code [tk:alpha2]",
        f"{path}:4: <javascript:alert(1)> a country has one ISO 3166-1 alpha-3 code [tk:alpha3]",
        f"{path}:3: <mailto:a@b> a country has one ISO 3166-1 alpha-2 code [tk:alpha2]",
        f"{path}:3: <mailto:a@b> a country has one ISO 3166-1 alpha-3 code [tk:alpha3]",
        f"{path}:3: <mailto:a@b> a party needs a label, one per language [rdfs:label]",
        f"{path}:5: <owl:x> a country has one ISO 3166-1 alpha-2 code [tk:alpha2]",
        f"{path}:5: <owl:x> a country has one ISO 3166-1 alpha-3 code [tk:alpha3]",
        f"{path}:5: <owl:x> a party needs a label, one per language [rdfs:label]",
    ]
    result = cli("validate", str(path))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [*expected, "8 problems found"]
    result = cli("build", "--sources", str(path), "--out", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [*expected, "8 problems found; nothing was written"]
    assert not (tmp_path / "out" / "store").exists()


def test_a_country_with_a_mailto_iri_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "mailto.ttl"
    path.write_text("@prefix tk: <https://w3id.org/tradekg/ontology#> .\n"
                    "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                    '<mailto:a@b> a tk:Country ; rdfs:label "Mailland"@en ; tk:alpha2 "QQ" ; tk:alpha3 "QQQ" .\n',
                    encoding="utf-8")
    result = cli("validate", str(path))
    assert (result.exit_code, result.stderr) == (0, ""), result.stderr


# ------------------------------------------------------------------ item 13: entities, any length of text


@pytest.mark.timeout(30)
def test_entity_search_pattern_is_bounded_whatever_the_text(seed_graph) -> None:
    from tradekg.graph.analysis.search import find_entities, may_contain

    short, huge = may_contain("a" * 1_000), may_contain("a" * 100_000)
    assert short is not None and huge is not None
    assert len(huge) == len(short) < 400  # the filter's cost no longer grows with the text
    assert find_entities(seed_graph, "a" * 20_000) == []  # took 76 s before; bounded by the guard
    assert [e.label for e in find_entities(seed_graph, "india", kind="party")] == ["India"]
    long_word = "x" * 50 + "india"
    assert may_contain(long_word) is not None and find_entities(seed_graph, long_word) == []


# ------------------------------------------------------------------ item 14: ingest's merge is linear


@pytest.mark.timeout(20)
def test_merging_many_quotes_of_one_claim_is_linear() -> None:
    from tradekg.graph.ingest.proposals.merge import merge
    from tradekg.graph.ingest.proposals.reading import Candidate, Quote

    n = 40_000  # the old scan of the quotes made this about 8e8 steps (minutes); now one pass
    fields = {"by": "India", "to": "United States", "demand_kind": "technology access"}
    candidates = [Candidate("demand", dict(fields), [Quote("India asks.", 12 * i, 12 * i + 11, i)], 0.5,
                            notes=[f"note {i}"] if i % 1000 == 0 else [])
                  for i in range(n)]
    merged = merge(candidates)
    assert len(merged) == 1
    assert [q.start for q in merged[0].quotes] == [12 * i for i in range(n)]
    assert merged[0].notes == [f"quote {i + 1}: note {i}" for i in range(0, n, 1000)]


# ------------------------------------------------------------------ item 15: what ingest writes, validate reads


def test_a_draft_too_large_for_validate_is_refused(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import tradekg.graph.ingest.draft as draft_module

    article = tmp_path / "a.txt"
    article.write_text("India asks the United States for technology access.\n" * 40, encoding="utf-8")
    monkeypatch.setattr(draft_module, "MAX_AUTHORING_BYTES", 2_000)  # a small limit, for a small article
    result = cli("ingest", str(article), "-o", str(tmp_path / "a.yaml"))
    assert result.exit_code == 1
    assert result.stderr.startswith("tradekg: a.txt: its draft would be ")
    assert result.stderr.endswith(" bytes, more than `tradekg validate` reads (2,000); split the article\n")
    assert not (tmp_path / "a.yaml").exists()


# ------------------------------------------------------------------ item 18: deep filters, the right column

DEEP_NOT = "SELECT * WHERE { ?s ?p ?o FILTER(" + "!" * 300 + "true) }"
LONG_SUM = "SELECT * WHERE {\n  ?s ?p ?o\n  FILTER(" + "1+" * 20_000 + "1) }"


def test_deep_filters_are_refused_at_the_right_place(seed_built: Path, tmp_path: Path) -> None:
    import pyoxigraph as ox

    from tradekg.graph.serve.endpoint import answer_query

    store = str(seed_built / "store")
    result = cli("query", "--sparql", DEEP_NOT, "--store", store)
    assert (result.exit_code, result.stderr) == (1, (
        "tradekg: SPARQL syntax error at line 1, column 35: one unary operator before an operand ('!!' here); "
        "write !(!x)\n"))
    result = cli("query", "--sparql", DEEP_NOT.replace("!" * 300, "!" * 3000), "--store", store)
    assert result.stderr.startswith("tradekg: SPARQL query too long at line 1, column 533: more than 500 operators")
    # 500 operators pass; the 501st is named: after `SELECT *`, the 500th `+` of line 3 (`  FILTER(1+1+`...)
    result = cli("query", "--sparql", LONG_SUM, "--store", store)
    assert (result.exit_code, result.stderr) == (1, (
        "tradekg: SPARQL query too long at line 3, column 1009: more than 500 operators "
        "(+ - * / ! && || comparisons, path operators); write a shorter query\n"))
    path = tmp_path / "deep.rq"
    path.write_text(DEEP_NOT, encoding="utf-8")
    result = cli("query", str(path), "--store", store)
    assert result.stderr == (f"tradekg: {path}:1:35: SPARQL syntax error: one unary operator before an operand "
                             "('!!' here); write !(!x)\n")
    answer = answer_query(ox.Store(), DEEP_NOT)
    assert answer.status == 400
    assert answer.body.decode().startswith("SPARQL syntax error at line 1, column 35: ")


def test_ordinary_operators_still_parse(seed_built: Path) -> None:
    query = ("SELECT ?n WHERE { VALUES ?n { 3 } FILTER(?n - -1 = 4 && 1+-1 = 0 && !(?n < 1) && ?n * 2 / 2 >= 3) }")
    result = cli("query", "--sparql", query, "--format", "csv", "--store", str(seed_built / "store"))
    assert (result.exit_code, result.stdout.splitlines()) == (0, ["n", "3"]), result.stderr


# ------------------------------------------------------------------ names of any length, everywhere a name goes


@pytest.mark.timeout(90)
def test_a_name_of_120000_characters_is_refused_in_bounded_time(seed_built: Path) -> None:
    store = str(seed_built / "store")
    name = "india " * 20_000
    for args in (["path", name, "India"], ["blockers", name], ["status", name],
                 ["query", "demands", "--param", f"by={name}"], ["view", "--focus", name]):
        result = cli(*args, "--store", store)
        assert result.exit_code == 2, (args[0], result.stderr[:200])
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
    found = cli("entities", name, "--store", store)
    assert (found.exit_code, found.stderr) == (0, "no entity matches\n")
