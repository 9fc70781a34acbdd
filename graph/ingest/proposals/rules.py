"""Candidate claims proposed from an article's sentences, by cue phrases and the mentions around them.

Every rule reads one sentence: the parties, sectors, topics and amounts found in it (see
:mod:`tradekg.graph.textscan`) and English cue phrases — a party *seeking*, *pressing for*,
*asking* something; *concerns over* something; alternatives *such as* / *rather than* /
*instead of*; trade figures; events with a duration, a date or a verb saying they happened;
an agreement's status. Each candidate quotes its sentence with offsets, carries a confidence
(how sure the rule is of its reading, not how sure the source is of the fact) and notes on
what a reviewer should check. Hedged reporting ("is expected to", "may") is kept as hedges.

The rules are general English patterns; they are tested on small texts in
``tests/test_ingest_*.py``, and measured on the bundled article by ``benchmarks/ingest_eval.py``.
"""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from tradekg.graph.quantities import (
    Amount,
    Span,
    find_amounts,
    find_dates,
    find_durations,
    find_periods,
    ordinal_value,
)
from tradekg.graph.textscan import Entity, Mention, ScannedText, Sentence

# No sentence of reporting is this long; longer "sentences" are lists or scraped page furniture,
# and leaving them out keeps the rules' work per sentence bounded.
MAX_SENTENCE_CHARS = 2000
# Cue phrases that must come right before a word are looked for in this many characters before it.
_WINDOW = 60


def _before(text: str, pos: int) -> str:
    return text[max(0, pos - _WINDOW):pos]


# ---------------------------------------------------------------- cue phrases (English)

_I = re.IGNORECASE
HEDGE = re.compile(
    r"\b(?:is|are|was|were)\s+(?:set|expected|likely|unlikely|poised|slated|tipped|understood|said|reported|"
    r"believed|learnt|learned)\s+to\b"
    r"|\b(?:will|would|could|may|might)\s+(?:likely|possibly|probably)\b"
    r"|\b(?:[Mm]ay(?![\s-]+\d)|might|could)\b|\blikely\b|\breportedly\b|\bplans?\s+to\b|\baims?\s+to\b|\bis\s+considering\b"
    r"|\bsources\s+said\b|\baccording\s+to\s+(?:sources|officials|people)\b",
    _I,
)
DEMAND_CUE = re.compile(
    r"\b(?:seeks?|seeking|sought|press(?:es|ed|ing)?(?:\s+for)?|push(?:es|ed|ing)?\s+for|"
    r"ask(?:s|ed|ing)?(?:\s+for)?|demand(?:s|ed|ing)?|request(?:s|ed|ing)?|urg(?:e|es|ed|ing)|"
    r"call(?:s|ed|ing)?\s+(?:for|on)|wants?|wanted|lobb(?:y|ies|ied|ying)\s+for|insist(?:s|ed|ing)?\s+on|"
    r"pressur(?:e|es|ed|ing)|would\s+like)\b",
    _I,
)
_DEMAND_NOUN = re.compile(r"^(?:requests?|demands?)$", _I)
# "request" and "demand" are verbs after "to", a modal, or right after their subject.
_VERB_BEFORE = re.compile(r"^\s*$|\b(?:to|will|would|may|might|could|shall|should|must|also|now|then|formally)\s+$", _I)
PARITY_CUE = re.compile(
    r"\b(?:on|at)\s+par\s+with\b|\bparity\s+with\b|\bthe\s+same\s+(?:treatment|terms|access)\s+as\b"
    r"|\bsimilar\s+(?:treatment|terms|access)\s+(?:to|as)\b|\bon\s+the\s+same\s+(?:terms|footing)\s+as\b",
    _I,
)
# What a party offers in return is not part of what it asks for: a demand's object ends here.
OFFER_CUE = re.compile(r"\b(?:in\s+return\s+for|in\s+exchange\s+for)\b", _I)
RECIPROCITY_CUE = re.compile(r"^\W*(in\s+return|in\s+exchange|in\s+turn)\b|\b(in\s+return\s+for|in\s+exchange\s+for)\b",
                             _I)
CONCERN_CUE = re.compile(
    r"\b(?:concerns?|concerned|worries|worried|worry|fears?|reservations|objections?|apprehensions?|misgivings|"
    r"unease|uneasy|qualms|oppos(?:e|es|ed|ing)|object(?:s|ed|ing)?|complain(?:s|ed|ing)?|wary|alarmed|"
    r"sceptical|skeptical|criticis(?:e|es|ed|ing)|criticiz(?:e|es|ed|ing)|protest(?:s|ed|ing)?)\b"
    r"(?:\s+(?:over|about|regarding|on|with|around|at|that|to|of|by|against))?",
    _I,
)
CAUSAL_BEFORE = re.compile(r"\b(?:due\s+to|because\s+of|owing\s+to|given|amid|on\s+account\s+of|in\s+view\s+of)"
                           r"(?:\s+\w+){0,2}\s*$", _I)
BLOCKING = re.compile(
    r"\b(?:block(?:s|ed|ing)?|stall(?:s|ed|ing)?|hold(?:s|ing)?\s+up|held\s+up|stand(?:s|ing)?\s+in\s+the\s+way|"
    r"stood\s+in\s+the\s+way|hinder(?:s|ed|ing)?|imped(?:e|es|ed|ing)|obstacles?|stumbling\s+blocks?|"
    r"sticking\s+points?|hurdles?)\b",
    _I,
)
ALTERNATIVE_CUE = re.compile(r"\balternatives?\b(?:\s+(?:like|such\s+as|including|to))?", _I)
REPLACEMENT_CUE = re.compile(r"\b(?:instead\s+of|rather\s+than|in\s+place\s+of|in\s+lieu\s+of|"
                             r"as\s+an?\s+alternative\s+to)\b", _I)
# Where one clause of a sentence may end and another begin ("X seeks A, while Y wants B"; "...; Y
# presses for B"). A boundary counts only when the next clause opens with a party that then asks
# or worries (see ``_Reading.clauses``), so lists ("Australia, the UK, and Japan") stay whole.
CLAUSE_BOUNDARY = re.compile(r"\s*;\s+|,\s+(?:and|but|while|whereas)\s+|\s+(?:while|whereas)\s+", _I)
# A comma and one of these starts a subordinate clause: what follows is no longer the object of
# the cue before it ("..., arguing it would raise the price of medicines").
SUBORDINATE = re.compile(r",\s+(?:which|who|arguing|saying|citing|fearing|claiming|noting|warning|adding|because|"
                         r"since|amid|although|though|even\s+though|despite|as\s+it|as\s+they)\b", _I)
OCCURRED = re.compile(
    r"\b(?:held|took\s+place|taken\s+place|take\s+place|began|begun|begins?|started|starts?|ended|ends?|"
    r"expire[sd]?|concluded|scheduled|announced|completed|resumed|kick(?:s|ed)?\s+off|launched|"
    r"came\s+into\s+effect|comes?\s+into\s+effect|took\s+effect)\b",
    _I,
)
END_CUE = re.compile(r"\b(?:until|till|by|deadline|expires?|expiring|ends?|ending)\s+(?:on\s+)?$", _I)
BOTH_SIDES = re.compile(r"\b(?:both\s+sides|both\s+countries|both\s+nations|the\s+two\s+(?:sides|countries|nations))\b",
                        _I)
DOCUMENT_NOUN = re.compile(r"\b(?:terms\s+of\s+reference|ToRs?|text|framework|document|draft|agreement)\b", _I)
RANK = re.compile(
    r"\b(?:(?P<ord>second|third|fourth|fifth|\d+(?:st|nd|rd|th))[\s-])?(?P<sup>largest|biggest|top|leading)"
    r"\s+trad(?:e|ing)\s+partner\b",
    _I,
)
CONSECUTIVE = re.compile(
    r"\b(?P<a>\w+)\s+(?:consecutive|straight|successive)\s+(?:years?|fiscal\s+years?|quarters?|times?)\b"
    r"|\bfor\s+the\s+(?P<b>\w+)\s+(?:year|time)\s+running\b",
    _I,
)
BETWEEN = re.compile(r"\bbetween\s*$", _I)
PARTNER_BEFORE = re.compile(r"\b(?:to|from|with)\s+(?:the\s+)?$", _I)
# A percentage next to one of these verbs is a change ("rose 12 per cent"), not the measure's value.
CHANGE_VERB = re.compile(r"\b(?:rose|rise[sn]?|fell|fall(?:s|en)?|grew|grow(?:s|n)?|increased?|declined?|jumped|"
                         r"dropped|surged|slipped|up|down)\s+(?:by\s+)?$", _I)
STATUS_AFTER_AGREEMENT = re.compile(
    r"^\s*(?:,[^,]{0,60},)?\s*(?:has|have|had|was|were|is|are)?\s*(?:been\s+)?(?:now\s+|already\s+|formally\s+)?$", _I)
NEGOTIATION_NOUN = re.compile(r"^(?:\s+[\w-]+){0,3}?\s+(?:negotiations?|talks)\b", _I)

# What a trade measure says about direction, by the measure concept's id.
_DIRECTION_OF_MEASURE = {
    "bilateral-trade": "two-way", "partner-rank": "two-way", "exports": "reporter to partner",
    "imports": "partner to reporter", "trade-balance": "reporter to partner",
}
# Demand-kind labels the rules fall back to when a sentence names no demand kind.
TECHNOLOGY_ACCESS = "technology access"
DUTY_CONCESSIONS = "duty concessions"
MARKET_ACCESS = "market access"


# ---------------------------------------------------------------- candidates


@dataclass(frozen=True)
class Quote:
    text: str
    start: int
    end: int
    sentence: int


@dataclass(eq=False)  # compared by identity: claims refer to each other
class Candidate:
    """A proposed claim: its kind, authoring-file fields, quotes, hedges and how sure the rule is."""

    kind: str
    fields: dict[str, Any]
    quotes: list[Quote]
    confidence: float
    hedges: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    refs: dict[str, list[Candidate]] = field(default_factory=dict)  # claim references, resolved to ids
    id: str = ""
    _ref_ids: dict[str, set[int]] = field(default_factory=dict, repr=False)

    @property
    def position(self) -> int:
        return self.quotes[0].start

    def add_note(self, note: str) -> None:
        if note not in self.notes:
            self.notes.append(note)

    def add_ref(self, key: str, other: Candidate) -> None:
        seen = self._ref_ids.setdefault(key, set())
        if id(other) not in seen:
            seen.add(id(other))
            self.refs.setdefault(key, []).append(other)

    def clear_refs(self, key: str) -> list[Candidate]:
        self._ref_ids.pop(key, None)
        return self.refs.pop(key, [])


def _clamp(x: float) -> float:
    return round(min(0.95, max(0.05, x)), 2)


# ---------------------------------------------------------------- one sentence, read


@dataclass
class _Reading:
    """A sentence with its mentions, offsets relative to the sentence."""

    sentence: Sentence
    mentions: list[Mention]
    _clauses: list[tuple[int, int]] | None = None

    @property
    def text(self) -> str:
        return self.sentence.text

    def rel(self, m: Mention) -> tuple[int, int]:
        return m.start - self.sentence.start, m.end - self.sentence.start

    def of_kind(self, *kinds: str) -> list[Mention]:
        return [m for m in self.mentions if m.of_kind(*kinds) is not None]

    def parties(self) -> list[Mention]:
        return self.of_kind("party")

    def between(self, a: int, b: int) -> str:
        return self.text[a:b] if a <= b else ""

    def possessive(self, m: Mention) -> bool:
        end = self.rel(m)[1]
        return bool(re.match(r"['’]s?\b|['’]", self.text[end:end + 2])) and not self.text[end:end + 3].startswith("' ")

    def quote(self) -> Quote:
        s = self.sentence
        return Quote(s.text, s.start, s.end, s.index)

    def hedges(self, start: int = 0, end: int | None = None) -> list[str]:
        """Hedges of the sentence, or of the span ``start:end`` of it (one clause)."""
        found = HEDGE.finditer(self.text, start, len(self.text) if end is None else end)
        return list(dict.fromkeys(" ".join(m.group(0).lower().split()) for m in found))

    def clauses(self) -> list[tuple[int, int]]:
        """(start, end) of the sentence's clauses: split where a new clause opens with a party that asks or worries."""
        if self._clauses is None:
            candidates = list(CLAUSE_BOUNDARY.finditer(self.text))
            spans, start = [], 0
            for n, b in enumerate(candidates):
                seg_end = candidates[n + 1].start() if n + 1 < len(candidates) else len(self.text)
                if self._opens_claim(b.end(), seg_end):
                    spans.append((start, b.start()))
                    start = b.end()
            spans.append((start, len(self.text)))
            self._clauses = spans
        return self._clauses

    def _opens_claim(self, start: int, end: int) -> bool:
        subject = next((m for m in self.parties() if start <= self.rel(m)[0] < end), None)
        if subject is None or len(self.text[start:self.rel(subject)[0]].split()) > 2:
            return False  # the clause does not open with a party ("while Australia ...", "; the EU ...")
        after = self.rel(subject)[1]
        return bool(DEMAND_CUE.search(self.text, after, end) or CONCERN_CUE.search(self.text, after, end))

    def clause_of(self, pos: int) -> tuple[int, int]:
        return next(((a, b) for a, b in self.clauses() if a <= pos < b), (0, len(self.text)))

    def object_end(self, pos: int) -> int:
        """Where the object of a cue ending at ``pos`` ends: its clause's end, an offer, a subordinate clause."""
        end = self.clause_of(pos)[1]
        for pattern in (OFFER_CUE, SUBORDINATE):
            m = pattern.search(self.text, pos, end)
            if m:
                end = m.start()
        return end


def _names(m: Mention, kind: str, concept_id: str) -> bool:
    """Whether ``m`` links the concept of ``kind`` whose id is ``concept_id``."""
    return any(e.kind == kind and e.iri.rsplit("/", 1)[-1] == concept_id for e in m.links)


def _party(m: Mention) -> Entity:
    e = m.of_kind("party")
    assert e is not None
    return e


def _nearest_before(items: Sequence[Mention], reading: _Reading, pos: int) -> Mention | None:
    before = [m for m in items if reading.rel(m)[1] <= pos]
    return before[-1] if before else None


def _distinct(entities: Iterable[Entity]) -> list[Entity]:
    return list({e.iri: e for e in entities}.values())


# ---------------------------------------------------------------- the article as a whole


@dataclass
class _Article:
    scanned: ScannedText
    readings: list[_Reading]
    main_parties: list[Entity]
    agreement: Entity | None
    default_year: int | None

    def counterpart(self, party: Entity | None) -> Entity | None:
        """The article's other main party: whom a party's demand is addressed to when no one is named."""
        return next((p for p in self.main_parties if party is None or p.iri != party.iri), None)

    blocks: dict[int, list[_Reading]] = field(default_factory=dict)
    # The last demand each party made in each paragraph, for a later "its request" to refer to.
    last_demand: dict[tuple[str, int], Candidate] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for r in self.readings:
            self.blocks.setdefault(r.sentence.block, []).append(r)

    def block_parties(self, reading: _Reading) -> list[Entity]:
        return _distinct(_party(m) for r in self.blocks[reading.sentence.block] for m in r.parties())

    def earlier_period(self, reading: _Reading) -> Span | None:
        """The last period stated earlier in the same paragraph."""
        found = None
        for r in self.blocks[reading.sentence.block]:
            if r.sentence.index < reading.sentence.index:
                periods = find_periods(r.text)
                if periods:
                    found = periods[-1]
        return found


def main_parties(mentions: Iterable[Mention], n: int = 2) -> list[Entity]:
    """The parties the article mentions most (ties: first mentioned first)."""
    counts: Counter[str] = Counter()
    first: dict[str, tuple[int, Entity]] = {}
    for m in mentions:
        e = m.of_kind("party")
        if e is not None:
            counts[e.iri] += 1
            first.setdefault(e.iri, (m.start, e))
    ranked = sorted(counts, key=lambda iri: (-counts[iri], first[iri][0]))
    return [first[iri][1] for iri in ranked[:n]]


def propose_claims(scanned: ScannedText, agreement: Entity | None = None,
                   published: dt.date | None = None) -> list[Candidate]:
    """Candidate claims for every sentence of ``scanned`` (headings excepted), merged and linked."""
    by_sentence = scanned.by_sentence()
    readings = [_Reading(s, by_sentence.get(s.index, [])) for s in scanned.sentences
                if not s.heading and len(s.text) <= MAX_SENTENCE_CHARS]
    article = _Article(scanned, readings, main_parties(scanned.mentions), agreement,
                       published.year if published else None)
    found: list[Candidate] = []
    for reading in readings:
        sentence_claims: list[Candidate] = []
        sentence_claims += _demands(article, reading)
        sentence_claims += _figures(article, reading)
        alternatives = _alternatives(article, reading)
        concerns = _concerns(article, reading, alternatives, sentence_claims)
        sentence_claims += alternatives + concerns
        sentence_claims += _events(article, reading)
        sentence_claims += _statuses(article, reading)
        found += sentence_claims
    merged = _merge(found)
    _link(merged)
    return merged


# ---------------------------------------------------------------- demands


def _demand_kind(reading: _Reading, after: int, end: int | None = None) -> tuple[str | None, str]:
    """The demand kind a sentence names between the cue and ``end`` (its object), and how it was decided."""
    end = len(reading.text) if end is None else end
    later = [m for m in reading.mentions if after <= reading.rel(m)[0] < end]
    named = next((m.of_kind("demand-kind") for m in later if m.of_kind("demand-kind")), None)
    if named is not None:
        return named.label, "named"
    if any(_names(m, "concern-topic", "export-controls") for m in later):
        return TECHNOLOGY_ACCESS, "technology areas or export controls named"
    # Tariffs named make it duty concessions even on technology products ("duties on pharmaceuticals").
    if any(_names(m, "negotiation-topic", "tariffs") for m in later):
        return DUTY_CONCESSIONS, "tariffs or duties named"
    if any(m.of_kind("technology") for m in later):
        return TECHNOLOGY_ACCESS, "technology areas or export controls named"
    if any(m.of_kind("sector", "hs") for m in later):
        return MARKET_ACCESS, "sectors named"
    return None, ""


_GOAL_CUE = re.compile(r"wants?|wanted|seeks?|seeking|sought|would\s+like", _I)


def _asks_for_something(reading: _Reading, start: int, end: int) -> bool:
    """Whether the text between a cue and the end of its object names something one party asks of another:
    a demand kind, tariffs or duties, export controls."""
    return any(m.of_kind("demand-kind") or _names(m, "negotiation-topic", "tariffs")
               or _names(m, "concern-topic", "export-controls")
               for m in reading.mentions if start <= reading.rel(m)[0] < end)


def _sector_names(m: Mention) -> list[str]:
    """How a draft names the sectors a mention links: the concept's label, else every HS entry ("beef": two)."""
    e = m.of_kind("sector", "technology")
    if e is not None:
        return [e.label]
    return [f"HS {hs.iri.rsplit('/', 1)[-1]}" for hs in m.links if hs.kind == "hs"]


def _demands(article: _Article, reading: _Reading) -> list[Candidate]:
    out: list[Candidate] = []
    parties = reading.parties()
    done: set[tuple[int, int]] = set()
    for cue in DEMAND_CUE.finditer(reading.text):
        clause = reading.clause_of(cue.start())
        if clause in done:
            continue  # one demand per clause: the first cue with a requester reads the clause
        requester_m = _nearest_before([m for m in parties if reading.rel(m)[0] >= clause[0]], reading, cue.start())
        if requester_m is None:
            continue
        requester = _party(requester_m)
        object_end = reading.object_end(cue.end())
        if _GOAL_CUE.fullmatch(cue.group(0)) and re.match(r"\s+to\s+\w", reading.text[cue.end():]) \
                and not _asks_for_something(reading, cue.end(), object_end):
            continue  # "India wants to double its rice exports": its own goal, nothing asked of anyone
        noun = bool(_DEMAND_NOUN.match(cue.group(0))) and not _VERB_BEFORE.search(
            reading.between(reading.rel(requester_m)[1], cue.start()))
        if noun and not reading.possessive(requester_m):
            continue  # "demand for oil": a noun cue needs its party ("India's request")
        confidence = 0.8 - (0.05 if noun else 0)
        c = Candidate("demand", {"by": requester.label}, [reading.quote()], confidence, reading.hedges(*clause))
        # Whom: a party right after the verb ("press the United States"), after from/of, else another
        # party of the sentence, else the article's other main party.
        after = [m for m in parties if cue.end() <= reading.rel(m)[0] < object_end
                 and _party(m).iri != requester.iri]
        parity_cue = PARITY_CUE.search(reading.text, cue.end(), object_end)
        parity_start = parity_cue.start() if parity_cue else len(reading.text)
        direct = next((m for m in after if reading.rel(m)[0] < parity_start and re.fullmatch(
            r"\s*(?:(?:from|of|on|upon|that)\s+)?(?:the\s+)?", reading.between(cue.end(), reading.rel(m)[0]), _I)),
            None)
        if direct is None:
            direct = next((m for m in after if reading.rel(m)[0] < parity_start and re.search(
                r"\b(?:from|of)\s+(?:the\s+)?$", reading.between(cue.end(), reading.rel(m)[0]), _I)), None)
        addressee: Entity | None = _party(direct) if direct else None
        if addressee is None:
            others = [_party(m) for m in parties if _party(m).iri != requester.iri
                      and (parity_cue is None or reading.rel(m)[0] < parity_cue.start())]
            main = {p.iri for p in article.main_parties}
            preferred = [p for p in others if p.iri in main] or others
            if preferred:
                addressee = preferred[0]
                c.confidence -= 0.1
                c.add_note(f"'to' is {addressee.label}, another party of the sentence")
            else:
                addressee = article.counterpart(requester)
                c.confidence -= 0.2
                if addressee is not None:
                    c.add_note(f"'to' is not in the sentence: {addressee.label} is the article's other main party")
        if addressee is not None:
            c.fields["to"] = addressee.label
        kind, why = _demand_kind(reading, cue.end(), object_end)
        if kind is None:
            previous = article.last_demand.get((requester.iri, reading.sentence.block))
            if previous is None:
                continue  # a demand cue with nothing asked: not a claim
            kind, why = previous.fields["demand_kind"], "taken from the same party's demand earlier in the paragraph"
            c.confidence -= 0.2
            if previous.fields.get("to"):
                c.fields["to"] = previous.fields["to"]
        if why != "named":
            c.confidence -= 0.1
            c.add_note(f"demand_kind '{kind}': {why}")
        c.fields["demand_kind"] = kind
        sectors = [name for m in reading.mentions if cue.end() <= reading.rel(m)[0] < object_end
                   for name in _sector_names(m)]
        c.fields["sectors"] = list(dict.fromkeys(sectors))
        if parity_cue is not None:
            benchmarks = _distinct(_party(m) for m in parties if parity_cue.end() <= reading.rel(m)[0] < object_end
                                   and _party(m).iri not in (requester.iri, addressee.iri if addressee else ""))
            if benchmarks:
                c.fields["parity_with"] = [p.label for p in benchmarks]
        reciprocity = RECIPROCITY_CUE.search(reading.text)
        if reciprocity:
            c.fields["reciprocity_cue"] = " ".join((reciprocity.group(1) or reciprocity.group(2)).split())
        c.confidence = _clamp(c.confidence)
        out.append(c)
        article.last_demand[(requester.iri, reading.sentence.block)] = c
        done.add(clause)
    return out


# ---------------------------------------------------------------- concerns


def _concerns(article: _Article, reading: _Reading, alternatives: list[Candidate],
              same_sentence: list[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
    parties = reading.parties()
    topics = reading.of_kind("concern-topic")
    done: set[tuple[int, int]] = set()
    for cue in CONCERN_CUE.finditer(reading.text):
        clause = reading.clause_of(cue.start())
        if clause in done:
            continue
        object_end = reading.object_end(cue.end())
        after = [m for m in topics if cue.end() <= reading.rel(m)[0] < object_end]
        if not after:
            continue
        confidence = 0.75
        holder_m = _nearest_before([m for m in parties if reading.rel(m)[0] >= clause[0]], reading, cue.start())
        holder = _party(holder_m) if holder_m else None
        first_topic = reading.rel(after[0])[0]
        # About: parties between the cue and the first topic ("concerns over India's ..."), or a
        # possessive party right before a topic.
        about = _distinct(_party(m) for m in parties if cue.end() <= reading.rel(m)[0] < first_topic)
        if holder is None:
            holder = article.counterpart(about[0] if about else None)
            confidence -= 0.2
        if not about:
            counterpart = article.counterpart(holder)
            about = [counterpart] if counterpart else []
            confidence -= 0.1
        causal = bool(CAUSAL_BEFORE.search(_before(reading.text, cue.start())))
        blocking = bool(BLOCKING.search(reading.text))
        figures = [c for c in same_sentence if c.kind == "trade-figure"]
        for n, topic_m in enumerate(after):
            topic = topic_m.of_kind("concern-topic")
            assert topic is not None
            seg_start = reading.rel(topic_m)[1]
            seg_end = reading.rel(after[n + 1])[0] if n + 1 < len(after) else clause[1]
            involved = _distinct(_party(m) for m in parties if seg_start <= reading.rel(m)[0] < seg_end
                                 and _party(m).iri not in {p.iri for p in [*about, *([holder] if holder else [])]})
            c = Candidate("concern", {"by": holder.label if holder else None, "about": [p.label for p in about],
                                      "topic": topic.label}, [reading.quote()], _clamp(confidence),
                          reading.hedges(*clause))
            if holder_m is None:
                c.add_note("'by' is not in the sentence: the article's other main party is assumed")
            if involved:
                c.fields["involves"] = [p.label for p in involved]
            for figure in figures:
                c.add_ref("figures", figure)
            if causal and alternatives:
                c.add_ref("conditions_via", alternatives[0])
                c.add_note("the sentence gives this concern as a reason for an alternative: it conditions the demand "
                           "the alternative replaces")
            if blocking:
                c.add_ref("blocks_pending", c)
            for alt in alternatives:
                if alt.fields.get("by") == c.fields["by"]:
                    alt.add_ref("addresses", c)
            out.append(c)
        done.add(clause)  # one cue per clause carries the list of topics
    return out


# ---------------------------------------------------------------- alternatives


def _alternatives(article: _Article, reading: _Reading) -> list[Candidate]:
    forms = reading.of_kind("instrument-form")
    if not forms:
        return []
    replacement = REPLACEMENT_CUE.search(reading.text)
    # "X as an alternative to Y" is a replacement cue, not "alternatives such as X".
    cue = next((m for m in ALTERNATIVE_CUE.finditer(reading.text)
                if replacement is None or not replacement.start() <= m.start() < replacement.end()), None)
    if cue is None and replacement is None:
        return []
    split = replacement.start() if replacement else len(reading.text)
    start = cue.start() if cue else 0
    proposed = [m for m in forms if start <= reading.rel(m)[0] < split]
    replaced = next((m for m in forms if replacement and reading.rel(m)[0] >= replacement.end()), None)
    if not proposed:
        return []
    anchor = min(reading.rel(proposed[0])[0], cue.start() if cue else split)
    parties = reading.parties()
    by_m = _nearest_before(parties, reading, anchor)
    confidence = 0.75 if replacement else 0.65
    by = _party(by_m) if by_m else None
    if by is None:
        confidence -= 0.2
    others = [_party(m) for m in parties if by is None or _party(m).iri != by.iri]
    main = {p.iri for p in article.main_parties}
    to = next((p for p in others if p.iri in main), others[0] if others else article.counterpart(by))
    out = []
    for m in proposed:
        form = m.of_kind("instrument-form")
        assert form is not None
        fields: dict[str, Any] = {"by": by.label if by else None, "to": to.label if to else None, "form": form.label}
        replaced_form = replaced.of_kind("instrument-form") if replaced else None
        if replaced_form is not None and replaced_form.iri != form.iri:
            fields["instead_of_form"] = replaced_form.label
        c = Candidate("alternative", fields, [reading.quote()], _clamp(confidence), reading.hedges())
        if by is None:
            c.add_note("'by' is not in the sentence")
        out.append(c)
    return out


# ---------------------------------------------------------------- trade figures


def _figures(article: _Article, reading: _Reading) -> list[Candidate]:
    out: list[Candidate] = []
    text = reading.text
    # A rank ("largest trading partner") is an ordinal, never an amount of money: amounts go to the other measures.
    measures = [m for m in reading.of_kind("measure") if not _names(m, "measure", "partner-rank")]
    parties = reading.parties()
    periods = find_periods(text)
    for amount in find_amounts(text):
        if amount.unit == "percent" and CHANGE_VERB.search(_before(text, amount.start)):
            continue
        before = [m for m in measures if reading.rel(m)[1] <= amount.start]
        after = [m for m in measures if reading.rel(m)[0] >= amount.end]
        measure_m = before[-1] if before else (after[0] if after else None)
        if measure_m is None:
            continue  # an amount with nothing said about what it measures stays a candidate mention
        measure = measure_m.of_kind("measure")
        assert measure is not None
        c = _figure(article, reading, amount, measure_m, measure, parties, periods)
        if not before:
            c.confidence = _clamp(c.confidence - 0.1)
        out.append(c)
    for rank in RANK.finditer(text):
        out.append(_rank_figure(article, reading, rank, parties, periods))
    return out


def _period_for(article: _Article, reading: _Reading, periods: list[Span], pos: int, c: Candidate) -> None:
    later = [p for p in periods if p.start >= pos]
    earlier = [p for p in periods if p.end <= pos]
    period = later[0] if later else (earlier[-1] if earlier else None)
    if period is None:
        period = article.earlier_period(reading)
        if period is not None:
            c.confidence -= 0.15
            c.add_note(f"the sentence gives no period: {period.value!r} is the one stated earlier in the paragraph")
    if period is None:
        c.add_note("no period found: fill in 'period'")
        c.confidence -= 0.2
    c.fields["period"] = period.value if period else None


def _reporter_partner(article: _Article, reading: _Reading, parties: list[Mention], anchor: int,
                      c: Candidate) -> tuple[Entity | None, Entity | None]:
    possessive = [m for m in parties if reading.rel(m)[1] <= anchor and reading.possessive(m)
                  and len(reading.between(reading.rel(m)[1], anchor).split()) <= 3]
    reporter = _party(possessive[-1]) if possessive else None
    # "exports to Australia", "deficit with China": the party after to/from/with is the partner.
    counter = [m for m in parties if PARTNER_BEFORE.search(_before(reading.text, reading.rel(m)[0]))]
    if counter and reporter is None:
        partners = {_party(m).iri for m in counter}
        others = [p for p in _distinct(_party(m) for m in parties) if p.iri not in partners]
        context = [p for p in article.block_parties(reading) + article.main_parties if p.iri not in partners]
        reporter = others[0] if others else (context[0] if context else None)
        if reporter is not None:
            if not others:
                c.confidence -= 0.1
                c.add_note("the reporter is not in the sentence: taken from the paragraph or the article")
            return reporter, _party(counter[0])
    between = [m for m in parties if BETWEEN.search(_before(reading.text, reading.rel(m)[0]))]
    if reporter is None and between:
        reporter = _party(between[0])
    candidates = _distinct(_party(m) for m in parties)
    if reporter is None and candidates:
        reporter = candidates[0]
    partner = next((p for p in candidates if reporter is None or p.iri != reporter.iri), None)
    if reporter is None or partner is None:
        context = [p for p in article.block_parties(reading) + article.main_parties]
        if reporter is None and context:
            reporter = context[0]
        partner = partner or next((p for p in context if reporter is None or p.iri != reporter.iri), None)
        c.confidence -= 0.1
        c.add_note("reporter/partner not both in the sentence: taken from the paragraph or the article")
    return reporter, partner


def _figure(article: _Article, reading: _Reading, amount: Amount, measure_m: Mention, measure: Entity,
            parties: list[Mention], periods: list[Span]) -> Candidate:
    value: Decimal = amount.value
    measure_id = measure.iri.rsplit("/", 1)[-1]
    c = Candidate("trade-figure", {"measure": measure.label}, [reading.quote()], 0.85, reading.hedges())
    if measure_id == "trade-balance" and "deficit" in measure_m.text.lower():
        value = -value
        c.add_note("a deficit is recorded as a negative trade balance")
    c.fields["value"] = value
    if amount.scale:
        c.fields["scale"] = amount.scale
    if amount.currency:
        c.fields["currency"] = amount.currency
    else:
        c.fields["unit"] = amount.unit
    _period_for(article, reading, periods, amount.end, c)
    reporter, partner = _reporter_partner(article, reading, parties, reading.rel(measure_m)[0], c)
    c.fields["reporter"] = reporter.label if reporter else None
    c.fields["partner"] = partner.label if partner else None
    c.fields["direction"] = _DIRECTION_OF_MEASURE.get(measure_id, "two-way")
    c.confidence = _clamp(c.confidence)
    return c


def _rank_figure(article: _Article, reading: _Reading, rank: re.Match[str], parties: list[Mention],
                 periods: list[Span]) -> Candidate:
    position = ordinal_value(rank.group("ord")) if rank.group("ord") else 1
    c = Candidate("trade-figure", {"measure": "trading partner rank", "value": position or 1, "unit": "rank"},
                  [reading.quote()], 0.8, reading.hedges())
    _period_for(article, reading, periods, rank.end(), c)
    possessive = [m for m in parties if reading.rel(m)[1] <= rank.start() and reading.possessive(m)]
    of_party = next((m for m in parties if re.fullmatch(r"\s*(?:of|for)\s+(?:the\s+)?",
                                                        reading.between(rank.end(), reading.rel(m)[0]), _I)), None)
    reporter_m = of_party or (possessive[-1] if possessive else None)
    partner_m = next((m for m in reversed(parties) if reading.rel(m)[1] <= rank.start() and m is not reporter_m
                      and (reporter_m is None or _party(m).iri != _party(reporter_m).iri)), None)
    reporter = _party(reporter_m) if reporter_m else None
    partner = _party(partner_m) if partner_m else None
    if reporter is None or partner is None:
        c.confidence -= 0.2
        c.add_note("reporter or partner of the ranking not found in the sentence")
    run = CONSECUTIVE.search(reading.text)
    if run:
        n = ordinal_value(run.group("a") or run.group("b") or "")
        if n:
            c.fields["consecutive_periods"] = n
    c.fields["reporter"] = reporter.label if reporter else None
    c.fields["partner"] = partner.label if partner else None
    c.fields["direction"] = "two-way"
    c.confidence = _clamp(c.confidence)
    return c


# ---------------------------------------------------------------- events


def _events(article: _Article, reading: _Reading) -> list[Candidate]:
    out: list[Candidate] = []
    text = reading.text
    durations = find_durations(text)
    dates = find_dates(text, article.default_year)
    kinds: list[tuple[Mention | None, str, int]] = [
        (m, e.label, reading.rel(m)[0]) for m in reading.mentions if (e := m.of_kind("event-kind")) is not None]
    ends = {pos: (reading.rel(m)[1] if m else pos) for m, _, pos in kinds}
    finalised = [m for m in reading.mentions if _names(m, "document-status", "finalised")]
    if finalised and DOCUMENT_NOUN.search(text) and not any(k == "document finalised" for _, k, _ in kinds):
        kinds.append((None, "document finalised", reading.rel(finalised[0])[0]))
    seen: set[str] = set()
    for mention, kind, pos in kinds:
        if kind in seen:
            continue
        end = reading.rel(mention)[1] if mention else pos
        duration = next((d for d in durations if (d.end <= pos and not text[d.end:pos].strip(" -"))
                         or (d.end <= pos and re.fullmatch(r"\s*[\w-]*\s*", text[d.end:pos]))), None)
        occurred = OCCURRED.search(text, end) if mention else True
        own_dates = [d for d, _ in dates if _nearest_event(ends, d) == pos]
        if not (duration or own_dates or occurred):
            continue  # an event word with no date, duration or verb saying it happens: not an event claim
        seen.add(kind)
        c = Candidate("event", {"event_kind": kind}, [reading.quote()], 0.7 + (0.1 if duration or own_dates else 0),
                      reading.hedges())
        if duration:
            c.fields["duration"] = duration.value
        for span, when in dates:
            if _nearest_event(ends, span) != pos:
                continue  # the date belongs to another event of the sentence
            key = "end" if END_CUE.search(_before(text, span.start)) else "start"
            c.fields.setdefault(key, when)
        involved = _distinct(_party(m) for m in reading.parties())
        if BOTH_SIDES.search(text):
            involved = _distinct([*involved, *article.main_parties])
        if involved:
            c.fields["involves"] = [p.label for p in involved]
        c.confidence = _clamp(c.confidence)
        out.append(c)
    return out


def _nearest_event(ends: dict[int, int], span: Span) -> int:
    """The start of the event word a date belongs to: the last one before it ("the pause ends on
    9 July"), else the first after it ("On 9 April, a pause was announced")."""
    before = [start for start, end in ends.items() if end <= span.start]
    return max(before) if before else min(ends)


# ---------------------------------------------------------------- statuses


def _statuses(article: _Article, reading: _Reading) -> list[Candidate]:
    out: list[Candidate] = []
    agreements = reading.of_kind("agreement")
    for m in reading.of_kind("agreement-status"):
        status = m.of_kind("agreement-status")
        assert status is not None
        start, end = reading.rel(m)
        agreement: Entity | None = None
        target = next((a for a in agreements if reading.rel(a)[0] >= end
                       and re.fullmatch(r"\s*", reading.between(end, reading.rel(a)[0]))), None)
        previous = next((a for a in reversed(agreements) if reading.rel(a)[1] <= start
                         and STATUS_AFTER_AGREEMENT.match(reading.between(reading.rel(a)[1], start))), None)
        if target or previous:
            agreement = (target or previous).of_kind("agreement")  # type: ignore[union-attr]
        elif (status.iri.endswith("/under-negotiation") and NEGOTIATION_NOUN.match(reading.text[end:])) \
                or (status.iri.endswith("/under-negotiation") and m.text.lower() != "ongoing"):
            agreement = article.agreement
        else:
            continue
        c = Candidate("status", {"status": status.label}, [reading.quote()], 0.7, reading.hedges())
        if agreement is not None:
            c.fields["agreement"] = agreement.iri.rsplit("/", 1)[-1]  # the id, as authoring files name it
        else:
            c.add_note("which agreement? set 'agreement' (or the source's default)")
            c.confidence = 0.5
        out.append(c)
    return out


# ---------------------------------------------------------------- merging and linking


def _merge_key(c: Candidate) -> tuple[Any, ...]:
    f = c.fields
    if c.kind == "demand":
        return ("demand", f.get("by"), f.get("to"), f.get("demand_kind"))
    if c.kind == "concern":
        return ("concern", f.get("by"), tuple(f.get("about") or ()), f.get("topic"))
    if c.kind == "alternative":
        return ("alternative", f.get("by"), f.get("form"))
    if c.kind == "trade-figure":
        return ("trade-figure", f.get("measure"), str(f.get("value")), f.get("period"), f.get("reporter"),
                f.get("partner"))
    if c.kind == "event":
        return ("event", f.get("event_kind"), f.get("duration"), f.get("start"), f.get("end"))
    return ("status", f.get("status"), f.get("agreement"))


_LIST_FIELDS = ("sectors", "parity_with", "involves", "about")


def _merge(candidates: list[Candidate]) -> list[Candidate]:
    """One claim per who-asks-whom-for-what (per who-worries-about-what, per figure...), quotes joined."""
    by_key: dict[tuple[Any, ...], Candidate] = {}
    replaced: dict[int, Candidate] = {}
    quote_starts: dict[int, set[int]] = {}
    for c in candidates:
        key = _merge_key(c)
        kept = by_key.get(key)
        if kept is None:
            by_key[key] = c
            continue
        replaced[id(c)] = kept
        if id(kept) not in quote_starts:
            quote_starts[id(kept)] = {q.start for q in kept.quotes}
            # Notes now say which quote they are about.
            kept.notes = [f"quote 1: {note}" for note in kept.notes]
        starts = quote_starts[id(kept)]
        for q in c.quotes:
            if q.start not in starts:
                starts.add(q.start)
                kept.quotes.append(q)
        kept.confidence = max(kept.confidence, c.confidence)
        kept.hedges = list(dict.fromkeys(kept.hedges + c.hedges))
        for name in _LIST_FIELDS:
            if c.fields.get(name):
                kept.fields[name] = list(dict.fromkeys([*(kept.fields.get(name) or []), *c.fields[name]]))
        for name, value in c.fields.items():
            kept.fields.setdefault(name, value)
        number = next((n for n, q in enumerate(kept.quotes, start=1) if q.start == c.quotes[0].start), 1)
        for note in c.notes:
            kept.add_note(f"quote {number}: {note}")
        for ref, others in c.refs.items():
            for other in others:
                kept.add_ref(ref, other)
    merged = list(by_key.values())
    for c in merged:  # references to a candidate merged away point at the one kept
        for ref in list(c.refs):
            for other in c.clear_refs(ref):
                target = other
                while id(target) in replaced:
                    target = replaced[id(target)]
                c.add_ref(ref, target)
    return sorted(merged, key=lambda c: (c.position, c.kind))


def _link(claims: list[Candidate]) -> None:
    """Resolve the references rules could not set alone: what an alternative replaces, what a concern holds up."""
    demands = [c for c in claims if c.kind == "demand"]

    def demand_from(requester: str | None, addressee: str | None, before: int) -> Candidate | None:
        fits = [d for d in demands if d.fields.get("by") == requester and d.fields.get("to") == addressee]
        earlier = [d for d in fits if d.position <= before]
        if earlier:
            return max(earlier, key=lambda d: max(q.start for q in d.quotes if q.start <= before))
        return fits[0] if fits else None

    for c in claims:
        if c.kind == "alternative":
            target = demand_from(c.fields.get("to"), c.fields.get("by"), c.position)
            if target is not None:
                c.add_ref("instead_of", target)
            else:
                c.add_note("no demand found that this alternative replaces: fill in 'instead_of'")
                c.confidence = _clamp(c.confidence - 0.2)
    for c in claims:  # after every alternative knows what it replaces
        if c.kind == "concern":
            for alt in c.clear_refs("conditions_via"):
                for target in alt.refs.get("instead_of", []):
                    c.add_ref("conditions", target)
            if c.clear_refs("blocks_pending"):
                abouts = c.fields.get("about") or []
                target = demand_from(abouts[0] if abouts else None, c.fields.get("by"), c.position)
                if target is not None:
                    c.add_ref("blocks", target)
                    c.add_note("the sentence says something stands in the way: check what this concern blocks")
