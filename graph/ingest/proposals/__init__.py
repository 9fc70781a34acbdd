"""Candidate claims from an article's sentences: ``rules`` runs every kind's rules on each
sentence (``demands``, ``concerns``, ``alternatives``, ``figures``, ``events``, ``statuses`` with the
stages an agreement reaches, ``measures``, ``stances``, ``commitments``),
reading it through ``reading`` and the cue phrases of ``cues``; ``merge`` merges and links them.
"""

__all__ = ["alternatives", "commitments", "concerns", "cues", "demands", "events", "figures", "measures", "merge",
           "reading", "rules", "stances", "statuses"]
