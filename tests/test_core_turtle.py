"""tradekg's own Turtle read by Oxigraph into rdflib (core.turtle) is what rdflib's parser reads."""

from __future__ import annotations

from rdflib import Graph
from rdflib.compare import to_isomorphic

from tradekg.graph.build.shacl import shapes_file
from tradekg.graph.core.turtle import turtle_graph
from tradekg.graph.sources.vocabulary import vocabulary_graph
from tradekg.ontology import parties_file, vocabulary_files


def test_each_packaged_turtle_file_reads_as_rdflib_reads_it() -> None:
    for path in (*vocabulary_files(), shapes_file(), parties_file()):
        ours = turtle_graph(path.read_bytes())
        theirs = Graph().parse(data=path.read_text(encoding="utf-8"), format="turtle")
        assert len(ours) == len(theirs) > 100, path.name
        assert to_isomorphic(ours) == to_isomorphic(theirs), path.name
        assert sorted(ours.namespaces()) == sorted(theirs.namespaces()), path.name


def test_the_vocabulary_graph_is_its_files_as_rdflib_reads_them() -> None:
    theirs = Graph()
    for path in vocabulary_files():
        theirs.parse(data=path.read_text(encoding="utf-8"), format="turtle")
    ours = vocabulary_graph()
    assert to_isomorphic(ours) == to_isomorphic(theirs)
    assert sorted(ours.namespaces()) == sorted(theirs.namespaces())


def test_literals_keep_their_language_and_datatype() -> None:
    g = turtle_graph('@prefix x: <http://x/> . x:a x:b "plain", "tagged"@en-gb, "7"^^<http://www.w3.org/2001/'
                     'XMLSchema#integer>, [ x:c "in a blank node" ] .')
    theirs = Graph().parse(data='@prefix x: <http://x/> . x:a x:b "plain", "tagged"@en-gb, "7"^^<http://www.w3.org/'
                                '2001/XMLSchema#integer>, [ x:c "in a blank node" ] .', format="turtle")
    assert to_isomorphic(g) == to_isomorphic(theirs) and len(g) == 5
