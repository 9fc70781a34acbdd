"""Sentences with offsets, and mentions linked to the catalogue (parties, concepts, HS), on small texts."""

from __future__ import annotations

import pytest

from tradekg.graph.ingest.textscan import scan_text, split_sentences

US = "https://w3id.org/tradekg/id/party/US"
GB = "https://w3id.org/tradekg/id/party/GB"
IN = "https://w3id.org/tradekg/id/party/IN"


def linked(text: str) -> list[tuple[str, str, str]]:
    """(text, kind, label) of every linked mention, in order; checks the offsets on the way."""
    scanned = scan_text(text)
    for m in scanned.mentions:
        assert text[m.start:m.end] == m.text
    return [(m.text, m.entity.kind, m.entity.label) for m in scanned.mentions if m.entity]


def parties(text: str) -> list[tuple[str, str]]:
    return [(t, label) for t, kind, label in linked(text) if kind == "party"]


# ---------------------------------------------------------------- sentences


def test_sentences_have_offsets_into_the_text() -> None:
    text = "Title Of The Piece\n\nThe U.S. wants more. India said no!  Talks go on?\n\nLast one."
    sentences = split_sentences(text)
    assert [(s.text, s.heading) for s in sentences] == [
        ("Title Of The Piece", True),
        ("The U.S. wants more.", False),
        ("India said no!", False),
        ("Talks go on?", False),
        ("Last one.", False),
    ]
    for s in sentences:
        assert text[s.start:s.end] == s.text
    assert [s.block for s in sentences] == [0, 1, 1, 1, 2]


def test_hard_wrapped_paragraph_is_not_a_heading() -> None:
    text = "India is set to press the\nUnited States for access\nto chips.\n"
    sentences = split_sentences(text)
    assert [(s.text, s.heading) for s in sentences] == [
        ("India is set to press the\nUnited States for access\nto chips.", False)]


def test_a_stack_of_title_lines_is_one_heading_per_line() -> None:
    sentences = split_sentences("A title here\nAnother title line\n\nBody text.")
    assert [(s.text, s.heading) for s in sentences] == [
        ("A title here", True), ("Another title line", True), ("Body text.", False)]


def test_decimal_numbers_and_abbreviations_do_not_end_sentences() -> None:
    sentences = split_sentences("Trade reached USD 131.84 billion with the U.K. in 2024. Mr. Smith agreed.")
    assert [s.text for s in sentences] == ["Trade reached USD 131.84 billion with the U.K. in 2024.",
                                           "Mr. Smith agreed."]


# ---------------------------------------------------------------- parties


@pytest.mark.parametrize(("text", "expected"), [
    ("Indian exporters want more.", [("Indian", "India")]),
    ("The US wants more.", [("US", "United States")]),
    ("The U.S. wants more.", [("U.S.", "United States")]),
    ("American officials disagreed.", [("American", "United States")]),
    ("Talks with the UK resumed.", [("UK", "United Kingdom")]),
    ("Britain and Great Britain are one.", [("Britain", "United Kingdom"), ("Great Britain", "United Kingdom")]),
    ("The United States of America objected.", [("United States of America", "United States")]),
    ("India’s exporters and India's farmers.", [("India", "India"), ("India", "India")]),
    ("Russia and South Korea signed.", [("Russia", "Russian Federation"), ("South Korea", "Korea, Republic of")]),
    ("The EU and ASEAN met.", [("EU", "European Union"), ("ASEAN", "Association of Southeast Asian Nations")]),
    ("Japanese and British firms.", [("Japanese", "Japan"), ("British", "United Kingdom")]),
])
def test_party_names_aliases_and_demonyms(text: str, expected: list[tuple[str, str]]) -> None:
    assert parties(text) == expected


@pytest.mark.parametrize("text", [
    "us and them",                         # the pronoun is not the US
    "The IT sector grew; it is in CAN form.",  # ISO codes IT (Italy), CAN (Canada) are words here
    "The Indian Ocean is wide.",           # a demonym inside a name
    "Latin American markets opened.",
    "South American demand rose.",
])
def test_words_that_are_not_parties(text: str) -> None:
    assert parties(text) == []


def test_every_demonym_in_the_alias_table_links_to_its_party() -> None:
    from tradekg.graph.sources.vocabulary import all_parties

    with_demonyms = [p for p in all_parties() if p.demonyms]
    assert len(with_demonyms) >= 40
    for record in with_demonyms:
        for demonym in record.demonyms:
            found = parties(f"Some {demonym} firms said so.")
            assert found == [(demonym, record.label)], demonym


def test_demonyms_do_not_name_parties_in_authoring_files() -> None:
    from tradekg.graph.sources.vocabulary import NameNotFound, resolve_party

    with pytest.raises(NameNotFound):
        resolve_party("Indian")


# ---------------------------------------------------------------- concepts and HS


@pytest.mark.parametrize(("text", "expected"), [
    ("Duties on EVs and chips.", [("Duties", "negotiation-topic", "tariffs"),
                                  ("EVs", "sector", "electric vehicles"),
                                  ("chips", "technology", "semiconductors")]),
    ("gems & jewellery, gems and jewelry", [("gems & jewellery", "sector", "gems and jewellery"),
                                            ("gems and jewelry", "sector", "gems and jewellery")]),
    ("worries over cyber security and IP standards",
     [("cyber security", "concern-topic", "cybersecurity"),
      ("IP standards", "concern-topic", "intellectual property standards")]),
    ("trusted partner programs or project-specific licenses",
     [("trusted partner programs", "instrument-form", "trusted partner programmes"),
      ("project-specific licenses", "instrument-form", "project-specific licences")]),
    ("customs facilitation and services", [("customs facilitation", "negotiation-topic", "customs facilitation"),
                                           ("services", "negotiation-topic", "services")]),
    ("a 90-day tariff pause", [("tariff pause", "event-kind", "tariff pause")]),
])
def test_concept_labels_and_alternative_labels(text: str, expected: list[tuple[str, str, str]]) -> None:
    assert linked(text) == expected


def test_longest_match_wins() -> None:
    assert linked("industrial goods and electric vehicles") == [
        ("industrial goods", "sector", "industrial goods"), ("electric vehicles", "sector", "electric vehicles")]


def test_acronyms_match_only_in_capitals() -> None:
    assert linked("AI and ai") == [("AI", "technology", "artificial intelligence")]


def test_capitalised_common_noun_inside_a_name_is_not_a_sector() -> None:
    assert linked("The Bilateral Trade Agreement covers wine.") == [("wine", "sector", "wine")]


def test_one_span_keeps_every_concept_it_names() -> None:
    scanned = scan_text("The trade surplus grew.")
    (m,) = scanned.mentions
    assert [(e.kind, e.label) for e in m.links] == [("concern-topic", "trade imbalance"), ("measure", "trade balance")]


def test_hs_descriptions_link_products_the_schemes_lack() -> None:
    scanned = scan_text("Tariffs on textiles, natural rubber, cotton and coffee.")
    found = [(m.text, m.entity.kind, m.entity.iri.rsplit("/", 1)[-1]) for m in scanned.mentions]
    assert found == [
        ("Tariffs", "negotiation-topic", "tariffs"),
        ("textiles", "sector", "textiles"),
        ("natural rubber", "hs", "4001"),
        ("cotton", "hs", "52"),      # the chapter described by the word alone
        ("coffee", "hs", "0901"),    # chapter "Coffee, tea, mate and spices" vs heading "Coffee, ...": the heading
    ]
    assert scanned.mentions[2].entity.label.startswith("HS 4001: Natural rubber")


def test_one_word_hs_heads_need_a_product_list() -> None:
    # "coffee" alone, with no known product beside it, could be anything: it is left out.
    assert linked("They met over coffee.") == []


def test_text_with_no_known_entity() -> None:
    scanned = scan_text("Nothing here names a country or a sector.\n\nNor does this.")
    assert scanned.mentions == []
    assert len(scanned.sentences) == 2


# ---------------------------------------------------------------- capitals, product words, topic words (ingest only)


def links(text: str) -> list[tuple[str, list[tuple[str, str]]]]:
    """(text, [(kind, id or HS code)]) of every mention, every link it has."""
    return [(m.text, [(e.kind, e.iri.rsplit("/", 1)[-1]) for e in m.links]) for m in scan_text(text).mentions]


@pytest.mark.parametrize(("text", "expected"), [
    ("Brussels has raised concerns.", [("Brussels", "European Union")]),
    ("The European Commission objected.", [("European Commission", "European Union")]),
    ("Washington wants more.", [("Washington", "United States")]),
    ("New Delhi said no.", [("New Delhi", "India")]),
    ("Canberra may offer more.", [("Canberra", "Australia")]),
    ("Tokyo objected.", [("Tokyo", "Japan")]),
    ("London agreed with Beijing.", [("London", "United Kingdom"), ("Beijing", "China")]),
    ("Hanoi and Montevideo replied.", [("Hanoi", "Viet Nam"), ("Montevideo", "Uruguay")]),
])
def test_capitals_stand_for_their_governments(text: str, expected: list[tuple[str, str]]) -> None:
    assert parties(text) == expected


@pytest.mark.parametrize("text", [
    "Talks were held in Brussels.",       # after "in"/"at": the place
    "Officials met at Tokyo.",
    "The Washington Post reported it.",   # inside a longer name
    "Greater London grew.",
    "Brussels-based lobby groups agreed.",  # a hyphenated adjective of place
])
def test_capitals_that_are_places_or_parts_of_names(text: str) -> None:
    assert parties(text) == []


def test_capitals_do_not_name_parties_in_authoring_files() -> None:
    from tradekg.graph.sources.vocabulary import NameNotFound, resolve_party

    with pytest.raises(NameNotFound):
        resolve_party("Brussels")


@pytest.mark.parametrize(("text", "expected"), [
    ("Australia seeks access for its beef.",  # no other product in the sentence: still a product
     [("Australia", [("party", "AU")]), ("beef", [("hs", "0201"), ("hs", "0202")])]),
    ("Tariffs on steel, machinery and electronics.",  # chapters, not the narrower headings the HS heads name
     [("Tariffs", [("negotiation-topic", "tariffs")]), ("steel", [("hs", "72")]), ("machinery", [("hs", "84")]),
      ("electronics", [("hs", "85")])]),
    ("Duties on medicines, sugar and palm oil.",
     [("Duties", [("negotiation-topic", "tariffs")]), ("medicines", [("technology", "pharmaceuticals")]),
      ("sugar", [("hs", "1701")]), ("palm oil", [("hs", "1511")])]),
    ("Tariffs on Scotch whisky, lamb and soybeans.",
     [("Tariffs", [("negotiation-topic", "tariffs")]), ("Scotch whisky", [("hs", "2208")]), ("lamb", [("hs", "0204")]),
      ("soybeans", [("hs", "1201")])]),
])
def test_everyday_product_words(text: str, expected: list[tuple[str, list[tuple[str, str]]]]) -> None:
    assert links(text) == expected


def test_capitalised_product_word_inside_a_name_is_no_product() -> None:
    assert links("The Steel Authority of India reported.") == [("India", [("party", "IN")])]


def test_topic_words_and_quota_forms() -> None:
    assert links("geographical indications, GIs and patent protection; a quota system, TRQs or full tariff "
                 "elimination") == [
        ("geographical indications", [("concern-topic", "intellectual-property")]),
        ("GIs", [("concern-topic", "intellectual-property")]),
        ("patent protection", [("concern-topic", "intellectual-property")]),
        ("quota system", [("instrument-form", "tariff-rate-quota")]),
        ("TRQs", [("instrument-form", "tariff-rate-quota")]),
        ("full tariff elimination", [("instrument-form", "tariff-elimination")]),
    ]


def test_word_tables_name_real_catalogue_entries() -> None:
    from tradekg.graph.ingest.catalogue import METONYMS, PRODUCT_WORDS, TOPIC_WORDS
    from tradekg.graph.sources import vocabulary as vocab

    for party in METONYMS.values():
        vocab.resolve_party(party)
    for refs in PRODUCT_WORDS.values():
        for ref in refs:
            code = vocab.parse_hs_reference(ref)
            sectors = [vocab.TK.Sector, vocab.TK.TechnologyArea]
            assert vocab.hs_exists(code) if code else vocab.resolve_concept(ref, sectors, "sector"), ref
    for topic in TOPIC_WORDS.values():
        vocab.resolve_concept(topic, [vocab.TK.ConcernTopic], "topic")
