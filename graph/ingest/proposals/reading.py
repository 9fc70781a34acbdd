"""A candidate claim, and how the rules read one sentence (its mentions and amounts) of an article."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from tradekg.graph.ingest.catalogue import Entity
from tradekg.graph.ingest.proposals.cues import CLAUSE_BOUNDARY, CONCERN_CUE, DEMAND_CUE, HEDGE, OFFER_CUE, SUBORDINATE
from tradekg.graph.ingest.quantities import (
    Quantity,
    Span,
    find_periods,
    find_quantities,
)
from tradekg.graph.ingest.textscan import Mention, ScannedText, Sentence
from tradekg.graph.ingest.times import FISCAL_START, TimeExpr, find_times

__all__ = [
    "Article",
    "Candidate",
    "Quote",
    "Reading",
    "clamp",
    "distinct",
    "main_parties",
    "names_concept",
    "nearest_before",
    "party_of",
    "subject_before",
]

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
    # The dates and amounts of its sentences the claim took, each as (what, field, start, end,
    # words, value shown): what is "date" or "amount"; offsets are into the article.
    uses: list[tuple[str, str, int, int, str, str]] = field(default_factory=list)
    links: list[Any] = field(default_factory=list)  # proposed links to a built store's claims (``ingest.links``)
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


def clamp(x: float) -> float:
    return round(min(0.95, max(0.05, x)), 2)


# ---------------------------------------------------------------- one sentence, read


@dataclass
class Reading:
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


# A demonym names an actor only before these ("Mexican producers", "Australian officials"); else it
# describes goods ("European brandy", "Canadian steel"). Government nouns alone make a state's act.
_ACTOR_NOUNS = re.compile(r"\s+(?:government|authorities|officials|ministers?|negotiators|regulators|"
                          r"(?:commerce|trade|foreign)\s+ministry)\b", re.I)
_PEOPLE_NOUNS = re.compile(r"\s+(?:producers|exporters|importers|farmers|firms|companies|industry|business(?:es)?|"
                           r"groups?|growers|manufacturers|carmakers|chipmakers)\b", re.I)
_GOODS_AFTER = re.compile(r"\s+(?:goods|products|exports|imports|steel|cars|brandy)\b", re.I)


def subject_before(reading: Reading, start: int, pos: int, government: bool = False) -> Mention | None:
    """The party a clause from ``start`` names last before ``pos`` as an actor: a demonym only before
    "officials", "government" (or, unless ``government``, "producers", "exporters"...), and no
    party used as an adjective of goods ("US goods")."""
    def actor(m: Mention) -> bool:
        after = reading.text[reading.rel(m)[1]:]
        if _GOODS_AFTER.match(after):
            return False
        if m.via == "demonym":
            return bool(_ACTOR_NOUNS.match(after) or (not government and _PEOPLE_NOUNS.match(after)))
        return True
    return nearest_before([m for m in reading.parties() if reading.rel(m)[0] >= start and actor(m)], reading, pos)


def names_concept(m: Mention, kind: str, concept_id: str) -> bool:
    """Whether ``m`` links the concept of ``kind`` whose id is ``concept_id``."""
    return any(e.kind == kind and e.iri.rsplit("/", 1)[-1] == concept_id for e in m.links)


def party_of(m: Mention) -> Entity:
    e = m.of_kind("party")
    assert e is not None
    return e


def nearest_before(items: Sequence[Mention], reading: Reading, pos: int) -> Mention | None:
    before = [m for m in items if reading.rel(m)[1] <= pos]
    return before[-1] if before else None


def distinct(entities: Iterable[Entity]) -> list[Entity]:
    return list({e.iri: e for e in entities}.values())


# ---------------------------------------------------------------- the article as a whole


@dataclass
class Article:
    scanned: ScannedText
    readings: list[Reading]
    main_parties: list[Entity]
    agreement: Entity | None
    default_year: int | None
    reference: dt.date | None = None  # the publication date, else the dateline's: relative dates count from it
    dateline: tuple[int, int] | None = None  # the dateline's date (offsets into the article): it dates no claim

    def counterpart(self, party: Entity | None) -> Entity | None:
        """The article's other main party: whom a party's demand is addressed to when no one is named."""
        return next((p for p in self.main_parties if party is None or p.iri != party.iri), None)

    blocks: dict[int, list[Reading]] = field(default_factory=dict)
    # The last demand each party made in each paragraph, for a later "its request" to refer to.
    last_demand: dict[tuple[str, int], Candidate] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for r in self.readings:
            self.blocks.setdefault(r.sentence.block, []).append(r)

    measures: dict[str, Any] = field(default_factory=dict)  # the measures the rules propose, by imposer, target, kind
    instruments: dict[str, str] = field(default_factory=dict)  # legal bases named: id -> name
    last_measure: Candidate | None = None  # the last measure claim proposed, for a later "the duty applies from"
    _times: dict[int, list[TimeExpr]] = field(default_factory=dict)
    _quantities: dict[int, list[Quantity]] = field(default_factory=dict)

    def fiscal_party(self, reading: Reading) -> str | None:
        """Whose fiscal year a sentence's "FY25" is: its first party that has one, else a main party's."""
        own = sorted(reading.parties(), key=lambda m: not reading.possessive(m))  # "India's exports" first
        for e in [*(party_of(m) for m in own), *self.main_parties]:
            code = e.iri.rsplit("/", 1)[-1]
            if code in FISCAL_START:
                return code
        return None

    def times(self, reading: Reading) -> list[TimeExpr]:
        """The sentence's time expressions, resolved (offsets into the sentence); the dateline's has role "dateline"."""
        key = reading.sentence.index
        if key not in self._times:
            found = find_times(reading.text, self.reference, self.fiscal_party(reading))
            if self.dateline is not None:
                a, b = self.dateline[0] - reading.sentence.start, self.dateline[1] - reading.sentence.start
                found = [TimeExpr(t.start, t.end, t.text, t.value, t.how, "dateline")
                         if t.start < b and a < t.end else t for t in found]
            self._times[key] = found
        return self._times[key]

    def claim_times(self, reading: Reading) -> list[TimeExpr]:
        """The sentence's time expressions that may date a claim (the dateline's does not)."""
        return [t for t in self.times(reading) if t.role != "dateline"]

    def quantities(self, reading: Reading) -> list[Quantity]:
        """The sentence's amounts (offsets into the sentence); the words of its dates hold none."""
        key = reading.sentence.index
        if key not in self._quantities:
            skip = [(t.start, t.end) for t in self.times(reading) if not t.value.startswith("P")]
            self._quantities[key] = find_quantities(reading.text, skip)
        return self._quantities[key]

    def block_parties(self, reading: Reading) -> list[Entity]:
        return distinct(party_of(m) for r in self.blocks[reading.sentence.block] for m in r.parties())

    def earlier_period(self, reading: Reading) -> Span | None:
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
