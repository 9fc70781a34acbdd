"""Where the graph lives and how it is asked: opening a built (on-disk) store or a remote
SPARQL endpoint as an rdflib Graph, a build's store generations and lock, the named queries
and the one door through which SPARQL reaches the graph, where values go in a query's text
(``query_text``), fast string rows, pushing a store to a remote triple store; the answers a
build saves beside its store (``derived``).

May import: ``core``.
"""

__all__ = ["catalogue", "derived", "generations", "local", "push", "queries", "query_text", "remote", "rows"]
