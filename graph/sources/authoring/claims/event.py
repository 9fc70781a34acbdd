"""An event: a pause, a round, a deadline, with its duration and dates."""

from __future__ import annotations

import re

from rdflib import URIRef

from tradekg.graph.core.namespaces import SCHEMA, TK
from tradekg.graph.sources.authoring.compiler import Compiler
from tradekg.graph.sources.authoring.values import compile_document, compile_duration
from tradekg.graph.sources.yamlio import LDict

__all__ = ["compile_claim_fields"]


def compile_claim_fields(cx: Compiler, c: URIRef, m: LDict) -> str:
    kind = cx.one_concept(m, "event_kind", TK.EventKind, "event kind")
    if kind is not None:
        cx.add(c, TK.eventKind, kind)
    iso = compile_duration(cx, c, m)
    days = ""
    if iso:
        dd = re.fullmatch(r"P(\d+)D", iso)
        days = f" ({dd.group(1)} days)" if dd else f" ({iso})"
    for key, prop in (("start", SCHEMA.startDate), ("end", SCHEMA.endDate)):
        when = cx.when(m, key)
        if when:
            cx.add_when(c, prop, when)
    compile_document(cx, c, m)
    return f"{cx.label_of(kind)}{days}"
