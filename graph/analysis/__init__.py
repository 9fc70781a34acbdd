"""Questions answered over a store: the negotiation projection (what paths and views walk),
entities by name, shortest paths, blockers, trade-offs, claims and their evidence; and over
time (``dated``: the two times of every claim): ``timeline``, ``measures`` in force on a day,
a demand's status (``positions``), ``diff`` between days or sources; where sources
disagree (``conflicts``, paired by ``pairing``, classified by ``comparing``); the claims index a build saves for
the answers over time (``claims_index``).

May import: ``core``, ``sources``, ``store``.
"""

__all__ = ["asking", "blockers", "claims", "claims_index", "comparing", "conflicts", "dated", "diff", "entities",
           "evidence", "measures", "neighbourhood", "pairing", "paths", "positions", "projection", "running", "search",
           "timeline", "tradeoffs"]
