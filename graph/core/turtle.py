"""Turtle read by Oxigraph into an rdflib Graph: tradekg's own vocabulary, shapes and parties,
which rdflib's parser takes 0.2 s to read in every process that needs them (Oxigraph, 5 ms)."""

from __future__ import annotations

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

__all__ = ["turtle_graph"]

_XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"


def _term(term: object, blanks: dict[str, BNode]) -> Node:
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return blanks.setdefault(term.value, BNode())
    assert isinstance(term, ox.Literal)
    if term.language:
        return Literal(term.value, lang=term.language)
    if term.datatype.value == _XSD_STRING:  # a simple literal, as rdflib's own parser gives it
        return Literal(term.value)
    return Literal(term.value, datatype=URIRef(term.datatype.value))


def turtle_graph(data: str | bytes, into: Graph | None = None) -> Graph:
    """The triples of the Turtle ``data`` in a new rdflib Graph (or added to ``into``), its
    prefixes bound there as rdflib's parser binds them (raises SyntaxError on bad Turtle).
    One difference: Oxigraph writes language tags in lower case (``en-GB`` becomes ``en-gb``,
    the same tag), where rdflib keeps them as written; tradekg's files have none in upper case
    (tests/test_core_turtle.py compares each with what rdflib reads)."""
    parser = ox.parse(data.encode("utf-8") if isinstance(data, str) else data, ox.RdfFormat.TURTLE)
    blanks: dict[str, BNode] = {}
    g = Graph() if into is None else into
    g.addN((_term(q.subject, blanks), _term(q.predicate, blanks), _term(q.object, blanks), g) for q in parser)
    for prefix, namespace in (parser.prefixes or {}).items():
        g.bind(prefix, namespace, override=False)
    return g
