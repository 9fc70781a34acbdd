"""The Graph that graph_over puts over a built store: its prefixes, and when it needs oxrdflib."""

from __future__ import annotations

import subprocess
import sys
import textwrap

import pyoxigraph as ox
from oxrdflib import OxigraphStore
from rdflib import Graph, Literal, URIRef

from tradekg.graph.store.local import graph_over, union_store
from tradekg.graph.store.rows import string_rows

EX = "http://example.org/"


def _store() -> ox.Store:
    store = ox.Store()
    for n, graph in enumerate(("g1", "g2")):
        store.add(ox.Quad(ox.NamedNode(f"{EX}s{n}"), ox.NamedNode(f"{EX}p"), ox.Literal(f"v{n}"),
                          ox.NamedNode(f"{EX}{graph}")))
    return store


def test_the_library_s_own_queries_do_not_import_rdflib_s_query_machinery():
    """A build and most commands read through string_rows; the first oxrdflib import costs a
    process 0.1-0.25 s (it brings in rdflib's SPARQL parser)."""
    script = textwrap.dedent("""
        import sys
        import pyoxigraph as ox
        from tradekg.graph.store.local import graph_over, union_store
        from tradekg.graph.store.rows import string_rows
        store = ox.Store()
        store.add(ox.Quad(ox.NamedNode("http://e/s"), ox.NamedNode("http://e/p"), ox.Literal("v"),
                          ox.NamedNode("http://e/g")))
        graph = graph_over(store)
        assert union_store(graph) is store
        assert list(string_rows(graph, "SELECT ?o WHERE { ?s ?p ?o }")) == [("v",)]
        print(sorted(m for m in ("oxrdflib", "rdflib.plugins.sparql") if m in sys.modules))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_rdflib_s_own_calls_see_the_union_with_the_prefixes_bound_before():
    store = _store()
    graph = graph_over(store)
    graph.bind("ex", EX)
    assert list(string_rows(graph, "SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?o")) == [("v0",), ("v1",)]
    # rdflib asking for triples, a length or a query: oxrdflib's store takes over, over the same store
    assert len(graph) == 2
    assert sorted(str(o) for o in graph.objects(None, URIRef(f"{EX}p"))) == ["v0", "v1"]
    rows = list(graph.query("SELECT ?o WHERE { ex:s1 ex:p ?o }"))  # the prefix bound before it took over
    assert [str(row[0]) for row in rows] == ["v1"]
    assert isinstance(graph.store, OxigraphStore)
    assert union_store(graph) is store
    assert graph.store.namespace("ex") == URIRef(EX)


def test_binding_prefixes_behaves_as_oxrdflib_s_store():
    """The same sequence of binds (new, replaced, refused, a namespace moved to another
    prefix) leaves the same prefixes as in oxrdflib's store, whose attributes the carrier
    hands over when it becomes one."""
    steps = [("a", f"{EX}one/", True), ("b", f"{EX}two/", True), ("a", f"{EX}three/", True),
             ("c", f"{EX}two/", True), ("a", f"{EX}four/", False), ("d", f"{EX}three/", False),
             ("e", f"{EX}five/", False), ("c", f"{EX}two/", True)]
    carrier = graph_over(ox.Store()).store
    reference = OxigraphStore(store=ox.Store())
    start = dict(carrier.namespaces())
    for prefix, namespace, override in steps:
        reference.bind(prefix, URIRef(namespace), override=override)
    for prefix, namespace in start.items():  # (graph_over bound tradekg's prefixes first)
        reference.bind(prefix, namespace, override=True)
    ours = graph_over(ox.Store()).store
    for prefix, namespace, override in steps:
        ours.bind(prefix, URIRef(namespace), override=override)
    theirs = {p: n for p, n in reference.namespaces() if p in "abcde"}
    assert {p: n for p, n in ours.namespaces() if p in "abcde"} == theirs == {
        "a": URIRef(f"{EX}three/"), "c": URIRef(f"{EX}two/"), "e": URIRef(f"{EX}five/")}
    for prefix, namespace in theirs.items():
        assert ours.prefix(namespace) == prefix and ours.namespace(prefix) == namespace
    assert ours.prefix(URIRef(f"{EX}one/")) is None and ours.namespace("b") is None


def test_a_graph_parsed_into_the_store_through_rdflib_lands_there():
    store = ox.Store()
    graph = graph_over(store)
    graph.add((URIRef(f"{EX}s"), URIRef(f"{EX}p"), Literal("added")))
    assert len(store) == 1
    assert [q.object.value for q in store] == ["added"]
    copy = Graph()
    copy += graph
    assert len(copy) == 1
