"""`tradekg timeline`, `diff`, `measures`, `status` and `--as-of` on the other commands: what a
person reads, what a script parses, and the one-line errors."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tradekg.cli.main import main


@pytest.fixture
def run(built: Path, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")

    def invoke(*args: str):
        return CliRunner().invoke(main, [*args, "--store", str(built / "store")])
    return invoke


def test_measures_table(run) -> None:
    result = run("measures", "US", "India", "--on", "2025-09-01")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Trade measures on 2025-09-01"
    assert lines[1].split()[:5] == ["measure", "state", "rate", "since", "act"]
    assert [line.split("  ")[0] for line in lines[3:6]] == [
        'US "penalty" on India announced with the 25% tariff',
        "US additional duty on Indian goods over India's purchases o…",
        "US reciprocal tariff on Indian goods"]
    assert "in force      25%   2025-08-27" in lines[4] and "in force      25%   2025-08-07" in lines[5]
    assert lines[6] == "total: 50% = 25% + 25%, as the source states (50%)"


def test_measures_as_of_says_what_it_left_out(run) -> None:
    result = run("measures", "US", "India", "--on", "2025-05-01", "--as-of", "2025-05-01")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[0] == "Trade measures on 2025-05-01, as reported by 2025-05-01"
    assert result.stdout.splitlines()[3].startswith("US reciprocal tariff on Indian goods  paused ")
    assert result.stderr == "note: 14 acts on measures reported after 2025-05-01 (or with no report date) left out\n"
    data = json.loads(run("measures", "US", "India", "--on", "2025-05-01", "--as-of", "2025-05-01",
                          "--format", "json").stdout)
    assert [(m["state"], m["rate"]) for m in data["measures"]] == [("paused", None)]


def test_status_table_and_json(run) -> None:
    result = run("status", "india-us-bta-tech-parity/us-concessions", "--on", "2026-02-10")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "United States seeks concessions from India on 2026-02-10: conceded in part"
    rows = {line.split("  ")[0]: line for line in lines[3:10]}
    assert "conceded by inference  inferred (covers-all-narrower)" in rows["automobiles"]
    assert "protected" in rows["dairy products"] and "not stated" in rows["apples"]
    assert lines[-1] == ("rule covers-all-narrower: a commitment that covers all of a sector concedes every "
                         "narrower sector")
    data = json.loads(run("status", "india-technology-access-parity", "--format", "json").stdout)
    assert data["status"] == "open" and [h["step"] for h in data["history"]] == ["made", "answered", "reiterated"]


def test_timeline_table_as_of_and_json(run) -> None:
    result = run("timeline", "US reciprocal tariff on Indian goods", "--as-of", "2025-08-01")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Timeline of US reciprocal tariff on Indian goods as reported by 2025-08-01: 5 dated claims"
    assert [line.split()[0] for line in lines[3:8]] == [
        "2025-04", "2025-04-09", "2025-07-04", "2025-07-30", "2025-07-30/2025-08-01"]
    assert "sources, as reported:" in lines
    data = json.loads(run("timeline", "US reciprocal tariff on Indian goods", "--format", "json").stdout)
    assert set(data) == {"entity", "from", "to", "as_of", "entries", "undated", "sources", "documents", "notes"}
    assert data["entity"]["kind"] == "measure" and len(data["entries"]) == 11
    first = data["entries"][0]
    assert (first["date"], first["own_date"], first["reported"]) == ("2025-04", True, "2025-07-30/2025-08-01")


def test_diff_between_days_and_between_sources(run) -> None:
    result = run("diff", "2025-05-01", "2025-09-01")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert out.startswith("From 2025-05-01 to 2025-09-01\n")
    assert "positions opened (new): 3" in out and "demands changed: 0" in out and "measures: 2" in out
    assert "came into force  paused 26%    in force 25%" in out
    sources = run("diff", "--sources", "india-us-bta-tech-parity", "r08-pti-tech-parity")
    assert sources.exit_code == 0, sources.output
    assert "onSector: A only " in sources.stdout and "B only plastics" in sources.stdout
    assert "only B: 0 claim(s)" in sources.stdout


def test_as_of_on_the_other_commands(run) -> None:
    # On 26 April 2025 only the USTR fact sheet's aims (21 April) and the earlier farm ask were known.
    demands = json.loads(run("query", "demands", "--as-of", "2025-04-26", "--format", "json").stdout)
    assert sorted({b["demand"]["value"].split("/claim/")[1] for b in demands["results"]["bindings"]}) == [
        "r02-goyal-washington/us-agriculture-market-access", "r06-ustr-fact-sheet/us-aim-additional-commitments",
        "r06-ustr-fact-sheet/us-aim-lower-non-tariff-barriers", "r06-ustr-fact-sheet/us-aim-lower-tariffs",
        "r06-ustr-fact-sheet/us-aim-market-access"]
    assert run("blockers", "India", "--as-of", "2025-04-26").stdout == "no demand by or on India (country)\n"
    found = json.loads(run("entities", "parity", "--as-of", "2025-04-26", "--format", "json").stdout)
    assert [e["id"] for e in found] == ["india-us-bta-tech-parity/ref-1", "technology-access"]
    later = run("path", "India", "India may seek technology-access parity with key US allies", "--as-of", "2025-04-26")
    assert later.exit_code == 2
    assert later.stderr == ("tradekg: 'India may seek technology-access parity with key US allies' was not reported "
                            "by 2025-04-26: it has no place in the graph as of then\n")


@pytest.mark.parametrize(("args", "message"), [
    (("measures", "US", "India", "--on", "2025-13-01"), "tradekg: --on '2025-13-01' is not a day as YYYY-MM-DD"),
    (("timeline", "India", "--as-of", "yesterday"), "tradekg: --as-of 'yesterday' is not a day as YYYY-MM-DD"),
    (("status", "India"), "tradekg: 'India' is a country, not a demand"),
    (("diff", "2025-01-01"), "tradekg: give two days (YYYY-MM-DD), or --sources A B"),
    (("diff", "2025-09-01", "2025-01-01"), "tradekg: the second day (2025-01-01) comes before the first (2025-09-01)"),
    (("diff", "2025-01-01", "2025-02-01", "--sources", "a", "b"), "tradekg: give two days, or --sources A B, not both"),
    (("diff", "--sources", "India", "r08-pti-tech-parity"), "tradekg: 'India' is a country, not a source"),
    (("query", "provenance", "--as-of", "2025-04-26"),
     "tradekg: --as-of: query provenance has no time; the named queries that take it: agreement-status, "
     "alternatives, claims-by-source, commitments, concerns, demand-status, demands, events, hedged-claims, "
     "measures-in-force, stances, trade-figures"),
])
def test_time_errors_are_one_line_and_exit_2(run, args, message) -> None:
    result = run(*args)
    assert result.exit_code == 2, result.output
    assert result.stderr == message + "\n"
