"""The ``agreements:`` section: agreements a file introduces, with their labels and parties."""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS

from tradekg.graph.core.names import is_slug
from tradekg.graph.core.namespaces import AGREEMENT, TK
from tradekg.graph.sources.authoring.compiler import Compiler
from tradekg.graph.sources.authoring.format import AGREEMENT_KEYS
from tradekg.graph.sources.yamlio import LDict

__all__ = ["compile_agreement"]


def compile_agreement(cx: Compiler, m: LDict) -> None:
    cx.check_keys(m, AGREEMENT_KEYS, "an agreement")
    aid = cx.text(m, "id", required=True)
    if aid is None:
        return
    if not is_slug(aid):
        cx.err(m.line_of("id"), f"agreement id {aid!r} may only hold letters, digits, '.', '_' and '-'")
        return
    a = AGREEMENT[aid]
    cx.lines[a] = m.line
    cx.add(a, RDF.type, TK.Agreement)
    cx.add(a, DCTERMS.identifier, Literal(aid))
    label = cx.text(m, "label", required=True)
    if label:
        cx.add(a, RDFS.label, Literal(label, lang="en"))
    for alt, _ in cx.texts(m, "alt_labels"):
        cx.add(a, SKOS.altLabel, Literal(alt, lang="en"))
    parties = cx.parties(m, "parties", required=True)
    if len(parties) == 1:
        cx.err(m.line_of("parties"), "an agreement needs at least two parties")
    for party in parties:
        cx.add(a, TK.hasParty, party)
