"""A demand: a party asks another for something, on sectors, perhaps benchmarked against others."""

from __future__ import annotations

from rdflib import Literal, URIRef

from tradekg.graph.core.namespaces import TK
from tradekg.graph.sources.authoring.compiler import Compiler
from tradekg.graph.sources.yamlio import LDict

__all__ = ["compile_claim_fields"]


def compile_claim_fields(cx: Compiler, c: URIRef, m: LDict) -> str:
    by = cx.link_one_party(c, m, "by", TK.demandedBy)
    to = cx.link_parties(c, m, "to", TK.addressedTo, required=True)
    kind = cx.one_concept(m, "demand_kind", TK.DemandKind, "demand kind")
    if kind is not None:
        cx.add(c, TK.demandKind, kind)
    cx.link_sectors(c, m, "sectors", TK.onSector)
    cx.link_sectors(c, m, "covers_part_of", TK.coversPartOf)
    cx.link_parties(c, m, "parity_with", TK.benchmarkedAgainst)
    cx.refs(c, m, "in_exchange_for", TK.inExchangeFor)
    cue = cx.text(m, "reciprocity_cue")
    if cue:
        cx.add(c, TK.reciprocityCue, Literal(cue))
    if by is not None and by in to:
        cx.err(m.line_of("to"), "a party cannot make a demand of itself")
    addressees = " and ".join(cx.label_of(p) for p in to) or "?"
    return f"{cx.label_of(by)} seeks {cx.label_of(kind)} from {addressees}"
