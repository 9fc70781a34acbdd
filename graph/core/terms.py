"""rdflib's closed namespaces (RDF, RDFS, XSD, DCTERMS, PROV, SKOS) for code that asks for
their terms per triple, each term looked up once.

``RDF.type`` on rdflib's own class goes through its metaclass's ``__getattr__`` and a cached
``__getitem__`` every time (2-3% of compiling a corpus); here the first lookup is rdflib's,
which still refuses a term the namespace does not define, and the term is then kept.
"""

from __future__ import annotations

from typing import Any

from rdflib import URIRef
from rdflib import namespace as _rdflib

__all__ = ["DCTERMS", "PROV", "RDF", "RDFS", "SKOS", "XSD"]


class _Terms:
    def __init__(self, closed: Any) -> None:
        self._closed = closed

    def __getattr__(self, name: str) -> URIRef:
        if name.startswith("__"):
            raise AttributeError(name)
        term: URIRef = getattr(self._closed, name)
        setattr(self, name, term)
        return term

    def __repr__(self) -> str:
        return f"terms of {self._closed!r}"


DCTERMS = _Terms(_rdflib.DCTERMS)
PROV = _Terms(_rdflib.PROV)
RDF = _Terms(_rdflib.RDF)
RDFS = _Terms(_rdflib.RDFS)
SKOS = _Terms(_rdflib.SKOS)
XSD = _Terms(_rdflib.XSD)
