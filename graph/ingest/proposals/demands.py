"""Demands: a party seeking, pressing for or asking something of another, on sectors."""

from __future__ import annotations

import re

from tradekg.graph.ingest.catalogue import Entity
from tradekg.graph.ingest.proposals.cues import (
    CONCESSIONS,
    DEMAND_CUE,
    DEMAND_NOUN,
    DUTY_CONCESSIONS,
    MARKET_ACCESS,
    PARITY_CUE,
    RECIPROCITY_CUE,
    TECHNOLOGY_ACCESS,
    VERB_BEFORE,
)
from tradekg.graph.ingest.proposals.reading import (
    Article,
    Candidate,
    Reading,
    clamp,
    distinct,
    names_concept,
    nearest_before,
    party_of,
)
from tradekg.graph.ingest.textscan import Mention

__all__ = ["propose_demands"]

# ---------------------------------------------------------------- demands


def _demand_kind(reading: Reading, after: int, end: int | None = None) -> tuple[str | None, str]:
    """The demand kind a sentence names between the cue and ``end`` (its object), and how it was decided."""
    end = len(reading.text) if end is None else end
    later = [m for m in reading.mentions if after <= reading.rel(m)[0] < end]
    named = next((m.of_kind("demand-kind") for m in later if m.of_kind("demand-kind")), None)
    if named is not None:
        return named.label, "named"
    if re.search(r"\bexempt(?:s|ed|ing|ion|ions)?\b", reading.text[after:end], re.I):
        return CONCESSIONS, "an exemption asked for"
    if any(names_concept(m, "concern-topic", "export-controls") for m in later):
        return TECHNOLOGY_ACCESS, "technology areas or export controls named"
    # Tariffs named make it duty concessions even on technology products ("duties on pharmaceuticals").
    if any(names_concept(m, "negotiation-topic", "tariffs") for m in later):
        return DUTY_CONCESSIONS, "tariffs or duties named"
    if any(m.of_kind("technology") for m in later):
        return TECHNOLOGY_ACCESS, "technology areas or export controls named"
    if any(m.of_kind("sector", "hs") for m in later):
        return MARKET_ACCESS, "sectors named"
    return None, ""


_GOAL_CUE = re.compile(r"wants?|wanted|seeks?|seeking|sought|would\s+like", re.I)


def _asks_for_something(reading: Reading, start: int, end: int) -> bool:
    """Whether the text between a cue and the end of its object names something one party asks of another:
    a demand kind, tariffs or duties, export controls."""
    return any(m.of_kind("demand-kind") or names_concept(m, "negotiation-topic", "tariffs")
               or names_concept(m, "concern-topic", "export-controls")
               for m in reading.mentions if start <= reading.rel(m)[0] < end)


def _sector_names(m: Mention) -> list[str]:
    """How a draft names the sectors a mention links: the concept's label, else every HS entry ("beef": two)."""
    e = m.of_kind("sector", "technology")
    if e is not None:
        return [e.label]
    return [f"HS {hs.iri.rsplit('/', 1)[-1]}" for hs in m.links if hs.kind == "hs"]


def propose_demands(article: Article, reading: Reading) -> list[Candidate]:
    out: list[Candidate] = []
    parties = reading.parties()
    done: set[tuple[int, int]] = set()
    for cue in DEMAND_CUE.finditer(reading.text):
        clause = reading.clause_of(cue.start())
        if clause in done:
            continue  # one demand per clause: the first cue with a requester reads the clause
        requester_m = nearest_before([m for m in parties if reading.rel(m)[0] >= clause[0]], reading, cue.start())
        if requester_m is None:
            continue
        requester = party_of(requester_m)
        object_end = reading.object_end(cue.end())
        if _GOAL_CUE.fullmatch(cue.group(0)) and re.match(r"\s+to\s+\w", reading.text[cue.end():]) \
                and not _asks_for_something(reading, cue.end(), object_end):
            continue  # "India wants to double its rice exports": its own goal, nothing asked of anyone
        noun = bool(DEMAND_NOUN.match(cue.group(0))) and not VERB_BEFORE.search(
            reading.between(reading.rel(requester_m)[1], cue.start()))
        if noun and not reading.possessive(requester_m):
            continue  # "demand for oil": a noun cue needs its party ("India's request")
        confidence = 0.8 - (0.05 if noun else 0)
        c = Candidate("demand", {"by": requester.label}, [reading.quote()], confidence, reading.hedges(*clause))
        # Whom: a party right after the verb ("press the United States"), after from/of, else another
        # party of the sentence, else the article's other main party.
        after = [m for m in parties if cue.end() <= reading.rel(m)[0] < object_end
                 and party_of(m).iri != requester.iri]
        parity_cue = PARITY_CUE.search(reading.text, cue.end(), object_end)
        parity_start = parity_cue.start() if parity_cue else len(reading.text)
        direct = next((m for m in after if reading.rel(m)[0] < parity_start and re.fullmatch(
            r"\s*(?:(?:from|of|on|upon|that)\s+)?(?:the\s+)?", reading.between(cue.end(), reading.rel(m)[0]), re.I)),
            None)
        if direct is None:
            direct = next((m for m in after if reading.rel(m)[0] < parity_start and re.search(
                r"\b(?:from|of)\s+(?:the\s+)?$", reading.between(cue.end(), reading.rel(m)[0]), re.I)), None)
        addressee: Entity | None = party_of(direct) if direct else None
        if addressee is None:
            others = [party_of(m) for m in parties if party_of(m).iri != requester.iri
                      and (parity_cue is None or reading.rel(m)[0] < parity_cue.start())]
            main = {p.iri for p in article.main_parties}
            preferred = [p for p in others if p.iri in main] or others
            if preferred:
                addressee = preferred[0]
                c.confidence -= 0.1
                c.add_note(f"'to' is {addressee.label}, another party of the sentence")
            else:
                addressee = article.counterpart(requester)
                c.confidence -= 0.2
                if addressee is not None:
                    c.add_note(f"'to' is not in the sentence: {addressee.label} is the article's other main party")
        if addressee is not None:
            c.fields["to"] = addressee.label
        kind, why = _demand_kind(reading, cue.end(), object_end)
        if kind is None:
            previous = article.last_demand.get((requester.iri, reading.sentence.block))
            if previous is None:
                continue  # a demand cue with nothing asked: not a claim
            kind, why = previous.fields["demand_kind"], "taken from the same party's demand earlier in the paragraph"
            c.confidence -= 0.2
            if previous.fields.get("to"):
                c.fields["to"] = previous.fields["to"]
        if why != "named":
            c.confidence -= 0.1
            c.add_note(f"demand_kind '{kind}': {why}")
        c.fields["demand_kind"] = kind
        sectors = [name for m in reading.mentions if cue.end() <= reading.rel(m)[0] < object_end
                   for name in _sector_names(m)]
        c.fields["sectors"] = list(dict.fromkeys(sectors))
        if parity_cue is not None:
            benchmarks = distinct(party_of(m) for m in parties if parity_cue.end() <= reading.rel(m)[0] < object_end
                                   and party_of(m).iri not in (requester.iri, addressee.iri if addressee else ""))
            if benchmarks:
                c.fields["parity_with"] = [p.label for p in benchmarks]
        reciprocity = RECIPROCITY_CUE.search(reading.text)
        if reciprocity:
            c.fields["reciprocity_cue"] = " ".join((reciprocity.group(1) or reciprocity.group(2)).split())
        c.confidence = clamp(c.confidence)
        out.append(c)
        article.last_demand[(requester.iri, reading.sentence.block)] = c
        done.add(clause)
    return out
