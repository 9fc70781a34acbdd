"""Questions answered over a store: the negotiation projection (what paths and views walk),
entities by name, shortest paths, blockers, trade-offs, claims and their evidence.

May import: ``core``, ``sources``, ``store``.
"""

__all__ = ["asking", "blockers", "claims", "entities", "evidence", "neighbourhood", "paths", "projection", "search",
           "tradeoffs"]
