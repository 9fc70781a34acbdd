"""An assessment: what a source itself expects or judges of a negotiation — an issue expected
to feature prominently, a pause seen as an opportunity for talks — hedged as it hedges, about
the claims, measures or agreement it names (``about``)."""

from __future__ import annotations

from rdflib import URIRef

from tradekg.graph.core.namespaces import TK
from tradekg.graph.sources.authoring.compiler import Compiler
from tradekg.graph.sources.yamlio import LDict

__all__ = ["compile_claim_fields"]


def compile_claim_fields(cx: Compiler, c: URIRef, m: LDict) -> str:
    kind = cx.one_concept(m, "assessment_kind", TK.AssessmentKind, "assessment kind")
    if kind is not None:
        cx.add(c, TK.assessmentKind, kind)
    about = []
    for ref, line in cx.texts(m, "about", required=True):
        if ref in cx.local_claims or ("/" in ref and ref in cx.index.claims):
            target = cx.claim_ref(ref, line, None)
        elif cx.index.measure_keys.get(ref):
            target = cx.measure(ref, line)
        else:
            target = cx.agreement(ref, line)
        if target is not None:
            cx.add(c, TK.assesses, target)
            about.append(target)
    return f"Assessment: {cx.label_of(kind)}"
