"""Concerns: a party's concern over something, and the demands it blocks or conditions."""

from __future__ import annotations

from tradekg.graph.ingest.proposals.cues import BLOCKING, CAUSAL_BEFORE, CONCERN_CUE, text_before
from tradekg.graph.ingest.proposals.reading import (
    Article,
    Candidate,
    Reading,
    clamp,
    distinct,
    nearest_before,
    party_of,
)

__all__ = ["propose_concerns"]

# ---------------------------------------------------------------- concerns


def propose_concerns(article: Article, reading: Reading, alternatives: list[Candidate],
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
        holder_m = nearest_before([m for m in parties if reading.rel(m)[0] >= clause[0]], reading, cue.start())
        holder = party_of(holder_m) if holder_m else None
        first_topic = reading.rel(after[0])[0]
        # About: parties between the cue and the first topic ("concerns over India's ..."), or a
        # possessive party right before a topic.
        about = distinct(party_of(m) for m in parties if cue.end() <= reading.rel(m)[0] < first_topic)
        if holder is None:
            holder = article.counterpart(about[0] if about else None)
            confidence -= 0.2
        if not about:
            counterpart = article.counterpart(holder)
            about = [counterpart] if counterpart else []
            confidence -= 0.1
        causal = bool(CAUSAL_BEFORE.search(text_before(reading.text, cue.start())))
        blocking = bool(BLOCKING.search(reading.text))
        figures = [c for c in same_sentence if c.kind == "trade-figure"]
        for n, topic_m in enumerate(after):
            topic = topic_m.of_kind("concern-topic")
            assert topic is not None
            seg_start = reading.rel(topic_m)[1]
            seg_end = reading.rel(after[n + 1])[0] if n + 1 < len(after) else clause[1]
            involved = distinct(party_of(m) for m in parties if seg_start <= reading.rel(m)[0] < seg_end
                                 and party_of(m).iri not in {p.iri for p in [*about, *([holder] if holder else [])]})
            c = Candidate("concern", {"by": holder.label if holder else None, "about": [p.label for p in about],
                                      "topic": topic.label}, [reading.quote()], clamp(confidence),
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
