"""Every SHACL node shape has a fixture that conforms and one that must not.

The shapes are discovered by parsing ``ontology/shapes.ttl``, so a shape added without
fixtures fails here. Fixtures (``tests/fixtures/shapes/<Shape>.conforms.ttl`` and
``<Shape>.violates.ttl``) are validated the way the build validates one source: read by
the build's RDF reader, checked by :func:`tradekg.graph.build.shacl.shacl_findings` with the
rdf:types of what other sources describe (``_context.ttl``) and of the vocabulary. Each
fixture's header names its focus node (``# focus: IRI``) and, for violating fixtures, every
finding expected (``# expect: severity | message``).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import SH

from tradekg.graph.build.shacl import Finding, shacl_findings, types_in
from tradekg.graph.sources.rdffiles import read_rdf
from tradekg.ontology import shapes_file

FIXTURES = Path(__file__).parent / "fixtures" / "shapes"
CONTEXT = FIXTURES / "_context.ttl"


def _shapes() -> Graph:
    return Graph().parse(data=shapes_file().read_text(encoding="utf-8"), format="turtle")


SHAPES = _shapes()
NODE_SHAPES = sorted(str(s) for s in SHAPES.subjects(RDF.type, SH.NodeShape) if isinstance(s, URIRef))


def _local(iri: str) -> str:
    return re.split(r"[#/]", iri)[-1]


def _header(path: Path) -> tuple[URIRef, list[tuple[str, str]]]:
    """The focus node and the expected (severity, message) findings a fixture declares."""
    focus = None
    expected = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        if m := re.fullmatch(r"#\s*focus:\s*(\S+)\s*", line):
            focus = URIRef(m.group(1))
        elif m := re.fullmatch(r"#\s*expect:\s*(error|warning)\s*\|\s*(.+?)\s*", line):
            expected.append((m.group(1), m.group(2)))
    assert focus is not None, f"{path.name} declares no '# focus:' node"
    return focus, expected


Validate = Callable[[Path], tuple[list[Finding], Graph, list]]


@pytest.fixture
def validate(monkeypatch: pytest.MonkeyPatch) -> Validate:
    """Validate a fixture as the build does; also return pySHACL's report graph (for sh:sourceShape)."""
    import pyshacl

    reports: list[Graph] = []
    real = pyshacl.validate

    def spy(*args, **kwargs):
        result = real(*args, **kwargs)
        reports.append(result[1])
        return result

    monkeypatch.setattr(pyshacl, "validate", spy)
    context, _ = read_rdf(CONTEXT)

    def run(path: Path) -> tuple[list[Finding], Graph, list]:
        reports.clear()
        triples, _ = read_rdf(path)
        findings = shacl_findings(triples, types_in(context, triples))
        assert len(reports) == 1
        return findings, reports[0], triples

    return run


def _fixtures(shape: str, role: str) -> list[Path]:
    files = sorted(FIXTURES.glob(f"{_local(shape)}.{role}*.ttl"))
    assert files, f"shape {_local(shape)} has no {role} fixture in {FIXTURES}"
    return files


def _owner(report_shape: object) -> URIRef | None:
    """The node shape a result's sh:sourceShape belongs to (itself, or via sh:property).

    Looked up in the shapes graph the validator used: property shapes are blank nodes.
    """
    from tradekg.graph.build.shacl import shapes_graph

    shapes = shapes_graph()
    if (report_shape, RDF.type, SH.NodeShape) in shapes:
        return report_shape  # type: ignore[return-value]
    owner = shapes.value(None, SH.property, report_shape)
    return owner if isinstance(owner, URIRef) else None


def _targets(shape: str, focus: URIRef, triples: list) -> bool:
    """True if the fixture types ``focus`` with a target class of ``shape`` (or a subclass of
    one), or names it as the object of a predicate the shape targets the objects of."""
    from tradekg.graph.sources.vocabulary import vocabulary_graph

    targets = set(SHAPES.objects(URIRef(shape), SH.targetClass))
    objects_of = set(SHAPES.objects(URIRef(shape), SH.targetObjectsOf))
    vocab = vocabulary_graph()
    for s, p, o in triples:
        if o == focus and p in objects_of:
            return True
        if s == focus and p == RDF.type:
            if o in targets or targets & set(vocab.transitive_objects(o, RDFS.subClassOf)):
                return True
    return False


def test_shapes_are_discovered() -> None:
    # Guard against a parse that finds nothing (then every parametrized test would vanish).
    assert len(NODE_SHAPES) == 23
    assert "https://w3id.org/tradekg/shapes#DemandShape" in NODE_SHAPES


def test_context_conforms(validate: Validate) -> None:
    findings, _, _ = validate(CONTEXT)
    assert findings == []


def test_every_fixture_names_a_shape() -> None:
    names = {_local(s) for s in NODE_SHAPES}
    for path in FIXTURES.glob("*.ttl"):
        if path.name.startswith("_"):
            continue
        shape, _, role = path.name.partition(".")
        assert shape in names, f"{path.name}: no node shape {shape} in shapes.ttl"
        assert role.split(".")[0].rstrip("-0123456789") in ("conforms", "violates"), path.name


@pytest.mark.parametrize("shape", NODE_SHAPES, ids=_local)
def test_conforming_fixture(shape: str, validate: Validate) -> None:
    for path in _fixtures(shape, "conforms"):
        focus, expected = _header(path)
        assert expected == [], f"{path.name}: a conforming fixture expects nothing"
        findings, report, triples = validate(path)
        assert _targets(shape, focus, triples), f"{path.name}: the focus node is not a target of {_local(shape)}"
        # Nothing at all: neither for the focus node nor for anything else the fixture describes.
        assert findings == [], path.name
        assert (None, SH.conforms, None) in report
        assert list(report.subjects(RDF.type, SH.ValidationResult)) == []


@pytest.mark.parametrize("shape", NODE_SHAPES, ids=_local)
def test_violating_fixture(shape: str, validate: Validate) -> None:
    for path in _fixtures(shape, "violates"):
        focus, expected = _header(path)
        assert expected, f"{path.name}: a violating fixture lists what it expects"
        assert {severity for severity, _ in expected} == {_declared_severity(shape)}, path.name
        findings, report, triples = validate(path)
        assert _targets(shape, focus, triples), f"{path.name}: the focus node is not a target of {_local(shape)}"
        assert sorted((f.focus, f.severity, f.message) for f in findings) == sorted(
            (str(focus), severity, message) for severity, message in expected), path.name
        results = list(report.subjects(RDF.type, SH.ValidationResult))
        assert len(results) == len(expected)
        for result in results:
            assert report.value(result, SH.focusNode) == focus
            # The violation comes from the shape under test, not from another one.
            assert _owner(report.value(result, SH.sourceShape)) == URIRef(shape), path.name
            wanted = SH.Warning if _declared_severity(shape) == "warning" else SH.Violation
            assert report.value(result, SH.resultSeverity) == wanted


def _declared_severity(shape: str) -> str:
    """"warning" if the shape (or every property shape of it) says sh:Warning, else "error"."""
    node = URIRef(shape)
    parts = [node, *SHAPES.objects(node, SH.property)]
    declared = {SHAPES.value(part, SH.severity) for part in parts} - {None}
    return "warning" if declared == {SH.Warning} else "error"


def test_warning_shapes_are_warnings(validate: Validate) -> None:
    """Warning-severity shapes report warnings (which do not fail a build), and only they do."""
    warning_only = [_local(s) for s in NODE_SHAPES if _declared_severity(s) == "warning"]
    assert warning_only == ["ComparableFigureShape", "SourceMetadataShape"]
    findings, report, _ = validate(FIXTURES / "SourceMetadataShape.violates.ttl")
    assert [f.severity for f in findings] == ["warning"]
    assert set(report.objects(None, SH.resultSeverity)) == {SH.Warning}


def test_violation_is_located_in_the_build(tmp_path: Path) -> None:
    """Through the build's own door, a violating fixture is an error at its file and line."""
    from tradekg.graph.build.pipeline import validate_sources

    path = FIXTURES / "CountryShape.violates.ttl"
    problems = validate_sources([CONTEXT, path])
    line = next(n for n, text in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                if text.startswith("party:JP"))
    assert [str(p) for p in problems] == [
        f"{path}:{line}: <https://w3id.org/tradekg/id/party/JP> "
        "a country has one ISO 3166-1 alpha-2 code [tk:alpha2] (value: jp)"]
