"""The build's shortcut past pySHACL (``surely_conforms``) errs one way only.

The build skips pySHACL for a source that :func:`surely_conforms` clears, so it must never
clear a source in which pySHACL finds anything (error or warning). Checked on every shape
fixture, on the bundled sources, and on mutants of the bundled sources made clean (the seed
article is undated, which pySHACL warns about; the base here gives each source a date):
each triple removed in turn, each literal retyped, emptied, given a language or turned into
an IRI, each IRI object turned into a literal or an untyped IRI.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from rdflib import RDF, Literal, URIRef
from rdflib.namespace import XSD

from tradekg.graph.build.corpus import compile_corpus
from tradekg.graph.build.precheck import surely_conforms
from tradekg.graph.build.shacl import shacl_findings, types_in
from tradekg.graph.core.namespaces import ID, PARTY, TK
from tradekg.graph.sources.rdffiles import read_rdf

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"


TK_SOURCE = URIRef("https://w3id.org/tradekg/ontology#Source")


def _answered(triples: list[tuple]) -> list[tuple]:
    """``triples`` with what the bundled sources' warnings ask for added: a report date for every
    source, and the reporter, partner, direction and period of every trade figure."""
    subjects = {(s, o) for s, p, o in triples if p == RDF.type}
    given = {(s, p) for s, p, _ in triples}
    day = Literal("2025-04-20", datatype=XSD.date)
    extra = [(s, TK.reportedLatest, day) for s, o in subjects if o == TK_SOURCE and (s, TK.reportedLatest) not in given]
    for s, o in subjects:
        if o == TK.TradeFigure:
            for p, v in ((TK.reportingParty, PARTY.IN), (TK.partnerParty, PARTY.US),
                         (TK.direction, URIRef(ID + "direction/two-way")), (TK.period, Literal("2024"))):
                if (s, p) not in given:
                    extra.append((s, p, v))
    return triples + extra


@pytest.fixture(scope="module")
def bundled():
    """The bundled sources' triples, each warning of theirs answered, and the corpus's types."""
    corpus = compile_corpus()
    assert not corpus.errors
    types = types_in(*(s.triples for s in corpus.sources))
    return [_answered(list(source.triples)) for source in corpus.sources], types


def test_bundled_sources_with_warnings_go_to_pyshacl() -> None:
    corpus = compile_corpus()
    types = types_in(*(s.triples for s in corpus.sources))
    warned = clean = 0
    for source in corpus.sources:
        severities = {f.severity for f in shacl_findings(source.triples, types)}
        assert severities <= {"warning"}
        if severities:
            warned += 1
            assert not surely_conforms(source.triples, types)
        else:
            clean += 1
    # R2's and R6's figures lack a reporter (a reference and the terms of reference have no
    # date either, but no claim comes from them: nothing is undated for it)
    assert warned == 2 and clean == len(corpus.sources) - 2


def _mutants(triples: list[tuple]) -> Iterator[tuple[str, list[tuple]]]:
    """One mutant per (subject's types, predicate, kind of change): mutants alike in those
    exercise the same shapes the same way, and each cleared one costs a pySHACL run."""
    types = types_in(triples)
    seen: set[tuple] = set()

    def once(s, p, change: str) -> bool:
        key = (types.get(s, frozenset()), p, change)
        if key in seen:
            return False
        seen.add(key)
        return True

    for i, (s, p, o) in enumerate(triples):
        rest = triples[:i] + triples[i + 1:]
        if once(s, p, "remove"):
            yield f"without {s} {p} {o}", rest
        if isinstance(o, Literal):
            for n, changed in enumerate((Literal("not a value", datatype=o.datatype or XSD.string),
                                         Literal(str(o), datatype=XSD.integer), Literal(""),
                                         Literal(str(o), lang="fr"), URIRef("https://example.org/x"))):
                if once(s, p, f"literal-{n}"):
                    yield f"{s} {p} {o!r} -> {changed!r}", [*rest, (s, p, changed)]
        elif isinstance(o, URIRef) and p != RDF.type:
            if once(s, p, "to-literal"):
                yield f"{s} {p} {o} -> literal", [*rest, (s, p, Literal(str(o)))]
            if once(s, p, "untyped-iri"):
                yield f"{s} {p} {o} -> an untyped IRI", [*rest, (s, p, URIRef("https://example.org/untyped"))]


def test_bundled_sources_are_cleared_without_pyshacl(bundled) -> None:
    """The shortcut is worth having: the bundled sources, once dated, need no pySHACL call."""
    sources, types = bundled
    for triples in sources:
        assert shacl_findings(triples, types) == []
        assert surely_conforms(triples, types)


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("*.violates.ttl")))
def test_violating_fixtures_are_never_cleared(fixture: str) -> None:
    triples = read_rdf(FIXTURES / fixture)[0]
    context = read_rdf(FIXTURES / "_context.ttl")[0]
    types = types_in(triples, context)
    assert shacl_findings(triples, types) != []
    assert not surely_conforms(triples, types)


def test_no_mutant_of_the_bundled_sources_is_cleared_when_pyshacl_objects(bundled) -> None:
    sources, types = bundled
    cleared = refused = 0
    for base in sources:
        own = set(types_in(base))
        for what, triples in _mutants(base):
            # As in the build: types come from every source, this one's as mutated.
            merged = {k: v for k, v in types.items() if k not in own} | types_in(triples)
            if surely_conforms(triples, merged):
                cleared += 1
                assert shacl_findings(triples, merged) == [], what
            else:
                refused += 1
    # Both answers occur, so the comparison above is exercised both ways.
    assert cleared > 20 and refused > 20, (cleared, refused)
