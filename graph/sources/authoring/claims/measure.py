"""A measure action: a party imposes, raises, lowers, pauses, extends or removes a trade measure.

The measure itself (``measure:``, defined under ``measures:`` in any file) carries who imposes it
on whom and its kind; each claim is one reported act on it, with its rates (before and after,
and the total the source says results), scope (sectors, examples, exemptions), dates
(announced, effective, until, or a duration) and legal basis.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from tradekg.graph.core.namespaces import TK
from tradekg.graph.core.terms import XSD
from tradekg.graph.sources.authoring.compiler import Compiler
from tradekg.graph.sources.authoring.values import compile_duration, compile_rate
from tradekg.graph.sources.yamlio import LDict

__all__ = ["compile_claim_fields"]


def compile_claim_fields(cx: Compiler, c: URIRef, m: LDict) -> str:
    name = cx.text(m, "measure", required=True)
    measure = cx.measure(name, m.line_of("measure")) if name else None
    if measure is not None:
        cx.add(c, TK.onMeasure, measure)
    action = cx.one_concept(m, "action", TK.MeasureActionKind, "measure action")
    if action is not None:
        cx.add(c, TK.action, action)
    rate = compile_rate(cx, c, m, "rate", TK.rateAfter)
    compile_rate(cx, c, m, "rate_before", TK.rateBefore)
    compile_rate(cx, c, m, "total", TK.statedTotal)
    compile_rate(cx, c, m, "total_before", TK.totalBefore)
    for ref, line in cx.texts(m, "adds_to"):
        other = cx.measure(ref, line)
        if other is not None:
            cx.add(c, TK.addsTo, other)
    cx.link_sectors(c, m, "sectors", TK.onSector)
    cx.link_sectors(c, m, "includes", TK.includesSector)
    for key in ("announced", "effective", "until"):
        when = cx.when(m, key)
        if when is not None:
            cx.add_when(c, TK[key], when)
    compile_duration(cx, c, m)
    for key, prop in (("exemptions", TK.exemptions), ("effective_time", TK.effectiveTime), ("reason", TK.reason),
                      ("condition", TK.condition), ("refunds", TK.refunds)):
        text = cx.text(m, key)
        if text:
            cx.add(c, prop, Literal(text))
    in_effect = m.get("in_effect")
    if in_effect is not None:
        if not isinstance(in_effect, bool):
            cx.err(m.line_of("in_effect"), "'in_effect' is true or false: whether the source says it had taken effect")
        else:
            cx.add(c, TK.inEffect, Literal(in_effect, datatype=XSD.boolean))
    for ref, line in cx.texts(m, "legal_basis"):
        instrument = cx.concept(ref, line, [TK.LegalInstrument], "legal instrument")
        if instrument is not None:
            cx.add(c, TK.legalBasis, instrument)
    what = cx.index.measures.get(str(measure).rsplit("/", 1)[-1]) if measure is not None else None
    rate_words = f" at {rate}%" if rate is not None else ""
    return f"{cx.label_of(action).capitalize()}: {what.label if what else '?'}{rate_words}"
