"""Stances: a party rejecting, refusing, criticising, welcoming or considering something.

The cue gives the stance kind: *rejects / dismisses* rejects; *refuses / will not / will never
compromise / rules out* refuses; *calls it (them, the X) unfair / unjustified / ...*,
*criticises / condemns / denounces* criticises; *welcomes / hails* welcomes; *is weighing /
is considering* considers. The holder is the clause's party before the cue (in "Canada rejects
the increase and calls it unjustified" both stances are Canada's); the sectors are those after
the cue. A stance against a measure of the article that targets the holder ``responds_to`` it,
for the reviewer to check.
"""

from __future__ import annotations

import re

from tradekg.graph.ingest.proposals.demands import _sector_names
from tradekg.graph.ingest.proposals.reading import Article, Candidate, Reading, clamp, party_of, subject_before

__all__ = ["STANCE_CUE", "propose_stances"]

_JUDGEMENT = (
    r"(?:unfair|unjustified|unjustifiable|unjust|unreasonable|discriminatory|illegal|unilateral|protectionist|"
    r"arbitrary|baseless)\b"
)
STANCE_CUE = re.compile(
    r"\b(?P<rejects>reject(?:s|ed|ing)?|dismiss(?:es|ed|ing)?|repudiat(?:e|es|ed|ing))\b"
    r"|\b(?P<refuses>refus(?:e|es|ed|ing)|(?:will|would|shall)\s+(?:never|not)\s+(?:compromise|accept|agree|allow|"
    r"open|budge|give)|won['’]t\s+(?:compromise|accept|agree|allow|open)|rul(?:es|ed)\s+out|"
    r"declin(?:es|ed)\s+to)\b"
    rf"|\b(?P<criticises>call(?:s|ed|ing)?\s+(?:it|them|this|that|the\s+\w+(?:\s+\w+)?)\s+(?:\w+\s+)?{_JUDGEMENT}|"
    r"criticis(?:e|es|ed|ing)|criticiz(?:e|es|ed|ing)|condemn(?:s|ed|ing)?|denounc(?:e|es|ed|ing)|slam(?:s|med|ming)?|"
    r"decr(?:y|ies|ied))\b"
    r"|\b(?P<welcomes>welcom(?:e|es|ed|ing)|hail(?:s|ed|ing)?|prais(?:e|es|ed|ing))\b"
    r"|\b(?P<considers>(?:is|are|was|were)\s+(?:weighing|mulling)|weigh(?:s|ed)\s+(?:up\s+)?(?:a|an|the)\b)",
    re.IGNORECASE,
)
_WORDS = re.compile(rf"\b{_JUDGEMENT}(?:(?:,\s*|\s+and\s+|\s+or\s+){_JUDGEMENT})*", re.I)


def propose_stances(article: Article, reading: Reading, earlier: list[Candidate]) -> list[Candidate]:
    out: list[Candidate] = []
    text = reading.text
    seen: set[tuple[str, str]] = set()
    for cue in STANCE_CUE.finditer(text):
        stance = next(name for name, value in cue.groupdict().items() if value)
        clause = reading.clause_of(cue.start())
        holder_m = subject_before(reading, clause[0], cue.start()) or subject_before(reading, 0, cue.start())
        if holder_m is None:
            continue
        holder = party_of(holder_m)
        if (holder.iri, stance) in seen:
            continue
        seen.add((holder.iri, stance))
        c = Candidate(
            "stance", {"by": holder.label, "stance": stance}, [reading.quote()], 0.75, reading.hedges(*clause)
        )
        if stance == "criticises":
            words = _WORDS.search(text, cue.start(), reading.object_end(cue.start()))
            if words:
                c.fields["words"] = words.group(0)
        end = reading.object_end(cue.end())
        sectors = [n for m in reading.mentions if cue.end() <= reading.rel(m)[0] < end for n in _sector_names(m)]
        if sectors:
            c.fields["sectors"] = list(dict.fromkeys(sectors))
        target = _measure_against(article, holder.label, earlier, reading)
        if target is not None and stance in ("rejects", "criticises"):
            c.add_ref("responds_to", target)
            c.add_note(
                "responds_to: the latest measure of the article on this party; check it is what the stance answers"
            )
        c.confidence = clamp(c.confidence)
        out.append(c)
    return out


def _measure_against(article: Article, holder: str, earlier: list[Candidate], reading: Reading) -> Candidate | None:
    """The latest measure claim before this sentence whose measure targets the holder."""
    targets = {m.id for m in article.measures.values() if holder in m.on}
    fits = [
        c
        for c in earlier
        if c.kind == "measure" and c.fields.get("measure") in targets and c.position <= reading.sentence.start
    ]
    return fits[-1] if fits else None
