"""Where the graph lives: an on-disk Oxigraph store built by ``tradekg build``, or a remote
SPARQL endpoint; both are opened as an rdflib Graph, so the rest of the library does not care.

A built output folder holds ``store`` — a symbolic link to the current generation under
``.stores/`` — so that a new build is published by replacing one link atomically: readers
see the old store or the new one, never half of one.
"""

from __future__ import annotations

import functools
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import Graph, URIRef
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.store import Store

from tradekg.graph.core.errors import DataError, UsageError
from tradekg.graph.core.namespaces import PREFIXES
from tradekg.graph.store.derived import remember_generation
from tradekg.graph.store.generations import GENERATIONS

__all__ = ["copy_to_memory", "graph_over", "is_endpoint", "noting_generation", "open_graph", "open_local_store",
           "triple_count", "union_store"]


def is_endpoint(location: str | os.PathLike[str]) -> bool:
    """True when ``location`` is an http(s) URL of a SPARQL endpoint rather than a folder."""
    return str(location).startswith(("http://", "https://"))


def _bind_prefixes(graph: Graph) -> Graph:
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, override=True)
    return graph


@functools.cache
def _union_store_class() -> type:
    from oxrdflib import OxigraphStore

    class UnionStore(OxigraphStore, _UnionCarrier):
        """oxrdflib's store, with the union of the named graphs as its default graph."""

        def triples(self, triple_pattern, context=None):
            if context is not None and context.identifier == DATASET_DEFAULT_GRAPH_ID:
                context = None
            return super().triples(triple_pattern, context)

        def __len__(self, context=None) -> int:
            return len(self._inner)  # each triple is in one graph: quads are triples

        def query(self, query, initNs, initBindings, queryGraph, **kwargs):
            if str(queryGraph) == str(DATASET_DEFAULT_GRAPH_ID):
                queryGraph = "__UNION__"
            return super().query(query, initNs, initBindings, queryGraph, **kwargs)

    return UnionStore


class _UnionCarrier(Store):
    """What :func:`graph_over` puts under its Graph until rdflib itself is asked for triples or
    a query: the Oxigraph store and the bound prefixes, nothing else. The library's own
    queries go to Oxigraph directly (:mod:`~tradekg.graph.store.rows`), so most commands and
    builds never need oxrdflib, whose import brings in rdflib's SPARQL parser (0.1-0.25 s per
    process). The first other call turns the carrier into oxrdflib's store (the class of
    :func:`_union_store_class`, over the same Oxigraph store and prefixes, kept in the
    attributes oxrdflib's store keeps them in: tests/test_store_local.py holds it to that)."""

    context_aware = True
    formula_aware = False
    transaction_aware = False
    graph_aware = True

    def __init__(self, store: ox.Store) -> None:
        self._store: ox.Store | None = store
        self._prefix_for_namespace: dict[URIRef, str] = {}
        self._namespace_for_prefix: dict[str, URIRef] = {}
        super().__init__()

    @property
    def _inner(self) -> ox.Store:
        assert self._store is not None
        return self._store

    def bind(self, prefix: str, namespace: URIRef, override: bool = True) -> None:
        taken = self._namespace_for_prefix.get(prefix), self._prefix_for_namespace.get(namespace)
        if not override and taken != (None, None):
            return
        # One prefix per namespace and one namespace per prefix: what either held before goes.
        old_namespace, old_prefix = taken
        if old_namespace is not None:
            del self._prefix_for_namespace[old_namespace]
        if old_prefix is not None:
            del self._namespace_for_prefix[old_prefix]
        self._namespace_for_prefix[prefix] = namespace
        self._prefix_for_namespace[namespace] = prefix

    def prefix(self, namespace: URIRef) -> str | None:
        return self._prefix_for_namespace.get(namespace)

    def namespace(self, prefix: str) -> URIRef | None:
        return self._namespace_for_prefix.get(prefix)

    def namespaces(self) -> Iterator[tuple[str, URIRef]]:
        yield from self._namespace_for_prefix.items()


def _becoming_oxrdflib(name: str) -> Callable[..., Any]:
    def method(self: _UnionCarrier, *args: Any, **kwargs: Any) -> Any:
        if type(self) is _UnionCarrier:
            self.__class__ = _union_store_class()
            return getattr(self, name)(*args, **kwargs)
        return getattr(Store, name)(self, *args, **kwargs)  # (oxrdflib's store calling rdflib's, by super())

    method.__name__ = name
    return method


for _name in ("open", "close", "destroy", "gc", "add", "addN", "remove", "triples", "triples_choices", "__len__",
              "contexts", "query", "update", "commit", "rollback", "add_graph", "remove_graph"):
    setattr(_UnionCarrier, _name, _becoming_oxrdflib(_name))


def graph_over(store: ox.Store) -> Graph:
    """An rdflib Graph over the union of ``store``'s graphs (queries run in Oxigraph).

    A build keeps each source in its own named graph (the vocabulary and what several sources
    share in two more), each triple in one graph only: their union is the whole corpus.
    """
    return _bind_prefixes(Graph(store=_UnionCarrier(store), identifier=DATASET_DEFAULT_GRAPH_ID))


def union_store(graph: Graph) -> ox.Store | None:
    """The Oxigraph store under a graph :func:`graph_over` made (queries over it see the union
    of its graphs, as the graph's do), or None for any other graph."""
    if isinstance(graph.store, _UnionCarrier) and graph.identifier == DATASET_DEFAULT_GRAPH_ID:
        inner = getattr(graph.store, "_inner", None)
        return inner if isinstance(inner, ox.Store) else None
    return None


def open_local_store(path: str | os.PathLike[str]) -> ox.Store:
    """Open a built store folder read-only (several processes may read it at once)."""
    p = Path(path)
    if not p.exists():
        raise UsageError(f"{p}: no store here; run `tradekg build` first")
    if not p.is_dir():
        raise UsageError(f"{p}: is not a store folder")
    try:
        return ox.Store.read_only(str(p.resolve()))
    except OSError as exc:
        raise DataError(f"{p}: cannot open the store: {exc}") from None


def open_graph(location: str | os.PathLike[str], timeout: float | None = None,
               in_memory: bool = False) -> Graph:
    """Open a built store folder or a remote SPARQL query endpoint URL as an rdflib Graph.

    ``timeout`` (seconds) bounds each request to a remote endpoint (default 60 s).
    ``in_memory``: copy a local store into memory first (:func:`copy_to_memory`), for a
    process that will ask many questions: opening costs seconds at a million triples, each
    query then runs several times faster.
    """
    if is_endpoint(location):
        if in_memory:
            raise UsageError(f"{location}: a SPARQL endpoint cannot be copied into memory")
        from tradekg.graph.store.remote import DEFAULT_TIMEOUT, RemoteStore

        return _bind_prefixes(Graph(store=RemoteStore(str(location), timeout or DEFAULT_TIMEOUT)))
    store = open_local_store(location)
    return noting_generation(graph_over(copy_to_memory(store) if in_memory else store), location)


def noting_generation(graph: Graph, location: str | os.PathLike[str]) -> Graph:
    """``graph`` (over the store folder ``location``), noting the build generation it is when it
    is one: the answers its build saved beside it hold for it (:mod:`tradekg.graph.store.derived`)."""
    generation = Path(location).resolve()
    if generation.parent.name == GENERATIONS:
        remember_generation(graph, generation)
    return graph


def copy_to_memory(store: ox.Store) -> ox.Store:
    """An in-memory Oxigraph store holding every quad of ``store``, blank nodes as they are.

    On the disk store each query reads RocksDB, and ORDER BY reads every compared string back
    from it; in memory the named queries run 2–6x faster at a million triples (copying takes
    about 7 s and 0.5 GB there).
    """
    memory = ox.Store()
    memory.bulk_extend(store.quads_for_pattern(None, None, None, None))
    return memory


def triple_count(graph: Graph) -> int:
    """Number of triples; cheap for Oxigraph stores (no COUNT query)."""
    inner = getattr(graph.store, "_inner", None)
    if isinstance(inner, ox.Store):
        return len(inner)
    return len(graph)


