"""Reading what users write: the authoring format and its compiler (``authoring/``), YAML and
RDF files, quotes and their offsets, the packaged vocabulary (concept schemes, parties, HS
headings), and which files a corpus is made of.

May import: ``core``.
"""

__all__ = ["authoring", "discovery", "quotes", "rdffiles", "vocabulary", "yamlio"]
