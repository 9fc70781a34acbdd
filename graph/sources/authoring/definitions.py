"""The ``vocabulary:`` and ``measures:`` sections: what a source defines for the whole corpus.

``vocabulary:`` extends the open schemes (sectors, topics, kinds, statuses, legal instruments…)
with concepts of the source's own, each once per corpus; ``measures:`` defines the trade
measures (who imposes them on whom, of what kind) that measure-action claims act on.
"""

from __future__ import annotations

from rdflib import Literal, URIRef

from tradekg.graph.core.namespaces import MEASURE, SCHEME, TK
from tradekg.graph.core.terms import DCTERMS, RDF, RDFS, SKOS
from tradekg.graph.sources import vocabulary as vocab
from tradekg.graph.sources.authoring.compiler import Compiler
from tradekg.graph.sources.authoring.format import (
    MEASURE_KEYS,
    SCHEME_ALIASES,
    SCHEMES,
    SECTOR_CLASSES,
    VOCABULARY_KEYS,
)
from tradekg.graph.sources.yamlio import LDict, LList

__all__ = ["compile_measure", "compile_vocabulary_entry", "each_mapping"]

_INSTRUMENT_ONLY = ("title", "number", "date", "cites", "modifies")


def _singular(scheme: str) -> str:
    """'statuses' -> 'status', 'sectors' -> 'sector'."""
    return scheme[:-2] if scheme.endswith("uses") else scheme[:-1]


def each_mapping(cx: Compiler, data: LDict, key: str, what: str) -> list[LDict]:
    """The mappings listed under ``key`` (problems for a non-list or a non-mapping item)."""
    items = data.get(key)
    if items is None:
        return []
    if not isinstance(items, LList):
        cx.err(data.line_of(key), f"{key!r} must be a list")
        return []
    out = []
    for i, item in enumerate(items):
        if isinstance(item, LDict):
            out.append(item)
        else:
            cx.err(items.line_of(i), f"each entry of {key!r} is a mapping with {what}")
    return out


def compile_vocabulary_entry(cx: Compiler, m: LDict) -> None:
    cx.check_keys(m, VOCABULARY_KEYS, "a vocabulary entry")
    scheme_name = cx.text(m, "scheme", required=True)
    cid = cx.text(m, "id", required=True)
    if scheme_name is None or cid is None:
        return
    scheme = SCHEME_ALIASES.get(scheme_name, scheme_name)
    if scheme not in SCHEMES:
        cx.err(m.line_of("scheme"), f"scheme {scheme_name!r} is not one of {', '.join(SCHEMES)}")
        return
    if not cx.slug_id(m, cid, "concept"):
        return
    cls, namespace, scheme_id = SCHEMES[scheme]
    c = URIRef(namespace + cid)
    label = cx.text(m, "label", required=True)
    try:
        if vocab.resolve_concept(cid, [cls], scheme) == c:
            cx.err(m.line_of("id"), f"{_singular(scheme)} {cid!r} is in the packaged vocabulary already: name it, "
                                    "do not define it again")
            return
    except vocab.NameNotFound:
        pass
    cx.lines[c] = m.line
    cx.add(c, RDF.type, cls)
    cx.add(c, SKOS.inScheme, SCHEME[scheme_id])
    cx.add(c, DCTERMS.identifier, Literal(cid))
    if label:
        cx.add(c, SKOS.prefLabel, Literal(label, lang="en"))
        cx.add(c, RDFS.label, Literal(label, lang="en"))
    for alt, _ in cx.texts(m, "alt_labels"):
        cx.add(c, SKOS.altLabel, Literal(alt, lang="en"))
    for key, prop in (("definition", SKOS.definition), ("note", SKOS.note)):
        text = cx.text(m, key)
        if text:
            cx.add(c, prop, Literal(text, lang="en"))
    broader_classes = list(SECTOR_CLASSES) if cls in SECTOR_CLASSES else [cls]
    for name, line in cx.texts(m, "broader"):
        broader = cx.concept(name, line, broader_classes, f"broader {_singular(scheme)}",
                             allow_hs=cls in SECTOR_CLASSES)
        if broader is not None:
            cx.add(c, SKOS.broader, broader)
    if cls != TK.LegalInstrument:
        for key in _INSTRUMENT_ONLY:
            if key in m:
                cx.err(m.line_of(key), f"{key!r} is only for instruments")
        return
    title = cx.text(m, "title")
    if title:
        cx.add(c, DCTERMS.title, Literal(title))
    number = cx.text(m, "number")
    if number:
        cx.add(c, TK.number, Literal(number))
    when = cx.when(m, "date")
    if when is not None:
        cx.add_when(c, DCTERMS.date, when)
    for key, prop in (("cites", TK.cites), ("modifies", TK.modifiesInstrument)):
        for name, line in cx.texts(m, key):
            other = cx.concept(name, line, [TK.LegalInstrument], "legal instrument")
            if other is not None:
                cx.add(c, prop, other)


def compile_measure(cx: Compiler, m: LDict) -> None:
    cx.check_keys(m, MEASURE_KEYS, "a measure")
    mid = cx.text(m, "id", required=True)
    if mid is None:
        return
    if not cx.slug_id(m, mid, "measure"):
        return
    s = MEASURE[mid]
    cx.lines[s] = m.line
    cx.add(s, RDF.type, TK.PolicyMeasure)
    cx.add(s, DCTERMS.identifier, Literal(mid))
    cx.labels(s, m)
    by = cx.link_one_party(s, m, "by", TK.imposedBy)
    on = cx.link_parties(s, m, "on", TK.appliesTo, required=True)
    if by is not None and by in on:
        cx.err(m.line_of("on"), "a party does not impose a trade measure on its own goods")
    kind = cx.one_concept(m, "measure_kind", TK.MeasureKind, "measure kind")
    if kind is not None:
        cx.add(s, TK.measureKind, kind)
    note = cx.text(m, "note")
    if note:
        cx.add(s, RDFS.comment, Literal(note))
