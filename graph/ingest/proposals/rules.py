"""Candidate claims proposed from an article's sentences, by cue phrases and the mentions around them.

Every rule reads one sentence: the parties, sectors, topics and amounts found in it (see
:mod:`tradekg.graph.ingest.textscan`) and English cue phrases — a party *seeking*, *pressing for*,
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

from tradekg.graph.ingest.catalogue import Entity
from tradekg.graph.ingest.proposals.alternatives import propose_alternatives
from tradekg.graph.ingest.proposals.commitments import propose_commitments
from tradekg.graph.ingest.proposals.concerns import propose_concerns
from tradekg.graph.ingest.proposals.cues import MAX_SENTENCE_CHARS
from tradekg.graph.ingest.proposals.demands import propose_demands
from tradekg.graph.ingest.proposals.events import propose_events
from tradekg.graph.ingest.proposals.figures import propose_figures
from tradekg.graph.ingest.proposals.measures import propose_measures
from tradekg.graph.ingest.proposals.merge import link, merge
from tradekg.graph.ingest.proposals.reading import Article, Candidate, Reading, main_parties
from tradekg.graph.ingest.proposals.stances import propose_stances
from tradekg.graph.ingest.proposals.statuses import propose_statuses
from tradekg.graph.ingest.textscan import ScannedText

__all__ = ["propose_claims"]


def propose_claims(scanned: ScannedText, agreement: Entity | None = None,
                   published: dt.date | None = None, reference: dt.date | None = None,
                   article_out: list[Article] | None = None,
                   dateline: tuple[int, int] | None = None) -> list[Candidate]:
    """Candidate claims for every sentence of ``scanned`` (headings excepted), merged and linked.

    ``reference`` is the day relative dates count from (default: ``published``); the
    :class:`Article` read (its measures, instruments, times and amounts) is appended to
    ``article_out`` when given."""
    by_sentence = scanned.by_sentence()
    readings = [Reading(s, by_sentence.get(s.index, [])) for s in scanned.sentences
                if not s.heading and len(s.text) <= MAX_SENTENCE_CHARS]
    reference = reference or published
    article = Article(scanned, readings, main_parties(scanned.mentions), agreement,
                      reference.year if reference else None, reference, dateline)
    if article_out is not None:
        article_out.append(article)
    found: list[Candidate] = []
    for reading in readings:
        sentence_claims: list[Candidate] = []
        sentence_claims += propose_demands(article, reading)
        sentence_claims += propose_figures(article, reading)
        alternatives = propose_alternatives(article, reading)
        concerns = propose_concerns(article, reading, alternatives, sentence_claims)
        sentence_claims += alternatives + concerns
        sentence_claims += propose_events(article, reading)
        sentence_claims += propose_statuses(article, reading)
        sentence_claims += propose_measures(article, reading)
        sentence_claims += propose_stances(article, reading, found + sentence_claims)
        sentence_claims += propose_commitments(article, reading)
        found += sentence_claims
    merged = merge(found)
    link(merged)
    return merged


