"""Asking the named queries with entities named as people name them.

:func:`run_query` is the store's :func:`~tradekg.graph.store.queries.run_query` with one
addition: a parameter that takes an entity may be given by label, id or IRI, and is resolved
first (:func:`~tradekg.graph.analysis.entities.resolve_entity`), so that
``run_query(graph, "demands", by="India")`` works as ``tradekg query demands --param by=India``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.query import Result

from tradekg.graph.analysis.entities import resolve_entity
from tradekg.graph.core.errors import UsageError
from tradekg.graph.core.namespaces import expand_iri
from tradekg.graph.store import queries
from tradekg.graph.store.catalogue import NamedQuery

__all__ = ["bind_params", "run_query"]


def bind_params(graph: Graph, query: NamedQuery, params: Mapping[str, Any]) -> dict[str, URIRef | Literal | BNode]:
    """Bindings for ``query`` from ``params``: rdflib terms as they are; for a parameter the
    query declares a ``literal``, a string is a literal; otherwise a string is an IRI if it
    writes one, else the name (label, id) of an entity, resolved.

    Raises UsageError for a parameter the query does not declare (when it declares any), and
    UnknownEntity (exit 2, with close names) for a name that matches nothing or several things.
    """
    declared = {p.name: p for p in query.params}
    out: dict[str, URIRef | Literal | BNode] = {}
    for raw, value in params.items():
        name = raw.strip().lstrip("?$")
        if declared and name not in declared:
            raise UsageError(f"parameter {name!r}: query {query.name} takes {', '.join(declared)}")
        kind = declared[name].kind if name in declared else None
        if isinstance(value, str) and not isinstance(value, (URIRef, Literal)) and kind != "literal" \
                and expand_iri(value) is None:
            out[name] = URIRef(resolve_entity(graph, value).iri)
        else:
            out[name] = queries.as_term(value, name, kind)
    return out


def run_query(graph: Graph, query: NamedQuery | str, bindings: Mapping[str, Any] | None = None,
              **params: Any) -> Result:
    """Run a named query (by name or :class:`NamedQuery`) or SPARQL text, binding entity
    parameters given by label, id or IRI (see :func:`bind_params`).

    ``bindings`` and keyword ``params`` are merged (``run_query(g, "demands", by="India")``).
    """
    named = queries.as_query(query)
    return queries.run_query(graph, named, bind_params(graph, named, {**(bindings or {}), **params}))
