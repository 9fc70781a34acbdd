"""QC checks: every ``ontology/qc/*-violation.rq`` has a fixture that trips it, and none trips
on the bundled corpus.

A fixture (``tests/fixtures/qc/<check>.ttl``) is loaded, with the vocabulary, into an
Oxigraph store exactly as the build loads a corpus, and every QC check is run over it. Its
header lists every row expected (``# expect: focus IRI | message``); the fixture must trip
its own check with exactly those rows and no other check at all.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import URIRef

from tradekg.ontology import qc_dir

FIXTURES = Path(__file__).parent / "fixtures" / "qc"
CHECKS = sorted(entry.name[: -len("-violation.rq")] for entry in qc_dir().iterdir()
                if entry.name.endswith("-violation.rq"))


def _expected(path: Path) -> set[tuple[str, str]]:
    rows = set()
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if m := re.fullmatch(r"#\s*expect:\s*(\S+)\s*\|\s*(.+?)\s*", line):
            rows.add((m.group(1), m.group(2)))
    return rows


def _qc_rows(path: Path) -> set[tuple[str, str, str]]:
    """(check, focus, message) of every QC row over the vocabulary plus the fixture, as built."""
    import pyoxigraph as ox

    from tradekg.graph.build.corpus import Corpus
    from tradekg.graph.build.load import load_into
    from tradekg.graph.build.qc import qc_findings
    from tradekg.graph.sources.authoring.format import CompiledSource
    from tradekg.graph.sources.rdffiles import read_rdf
    from tradekg.graph.store.local import graph_over

    triples, _ = read_rdf(path)
    corpus = Corpus(sources=[CompiledSource(str(path), URIRef(path.as_uri()), triples, {}, [])])
    store = ox.Store()
    load_into(store, corpus)
    findings = qc_findings(graph_over(store))
    assert all(f.severity == "error" for f in findings)
    return {(f.check, f.focus, f.message) for f in findings}


def test_checks_are_discovered() -> None:
    assert len(CHECKS) == 9
    assert "dangling-reference" in CHECKS


def test_every_fixture_names_a_check() -> None:
    assert sorted(p.stem for p in FIXTURES.glob("*.ttl")) == CHECKS


@pytest.mark.parametrize("check", CHECKS)
def test_fixture_trips_its_check(check: str) -> None:
    path = FIXTURES / f"{check}.ttl"
    assert path.is_file(), f"QC check {check} has no fixture {path}"
    expected = _expected(path)
    assert expected, f"{path.name} lists no '# expect:' row"
    assert _qc_rows(path) == {(check, focus, message) for focus, message in expected}


@pytest.mark.parametrize("check", CHECKS)
def test_check_is_silent_on_the_bundled_corpus(check: str, graph) -> None:
    from tradekg.graph.build.qc import qc_checks
    from tradekg.graph.store.queries import run_query

    query = next(q for q in qc_checks() if q.name == check)
    assert [tuple(map(str, row)) for row in run_query(graph, query)] == []


def test_build_refuses_what_qc_finds(tmp_path: Path) -> None:
    """A QC row is an error of the build: located, listed, and nothing is published."""
    from tradekg.graph.build.pipeline import build
    from tradekg.graph.core.errors import ValidationFailed

    path = tmp_path / "two.ttl"
    path.write_text('<https://example.org/x> <http://www.w3.org/2000/01/rdf-schema#label> "A" .\n'
                    '<https://example.org/x> <http://www.w3.org/2000/01/rdf-schema#label> "B" .\n',
                    encoding="utf-8")
    with pytest.raises(ValidationFailed) as failed:
        build([path], out=tmp_path / "out")
    assert [str(p) for p in failed.value.problems] == [
        f'{path}:1: <https://example.org/x> has conflicting labels "A" and "B"']
    assert not (tmp_path / "out" / "store").exists()
    assert not (tmp_path / "out" / "tradekg.ttl").exists()
