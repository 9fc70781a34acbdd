"""Compile one authoring file: its sections in order, each by its own module."""

from __future__ import annotations

from tradekg.graph.sources.authoring.agreements import compile_agreement
from tradekg.graph.sources.authoring.claims.claim import compile_claim
from tradekg.graph.sources.authoring.compiler import Compiler
from tradekg.graph.sources.authoring.definitions import compile_measure, compile_vocabulary_entry, each_mapping
from tradekg.graph.sources.authoring.format import TOP_KEYS, AuthoringFile, CompiledSource, CorpusIndex
from tradekg.graph.sources.authoring.source import compile_source
from tradekg.graph.sources.yamlio import LDict, LList

__all__ = ["compile_file"]


def compile_file(af: AuthoringFile, index: CorpusIndex) -> CompiledSource:
    """Compile a parsed authoring file against the corpus index; problems are collected, not raised."""
    cx = Compiler(af, index)
    data = cx.af.data
    cx.check_keys(data, TOP_KEYS, "the file")
    if data.get("draft") not in (None, False, True):
        cx.err(data.line_of("draft"), "'draft' must be true or false")
    if cx.af.is_draft:
        cx.err(data.line_of("draft"), "this is an unreviewed draft: review it, then set 'draft: false'")
    claims = data.get("claims")
    if claims is not None and not isinstance(claims, LList):
        cx.err(data.line_of("claims"), "'claims' must be a list")
        claims = None
    for item in claims or []:
        if isinstance(item, LDict) and isinstance(item.get("id"), str):
            if item["id"] in cx.local_claims:
                cx.err(item.line_of("id"), f"claim id {item['id']!r} is used twice in this file")
            cx.local_claims[item["id"]] = str(item.get("kind"))
    compile_source(cx, data["source"])
    agreements = data.get("agreements")
    if agreements is not None:
        if not isinstance(agreements, LList):
            cx.err(data.line_of("agreements"), "'agreements' must be a list")
        else:
            for i, item in enumerate(agreements):
                if isinstance(item, LDict):
                    compile_agreement(cx, item)
                else:
                    cx.err(agreements.line_of(i), "each agreement is a mapping with id, label and parties")
    for item in each_mapping(cx, data, "vocabulary", "scheme, id and label"):
        compile_vocabulary_entry(cx, item)
    for item in each_mapping(cx, data, "measures", "id, label, by, on and measure_kind"):
        compile_measure(cx, item)
    for i, item in enumerate(claims or []):
        if isinstance(item, LDict):
            compile_claim(cx, item)
        else:
            cx.err(claims.line_of(i), "each claim is a mapping with id, kind and quote")
    return CompiledSource(cx.path, cx.af.source_iri, cx.triples, cx.lines, cx.problems)
