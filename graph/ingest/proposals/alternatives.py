"""Alternatives: instruments offered *such as* / *rather than* / *instead of* a demand's form."""

from __future__ import annotations

from typing import Any

from tradekg.graph.ingest.proposals.cues import ALTERNATIVE_CUE, REPLACEMENT_CUE
from tradekg.graph.ingest.proposals.reading import Article, Candidate, Reading, clamp, nearest_before, party_of

__all__ = ["propose_alternatives"]

# ---------------------------------------------------------------- alternatives


def propose_alternatives(article: Article, reading: Reading) -> list[Candidate]:
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
    by_m = nearest_before(parties, reading, anchor)
    confidence = 0.75 if replacement else 0.65
    by = party_of(by_m) if by_m else None
    if by is None:
        confidence -= 0.2
    others = [party_of(m) for m in parties if by is None or party_of(m).iri != by.iri]
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
        c = Candidate("alternative", fields, [reading.quote()], clamp(confidence), reading.hedges())
        if by is None:
            c.add_note("'by' is not in the sentence")
        out.append(c)
    return out
