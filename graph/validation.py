"""SHACL validation of one source's graph, and the QC checks (``*-violation.rq``) of a store."""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SH

from tradekg.graph.namespaces import PREFIXES
from tradekg.graph.queries import NamedQuery, query_from_text, run_query
from tradekg.graph.vocabulary import vocabulary_graph
from tradekg.ontology import qc_dir, shapes_file


@dataclass(frozen=True)
class Finding:
    """One SHACL result or QC row: the node it is about, what is wrong, how bad it is."""

    focus: str
    message: str
    severity: str = "error"  # "error" or "warning"
    check: str = ""


@functools.cache
def shapes_graph() -> Graph:
    """The packaged SHACL shapes, parsed once per process."""
    return Graph().parse(data=shapes_file().read_text(encoding="utf-8"), format="turtle")


@functools.cache
def _class_axioms() -> tuple[tuple[URIRef, URIRef, URIRef], ...]:
    """rdfs:subClassOf triples, so that sh:class accepts instances of subclasses."""
    g = vocabulary_graph()
    return tuple((s, RDFS.subClassOf, o) for s, o in g.subject_objects(RDFS.subClassOf)
                 if isinstance(s, URIRef) and isinstance(o, URIRef))


@functools.cache
def vocabulary_types() -> dict[URIRef, frozenset[URIRef]]:
    """rdf:type of every packaged concept, for resolving references out of a source graph."""
    types: dict[URIRef, set[URIRef]] = {}
    for s, o in vocabulary_graph().subject_objects(RDF.type):
        if isinstance(s, URIRef) and isinstance(o, URIRef):
            types.setdefault(s, set()).add(o)
    return {k: frozenset(v) for k, v in types.items()}


def _term_text(term: object) -> str:
    return str(term) if term is not None else ""


def shacl_findings(triples: Iterable[tuple], types: dict[URIRef, frozenset[URIRef]]) -> list[Finding]:
    """Validate one source's triples against the shapes.

    ``types`` gives the rdf:type of entities the source refers to but does not describe
    (concepts, other sources' claims); only those the source actually refers to are added,
    so each call costs in proportion to the source, not to the corpus.
    """
    import pyshacl

    data = Graph()
    data.addN((s, p, o, data) for s, p, o in triples)
    referenced = {o for _, _, o in triples if isinstance(o, URIRef)}
    vocab_types = vocabulary_types()
    for iri in referenced:
        for cls in types.get(iri) or vocab_types.get(iri) or ():
            data.add((iri, RDF.type, cls))
    for axiom in _class_axioms():
        data.add(axiom)
    # Only the nodes this source describes are focus nodes: the types added above make
    # referenced nodes look like targets, but their descriptions live in other sources.
    described = sorted({s for s, _, _ in triples if isinstance(s, URIRef)})
    _, report, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph(), inference="none", allow_warnings=True, advanced=False,
        focus_nodes=list[str | URIRef](described),
    )
    findings = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        message = report.value(result, SH.resultMessage)
        path = report.value(result, SH.resultPath)
        value = report.value(result, SH.value)
        severity = report.value(result, SH.resultSeverity)
        text = str(message) if message is not None else "does not conform"
        if path is not None and isinstance(path, URIRef):
            text += f" [{_short(path)}]"
        if value is not None and not (isinstance(value, Literal) and len(value) > 80):
            text += f" (value: {_short(value) if isinstance(value, URIRef) else value!s})"
        findings.append(Finding(_term_text(focus), text, "warning" if severity == SH.Warning else "error", "shacl"))
    findings.sort(key=lambda f: (f.focus, f.message))
    return findings


def _short(iri: object) -> str:
    text = str(iri)
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text


@functools.cache
def qc_checks() -> tuple[NamedQuery, ...]:
    """The packaged QC checks: every ``*-violation.rq`` file, in name order (name without the suffix)."""
    checks = []
    for entry in sorted(qc_dir().iterdir(), key=lambda e: e.name):
        if entry.name.endswith("-violation.rq"):
            checks.append(query_from_text(entry.read_text(encoding="utf-8"), entry.name[: -len("-violation.rq")]))
    return tuple(checks)


def qc_findings(graph: Graph) -> list[Finding]:
    """Run every QC check against ``graph``; each row is a problem about its ``?focus``."""
    findings = []
    for check in qc_checks():
        for row in run_query(graph, check):
            focus, message = row[0], row[1]
            findings.append(Finding(_term_text(focus), _term_text(message), "error", check.name))
    return findings
