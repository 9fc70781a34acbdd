"""The bundled corpus encodes what the seed article states — all of it, and nothing else.

(The briefs of the dated timeline, R1–R17, are tested in test_timeline_corpus.py.)
"""

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


def seed_claims(graph, cls: URIRef = TK.Claim) -> set:
    """The claims (of ``cls``) the seed article makes."""
    return {c for c in graph.subjects(RDF.type, cls) if (c, PROV.wasDerivedFrom, SOURCE[ARTICLE]) in graph}


def test_parties_are_iso_countries_with_their_codes(graph) -> None:
    expected = {"IN": "IND", "US": "USA", "AU": "AUS", "GB": "GBR", "JP": "JPN", "RU": "RUS"}
    countries = set(graph.subjects(RDF.type, TK.Country))
    assert countries >= {PARTY[a2] for a2 in expected}
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
    for c in seed_claims(graph, TK.Concern):
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
    # The article states the concern as a fact; its hedge belongs to the prediction about it.
    assert objects(graph, topics["trade-imbalance"], TK.hedge) == set()
    prediction = claim("trade-imbalance-prominent")
    assert (prediction, RDF.type, TK.Assessment) in graph
    assert objects(graph, prediction, TK.assesses) == {topics["trade-imbalance"]}
    assert objects(graph, prediction, TK.hedge) == {"will likely"}


def test_two_alternatives_instead_of_blanket_exemptions_address_the_four_concerns(graph) -> None:
    alternatives = seed_claims(graph, TK.Alternative)
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
              for e in seed_claims(graph, TK.Event)}
    assert set(events) == {"tariff-pause", "preliminary-discussions", "document-finalised"}
    # Both sides of the preliminary discussions are the agreement's parties, not third parties.
    assert objects(graph, events["preliminary-discussions"], TK.involvesParty) == set()
    assert {str(v) for v in objects(graph, events["tariff-pause"], TK.duration)} == {"P90D"}
    assert objects(graph, events["document-finalised"], TK.aboutDocument) == {SOURCE["india-us-bta-tor"]}
    statuses = {next(iter(objects(graph, r, TK.reportedStatus))) for r in seed_claims(graph, TK.StatusReport)}
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
    claims = seed_claims(graph)
    assert len(claims) == 22
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
    assert quoted == 31


def test_seed_text_is_shipped_verbatim() -> None:
    shipped = (corpus_dir() / f"{ARTICLE}.txt").read_bytes()
    seed = Path(__file__).resolve().parents[1].parent / "shared" / "seeds" / f"{ARTICLE}.txt"
    if not seed.exists():
        pytest.skip("../shared/seeds is not beside this checkout")
    assert shipped == seed.read_bytes()


def test_the_seed_keeps_no_date_of_its_own_and_dates_what_it_reports_by_the_story_it_rewrites(graph) -> None:
    seed = SOURCE[ARTICLE]
    assert objects(graph, seed, DCTERMS.issued) == set()
    assert objects(graph, seed, URIRef("https://schema.org/url")) == {URIRef(
        "https://www.shabariseva.com/post/india-s-push-for-technology-access-parity-in-bilateral-trade-agreement-with-the-us")}
    (pti,) = objects(graph, seed, TK.restates)
    assert objects(graph, pti, DCTERMS.publisher) == {"PTI"}
    assert objects(graph, pti, DCTERMS.issued) == {"2025-04-27"}
    for c in seed_claims(graph):
        # the story's date is the date of what the seed reports: not the claims' own
        assert objects(graph, c, DCTERMS.date) == {"2025-04-27"}, c
        assert objects(graph, c, TK.ownDate) == {"false"}, c
    assert objects(graph, SOURCE["india-us-bta-tor"], DCTERMS.issued) == set()
    assert objects(graph, seed, DCTERMS.title) == {
        "India's Push for Technology Access Parity in Bilateral Trade Agreement with the US"}
    (ref,) = objects(graph, seed, DCTERMS.references)
    assert objects(graph, ref, DCTERMS.publisher) == {"Financial Express"}
    assert objects(graph, ref, RDFS.label) == {
        "India to press for technology access parity with US allies in new trade agreement talks"}


def test_the_seed_encodes_what_it_expects_and_the_us_response_it_predicts(graph) -> None:
    stance = claim("us-cautious-deliberation")
    assert objects(graph, stance, TK.takenBy) == {PARTY.US}
    assert objects(graph, stance, TK.stanceKind) == {concept("stance/considers")}
    assert objects(graph, stance, TK.respondsTo) == {claim("india-technology-access-parity")}
    assert objects(graph, stance, TK.hedge) == {"may"}
    assert objects(graph, claim("pause-opportunity-for-talks"), TK.assesses) == {claim("tariff-pause-90-day")}
    assert objects(graph, claim("momentum-expected"), TK.assesses) == {URIRef(ID + "agreement/india-us-bta")}


def test_the_sector_hierarchy_puts_every_non_agricultural_good_under_industrial_goods(graph) -> None:
    broader = {s: objects(graph, concept(f"sector/{s}"), SKOS.broader) for s in (
        "textiles-clothing", "leather-goods", "gems-jewellery", "chemicals", "automobiles")}
    assert all(b == {concept("sector/industrial-goods")} for b in broader.values()), broader
    # "wines" is not exactly HS 2204 (wine of fresh grapes)
    assert objects(graph, concept("sector/wine"), SKOS.closeMatch) == {concept("hs/2204")}
    assert objects(graph, concept("sector/wine"), SKOS.exactMatch) == set()

