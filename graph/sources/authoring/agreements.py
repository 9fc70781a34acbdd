"""The ``agreements:`` section: agreements a file introduces, with their labels and parties."""

from __future__ import annotations

from rdflib import Literal

from tradekg.graph.core.namespaces import AGREEMENT, TK
from tradekg.graph.core.terms import DCTERMS, RDF
from tradekg.graph.sources.authoring.compiler import Compiler
from tradekg.graph.sources.authoring.format import AGREEMENT_KEYS
from tradekg.graph.sources.yamlio import LDict

__all__ = ["compile_agreement"]


def compile_agreement(cx: Compiler, m: LDict) -> None:
    cx.check_keys(m, AGREEMENT_KEYS, "an agreement")
    aid = cx.text(m, "id", required=True)
    if aid is None:
        return
    if not cx.slug_id(m, aid, "agreement"):
        return
    a = AGREEMENT[aid]
    cx.lines[a] = m.line
    cx.add(a, RDF.type, TK.Agreement)
    cx.add(a, DCTERMS.identifier, Literal(aid))
    cx.labels(a, m)
    parties = cx.parties(m, "parties", required=True)
    if len(parties) == 1:
        cx.err(m.line_of("parties"), "an agreement needs at least two parties")
    for party in parties:
        cx.add(a, TK.hasParty, party)
