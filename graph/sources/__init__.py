"""Reading what users write: the authoring format and its compiler (``authoring/``), YAML and
RDF files, quotes and their offsets, dates as sources give them (``dates``), the packaged
vocabulary (concept schemes, parties, HS headings) and what to say of a name it lacks
(``suggestions``), and which files a corpus is made of.

May import: ``core``.
"""

__all__ = ["authoring", "dates", "discovery", "quotes", "rdffiles", "suggestions", "vocabulary", "yamlio"]
