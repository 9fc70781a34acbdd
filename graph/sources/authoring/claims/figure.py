"""A trade figure: measure, value, scale, currency or unit, period, parties and direction."""

from __future__ import annotations

from rdflib import Literal, URIRef

from tradekg.graph.core.namespaces import TK
from tradekg.graph.core.terms import XSD
from tradekg.graph.sources.authoring.compiler import Compiler
from tradekg.graph.sources.authoring.values import amount_words, compile_quantity
from tradekg.graph.sources.yamlio import LDict, LList

__all__ = ["compile_claim_fields"]


def compile_claim_fields(cx: Compiler, c: URIRef, m: LDict) -> str:
    measure = cx.one_concept(m, "measure", TK.TradeMeasure, "trade measure")
    if measure is not None:
        cx.add(c, TK.measure, measure)
    # Direction, reporter, partner and period are what comparing figures needs: a figure the
    # source gives without one is kept, and `validate` warns (shapes.ttl).
    direction = cx.one_concept(m, "direction", TK.TradeDirection, "trade direction", required=False)
    if direction is not None:
        cx.add(c, TK.direction, direction)
    reporter = cx.link_one_party(c, m, "reporter", TK.reportingParty, required=False)
    partner = cx.link_one_party(c, m, "partner", TK.partnerParty, required=False)
    cx.link_one_party(c, m, "subject", TK.subjectParty, required=False)
    for key, prop, cls, what in (("coverage", TK.coverage, TK.TradeCoverage, "trade coverage"),
                                 ("period_kind", TK.periodKind, TK.PeriodKind, "period kind")):
        concept = cx.one_concept(m, key, cls, what, required=False)
        if concept is not None:
            cx.add(c, prop, concept)
    value = cx.decimal(m, "value", required=True)
    if value is not None:
        cx.add(c, TK.value, Literal(value, datatype=XSD.decimal))
    scale = cx.scale(m)
    if scale is not None:
        cx.add(c, TK.scale, Literal(scale, datatype=XSD.decimal))
    currency = cx.text(m, "currency")
    unit = cx.text(m, "unit")
    if currency and unit:
        cx.err(m.line_of("unit"), "a trade figure has a 'currency' or a 'unit', not both")
    elif not currency and not unit:
        cx.err(m.line, "a trade figure needs a 'currency' (ISO 4217) or a 'unit'")
    if currency:
        currency = cx.currency(currency, m.line_of("currency"))
        if currency:
            cx.add(c, TK.currency, Literal(currency))
    if unit:
        cx.add(c, TK.unit, Literal(unit))
    period = cx.text(m, "period")
    if period:
        cx.add(c, TK.period, Literal(period))
    changes = m.get("change")
    for n, spec in enumerate(changes if isinstance(changes, LList) else [changes] if changes is not None else [], 1):
        line = changes.line_of(n - 1) if isinstance(changes, LList) else m.line_of("change")
        compile_quantity(cx, c, spec, line, TK.change, f"change-{n}")
    change_on = cx.text(m, "change_on")
    if change_on:
        if changes is None:
            cx.err(m.line_of("change_on"), "'change_on' (the period compared with) goes with 'change'")
        for n in range(1, (len(changes) if isinstance(changes, LList) else 1) + 1):
            cx.add(URIRef(f"{c}/change-{n}"), TK.period, Literal(change_on))
    if "previous" in m:
        compile_quantity(cx, c, m["previous"], m.line_of("previous"), TK.previousValue, "previous")
    runs = m.get("consecutive_periods")
    if runs is not None:
        if isinstance(runs, bool) or not isinstance(runs, int) or runs < 1:
            cx.err(m.line_of("consecutive_periods"), "'consecutive_periods' must be a whole number of at least 1")
        else:
            cx.add(c, TK.consecutivePeriods, Literal(runs, datatype=XSD.integer))
    amount = amount_words(value, scale, currency, unit)
    subject = next((o for s, p, o in cx.triples if s == c and p == TK.subjectParty), None)
    first = reporter if reporter is not None else subject
    pair = "–".join(cx.label_of(x) for x in (first, partner) if x is not None)
    return f"{cx.label_of(measure)} {pair} {period or ''}: {amount}".replace("  ", " ")
