"""Links from a later claim to an earlier one (reiterates, revises, concedes, implements,
rejects, withdraws, supersedes) and what a claim refers to. Nothing earlier is edited: the
link is a statement of the later claim."""

from __future__ import annotations

from rdflib import URIRef

from tradekg.graph.core.namespaces import SOURCE, TK
from tradekg.graph.sources.authoring.compiler import Compiler
from tradekg.graph.sources.authoring.format import LINK_KEYS
from tradekg.graph.sources.yamlio import LDict

__all__ = ["compile_links"]


def compile_links(cx: Compiler, c: URIRef, m: LDict) -> None:
    for key in LINK_KEYS:
        cx.refs(c, m, key, TK[key])
    for ref, line in cx.texts(m, "refers_to"):
        if ref in cx.local_claims or ("/" in ref and ref in cx.index.claims):
            target = cx.claim_ref(ref, line, None)
        elif ref in cx.index.sources:
            target = SOURCE[ref]
        else:  # a named instrument (an executive order, a compact) of the vocabulary
            target = cx.concept(ref, line, [TK.LegalInstrument], "claim, source or legal instrument")
        if target is not None:
            cx.add(c, TK.refersTo, target)
