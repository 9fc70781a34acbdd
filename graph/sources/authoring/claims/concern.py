"""A concern: held by a party about another, on a topic; it blocks or conditions demands."""

from __future__ import annotations

from rdflib import URIRef

from tradekg.graph.core.namespaces import TK
from tradekg.graph.sources.authoring.compiler import Compiler
from tradekg.graph.sources.yamlio import LDict

__all__ = ["compile_claim_fields"]


def compile_claim_fields(cx: Compiler, c: URIRef, m: LDict) -> str:
    by = cx.link_one_party(c, m, "by", TK.heldBy)
    about = cx.link_parties(c, m, "about", TK.aboutParty, required=True)
    topic = cx.one_concept(m, "topic", TK.ConcernTopic, "concern topic")
    if topic is not None:
        cx.add(c, TK.onTopic, topic)
    cx.refs(c, m, "blocks", TK.blocks)
    cx.refs(c, m, "conditions", TK.conditions)
    cx.refs(c, m, "figures", TK.refersToFigure)
    subject = " and ".join(cx.label_of(p) for p in about) or "?"
    return f"{cx.label_of(by)} concern over {cx.label_of(topic)} ({subject})"
