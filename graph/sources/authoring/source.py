"""The ``source:`` section: the document's metadata, the documents it cites, and terms of reference."""

from __future__ import annotations

import re
from pathlib import Path

from rdflib import Literal, URIRef

from tradekg.graph.core.names import close_matches
from tradekg.graph.core.namespaces import SCHEMA, SOURCE, SOURCE_KINDS, TK
from tradekg.graph.core.terms import DCTERMS, PROV, RDF, RDFS
from tradekg.graph.sources.authoring.compiler import Compiler
from tradekg.graph.sources.authoring.format import DESCRIBED_KEYS, REFERENCE_KEYS, RESTATED_KEYS, SOURCE_KEYS
from tradekg.graph.sources.dates import When, day_literal
from tradekg.graph.sources.yamlio import LDict, LList

__all__ = ["compile_reference", "compile_report", "compile_restated", "compile_source", "compile_terms_of_reference",
           "describe_document", "span"]


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
    cx.report_dates[""] = describe_document(cx, s, m)
    compile_restated(cx, s, m)
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

def describe_document(cx: Compiler, s: URIRef, m: LDict) -> When | None:
    """Publisher, URL and publication date of a source, a reference or a restated report."""
    publisher = cx.text(m, "publisher")
    if publisher:
        cx.add(s, DCTERMS.publisher, Literal(publisher))
    url = cx.text(m, "url")
    if url:
        if not re.match(r"^https?://[^\s<>\"{}|\\^`]+$", url):
            cx.err(m.line_of("url"), f"url {url!r} is not an http(s) URL without spaces or <>\"{{}}|\\^`")
        else:
            cx.add(s, SCHEMA.url, URIRef(url))
    published = cx.when(m, "published")
    if published:
        cx.add_when(s, DCTERMS.issued, published)
        cx.add(s, TK.reportedEarliest, day_literal(published.earliest))
        cx.add(s, TK.reportedLatest, day_literal(published.latest))
    return published


def compile_restated(cx: Compiler, s: URIRef, m: LDict) -> None:
    """The reports a brief (or a copy) restates: each a source of its own, whose date is the
    time the brief's claims were reported; and the source's span of reporting dates."""
    items = m.get("restates")
    if items is None:
        if cx.af.kind == "brief":
            cx.err(m.line, "a brief needs 'restates': the report(s) it restates, with publisher and date")
        reported = cx.report_dates.get("")
    else:
        if not isinstance(items, LList) or not items:
            cx.err(m.line_of("restates"), "'restates' must be a list of reports (publisher, url, published)")
            return
        dates = []
        for i, item in enumerate(items):
            if not isinstance(item, LDict):
                cx.err(items.line_of(i), "each restated report is a mapping with publisher, url and published")
                continue
            when = compile_report(cx, s, item, i + 1)
            if when is not None:
                dates.append(when)
        reported = span(dates)
        if not dates:
            cx.err(m.line_of("restates"), "no restated report gives a date ('published'): the claims would carry none")
    if reported is not None:
        cx.add(s, TK.reportedEarliest, day_literal(reported.earliest))
        cx.add(s, TK.reportedLatest, day_literal(reported.latest))


def span(dates: list[When]) -> When | None:
    """The smallest date range holding every one of ``dates`` (None for none)."""
    if not dates:
        return None
    if len(dates) == 1:
        return dates[0]
    first, last = min(d.earliest for d in dates), max(d.latest for d in dates)
    text = f"{first.isoformat()}/{last.isoformat()}" if first != last else first.isoformat()
    return When(first, last, text)


def compile_report(cx: Compiler, s: URIRef, m: LDict, n: int) -> When | None:
    cx.check_keys(m, RESTATED_KEYS, "a restated report")
    rid = cx.text(m, "id") or f"report-{n}"
    if not cx.slug_id(m, rid, "report"):
        return None
    if rid in cx.report_dates:
        cx.err(m.line_of("id"), f"report id {rid!r} is used twice in 'restates'")
        return None
    r = URIRef(f"{s}/report/{rid}")
    _document(cx, r, m, "report", f"{cx.af.source_id}/report/{rid}")
    title = cx.text(m, "title")
    publisher = cx.text(m, "publisher", required=True)
    if title:
        cx.add(r, DCTERMS.title, Literal(title))
    cx.add(r, RDFS.label, Literal(title or publisher or rid))
    when = describe_document(cx, r, m)
    via = cx.text(m, "via")
    if via:
        cx.add(r, TK.via, Literal(via))
    for party in cx.parties(m, "by"):
        cx.add(r, PROV.wasAttributedTo, party)
    document = cx.text(m, "document")
    if document:
        instrument = cx.concept(document, m.line_of("document"), [TK.LegalInstrument], "legal instrument")
        if instrument is not None:
            cx.add(r, TK.refersTo, instrument)
    note = cx.text(m, "note")
    if note:
        cx.add(r, RDFS.comment, Literal(note))
    cx.add(s, TK.restates, r)
    cx.report_dates[rid] = when
    cx.reports[rid] = r
    return when

def _document(cx: Compiler, r: URIRef, m: LDict, what: str, identifier: str) -> None:
    """``r``, a document another source restates or cites (``what``), as a Source of its kind."""
    cx.lines[r] = m.line
    kind = m.get("kind", "article")
    if kind not in SOURCE_KINDS:
        cx.err(m.line_of("kind"), f"{what} kind {kind!r} is not one of {', '.join(SOURCE_KINDS)}")
        kind = "article"
    cx.add(r, RDF.type, TK.Source)
    cx.add(r, RDF.type, TK[SOURCE_KINDS[kind]])
    cx.add(r, DCTERMS.identifier, Literal(identifier))


def compile_reference(cx: Compiler, s: URIRef, m: LDict, n: int) -> None:
    cx.check_keys(m, REFERENCE_KEYS, "a reference")
    r = URIRef(f"{s}/ref-{n}")
    _document(cx, r, m, "reference", f"{cx.af.source_id}/ref-{n}")
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
