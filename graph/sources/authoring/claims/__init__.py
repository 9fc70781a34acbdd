"""One module per claim kind, each compiling that kind's fields (``claim`` holds what every
claim has, and the registry of kinds).
"""

__all__ = ["alternative", "assessment", "claim", "commitment", "concern", "demand", "event", "figure", "links",
           "measure", "stance", "status", "time"]
