"""``tradekg serve``: a read-only SPARQL 1.1 Protocol endpoint over a built store (``endpoint``:
answering a query in a killable worker, with limits; ``server``: the HTTP server and its page).

May import: ``core``, ``sources``, ``store``, ``analysis``, ``views``.
"""

__all__ = ["endpoint", "server"]
