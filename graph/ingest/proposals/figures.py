"""Trade figures: a measure, its amount, period, reporter, partner and direction; ranks."""

from __future__ import annotations

import re
from decimal import Decimal

from tradekg.graph.ingest.catalogue import Entity
from tradekg.graph.ingest.proposals.cues import (
    BETWEEN,
    CHANGE_VERB,
    CONSECUTIVE,
    DIRECTION_OF_MEASURE,
    PARTNER_BEFORE,
    RANK,
    text_before,
)
from tradekg.graph.ingest.proposals.reading import Article, Candidate, Reading, clamp, distinct, names_concept, party_of
from tradekg.graph.ingest.quantities import (
    Amount,
    Span,
    find_amounts,
    find_periods,
    ordinal_value,
)
from tradekg.graph.ingest.textscan import Mention

__all__ = ["propose_figures"]

# ---------------------------------------------------------------- trade figures


def propose_figures(article: Article, reading: Reading) -> list[Candidate]:
    out: list[Candidate] = []
    text = reading.text
    # A rank ("largest trading partner") is an ordinal, never an amount of money: amounts go to the other measures.
    measures = [m for m in reading.of_kind("measure") if not names_concept(m, "measure", "partner-rank")]
    parties = reading.parties()
    periods = find_periods(text)
    for amount in find_amounts(text):
        if amount.unit == "percent" and CHANGE_VERB.search(text_before(text, amount.start)):
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
            c.confidence = clamp(c.confidence - 0.1)
        out.append(c)
    for rank in RANK.finditer(text):
        out.append(_rank_figure(article, reading, rank, parties, periods))
    return out


def _period_for(article: Article, reading: Reading, periods: list[Span], pos: int, c: Candidate) -> None:
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


def _reporter_partner(article: Article, reading: Reading, parties: list[Mention], anchor: int,
                      c: Candidate) -> tuple[Entity | None, Entity | None]:
    possessive = [m for m in parties if reading.rel(m)[1] <= anchor and reading.possessive(m)
                  and len(reading.between(reading.rel(m)[1], anchor).split()) <= 3]
    reporter = party_of(possessive[-1]) if possessive else None
    # "exports to Australia", "deficit with China": the party after to/from/with is the partner.
    counter = [m for m in parties if PARTNER_BEFORE.search(text_before(reading.text, reading.rel(m)[0]))]
    if counter and reporter is None:
        partners = {party_of(m).iri for m in counter}
        others = [p for p in distinct(party_of(m) for m in parties) if p.iri not in partners]
        context = [p for p in article.block_parties(reading) + article.main_parties if p.iri not in partners]
        reporter = others[0] if others else (context[0] if context else None)
        if reporter is not None:
            if not others:
                c.confidence -= 0.1
                c.add_note("the reporter is not in the sentence: taken from the paragraph or the article")
            return reporter, party_of(counter[0])
    between = [m for m in parties if BETWEEN.search(text_before(reading.text, reading.rel(m)[0]))]
    if reporter is None and between:
        reporter = party_of(between[0])
    candidates = distinct(party_of(m) for m in parties)
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


def _figure(article: Article, reading: Reading, amount: Amount, measure_m: Mention, measure: Entity,
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
    c.fields["direction"] = DIRECTION_OF_MEASURE.get(measure_id, "two-way")
    c.confidence = clamp(c.confidence)
    return c


def _rank_figure(article: Article, reading: Reading, rank: re.Match[str], parties: list[Mention],
                 periods: list[Span]) -> Candidate:
    position = ordinal_value(rank.group("ord")) if rank.group("ord") else 1
    c = Candidate("trade-figure", {"measure": "trading partner rank", "value": position or 1, "unit": "rank"},
                  [reading.quote()], 0.8, reading.hedges())
    _period_for(article, reading, periods, rank.end(), c)
    possessive = [m for m in parties if reading.rel(m)[1] <= rank.start() and reading.possessive(m)]
    of_party = next((m for m in parties if re.fullmatch(r"\s*(?:of|for)\s+(?:the\s+)?",
                                                        reading.between(rank.end(), reading.rel(m)[0]), re.I)), None)
    reporter_m = of_party or (possessive[-1] if possessive else None)
    partner_m = next((m for m in reversed(parties) if reading.rel(m)[1] <= rank.start() and m is not reporter_m
                      and (reporter_m is None or party_of(m).iri != party_of(reporter_m).iri)), None)
    reporter = party_of(reporter_m) if reporter_m else None
    partner = party_of(partner_m) if partner_m else None
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
    c.confidence = clamp(c.confidence)
    return c
