"""A stance: a party's response to a claim or a measure — it rejects, refuses (a red line),
criticises, welcomes or considers it — in the words it used (``words``, on every claim)."""

from __future__ import annotations

from rdflib import URIRef

from tradekg.graph.core.namespaces import TK
from tradekg.graph.sources.authoring.compiler import Compiler
from tradekg.graph.sources.yamlio import LDict

__all__ = ["compile_claim_fields"]


def compile_claim_fields(cx: Compiler, c: URIRef, m: LDict) -> str:
    by = cx.link_one_party(c, m, "by", TK.takenBy)
    kind = cx.one_concept(m, "stance", TK.StanceKind, "stance kind")
    if kind is not None:
        cx.add(c, TK.stanceKind, kind)
    cx.refs(c, m, "responds_to", TK.respondsTo)
    sectors = cx.link_sectors(c, m, "sectors", TK.onSector)
    cx.link_sectors(c, m, "covers_part_of", TK.coversPartOf)
    on = f" on {', '.join(cx.label_of(s) for s in sectors)}" if sectors else ""
    return f"{cx.label_of(by)} {cx.label_of(kind)}{on}"
