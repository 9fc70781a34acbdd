"""SHACL validation of one source's graph, and the findings every check reports.

pySHACL is the validator of record: every finding comes from it. It costs tens of
milliseconds per source, so the build first asks :func:`surely_conforms` — a direct
evaluation of the shapes (the SHACL Core subset ``shapes.ttl`` uses) on the same data — and
calls pySHACL only for a source that may not conform. The direct check errs one way only:
when in doubt (a constraint it does not know, a literal it cannot judge) it says "may not
conform" and pySHACL decides.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from dataclasses import dataclass

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from tradekg.graph.core.namespaces import PREFIXES
from tradekg.graph.core.turtle import turtle_graph
from tradekg.graph.sources.vocabulary import class_axioms, vocabulary_types
from tradekg.ontology import shapes_file

__all__ = [
    "Finding",
    "class_axioms",
    "prepare",
    "shacl_findings",
    "shapes_graph",
    "term_text",
    "types_in",
    "vocabulary_types",
]


@dataclass(frozen=True)
class Finding:
    """One SHACL result or QC row: the node it is about, what is wrong, how bad it is."""

    focus: str
    message: str
    severity: str = "error"  # "error" or "warning"
    check: str = ""
    also: tuple[str, ...] = ()  # other nodes it is about (a conflict's other claim), located too


@functools.cache
def shapes_graph() -> Graph:
    """The packaged SHACL shapes, parsed once per process."""
    return turtle_graph(shapes_file().read_bytes())


def prepare() -> None:
    """Load (and cache) the shapes and everything validation looks up, pySHACL included."""
    import pyshacl  # noqa: F401

    shapes_graph()
    class_axioms()
    vocabulary_types()


_RDF_TYPES = frozenset((RDF.type,))


def types_in(*triple_lists: Iterable[tuple]) -> dict[URIRef, frozenset[URIRef]]:
    """The rdf:types the given triples state for each subject: the ``types`` argument of
    :func:`shacl_findings` and :func:`surely_conforms`."""
    types: dict[URIRef, set[URIRef]] = {}
    for triples in triple_lists:
        for s, p, o in triples:
            if p in _RDF_TYPES and isinstance(o, URIRef):  # a set lookup: no rdflib __eq__ per triple
                types.setdefault(s, set()).add(o)
    return {k: frozenset(v) for k, v in types.items()}


def term_text(term: object) -> str:
    return str(term) if term is not None else ""


def shacl_findings(triples: Iterable[tuple], types: dict[URIRef, frozenset[URIRef]]) -> list[Finding]:
    """Validate one source's triples against the shapes.

    ``types`` gives the rdf:type of entities the source refers to but does not describe
    (concepts, other sources' claims); only those the source actually refers to are added,
    so each call costs in proportion to the source, not to the corpus.
    """
    import pyshacl

    # No prefixes bound: pySHACL reads a focus node that is not http(s), urn or file as a
    # prefixed name, and expanding `<mailto:a@b>` (or `<owl:x>`, had owl been bound) crashed
    # or named another node; as a plain string with no prefix to expand it stays itself.
    data = Graph(bind_namespaces="none")
    data.addN((s, p, o, data) for s, p, o in triples)
    referenced = {o for _, _, o in triples if isinstance(o, URIRef)}
    vocab_types = vocabulary_types()
    for iri in referenced:
        for cls in types.get(iri) or vocab_types.get(iri) or ():
            data.add((iri, RDF.type, cls))
    for axiom in class_axioms():
        data.add(axiom)
    # Only the nodes this source describes are focus nodes: the types added above make
    # referenced nodes look like targets, but their descriptions live in other sources.
    described = sorted({s for s, _, _ in triples if isinstance(s, URIRef)})
    _, report, _ = pyshacl.validate(
        data, shacl_graph=shapes_graph(), inference="none", allow_warnings=True, advanced=False,
        focus_nodes=[str(iri) for iri in described],
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
        findings.append(Finding(term_text(focus), text, "warning" if severity == SH.Warning else "error", "shacl"))
    findings.sort(key=lambda f: (f.focus, f.message))
    return findings



def _short(iri: object) -> str:
    text = str(iri)
    for prefix, ns in PREFIXES.items():
        if text.startswith(ns):
            return f"{prefix}:{text[len(ns):]}"
    return text

