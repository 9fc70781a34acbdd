"""Values several claim kinds share: durations, rates, amounts (quantities), documents."""

from __future__ import annotations

import re
from decimal import Decimal

from rdflib import Literal, URIRef

from tradekg.graph.core.names import close_matches
from tradekg.graph.core.namespaces import SOURCE, TK
from tradekg.graph.core.terms import RDF, XSD
from tradekg.graph.sources.authoring.compiler import Compiler
from tradekg.graph.sources.authoring.format import AMOUNT_KEYS, DAYS, DURATION, SCALE_WORDS
from tradekg.graph.sources.yamlio import LDict

__all__ = ["amount_words", "compile_document", "compile_duration", "compile_quantity", "compile_rate"]

_PERCENT = re.compile(r"^\s*([+-]?\d+(?:\.\d+)?)\s*(?:%|percent|per\s*cent)\s*$", re.IGNORECASE)


def compile_duration(cx: Compiler, c: URIRef, m: LDict, key: str = "duration") -> str | None:
    """An ISO 8601 duration (P90D, P5Y) or 'N days' under ``key``, stored as tk:duration."""
    duration = cx.text(m, key)
    if not duration:
        return None
    d = DAYS.match(duration)
    iso = f"P{d.group(1)}D" if d else duration.upper()
    if not DURATION.match(iso):
        cx.err(m.line_of(key), f"{key} {duration!r} is not ISO 8601 (e.g. P90D, P5Y) nor 'N days'")
        return None
    iso = _weeks_as_days(iso)
    # Plain text, not xsd:duration: that type is not in OWL 2 DL's datatype map (see tradekg.ttl).
    cx.add(c, TK.duration, Literal(iso))
    return iso


def _weeks_as_days(iso: str) -> str:
    """P1W as P7D (and P1W2D as P9D): XML Schema's durations, which SPARQL knows, have no weeks."""
    weeks = re.match(r"^P((?:\d+Y)?(?:\d+M)?)(\d+)W(?:(\d+)D)?(.*)$", iso)
    if weeks is None:
        return iso
    days = 7 * int(weeks.group(2)) + int(weeks.group(3) or 0)
    return f"P{weeks.group(1)}{days}D{weeks.group(4)}"


def compile_rate(cx: Compiler, c: URIRef, m: LDict, key: str, prop: URIRef) -> Decimal | None:
    """A rate such as ``25%`` (or a number, or ``{value, unit}``); its unit as tk:rateUnit when not percent."""
    value = m.get(key)
    if value is None:
        return None
    unit = "percent"
    if isinstance(value, LDict):
        number = cx.decimal(value, "value", required=True)
        unit = cx.text(value, "unit") or "percent"
    elif isinstance(value, str) and _PERCENT.match(value):
        number = Decimal(_PERCENT.match(value).group(1))  # type: ignore[union-attr]
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        number = Decimal(str(value))
    else:
        cx.err(m.line_of(key), f"{key!r} must be a rate such as 25% (or {{value: 25, unit: percent}}), not {value!r}")
        return None
    if number is None:
        return None
    cx.add(c, prop, Literal(number, datatype=XSD.decimal))
    if unit != "percent":
        cx.add(c, TK.rateUnit, Literal(unit))
    return number


def amount_words(value: Decimal | None, scale: Decimal | None, currency: str | None, unit: str | None) -> str:
    """'USD 131.84 billion', '25 percent', '1 rank'."""
    if value is None:
        return ""
    word = f" {SCALE_WORDS[scale]}" if scale in SCALE_WORDS else (f" x {scale}" if scale else "")
    return f"{currency + ' ' if currency else ''}{value}{word}{' ' + unit if unit else ''}"


def compile_quantity(cx: Compiler, subject: URIRef, spec: object, line: int, prop: URIRef, name: str) -> str:
    """An amount (``{value, scale, currency | unit, measure, period}``, or ``N%``) as a tk:Quantity
    node ``<subject>/<name>`` linked by ``prop``; returns it in words."""
    q = URIRef(f"{subject}/{name}")
    if isinstance(spec, str) and _PERCENT.match(spec):
        value = Decimal(_PERCENT.match(spec).group(1))  # type: ignore[union-attr]
        cx.add(q, RDF.type, TK.Quantity)
        cx.add(q, TK.value, Literal(value, datatype=XSD.decimal))
        cx.add(q, TK.unit, Literal("percent"))
        cx.add(subject, prop, q)
        return f"{value} percent"
    if not isinstance(spec, LDict):
        cx.err(line, "an amount is a mapping with value and scale, currency or unit (or a percentage such as 11.6%)")
        return ""
    cx.check_keys(spec, AMOUNT_KEYS, "an amount")
    value = cx.decimal(spec, "value", required=True)
    if value is None:
        return ""
    cx.add(q, RDF.type, TK.Quantity)
    cx.add(q, TK.value, Literal(value, datatype=XSD.decimal))
    scale = cx.scale(spec)
    if scale is not None:
        cx.add(q, TK.scale, Literal(scale, datatype=XSD.decimal))
    currency = cx.text(spec, "currency")
    unit = cx.text(spec, "unit")
    if currency:
        currency = cx.currency(currency, spec.line_of("currency"))
        if currency:
            cx.add(q, TK.currency, Literal(currency))
    if unit:
        cx.add(q, TK.unit, Literal(unit))
    measure = cx.one_concept(spec, "measure", TK.TradeMeasure, "trade measure", required=False)
    if measure is not None:
        cx.add(q, TK.measure, measure)
    period = cx.text(spec, "period")
    if period:
        cx.add(q, TK.period, Literal(period))
    cx.add(subject, prop, q)
    return amount_words(value, scale, currency, unit)


def compile_document(cx: Compiler, c: URIRef, m: LDict) -> None:
    """``document``: the source id of a negotiating document the claim concerns."""
    document = cx.text(m, "document")
    if not document:
        return
    if document not in cx.index.sources:
        hint = close_matches(document, cx.index.sources, n=3)
        cx.err(m.line_of("document"), f"unknown source {document!r}"
               + (f"; did you mean {', '.join(map(repr, hint))}?" if hint else ""))
        return
    cx.add(c, TK.aboutDocument, SOURCE[document])
