"""``tradekg serve``: a read-only SPARQL 1.1 Protocol endpoint over a built store (``endpoint``:
answering a query in a killable worker, with limits; ``entity``: the pages about an entity,
made in those workers too; ``server``: the HTTP server and its page).

May import: ``core``, ``sources``, ``store``, ``analysis``, ``views``.
"""

__all__ = ["endpoint", "entity", "preload", "server"]
