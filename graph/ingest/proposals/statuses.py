"""Agreement statuses: the stage an agreement has reached, as the sentence says."""

from __future__ import annotations

import re

from tradekg.graph.ingest.catalogue import Entity
from tradekg.graph.ingest.proposals.cues import NEGOTIATION_NOUN, STATUS_AFTER_AGREEMENT
from tradekg.graph.ingest.proposals.reading import Article, Candidate, Reading

__all__ = ["STAGE_CUE", "propose_statuses"]

# The stages an agreement reaches, as past-tense verbs (a future "will sign" is no status yet).
STAGE_CUE = re.compile(
    r"\b(?P<signed>signed)\b|\b(?P<concluded>concluded|finalised|finalized|wrapped\s+up)\b"
    r"|\b(?P<force>entered\s+into\s+force|came\s+into\s+force|took\s+effect|came\s+into\s+effect|"
    r"(?:has|have|had)\s+entered\s+into\s+force)\b",
    re.IGNORECASE,
)
_STAGE_STATUS = {"signed": "signed", "concluded": "concluded", "force": "in force"}
_NOUN_BEFORE = re.compile(r"\b(?:agreement|deal|pact|accord|treaty|FTA)\s+(?:(?:was|were|has|have|had|been|now|"
                          r"formally|"
                          r"finally|already|officially)\s+)*$", re.I)

# ---------------------------------------------------------------- statuses


def propose_statuses(article: Article, reading: Reading) -> list[Candidate]:
    out: list[Candidate] = _stages(article, reading)
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


def _stages(article: Article, reading: Reading) -> list[Candidate]:
    """Signed, concluded, in force: a past-tense stage verb with an agreement (named, or a noun
    such as "a free trade agreement", "negotiations") right after it, or before a passive."""
    out: list[Candidate] = []
    text = reading.text
    for cue in STAGE_CUE.finditer(text):
        stage = _STAGE_STATUS[next(name for name, value in cue.groupdict().items() if value)]
        clause = reading.clause_of(cue.start())
        after = text[cue.end():cue.end() + 60]
        named_after = next((a for a in reading.of_kind("agreement") if 0 <= reading.rel(a)[0] - cue.end() < 60), None)
        named_before = next((a for a in reversed(reading.of_kind("agreement")) if reading.rel(a)[1] <= cue.start()
                             and STATUS_AFTER_AGREEMENT.match(reading.between(reading.rel(a)[1], cue.start()))), None)
        noun_after = re.match(r"\s+(?:\w+\s+){0,4}?(?:agreements?|deal|pact|accord|treaty|FTA|negotiations)\b", after)
        noun_before = _NOUN_BEFORE.search(text, max(clause[0], cue.start() - 50), cue.start())
        if not (named_after or named_before or noun_after or noun_before):
            continue
        target = named_after or named_before
        agreement = target.of_kind("agreement") if target is not None else article.agreement
        c = Candidate("status", {"status": stage}, [reading.quote()], 0.75, reading.hedges(*clause))
        if agreement is not None:
            c.fields["agreement"] = agreement.iri.rsplit("/", 1)[-1]
        else:
            c.add_note("which agreement? set 'agreement' (or the source's default)")
            c.confidence = 0.5
        when = next((t for t in article.claim_times(reading) if clause[0] <= t.start < clause[1]
                     and not t.value.startswith("P")), None)
        if when is not None:
            c.fields["date"] = when.value
        out.append(c)
    return out
