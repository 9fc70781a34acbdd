"""The authoring format (``tradekg/1``, one YAML file per source) and its compiler.

``format`` parses a file and indexes what a corpus defines; ``compile`` compiles one file,
section by section: ``source`` (the document), ``agreements``, and ``claims/`` (what every
claim has in ``claims.claim``, each kind's own fields in a module of that kind), all through
the helpers of ``compiler``.
"""

__all__ = ["agreements", "claims", "compile", "compiler", "format", "source"]
