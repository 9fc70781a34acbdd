"""Commitments: a party committing, pledging or agreeing to do something, or saying it will.

Cues: *commits / committed / pledges / promises / undertakes / agrees / intends / plans to*, or
*will* + a verb of the kinds below ("will eliminate tariffs"). The commitment kind comes from
what follows: *eliminate / cut / reduce / lower* tariffs or duties -> eliminate or reduce
tariffs; *remove / scrap* tariffs -> remove tariff; *buy / purchase / import more* -> purchase;
*stop / halt importing* -> halt imports; *conclude / finalise / reach a deal (a negotiated
outcome)* -> negotiated outcome; *negotiate / hold talks* -> negotiate; *cooperate* ->
cooperation; *double trade / raise trade to* -> trade goal. The maker is the clause's party
before the cue (*both sides / the two countries*: one commitment for each of the article's
two main parties), the beneficiary the first other party after it, else the other main party.
*Within ten years* is its ``period``, *by the end of 2025* its ``deadline``, money its
``amount``.
"""

from __future__ import annotations

import re
from typing import Any

from tradekg.graph.ingest.catalogue import Entity
from tradekg.graph.ingest.proposals.cues import BOTH_SIDES
from tradekg.graph.ingest.proposals.demands import _sector_names
from tradekg.graph.ingest.proposals.reading import Article, Candidate, Reading, clamp, party_of, subject_before

__all__ = ["COMMITMENT_CUE", "UNPACKAGED_KINDS", "propose_commitments"]

# Commitment kinds the rules propose that the packaged schemes lack: the draft defines them in
# its ``vocabulary:`` with the id and label the bundled corpus gives them (a definition repeated
# with the same label is no conflict), so that it validates alone and with the corpus.
UNPACKAGED_KINDS = {
    "negotiated outcome": (
        "negotiated-outcome",
        "An undertaking to settle the treatment of goods by negotiation, later.",
    ),
    "negotiate": ("negotiate", "An undertaking to negotiate an agreement, or a part of one."),
    "trade goal": ("trade-goal", "A target for a trade figure that the parties set together, to be reached by a date."),
}

COMMITMENT_CUE = re.compile(
    r"\b(?:commit(?:s|ted)?\s+(?:itself\s+|themselves\s+)?to|(?:has|have)\s+committed\s+to|pledg(?:e|es|ed)\s+to|"
    r"promis(?:e|es|ed)\s+to|undert(?:akes|ook)\s+to|agree(?:s|d)?\s+to|intends?\s+to|intend\s+to|offer(?:s|ed)?\s+to|"
    r"(?:will|shall)(?=\s+(?:also\s+)?(?:eliminate|cut|reduce|lower|remove|scrap|buy|purchase|import|stop|halt|phase)))\b",
    re.IGNORECASE,
)
_KINDS: list[tuple[str, re.Pattern[str]]] = [
    (
        "halt imports",
        re.compile(r"\s*(?:\w+\s+)?(?:stop|halt|end|cease)\s+(?:\w+\s+){0,2}?(?:importing|imports|buying)", re.I),
    ),
    (
        "remove tariff",
        re.compile(
            r"\s*(?:\w+\s+)?(?:remove|scrap|abolish|drop|lift)\s+(?:\w+\s+){0,3}?(?:tariffs?|duties|duty)", re.I
        ),
    ),
    (
        "eliminate or reduce tariffs",
        re.compile(
            r"\s*(?:\w+\s+)?(?:eliminate|cut|reduce|lower|slash|phase\s+out|bring\s+down)\s+(?:\w+\s+){0,3}?"
            r"(?:tariffs?|duties|duty|levies)",
            re.I,
        ),
    ),
    ("purchase", re.compile(r"\s*(?:\w+\s+)?(?:buy|purchase|import\s+more|increase\s+(?:its\s+)?purchases)", re.I)),
    (
        "negotiated outcome",
        re.compile(
            r"\s*(?:\w+\s+)?(?:conclude|finalis|finaliz|reach|seal|clinch|strike|sign)\w*\s+"
            r"(?:\w+\s+){0,3}?(?:deal|agreement|talks|negotiations|outcome|pact|accord)",
            re.I,
        ),
    ),
    ("negotiate", re.compile(r"\s*(?:\w+\s+)?(?:negotiate|start\s+talks|launch\s+(?:talks|negotiations))", re.I)),
    ("cooperation", re.compile(r"\s*(?:\w+\s+)?(?:cooperat|collaborat|work\s+together)", re.I)),
    ("trade goal", re.compile(r"\s*(?:\w+\s+)?(?:double|triple|raise|increase|boost)\s+(?:\w+\s+){0,3}?trade", re.I)),
]


def propose_commitments(article: Article, reading: Reading) -> list[Candidate]:
    out: list[Candidate] = []
    text = reading.text
    parties = reading.parties()
    done: set[tuple[int, int]] = set()
    for cue in COMMITMENT_CUE.finditer(text):
        clause = reading.clause_of(cue.start())
        if clause in done:
            continue
        kind = next((name for name, pattern in _KINDS if pattern.match(text, cue.end())), None)
        if kind is None:
            continue
        end = reading.object_end(cue.end())
        makers: list[Entity]
        if BOTH_SIDES.search(text, clause[0], cue.start()) and len(article.main_parties) >= 2:
            makers = list(article.main_parties[:2])
        else:
            maker_m = subject_before(reading, clause[0], cue.start())
            if maker_m is None:
                continue
            makers = [party_of(maker_m)]
        for maker in makers:
            c = Candidate("commitment", {"by": maker.label}, [reading.quote()], 0.75, reading.hedges(*clause))
            if re.match(r"intends?|intend|offer", cue.group(0), re.I):
                c.hedges = list(dict.fromkeys([*c.hedges, " ".join(cue.group(0).lower().split())]))
            others = [
                party_of(m) for m in parties if cue.end() <= reading.rel(m)[0] < end and party_of(m).iri != maker.iri
            ]
            to = others[0] if others else (article.counterpart(maker) if len(makers) == 1 else None)
            if to is not None:
                c.fields["to"] = to.label
                if not others:
                    c.confidence -= 0.1
                    c.add_note(f"'to' is not in the clause: {to.label} is the article's other main party")
            c.fields["commitment_kind"] = kind
            sectors = [n for m in reading.mentions if cue.end() <= reading.rel(m)[0] < end for n in _sector_names(m)]
            if sectors:
                c.fields["sectors"] = list(dict.fromkeys(sectors))
            _when(article, reading, c, clause)
            money = next(
                (q for q in article.quantities(reading) if q.kind == "money" and clause[0] <= q.start < end), None
            )
            if money is not None:
                value = int(money.value) if money.value == money.value.to_integral_value() else float(money.value)
                amount: dict[str, Any] = {"value": value, "currency": money.currency}
                if money.scale:
                    amount["scale"] = money.scale
                c.fields["amount"] = amount
            if len(makers) > 1:
                c.add_note("'both sides': one commitment for each of the article's two main parties")
                c.confidence -= 0.1
            c.confidence = clamp(c.confidence)
            out.append(c)
        done.add(clause)
    return out


def _when(article: Article, reading: Reading, c: Candidate, clause: tuple[int, int]) -> None:
    for t in article.claim_times(reading):
        if not clause[0] <= t.start < clause[1]:
            continue
        if t.value.startswith("P"):
            c.fields.setdefault("period", t.value)
        elif t.role in ("by", "before", "until"):
            c.fields.setdefault("deadline", t.value if "/" not in t.value else t.value.split("/")[1])
