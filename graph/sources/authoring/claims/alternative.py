"""An alternative: proposed instead of a demand's form, addressing concerns."""

from __future__ import annotations

from rdflib import URIRef

from tradekg.graph.core.namespaces import TK
from tradekg.graph.sources.authoring.compiler import Compiler
from tradekg.graph.sources.yamlio import LDict

__all__ = ["compile_claim_fields"]


def compile_claim_fields(cx: Compiler, c: URIRef, m: LDict) -> str:
    by = cx.link_one_party(c, m, "by", TK.proposedBy)
    cx.link_parties(c, m, "to", TK.addressedTo)
    form = cx.one_concept(m, "form", TK.InstrumentForm, "instrument form")
    if form is not None:
        cx.add(c, TK.instrumentForm, form)
    replaced = cx.one_concept(m, "instead_of_form", TK.InstrumentForm, "instrument form", required=False)
    if replaced is not None:
        cx.add(c, TK.insteadOfForm, replaced)
    cx.refs(c, m, "instead_of", TK.insteadOf, required=True)
    cx.refs(c, m, "addresses", TK.addresses)
    tail = f" instead of {cx.label_of(replaced)}" if replaced is not None else ""
    return f"{cx.label_of(by)} alternative: {cx.label_of(form)}{tail}"
