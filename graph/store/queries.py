"""Named SPARQL queries: the one door through which SPARQL reaches the graph.

A named query is an ``.rq`` file in ``tradekg.ontology.queries`` whose first line is the
competency question it answers (``# Which ...?``) and whose ``# param:`` lines declare the
values a user may bind. Values go in as bindings (``initBindings`` / Oxigraph
substitutions), never by string formatting. Every query, named or typed by a user, is
parsed first: syntax errors come back with line and column, and forms that would reach
outside the graph (SERVICE, FROM, FROM NAMED) or change it (updates) are refused.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable, Iterator, Mapping
from decimal import Decimal
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef, Variable
from rdflib.query import Result

from tradekg.graph.core.errors import QueryError, UsageError
from tradekg.graph.core.namespaces import expand_iri, sparql_prologue
from tradekg.graph.store.catalogue import NamedQuery, get_query, query_from_text

__all__ = [
    "BATCH",
    "REMOTE_VALUES_CHARS",
    "as_query",
    "as_term",
    "prologue",
    "result_json",
    "run_query",
    "run_with_values",
    "safe_iri",
    "term_json",
    "value_batches",
    "with_values",
]

# ---------------------------------------------------------------- running


def _is_oxigraph(graph: Graph) -> bool:
    return type(graph.store).__name__ in ("OxigraphStore", "UnionStore", "_UnionCarrier")


def _is_remote(graph: Graph) -> bool:
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    return isinstance(graph.store, SPARQLStore)  # rdflib's, or tradekg's RemoteStore


_QUERY_NAME = re.compile(r"^[A-Za-z0-9][\w.-]*$")


def as_query(query: NamedQuery | str) -> NamedQuery:
    """``query`` itself, the named query a name names (``"demands"``), or SPARQL text."""
    if isinstance(query, NamedQuery):
        return query
    if _QUERY_NAME.match(query.strip()):
        return get_query(query.strip())
    return query_from_text(query)


def as_term(value: Any, name: str = "value", kind: str | None = None) -> URIRef | Literal | BNode:
    """A binding as an rdflib term: terms as they are; for a ``literal`` parameter a string is a
    literal; otherwise a string that writes an IRI (``<…>``, ``https://…``, ``party:IN``) is that
    IRI. Numbers, booleans and dates are typed literals.

    A string naming an entity by its label is not an IRI: :func:`tradekg.graph.run_query`
    resolves such names first.
    """
    if isinstance(value, (URIRef, Literal, BNode)):
        return value
    if isinstance(value, str):
        if kind == "literal":
            return Literal(value)
        iri = expand_iri(value)
        if iri is not None:
            return URIRef(iri)
        if kind == "entity":
            raise UsageError(f"?{name}: {value!r} is not an IRI (<…>, https://… or a prefixed name such as "
                             "party:IN); tradekg.graph.run_query also takes labels and ids")
        return Literal(value)
    if isinstance(value, (bool, int, float, Decimal, dt.date)):
        return Literal(value)
    raise UsageError(f"?{name}: cannot bind a {type(value).__name__}; give a string or an rdflib term")


def run_query(graph: Graph, query: NamedQuery | str, bindings: Mapping[str, Any] | None = None) -> Result:
    """Run a query against ``graph`` with ``bindings`` for its variables.

    ``query``: a :class:`NamedQuery`, a named query's name (``"demands"``) or SPARQL text.
    ``bindings``: rdflib terms, or plain values (see :func:`as_term`: strings that write IRIs,
    numbers, dates). Oxigraph and remote stores receive the query text plus bindings (a VALUES
    block, or rdflib's SPARQLStore's); rdflib's own stores get the prepared query. The query is
    checked first (see :func:`~tradekg.graph.store.catalogue.check_query`).
    """
    q = as_query(query)
    parsed = q.checked
    kinds = {p.name: p.kind for p in q.params}
    init: dict[str, Any] = {Variable(k): as_term(v, k, kinds.get(k)) for k, v in (bindings or {}).items()}
    if _is_oxigraph(graph) or _is_remote(graph):
        if init:
            projected = _projected_variables(parsed)
            for var in init:
                # A declared parameter is the query author's word that it is used in the top
                # level of the WHERE clause, where the VALUES block goes (in a FILTER, say).
                if projected is not None and var not in projected and str(var) not in kinds:
                    raise QueryError(f"cannot bind ?{var}: the query does not select it")
        text = q.effective_text
        if init and _is_oxigraph(graph):
            inline = _with_values(text, init)
            if inline is not None:
                # Oxigraph applies substitutions after planning the query, so a bound name
                # does not narrow the scan (2.4 s for an exact-name lookup at 1M triples); the
                # same values as a VALUES block at the start of the WHERE clause are an index
                # lookup (3 ms), and answer the same (remote endpoints get them this way too).
                text, init = inline, {}
        try:
            return graph.query(text, initBindings=init)
        except SyntaxError as exc:  # Oxigraph's parser disagrees with rdflib's
            raise QueryError(f"SPARQL syntax error: {exc}") from None
        except (OSError, RuntimeError, ValueError) as exc:
            raise QueryError(f"query failed: {exc}") from None
    return graph.query(q.prepared, initBindings=init)


_UNSAFE_IRI = re.compile(r'[\s<>"{}|\\^`]')


def safe_iri(iri: str) -> bool:
    """True when ``iri`` can be written between ``<`` and ``>`` in a query as it is (no
    character in it could end the IRI or the query's syntax around it)."""
    return not _UNSAFE_IRI.search(iri)


def _with_values(text: str, bindings: Mapping[Any, Any]) -> str | None:
    """``text`` with ``bindings`` as a VALUES block at the start of its WHERE clause, as remote
    endpoints get them; None when a value cannot be written in a query (a blank node, an IRI
    with characters that would end it)."""
    from tradekg.graph.store.query_text import bind_values

    terms = {}
    for var, value in bindings.items():
        if isinstance(value, URIRef) and safe_iri(value):
            terms[str(var)] = f"<{value}>"
        elif isinstance(value, Literal):
            terms[str(var)] = value.n3()
        else:
            return None
    return bind_values(text, terms)


# A remote endpoint gets each query by GET, with rdflib's SPARQLStore prepending every bound
# prefix (about 3.3 KB); servers cap the request line and headers at about 8 KB (Oxigraph
# answers 400 beyond it, Jetty-based Fuseki too). So a remote VALUES block carries IRIs up to
# this many characters, where a local store takes `size` IRIs at once.
BATCH = 400  # IRIs per VALUES block on a local store (a remote one gets fewer: value_batches)
REMOTE_VALUES_CHARS = 2_000


def value_batches(graph: Graph, iris: Iterable[str], size: int = BATCH) -> Iterator[list[str]]:
    """``iris`` in batches that one VALUES block of :func:`run_with_values` can carry on ``graph``."""
    budget = REMOTE_VALUES_CHARS if _is_remote(graph) else None
    batch: list[str] = []
    used = 0
    for iri in iris:
        cost = len(iri) + 3
        if batch and (len(batch) >= size or (budget is not None and used + cost > budget)):
            yield batch
            batch, used = [], 0
        batch.append(iri)
        used += cost
    if batch:
        yield batch


def with_values(template: str, variable: str, iris: Iterable[str]) -> str:
    """``template`` with ``iris`` in its ``VALUES ?variable {}`` block (see :func:`run_with_values`)."""
    cleaned = []
    for iri in iris:
        if not safe_iri(iri):
            raise QueryError(f"refusing to place IRI {iri!r} in a query")
        cleaned.append(f"<{iri}>")
    marker = f"VALUES ?{variable} {{}}"
    if template.count(marker) != 1:
        raise ValueError(f"template must contain {marker!r} exactly once")
    return template.replace(marker, f"VALUES ?{variable} {{ {' '.join(cleaned)} }}")


def run_with_values(graph: Graph, template: str, variable: str, iris: Iterable[str]) -> Result:
    """Run a library-written query whose ``VALUES ?variable {}`` block gets ``iris``.

    This is how the library asks about many nodes in one round trip (path expansion,
    node descriptions). The values are IRIs taken from the graph itself, each checked to
    hold no character that could end the IRI; ``template`` is library text containing the
    marker ``VALUES ?variable {}`` once.
    """
    text = with_values(template, variable, iris)
    if not _is_remote(graph):
        return graph.query(text)
    try:
        return graph.query(text)
    except (OSError, ValueError) as exc:  # rdflib's SPARQLStore reports any HTTP failure as ValueError
        raise QueryError(f"the SPARQL endpoint failed to answer: {exc}") from None


def _projected_variables(parsed: Any) -> set[Variable] | None:
    """The variables a SELECT projects, or None for SELECT * and other query forms."""
    query = parsed[1]
    if getattr(query, "name", "") != "SelectQuery":
        return None
    projection = query.get("projection")
    if not projection:
        return None
    out = set()
    for item in projection:
        var = item.get("var") or item.get("evar")
        if var is not None:
            out.add(Variable(var))
    return out


# ---------------------------------------------------------------- results


def _term_json(term: Any) -> dict[str, str]:
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if term.language:
        out["xml:lang"] = term.language
    elif term.datatype and str(term.datatype) != "http://www.w3.org/2001/XMLSchema#string":
        out["datatype"] = str(term.datatype)
    return out


term_json = _term_json  # one term in the SPARQL 1.1 Query Results JSON Format


def result_json(result: Result) -> dict[str, Any]:
    """A SELECT or ASK result in the SPARQL 1.1 Query Results JSON Format."""
    if result.type == "ASK":
        return {"head": {}, "boolean": bool(result.askAnswer)}
    names = [str(v) for v in result.vars or []]
    bindings = []
    for row in result:
        binding = {}
        for name in names:
            value = row[name]  # type: ignore[index,call-overload]
            if value is not None:
                binding[name] = _term_json(value)
        bindings.append(binding)
    return {"head": {"vars": names}, "results": {"bindings": bindings}}


def prologue() -> str:
    """PREFIX lines for the tradekg vocabulary, handy for ``--sparql`` one-liners."""
    return sparql_prologue()
