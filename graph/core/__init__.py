"""What every stage may use: tradekg's errors, the vocabulary's namespaces and prefixes,
name folding and close matches, bounded reading of files, atomic writing, the fingerprint
of tradekg's own code, tradekg's own Turtle read fast (``turtle``), the cyclic garbage collector kept
off long-lived objects (``collector``), rdflib's closed namespaces with their terms kept (``terms``),
a child process that dies with its parent (``lifetime``).

May import: nothing of tradekg but itself (and ``tradekg.ontology`` for data).
"""

__all__ = ["atomic", "collector", "errors", "files", "fingerprint", "lifetime", "names", "namespaces", "terms",
           "turtle"]
