"""tradekg.graph: the library — pure functions over an rdflib graph or store.

Modules (import the one you need; nothing heavy is imported here):

- ``tradekg.graph.build``      compile, validate and persist a corpus (``build``, ``validate_sources``)
- ``tradekg.graph.store``      open a built store or a remote SPARQL endpoint as an rdflib Graph
- ``tradekg.graph.queries``    named SPARQL queries (``list_queries``, ``run_query``)
- ``tradekg.graph.entities``   find and resolve entities by label, id or IRI
- ``tradekg.graph.authoring``  the YAML authoring format and its compiler
"""
