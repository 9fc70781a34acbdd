"""The bundled corpus encodes what the seed article states — all of it, and nothing else."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, SKOS

from tradekg.graph.core.namespaces import CLAIM, ID, PARTY, SOURCE, TK
from tradekg.ontology import corpus_dir

ARTICLE = "india-us-bta-tech-parity"


def claim(name: str) -> URIRef:
    return CLAIM[f"{ARTICLE}/{name}"]


def concept(path: str) -> URIRef:
    return URIRef(ID + path)


def objects(graph, s, p) -> set:
    """Objects as IRIs, or as plain strings for literals (Oxigraph types plain literals xsd:string)."""
    return {o if isinstance(o, URIRef) else str(o) for o in graph.objects(s, p)}


def test_parties_are_iso_countries_with_their_codes(graph) -> None:
    expected = {"IN": "IND", "US": "USA", "AU": "AUS", "GB": "GBR", "JP": "JPN", "RU": "RUS"}
    countries = set(graph.subjects(RDF.type, TK.Country))
    assert countries == {PARTY[a2] for a2 in expected}
    for a2, a3 in expected.items():
        assert objects(graph, PARTY[a2], TK.alpha2) == {a2}
        assert objects(graph, PARTY[a2], TK.alpha3) == {a3}


def test_india_demands_technology_access_on_par_with_australia_uk_japan(graph) -> None:
    d = claim("india-technology-access-parity")
    assert objects(graph, d, TK.demandedBy) == {PARTY.IN}
    assert objects(graph, d, TK.addressedTo) == {PARTY.US}
    assert objects(graph, d, TK.demandKind) == {concept("demand-kind/technology-access")}
    assert objects(graph, d, TK.benchmarkedAgainst) == {PARTY.AU, PARTY.GB, PARTY.JP}
    assert objects(graph, d, TK.onSector) == {concept(f"technology/{t}") for t in (
        "telecom-equipment", "biotechnology", "artificial-intelligence", "pharmaceuticals", "quantum-computing",
        "semiconductors")}
    assert objects(graph, d, TK.hedge) == {"is set to", "is expected to"}


def test_india_seeks_duty_concessions_for_the_nine_labour_intensive_sectors(graph) -> None:
    d = claim("india-duty-concessions")
    assert objects(graph, d, TK.demandKind) == {concept("demand-kind/duty-concession")}
    assert objects(graph, d, TK.onSector) == {concept(f"sector/{s}") for s in (
        "textiles", "gems-jewellery", "leather-goods", "garments", "chemicals", "shrimp", "oilseeds", "grapes",
        "bananas")}
    assert objects(graph, d, TK.reciprocityCue) == {"In return"}
    assert objects(graph, d, TK.hedge) == {"will likely"}
    # The labour-intensive grouping holds exactly the sectors the article names so.
    members = objects(graph, concept("sector/labour-intensive"), SKOS.member)
    assert members == objects(graph, d, TK.onSector)


def test_us_seeks_concessions_on_its_seven_sectors(graph) -> None:
    d = claim("us-concessions")
    assert objects(graph, d, TK.demandedBy) == {PARTY.US}
    assert objects(graph, d, TK.addressedTo) == {PARTY.IN}
    assert objects(graph, d, TK.onSector) == {concept(f"sector/{s}") for s in (
        "industrial-goods", "automobiles", "electric-vehicles", "wine", "dairy", "apples", "tree-nuts")}


def test_four_us_concerns_condition_the_technology_demand_and_a_fifth_is_the_surplus(graph) -> None:
    topics = {}
    for c in graph.subjects(RDF.type, TK.Concern):
        assert objects(graph, c, TK.heldBy) == {PARTY.US}
        assert objects(graph, c, TK.aboutParty) == {PARTY.IN}
        (topic,) = objects(graph, c, TK.onTopic)
        topics[str(topic).rsplit("/", 1)[-1]] = c
    assert set(topics) == {"export-controls", "intellectual-property", "cybersecurity", "defence-ties",
                           "trade-imbalance"}
    for name in ("export-controls", "intellectual-property", "cybersecurity", "defence-ties"):
        assert objects(graph, topics[name], TK.conditions) == {claim("india-technology-access-parity")}
    assert objects(graph, topics["defence-ties"], TK.involvesParty) == {PARTY.RU}
    assert objects(graph, topics["trade-imbalance"], TK.conditions) == set()
    assert objects(graph, topics["trade-imbalance"], TK.refersToFigure) == {claim("india-trade-surplus-2024-25")}


def test_two_alternatives_instead_of_blanket_exemptions_address_the_four_concerns(graph) -> None:
    alternatives = set(graph.subjects(RDF.type, TK.Alternative))
    forms = {a: objects(graph, a, TK.instrumentForm) for a in alternatives}
    assert sorted(str(next(iter(f))).rsplit("/", 1)[-1] for f in forms.values()) == [
        "project-specific-licence", "trusted-partner-programme"]
    four = {claim(f"us-concern-{n}") for n in ("export-controls", "intellectual-property", "cybersecurity",
                                               "defence-ties-russia")}
    for a in alternatives:
        assert objects(graph, a, TK.proposedBy) == {PARTY.US}
        assert objects(graph, a, TK.insteadOf) == {claim("india-technology-access-parity")}
        assert objects(graph, a, TK.insteadOfForm) == {concept("instrument/blanket-exemption")}
        assert objects(graph, a, TK.addresses) == four
        assert objects(graph, a, TK.hedge) == {"may"}


@pytest.mark.parametrize(("name", "measure", "value", "scale", "currency", "unit"), [
    ("india-us-bilateral-trade-2024-25", "bilateral-trade", "131.84", "1000000000", "USD", None),
    ("india-trade-surplus-2024-25", "trade-balance", "41.18", "1000000000", "USD", None),
    ("us-largest-partner-2024-25", "partner-rank", "1", None, None, "rank"),
])
def test_trade_figures(graph, name, measure, value, scale, currency, unit) -> None:
    f = claim(name)
    assert objects(graph, f, TK.measure) == {concept(f"measure/{measure}")}
    assert objects(graph, f, TK.value) == {value}
    assert objects(graph, f, TK.scale) == ({scale} if scale else set())
    assert objects(graph, f, TK.currency) == ({currency} if currency else set())
    assert objects(graph, f, TK.unit) == ({unit} if unit else set())
    assert objects(graph, f, TK.period) == {"2024-25"}
    assert objects(graph, f, TK.reportingParty) == {PARTY.IN}
    assert objects(graph, f, TK.partnerParty) == {PARTY.US}


def test_largest_partner_for_the_fourth_consecutive_year(graph) -> None:
    assert {int(v) for v in objects(graph, claim("us-largest-partner-2024-25"), TK.consecutivePeriods)} == {4}


def test_events_statuses_and_terms_of_reference(graph) -> None:
    events = {str(next(iter(objects(graph, e, TK.eventKind)))).rsplit("/", 1)[-1]: e
              for e in graph.subjects(RDF.type, TK.Event)}
    assert set(events) == {"tariff-pause", "preliminary-discussions", "document-finalised"}
    assert {str(v) for v in objects(graph, events["tariff-pause"], TK.duration)} == {"P90D"}
    assert objects(graph, events["document-finalised"], TK.aboutDocument) == {SOURCE["india-us-bta-tor"]}
    statuses = {next(iter(objects(graph, r, TK.reportedStatus))) for r in graph.subjects(RDF.type, TK.StatusReport)}
    assert statuses == {concept("status/proposed"), concept("status/under-negotiation")}
    tor = SOURCE["india-us-bta-tor"]
    assert (tor, RDF.type, TK.TermsOfReference) in graph
    assert objects(graph, tor, TK.termsOfReferenceOf) == {URIRef(ID + "agreement/india-us-bta")}
    assert objects(graph, tor, TK.coversTopic) == {concept(f"negotiation-topic/{t}") for t in (
        "tariffs", "goods", "services", "customs-facilitation")}
    assert objects(graph, tor, TK.status) == {concept("document-status/finalised")}
    assert objects(graph, tor, TK.describedIn) == {SOURCE[ARTICLE]}


def test_every_claim_comes_from_its_source_and_quotes_sentences_at_their_offsets(graph) -> None:
    text = Path(str(corpus_dir() / f"{ARTICLE}.txt")).read_text(encoding="utf-8")
    claims = set(graph.subjects(RDF.type, TK.Claim))
    assert len(claims) == 18
    quoted = 0
    for c in claims:
        assert objects(graph, c, PROV.wasDerivedFrom) == {SOURCE[ARTICLE]}
        quotations = objects(graph, c, TK.quotation)
        assert quotations, c
        for q in quotations:
            start, end = int(graph.value(q, TK.start)), int(graph.value(q, TK.end))
            assert text[start:end] == str(graph.value(q, TK.text))
            assert graph.value(q, PROV.wasQuotedFrom) == SOURCE[ARTICLE]
            quoted += 1
    assert quoted == 28


def test_seed_text_is_shipped_verbatim() -> None:
    shipped = (corpus_dir() / f"{ARTICLE}.txt").read_bytes()
    seed = Path(__file__).resolve().parents[1].parent / "shared" / "seeds" / f"{ARTICLE}.txt"
    if not seed.exists():
        pytest.skip("../shared/seeds is not beside this checkout")
    assert shipped == seed.read_bytes()


def test_sources_state_no_date_or_url_the_seed_does_not_give(graph) -> None:
    for source in graph.subjects(RDF.type, TK.Source):
        assert objects(graph, source, DCTERMS.issued) == set()
        assert objects(graph, source, URIRef("https://schema.org/url")) == set()
    assert objects(graph, SOURCE[ARTICLE], DCTERMS.title) == {
        "India's Push for Technology Access Parity in Bilateral Trade Agreement with the US"}
    (ref,) = objects(graph, SOURCE[ARTICLE], DCTERMS.references)
    assert objects(graph, ref, DCTERMS.publisher) == {"Financial Express"}
    assert objects(graph, ref, RDFS.label) == {
        "India to press for technology access parity with US allies in new trade agreement talks"}
