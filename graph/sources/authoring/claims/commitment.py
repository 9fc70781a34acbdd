"""A commitment: what a party (or several, jointly) commits to in a framework or an agreement —
tariff cuts on sectors (``covers_all`` where the source says "all"), purchases worth an amount
over a period, halting imports — hedged as the source hedges it ("intends"), with its
conditions, and the demands it concedes (``concedes``)."""

from __future__ import annotations

from rdflib import Literal, URIRef

from tradekg.graph.core.namespaces import TK
from tradekg.graph.sources.authoring.compiler import Compiler
from tradekg.graph.sources.authoring.values import compile_duration, compile_quantity
from tradekg.graph.sources.yamlio import LDict

__all__ = ["compile_claim_fields"]


def compile_claim_fields(cx: Compiler, c: URIRef, m: LDict) -> str:
    by = cx.link_parties(c, m, "by", TK.committedBy, required=True)
    to = cx.link_parties(c, m, "to", TK.addressedTo)
    kind = cx.one_concept(m, "commitment_kind", TK.CommitmentKind, "commitment kind")
    if kind is not None:
        cx.add(c, TK.commitmentKind, kind)
    whole = cx.link_sectors(c, m, "covers_all", TK.coversAll)
    named = cx.link_sectors(c, m, "sectors", TK.onSector)
    cx.link_sectors(c, m, "covers_part_of", TK.coversPartOf)
    if "amount" in m:
        compile_quantity(cx, c, m["amount"], m.line_of("amount"), TK.amount, "amount")
    compile_duration(cx, c, m, "period")
    deadline = cx.when(m, "deadline")
    if deadline is not None:
        cx.add_when(c, TK.deadline, deadline)
    condition = cx.text(m, "condition")
    if condition:
        cx.add(c, TK.condition, Literal(condition))
    for name, line in cx.texts(m, "measure"):
        measure = cx.measure(name, line)
        if measure is not None:
            cx.add(c, TK.onMeasure, measure)
    for ref, line in cx.texts(m, "legal_basis"):
        instrument = cx.concept(ref, line, [TK.LegalInstrument], "legal instrument")
        if instrument is not None:
            cx.add(c, TK.legalBasis, instrument)
    if set(by) & set(to):
        cx.err(m.line_of("to"), "a party does not commit to itself")
    parties = " and ".join(cx.label_of(p) for p in by) or "?"
    sectors = [cx.label_of(s) for s in [*whole, *named]][:4]
    on = f" on {', '.join(sectors)}" if sectors else ""
    return f"{parties} commits: {cx.label_of(kind)}{on}"
