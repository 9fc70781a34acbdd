"""Links from a draft's candidate claims to the claims a built store already holds.

``tradekg ingest FILE --store S`` reads the store's demands, concerns, stances, commitments,
measure actions and agreement statuses (who, to whom, what kind, on which sectors) and
proposes, for each candidate, the earlier claims it may link to, each with the rule that
proposed it and a confidence, for the reviewer to keep or delete:

- ``reiterates`` (0.7, 0.5 without sectors to compare): same kind, same party, same addressee
  or holder, same kind concept, and sectors that overlap (or none on either side);
- ``concedes`` (0.6): a commitment by X to Y and a demand by Y of X on a sector the
  commitment names too;
- ``rejects`` (0.6; 0.4 without a shared sector): a stance *rejects* or *refuses* by X and a
  demand made of X, on a sector both name (or, with no sector on the stance, any demand made
  of X by the article's other main party);
- ``revises`` (0.5): a measure action whose rate before is the rate after of an action the
  store holds on a measure of the same imposer, target and kind (the draft is told that
  measure's id, to name it instead of the new one);
- ``supersedes`` (0.5): a status of the same agreement that the store gives another status.

Store claims are named ``source-id/claim-id`` as authoring files name them. Nothing is
linked on a guess of sameness beyond these fields.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from rdflib import Graph

from tradekg.graph.core.namespaces import TK
from tradekg.graph.ingest.proposals.reading import Candidate
from tradekg.graph.sources import vocabulary as vocab

__all__ = ["Link", "StoreClaim", "propose_links", "store_claims"]


@dataclass(frozen=True)
class StoreClaim:
    """What a link rule compares of a claim the store holds."""

    ref: str  # source-id/claim-id
    kind: str  # demand | concern | stance | commitment | measure | status
    label: str
    by: str | None
    to: frozenset[str]
    concept: str | None  # demand kind, topic, stance kind, commitment kind, action, status
    sectors: frozenset[str]
    measure: str | None = None  # a measure action's measure id
    measure_by: str | None = None
    measure_on: frozenset[str] = frozenset()
    measure_kind: str | None = None
    agreement: str | None = None
    rate: str | None = None  # a measure action's rate after it, as the store writes it


@dataclass(frozen=True)
class Link:
    key: str  # reiterates | concedes | rejects | revises | supersedes
    target: str  # source-id/claim-id
    rule: str
    confidence: float
    label: str


_KINDS = {str(TK.Demand): "demand", str(TK.Concern): "concern", str(TK.Stance): "stance",
          str(TK.Commitment): "commitment", str(TK.MeasureAction): "measure", str(TK.StatusReport): "status"}
_QUERY = """
PREFIX tk: <https://w3id.org/tradekg/ontology#>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
SELECT ?claim ?type ?label ?by ?to ?kind ?sector ?measure ?mby ?mon ?mkind ?agreement ?rate WHERE {
  VALUES ?type { tk:Demand tk:Concern tk:Stance tk:Commitment tk:MeasureAction tk:StatusReport }
  ?claim a ?type .
  OPTIONAL { ?claim rdfs:label ?label }
  OPTIONAL { ?claim tk:demandedBy|tk:heldBy|tk:takenBy|tk:committedBy ?by }
  OPTIONAL { ?claim tk:addressedTo|tk:aboutParty ?to }
  OPTIONAL { ?claim tk:demandKind|tk:onTopic|tk:stanceKind|tk:commitmentKind|tk:action|tk:reportedStatus ?kind }
  OPTIONAL { ?claim tk:onSector ?sector }
  OPTIONAL { ?claim tk:onMeasure ?measure .
             OPTIONAL { ?measure tk:imposedBy ?mby } OPTIONAL { ?measure tk:appliesTo ?mon }
             OPTIONAL { ?measure tk:measureKind ?mkind } }
  OPTIONAL { ?claim tk:inNegotiation ?agreement }
  OPTIONAL { ?claim tk:rateAfter ?rate }
}"""


def _tail(iri: Any) -> str | None:
    return None if iri is None else str(iri).rsplit("/", 1)[-1]


def store_claims(graph: Graph) -> list[StoreClaim]:
    """The store's claims that candidates may link to, one record per claim."""
    rows: dict[str, dict[str, Any]] = {}
    result: Any = graph.query(_QUERY)
    for r in result:
        claim = str(r[0])
        rec = rows.setdefault(claim, {"kind": _KINDS[str(r[1])], "label": str(r[2] or claim), "by": None,
                                      "to": set(), "concept": None, "sectors": set(), "measure": None,
                                      "mby": None, "mon": set(), "mkind": None, "agreement": None, "rate": None})
        if r[3] is not None:
            rec["by"] = str(r[3])
        if r[4] is not None:
            rec["to"].add(str(r[4]))
        if r[5] is not None:
            rec["concept"] = str(r[5])
        if r[6] is not None:
            rec["sectors"].add(str(r[6]))
        if r[7] is not None:
            rec["measure"] = _tail(r[7])
            rec["mby"] = str(r[8]) if r[8] is not None else rec["mby"]
            if r[9] is not None:
                rec["mon"].add(str(r[9]))
            rec["mkind"] = str(r[10]) if r[10] is not None else rec["mkind"]
        if r[11] is not None:
            rec["agreement"] = _tail(r[11])
        if r[12] is not None:
            rec["rate"] = str(r[12])
    out = []
    for claim, rec in sorted(rows.items()):
        ref = claim.split("/claim/", 1)[-1]
        out.append(StoreClaim(ref, rec["kind"], rec["label"], rec["by"], frozenset(rec["to"]), rec["concept"],
                              frozenset(rec["sectors"]), rec["measure"], rec["mby"], frozenset(rec["mon"]),
                              rec["mkind"], rec["agreement"], rec["rate"]))
    return out


def _party(name: Any) -> str | None:
    try:
        return str(vocab.resolve_party(str(name)).iri) if name else None
    except vocab.NameNotFound:
        return None


_CONCEPT_CLASSES = {"demand": [TK.DemandKind], "concern": [TK.ConcernTopic], "stance": [TK.StanceKind],
                    "commitment": [TK.CommitmentKind], "measure": [TK.MeasureActionKind],
                    "status": [TK.AgreementStatus]}
_CONCEPT_FIELD = {"demand": "demand_kind", "concern": "topic", "stance": "stance", "commitment": "commitment_kind",
                  "measure": "action", "status": "status"}


def _concept(kind: str, name: Any) -> str | None:
    if not name:
        return None
    try:
        return str(vocab.resolve_concept(str(name), _CONCEPT_CLASSES[kind], _CONCEPT_FIELD[kind]))
    except vocab.NameNotFound:
        return None


def _sectors(names: Sequence[Any]) -> frozenset[str]:
    out = set()
    for name in names or []:
        code = vocab.parse_hs_reference(str(name))
        try:
            out.add(str(vocab.hs_iri(code)) if code else
                    str(vocab.resolve_concept(str(name), [TK.Sector, TK.TechnologyArea], "sectors")))
        except vocab.NameNotFound:
            continue
    return frozenset(out)


def propose_links(claims: Sequence[Candidate], held: Sequence[StoreClaim], measures: dict[str, Any],
                  main_parties: Sequence[str] = ()) -> None:
    """Set ``links`` on each candidate: the store claims it may reiterate, concede, reject, revise or supersede."""
    for c in claims:
        links: list[Link] = []
        f = c.fields
        by = _party(f.get("by"))
        to = {p for p in (_party(x) for x in ([f.get("to")] if isinstance(f.get("to"), str) else f.get("to") or [])
                          + list(f.get("about") or [])) if p}
        concept = _concept(c.kind, f.get(_CONCEPT_FIELD.get(c.kind, ""))) if c.kind in _CONCEPT_FIELD else None
        sectors = _sectors(f.get("sectors") or [])
        for s in held:
            if s.kind == c.kind and c.kind in ("demand", "concern", "stance", "commitment") and by and s.by == by \
                    and concept and s.concept == concept and (not to or not s.to or to & s.to) \
                    and (bool(sectors & s.sectors) or not (sectors or s.sectors)):
                shared = bool(sectors & s.sectors)
                links.append(Link("reiterates", s.ref, "same party, addressee and kind" + (", a shared sector" if shared
                                                                                         else ""),
                                  0.7 if shared else 0.5, s.label))
            elif c.kind == "commitment" and s.kind == "demand" and by and by in s.to and s.by in to:
                if sectors & s.sectors:
                    links.append(Link("concedes", s.ref, "a commitment to the party whose demand of it names a "
                                                         "sector the commitment names", 0.6, s.label))
            elif c.kind == "stance" and f.get("stance") in ("rejects", "refuses") and s.kind == "demand" and by \
                    and by in s.to:
                if sectors & s.sectors:
                    links.append(Link("rejects", s.ref, "a refusal by the party a demand on a shared sector was made "
                                                        "of", 0.6, s.label))
                elif not sectors and s.by in {_party(p) for p in main_parties}:
                    links.append(Link("rejects", s.ref, "a refusal by the party the other main party's demand was "
                                                        "made of (no sector to compare)", 0.4, s.label))
            elif c.kind == "measure" and s.kind == "measure" and f.get("measure") in measures:
                m = measures[f["measure"]]
                same = _party(m.by) == s.measure_by and {_party(x) for x in m.on} == set(s.measure_on) and \
                    _concept_kind(m.measure_kind) == s.measure_kind
                if same:
                    c.add_note(f"the store has this measure as {s.measure!r}: name it so, and drop the new one")
                if same and f.get("rate_before") and _rate(s.rate) == _rate(f["rate_before"]):
                    links.append(Link("revises", s.ref, f"the same measure ({s.measure!r}) whose rate then was "
                                                        f"{f['rate_before']}", 0.5, s.label))
            elif c.kind == "status" and s.kind == "status" and f.get("agreement") and s.agreement == f["agreement"] \
                    and concept and s.concept != concept:
                links.append(Link("supersedes", s.ref, "a later status of the same agreement", 0.5, s.label))
        c.links = sorted(links, key=lambda link: -link.confidence)[:MAX_LINKS]


MAX_LINKS = 5  # per candidate: the reviewer reads every one


def _rate(value: Any) -> float | None:
    try:
        return float(str(value).rstrip("% ").replace("percent", ""))
    except ValueError:
        return None


def _concept_kind(name: str) -> str | None:
    try:
        return str(vocab.resolve_concept(name, [TK.MeasureKind], "measure_kind"))
    except vocab.NameNotFound:
        return None
