"""Events: pauses, rounds and deadlines, with their durations and dates."""

from __future__ import annotations

import re

from tradekg.graph.ingest.proposals.cues import BOTH_SIDES, DOCUMENT_NOUN, END_CUE, OCCURRED, text_before
from tradekg.graph.ingest.proposals.reading import Article, Candidate, Reading, clamp, distinct, names_concept, party_of
from tradekg.graph.ingest.quantities import (
    Span,
    find_durations,
)
from tradekg.graph.ingest.textscan import Mention

__all__ = ["propose_events"]

# ---------------------------------------------------------------- events


def propose_events(article: Article, reading: Reading) -> list[Candidate]:
    out: list[Candidate] = []
    text = reading.text
    durations = find_durations(text)
    # Days, months and intervals of the sentence (years and fiscal periods date figures, not events).
    dates = [(Span(t.start, t.end, t.text, t.value), t.value) for t in article.claim_times(reading)
             if not t.value.startswith("P") and len(t.value) >= 7 and "fiscal" not in t.how]
    kinds: list[tuple[Mention | None, str, int]] = [
        (m, e.label, reading.rel(m)[0]) for m in reading.mentions if (e := m.of_kind("event-kind")) is not None]
    ends = {pos: (reading.rel(m)[1] if m else pos) for m, _, pos in kinds}
    finalised = [m for m in reading.mentions if names_concept(m, "document-status", "finalised")]
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
            if "/" in when and re.search(r"\d\s*(?:to|and|until|–|-)\s*\d|\d\s+\w+\s+(?:to|until)\s", span.text):
                first, last = when.split("/")
                c.fields.setdefault("start", first)
                c.fields.setdefault("end", last)
                continue
            key = "end" if END_CUE.search(text_before(text, span.start)) else "start"
            c.fields.setdefault(key, when)
        involved = distinct(party_of(m) for m in reading.parties())
        if BOTH_SIDES.search(text):
            involved = distinct([*involved, *article.main_parties])
        if involved:
            c.fields["involves"] = [p.label for p in involved]
        c.confidence = clamp(c.confidence)
        out.append(c)
    return out


def _nearest_event(ends: dict[int, int], span: Span) -> int:
    """The start of the event word a date belongs to: the last one before it ("the pause ends on
    9 July"), else the first after it ("On 9 April, a pause was announced")."""
    before = [start for start, end in ends.items() if end <= span.start]
    return max(before) if before else min(ends)
