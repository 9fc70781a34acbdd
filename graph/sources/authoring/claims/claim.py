"""What every claim has, whatever its kind: id, kind, source, date, quotes, hedges, agreement.

The fields of each kind are compiled by the module of that kind (:data:`KINDS`).
"""

from __future__ import annotations

from collections.abc import Callable

from rdflib import Literal, URIRef

from tradekg.graph.core.namespaces import CLAIM, CLAIM_KINDS, TK
from tradekg.graph.core.terms import DCTERMS, PROV, RDF, RDFS
from tradekg.graph.sources.authoring.claims import (
    alternative,
    assessment,
    commitment,
    concern,
    demand,
    event,
    figure,
    measure,
    stance,
    status,
)
from tradekg.graph.sources.authoring.claims.links import compile_links
from tradekg.graph.sources.authoring.claims.time import compile_claim_time
from tradekg.graph.sources.authoring.compiler import Compiler
from tradekg.graph.sources.authoring.format import CLAIM_KEYS, KIND_KEYS
from tradekg.graph.sources.authoring.people import compile_people
from tradekg.graph.sources.suggestions import unknown_claim_kind
from tradekg.graph.sources.yamlio import LDict

__all__ = ["KINDS", "compile_claim"]


def compile_claim(cx: Compiler, m: LDict) -> None:
    kind = cx.text(m, "kind", required=True)
    cid = cx.text(m, "id", required=True)
    if kind is None or cid is None:
        return
    if kind not in CLAIM_KINDS:
        cx.err(m.line_of("kind"), unknown_claim_kind(kind, cx.corpus_names()))
        return
    if not cx.slug_id(m, cid, "claim"):
        return
    cx.check_keys(m, CLAIM_KEYS | KIND_KEYS[kind], f"a {kind} claim")
    c = CLAIM[f"{cx.af.source_id}/{cid}"]
    cx.lines[c] = m.line
    cx.add(c, RDF.type, TK.Claim)
    cx.add(c, RDF.type, TK[CLAIM_KINDS[kind]])
    cx.add(c, DCTERMS.identifier, Literal(f"{cx.af.source_id}/{cid}"))
    cx.add(c, PROV.wasDerivedFrom, cx.af.source_iri)
    compile_claim_time(cx, c, m)
    if "quote" in m and "quotes" in m:
        cx.err(m.line_of("quotes"), "give either 'quote' or 'quotes', not both")
    quotes = cx.texts(m, "quotes" if "quotes" in m else "quote")
    if not quotes:
        cx.err(m.line, "a claim needs the sentence it comes from ('quote' or 'quotes')")
    locator = cx.locator(cx.text(cx.af.data["source"], "text"), cx.af.data["source"].line_of("text"))
    cx.quotations(c, quotes, cx.af.source_iri, locator)
    for hedge, _ in cx.texts(m, "hedge"):
        cx.add(c, TK.hedge, Literal(hedge))
    agreement_name = cx.text(m, "agreement")
    agreement = (cx.agreement(agreement_name, m.line_of("agreement")) if agreement_name
                 else cx.default_agreement)
    if agreement is not None:
        cx.add(c, TK.inNegotiation, agreement)
    for party in cx.parties(m, "involves"):
        cx.add(c, TK.involvesParty, party)
    note = cx.text(m, "note")
    if note:
        cx.add(c, RDFS.comment, Literal(note))
    for party in cx.parties(m, "according_to"):
        cx.add(c, TK.accordingTo, party)
    for key, prop in (("words", TK.words), ("place", TK.place)):
        for text, _ in cx.texts(m, key):
            cx.add(c, prop, Literal(text))
    compile_people(cx, c, m)
    compile_links(cx, c, m)
    confidence = m.get("confidence")
    if confidence is not None and (isinstance(confidence, bool) or not isinstance(confidence, (int, float))
                                   or not 0 <= confidence <= 1):
        cx.err(m.line_of("confidence"), "'confidence' must be a number from 0 to 1")
    label = KINDS[kind](cx, c, m)
    given = cx.text(m, "label")
    cx.add(c, RDFS.label, Literal(given or label or f"{kind} {cid}"))


# Each kind's module compiles that kind's own fields and returns the label to use when the
# author gave none.
KINDS: dict[str, Callable[[Compiler, URIRef, LDict], str]] = {
    "demand": demand.compile_claim_fields,
    "concern": concern.compile_claim_fields,
    "alternative": alternative.compile_claim_fields,
    "trade-figure": figure.compile_claim_fields,
    "event": event.compile_claim_fields,
    "status": status.compile_claim_fields,
    "measure": measure.compile_claim_fields,
    "stance": stance.compile_claim_fields,
    "commitment": commitment.compile_claim_fields,
    "assessment": assessment.compile_claim_fields,
}
