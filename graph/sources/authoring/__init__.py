"""The authoring format (``tradekg/1``, one YAML file per source) and its compiler.

``format`` parses a file and indexes what a corpus defines; ``compile`` compiles one file,
section by section: ``source`` (the document and the reports a brief restates), ``agreements``,
``definitions`` (the ``vocabulary:`` and ``measures:`` sections), and ``claims/`` (what every
claim has in ``claims.claim``, its two times in ``claims.time``, its links to earlier claims in
``claims.links``, each kind's own fields in a module of that kind), all through the helpers of
``compiler``, ``values`` (durations, rates, amounts) and ``people``.
"""

__all__ = ["agreements", "claims", "compile", "compiler", "definitions", "format", "people", "source", "values"]
