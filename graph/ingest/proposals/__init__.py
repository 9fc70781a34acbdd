"""Candidate claims from an article's sentences: ``rules`` runs every kind's rules on each
sentence (``demands``, ``concerns``, ``alternatives``, ``figures``, ``events``, ``statuses``),
reading it through ``reading`` and the cue phrases of ``cues``; ``merge`` merges and links them.
"""

__all__ = ["alternatives", "concerns", "cues", "demands", "events", "figures", "merge", "reading", "rules", "statuses"]
