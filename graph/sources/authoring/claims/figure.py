"""A trade figure: measure, value, scale, currency or unit, period, parties and direction."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from tradekg.graph.core.namespaces import TK
from tradekg.graph.sources.authoring.compiler import Compiler
from tradekg.graph.sources.authoring.format import SCALE_WORDS
from tradekg.graph.sources.yamlio import LDict

__all__ = ["compile_claim_fields"]


def compile_claim_fields(cx: Compiler, c: URIRef, m: LDict) -> str:
    measure = cx.one_concept(m, "measure", TK.TradeMeasure, "trade measure")
    if measure is not None:
        cx.add(c, TK.measure, measure)
    direction = cx.one_concept(m, "direction", TK.TradeDirection, "trade direction")
    if direction is not None:
        cx.add(c, TK.direction, direction)
    reporter = cx.link_one_party(c, m, "reporter", TK.reportingParty)
    partner = cx.link_one_party(c, m, "partner", TK.partnerParty)
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
    period = cx.text(m, "period", required=True)
    if period:
        cx.add(c, TK.period, Literal(period))
    runs = m.get("consecutive_periods")
    if runs is not None:
        if isinstance(runs, bool) or not isinstance(runs, int) or runs < 1:
            cx.err(m.line_of("consecutive_periods"), "'consecutive_periods' must be a whole number of at least 1")
        else:
            cx.add(c, TK.consecutivePeriods, Literal(runs, datatype=XSD.integer))
    amount = ""
    if value is not None:
        word = f" {SCALE_WORDS[scale]}" if scale in SCALE_WORDS else (f" x {scale}" if scale else "")
        amount = f"{currency + ' ' if currency else ''}{value}{word}{' ' + unit if unit else ''}"
    pair = f"{cx.label_of(reporter)}–{cx.label_of(partner)}"
    return f"{cx.label_of(measure)} {pair} {period or ''}: {amount}".replace("  ", " ")
