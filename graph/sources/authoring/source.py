"""The ``source:`` section: the document's metadata, the documents it cites, and terms of reference."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from tradekg.graph.core.names import close_matches
from tradekg.graph.core.namespaces import SCHEMA, SOURCE, SOURCE_KINDS, TK
from tradekg.graph.sources.authoring.compiler import Compiler
from tradekg.graph.sources.authoring.format import DESCRIBED_KEYS, REFERENCE_KEYS, SOURCE_KEYS
from tradekg.graph.sources.yamlio import LDict, LList

__all__ = ["compile_reference", "compile_source", "compile_terms_of_reference", "describe_document"]


def compile_source(cx: Compiler, m: LDict) -> None:
    cx.check_keys(m, SOURCE_KEYS, "'source'")
    s = cx.af.source_iri
    cx.lines[s] = m.line
    kind = cx.af.kind
    cx.add(s, RDF.type, TK.Source)
    cx.add(s, RDF.type, TK[SOURCE_KINDS[kind]])
    cx.add(s, DCTERMS.identifier, Literal(cx.af.source_id))
    title = cx.text(m, "title", required=True)
    if title:
        cx.add(s, DCTERMS.title, Literal(title))
        cx.add(s, RDFS.label, Literal(title))
    describe_document(cx, s, m)
    cx.source_date = cx.date(m, "published")
    language = cx.text(m, "language")
    if language:
        cx.add(s, DCTERMS.language, Literal(language))
    text_name = cx.text(m, "text")
    if text_name:
        cx.add(s, TK.textFile, Literal(Path(text_name).name))
        cx.locator(text_name, m.line_of("text"))
    note = cx.text(m, "note")
    if note:
        cx.add(s, RDFS.comment, Literal(note))
    for party in cx.parties(m, "by"):
        cx.add(s, PROV.wasAttributedTo, party)
    refs = m.get("references")
    if refs is not None:
        if not isinstance(refs, LList):
            cx.err(m.line_of("references"), "'references' must be a list of documents")
        else:
            for n, ref in enumerate(refs, start=1):
                if not isinstance(ref, LDict):
                    cx.err(refs.line_of(n - 1), "each reference is a mapping with a title")
                    continue
                compile_reference(cx, s, ref, n)
    agreement_name = cx.text(m, "agreement")
    if agreement_name:
        cx.default_agreement = cx.agreement(agreement_name, m.line_of("agreement"))
    if kind == "terms-of-reference":
        compile_terms_of_reference(cx, s, m)
    else:
        for key in ("topics", "status", "described_in"):
            if key in m:
                cx.err(m.line_of(key), f"{key!r} is only for sources of kind terms-of-reference")

def describe_document(cx: Compiler, s: URIRef, m: LDict) -> None:
    publisher = cx.text(m, "publisher")
    if publisher:
        cx.add(s, DCTERMS.publisher, Literal(publisher))
    url = cx.text(m, "url")
    if url:
        if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", url):
            cx.err(m.line_of("url"), f"url {url!r} is not an http(s) URL without spaces or <>\"{{}}|\\^`")
        else:
            cx.add(s, SCHEMA.url, URIRef(url))
    published = cx.date(m, "published")
    if published:
        cx.add(s, DCTERMS.issued, Literal(published, datatype=XSD.date))

def compile_reference(cx: Compiler, s: URIRef, m: LDict, n: int) -> None:
    cx.check_keys(m, REFERENCE_KEYS, "a reference")
    r = URIRef(f"{s}/ref-{n}")
    cx.lines[r] = m.line
    kind = m.get("kind", "article")
    if kind not in SOURCE_KINDS:
        cx.err(m.line_of("kind"), f"reference kind {kind!r} is not one of {', '.join(SOURCE_KINDS)}")
        kind = "article"
    cx.add(r, RDF.type, TK.Source)
    cx.add(r, RDF.type, TK[SOURCE_KINDS[kind]])
    cx.add(r, DCTERMS.identifier, Literal(f"{cx.af.source_id}/ref-{n}"))
    title = cx.text(m, "title", required=True)
    if title:
        cx.add(r, DCTERMS.title, Literal(title))
        cx.add(r, RDFS.label, Literal(title))
    describe_document(cx, r, m)
    cx.add(s, DCTERMS.references, r)

def compile_terms_of_reference(cx: Compiler, s: URIRef, m: LDict) -> None:
    if cx.default_agreement is not None:
        cx.add(s, TK.termsOfReferenceOf, cx.default_agreement)
    elif "agreement" not in m:
        cx.err(m.line, "terms of reference need the 'agreement' they scope")
    for name, line in cx.texts(m, "topics", required=True):
        topic = cx.concept(name, line, [TK.NegotiationTopic], "negotiation topic")
        if topic is not None:
            cx.add(s, TK.coversTopic, topic)
    status = cx.one_concept(m, "status", TK.DocumentStatus, "document status", required=False)
    if status is not None:
        cx.add(s, TK.status, status)
    described = m.get("described_in")
    if not isinstance(described, LDict):
        cx.err(m.line_of("described_in"),
                 "terms of reference need 'described_in' with the source and the quote that describes them")
        return
    cx.check_keys(described, DESCRIBED_KEYS, "'described_in'")
    other = cx.text(described, "source", required=True)
    if other is None:
        return
    if other not in cx.index.sources:
        hint = close_matches(other, cx.index.sources, n=3)
        cx.err(described.line_of("source"),
                 f"unknown source {other!r}" + (f"; did you mean {', '.join(map(repr, hint))}?" if hint else ""))
        return
    cx.add(s, TK.describedIn, SOURCE[other])
    locator = cx.locator(cx.text(described, "text"), described.line_of("text"))
    cx.quotations(s, cx.texts(described, "quote", required=True), SOURCE[other], locator)
