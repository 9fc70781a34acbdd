"""A status report: the stage an agreement has reached, as a source reports it."""

from __future__ import annotations

from rdflib import Literal, URIRef

from tradekg.graph.core.namespaces import TK
from tradekg.graph.core.terms import XSD
from tradekg.graph.sources.authoring.compiler import Compiler
from tradekg.graph.sources.authoring.values import compile_document
from tradekg.graph.sources.yamlio import LDict

__all__ = ["compile_claim_fields"]


def compile_claim_fields(cx: Compiler, c: URIRef, m: LDict) -> str:
    status = cx.one_concept(m, "status", TK.AgreementStatus, "agreement status")
    if status is not None:
        cx.add(c, TK.reportedStatus, status)
    for name, line in cx.texts(m, "topics"):  # the terms of reference's topics, as this report lists them
        topic = cx.concept(name, line, [TK.NegotiationTopic], "negotiation topic")
        if topic is not None:
            cx.add(c, TK.coversTopic, topic)
    compile_document(cx, c, m)
    chapters = m.get("chapters")
    if chapters is not None:
        if isinstance(chapters, bool) or not isinstance(chapters, int) or chapters < 1:
            cx.err(m.line_of("chapters"), "'chapters' must be a whole number of at least 1")
        else:
            cx.add(c, TK.chapters, Literal(chapters, datatype=XSD.integer))
    agreement = next((o for s, p, o in cx.triples if s == c and p == TK.inNegotiation), None)
    if agreement is None:
        cx.err(m.line, "a status claim needs the 'agreement' it is about")
    label = cx.index.agreements.get(str(agreement).rsplit("/", 1)[-1]) if agreement else None
    return f"{label.label if label else '?'}: {cx.label_of(status)}"
