"""Candidate claims from cue phrases, one small hand-written text per pattern."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

import pytest

from tradekg.graph.ingest.article import SourceInfo, ingest_text
from tradekg.graph.ingest.proposals.reading import Candidate


def claims(text: str, published: dt.date | None = None) -> list[Candidate]:
    return ingest_text(text, SourceInfo("t", published=published)).claims


def only(text: str, kind: str, found: list[Candidate] | None = None) -> Candidate:
    """The one claim of ``kind`` proposed for ``text`` (from ``found`` when given, to compare references)."""
    of_kind = [c for c in (claims(text) if found is None else found) if c.kind == kind]
    assert len(of_kind) == 1, [c.fields for c in of_kind]
    return of_kind[0]


def refs(c: Candidate) -> dict[str, list[str]]:
    return {key: [o.id for o in others] for key, others in c.refs.items()}


def fields(c: Candidate) -> dict[str, Any]:
    return dict(c.fields)


# ---------------------------------------------------------------- demands


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Japan seeks duty concessions on wine from Canada.",
     {"by": "Japan", "to": "Canada", "demand_kind": "duty concessions", "sectors": ["wine"]}),
    ("Brazil is pressing Mexico to open its market to dairy products and shrimp.",
     {"by": "Brazil", "to": "Mexico", "demand_kind": "market access", "sectors": ["dairy products", "shrimp"]}),
    ("Kenya asked Germany for market access for textiles.",
     {"by": "Kenya", "to": "Germany", "demand_kind": "market access", "sectors": ["textiles"]}),
    ("Vietnam demanded that Chile ease export controls on semiconductors.",
     {"by": "Viet Nam", "to": "Chile", "demand_kind": "technology access", "sectors": ["semiconductors"]}),
    ("Norway urged Peru to cut tariffs on fisheries.",
     {"by": "Norway", "to": "Peru", "demand_kind": "duty concessions", "sectors": ["fisheries"]}),
    ("Egypt called for lower duties on cars from Turkey.",
     {"by": "Egypt", "to": "Türkiye", "demand_kind": "duty concessions", "sectors": ["automobiles"]}),
    ("Ghana wants concessions on apples from Spain.",
     {"by": "Ghana", "to": "Spain", "demand_kind": "concessions", "sectors": ["apples"]}),
    ("Thailand's request to Poland covers pharmaceuticals.",
     {"by": "Thailand", "to": "Poland", "demand_kind": "technology access", "sectors": ["pharmaceuticals"]}),
    ("The EU demands that Chile cut its tariffs on cars.",
     {"by": "European Union", "to": "Chile", "demand_kind": "duty concessions", "sectors": ["automobiles"]}),
    ("Canberra called on Tokyo to cut tariffs on beef.",
     {"by": "Australia", "to": "Japan", "demand_kind": "duty concessions", "sectors": ["HS 0201", "HS 0202"]}),
    ("Washington has pressured Hanoi to buy more aircraft.",
     {"by": "United States", "to": "Viet Nam", "demand_kind": "market access", "sectors": ["HS 88"]}),
    ("Chile wants Peru to cut tariffs on pharmaceuticals.",  # tariffs named: duties, though on a technology
     {"by": "Chile", "to": "Peru", "demand_kind": "duty concessions", "sectors": ["pharmaceuticals"]}),
])
def test_demand_cues(sentence: str, expected: dict[str, Any]) -> None:
    assert fields(only(sentence, "demand")) == expected


def test_demand_addressed_to_nobody_named_goes_to_the_other_main_party() -> None:
    text = "Fiji and Samoa are talking. Fiji will seek duty concessions for garments. Samoa agreed to talk."
    c = only(text, "demand")
    assert fields(c) == {"by": "Fiji", "to": "Samoa", "demand_kind": "duty concessions", "sectors": ["garments"]}
    assert c.notes == ["'to' is not in the sentence: Samoa is the article's other main party"]
    assert c.confidence == 0.6
    assert c.hedges == []


def test_parity_benchmarks_and_hedges() -> None:
    c = only("Chile is expected to press Canada for access to biotechnology on par with Japan and South Korea.",
             "demand")
    assert fields(c) == {"by": "Chile", "to": "Canada", "demand_kind": "technology access",
                         "sectors": ["biotechnology"], "parity_with": ["Japan", "Korea, Republic of"]}
    assert c.hedges == ["is expected to"]


def test_reciprocity_cue() -> None:
    c = only("In return, Peru may seek tariff cuts on grapes from Chile.", "demand")
    assert c.fields["reciprocity_cue"] == "In return"
    assert c.fields["demand_kind"] == "duty concessions"
    assert c.hedges == ["may"]


@pytest.mark.parametrize(("sentence", "hedges"), [
    ("Peru will likely seek duty concessions on grapes from Chile.", ["will likely"]),
    ("Peru is set to seek duty concessions on grapes from Chile.", ["is set to"]),
    ("Peru might seek duty concessions on grapes from Chile, sources said.", ["might", "sources said"]),
    ("Peru reportedly seeks duty concessions on grapes from Chile.", ["reportedly"]),
    ("Peru seeks duty concessions on grapes from Chile.", []),
    ("On 5 May 2025 Peru sought duty concessions on grapes from Chile.", []),  # the month is no hedge
])
def test_hedged_reporting_is_recorded_not_dropped(sentence: str, hedges: list[str]) -> None:
    assert only(sentence, "demand").hedges == hedges


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Chile is pressing Peru to cut tariffs on wine, while Peru seeks better access for its beef and sugar.", [
        {"by": "Chile", "to": "Peru", "demand_kind": "duty concessions", "sectors": ["wine"]},
        {"by": "Peru", "to": "Chile", "demand_kind": "market access", "sectors": ["HS 0201", "HS 0202", "HS 1701"]}]),
    ("Japan calls for the removal of US tariffs on cars and steel, and Washington wants Tokyo to buy more rice.", [
        {"by": "Japan", "to": "United States", "demand_kind": "duty concessions", "sectors": ["automobiles", "HS 72"]},
        {"by": "United States", "to": "Japan", "demand_kind": "market access", "sectors": ["HS 1006"]}]),
    ("Peru wants Chile to lower its duties on palm oil; Chile is pressing Peru for market access for textiles.", [
        {"by": "Peru", "to": "Chile", "demand_kind": "duty concessions", "sectors": ["HS 1511"]},
        {"by": "Chile", "to": "Peru", "demand_kind": "market access", "sectors": ["textiles"]}]),
])
def test_two_demands_in_one_sentence_split_at_the_clause_boundary(sentence: str,
                                                                   expected: list[dict[str, Any]]) -> None:
    assert [fields(c) for c in claims(sentence)] == expected


def test_a_list_of_parties_is_not_split_into_clauses() -> None:
    c = only("Chile seeks access to semiconductors from Peru on par with Japan, South Korea, and Canada, in talks.",
             "demand")
    assert c.fields["parity_with"] == ["Japan", "Korea, Republic of", "Canada"]


def test_what_is_offered_in_exchange_is_not_asked_for() -> None:
    c = only("Chile wants Peru to cut duties on garments in exchange for lower tariffs on Peruvian wine.", "demand")
    assert fields(c) == {"by": "Chile", "to": "Peru", "demand_kind": "duty concessions", "sectors": ["garments"],
                         "reciprocity_cue": "in exchange for"}


def test_a_subordinate_clause_is_not_the_object_of_a_demand() -> None:
    # "medicines" belongs to the argument, not to what London pushes for (an IP rule the catalogue has no kind for).
    assert claims("London pushes for stronger patent protection, arguing it would raise the price of generic "
                  "medicines.") == []


@pytest.mark.parametrize("sentence", [
    "India wants to double its exports of rice by 2030.",
    "Australia wants to diversify its steel markets away from China.",
    "Chile seeks to boost wine sales in Peru.",
])
def test_a_partys_own_goal_is_no_demand(sentence: str) -> None:
    assert claims(sentence) == []


def test_an_infinitive_that_names_what_is_asked_is_a_demand() -> None:
    c = only("India seeks to secure lower tariffs on rice from the US.", "demand")
    assert fields(c) == {"by": "India", "to": "United States", "demand_kind": "duty concessions",
                         "sectors": ["HS 1006"]}


def test_demand_nouns_need_their_party() -> None:
    assert claims("Global demand for semiconductors rose in Japan.") == []


def test_demand_without_an_object_takes_the_kind_of_the_same_partys_earlier_demand() -> None:
    text = ("Chile seeks access to semiconductors from Peru. Chile's request may be met with caution by Peru.")
    (c,) = claims(text)
    assert c.fields["demand_kind"] == "technology access"
    assert [q.text for q in c.quotes] == ["Chile seeks access to semiconductors from Peru.",
                                          "Chile's request may be met with caution by Peru."]


def test_demands_of_one_party_to_another_of_one_kind_merge() -> None:
    text = "Chile seeks access to semiconductors from Peru. Chile also asks Peru for access to biotechnology."
    (c,) = claims(text)
    assert c.fields["sectors"] == ["semiconductors", "biotechnology"]
    assert len(c.quotes) == 2


def test_headings_make_no_claims() -> None:
    assert claims("Chile Seeks Duty Concessions On Wine From Peru\n\nNothing else.") == []


# ---------------------------------------------------------------- concerns


def test_concern_over_several_topics_with_a_third_party() -> None:
    text = "Canada has raised concerns over Mexico's export controls, cybersecurity and its defence ties with Russia."
    found = claims(text)
    assert [fields(c) for c in found] == [
        {"by": "Canada", "about": ["Mexico"], "topic": "export controls"},
        {"by": "Canada", "about": ["Mexico"], "topic": "cybersecurity"},
        {"by": "Canada", "about": ["Mexico"], "topic": "defence ties", "involves": ["Russian Federation"]},
    ]


@pytest.mark.parametrize("cue", ["is worried about", "has reservations about", "fears", "has objections to",
                                 "opposes", "objects to", "is wary of", "complained about", "criticised"])
def test_concern_cues(cue: str) -> None:
    c = only(f"Japan {cue} Brazil's intellectual property standards.", "concern")
    assert fields(c) == {"by": "Japan", "about": ["Brazil"], "topic": "intellectual property standards"}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Brussels has raised concerns over Australia's geographical indications rules.",
     {"by": "European Union", "about": ["Australia"], "topic": "intellectual property standards"}),
    ("New Delhi opposes London's push for stronger patent protection.",
     {"by": "India", "about": ["United Kingdom"], "topic": "intellectual property standards"}),
    ("Tokyo is worried about Washington's export curbs on chips.",
     {"by": "Japan", "about": ["United States"], "topic": "export controls"}),
])
def test_concerns_held_by_capitals_on_topics_named_in_everyday_words(sentence: str, expected: dict[str, Any]) -> None:
    assert fields(only(sentence, "concern")) == expected


def test_a_demand_and_a_concern_in_two_clauses() -> None:
    found = claims("Chile seeks duty concessions on wine from Peru, but Peru is worried about Chile's patents.")
    assert [(c.kind, fields(c)) for c in found] == [  # one sentence: in the order of their kinds
        ("concern", {"by": "Peru", "about": ["Chile"], "topic": "intellectual property standards"}),
        ("demand", {"by": "Chile", "to": "Peru", "demand_kind": "duty concessions", "sectors": ["wine"]})]


def test_concern_without_a_topic_is_no_claim() -> None:
    assert claims("Japan has concerns about Brazil.") == []


def test_concern_that_stands_in_the_way_blocks_the_demand() -> None:
    text = ("Brazil seeks access to semiconductors from Japan. Japan's concerns over Brazil's cybersecurity "
            "are a stumbling block.")
    found = claims(text)
    demand, concern = only(text, "demand", found), only(text, "concern", found)
    assert demand.id == "brazil-technology-access"
    assert refs(concern) == {"blocks": [demand.id]}


def test_concern_about_a_figure_links_it() -> None:
    text = "Japan raised concerns over Brazil's trade surplus, which reached USD 5 billion in 2024."
    found = claims(text)
    concern, figure = only(text, "concern", found), only(text, "trade-figure", found)
    assert refs(concern) == {"figures": [figure.id]}


# ---------------------------------------------------------------- alternatives


def test_alternatives_rather_than_and_the_concerns_they_address() -> None:
    text = ("Mexico seeks access to semiconductors from Canada. Canada may offer alternatives such as "
            "project-specific licences rather than blanket exemptions, due to concerns over Mexico's cybersecurity.")
    found = claims(text)
    demand, alternative, concern = (only(text, k, found) for k in ("demand", "alternative", "concern"))
    assert fields(alternative) == {"by": "Canada", "to": "Mexico", "form": "project-specific licences",
                                   "instead_of_form": "blanket exemptions"}
    assert refs(alternative) == {"addresses": ["canada-concern-cybersecurity"], "instead_of": [demand.id]}
    assert alternative.hedges == ["may"]
    assert refs(concern) == {"conditions": ["mexico-technology-access"]}


def test_instead_of() -> None:
    text = ("Chile seeks duty concessions from Peru. "
            "Peru proposes trusted partner programmes instead of blanket exemptions.")
    found = claims(text)
    alternative = only(text, "alternative", found)
    assert fields(alternative) == {"by": "Peru", "to": "Chile", "form": "trusted partner programmes",
                                   "instead_of_form": "blanket exemptions"}
    assert refs(alternative) == {"instead_of": [only(text, "demand", found).id]}


def test_proposed_as_an_alternative_to() -> None:
    text = ("Chile seeks duty concessions on wine from Peru. "
            "Peru proposed tariff-rate quotas as an alternative to full tariff elimination.")
    found = claims(text)
    alternative = only(text, "alternative", found)
    assert fields(alternative) == {"by": "Peru", "to": "Chile", "form": "tariff-rate quotas",
                                   "instead_of_form": "full tariff elimination"}
    assert refs(alternative) == {"instead_of": [only(text, "demand", found).id]}


EU_AUSTRALIA = """EU and Australia resume free trade talks

The European Union is pressing Australia to cut tariffs on cars and wine, while Australia seeks better access for \
its beef and sugar exporters.

Brussels has raised concerns over Australia's geographical indications rules. Canberra may offer a quota system \
instead of full tariff elimination.

Bilateral trade in goods reached EUR 52 billion in 2023. The next round of talks is scheduled for 12 March 2024.
"""


def test_the_eu_australia_example_reads_in_full() -> None:
    found = claims(EU_AUSTRALIA)
    assert [(c.id, c.kind, fields(c), refs(c), c.hedges) for c in found] == [
        ("european-union-duty-concessions", "demand", {"by": "European Union", "to": "Australia",
         "demand_kind": "duty concessions", "sectors": ["automobiles", "wine"]}, {}, []),
        ("australia-market-access", "demand", {"by": "Australia", "to": "European Union",
         "demand_kind": "market access", "sectors": ["HS 0201", "HS 0202", "HS 1701"]}, {}, []),
        ("european-union-concern-intellectual-property-standards", "concern", {
            "by": "European Union", "about": ["Australia"], "topic": "intellectual property standards"}, {}, []),
        ("australia-alternative-tariff-rate-quotas", "alternative", {
            "by": "Australia", "to": "European Union", "form": "tariff-rate quotas",
            "instead_of_form": "full tariff elimination"},
         {"instead_of": ["european-union-duty-concessions"]}, ["may"]),
        ("bilateral-trade-2023", "trade-figure", {
            "measure": "bilateral trade", "value": Decimal("52"), "scale": "billion", "currency": "EUR",
            "period": "2023", "reporter": "Australia", "partner": "European Union", "direction": "two-way"}, {}, []),
        ("negotiating-round", "event", {"event_kind": "negotiating round", "start": "2024-03-12"}, {}, []),
    ]


def test_alternative_with_no_demand_to_replace_says_so() -> None:
    alternative = only("Peru offers trusted partner programmes rather than blanket exemptions to Chile.", "alternative")
    assert "instead_of" not in alternative.refs
    assert alternative.notes == ["no demand found that this alternative replaces: fill in 'instead_of'"]


# ---------------------------------------------------------------- trade figures


def test_trade_figure_with_amount_currency_period_and_direction() -> None:
    c = only("Bilateral trade between Chile and Peru reached USD 12.5 billion in 2023-24.", "trade-figure")
    assert fields(c) == {"measure": "bilateral trade", "value": Decimal("12.5"), "scale": "billion",
                         "currency": "USD", "period": "2023-24", "reporter": "Chile", "partner": "Peru",
                         "direction": "two-way"}


def test_trade_deficit_is_a_negative_balance() -> None:
    c = only("Chile's trade deficit with Peru widened to Rs 3,500 crore in FY25.", "trade-figure")
    assert fields(c) == {"measure": "trade balance", "value": Decimal("-3500"), "scale": "crore", "currency": "INR",
                         "period": "FY25", "reporter": "Chile", "partner": "Peru", "direction": "reporter to partner"}


def test_exports_to_a_partner() -> None:
    c = only("Chile's exports to Peru were worth €800 million in 2024.", "trade-figure")
    assert fields(c) == {"measure": "exports", "value": Decimal("800"), "scale": "million", "currency": "EUR",
                         "period": "2024", "reporter": "Chile", "partner": "Peru", "direction": "reporter to partner"}


def test_period_from_earlier_in_the_paragraph() -> None:
    text = "Chile and Peru traded more in 2024-25. Bilateral trade reached $4 bn."
    c = only(text, "trade-figure")
    assert c.fields["period"] == "2024-25"
    assert "the sentence gives no period: '2024-25' is the one stated earlier in the paragraph" in c.notes


def test_percentage_change_is_not_a_value() -> None:
    assert [c for c in claims("Chile's exports to Peru rose 12 per cent in 2024.") if c.kind == "trade-figure"] == []


def test_partner_rank_with_consecutive_years() -> None:
    c = only("Peru remained Chile's second-largest trading partner for the third consecutive year in 2024.",
             "trade-figure")
    assert fields(c) == {"measure": "trading partner rank", "value": 2, "unit": "rank", "period": "2024",
                         "consecutive_periods": 3, "reporter": "Chile", "partner": "Peru", "direction": "two-way"}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("Chile's exports to Peru were worth $3.5 billion in fiscal 2024.",
     {"measure": "exports", "value": Decimal("3.5"), "scale": "billion", "currency": "USD", "period": "fiscal 2024",
      "reporter": "Chile", "partner": "Peru", "direction": "reporter to partner"}),
    ("India's exports to Chile reached Rs 1,000 crore in FY25.",
     {"measure": "exports", "value": Decimal("1000"), "scale": "crore", "currency": "INR", "period": "FY25",
      "reporter": "India", "partner": "Chile", "direction": "reporter to partner"}),
    ("Bilateral trade between Chile and Peru reached €2bn in 2023.",
     {"measure": "bilateral trade", "value": Decimal("2"), "scale": "billion", "currency": "EUR", "period": "2023",
      "reporter": "Chile", "partner": "Peru", "direction": "two-way"}),
])
def test_amounts_and_periods_as_news_writes_them(sentence: str, expected: dict[str, Any]) -> None:
    assert fields(only(sentence, "trade-figure")) == expected


def test_an_amount_is_never_a_rank() -> None:
    c = only("Trade between Chile and Peru was USD 5 billion in 2024, making Peru Chile's largest trading partner.",
             "trade-figure")
    assert fields(c) == {"measure": "trading partner rank", "value": 1, "unit": "rank", "period": "2024",
                         "reporter": "Chile", "partner": "Peru", "direction": "two-way"}


def test_a_percentage_with_no_measure_is_no_claim() -> None:
    assert claims("Chile's tariff on Peruvian rice exceeds 700%.") == []


def test_amount_without_a_measure_is_no_claim() -> None:
    assert claims("Chile paid USD 5 billion to Peru.") == []


# ---------------------------------------------------------------- events and statuses


def test_event_with_duration() -> None:
    c = only("The 90-day tariff pause gives Chile and Peru time.", "event")
    assert fields(c) == {"event_kind": "tariff pause", "duration": "P90D", "involves": ["Chile", "Peru"]}


def test_events_with_dates_each_take_their_own() -> None:
    text = "A negotiating round will be held on 12 May 2025, and the tariff pause ends on 9 July 2025."
    found = [fields(c) for c in claims(text)]
    assert found == [{"event_kind": "negotiating round", "start": "2025-05-12"},
                     {"event_kind": "tariff pause", "end": "2025-07-09"}]


def test_date_without_year_takes_the_publication_year() -> None:
    (c,) = claims("The tariff pause ends on July 9.", published=dt.date(2025, 4, 20))
    assert c.fields["end"] == "2025-07-09"


def test_date_without_year_and_no_publication_date_is_not_guessed() -> None:
    (c,) = claims("The tariff pause ends on July 9.")
    assert fields(c) == {"event_kind": "tariff pause"}


def test_event_word_without_date_duration_or_verb_is_no_event() -> None:
    assert claims("This offers an opportunity for formal talks.") == []


def test_occurred_event_with_both_sides() -> None:
    text = "Chile and Peru met. Preliminary discussions have taken place and both sides are keen."
    assert [fields(c) for c in claims(text)] == [{"event_kind": "preliminary discussions",
                                                  "involves": ["Chile", "Peru"]}]


def test_document_finalised() -> None:
    (c,) = claims("The terms of reference for the talks have been finalised.")
    assert fields(c) == {"event_kind": "document finalised"}


def test_statuses_next_to_an_agreement() -> None:
    text = ("Chile and Peru discuss the proposed Free Trade Agreement (FTA). The FTA has been signed. "
            "The ongoing negotiations continue.")
    draft = ingest_text(text, SourceInfo("t"))
    assert [(a.id, a.label, a.alt_labels, a.parties) for a in draft.agreements] == [
        ("fta", "Free Trade Agreement", ("FTA",), ("Chile", "Peru"))]
    assert [(c.fields["status"], c.fields.get("agreement"), len(c.quotes)) for c in draft.claims] == [
        ("proposed", "fta", 1), ("signed", "fta", 1), ("under negotiation", "fta", 1)]


def test_known_agreement_from_the_corpus_is_linked() -> None:
    from tradekg.graph.ingest.article import KnownAgreement

    known = [KnownAgreement("cp-fta", "Chile–Peru Free Trade Agreement", ("CPFTA",), ("Chile", "Peru"))]
    draft = ingest_text("The proposed CPFTA is near.", SourceInfo("t"), known)
    assert draft.default_agreement == known[0]
    assert [fields(c) for c in draft.claims] == [{"status": "proposed", "agreement": "cp-fta"}]
