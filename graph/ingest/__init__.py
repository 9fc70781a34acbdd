"""``tradekg ingest``: a first draft of an authoring file from an article's text, offline.
``textscan`` splits sentences and finds the ``catalogue``"s entities, ``quantities`` finds
amounts (money, percentages, counts, ranks, durations) and periods, ``times`` resolves time
expressions to ISO dates and intervals, ``proposals/`` proposes candidate claims (one module
per claim kind), ``article`` puts them together, ``links`` proposes links to the claims of a
built store, and ``draft`` writes what a reviewer reads.

May import: ``core``, ``sources`` (and ``store``, ``analysis`` to link to a built store).
"""

__all__ = ["article", "catalogue", "draft", "links", "proposals", "quantities", "textscan", "times"]
