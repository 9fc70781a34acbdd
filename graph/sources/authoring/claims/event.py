"""An event: a pause, a round, a deadline, with its duration and dates."""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from tradekg.graph.core.names import close_matches
from tradekg.graph.core.namespaces import SCHEMA, SOURCE, TK
from tradekg.graph.sources.authoring.compiler import Compiler
from tradekg.graph.sources.authoring.format import DAYS, DURATION
from tradekg.graph.sources.yamlio import LDict

__all__ = ["compile_claim_fields"]


def compile_claim_fields(cx: Compiler, c: URIRef, m: LDict) -> str:
    kind = cx.one_concept(m, "event_kind", TK.EventKind, "event kind")
    if kind is not None:
        cx.add(c, TK.eventKind, kind)
    duration = cx.text(m, "duration")
    days = ""
    if duration:
        d = DAYS.match(duration)
        iso = f"P{d.group(1)}D" if d else duration.upper()
        if not DURATION.match(iso):
            cx.err(m.line_of("duration"), f"duration {duration!r} is not ISO 8601 (e.g. P90D) nor 'N days'")
        else:
            cx.add(c, TK.duration, Literal(iso, datatype=XSD.duration))
            dd = re.fullmatch(r"P(\d+)D", iso)
            days = f" ({dd.group(1)} days)" if dd else f" ({iso})"
    for key, prop in (("start", SCHEMA.startDate), ("end", SCHEMA.endDate)):
        when = cx.date(m, key)
        if when:
            cx.add(c, prop, Literal(when, datatype=XSD.date))
    document = cx.text(m, "document")
    if document:
        if document not in cx.index.sources:
            hint = close_matches(document, cx.index.sources, n=3)
            cx.err(m.line_of("document"), f"unknown source {document!r}"
                     + (f"; did you mean {', '.join(map(repr, hint))}?" if hint else ""))
        else:
            cx.add(c, TK.aboutDocument, SOURCE[document])
    return f"{cx.label_of(kind)}{days}"
