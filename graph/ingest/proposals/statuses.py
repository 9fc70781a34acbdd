"""Agreement statuses: the stage an agreement has reached, as the sentence says."""

from __future__ import annotations

import re

from tradekg.graph.ingest.catalogue import Entity
from tradekg.graph.ingest.proposals.cues import NEGOTIATION_NOUN, STATUS_AFTER_AGREEMENT
from tradekg.graph.ingest.proposals.reading import Article, Candidate, Reading

__all__ = ["propose_statuses"]

# ---------------------------------------------------------------- statuses


def propose_statuses(article: Article, reading: Reading) -> list[Candidate]:
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
